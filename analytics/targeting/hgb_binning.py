"""Gradient boosting's weighted bin edges in one pass: scikit-learn 1.9's own result, found faster.

scikit-learn 1.9 bins a continuous feature of a weighted training set of up to 200,000 rows by
calling ``_weighted_percentile`` once per edge, and each call sorts the whole column again: 254
sorts per feature. Fitting the count model and the classifier on the 1 M demo's early test years
(87,000-185,000 weighted rows) spent about half its time there (5.9 s against 3.8 s for 87,000
rows, 13.5 s against 7.9 s for 185,000). ``_weighted_percentile`` takes every rank at once, with
one sort and the same arithmetic per rank, so the edges are identical
(``tests/targeting/test_hgb_binning.py``). scikit-learn merged the same idea upstream (pull
request 34248, June 2026); this module applies only to the 1.9 releases, which lack it, and can go
once the pin moves past them.
"""

from __future__ import annotations

import numpy as np
import sklearn
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.ensemble._hist_gradient_boosting import binning
from sklearn.ensemble._hist_gradient_boosting.common import ALMOST_INF, X_DTYPE
from sklearn.utils.stats import _weighted_percentile

SLOW_RELEASES = ("1.9.0", "1.9.1")
ORIGINAL = binning._find_binning_thresholds


def find_binning_thresholds(col_data: np.ndarray, max_bins: int, sample_weight: np.ndarray | None = None):
    """scikit-learn 1.9.1's ``_find_binning_thresholds`` with the weighted percentiles asked for together."""
    missing = np.isnan(col_data)
    if missing.any():
        col_data = col_data[~missing]
        sample_weight = None if sample_weight is None else sample_weight[~missing]
    if sample_weight is not None:
        weighted = sample_weight != 0
        col_data, sample_weight = col_data[weighted], sample_weight[weighted]
    order = np.argsort(col_data)
    col_data = col_data[order]
    if sample_weight is not None:
        sample_weight = sample_weight[order]
    distinct = np.unique(col_data).astype(X_DTYPE)
    if len(distinct) == 1:
        return np.asarray([])
    ranks = np.linspace(0, 100, num=max_bins + 1)[1:-1]
    if len(distinct) <= max_bins:
        thresholds = sliding_window_view(distinct, 2).mean(axis=1)
    elif sample_weight is None:
        thresholds = np.percentile(col_data, ranks, method="averaged_inverted_cdf")
    else:
        thresholds = np.asarray(_weighted_percentile(col_data, sample_weight, ranks, average=True)).ravel()
    unique = np.unique(thresholds)
    if unique.shape[0] != thresholds.shape[0]:
        thresholds = unique
    np.clip(thresholds, a_min=None, a_max=ALMOST_INF, out=thresholds)
    return thresholds


def install() -> None:
    """Use :func:`find_binning_thresholds` in scikit-learn's binning, on the releases that need it."""
    if sklearn.__version__ in SLOW_RELEASES:
        binning._find_binning_thresholds = find_binning_thresholds
