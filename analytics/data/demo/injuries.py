"""Work injuries (工伤认定) as they happened and as they were recognised, and the fund payments.

Every injury that happens is drawn (Poisson(insured x true_rate)); an enterprise reports each
with its ``report_prob``, so an under-reporting enterprise has fewer recognitions than its
risk. A few fatal injuries are one of several deaths in the same accident (a 较大 or, rarely in
mining, a 重大 accident). An injury is in the feed once reported and recognised by the demo's
last date, so the partial year lacks its late recognitions, as real data do. Every death,
reported or not, also reaches emergency management as a safety accident (``fatal_events``):
the deaths that never became recognitions are the documented, findable under-reporting.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics.data.demo.draws import AS_OF, FIRST_YEAR, LAST_YEAR, Ids, dates_in_year, expand, joined, padded, pick
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import ACCIDENT_TYPES_BY_SECTION, MONTH_SEASON, POSITIONS


def injuries(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years,
             averted: Callable[[pd.DataFrame], np.ndarray] | None = None) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """The ``injuries`` feed, the fund's payments per (enterprise, year), and every fatal event
    (``i`` into ``ys``, ``date``, ``accident_type``, ``accident`` grouping the deaths of one accident).

    ``averted(happened)``, if given, marks the accidents prevention averted (the projects' planted
    effect); they are drawn like the rest, then left out, so the other draws stay as they were."""
    happened = _happened(rng, pop, ys)
    n = len(happened)
    e, year, sec = ys.e[happened.i], ys.year[happened.i], pop.sector[ys.e[happened.i]]
    reported = rng.random(n) < ys.report_prob[happened.i]
    decision_lag = rng.gamma(3.0, 18.0, n).astype(int) + 10
    decision_date = happened.date + pd.to_timedelta(decision_lag, unit="D")
    recognised = reported & (decision_date <= pd.Timestamp(AS_OF)).to_numpy()
    grade, lost_days, benefits = _severity(rng, happened.fatal.to_numpy())
    frame = pd.DataFrame({
        "case_no": joined(pa.array(pop.county[e], pa.string()), "-", year, "-", padded(np.arange(n), 7)),
        "uscc": pop.uscc[e],
        "id_number": ids.person(pop.county[e], year),
        "accident_date": happened.date, "decision_date": decision_date,
        "accident_type": happened.accident_type.to_numpy(), "fatal": happened.fatal.to_numpy(),
        "disability_grade": pd.array(grade, dtype="Int64"), "lost_days": pd.array(lost_days, dtype="Int64"),
        "benefits": np.maximum(benefits, 500),
        "position": pick(POSITIONS, sec, rng.integers(0, 100, n)),
    })
    kept = ~averted(happened) if averted is not None else np.ones(n, dtype=bool)
    frame = frame[recognised & kept].reset_index(drop=True)
    fatal_events = happened[happened.fatal & kept].drop(columns="fatal").reset_index(drop=True)
    return frame, _payments(frame, e[recognised & kept]), fatal_events


def _happened(rng: np.random.Generator, pop: Enterprises, ys: Years) -> pd.DataFrame:
    """Every injury that happened: its enterprise-year ``i``, date, GB 6441 type, death; the
    extra deaths of multi-fatality accidents share their accident's date and type."""
    rows = expand(rng.poisson(ys.expected))
    sec = pop.sector[ys.e[rows]]
    seasons = np.array([MONTH_SEASON["other"], MONTH_SEASON["construction"]])
    date = dates_in_year(rng, ys.year[rows], seasons, which=(sec == "construction").astype(int))
    acc_type = np.empty(len(rows), dtype=int)
    for s, dist in ACCIDENT_TYPES_BY_SECTION.items():
        mask = sec == s
        p = np.array(list(dist.values()), dtype=float)
        acc_type[mask] = rng.choice(list(dist), size=mask.sum(), p=p / p.sum())
    fatal_p = np.select([sec == "mining", np.isin(sec, ["transport", "delivery"]), sec == "construction"],
                        [0.045, 0.035, 0.025], 0.008)
    fatal = rng.random(len(rows)) < fatal_p
    # 较大 accidents: 2 % of deadly accidents kill 3 to 7; in mining 0.3 % kill 10 to 13 (重大).
    extra = np.where(fatal & (rng.random(len(rows)) < 0.02), rng.integers(2, 7, len(rows)), 0)
    extra = np.where(fatal & (sec == "mining") & (rng.random(len(rows)) < 0.003), rng.integers(9, 13, len(rows)), extra)
    first = pd.DataFrame({"i": rows, "date": date.to_numpy(), "accident_type": acc_type, "fatal": fatal,
                          "accident": np.arange(len(rows))})
    more = first.iloc[expand(extra)].assign(fatal=True)
    return pd.concat([first, more], ignore_index=True).sort_values(["i", "accident"], kind="stable").reset_index(drop=True)


def _severity(rng: np.random.Generator, fatal: np.ndarray):
    """Disability grade (1-10 or none), lost days and the award of each injury."""
    n = len(fatal)
    u = rng.random(n)
    grade = np.where(fatal, pd.NA, np.where(u < 0.03, rng.integers(1, 5, n),
                     np.where(u < 0.38, rng.choice([5, 6, 7, 8, 9, 10], n, p=[.03, .05, .1, .17, .3, .35]), pd.NA)))
    lost_days = np.where(fatal, pd.NA, np.minimum(365, rng.lognormal(3.8, 0.7, n).astype(int) + 7))
    grade_num = pd.to_numeric(pd.Series(grade), errors="coerce").to_numpy()
    benefits = np.select([fatal, grade_num <= 4, grade_num <= 10],
                         [rng.normal(1_050_000, 80_000, n), rng.normal(420_000, 90_000, n),
                          (11 - np.nan_to_num(grade_num)) * rng.normal(16_000, 3_000, n)],
                         rng.lognormal(9.2, 0.6, n)).round(2)
    return grade, lost_days, benefits


def _payments(frame: pd.DataFrame, e: np.ndarray) -> pd.Series:
    """Fund payments by decision year: the award, then yearly 伤残津贴 (grades 1-4) or
    供养亲属抚恤金 (deaths) in every later year; indexed by (enterprise, year)."""
    decided = pd.to_datetime(frame.decision_date).dt.year.to_numpy()
    paid = pd.DataFrame({"e": e, "year": decided, "benefits": frame.benefits.to_numpy()})
    pension = np.where(frame.fatal, 30_000.0, np.where(frame.disability_grade.fillna(99) <= 4, 45_000.0, 0.0))
    later = [paid.assign(year=decided + k, benefits=pension)[pension > 0] for k in range(1, LAST_YEAR - FIRST_YEAR + 1)]
    return pd.concat([paid, *later]).groupby(["e", "year"]).benefits.sum()
