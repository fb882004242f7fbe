"""Recognised work injuries (工伤认定) and the fund payments they lead to, year by year.

Recognised injuries ~ Poisson(insured x true_rate x report_prob): an under-reporting
enterprise has a low ``report_prob``. An injury is in the feed once it is recognised by
the demo's last date, so the partial year lacks its late recognitions, as real data do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import AS_OF, FIRST_YEAR, LAST_YEAR, Ids, dates_in_year, expand
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import ACCIDENT_TYPES_BY_SECTION, MONTH_SEASON, POSITIONS


def injuries(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years) -> tuple[pd.DataFrame, pd.Series]:
    """The ``injuries`` feed and the fund's payments per (enterprise, year) that follow from it."""
    rows = expand(rng.poisson(ys.expected * ys.report_prob))
    e, year = ys.e[rows], ys.year[rows]
    sec = pop.sector[e]
    season = np.array([MONTH_SEASON["construction" if s == "construction" else "other"] for s in sec]).reshape(-1, 12) \
        if len(rows) else np.ones((0, 12))
    accident_date = dates_in_year(rng, year, season)
    decision_lag = rng.gamma(3.0, 18.0, len(rows)).astype(int) + 10
    decision_date = accident_date + pd.to_timedelta(decision_lag, unit="D")
    recognised = (decision_date <= pd.Timestamp(AS_OF)).to_numpy()
    acc_type = np.empty(len(rows), dtype=int)
    for s, dist in ACCIDENT_TYPES_BY_SECTION.items():
        mask = sec == s
        p = np.array(list(dist.values()), dtype=float)
        acc_type[mask] = rng.choice(list(dist), size=mask.sum(), p=p / p.sum())
    fatal_p = np.select([sec == "mining", np.isin(sec, ["transport", "delivery"]), sec == "construction"],
                        [0.045, 0.035, 0.025], 0.008)
    fatal = rng.random(len(rows)) < fatal_p
    grade, lost_days, benefits = _severity(rng, fatal)
    frame = pd.DataFrame({
        "case_no": [f"{c}-{y}-{i:07d}" for i, (c, y) in enumerate(zip(pop.county[e], year))],
        "uscc": pop.uscc[e],
        "id_number": ids.person(pop.county[e], year),
        "accident_date": accident_date.dt.date, "decision_date": decision_date.dt.date,
        "accident_type": acc_type, "fatal": fatal,
        "disability_grade": pd.array(grade, dtype="Int64"), "lost_days": pd.array(lost_days, dtype="Int64"),
        "benefits": np.maximum(benefits, 500),
        "position": [POSITIONS[s][k % len(POSITIONS[s])] for s, k in zip(sec, rng.integers(0, 100, len(rows)))],
    })[recognised].reset_index(drop=True)
    return frame, _payments(frame, e[recognised])


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
