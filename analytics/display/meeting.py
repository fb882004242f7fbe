"""Joint-meeting slides (联席会议): one message per screen, each computed from package results.

A slide is a title, one sentence that carries the message, and a few large figures or
lines; the meeting page only draws them. Each builder takes the same results the analyst
pages show, so the projector never says something the pages do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analytics import labels
from analytics.labels import t


@dataclass
class Slide:
    title: str
    message: str
    figures: list[tuple[str, str, str | None]] = field(default_factory=list)   # (label, value, change)
    lines: list[str] = field(default_factory=list)
    chart: object = None            # one large chart: a Plotly figure or an SVG picture (str)


def headline(yearly: pd.DataFrame, year: int, lang: str = "zh") -> Slide:
    from analytics.display.presentation import headline as figures

    rows = yearly.set_index("year")
    now = rows.loc[year]
    before = rows.loc[year - 1] if year - 1 in rows.index else None
    if before is not None and not now.ytd and before.injury_rate:
        change = now.injury_rate / before.injury_rate - 1
        key = "slide_rate_down" if change < 0 else "slide_rate_up"
        message = t(key, lang, year=year, rate=now.injury_rate, change=abs(change))
    else:
        message = t("slide_rate_level", lang, year=year, rate=now.injury_rate)
    return Slide(t("slide_headline", lang, year=year), message,
                 [(t(k, lang), v, d) for k, v, d in figures(yearly, year, lang)])


def targets(results: list[dict], plan: str, lang: str = "zh") -> Slide:
    i = 1 if lang == "en" else 0
    verdicts = [labels.VERDICTS[r["verdict"]][i] for r in results]
    met = sum(r["verdict"] in ("met", "on_track") for r in results)
    lines = [f"{r['name_en' if lang == 'en' else 'name_zh']}: {v}" for r, v in zip(results, verdicts)]
    return Slide(t("slide_targets", lang, plan=plan), t("slide_targets_message", lang, met=met, n=len(results)),
                 lines=lines)


def key_industries(proposed: pd.DataFrame, year: int, lang: str = "zh") -> Slide:
    lines = [f"{row.name}：{row.reason}" if lang == "zh" else f"{row.name}: {row.reason}"
             for row in proposed.head(6).itertuples()]
    share = proposed.burden_share.sum()
    return Slide(t("slide_industries", lang, year=year),
                 t("slide_industries_message", lang, n=len(proposed), share=share), lines=lines)


def key_enterprises(entries: pd.DataFrame, year: int, lang: str = "zh", names: bool = True) -> Slide:
    """Counts of the list's kinds, and the five highest-ranked employers by name only for an audience
    that may see names (``names=False`` for the joint meeting's viewers)."""
    counts = entries.kind.value_counts()
    ranked = entries[entries.kind == "ranked"]
    figures = [(t(f"kind_{k}", lang), f"{counts.get(k, 0):,}", None) for k in ("ranked", "mandatory", "audit")]
    lines = [f"{row.name} · {row.expected:.1f}" for row in ranked.head(5).itertuples()] if names else []
    return Slide(t("slide_enterprises", lang, year=year),
                 t("slide_enterprises_message", lang, n=len(ranked), expected=ranked.expected.sum()), figures, lines)


def premiums(recommendations: pd.DataFrame, impact: pd.DataFrame, year: int, lang: str = "zh") -> Slide:
    tiers = recommendations.recommended_tier.value_counts()
    down = int(tiers[tiers.index < 100].sum())
    up = int(tiers[tiers.index > 100].sum())
    total = impact.loc["total"]
    figures = [(t("tier_down", lang), f"{down:,}", None), (t("tier_up", lang), f"{up:,}", None),
               (t("change", lang), f"{total.change / 1e4:+,.0f}", None)]   # the label carries the unit
    return Slide(t("slide_premiums", lang, year=year),
                 t("slide_premiums_message", lang, n=len(recommendations), down=down, up=up,
                   ratio=total.payout_ratio_recommended), figures)


def with_chart(slide: Slide, chart) -> Slide:
    """The slide with its one large chart."""
    slide.chart = chart
    return slide


def picture_width(picture: str, height: int = 540, widest: int = 1100) -> int:
    """The width, in pixels, at which an SVG picture is ``height`` high (at most ``widest``), so that
    a tall map and a wide chart both fit on the screen under the slide's message."""
    _, _, width, tall = (float(v) for v in re.search(r'viewBox="([^"]+)"', picture).group(1).split())
    return int(min(widest, height * width / tall))


def region_map(by_region: pd.DataFrame, picture: str, names: dict[str, str], year: int, lang: str = "zh",
               prefecture: str | None = None) -> Slide:
    """Where injuries are most frequent: the highest and lowest prefecture (or, with ``prefecture``
    the name of the one chosen, county) in a sentence, the map as the chart."""
    key = "county" if prefecture else "prefecture"
    rates = by_region.dropna(subset=["injury_rate"]).sort_values("injury_rate")
    high, low = rates.iloc[-1], rates.iloc[0]
    title = t("slide_map_counties", lang, year=year, prefecture=prefecture) if prefecture else t("slide_map", lang, year=year)
    return Slide(title, t("slide_map_message", lang, high=names.get(high[key], high[key]), high_rate=high.injury_rate,
                          low=names.get(low[key], low[key]), low_rate=low.injury_rate), chart=picture)


def prevention_work(coverage: pd.DataFrame, campaigns: pd.DataFrame, bases: pd.DataFrame, year: int,
                    lang: str = "zh") -> Slide:
    """Training coverage against the 100 % goal, and the campaign and base gaps, in a few lines."""
    now = coverage[coverage.year == year]
    rate = float(now.coverage.iloc[0]) if not now.empty else 0.0
    gaps = campaigns[campaigns.short]["name_en" if lang == "en" else "name_zh"].tolist()
    missing = bases[bases.missing]
    lines = [t("slide_campaign_gaps", lang, groups="、".join(gaps) or t("rpt_none", lang)),
             t("slide_base_gaps", lang, prefectures=int((missing.level == "prefecture").sum()),
               counties=int((missing.level == "county").sum()))]
    return Slide(t("slide_prevention", lang, year=year), t("slide_prevention_message", lang, year=year, coverage=rate),
                 lines=lines)
