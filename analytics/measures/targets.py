"""Plan targets (目标考核): base, actual, target path, gap, projection and a plain verdict.

Target path: the rate falls geometrically from the base year to the plan's last year,
``base x (1 - reduction) ** ((year - base_year) / (last_year - base_year))``; with
``annual_reduction`` the path is ``base x (1 - annual_reduction) ** (year - base_year)``
and every year must also fall that much below the year before.

Projection: a Poisson log-linear trend fitted to the base year and the complete plan years
(counts with log person-years as offset; a partial year is left out because recognitions
lag accidents, which biases a year-to-date rate down), by iteratively reweighted least squares; the
variance is scaled by the Pearson dispersion when it exceeds 1 (quasi-Poisson), and the 95 %
interval of the projected last-year rate comes from the normal approximation in log scale.

Verdict rule:
- 达标 (met): the latest complete year is at or below the last-year target (and, with an
  annual test, every complete year fell at least that much);
- 有望达标 (on track): not yet, but the projected last-year rate is at or below the target;
- 难以达标 (off track): the projection is above the target;
- 未达标 (missed): the plan is over and the last year is above the target;
- 数据不足 (no data): no complete plan year yet (only the base year or a partial year).
The probability that the last-year rate ends at or below target is given with each verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import norm

from analytics import config, labels, paths, stats
from analytics.data import reference, warehouse
from analytics.measures import indicators, training
from analytics.measures.indicators import Filters

VERDICTS = labels.VERDICTS
COVERAGE = "training_coverage"      # a level to reach, not a rate to lower


@dataclass(frozen=True)
class Target:
    key: str
    name_zh: str
    name_en: str
    indicator: str
    scope: str
    reduction: float
    annual_reduction: float | None = None
    province: str | None = None   # a province's own target (Jilin's 5 % a year); None: every province
    goal: float | None = None     # a coverage target's level to reach by the last year (1.0 = 100 %)


@dataclass(frozen=True)
class Plan:
    key: str
    name_zh: str
    name_en: str
    base_year: int
    first_year: int
    last_year: int
    targets: tuple[Target, ...]


def load_plans(path: str | Path | None = None) -> dict[str, Plan]:
    """Read and validate ``data/config/plans.toml``; errors name the file, key and allowed values."""
    doc = config.read(path or paths.CONFIG_DIR / "plans.toml")
    plans = {}
    for key, spec in doc.sections("plans").items():
        spec.require("name_zh", "name_en", "base_year", "first_year", "last_year", "targets")
        base, first, last = (spec.integer(k) for k in ("base_year", "first_year", "last_year"))
        if not base < first <= last:
            spec.fail("", "need base_year < first_year <= last_year")
        targets = []
        for t in spec.items("targets"):
            t.require("key", "name_zh", "name_en", "indicator", "scope")
            indicator = t.choice("indicator", [*indicators.RATES, COVERAGE])
            t.require("goal" if indicator == COVERAGE else "reduction")
            targets.append(Target(
                t.text("key"), t.text("name_zh"), t.text("name_en"), indicator, t.choice("scope", ("key_industries", "all")),
                _fraction(t, "reduction") if indicator != COVERAGE else 0.0,
                _fraction(t, "annual_reduction") if "annual_reduction" in t.doc else None,
                t.choice("province", tuple(reference.PROVINCES)) if t.get("province") is not None else None,
                t.number("goal", low=0, high=1) if indicator == COVERAGE else None))
        plans[key] = Plan(key, spec.text("name_zh"), spec.text("name_en"), base, first, last, tuple(targets))
    return plans


def _fraction(section: config.Section, key: str) -> float:
    value = section.get(key)
    if not (isinstance(value, (int, float)) and 0 <= value < 1):
        section.fail(key, f"{value!r}; allowed: a fraction from 0 to below 1 (0.2 = 20 %)")
    return float(value)


def plan_for(year: int, plans: dict[str, Plan] | None = None) -> str:
    """The plan period a year is judged under: the latest plan that has begun by ``year``
    (the first plan for a year before every plan)."""
    plans = plans or load_plans()
    begun = [p for p in plans.values() if p.first_year <= year]
    chosen = max(begun, key=lambda p: p.first_year) if begun else min(plans.values(), key=lambda p: p.first_year)
    return chosen.key


def target_path(plan: Plan, target: Target, base_rate: float) -> dict[int, float]:
    years = range(plan.base_year, plan.last_year + 1)
    if target.annual_reduction:
        return {y: base_rate * (1 - target.annual_reduction) ** (y - plan.base_year) for y in years}
    span = plan.last_year - plan.base_year
    return {y: base_rate * (1 - target.reduction) ** ((y - plan.base_year) / span) for y in years}


def _scope_filters(con, plan: Plan, target: Target, filters: Filters) -> Filters:
    if target.scope == "all":
        return filters
    groups = warehouse.run_query(con, "measures/plan_key_groups",
                                 {"first_year": plan.first_year, "last_year": plan.last_year}).key_group.tolist()
    chosen = tuple(g for g in groups if filters.key_group is None or g in filters.key_group)
    # The plan's groups in every year, the base year included, so base and actuals compare alike.
    return replace(filters, key_group=None, mapped_group=chosen)


def evaluate(con: duckdb.DuckDBPyConnection, plan_key: str = "2021-2025", filters: Filters = Filters(),
             plans: dict[str, Plan] | None = None) -> list[dict]:
    """Every target of a plan that applies to the warehouse's province: base, actual by year, path,
    gap, projection and verdict."""
    plans = plans or load_plans()
    if plan_key not in plans:
        raise ValueError(f"unknown plan {plan_key!r}; choose from {', '.join(plans)}")
    plan = plans[plan_key]
    ytd_year, fraction = indicators.current_year(con)
    out = []
    province = warehouse.province_of(con)
    for target in plan.targets:
        if target.province not in (None, province):
            continue
        scoped = _scope_filters(con, plan, target, filters)
        if target.indicator == COVERAGE:
            out.append(_coverage_target(con, plan, target, scoped))
            continue
        yearly = indicators.indicators(con, ["year"], replace(scoped, first_year=plan.base_year,
                                                                last_year=plan.last_year))
        count_col = indicators.RATES[target.indicator][0]
        yearly = yearly[yearly.person_years > 0]
        base = yearly[yearly.year == plan.base_year]
        result = {"plan": plan.key, "target": target.key, "name_zh": target.name_zh, "name_en": target.name_en,
                  "indicator": target.indicator, "reduction": target.reduction,
                  "annual_reduction": target.annual_reduction, "base_year": plan.base_year,
                  "last_year": plan.last_year, "years": []}
        if base.empty or base[count_col].iloc[0] == 0:
            result.update(verdict="no_data", base_rate=None)
            out.append(result)
            continue
        base_rate = float(base[target.indicator].iloc[0])
        path = target_path(plan, target, base_rate)
        goal = path[plan.last_year]
        complete = yearly[(yearly.year > plan.base_year) & ~yearly.ytd]
        for row in yearly.itertuples():
            result["years"].append({
                "year": int(row.year), "actual": float(getattr(row, target.indicator)),
                "low": float(getattr(row, target.indicator + "_low")),
                "high": float(getattr(row, target.indicator + "_high")),
                "count": float(getattr(row, count_col)), "person_years": float(row.person_years),
                "ytd": bool(row.ytd), "target": path[int(row.year)],
                "gap": float(getattr(row, target.indicator)) - path[int(row.year)],
            })
        latest = complete.iloc[-1] if not complete.empty else None
        projection = None
        if latest is not None:
            fit = yearly[(yearly.year >= plan.base_year) & ~yearly.ytd]
            per = indicators.RATES[target.indicator][1]
            rate, low, high, se = stats.poisson_trend(fit.year, fit[count_col], fit.person_years, plan.last_year)
            p_meet = float(norm.cdf((np.log(goal / per) - np.log(rate)) / se)) if se > 0 else float(rate * per <= goal)
            projection = {"year": plan.last_year, "rate": rate * per, "low": low * per, "high": high * per,
                          "probability_met": p_meet, "fitted_years": [int(y) for y in fit.year],
                          "method": "Poisson log-linear trend on complete years (quasi-Poisson SE)"}
        annual_ok = True
        if target.annual_reduction and latest is not None:
            series = yearly[~yearly.ytd].set_index("year")[target.indicator]
            drops = series / series.shift(1) - 1
            annual_ok = bool((drops.dropna() <= -target.annual_reduction).all())
        over = latest is not None and int(latest.year) >= plan.last_year
        if latest is None:
            verdict = "no_data"
        elif over:
            verdict = "met" if latest[target.indicator] <= goal and annual_ok else "missed"
        elif latest[target.indicator] <= goal and annual_ok:
            verdict = "met"
        elif projection["rate"] <= goal:
            verdict = "on_track"
        else:
            verdict = "off_track"
        result.update(base_rate=base_rate, target_rate=goal, verdict=verdict,
                      latest_year=None if latest is None else int(latest.year),
                      latest_rate=None if latest is None else float(latest[target.indicator]),
                      projection=projection,
                      annual_test_passed=annual_ok if target.annual_reduction else None,
                      ytd_year=ytd_year if fraction < 1 else None)
        out.append(result)
    return out


def _coverage_target(con, plan: Plan, target: Target, scoped: Filters) -> dict:
    """A level to reach (training coverage): met once a complete year reaches the goal; otherwise
    judged by the straight-line trend of the complete plan years projected to the last year."""
    yearly = training.coverage(con, ["year"], replace(scoped, first_year=plan.first_year, last_year=plan.last_year))
    yearly = yearly[yearly.headcount > 0]
    complete = yearly[~yearly.ytd]
    result = {"plan": plan.key, "target": target.key, "name_zh": target.name_zh, "name_en": target.name_en,
              "indicator": target.indicator, "goal": target.goal, "base_year": plan.base_year,
              "last_year": plan.last_year, "target_rate": target.goal, "base_rate": None,
              "years": [{"year": int(r.year), "actual": float(r.coverage), "trained": int(r.trained),
                         "headcount": int(r.headcount), "ytd": bool(r.ytd), "target": target.goal}
                        for r in yearly.itertuples()]}
    if complete.empty:
        return {**result, "verdict": "no_data"}
    latest = complete.iloc[-1]
    projection = None
    if len(complete) >= 2:
        slope, intercept = np.polyfit(complete.year, complete.coverage, 1)
        rate = float(min(1.0, slope * plan.last_year + intercept))
        projection = {"year": plan.last_year, "rate": rate, "low": None, "high": None, "probability_met": None,
                      "fitted_years": [int(y) for y in complete.year], "method": "straight-line trend of complete years"}
    if latest.coverage >= target.goal:
        verdict = "met"
    elif int(latest.year) >= plan.last_year:
        verdict = "missed"
    elif projection is None:
        verdict = "no_data"
    else:
        verdict = "on_track" if projection["rate"] >= target.goal else "off_track"
    return {**result, "verdict": verdict, "latest_year": int(latest.year), "latest_rate": float(latest.coverage),
            "projection": projection}


def summary_table(results: list[dict], lang: str = "zh") -> pd.DataFrame:
    """One row per target, for a page or the CLI."""
    i = 1 if lang == "en" else 0
    rows = []
    for r in results:
        p = r.get("projection") or {}
        rows.append({"target": r["name_en" if lang == "en" else "name_zh"], "indicator": r["indicator"],
                     "base_year": r.get("base_year"), "base_rate": r.get("base_rate"),
                     "latest_year": r.get("latest_year"), "latest_rate": r.get("latest_rate"),
                     "target_year": r.get("last_year"),
                     "target_rate": r.get("target_rate"), "projected": p.get("rate"),
                     "projected_low": p.get("low"), "projected_high": p.get("high"),
                     "probability_met": p.get("probability_met"), "verdict": VERDICTS[r["verdict"]][i]})
    return pd.DataFrame(rows)


def responsibility(con: duckdb.DuckDBPyConnection, plan_key: str = "2021-2025", prefecture: str | None = None,
                   filters: Filters = Filters(), plans: dict[str, Plan] | None = None) -> pd.DataFrame:
    """目标责任考核: every prefecture (or every county of ``prefecture``) side by side, one row per place
    and target: base, latest, target, projection and verdict, each place judged on its own records."""
    regions = warehouse.query(con, "select region_code, name_zh, level, prefecture_code from regions")
    if prefecture:
        places = regions[(regions.level == "county") & (regions.prefecture_code == prefecture)]
    else:
        places = regions[regions.level == "prefecture"]
    plans = plans or load_plans()
    rows = []
    for place in places.sort_values("region_code").itertuples():
        scoped = replace(filters, prefecture=(place.prefecture_code,),
                         county=(place.region_code,) if place.level == "county" else None)
        for r in evaluate(con, plan_key, scoped, plans):
            p = r.get("projection") or {}
            rows.append({"region_code": place.region_code, "region": place.name_zh, "target": r["target"],
                         "name_zh": r["name_zh"], "name_en": r["name_en"], "indicator": r["indicator"],
                         "base_year": r.get("base_year"), "base_rate": r.get("base_rate"),
                         "latest_year": r.get("latest_year"), "latest_rate": r.get("latest_rate"),
                         "target_year": r.get("last_year"), "target_rate": r.get("target_rate"),
                         "projected": p.get("rate"), "verdict": r["verdict"]})
    return pd.DataFrame(rows)
