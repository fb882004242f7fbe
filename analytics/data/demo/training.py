"""Key positions (重点岗位人员) and their training records (培训记录) in key industries' plan years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import AS_OF, Ids, dates_in_year, expand, joined, padded
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import COURSES

# Key-position headcount: one principal, one safety manager per 80 insured, one team leader and
# one exposed worker per 40 (exposed workers only where the work exposes them).
PER_INSURED = (("principal", 0), ("safety_manager", 80), ("team_leader", 40), ("exposed_worker", 40))


def key_positions(pop: Enterprises, ys: Years) -> pd.DataFrame:
    """Headcount per key-industry enterprise-year (30 insured or more, from 2021) and role; ``i`` indexes ``ys``."""
    plan = ys.is_key & (ys.year >= 2021) & (ys.insured >= 30)
    parts = []
    for role, per in PER_INSURED:
        count = np.ones(plan.sum(), dtype=int) if per == 0 else np.maximum(1, ys.insured[plan] // per)
        parts.append(pd.DataFrame({"i": np.flatnonzero(plan), "role": role, "headcount": count}))
    kp = pd.concat(parts, ignore_index=True)
    exposed_sector = pop.sector[ys.e[kp.i]]
    kp = kp[(kp.role != "exposed_worker") | np.isin(exposed_sector, ["mining", "chemicals", "manufacturing"])]
    return kp.reset_index(drop=True)


def positions(pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The ``key_positions`` feed (no random draws: it can go before ``trainings`` is drawn)."""
    kp = key_positions(pop, ys)
    return pd.DataFrame({"uscc": pop.uscc[ys.e[kp.i]], "year": ys.year[kp.i], "role": kp.role,
                         "headcount": kp.headcount})


def trainings(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The ``trainings`` feed: each key person trained with the year's coverage."""
    kp = key_positions(pop, ys)
    trained = rng.binomial(kp.headcount.to_numpy(), np.minimum(1, ys.coverage[kp.i] * rng.uniform(0.8, 1.1, len(kp))))
    rows = expand(trained)
    i = kp.i.to_numpy()[rows]
    role = kp.role.array.take(rows)
    completed = dates_in_year(rng, ys.year[i])
    cap = pd.Timestamp(AS_OF)
    return pd.DataFrame({
        "record_no": joined("PX-", ys.year[i], "-", padded(np.arange(len(rows)), 7)),
        "uscc": pop.uscc[ys.e[i]],
        "id_number": ids.person(pop.county[ys.e[i]], ys.year[i]),
        "role": role,
        "course": pd.Series(role).map(COURSES).array,
        "hours": rng.choice([8.0, 12.0, 16.0, 24.0], len(rows)),
        "completed_date": completed.where(completed <= cap, cap),
        "online": rng.random(len(rows)) < 0.4,
    })
