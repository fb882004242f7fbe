"""The prefecture map: a self-contained SVG whose colours and printed figures follow the rates."""

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from analytics import charts, reference

NS = {"svg": "http://www.w3.org/2000/svg"}


def _brightness(colour: str) -> int:
    red, green, blue = (int(c) for c in colour.removeprefix("rgb(").removesuffix(")").split(","))
    return red + green + blue


@pytest.mark.parametrize("province", ["yunnan", "jilin"])
def test_every_prefecture_is_drawn_darker_the_higher_its_rate(province):
    boundaries = reference.prefecture_boundaries(province)
    codes = [f["properties"]["adcode"] for f in boundaries["features"]]
    rates = pd.DataFrame({"prefecture": codes, "injury_rate": [1.0 + i for i in range(len(codes))]})
    svg = ET.fromstring(charts.prefecture_map(rates, boundaries, {}, "各州（市）工伤发生率（‰）· 2025"))

    areas = svg.findall("svg:path", NS)
    assert len(areas) == len(codes)
    brightness = [_brightness(a.get("fill")) for a in areas]
    assert brightness == sorted(brightness, reverse=True)
    printed = [span.text for span in svg.iterfind(".//svg:tspan", NS)]
    assert printed == [f"{1.0 + i:.2f}" for i in range(len(codes))]
    assert "各州（市）工伤发生率（‰）· 2025" in [e.text for e in svg.findall("svg:text", NS)]


def test_a_prefecture_without_a_rate_is_grey_and_the_legend_says_why():
    boundaries = reference.prefecture_boundaries("yunnan")
    codes = [f["properties"]["adcode"] for f in boundaries["features"]]
    rates = pd.DataFrame({"prefecture": codes[1:], "injury_rate": [2.0] * (len(codes) - 1)})
    names = {codes[0]: "昆明市"}
    svg = ET.fromstring(charts.prefecture_map(rates, boundaries, names, "map", lang="en"))

    first = svg.find("svg:path", NS)
    assert first.get("fill") == charts.NO_DATA
    assert first.find("svg:title", NS).text == "昆明市"
    assert "No data" in [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    labels = [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "昆明" in labels and "Injury rate (per 1000)" in labels


def test_premium_tiers_are_green_below_grey_at_and_red_above_one_hundred():
    tiers = [50, 80, 100, 120, 150]
    colours = {tier: charts.tier_colour(tier, tiers) for tier in tiers}
    assert colours.pop(100) == "#9AA5B1"
    rgb = {tier: [int(c) for c in colour.removeprefix("rgb(").removesuffix(")").split(",")]
           for tier, colour in colours.items()}
    assert all(rgb[tier][1] > rgb[tier][0] for tier in (50, 80))        # discounts green
    assert all(rgb[tier][0] > rgb[tier][1] for tier in (120, 150))      # surcharges red
    assert _brightness(colours[50]) < _brightness(colours[80])           # the bigger the discount, the darker
    assert _brightness(colours[150]) < _brightness(colours[120])


def test_rate_panels_draw_one_panel_per_industry_in_order_with_the_year_to_date_starred():
    frame = pd.DataFrame([{"division": d, "year": y, "ytd": y == 2026, "injury_rate": r, "injury_rate_low": r - 1,
                           "injury_rate_high": r + 1, "injury_rate_small": False}
                          for d, r in (("06", 9.0), ("47", 7.0), ("48", 5.0)) for y in (2024, 2025, 2026)])
    fig = charts.rate_panels(frame, "division", ["47", "06"], {"47": "房屋建筑业", "06": "煤炭开采和洗选业"}, "趋势")
    assert [a.text for a in fig.layout.annotations] == ["房屋建筑业", "煤炭开采和洗选业"]
    lines = [trace for trace in fig.data if trace.mode == "lines+markers"]
    assert [list(trace.y) for trace in lines] == [[7.0] * 3, [9.0] * 3]
    assert list(lines[0].x) == ["2024", "2025", "2026*"]
    bands = [trace for trace in fig.data if trace.fill == "toself"]
    assert list(bands[0].y) == [8.0, 8.0, 8.0, 6.0, 6.0, 6.0]          # the 95 % interval, there and back
