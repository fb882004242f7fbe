"""A model card for one test year, as the Nordic inspectorates and KOSHA publish theirs.

- *capture* of next year's injuries by the top 1, 5 and 10 % of enterprises, with 95 % bootstrap
  intervals (enterprises resampled; only the draws that can change it are made: those landing in
  the head of the ranking or on an enterprise with an injury);
- the *ordered Lorenz curve* (enterprises from the highest predicted rate down: share of exposure
  against share of injuries) and its *Gini index* (Frees, Meyers and Cummings 2011) with the
  standard error the bootstrap would give, computed directly (the infinitesimal jackknife);
- *calibration* by exposure-weighted deciles of the predicted rate (each decile a tenth of the
  insured), with the mean Poisson deviance;
- *stability*: how much of this year's top 10 % was in last year's, and in the list the
  last-year-count rule would draw;
- *who the list misses*: the share of each size band's and each prefecture's injuries that the
  top 10 % holds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import mean_poisson_deviance

SHARES = (0.01, 0.05, 0.10)
REPS = 200


def _top(score: np.ndarray, share: float) -> np.ndarray:
    k = max(1, int(round(len(score) * share)))
    return np.argsort(-score, kind="stable")[:k]


def _shares(cum_n: np.ndarray, cum_y: np.ndarray, total_n: float, total_y: float) -> list[float]:
    """Capture at each share from cumulative enterprises and outcomes in ranked order (``cum_n`` may stop
    once it passes the largest share: a list is a tenth of the province at most)."""
    return [float(cum_y[np.searchsorted(cum_n, s * total_n)] / total_y) if total_y else np.nan for s in SHARES]


def _curve(cum_x: np.ndarray, cum_y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Lorenz curve and Gini from cumulative exposure and outcomes in ranked order."""
    x, y = np.concatenate([[0], cum_x]), np.concatenate([[0], cum_y])
    x, y = x / x[-1], y / (y[-1] or 1)
    area = float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2))
    return x, y, 2 * area - 1


def lorenz(rate: np.ndarray, outcome: np.ndarray, exposure: np.ndarray, w: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray, float]:
    """Ordered Lorenz curve from the highest predicted rate down: (exposure share, injury share, Gini)."""
    w = np.ones(len(rate)) if w is None else w
    order = np.argsort(-rate, kind="stable")
    return _curve(np.cumsum((w * exposure)[order]), np.cumsum((w * outcome)[order]))


def gini_se(exposure: np.ndarray, outcome: np.ndarray) -> float:
    """Standard error of the Gini of :func:`_curve` (enterprises in ranked order) under resampling of enterprises, by
    the infinitesimal jackknife: its derivative with respect to each enterprise's weight, whose
    spread is what a bootstrap measures, in one pass instead of hundreds."""
    total_x, total_y = exposure.sum(), outcome.sum()
    if not total_y:
        return float("nan")
    height, tail = np.cumsum(outcome), np.cumsum(exposure[::-1])[::-1]
    pairs = 2 * (exposure @ height) - exposure @ outcome         # the Gini is pairs / (total_x * total_y) - 1
    influence = (2 * (exposure * height + outcome * tail - exposure * outcome)
                 - pairs * (exposure / total_x + outcome / total_y)) / (total_x * total_y)
    return float(np.sqrt(max(influence @ influence - influence.sum() ** 2 / len(influence), 0.0)))


def _capture_draws(score_outcome: np.ndarray, head: int, rng: np.random.Generator, reps: int) -> np.ndarray:
    """Bootstrap capture at each share. A resample of n enterprises changes capture only through the draws
    that land in the head of the ranking (where the shares end) or on an enterprise with an injury (the
    total): those are drawn (their number binomial, then which of them uniformly: the same law as the
    full multinomial draw), the rest never."""
    n = len(score_outcome)
    subset = np.union1d(np.arange(head), np.flatnonzero(score_outcome > 0))     # ranked positions; head first
    booted = []
    for _ in range(reps):
        w = np.bincount(rng.integers(0, len(subset), rng.binomial(n, len(subset) / n)), minlength=len(subset))
        top = w[:head]
        if top.sum() < max(SHARES) * n:      # the head fell short of the largest share: draw the whole resample
            full = np.bincount(rng.integers(0, n, n), minlength=n)
            booted.append(_shares(np.cumsum(full), np.cumsum(full * score_outcome), n, full @ score_outcome))
            continue
        booted.append(_shares(np.cumsum(top), np.cumsum(top * score_outcome[:head]), n, w @ score_outcome[subset]))
    return np.array(booted)


def card(score: np.ndarray, outcome: np.ndarray, exposure: np.ndarray, expected: np.ndarray,
         groups: dict[str, np.ndarray], previous: set | None, last_count: np.ndarray, ids,
         seed: int = 0, reps: int = REPS) -> dict:
    """The card of one ranking (``score``: expected injuries now; ``expected``: over next year's
    exposure) against next year's ``outcome``; ``previous``: last year's top-10 % ids; ``ids`` anything
    an array of positions indexes (a NumPy or pandas array)."""
    rng = np.random.default_rng(seed)
    n = len(score)
    rate = score / np.maximum(exposure, 1e-9)
    by_score, by_rate = np.argsort(-score, kind="stable"), np.argsort(-rate, kind="stable")
    score_outcome, rate_exposure, rate_outcome = outcome[by_score], exposure[by_rate], outcome[by_rate]
    head = min(n, int(n * max(SHARES) + 10 * np.sqrt(n)) + 10)    # where the largest share ends, with room
    booted = _capture_draws(score_outcome, head, rng, reps)
    point = _shares(np.arange(1, n + 1, dtype=float), np.cumsum(score_outcome), n, score_outcome.sum())
    capture = {f"top{int(s * 100)}": {"value": point[i], "low": float(np.nanquantile(booted[:, i], 0.025)),
                                      "high": float(np.nanquantile(booted[:, i], 0.975))} for i, s in enumerate(SHARES)}
    x, y, gini = _curve(np.cumsum(rate_exposure), np.cumsum(rate_outcome))
    points = np.searchsorted(x, np.linspace(0, 1, 21), side="left").clip(0, len(x) - 1)
    top = _top(score, 0.10)
    listed = set(ids[top])
    out = {
        "capture": capture,
        "lorenz": {"exposure_share": x[points].round(4).tolist(), "injury_share": y[points].round(4).tolist()},
        "gini": gini, "gini_se": gini_se(rate_exposure, rate_outcome),
        "calibration": _calibration(rate, expected, outcome, exposure),
        "poisson_deviance": float(mean_poisson_deviance(outcome, np.maximum(expected, 1e-9))),
        "overlap_last_year": len(listed & previous) / len(listed) if previous else None,
        "overlap_last_count": len(listed & set(ids[_top(last_count, 0.10)])) / len(listed),
        "missed": {},
    }
    in_top = np.zeros(n, dtype=bool)
    in_top[top] = True
    for name, labels in groups.items():
        frame = pd.DataFrame({"group": labels, "y": outcome, "caught": outcome * in_top, "n": 1})
        table = frame.groupby("group", observed=True).sum()
        out["missed"][name] = [{"group": str(g), "injuries": int(r.y), "enterprises": int(r.n),
                                "captured": float(r.caught / r.y) if r.y else None} for g, r in table.iterrows()]
    return out


def _calibration(rate: np.ndarray, expected: np.ndarray, outcome: np.ndarray, exposure: np.ndarray) -> list[dict]:
    """Deciles of the predicted rate holding a tenth of the exposure each: expected against observed."""
    order = np.argsort(rate, kind="stable")
    share = np.cumsum(exposure[order]) / exposure.sum()
    decile = np.minimum((share * 10).astype(int), 9) + 1
    frame = pd.DataFrame({"decile": decile, "expected": expected[order], "observed": outcome[order],
                          "exposure": exposure[order]})
    table = frame.groupby("decile").agg(expected=("expected", "sum"), observed=("observed", "sum"),
                                        exposure=("exposure", "sum"), n=("expected", "size")).reset_index()
    return table.to_dict(orient="records")
