"""Pictures: the SVG map, bars, lines, panels and tiers show the figures they are given, in order,
to scale, with the year to date apart."""

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from analytics.data import reference
from analytics.display import meeting, pictures

NS = {"svg": "http://www.w3.org/2000/svg"}


def _brightness(colour: str) -> int:
    red, green, blue = (int(c) for c in colour.removeprefix("rgb(").removesuffix(")").split(","))
    return red + green + blue


@pytest.mark.parametrize("province", ["yunnan", "jilin"])
def test_every_prefecture_is_drawn_darker_the_higher_its_rate(province):
    boundaries = reference.prefecture_boundaries(province)
    codes = [f["properties"]["adcode"] for f in boundaries["features"]]
    rates = pd.DataFrame({"prefecture": codes, "injury_rate": [1.0 + i for i in range(len(codes))]})
    svg = ET.fromstring(pictures.region_map(rates, boundaries, {}, "各州（市）工伤发生率（‰）· 2025"))

    areas = svg.findall("svg:path", NS)
    assert len(areas) == len(codes)
    brightness = [_brightness(a.get("fill")) for a in areas]
    assert brightness == sorted(brightness, reverse=True)
    printed = [span.text for span in svg.iterfind(".//svg:tspan", NS)]
    assert printed == [f"{1.0 + i:.2f}" for i in range(len(codes))]
    assert "各州（市）工伤发生率（‰）· 2025" in [e.text for e in svg.findall("svg:text", NS)]


@pytest.mark.parametrize("province", ["yunnan", "jilin"])
def test_every_county_of_every_prefecture_has_its_shape_for_the_drill_down(province):
    regions = reference.regions(province)
    counties = regions[regions.level == "county"]
    for prefecture, own in counties.groupby("prefecture_code"):
        drawn = reference.county_boundaries(province, prefecture)["features"]
        assert sorted(f["properties"]["adcode"] for f in drawn) == sorted(own.region_code)
        assert all(f["properties"]["name"] for f in drawn)


def test_a_chosen_prefecture_is_drawn_as_its_counties_labelled_where_they_fit():
    boundaries = reference.county_boundaries("yunnan", "530100")
    codes = [f["properties"]["adcode"] for f in boundaries["features"]]
    rates = pd.DataFrame({"county": codes, "injury_rate": [1.0 + i for i in range(len(codes))]})
    names = {f["properties"]["adcode"]: f["properties"]["name"] for f in boundaries["features"]}
    svg = ET.fromstring(pictures.region_map(rates, boundaries, names, "昆明市各县（市、区）", key="county"))

    areas = svg.findall("svg:path", NS)
    assert len(areas) == len(codes) == 14
    assert [a.find("svg:title", NS).text.split()[0] for a in areas] == [names[c] for c in codes]
    labels = [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "石林" in labels and "禄劝" in labels          # 自治县 shortened on the map
    assert "五华区" in labels


def test_a_prefecture_without_a_rate_is_grey_and_the_legend_says_why():
    boundaries = reference.prefecture_boundaries("yunnan")
    codes = [f["properties"]["adcode"] for f in boundaries["features"]]
    rates = pd.DataFrame({"prefecture": codes[1:], "injury_rate": [2.0] * (len(codes) - 1)})
    names = {codes[0]: "昆明市"}
    svg = ET.fromstring(pictures.region_map(rates, boundaries, names, "map", lang="en"))

    first = svg.find("svg:path", NS)
    assert first.get("fill") == pictures.NO_DATA
    assert first.find("svg:title", NS).text == "昆明市"
    assert "No data" in [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    labels = [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "昆明" in labels and "Injury rate (per 1000)" in labels


def test_premium_tiers_are_green_below_grey_at_and_red_above_one_hundred():
    tiers = [50, 80, 100, 120, 150]
    colours = {tier: pictures.tier_colour(tier, tiers) for tier in tiers}
    assert colours.pop(100) == "#9AA5B1"
    rgb = {tier: [int(c) for c in colour.removeprefix("rgb(").removesuffix(")").split(",")]
           for tier, colour in colours.items()}
    assert all(rgb[tier][1] > rgb[tier][0] for tier in (50, 80))        # discounts green
    assert all(rgb[tier][0] > rgb[tier][1] for tier in (120, 150))      # surcharges red
    assert _brightness(colours[50]) < _brightness(colours[80])           # the bigger the discount, the darker
    assert _brightness(colours[150]) < _brightness(colours[120])


def test_rate_panels_draw_one_panel_per_industry_in_order_with_the_year_to_date_starred():
    frame = pd.DataFrame([{"division": d, "year": y, "ytd": y == 2026, "injury_rate": r, "injury_rate_low": r - 1,
                           "injury_rate_high": r + 1, "injury_rate_small": d == "47" and y == 2024}
                          for d, r in (("06", 9.0), ("47", 7.0), ("48", 5.0)) for y in (2024, 2025, 2026)])
    svg = ET.fromstring(pictures.rate_panels(frame, "division", ["47", "06"],
                                             {"47": "房屋建筑业", "06": "煤炭开采和洗选业"}, "趋势"))
    texts = [e.text for e in svg.findall("svg:text", NS)]
    assert [x for x in texts if x.endswith("业")] == ["房屋建筑业", "煤炭开采和洗选业"]   # in the order asked, 48 left out
    assert texts.count("2026*") == 2 and "2024" in texts                           # the year to date starred
    solid = [line for line in svg.findall("svg:polyline", NS) if not line.get("stroke-dasharray")]
    dotted = [line for line in svg.findall("svg:polyline", NS) if line.get("stroke-dasharray")]
    assert len(solid) == len(dotted) == 2                                          # 2024-2025, then 2025-2026 apart
    assert dotted[0].get("points").split()[0] == solid[0].get("points").split()[-1]
    band = [tuple(map(float, p.split(","))) for p in svg.find("svg:polygon", NS).get("points").split()]
    points = [svg_point(c) for c in svg.findall("svg:circle", NS)[:3]]
    assert [y for _, y in band[:3]] < [y for _, y in points] < [y for _, y in band[3:][::-1]]   # the rate inside its band
    tips = [c.find("svg:title", NS).text for c in svg.findall("svg:circle", NS)]
    assert tips[0] == "房屋建筑业 2024: 7.00（95%: 6.00–8.00）" and "2026（年初至今）" in tips[2]
    assert svg.findall("svg:circle", NS)[0].get("fill") == "white"                 # few events: hollow


def svg_point(circle: ET.Element) -> tuple[float, float]:
    return float(circle.get("cx")), float(circle.get("cy"))


def test_rate_lines_draw_a_line_a_group_with_intervals_and_the_year_to_date_apart():
    frame = pd.DataFrame([{"key_group": g, "year": y, "ytd": y == 2026, "injury_rate": r + d, "injury_rate_low": r + d - 1,
                           "injury_rate_high": r + d + 1, "injury_rate_small": False}
                          for g, d in (("mining", 4.0), ("other", 0.0)) for y, r in ((2024, 5.0), (2025, 4.5), (2026, 3.0))])
    svg = ET.fromstring(pictures.rate_lines(frame, "key_group", {"mining": "矿山", "other": "其他行业"}, "zh", "趋势"))
    texts = [e.text for e in svg.findall("svg:text", NS)]
    assert {"矿山", "其他行业", "2024", "2026（年初至今）", "年度", "工伤发生率（‰）"} <= set(texts)   # legend, axes
    assert "9.00" not in texts                                        # two lines: values on hover, not printed
    solid = [line for line in svg.findall("svg:polyline", NS) if not line.get("stroke-dasharray")]
    dotted = [line for line in svg.findall("svg:polyline", NS) if line.get("stroke-dasharray")]
    assert len(solid) == len(dotted) == 2 and solid[0].get("stroke") == dotted[0].get("stroke")
    diamonds = svg.findall("svg:polygon", NS)
    assert len(diamonds) == 2 and all(d.get("fill") == "white" for d in diamonds)
    assert diamonds[0].find("svg:title", NS).text == "矿山 2026（年初至今）: 7.00（95%: 6.00–8.00）"
    heights = {c.find("svg:title", NS).text.split(":")[0]: float(c.get("cy")) for c in svg.findall("svg:circle", NS)
               if c.find("svg:title", NS) is not None}                     # the legend's dots have none
    assert heights["矿山 2024"] < heights["矿山 2025"] < heights["其他行业 2024"]   # higher rate, higher on the picture
    one = ET.fromstring(pictures.rate_lines(frame[frame.key_group == "other"], None, {}, "en"))
    assert {"5.00", "4.50", "3.00", "Injury rate (per 1000)"} <= {e.text for e in one.findall("svg:text", NS)}


def test_ranking_bars_keep_the_ranking_order_with_the_raw_rate_as_a_tick():
    ranked = pd.DataFrame({"division": ["47", "06", "48"], "smoothed_rate": [9.0, 8.0, 2.0],
                           "raw_rate": [9.5, 6.0, float("nan")]})
    svg = ET.fromstring(pictures.ranking_bars(ranked, "division", {"47": "房屋建筑业", "06": "煤炭开采和洗选业"},
                                              "排序", top=2))
    texts = [e.text for e in svg.findall("svg:text", NS)]
    assert [x for x in texts if x.endswith("业")] == ["房屋建筑业", "煤炭开采和洗选业"] and "48" not in texts
    bars = svg.findall("svg:rect", NS)[:2]
    assert float(bars[0].get("width")) / float(bars[1].get("width")) == pytest.approx(9 / 8, rel=1e-3)
    assert float(bars[0].get("y")) < float(bars[1].get("y"))                     # the highest at the top
    assert bars[1].find("svg:title", NS).text == "煤炭开采和洗选业 平滑发生率（‰） 8.00 · 原始发生率（‰） 6.00"
    ticks = [line for line in svg.findall("svg:line", NS) if line.get("stroke-width") == "3"][:2]
    start = float(bars[0].get("x"))
    assert (float(ticks[0].get("x1")) - start) / float(bars[0].get("width")) == pytest.approx(9.5 / 9, rel=1e-3)


def test_tier_bars_stack_each_risk_class_with_its_total():
    distribution = pd.DataFrame({80: [10, 0], 100: [30, 5], 120: [0, 15]}, index=pd.Index([1, 2], name="risk_class"))
    svg = ET.fromstring(pictures.tier_bars(distribution, "zh", "档位"))
    texts = [e.text for e in svg.findall("svg:text", NS)]
    assert {"40", "20", "80%", "100%", "120%", "风险类别", "单位数"} <= set(texts)
    blocks = [b for b in svg.findall("svg:rect", NS) if b.find("svg:title", NS) is not None]
    assert [b.find("svg:title", NS).text for b in blocks] == ["风险类别 1 · 80%: 10", "风险类别 1 · 100%: 30",
                                                              "风险类别 2 · 100%: 5", "风险类别 2 · 120%: 15"]
    heights = [float(b.get("height")) for b in blocks]
    assert heights[1] / heights[0] == pytest.approx(3, rel=1e-3) and heights[3] / heights[2] == pytest.approx(3, rel=1e-3)
    assert float(blocks[1].get("y")) < float(blocks[0].get("y"))                  # 100 % stacked on 80 %
    assert [b.get("fill") for b in blocks[:2]] == [pictures.tier_colour(80, [80, 100, 120]), "#9AA5B1"]


def test_a_meeting_picture_fits_the_screen_whether_tall_or_wide():
    assert meeting.picture_width('<svg viewBox="0 0 440 520">') == 456
    assert meeting.picture_width('<svg viewBox="0 0 860 400">') == 1100


def test_rate_bars_put_the_highest_rate_first_with_its_interval_and_value():
    frame = pd.DataFrame({"key_group": ["mining", "construction", "other"], "injury_rate": [7.5, 8.25, 2.0],
                          "injury_rate_low": [6.0, 7.0, 0.5], "injury_rate_high": [9.0, 9.5, 6.0],
                          "injury_rate_small": [False, False, True]})
    names = {"mining": "矿山", "construction": "建筑施工", "other": "其他行业"}
    svg = ET.fromstring(pictures.rate_bars(frame, "key_group", names, "各重点行业工伤发生率 · 2025"))

    texts = [e.text for e in svg.findall("svg:text", NS)]
    assert [x for x in texts if x in names.values()] == ["建筑施工", "矿山", "其他行业"]
    assert {"8.25", "7.50", "2.00", "工伤发生率（‰）"} <= set(texts)
    bars = svg.findall("svg:rect", NS)
    assert [b.get("fill") for b in bars] == [pictures.RED, pictures.RED, pictures.GREY]   # fewer than 10: grey
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(8.25 / 7.5, rel=1e-3)
    assert "95%: 7.00–9.50" in bars[0].find("svg:title", NS).text
    ticks = [int(x) for x in texts if x.isdigit()]
    assert ticks == sorted(ticks) and ticks[0] == 0 and ticks[-1] >= 9.5          # the axis covers every interval


def test_every_year_key_group_and_division_draws_the_overview(demo_db):
    """Any filter the sidebar offers draws its map and bars (a rate at the top of the scale once crashed)."""
    from dataclasses import replace

    from analytics.data import warehouse
    from analytics.measures import indicators

    con = warehouse.connect(demo_db, read_only=True)
    options = warehouse.filter_options(con)
    boundaries = reference.prefecture_boundaries("yunnan")
    filters = [indicators.Filters(key_group=(g,)) for g in [None, *options["key_groups"]]] + \
        [indicators.Filters(division=(d,)) for d in warehouse.query(con, "select distinct division from enterprise_year").division]
    drawn = 0
    for year in options["years"]:
        for chosen in filters:
            one_year = replace(chosen, key_group=chosen.key_group if chosen.key_group != (None,) else None,
                               first_year=year, last_year=year)
            by_prefecture = indicators.indicators(con, ["prefecture"], one_year)
            assert pictures.region_map(by_prefecture, boundaries, options["prefectures"], "t").startswith("<svg")
            by_group = indicators.indicators(con, ["key_group"], one_year)
            assert pictures.rate_bars(by_group, "key_group", {}, "t").startswith("<svg")
            drawn += 1
    assert drawn == len(options["years"]) * len(filters)
