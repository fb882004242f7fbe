"""Safety accidents (生产安全事故) reported to emergency management, driven by the same risk."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import dates_in_year, expand, flat
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import ACCIDENT_TYPES_BY_SECTION


def accidents(rng: np.random.Generator, pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The ``accidents`` feed: a few per hundred expected injuries; rare multi-death accidents in mining."""
    rows = expand(rng.poisson(ys.expected * 0.04 + 0.002))
    e, year = ys.e[rows], ys.year[rows]
    sector = pop.sector[e]
    big = rng.random(len(rows))
    deaths = np.where(big < 0.02, rng.integers(3, 8, len(rows)), np.where(big < 0.35, 1, 0))
    deaths = np.where((sector == "mining") & (big < 0.004), rng.integers(10, 14, len(rows)), deaths)
    return pd.DataFrame({
        "accident_no": [f"YJ-{y}-{i:06d}" for i, y in enumerate(year)],
        "uscc": pop.uscc[e],
        "date": dates_in_year(rng, year, flat(len(rows))).dt.date,
        "accident_type": [rng.choice(list(ACCIDENT_TYPES_BY_SECTION[s])) for s in sector],
        "deaths": deaths, "serious_injuries": rng.poisson(0.6, len(rows)), "minor_injuries": rng.poisson(1.2, len(rows)),
        "direct_loss": (rng.lognormal(3.5, 1.2, len(rows)) * (1 + deaths)).round(1),
    })
