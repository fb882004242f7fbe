"""Occupational-disease diagnoses (职业病诊断): pneumoconiosis where dust is, a few other diseases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data.demo.draws import Ids, dates_in_year, expand, joined, padded
from analytics.data.demo.population import Enterprises, Years
from analytics.data.demo.profile import OTHER_DISEASES, PNEUMOCONIOSIS_BY_DIVISION


def diseases(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The ``diseases`` feed: cases per insured person-year from the industry profile, falling in key industries."""
    rate = pop.profile.loc[pop.industry.to_numpy(), "disease_rate"].to_numpy()[ys.e] / 1000
    trend = np.where(ys.is_key, np.exp(-0.07 * ys.steps), 1.0)
    rows = expand(rng.poisson(ys.insured * rate * np.sqrt(ys.frailty_t) * trend * ys.exposure_fraction))
    e, year = ys.e[rows], ys.year[rows]
    division = pop.industry.str[:2].to_numpy()[e]
    pneumo_name = np.array([PNEUMOCONIOSIS_BY_DIVISION.get(d, "") for d in division], dtype=object)
    is_pneumo = (pneumo_name != "") & (rng.random(len(rows)) < 0.85)
    other = rng.integers(0, len(OTHER_DISEASES), len(rows))
    return pd.DataFrame({
        "case_no": joined("ZYB-", year, "-", padded(np.arange(len(rows)), 6)),
        "uscc": pop.uscc[e],
        "id_number": ids.person(pop.county[e], year - 5),
        "diagnosis_date": dates_in_year(rng, year),
        "category": np.where(is_pneumo, 1, [OTHER_DISEASES[k][0] for k in other]),
        "disease": np.where(is_pneumo, pneumo_name, [OTHER_DISEASES[k][1] for k in other]),
        "stage": np.where(is_pneumo, rng.choice(["壹期", "贰期", "叁期"], len(rows), p=[.7, .22, .08]), None),
        "exposure_years": rng.uniform(3, 30, len(rows)).round(1),
    })
