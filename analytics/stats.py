"""Small-count statistics shared by the measures and the targeting stages.

- ``poisson_interval``: exact (Garwood) interval of a Poisson rate;
- ``poisson_trend``: a log-linear Poisson trend with a quasi-Poisson interval, used for plan
  projections and industry trends;
- ``eb_smooth``: gamma-Poisson empirical-Bayes rates (Clayton and Kaldor 1987), so small
  groups are not ranked on noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95


def poisson_interval(count, exposure, per: float = 1.0, confidence: float = CONFIDENCE):
    """Exact (Garwood) interval of a Poisson rate ``count / exposure * per``."""
    count = np.asarray(count, dtype=float)
    exposure = np.asarray(exposure, dtype=float)
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(count > 0, stats.chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
        upper = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
        scale = np.where(exposure > 0, per / exposure, np.nan)
    return lower * scale, upper * scale



def poisson_trend(years, counts, exposure, at_year: int, confidence: float = 0.95):
    """Rate projected to ``at_year`` by a log-linear Poisson fit: (rate, low, high, se_log)."""
    x = np.asarray(years, dtype=float) - at_year          # centred at the projection year
    y = np.asarray(counts, dtype=float)
    offset = np.log(np.asarray(exposure, dtype=float))
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([np.log(max(y.sum(), 0.5) / np.exp(offset).sum()), 0.0])
    for _ in range(50):
        mu = np.exp(design @ beta + offset)
        info = design.T @ (design * mu[:, None])
        step = np.linalg.solve(info, design.T @ (y - mu))
        beta = beta + step
        if np.abs(step).max() < 1e-10:
            break
    mu = np.exp(design @ beta + offset)
    cov = np.linalg.inv(design.T @ (design * mu[:, None]))
    dof = len(y) - 2
    if dof > 0:
        dispersion = float(((y - mu) ** 2 / mu).sum() / dof)
        cov = cov * max(1.0, dispersion)
    se = float(np.sqrt(cov[0, 0]))
    z = stats.norm.ppf(0.5 + confidence / 2)
    return float(np.exp(beta[0])), float(np.exp(beta[0] - z * se)), float(np.exp(beta[0] + z * se)), se



def eb_smooth(counts: pd.Series, exposure: pd.Series) -> tuple[pd.Series, float, float]:
    """Gamma-Poisson (empirical-Bayes) rates; returns (smoothed rates, alpha, beta)."""
    m = counts.sum() / exposure.sum()
    if m == 0:                               # no events at all: nothing to smooth towards
        return counts * 0.0, 0.0, 0.0
    raw = counts / exposure
    s2 = (exposure * (raw - m) ** 2).sum() / exposure.sum()
    between = max(s2 - m / exposure.mean(), m * m * 1e-6)
    alpha, beta = m * m / between, m / between
    return (counts + alpha) / (exposure + beta), float(alpha), float(beta)


