"""Industry ranking (行业研判): empirical-Bayes rates, expected burden, trend, proposed key industries.

Smoothing: each division's injury rate is shrunk towards the provincial rate with a
gamma-Poisson model whose prior is fitted by the method of moments (Clayton and Kaldor
1987): with ``m = Σy / ΣE`` and the exposure-weighted variance ``s² = Σ E (y/E - m)² / ΣE``,
the between-division variance is ``v = max(s² - m / Ē, ε)``, the prior is Gamma(α = m²/v,
β = m/v), and the smoothed rate is ``(y + α) / (E + β)``. A division with little exposure
stays near the provincial rate, so small industries are not ranked on noise.

Trend: the yearly change of a Poisson log-linear fit over the last five complete years.
Expected burden: smoothed rate times the division's insured persons in the last year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analytics import config, labels, paths, stats
from analytics.data import reference
from analytics.measures import indicators
from analytics.measures.indicators import Filters


@dataclass(frozen=True)
class ProposalRule:
    """The ranking window and the proposal rule of ``data/config/industries.toml``."""

    window_years: int = 3
    trend_years: int = 5
    trend_min_years: int = 3
    trend_min_injuries: int = 10
    top: int = 5
    rising_trend: float = 0.10


def load_rule(path: str | Path | None = None) -> ProposalRule:
    doc = config.read(path or paths.CONFIG_DIR / "industries.toml")
    ranking, proposal = doc.section("ranking"), doc.section("proposal")
    return ProposalRule(
        window_years=ranking.integer("window_years", 3, minimum=1), trend_years=ranking.integer("trend_years", 5, minimum=2),
        trend_min_years=ranking.integer("trend_min_years", 3, minimum=2),
        trend_min_injuries=ranking.integer("trend_min_injuries", 10, minimum=0),
        top=proposal.integer("top", 5, minimum=1), rising_trend=proposal.number("rising_trend", 0.10, low=0),
    )


def names(by: str = "division", lang: str = "zh", province: str | None = None) -> dict[str, str]:
    """Display names of divisions or key-industry groups (of ``province``'s list: Jilin has no 冶金)."""
    if by == "division":
        table = reference.industries()
        return dict(zip(table.industry_code, table.name_en if lang == "en" else table.name_zh))
    groups = {g.key: g.name_en if lang == "en" else g.name_zh for g in reference.load_key_industries(province=province)}
    return {**groups, "other": labels.t("other_industries", lang)}


def rank(con: duckdb.DuckDBPyConnection, year: int, filters: Filters = Filters(), years: int | None = None,
         by: str = "division", rule: ProposalRule | None = None) -> pd.DataFrame:
    """Divisions (or key-industry groups, ``by="key_group"``) ranked for the coming year ``year``
    from the ``years`` complete years before it (the rule's window unless given)."""
    if by not in ("division", "key_group"):
        raise ValueError(f"rank by division or key_group, not {by!r}")
    rule = rule or load_rule()
    years = years or rule.window_years
    last = year - 1
    window = indicators.indicators(con, [by], replace(filters, first_year=last - years + 1, last_year=last))
    window = window[window.person_years > 0].copy()
    if window.empty:
        return window.assign(smoothed_rate=[], raw_rate=[], expected_next=[], trend=[], burden_share=[],
                             rank_rate=[], rank_burden=[])
    window["smoothed_rate"], alpha, beta = stats.eb_smooth(window.injuries, window.person_years)
    window["smoothed_rate"] *= 1000
    window["raw_rate"] = window.injury_rate
    latest = indicators.indicators(con, [by], replace(filters, first_year=last, last_year=last))
    window = window.merge(latest[[by, "insured"]].rename(columns={"insured": "insured_last"}), on=by, how="left")
    window["expected_next"] = window.smoothed_rate / 1000 * window.insured_last.fillna(0)
    history = indicators.indicators(con, [by, "year"], replace(filters, first_year=last - rule.trend_years + 1,
                                                                 last_year=last))
    history = history[history.person_years > 0]
    trend = {}
    for code, part in history.groupby(by):
        if len(part) >= rule.trend_min_years and part.injuries.sum() >= rule.trend_min_injuries:
            now = stats.poisson_trend(part.year, part.injuries, part.person_years, last)[0]
            ahead = stats.poisson_trend(part.year, part.injuries, part.person_years, last + 1)[0]
            trend[code] = ahead / now - 1
    window["trend"] = window[by].map(trend)
    total = window.expected_next.sum()
    window["burden_share"] = window.expected_next / total if total else np.nan
    window["rank_rate"] = window.smoothed_rate.rank(ascending=False, method="min").astype(int)
    window["rank_burden"] = window.expected_next.rank(ascending=False, method="min").astype(int)
    window.attrs.update(by=by, alpha=alpha, beta=beta, provincial_rate=float(window.injuries.sum() / window.person_years.sum() * 1000))
    return window.sort_values("smoothed_rate", ascending=False).reset_index(drop=True)


def propose(ranked: pd.DataFrame, names: dict[str, str], top: int | None = None, lang: str = "zh",
            rule: ProposalRule | None = None) -> pd.DataFrame:
    """Next year's proposed key industries: the top by smoothed rate or by burden, and any above the
    provincial rate whose rate rises by the rule's yearly trend or more.

    Each gets its reason in ``lang``, with its own numbers.
    """
    rule = rule or load_rule()
    top = top or rule.top
    provincial = ranked.attrs.get("provincial_rate", np.nan)
    by = ranked.attrs.get("by", "division")
    ranked = ranked[ranked[by] != "other"]       # "all other industries" is no candidate
    above = ranked.smoothed_rate > provincial
    by_rate = (ranked.rank_rate <= top) & above                  # a high rank among low rates is no reason
    rising = (ranked.trend >= rule.rising_trend) & above         # rising from an already high level
    chosen = ranked[by_rate | (ranked.rank_burden <= top) | rising].copy()
    reasons = []
    for row in chosen.itertuples():
        parts = []
        if row.rank_rate <= top and row.smoothed_rate > provincial:
            parts.append(labels.t("proposal_rate", lang, rate=row.smoothed_rate, provincial=provincial,
                                  multiple=row.smoothed_rate / provincial, rank=row.rank_rate))
        if row.rank_burden <= top:
            parts.append(labels.t("proposal_burden", lang, expected=row.expected_next, share=row.burden_share,
                                  rank=row.rank_burden))
            if row.smoothed_rate <= provincial:                    # proposed for its size: say so
                parts.append(labels.t("proposal_below_average", lang, rate=row.smoothed_rate, provincial=provincial))
        if row.trend == row.trend and row.trend >= rule.rising_trend:
            parts.append(labels.t("proposal_trend", lang, trend=row.trend, years=rule.trend_years))
        reasons.append(labels.join(parts, lang))
    chosen["name"] = chosen[by].map(names).fillna(chosen[by])
    chosen["reason"] = reasons
    return chosen[[by, "name", "smoothed_rate", "raw_rate", "injuries", "expected_next", "burden_share",
                   "trend", "reason"]].reset_index(drop=True)
