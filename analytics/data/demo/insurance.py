"""Insurance contributions and payouts (参保缴费) per enterprise-year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.data import reference
from analytics.data.demo.population import Enterprises, Years


def insurance(rng: np.random.Generator, pop: Enterprises, ys: Years, paid: pd.Series) -> pd.DataFrame:
    """The ``insurance`` feed: payroll, the rate applied (a tier of the class's benchmark), late payment,
    and the fund payments ``paid`` by (enterprise, year) from the injuries."""
    n = len(ys.e)
    rate_class = reference.industries().set_index("industry_code").risk_class
    cls = pop.industry.map(rate_class).fillna(pop.industry.str[:2].map(rate_class)).to_numpy()[ys.e].astype(int)
    wage = 68_000 * 1.055 ** (ys.year - 2018) * rng.lognormal(0, 0.2, n)
    payroll = (ys.insured * wage * ys.exposure_fraction).round(-2)
    tier = rng.choice([0.8, 1.0, 1.0, 1.0, 1.2, 1.5], n)
    tier = np.where(cls == 1, np.maximum(tier, 1.0), tier)
    benchmark = np.zeros(max(reference.BENCHMARK_RATES) + 1)
    benchmark[list(reference.BENCHMARK_RATES)] = list(reference.BENCHMARK_RATES.values())
    rate_applied = benchmark[cls] * tier
    late = rng.random(n) < 0.03 * np.minimum(ys.frailty_t, 3)
    premium = (payroll * rate_applied / 100 * np.where(late, rng.uniform(0.5, 0.9, n), 1.0)).round(2)
    benefit = paid.reindex(pd.MultiIndex.from_arrays([ys.e, ys.year])).fillna(0).to_numpy()
    return pd.DataFrame({
        "uscc": pop.uscc[ys.e], "year": ys.year, "insured": ys.insured, "payroll": payroll,
        "premium_paid": premium, "benefits_paid": benefit.round(2), "rate_class": cls,
        "rate_applied": rate_applied.round(3), "paid_late": late,
    })
