"""Credibility: how far an employer's own record says its risk departs from its peers'.

An employer's injuries of one year are a noisy reading of a risk that is partly lasting
(its safety management) and partly drifting; the hazards inspectors found tell of the same
risk through another department's eyes. Each year of each record is read as a ratio to what
its peers would have had (same industry, shrunk towards its division, and prefecture, at its
size); the ratios are weighed by how much of them is signal and how much Poisson noise, and
how fast the drift fades: the best linear predictor of next year's injury ratio (Bühlmann and
Straub's credibility, with covariances that decay with the years between readings, as in
Gerber and Jones 1975 and Sundt 1981, and several records as in Jewell's multivariate
credibility). Every variance and covariance is estimated from the same year's records by
moments, so nothing about the demo is assumed:

    Cov(ratio of record A at year t - k, ratio of record B at year t - j) = a + b * phi ** |k - j|

>>> ratio = estimate({"injuries": X, "hazards": H}, exposure, cells)   # doctest: +SKIP

Everything is computed per year t from what was known at the end of t, so the features stay
point-in-time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

LAGS = 8                 # years of record read, t and the seven before it
PRIOR_EVENTS = 20.0      # an industry's rate leans on its division's until it has about this many events
ELASTICITIES = np.round(np.arange(0.0, 1.01, 0.1), 2)   # expected counts grow as size ** elasticity
ELASTICITY_ROWS = 100_000   # employers the elasticity is chosen on at most (every k-th of a larger year)
MIN_PAIRS = 200          # pairs of readings behind a covariance estimate, else that distance is not used
CHUNK = 20_000           # employers solved at a time (a 2 x LAGS square system each)
FLOOR = 0.05             # a ratio never falls below this: no record proves an employer safe


@dataclass(frozen=True)
class Cells:
    """Peer groups per employer as integer codes: ``fine`` (industry) within ``coarse`` (division),
    and ``region`` (prefecture), each -1 where unknown."""

    fine: np.ndarray
    coarse: np.ndarray
    region: np.ndarray

    @classmethod
    def of(cls, fine=None, coarse=None, region=None, n: int = 0) -> Cells:
        def codes(values):
            return np.zeros(n, dtype=np.int64) if values is None else pd.factorize(pd.Series(values), sort=True)[0]
        return cls(codes(fine), codes(coarse), codes(region))


def _sums(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per-code totals looked up for each row (codes -1 form a group of their own)."""
    shifted = codes + 1
    return np.bincount(shifted, weights=values)[shifted]


def peer_expected(counts: np.ndarray, exposure: np.ndarray, cells: Cells, weight: np.ndarray,
                  elasticity: float = 1.0) -> np.ndarray:
    """What each employer's peers would have had, year by year (``counts`` and ``exposure`` are
    employers x lags): size ** elasticity times its division's rate of that year, times its industry's
    level within the division over all the years read (shrunk towards 1 until it has about
    ``PRIOR_EVENTS``), times its prefecture's level against that expectation."""
    lags = counts.shape[1]
    expected = np.where(exposure > 0, exposure, 0.0)
    if elasticity != 1.0:
        expected **= elasticity
    observed, first = np.zeros(len(counts)), np.zeros(len(counts))
    for lag in range(lags):                       # size x division's rate, lag by lag
        x, n = counts[:, lag] * weight, expected[:, lag] * weight
        expected[:, lag] *= _sums(cells.coarse, x) / np.maximum(_sums(cells.coarse, n), 1e-12)
        observed += x
        first += expected[:, lag] * weight
    expected *= ((_sums(cells.fine, observed) + PRIOR_EVENTS) / (_sums(cells.fine, first) + PRIOR_EVENTS))[:, None]
    for lag in range(lags):
        level = _sums(cells.region, counts[:, lag] * weight) / np.maximum(_sums(cells.region, expected[:, lag] * weight), 1e-12)
        expected[:, lag] *= np.where(level > 0, level, 1.0)
    return expected


def elasticity(counts: np.ndarray, exposure: np.ndarray, cells: Cells, weight: np.ndarray) -> float:
    """How a record grows with size, chosen on year t alone by Poisson deviance: injuries about
    in proportion to headcount, inspections' hazards more slowly (an inspector does not find ten
    times the hazards at a ten times larger site)."""
    step = max(1, len(counts) // ELASTICITY_ROWS)        # every step-th employer: the choice is the same, ten times faster
    x, exposure, weight = counts[::step, :1], exposure[::step], weight[::step]
    cells = Cells(cells.fine[::step], cells.coarse[::step], cells.region[::step])

    def deviance(value: float) -> float:
        mu = np.maximum(peer_expected(x, exposure[:, :1], cells, weight, value)[:, 0], 1e-12)
        y = x[:, 0]
        return float((weight * 2 * (np.where(y > 0, y * np.log(np.maximum(y, 1e-12) / mu), 0.0) - (y - mu))).sum())

    return float(min(ELASTICITIES, key=deviance))


def _moments(xa, ea, xb, eb, weight, same: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Moment sums of the ratios' covariance at each distance in years: numerators, denominators
    and the number of pairs of readings behind each (Poisson noise taken out at distance 0). Every
    lag against every lag is one matrix product; a distance sums its diagonal."""
    w = weight[:, None]
    products = ((w * (xa - ea)).T @ (xb - eb), (w * ea).T @ eb, (ea > 0).T.astype(float) @ (eb > 0))

    def by_distance(matrix: np.ndarray) -> np.ndarray:
        return np.array([np.trace(matrix, d) + (np.trace(matrix, -d) if d else 0.0) for d in range(len(matrix))])

    num, den, pairs = map(by_distance, products)
    if same:
        num[0] -= (w * xa).sum()
        pairs[1:] /= 2                                  # one record's pair of years, counted from both ends
    return num, den, pairs


@dataclass(frozen=True)
class Decay:
    """``a + b * phi ** d``: a lasting part ``a`` and a drifting part ``b`` that fades by ``phi`` a year."""

    a: float
    b: float
    phi: float

    def __call__(self, distance) -> np.ndarray:
        return self.a + self.b * self.phi ** np.asarray(distance, dtype=float)

    @classmethod
    def fit(cls, num: np.ndarray, den: np.ndarray, pairs: np.ndarray, same: bool) -> Decay:
        """Least squares over the distances with enough employers; with one distance everything is
        lasting, with two the second is the lasting part."""
        usable = np.flatnonzero((pairs >= MIN_PAIRS) & (den > 0))
        if len(usable) == 0 or usable[0] != 0:
            return cls(0.0, 0.0, 0.0)
        c = num[usable] / den[usable]
        if len(usable) == 1:
            return cls(max(c[0], 0.0) if same else c[0], 0.0, 0.0)
        if len(usable) == 2:
            lasting = c[1]
            return cls(max(lasting, 0.0) if same else lasting, max(c[0] - lasting, 0.0), 0.0)
        low = [0.0, 0.0, 0.0] if same else [-np.inf, -np.inf, 0.0]
        start = [max(c[-1], 0.0) if same else c[-1], max(c[0] - c[-1], 0.0), 0.5]
        result = least_squares(lambda p: p[0] + p[1] * p[2] ** usable - c, start,
                               bounds=(low, [np.inf, np.inf, 0.95]))
        return cls(*map(float, result.x))


def _signal(decays: dict[tuple[int, int], Decay], records: int, lags: int) -> tuple[np.ndarray, np.ndarray]:
    """The signal's covariance between every pair of readings (records x lags, made positive
    semi-definite) and each reading's covariance with next year's injury ratio."""
    distance = np.abs(np.arange(lags)[:, None] - np.arange(lags)[None, :])
    matrix = np.zeros((records * lags, records * lags))
    for (i, j), decay in decays.items():
        block = decay(distance)
        matrix[i * lags:(i + 1) * lags, j * lags:(j + 1) * lags] = block
        matrix[j * lags:(j + 1) * lags, i * lags:(i + 1) * lags] = block.T
    values, vectors = np.linalg.eigh(matrix)
    matrix = (vectors * np.maximum(values, 0.0)) @ vectors.T
    target = np.concatenate([decays[(0, j)](np.arange(lags) + 1) for j in range(records)])
    return matrix, target


def _predict(counts: list[np.ndarray], expected: list[np.ndarray], signal: np.ndarray, target: np.ndarray) -> np.ndarray:
    """1 + c'(r - 1) per employer, c solving (signal + Poisson noise) c = target over its readings
    (ratios r = count / expected, each record's lags side by side), a chunk of employers at a time,
    on as many threads as OpenMP may use (a batch job: every core; the dashboard: one)."""
    n = len(counts[0])
    out = np.empty(n)
    size = signal.shape[0]
    diagonal = np.arange(size)

    def chunk(start: int) -> None:
        x = np.hstack([c[start:start + CHUNK] for c in counts])
        e = np.hstack([c[start:start + CHUNK] for c in expected])
        seen = e > 0
        safe = np.where(seen, e, 1.0)
        system = signal * (seen[:, :, None] & seen[:, None, :])
        system[:, diagonal, diagonal] += np.where(seen, 1.0 / safe, 1.0)
        weights = np.linalg.solve(system, np.where(seen, target, 0.0)[..., None])[..., 0]
        out[start:start + CHUNK] = 1.0 + (weights * np.where(seen, x / safe - 1.0, 0.0)).sum(axis=1)

    with ThreadPoolExecutor(max(1, int(os.environ.get("OMP_NUM_THREADS", "1")))) as pool:
        list(pool.map(chunk, range(0, n, CHUNK)))       # NumPy lets go of the GIL in its loops and LAPACK
    return np.maximum(out, FLOOR)


def by_year(year: np.ndarray, records: dict[str, np.ndarray], exposure: np.ndarray, cells: Cells,
            weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`estimate` for each year t of ``year`` apart (each from what was known at t), in row order."""
    ratio, expected = np.ones(len(year)), np.zeros(len(year))
    for rows in pd.Series(year).groupby(year, sort=True).indices.values():
        part = Cells(cells.fine[rows], cells.coarse[rows], cells.region[rows])
        ratio[rows], expected[rows] = estimate({k: v[rows] for k, v in records.items()}, exposure[rows], part,
                                               None if weight is None else weight[rows])
    return ratio, expected


def estimate(records: dict[str, np.ndarray], exposure: np.ndarray, cells: Cells,
             weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Next year's injury ratio to peers for employers of one year t, and the peers' expected
    injuries in t at each employer's size.

    ``records``: employers x lags counts, year t - lag in column lag, the injuries first (known by
    the end of t); ``exposure``: headcount per employer and lag (0 when not insured);
    ``weight``: each employer's sampling weight (1 for all employers).
    """
    weight = np.ones(len(exposure)) if weight is None else np.asarray(weight, dtype=float)
    counts = [np.asarray(v, dtype=float) for v in records.values()]
    lags = exposure.shape[1]
    expected = [peer_expected(x, exposure, cells, weight, 1.0 if i == 0 else elasticity(x, exposure, cells, weight))
                for i, x in enumerate(counts)]
    decays = {(i, j): Decay.fit(*_moments(counts[i], expected[i], counts[j], expected[j], weight, i == j), i == j)
              for i in range(len(counts)) for j in range(i, len(counts))}
    signal, target = _signal(decays, len(counts), lags)
    return _predict(counts, expected, signal, target), expected[0][:, 0]
