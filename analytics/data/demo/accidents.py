"""Safety accidents (生产安全事故) reported to emergency management.

Every death of the injuries generator is a deadly accident here, on the same enterprise and
date, the deaths of one accident together; whether the death also became a recognised
injury depends on the enterprise's reporting (see ``injuries``). Accidents without deaths are
drawn from the same risk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import dates_in_year, expand, joined, padded
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import ACCIDENT_TYPES_BY_SECTION


def accidents(rng: np.random.Generator, pop: Enterprises, ys: Years, fatal_events: pd.DataFrame) -> pd.DataFrame:
    """The ``accidents`` feed: one per deadly accident, and a few without deaths per hundred expected injuries."""
    deadly = fatal_events.groupby("accident").agg(i=("i", "first"), date=("date", "first"),
                                                   accident_type=("accident_type", "first"), deaths=("i", "size"))
    rows = expand(rng.poisson(ys.expected * 0.025 + 0.002))
    sector = pop.sector[ys.e[rows]]
    harmless = pd.DataFrame({"i": rows, "date": dates_in_year(rng, ys.year[rows]).to_numpy(),
                             "accident_type": [rng.choice(list(ACCIDENT_TYPES_BY_SECTION[s])) for s in sector],
                             "deaths": 0})
    both = pd.concat([deadly.reset_index(drop=True), harmless], ignore_index=True)
    n = len(both)
    year = ys.year[both.i]
    return pd.DataFrame({
        "accident_no": joined("YJ-", year, "-", padded(np.arange(n), 6)),
        "uscc": pop.uscc[ys.e[both.i]],
        "date": pd.to_datetime(both.date),
        "accident_type": both.accident_type.astype(int),
        "deaths": both.deaths.astype(int), "serious_injuries": rng.poisson(0.6, n), "minor_injuries": rng.poisson(1.2, n),
        "direct_loss": (rng.lognormal(3.5, 1.2, n) * (1 + both.deaths)).round(1),
    })
