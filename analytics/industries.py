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

import duckdb
import numpy as np
import pandas as pd

from analytics import indicators, reference, targets
from analytics.indicators import Filters
from analytics.labels import t


def names(by: str = "division", lang: str = "zh") -> dict[str, str]:
    """Display names of divisions or key-industry groups."""
    if by == "division":
        table = reference.industries()
        return dict(zip(table.industry_code, table.name_en if lang == "en" else table.name_zh))
    groups = {g.key: g.name_en if lang == "en" else g.name_zh for g in reference.load_key_industries()}
    return {**groups, "other": t("other_industries", lang)}


def smooth(counts: pd.Series, exposure: pd.Series) -> tuple[pd.Series, float, float]:
    """Gamma-Poisson (empirical-Bayes) rates; returns (smoothed rates, alpha, beta)."""
    m = counts.sum() / exposure.sum()
    raw = counts / exposure
    s2 = (exposure * (raw - m) ** 2).sum() / exposure.sum()
    between = max(s2 - m / exposure.mean(), m * m * 1e-6)
    alpha, beta = m * m / between, m / between
    return (counts + alpha) / (exposure + beta), float(alpha), float(beta)


def rank(con: duckdb.DuckDBPyConnection, year: int, filters: Filters = Filters(), years: int = 3,
         by: str = "division") -> pd.DataFrame:
    """Divisions (or key-industry groups, ``by="key_group"``) ranked for the coming year ``year``
    from the ``years`` complete years before it."""
    if by not in ("division", "key_group"):
        raise ValueError(f"rank by division or key_group, not {by!r}")
    last = year - 1
    window = indicators.indicators(con, [by], Filters(**{**filters.__dict__, "first_year": last - years + 1,
                                                                "last_year": last}))
    window = window[window.person_years > 0].copy()
    if window.empty:
        return window.assign(smoothed_rate=[], raw_rate=[], expected_next=[], trend=[], burden_share=[],
                             rank_rate=[], rank_burden=[])
    window["smoothed_rate"], alpha, beta = smooth(window.injuries, window.person_years)
    window["smoothed_rate"] *= 1000
    window["raw_rate"] = window.injury_rate
    latest = indicators.indicators(con, [by], Filters(**{**filters.__dict__, "first_year": last, "last_year": last}))
    window = window.merge(latest[[by, "insured"]].rename(columns={"insured": "insured_last"}), on=by, how="left")
    window["expected_next"] = window.smoothed_rate / 1000 * window.insured_last.fillna(0)
    history = indicators.indicators(con, [by, "year"], Filters(**{**filters.__dict__, "first_year": last - 4,
                                                                         "last_year": last}))
    history = history[history.person_years > 0]
    trend = {}
    for code, part in history.groupby(by):
        if len(part) >= 3 and part.injuries.sum() >= 10:
            now = targets.poisson_trend(part.year, part.injuries, part.person_years, last)[0]
            ahead = targets.poisson_trend(part.year, part.injuries, part.person_years, last + 1)[0]
            trend[code] = ahead / now - 1
    window["trend"] = window[by].map(trend)
    total = window.expected_next.sum()
    window["burden_share"] = window.expected_next / total if total else np.nan
    window["rank_rate"] = window.smoothed_rate.rank(ascending=False, method="min").astype(int)
    window["rank_burden"] = window.expected_next.rank(ascending=False, method="min").astype(int)
    window.attrs.update(by=by, alpha=alpha, beta=beta, provincial_rate=float(window.injuries.sum() / window.person_years.sum() * 1000))
    return window.sort_values("smoothed_rate", ascending=False).reset_index(drop=True)


def propose(ranked: pd.DataFrame, names: dict[str, str], top: int = 5) -> pd.DataFrame:
    """Next year's proposed key industries: the top by smoothed rate or by burden, and any above the
    provincial rate that rose 10 % a year or more.

    Each gets its reason in Chinese, with its own numbers.
    """
    provincial = ranked.attrs.get("provincial_rate", np.nan)
    by = ranked.attrs.get("by", "division")
    ranked = ranked[ranked[by] != "other"]       # "all other industries" is no candidate
    rising = (ranked.trend >= 0.10) & (ranked.smoothed_rate >= provincial)   # rising from an already high level
    chosen = ranked[(ranked.rank_rate <= top) | (ranked.rank_burden <= top) | rising].copy()
    reasons = []
    for row in chosen.itertuples():
        parts = []
        if row.rank_rate <= top:
            parts.append(f"平滑工伤发生率 {row.smoothed_rate:.2f}‰，为全省平均 {provincial:.2f}‰ 的 "
                         f"{row.smoothed_rate / provincial:.1f} 倍（第 {row.rank_rate} 位）")
        if row.rank_burden <= top:
            parts.append(f"预计下一年工伤约 {row.expected_next:.0f} 起，占全省 {row.burden_share:.0%}（第 {row.rank_burden} 位）")
        if row.trend == row.trend and row.trend >= 0.10:
            parts.append(f"近五年工伤发生率年均上升 {row.trend:.0%}")
        reasons.append("；".join(parts))
    chosen["name"] = chosen[by].map(names).fillna(chosen[by])
    chosen["reason"] = reasons
    return chosen[[by, "name", "smoothed_rate", "raw_rate", "injuries", "expected_next", "burden_share",
                   "trend", "reason"]].reset_index(drop=True)
