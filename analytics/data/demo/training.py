"""Key positions (重点岗位人员) and their training records (培训记录) in key industries' plan years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import AS_OF, Ids, dates_in_year, expand, flat
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


def feeds(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``key_positions`` and ``trainings`` feeds: each key person trained with the year's coverage."""
    kp = key_positions(pop, ys)
    e = ys.e[kp.i]
    positions = pd.DataFrame({"uscc": pop.uscc[e], "year": ys.year[kp.i], "role": kp.role, "headcount": kp.headcount})
    trained = rng.binomial(kp.headcount.to_numpy(), np.minimum(1, ys.coverage[kp.i] * rng.uniform(0.8, 1.1, len(kp))))
    rows = expand(trained)
    i = kp.i.to_numpy()[rows]
    role = kp.role.to_numpy()[rows]
    completed = dates_in_year(rng, ys.year[i], flat(len(rows)))
    cap = pd.Timestamp(AS_OF)
    trainings = pd.DataFrame({
        "record_no": [f"PX-{y}-{n:07d}" for n, y in enumerate(ys.year[i])],
        "uscc": pop.uscc[ys.e[i]],
        "id_number": ids.person(pop.county[ys.e[i]], ys.year[i]),
        "role": role,
        "course": [COURSES[r] for r in role],
        "hours": rng.choice([8.0, 12.0, 16.0, 24.0], len(rows)),
        "completed_date": completed.where(completed <= cap, cap).dt.date,
        "online": rng.random(len(rows)) < 0.4,
    })
    return positions, trainings
