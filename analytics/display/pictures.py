"""Charts drawn as standalone SVG pictures: the prefecture (or county) map, rate bars and
lines, the industries' small panels and ranking, the premium tiers.

A picture needs no charting library in the browser: the browser draws one in a few
milliseconds, where a Plotly chart took a tenth of a second of the page's main thread on every
visit and more the first time (its code compiled in each new tab). With twenty analysts'
browsers on one machine that was most of a page's time. Figures are printed on the picture or
shown when the pointer rests on a mark: readable on a projector without hovering.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pandas as pd
from plotly.colors import sample_colorscale

from analytics.display.charts import COLOURS, FONT
from analytics.labels import t, year_label

INK, MUTED, RED, GREY, GRID = "#1F2933", "#6B7280", "#C8102E", "#C0C6CF", "#E5E7EB"


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

    svg = _picture(width, height)
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
    row, top = 32, _below_title(title) - 8
    left = 12 + max((_text_width(label, 13) for label in labels), default=0)
    height = top + row * len(part) + 46
    svg = _picture(width, height, title)
    plot = _Plot(svg, left, top, width - 44, top + row * len(part), _reach(part.injury_rate_high),
                 label=t("injury_rate", lang), horizontal=True)
    for i, (label, item) in enumerate(zip(labels, part.itertuples())):
        y = top + row * i
        _text(svg, left - 8, y + row / 2 + 5, label, 13, anchor="end")
        colour = GREY if item.injury_rate_small else RED
        bar = ET.SubElement(svg, "rect", x=str(left), y=f"{y + 5}", width=f"{plot.at(item.injury_rate) - left:.1f}",
                            height=str(row - 10), fill=colour)
        ET.SubElement(bar, "title").text = (f"{label} {item.injury_rate:.2f}‰（95%: {item.injury_rate_low:.2f}"
                                            f"–{item.injury_rate_high:.2f}）")
        low, high, mid = plot.at(item.injury_rate_low), plot.at(item.injury_rate_high), y + row / 2
        for x1, x2, y1, y2 in ((low, high, mid, mid), (low, low, mid - 5, mid + 5), (high, high, mid - 5, mid + 5)):
            ET.SubElement(svg, "line", x1=f"{x1:.1f}", x2=f"{x2:.1f}", y1=f"{y1:.1f}", y2=f"{y2:.1f}",
                          stroke=INK, attrib={"stroke-width": "1.2"})
        _text(svg, high + 5, mid + 4, f"{item.injury_rate:.2f}", 12)
    return ET.tostring(svg, encoding="unicode")

def rate_lines(frame: pd.DataFrame, group: str | None, names: dict[str, str], lang: str = "zh",
               title: str | None = None, rates: tuple[str, ...] = ("injury_rate",), width: int = 860) -> str:
    """Rates by year with their 95 % intervals as whiskers: one line per group, or (without a
    group) one per rate in ``rates``. A rate from fewer than 10 events is a hollow point; the year
    to date hangs on a dotted line with a hollow diamond. A single line has its values printed;
    every point tells its value and interval when the pointer rests on it."""
    series = [(t(rate, lang), rate, frame) for rate in rates] if group is None else \
        [(names.get(key, key), rates[0], part) for key, part in frame.groupby(group)]
    years = frame[["year", "ytd"]].drop_duplicates().sort_values("year")
    slots = {year: i for i, year in enumerate(years.year)}
    legend_rows = -(-len(series) // 4) if len(series) > 1 else 0
    height = 400 + 28 * legend_rows
    svg = _picture(width, height, title or t("rate_by_year", lang))
    plot = _Plot(svg, 64, _below_title(title or ""), width - 20, height - 56 - 28 * legend_rows,
                 _reach(v for _, rate, part in series for v in part[rate + "_high"]), label=t(rates[0], lang))
    plot.categories([year_label(y, ytd, lang) for y, ytd in zip(years.year, years.ytd)], t("year", lang))
    for n, (name, rate, part) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = [(plot.x(slots[row.year]), plot.at(getattr(row, rate)), row)
                  for row in part.dropna(subset=[rate]).sort_values("year").itertuples()]
        _dotted_year_to_date(plot, points, colour)
        for x, y, row in points:
            value, low, high = getattr(row, rate), getattr(row, rate + "_low"), getattr(row, rate + "_high")
            if pd.notna(low) and pd.notna(high):
                plot.whisker(x, plot.at(low), plot.at(high))
            mark = plot.point(x, y, colour, hollow=bool(getattr(row, rate + "_small")), diamond=bool(row.ytd))
            ET.SubElement(mark, "title").text = (f"{name} {year_label(row.year, row.ytd, lang)}: {value:.2f}"
                                                 + (f"（95%: {low:.2f}–{high:.2f}）" if pd.notna(low) else ""))
            if len(series) == 1:
                _text(svg, x + 8, y - 6, f"{value:.2f}", 12)
    if legend_rows:
        plot.legend([(name, COLOURS[n % len(COLOURS)], "line") for n, (name, _, _) in enumerate(series)],
                    height - 28 * legend_rows + 6)
    return ET.tostring(svg, encoding="unicode")


def rate_panels(frame: pd.DataFrame, group: str, order: list[str], names: dict[str, str], title: str,
                lang: str = "zh", columns: int = 4, width: int = 860) -> str:
    """One small panel per group (in ``order``), each with its own scale from zero: the rate by
    year as a line in its shaded 95 % interval, small counts hollow, a year to date starred and
    dotted (the page says what the star means). Seven lines with error bars in one chart cannot be read."""
    rows, gap, panel_height = -(-len(order) // columns), 18, 190
    top = _below_title(title) - 8
    panel_width = (width - gap * (columns - 1) - 8) / columns
    height = top + rows * (panel_height + gap)
    svg = _picture(width, height, title)
    for i, key in enumerate(order):
        part = frame[frame[group] == key].dropna(subset=["injury_rate"]).sort_values("year")
        left, upper = 4 + (i % columns) * (panel_width + gap), top + (i // columns) * (panel_height + gap)
        name = names.get(key, key)
        _text(svg, left + panel_width / 2, upper + 14, name, 13, anchor="middle", weight="bold")
        plot = _Plot(svg, left + 34, upper + 24, left + panel_width - 6, upper + panel_height - 26,
                     _reach(part.injury_rate_high), ticks=3, size=11)
        plot.categories([f"{y}*" if ytd else str(y) for y, ytd in zip(part.year, part.ytd)], size=11)
        xs = [plot.x(j) for j in range(len(part))]
        band = list(zip(xs, map(plot.at, part.injury_rate_high))) + list(zip(xs[::-1], map(plot.at, part.injury_rate_low[::-1])))
        if band:
            ET.SubElement(svg, "polygon", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in band), fill=RED,
                          attrib={"fill-opacity": "0.15"})
        points = [(x, plot.at(row.injury_rate), row) for x, row in zip(xs, part.itertuples())]
        _dotted_year_to_date(plot, points, RED)
        for x, y, row in points:
            mark = plot.point(x, y, RED, hollow=bool(row.injury_rate_small), radius=4)
            ET.SubElement(mark, "title").text = (f"{name} {year_label(row.year, row.ytd, lang)}: {row.injury_rate:.2f}"
                                                 f"（95%: {row.injury_rate_low:.2f}–{row.injury_rate_high:.2f}）")
    return ET.tostring(svg, encoding="unicode")


def ranking_bars(ranked: pd.DataFrame, column: str, names: dict[str, str], title: str, lang: str = "zh",
                 top: int = 15, width: int = 860) -> str:
    """The top of an industry ranking, highest first: the smoothed rate as a bar with its value,
    the raw rate as a dark tick across it (far from the bar: a small industry's rate pulled
    toward its sector's)."""
    part = ranked.head(top)
    labels = [names.get(k, k) for k in part[column]]
    row, head = 30, _below_title(title) - 8
    left = 12 + max((_text_width(label, 13) for label in labels), default=0)
    height = head + row * len(part) + 84
    svg = _picture(width, height, title)
    plot = _Plot(svg, left, head, width - 56, head + row * len(part),
                 _reach([*part.smoothed_rate, *part.raw_rate]), label=t("injury_rate", lang), horizontal=True)
    for i, (label, item) in enumerate(zip(labels, part.itertuples())):
        y = head + row * i
        _text(svg, left - 8, y + row / 2 + 5, label, 13, anchor="end")
        end = plot.at(item.smoothed_rate)
        bar = ET.SubElement(svg, "rect", x=f"{left:.1f}", y=f"{y + 5}", width=f"{max(0.0, end - left):.1f}",
                            height=str(row - 10), fill=RED)
        tip = f"{label} {t('smoothed_rate', lang)} {item.smoothed_rate:.2f}"
        if pd.notna(item.raw_rate):
            x = plot.at(item.raw_rate)
            ET.SubElement(svg, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=f"{y + 2}", y2=f"{y + row - 2}",
                          stroke=INK, attrib={"stroke-width": "3"})
            tip, end = tip + f" · {t('raw_rate', lang)} {item.raw_rate:.2f}", max(end, x)
        ET.SubElement(bar, "title").text = tip
        _text(svg, end + 6, y + row / 2 + 4, f"{item.smoothed_rate:.2f}", 12)
    plot.legend([(t("smoothed_rate", lang), RED, "bar"), (t("raw_rate", lang), INK, "tick")], height - 22)
    return ET.tostring(svg, encoding="unicode")


def tier_bars(distribution: pd.DataFrame, lang: str = "zh", title: str | None = None, width: int = 860) -> str:
    """Employers per recommended tier (columns, in %) by risk class (rows), stacked: discounts
    green, 100 % grey, surcharges red; each class's total printed on top."""
    tiers = list(distribution.columns)
    totals = distribution.sum(axis=1)
    legend_rows = -(-len(tiers) // 4)
    height = 400 + 28 * legend_rows
    svg = _picture(width, height, title or t("tier_distribution", lang))
    plot = _Plot(svg, 72, _below_title(title or ""), width - 20, height - 56 - 28 * legend_rows, _reach(totals),
                 label=t("employers", lang), fmt="{:,.0f}")
    plot.categories([str(c) for c in distribution.index], t("risk_class", lang))
    half = 0.3 * plot.slot
    for i, (risk_class, counts) in enumerate(distribution.iterrows()):
        x, stacked = plot.x(i), 0.0
        for tier in tiers:
            count = float(counts[tier])
            if count > 0:
                low, high = plot.at(stacked), plot.at(stacked + count)
                block = ET.SubElement(svg, "rect", x=f"{x - half:.1f}", y=f"{high:.1f}", width=f"{2 * half:.1f}",
                                      height=f"{low - high:.1f}", fill=tier_colour(tier, tiers))
                ET.SubElement(block, "title").text = f"{t('risk_class', lang)} {risk_class} · {tier:g}%: {count:,.0f}"
            stacked += count
        _text(svg, x, plot.at(stacked) - 6, f"{stacked:,.0f}", 12, anchor="middle")
    plot.legend([(f"{tier:g}%", tier_colour(tier, tiers), "bar") for tier in tiers], height - 28 * legend_rows + 6)
    return ET.tostring(svg, encoding="unicode")


def tier_colour(tier: float, tiers: list[float]) -> str:
    """Darker the further a tier is from 100 %: greens below, reds above, grey at 100 %."""
    if tier == 100:
        return "#9AA5B1"
    side = sorted((x for x in tiers if (x < 100) == (tier < 100) and x != 100), key=lambda x: abs(x - 100))
    depth = (side.index(tier) + 1) / len(side)
    return sample_colorscale("Greens" if tier < 100 else "Reds", [0.35 + 0.55 * depth])[0]


def _dotted_year_to_date(plot: "_Plot", points: list[tuple], colour: str) -> None:
    """The complete years joined by a line; the year to date apart, dotted from the last of them."""
    complete = [(x, y) for x, y, row in points if not row.ytd]
    plot.line(complete, colour)
    if len(complete) < len(points):
        plot.line(complete[-1:] + [(x, y) for x, y, row in points if row.ytd], colour, dash=True)


class _Plot:
    """A plot area inside a picture: a value axis from zero with gridlines, upward (or, when
    ``horizontal``, rightward), and categories evenly along the bottom."""

    def __init__(self, svg: ET.Element, left: float, top: float, right: float, bottom: float, reach: float,
                 ticks: int = 5, label: str = "", horizontal: bool = False, fmt: str = "{:g}", size: float = 12):
        self.svg, self.left, self.top, self.right, self.bottom = svg, left, top, right, bottom
        self.horizontal, self.slot = horizontal, right - left
        step = _nice_step(reach, ticks)
        values = [step * i for i in range(max(1, math.ceil(reach / step)) + 1)]
        self.reach = values[-1]
        for value in values:
            at = self.at(value)
            if horizontal:
                ET.SubElement(svg, "line", x1=f"{at:.1f}", x2=f"{at:.1f}", y1=f"{top - 4}", y2=f"{bottom}", stroke=GRID)
                _text(svg, at, bottom + 16, fmt.format(value), size, anchor="middle", fill=MUTED)
            else:
                ET.SubElement(svg, "line", x1=f"{left}", x2=f"{right}", y1=f"{at:.1f}", y2=f"{at:.1f}", stroke=GRID)
                _text(svg, left - 6, at + 4, fmt.format(value), size, anchor="end", fill=MUTED)
        if label and horizontal:
            _text(svg, (left + right) / 2, bottom + 36, label, 13, anchor="middle", fill=MUTED)
        elif label:
            middle = (top + bottom) / 2
            _text(svg, 14, middle, label, 13, anchor="middle", fill=MUTED).set("transform", f"rotate(-90 14 {middle:.1f})")

    def at(self, value: float) -> float:
        """Where ``value`` falls on the value axis: a height, or a distance from the left."""
        share = float(value) / self.reach
        if self.horizontal:
            return self.left + share * (self.right - self.left)
        return self.bottom - share * (self.bottom - self.top)

    def categories(self, labels: list[str], title: str = "", size: float = 12) -> None:
        """Evenly spaced categories along the bottom; ``x(i)`` is the middle of the i-th. Labels too
        wide for their room are shown every second (third, ...) one, counted back from the last."""
        self.slot = (self.right - self.left) / max(1, len(labels))
        every = math.ceil((max((_text_width(label, size) for label in labels), default=0) + 6) / self.slot)
        for i, label in enumerate(labels):
            if (len(labels) - 1 - i) % every == 0:
                _text(self.svg, self.x(i), self.bottom + 16, label, size, anchor="middle", fill=MUTED)
        if title:
            _text(self.svg, (self.left + self.right) / 2, self.bottom + 36, title, 13, anchor="middle", fill=MUTED)

    def x(self, slot: int) -> float:
        return self.left + self.slot * (slot + 0.5)

    def line(self, points: list[tuple[float, float]], colour: str, dash: bool = False) -> None:
        if len(points) > 1:
            ET.SubElement(self.svg, "polyline", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points), fill="none",
                          stroke=colour, attrib={"stroke-width": "2", **({"stroke-dasharray": "3 4"} if dash else {})})

    def whisker(self, x: float, low: float, high: float) -> None:
        """A 95 % interval: a thin vertical line with caps."""
        for x1, x2, y1, y2 in ((x, x, low, high), (x - 4, x + 4, low, low), (x - 4, x + 4, high, high)):
            ET.SubElement(self.svg, "line", x1=f"{x1:.1f}", x2=f"{x2:.1f}", y1=f"{y1:.1f}", y2=f"{y2:.1f}",
                          stroke=MUTED, attrib={"stroke-width": "1"})

    def point(self, x: float, y: float, colour: str, hollow: bool = False, diamond: bool = False,
              radius: float = 5) -> ET.Element:
        """A data point: a dot, hollow for a rate from few events; a hollow diamond for a year to date."""
        fill, line = ("white" if hollow or diamond else colour), {"stroke-width": "2"}
        if diamond:
            r = radius + 1.5
            return ET.SubElement(self.svg, "polygon", fill=fill, stroke=colour, attrib=line,
                                 points=f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}")
        return ET.SubElement(self.svg, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{radius:g}", fill=fill, stroke=colour,
                             attrib=line)

    def legend(self, entries: list[tuple[str, str, str]], y: float) -> None:
        """Entries (name, colour, and "line", "bar" or "tick") four to a row from height ``y``."""
        across = (self.right - self.left) / 4
        for i, (name, colour, kind) in enumerate(entries):
            x, at = self.left + across * (i % 4), y + 28 * (i // 4)
            if kind == "line":
                ET.SubElement(self.svg, "line", x1=f"{x:.1f}", x2=f"{x + 22:.1f}", y1=f"{at:.1f}", y2=f"{at:.1f}",
                              stroke=colour, attrib={"stroke-width": "2"})
                ET.SubElement(self.svg, "circle", cx=f"{x + 11:.1f}", cy=f"{at:.1f}", r="4", fill=colour)
            elif kind == "tick":
                ET.SubElement(self.svg, "line", x1=f"{x + 11:.1f}", x2=f"{x + 11:.1f}", y1=f"{at - 8:.1f}",
                              y2=f"{at + 8:.1f}", stroke=colour, attrib={"stroke-width": "3"})
            else:
                ET.SubElement(self.svg, "rect", x=f"{x + 2:.1f}", y=f"{at - 7:.1f}", width="18", height="14", fill=colour)
            _text(self.svg, x + 28, at + 5, name, 13)


def _picture(width: float, height: float, title: str = "") -> ET.Element:
    """An empty picture of this size, with its title when given."""
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {width:g} {height:.0f}",
                     attrib={"font-family": FONT["family"]})
    if title:
        _title(svg, 4, title)
    return svg


def _below_title(title: str) -> float:
    """Where a plot may start under the title (and its second line, if any)."""
    return 52 + 18 * ("\n" in title)


def _reach(values) -> float:
    """The largest finite value, for the top of an axis (1 when there is none)."""
    finite = [float(v) for v in values if pd.notna(v) and math.isfinite(float(v))]
    return max(finite) if finite and max(finite) > 0 else 1.0

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
