"""Risk models: scikit-learn pipelines that predict next year's injuries of an enterprise.

Count models are fitted on the injury *rate* (``injuries_next / insured_next``) weighted by
exposure, the usual exposure-aware Poisson set-up in scikit-learn; the expected count for a
coming year is the predicted rate times the insured headcount known now. The classifier
gives the probability of at least one fatal or grade 1-4 injury next year.

>>> model = make_model("hgb_poisson", random_state=0)          # doctest: +SKIP
>>> model.fit(train[FEATURES], train.injuries_next / train.insured_next, sample_weight=train.insured_next)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import PoissonRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder, StandardScaler

from analytics.features import CATEGORICAL, NUMERIC

FEATURES = NUMERIC + CATEGORICAL
SIGNED = ["insured_change", "inj_trend", "payout_ratio_3"]   # may be negative or unbounded: tanh, not log
COUNT_MODELS = ("poisson_glm", "hgb_poisson")


def _glm(random_state: int | None) -> Pipeline:
    numeric = make_pipeline(FunctionTransformer(np.log1p, feature_names_out="one-to-one"), StandardScaler())
    columns = ColumnTransformer([
        ("counts", numeric, [c for c in NUMERIC if c not in SIGNED]),
        ("signed", make_pipeline(FunctionTransformer(np.tanh), StandardScaler()), SIGNED),
        ("categorical", OneHotEncoder(handle_unknown="ignore", min_frequency=20), CATEGORICAL),
    ])
    return Pipeline([("columns", columns), ("model", PoissonRegressor(alpha=1e-3, max_iter=1000))])


def _hgb_columns() -> ColumnTransformer:
    return ColumnTransformer([
        ("numeric", "passthrough", NUMERIC),
        ("categorical", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                                       encoded_missing_value=-1), CATEGORICAL),
    ], verbose_feature_names_out=False)


def _hgb(random_state: int | None) -> Pipeline:
    categorical = [len(NUMERIC) + i for i in range(len(CATEGORICAL))]
    model = HistGradientBoostingRegressor(loss="poisson", learning_rate=0.1, max_iter=150, max_leaf_nodes=31,
                                          min_samples_leaf=40, l2_regularization=1.0, categorical_features=categorical,
                                          early_stopping=False, random_state=random_state)
    return Pipeline([("columns", _hgb_columns()), ("model", model)])


def _serious(random_state: int | None) -> Pipeline:
    categorical = [len(NUMERIC) + i for i in range(len(CATEGORICAL))]
    model = HistGradientBoostingClassifier(learning_rate=0.1, max_iter=100, max_leaf_nodes=15, min_samples_leaf=60,
                                           l2_regularization=1.0, categorical_features=categorical,
                                           early_stopping=False, random_state=random_state)
    return Pipeline([("columns", _hgb_columns()), ("model", model)])


FACTORIES = {"poisson_glm": _glm, "hgb_poisson": _hgb, "serious_classifier": _serious}


def make_model(name: str, random_state: int | None = 0) -> Pipeline:
    """A ready, unfitted pipeline: ``poisson_glm``, ``hgb_poisson`` or ``serious_classifier``."""
    if name not in FACTORIES:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(FACTORIES)}")
    return FACTORIES[name](random_state)


def training_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Enterprise-years whose next year is observed (still insured in t + 1)."""
    return frame[frame.insured_next.notna() & (frame.insured_next > 0)]


def fit_count_model(model: Pipeline, train: pd.DataFrame) -> Pipeline:
    rows = training_rows(train)
    return model.fit(rows[FEATURES], rows.injuries_next / rows.insured_next, model__sample_weight=rows.insured_next)


def fit_classifier(model: Pipeline, train: pd.DataFrame) -> Pipeline:
    rows = training_rows(train)
    return model.fit(rows[FEATURES], (rows.serious_next > 0).astype(int))


def expected_injuries(model: Pipeline, frame: pd.DataFrame) -> np.ndarray:
    """Expected injuries next year: predicted rate times the insured headcount known now."""
    return model.predict(frame[FEATURES]) * frame.insured.to_numpy()
