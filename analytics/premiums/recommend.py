"""Floating premium rates (工伤保险费率浮动, SPEC C5): rules, recommendations, fund impact.

Classes and benchmarks follow 人社部发〔2015〕71号: classes 1-8 at 0.2 ... 1.9 % of payroll;
class 1 floats only up (120 %, 150 %); classes 2-8 have tiers 50, 80, 100, 120, 150 %.
A province's rules file (``data/rules/*.toml``) sets the 支缴率 window, the bands, the
largest change in one year, the exceptions that forbid a float below 100 %, and the
treatment of employers with a short history; it may override benchmark rates
(``[benchmarks]``, class -> %) and the class of an industry (``[class_overrides]``).

For a rate year Y the window is the ``window_years`` complete years before Y, and
``支缴率 = Σ benefits_paid / Σ premium_paid`` over it. Steps, in order:

1. band: the employer's 支缴率 picks a tier from ``bands.no_new_injury`` or
   ``bands.new_injury`` (new injury last year, or in the window, per ``new_injury_scope``);
2. beyond practice, when enabled: credibility ``Z = P / (P + K)`` (P the employer's
   premiums in the window, K ``full_credibility_premium``) blends the employer's 支缴率 with
   its division's, ``Z x own + (1 - Z) x division``, before the band is read; the injury
   factor moves one tier up when the window's injury rate is at least ``rate_multiple`` x
   the division's with at least ``min_injuries`` injuries, and a new occupational-disease
   case forbids a tier below 100 %;
3. exceptions (accident of a listed level, late payment, optionally a fatal injury) lift a
   tier below 100 % to 100 %;
   the classes in ``up_only_classes`` (default: class 1) never go below 100 %;
4. at most ``max_tier_change`` steps on the class's tier ladder from the current tier;
5. too short a history (fewer than ``min_full_years`` years with premiums): 100 % with
   ``partial_history = "benchmark"``, else the available years are used.
"""


from __future__ import annotations

from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd

from analytics.data import warehouse
from analytics import labels
from analytics.data.feeds import ACCIDENT_LEVELS
from analytics.premiums.rules import TIERS, Band, Rules


def load_basis(con: duckdb.DuckDBPyConnection, year: int, release: bool = False) -> pd.DataFrame:
    """Per employer insured in ``year - 1``: the three years before ``year``, current rate, exceptions.

    Load once per rate year; ``recommend`` then applies any rules (a what-if) in memory. ``release``:
    a batch job's own connection, so the rows are taken a chunk at a time and DuckDB's cache given
    back before they are put together (``warehouse.run_query_released``).
    """
    read = warehouse.run_query_released if release else warehouse.run_query
    return read(con, "premiums/premium_basis", {"rate_year": year})


def _band_tier(ratio: pd.Series, bands: tuple[Band, ...]) -> pd.Series:
    tier = pd.Series(bands[-1].tier, index=ratio.index)
    for band in reversed(bands[:-1]):
        tier = tier.where(~(ratio <= band.max_ratio), band.tier)
    return tier


def recommend(basis: pd.DataFrame, rules: Rules, year: int, reasons: bool | Iterable[str] = True,
              lang: str = "zh") -> pd.DataFrame:
    """Recommended tier and rate of every employer in ``basis``, with the reason in ``lang``.

    ``reasons=False`` skips the text, for what-if sliders that need only tiers and income; a
    collection of USCCs writes it for those employers only (one enterprise's page). Every
    employer is still rated, because the rules compare each with its division.
    """
    b = basis.copy(deep=False)     # copy-on-write: the new columns never reach the caller's frame
    cls = b.industry_code.map(rules.class_overrides).fillna(b.division.map(rules.class_overrides))
    b["risk_class"] = cls.fillna(b.risk_class).astype(int)
    b["benchmark_rate"] = b.risk_class.map(rules.benchmarks)
    # Window figures use the rules' window (the basis may hold up to three years).
    first = year - rules.window_years
    for col in ("premium", "benefits", "injuries", "diseases", "person_years", "fatal", "late"):
        b[col] = sum(b[f"{col}_{k}"] for k in range(1, rules.window_years + 1))
    b["full_years"] = sum((b[f"premium_{k}"] > 0).astype(int) for k in range(1, rules.window_years + 1))
    b["worst_level"] = pd.concat([b[f"accident_level_{k}"] for k in range(1, rules.window_years + 1)], axis=1).max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        b["ratio"] = np.where(b.premium > 0, b.benefits / b.premium * 100, np.nan)
    division = b.groupby("division")[["benefits", "premium", "injuries", "person_years"]].transform("sum")
    b["division_ratio"] = division.benefits / division.premium.where(division.premium > 0) * 100
    b["credibility"] = b.premium / (b.premium + rules.full_credibility_premium)
    b["rated_ratio"] = b.ratio
    if rules.credibility:
        b["rated_ratio"] = b.credibility * b.ratio.fillna(b.division_ratio) + (1 - b.credibility) * b.division_ratio
    new_injury = (b.injuries_1 > 0) if rules.new_injury_scope == "last_year" else (b.injuries > 0)
    b["new_injury"] = new_injury
    band = pd.Series(np.where(new_injury, _band_tier(b.rated_ratio, rules.new_injury),
                              _band_tier(b.rated_ratio, rules.no_new_injury)), index=b.index)
    ladder = np.array(TIERS)
    step = pd.Series(np.searchsorted(ladder, band), index=b.index)
    if rules.injury_factor:
        division_rate = division.injuries / division.person_years.where(division.person_years > 0)
        own_rate = b.injuries / b.person_years.where(b.person_years > 0)
        b["injury_factor_up"] = (b.injuries >= rules.min_injuries) & (own_rate >= rules.rate_multiple * division_rate)
        step = (step + b.injury_factor_up.astype(int)).clip(upper=len(ladder) - 1)
    else:
        b["injury_factor_up"] = False
    b["band_tier"] = ladder[step]
    level_rank = {lv: i for i, lv in enumerate(ACCIDENT_LEVELS)}
    listed = min((level_rank[lv] for lv in rules.accident_levels), default=99)
    b["blocked_accident"] = b.worst_level.fillna(-1) >= listed
    b["blocked_late"] = rules.late_payment & (b.late > 0)
    b["blocked_fatal"] = rules.fatal_injury & (b.fatal > 0)
    b["blocked_disease"] = rules.injury_factor & rules.disease_blocks_discount & (b.diseases > 0)
    up_only = b.risk_class.isin(rules.up_only_classes)
    blocked = b.blocked_accident | b.blocked_late | b.blocked_fatal | b.blocked_disease | up_only
    tier = b.band_tier.where(~(blocked & (b.band_tier < 100)), 100)
    nearest = np.abs(ladder[None, :] - (b.rate_applied_last / b.benchmark_rate * 100).to_numpy()[:, None]).argmin(axis=1)
    current = pd.Series(np.where(b.rate_applied_last.notna(), ladder[nearest], 100), index=b.index).astype(int)
    cur_step = np.searchsorted(ladder, current)
    limited = np.clip(np.searchsorted(ladder, tier), cur_step - rules.max_tier_change, cur_step + rules.max_tier_change)
    b["limited"] = limited != np.searchsorted(ladder, tier)
    tier = pd.Series(ladder[limited], index=b.index)
    short = b.full_years < rules.min_full_years
    b["short_history"] = short
    if rules.partial_history == "benchmark":
        tier = tier.where(~short, 100)
    tier = tier.where(~(up_only & (tier < 100)), 100)      # class 1 (by default) floats only up
    b["current_tier"] = current
    b["up_only"] = up_only
    b["recommended_tier"] = tier.astype(int)
    b["current_rate"] = b.benchmark_rate * current / 100
    b["recommended_rate"] = b.benchmark_rate * b.recommended_tier / 100
    b["window"] = f"{first}-{year - 1}" if rules.window_years > 1 else str(year - 1)
    if reasons is True:
        b["reason"] = _reasons(b, rules, lang)
    elif reasons:
        wanted = b.uscc.isin(list(reasons))
        b["reason"] = ""
        b.loc[wanted, "reason"] = _reasons(b[wanted], rules, lang)
    return b


def _reasons(b: pd.DataFrame, rules: Rules, lang: str = "zh") -> list[str]:
    """The rule that fired, with its numbers, in plain words (templates fetched once: 50,000 employers are fast)."""
    w = {key: labels.t(key, lang) for key in (
        "premium_credibility", "premium_injury_factor", "premium_accident", "premium_late", "premium_fatal",
        "premium_disease", "premium_up_only", "premium_limited", "premium_tail", "premium_no_ratio")}
    scope = labels.t("premium_scope_last_year", lang) if rules.new_injury_scope == "last_year" else \
        labels.t("premium_scope_window", lang, years=rules.window_years)
    band_new, band_none = labels.t("premium_band_new", lang), labels.t("premium_band_none", lang)
    head = labels.t("premium_head", lang)
    window = b.window.iloc[0] if len(b) else ""
    short = labels.t(f"premium_short_{rules.partial_history}", lang, n=rules.min_full_years)
    levels = {i: labels.pair(labels.ACCIDENT_LEVELS[lv], lang) for i, lv in enumerate(ACCIDENT_LEVELS)}
    out = []
    for (ratio, rated, benefits, premium, z, div_ratio, new, band, up, acc, level, late, fatal, disease, up_only,
         limited, cur, rec, is_short, rate, bench) in zip(
            b.ratio, b.rated_ratio, b.benefits, b.premium, b.credibility, b.division_ratio, b.new_injury,
            b.band_tier, b.injury_factor_up, b.blocked_accident, b.worst_level, b.blocked_late, b.blocked_fatal,
            b.blocked_disease, b.up_only, b.limited, b.current_tier, b.recommended_tier, b.short_history,
            b.recommended_rate, b.benchmark_rate):
        text = head.format(years=rules.window_years, window=window,
                           ratio=f"{ratio:.1f}%" if ratio == ratio else w["premium_no_ratio"],
                           benefits=benefits / 1e4, premium=premium / 1e4)
        if rules.credibility:
            text += w["premium_credibility"].format(z=z, division=div_ratio, rated=rated)
        text += (band_new if new else band_none).format(scope=scope, tier=band)
        if up:
            text += w["premium_injury_factor"].format(multiple=rules.rate_multiple)
        if acc:
            text += w["premium_accident"].format(level=levels[int(level)])
        if late:
            text += w["premium_late"]
        if fatal:
            text += w["premium_fatal"]
        if disease:
            text += w["premium_disease"]
        if up_only:
            text += w["premium_up_only"]
        if limited:
            text += w["premium_limited"].format(n=rules.max_tier_change, current=cur, recommended=rec)
        if is_short:
            text += short
        out.append(text + w["premium_tail"].format(rate=rate, benchmark=bench, tier=rec))
    return out


def model_expected(con: duckdb.DuckDBPyConnection, year: int, release: bool = False) -> pd.Series | None:
    """Each employer's expected injuries in ``year`` (indexed by USCC) from the registered default
    model on the features of ``year - 1``; None without a registered count model. ``release``: a batch
    job's own connection (``features.build``)."""
    from analytics.targeting import features, models, registry

    try:
        model, meta = registry.load()
    except (LookupError, OSError):
        return None
    if meta.get("kind") != "count":
        return None
    frame = features.build(con, year - 1, year - 1, release=release)
    return pd.Series(models.expected_injuries(model, frame), index=frame.uscc)


def model_payouts(con: duckdb.DuckDBPyConnection, rec: pd.DataFrame, year: int,
                  expected: pd.Series | None = None) -> pd.Series | None:
    """Expected payouts from the registered targeting model, if one is registered.

    Expected injuries next year (:func:`model_expected`, or ``expected`` when already scored: a
    million-employer job scores before it builds ``rec``, so the two never sit in memory together)
    times the province's fund payments per recognised injury over the window. None without a model.
    """
    expected = model_expected(con, year) if expected is None else expected
    if expected is None:
        return None
    per_injury = rec.benefits.sum() / max(rec.injuries.sum(), 1)
    return rec.uscc.map(expected).fillna(0).set_axis(rec.index) * per_injury
