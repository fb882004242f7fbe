"""Charts drawn as standalone SVG pictures for the overview: the prefecture (or county) map and rate bars.

A picture needs no charting library in the browser, so the overview (the landing page and the
target of every shared link) opens without loading Plotly's front end, about a second sooner,
and redraws in milliseconds on a filter change. Figures are printed on the picture: readable on
a projector without hovering.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pandas as pd
from plotly.colors import sample_colorscale

from analytics.display.charts import FONT
from analytics.labels import t

INK, MUTED, RED, GREY = "#1F2933", "#6B7280", "#C8102E", "#C0C6CF"


def region_map(frame: pd.DataFrame, boundaries: dict, names: dict[str, str], title: str,
               lang: str = "zh", width: int = 440, column: str = "injury_rate", fmt: str = "{:.2f}",
               colours: str = "Reds", key: str = "prefecture") -> str:
    """A value by region (the injury rate unless ``column`` says otherwise; by prefecture, or by
    county when ``key`` is "county" and ``boundaries`` are one prefecture's counties) as a standalone
    SVG document: one filled path per region, its short name and value printed on it where the
    shape is large enough to hold them (the hover title always), a colour scale below.

    An SVG picture rather than a Plotly chart: the browser draws it in a few milliseconds (the
    Plotly version took a tenth of a second per filter change with software rendering), the
    figures are readable on a projector without hovering, and no map tiles or WebGL are needed.
    """
    rates = {k: float(v) for k, v in zip(frame[key], frame[column]) if pd.notna(v)}
    low, high = (min(rates.values()), max(rates.values())) if rates else (0.0, 1.0)
    share = lambda rate: min(1.0, max(0.0, (rate - low) / ((high - low) or 1)))  # noqa: E731 - rounding stays in [0, 1]
    shade = lambda rate: sample_colorscale(colours, [min(1.0, 0.15 + 0.85 * share(rate))])[0]  # noqa: E731
    features = boundaries["features"]
    rings = [_outer_rings(f["geometry"]) for f in features]
    points = [p for shape in rings for ring in shape for p in ring]
    squeeze = math.cos(math.radians(sum(p[1] for p in points) / len(points)))  # equirectangular at mid-latitude
    west, east = min(p[0] for p in points) * squeeze, max(p[0] for p in points) * squeeze
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    pad, top = 10, 40 + 18 * ("\n" in title)
    scale = (width - 2 * pad) / (east - west)
    map_height = (north - south) * scale
    height = top + map_height + 70

    def xy(point) -> tuple[float, float]:
        return (point[0] * squeeze - west) * scale + pad, (north - point[1]) * scale + top

    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {width} {height:.0f}",
                     attrib={"font-family": FONT["family"]})
    _title(svg, pad, title)
    labels = ET.Element("g", attrib={"text-anchor": "middle"})
    for feature, shape in zip(features, rings):
        code = feature["properties"]["adcode"]
        name = names.get(code, feature["properties"]["name"])
        rate = rates.get(code)
        path = " ".join("M" + " L".join("%.1f,%.1f" % xy(p) for p in ring) + "Z" for ring in shape)
        area = ET.SubElement(svg, "path", d=path, fill=NO_DATA if rate is None else shade(rate), stroke="white",
                             attrib={"stroke-width": "1"})
        ET.SubElement(area, "title").text = name if rate is None else f"{name} {t(column, lang)} {fmt.format(rate)}"
        largest = [xy(p) for p in max(shape, key=len)]
        if max(p[0] for p in largest) - min(p[0] for p in largest) < 40 or \
                max(p[1] for p in largest) - min(p[1] for p in largest) < 30:
            continue    # a city district a few pixels wide: its label would cover its neighbours
        x, y = sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest)
        colour = "white" if rate is not None and share(rate) > 0.6 else INK
        label = ET.SubElement(labels, "text", x=f"{x:.1f}", y=f"{y - 2:.1f}", fill=colour, attrib={"font-size": "12"})
        label.text = _short_name(name)
        if rate is not None:
            ET.SubElement(label, "tspan", x=f"{x:.1f}", dy="13", attrib={"font-size": "11"}).text = fmt.format(rate)
    svg.append(labels)
    _colour_scale(svg, pad, top + map_height + 22, low, high, [shade(low + (high - low) * i / 10) for i in range(11)],
                  t(column, lang), t("no_data", lang) if len(rates) < len(features) else None, fmt)
    return ET.tostring(svg, encoding="unicode")


NO_DATA = "#E5E7EB"


def _colour_scale(svg: ET.Element, x: float, y: float, low: float, high: float, colours: list[str], label: str,
                  no_data: str | None, fmt: str = "{:.2f}") -> None:
    """A colour bar from ``low`` to ``high`` under the map, its label beside it, and below the
    label a grey swatch for prefectures without data."""
    gradient = ET.SubElement(ET.SubElement(svg, "defs"), "linearGradient", id="scale")
    for i, colour in enumerate(colours):
        ET.SubElement(gradient, "stop", offset=f"{i / (len(colours) - 1):.2f}", attrib={"stop-color": colour})
    ET.SubElement(svg, "rect", x=str(x), y=f"{y:.1f}", width="160", height="12", fill="url(#scale)")
    _text(svg, x, y + 28, fmt.format(low), 12)
    _text(svg, x + 160, y + 28, fmt.format(high), 12, anchor="end")
    _text(svg, x + 172, y + 11, label, 12)
    if no_data:
        ET.SubElement(svg, "rect", x=str(x + 172), y=f"{y + 18:.1f}", width="16", height="12", fill=NO_DATA)
        _text(svg, x + 194, y + 28, no_data, 12)


def _outer_rings(geometry: dict) -> list[list]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def _short_name(name: str) -> str:
    """昆明市 -> 昆明, 西双版纳傣族自治州 -> 西双版纳, 红河哈尼族彝族自治州 -> 红河, 石林彝族自治县 -> 石林
    (labels on a small map); other counties keep their name (五华区, 宜良县)."""
    if "自治县" in name:
        return name[:2]
    if name.endswith("市") or name.endswith("地区"):
        return name.removesuffix("市").removesuffix("地区")
    return name[:4] if name.startswith("西双版纳") else name[:2] if "自治州" in name else name


def rate_bars(frame: pd.DataFrame, column: str, names: dict[str, str], title: str, lang: str = "zh",
              width: int = 440) -> str:
    """Injury rate per group as horizontal bars, highest first, each with its 95 % interval as a
    whisker and its value printed; rates from fewer than 10 injuries in grey."""
    part = frame.sort_values("injury_rate", ascending=False)
    labels = [names.get(k, k) for k in part[column]]
    row, top, bottom = 32, 44 + 18 * ("\n" in title), 46
    left = 12 + max((_text_width(label, 13) for label in labels), default=0)
    reach = float(part.injury_rate_high.max()) if len(part) else 0.0
    step = _nice_step(reach or 1.0)
    ticks = [step * i for i in range(max(1, math.ceil(reach / step)) + 1)]
    scale = (width - left - 44) / ticks[-1]
    height = top + row * len(part) + bottom
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {width} {height}",
                     attrib={"font-family": FONT["family"]})
    _title(svg, 4, title)
    axis_y = top + row * len(part)
    for tick in ticks:
        x = left + tick * scale
        ET.SubElement(svg, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=str(top - 4), y2=str(axis_y),
                      stroke="#E5E7EB")
        _text(svg, x, axis_y + 16, f"{tick:g}", 12, anchor="middle", fill=MUTED)
    _text(svg, left + (width - left - 44) / 2, axis_y + 36, t("injury_rate", lang), 13, anchor="middle", fill=MUTED)
    for i, (label, item) in enumerate(zip(labels, part.itertuples())):
        y = top + row * i
        _text(svg, left - 8, y + row / 2 + 5, label, 13, anchor="end")
        colour = GREY if item.injury_rate_small else RED
        bar = ET.SubElement(svg, "rect", x=str(left), y=f"{y + 5}", width=f"{item.injury_rate * scale:.1f}",
                            height=str(row - 10), fill=colour)
        ET.SubElement(bar, "title").text = (f"{label} {item.injury_rate:.2f}‰（95%: {item.injury_rate_low:.2f}"
                                            f"–{item.injury_rate_high:.2f}）")
        low, high, mid = left + item.injury_rate_low * scale, left + item.injury_rate_high * scale, y + row / 2
        for x1, x2, y1, y2 in ((low, high, mid, mid), (low, low, mid - 5, mid + 5), (high, high, mid - 5, mid + 5)):
            ET.SubElement(svg, "line", x1=f"{x1:.1f}", x2=f"{x2:.1f}", y1=f"{y1:.1f}", y2=f"{y2:.1f}",
                          stroke=INK, attrib={"stroke-width": "1.2"})
        _text(svg, high + 5, mid + 4, f"{item.injury_rate:.2f}", 12)
    return ET.tostring(svg, encoding="unicode")


def _title(svg: ET.Element, x: float, title: str) -> None:
    """The title in bold; its second line (who and which years it counts) below it, smaller and grey."""
    head, _, scope = title.partition("\n")
    _text(svg, x, 22, head, 16, weight="bold")
    if scope:
        _text(svg, x, 41, scope, 13, fill=MUTED)


def _nice_step(top: float, ticks: int = 5) -> float:
    """A 1, 2 or 5 times a power of ten step giving about ``ticks`` gridlines up to ``top``."""
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in pixels: CJK characters are square, Latin ones about half."""
    return sum(size if ord(c) > 0x2E80 else 0.58 * size for c in text)


def _text(svg: ET.Element, x: float, y: float, text: str, size: float, anchor: str = "start", fill: str = INK,
          weight: str | None = None) -> ET.Element:
    attrib = {"font-size": f"{size:g}", "text-anchor": anchor, **({"font-weight": weight} if weight else {})}
    element = ET.SubElement(svg, "text", x=f"{x:.1f}", y=f"{y:.1f}", fill=fill, attrib=attrib)
    element.text = text
    return element
