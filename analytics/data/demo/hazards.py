"""Hazards found by inspections (隐患排查) and their rectification: frail enterprises fix late or never."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import AS_OF, dates_in_year, expand, joined, padded, pick
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import DEPARTMENTS, HAZARD_CATEGORIES


def hazards(rng: np.random.Generator, pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The ``hazards`` feed: key industries are inspected four times as often."""
    inspect = np.where(ys.is_key, 1.0, 0.25) * np.sqrt(ys.insured / 30)
    rows = expand(rng.poisson(0.6 * inspect * ys.frailty_t ** 0.8 * ys.exposure_fraction))
    e, frailty = ys.e[rows], ys.frailty_t[rows]
    sector = pop.sector[e]
    found = dates_in_year(rng, ys.year[rows])
    deadline = found + pd.to_timedelta(rng.choice([15, 30, 60, 90], len(rows)), unit="D")
    major = rng.random(len(rows)) < 0.03 + 0.04 * np.minimum(frailty, 3)
    diligence = 1 / (1 + frailty)
    outcome = rng.random(len(rows))
    lag = np.where(outcome < 0.35 + 0.6 * diligence, -rng.integers(0, 15, len(rows)), rng.integers(5, 200, len(rows)))
    rectified = deadline + pd.to_timedelta(lag, unit="D")
    # A 重大隐患 is supervised (挂牌督办) until fixed: one is seldom left open for good.
    never = rng.random(len(rows)) < np.where(major, 0.01, 0.08) * frailty
    rectified = rectified.where((rectified <= pd.Timestamp(AS_OF)) & ~never & (rectified >= found))
    return pd.DataFrame({
        "hazard_no": joined("YH-", ys.year[rows], "-", padded(np.arange(len(rows)), 7)),
        "uscc": pop.uscc[e],
        "found_date": found,
        "level": np.where(major, "major", "general"),
        "category": pick(HAZARD_CATEGORIES, sector, rng.integers(0, 100, len(rows))),
        "deadline": deadline,
        "rectified_date": rectified,
        "department": pd.Series(sector).map(DEPARTMENTS).array,
    })
