"""Point-in-time features per enterprise and year, and next year's outcomes as labels.

Features of year t use only records dated up to 31 December of t (an injury only once it
was recognised by then; a hazard as it stood then). ``test_no_feature_can_see_the_predicted_year``
(``tests/targeting/test_targeting.py``) proves it by truncating the warehouse at t and getting
the same features. Labels (``*_next``) are the
injuries of t + 1 by accident date; ``insured_next`` is t + 1's exposure, missing when the
enterprise left.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics.data import warehouse
from analytics.targeting import credibility

NUMERIC = ["insured", "insured_change", "age", "inj_1", "inj_prev", "inj_3", "inj_trend", "rate_3", "deaths_3",
           "serious_3", "lost_days_3", "diseases_3", "pneumo_3", "accidents_3", "accident_deaths_3",
           "accidents_larger_3", "accident_casualties_3", "hazards_1", "hazards_3", "hazards_major_1", "hazards_open", "hazards_overdue",
           "hazards_major_overdue", "training_coverage", "payout_ratio_3", "late_3", "risk_class",
           "rate_5", "rate_all", "hazard_rate_5", "relative_rate_5", "relative_hazards_5"]
CATEGORICAL = ["division", "prefecture_code"]
LABELS = ["injuries_next", "deaths_next", "serious_next", "insured_next"]
RECORDS = ("injuries", "hazards")    # the year-by-year records credibility reads, the injuries first


def build(con: duckdb.DuckDBPyConnection, first_year: int, last_year: int, sample: int | None = None,
          seed: int = 0, release: bool = False) -> pd.DataFrame:
    """Features of every insured enterprise for the years ``first_year .. last_year``.

    ``sample``: at most about that many rows, for training at scale. Only enterprise-years with a next
    year are drawn, each with probability in proportion to next year's exposure (the weight a count
    model gives it; the largest employers are always kept) and weighted by the inverse of it in
    ``sample_weight`` (1 where nothing is drawn). Fewer rows than ``sample``: every one, unweighted.
    ``release``: the connection is a batch job's own, so DuckDB's cached blocks are given back as soon
    as the rows are read, before they are put together (never on the dashboard's shared connection).
    """
    unit = exposure_unit(con, first_year, last_year, sample) if sample else None
    frame, history = _fetch(con, {"first_year": first_year, "last_year": last_year, "unit": unit, "seed": seed}, release)
    frame = with_credibility(frame, history)
    frame["insured_change"] = np.where(frame.insured_prev > 0, frame.insured / frame.insured_prev.where(frame.insured_prev > 0) - 1, 0.0)
    frame["inj_trend"] = frame.inj_1 - frame.inj_prev
    frame["rate_3"] = frame.inj_3 / (frame.insured.clip(lower=1) * 3)
    # Longer memory for the lasting part of an employer's risk, and both rates against its division's
    # that year (known at t), so a tree sees "twice its peers" without learning every division.
    frame["rate_5"] = frame.inj_5 / frame.insured_5.clip(lower=1)
    frame["rate_all"] = frame.inj_all / frame.insured_all.clip(lower=1)
    frame["hazard_rate_5"] = frame.hazards_5 / frame.insured_5.clip(lower=1)
    weighted = frame[["inj_5", "hazards_5", "insured_5"]].mul(frame.sample_weight, axis=0)   # a sample stands for all
    peers = weighted.groupby([frame.division, frame.year])
    for column, count in (("relative_rate_5", "inj_5"), ("relative_hazards_5", "hazards_5")):
        pooled = peers[count].transform("sum") / peers.insured_5.transform("sum").clip(lower=1)
        frame[column] = (frame[count] / frame.insured_5.clip(lower=1)) / pooled.where(pooled > 0)
        frame[column] = frame[column].fillna(1.0)
    # No key positions recorded, or no premium yet: coverage and 支缴率 count as 0.
    frame["training_coverage"] = frame.training_coverage.fillna(0.0)
    frame["payout_ratio_3"] = frame.payout_ratio_3.fillna(0.0)
    for col in NUMERIC:
        frame[col] = frame[col].astype(float)
    for col in CATEGORICAL:     # codes, not a million strings: encoders and group-bys read them many times
        frame[col] = frame[col].astype("category")
    return frame


def _fetch(con: duckdb.DuckDBPyConnection, params: dict, release: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of features.sql, and their year-by-year records as one array (credibility's input).

    Taken a chunk at a time, each chunk's columns kept as arrays of their own, then joined a column at a
    time while the chunks' copies of it are dropped: a million rows never stand twice in memory."""
    records = [*(c for name in (*RECORDS, "insured") for c in lag_columns(name))]
    columns: dict[str, list] = {}
    history = []
    for part in warehouse.run_query_chunks(con, "targeting/features", params, **_lag_fragments()):
        history.append(part[records].to_numpy(np.float64))
        for name in part.columns.difference(records, sort=False):
            values = part[name]
            columns.setdefault(name, []).append(values.array if isinstance(values.dtype, pd.api.extensions.ExtensionDtype)
                                                else values.to_numpy(copy=True))
        del part
    if release:
        warehouse.release_cache(con)
    frame = pd.DataFrame(index=pd.RangeIndex(sum(len(h) for h in history)))
    for name in list(columns):
        frame[name] = _joined(columns.pop(name))
    return frame, np.concatenate(history)


def _joined(chunks: list) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """One column from its chunks: NumPy's concatenation where they agree, else pandas' (a chunk with a
    gap is a nullable integer, one without a plain one)."""
    if all(isinstance(c, np.ndarray) and c.dtype == chunks[0].dtype for c in chunks):
        return np.concatenate(chunks)
    return pd.concat([pd.Series(c, copy=False) for c in chunks], ignore_index=True).array


def _lag_fragments() -> dict[str, str]:
    """The year-by-year columns of features.sql: counts and headcount of t - k for every lag k."""
    lags = range(credibility.LAGS)
    return {
        "injury_lags": ", ".join(f"count(*) filter (where year(j.accident_date) = b.t - {k})::integer as injuries_lag{k}"
                                 for k in lags),
        "hazard_lags": ", ".join(f"count(*) filter (where year(h.found_date) = b.t - {k})::integer as hazards_lag{k}"
                                 for k in lags),
        "insured_lags": ", ".join(f"coalesce(max(i.insured) filter (where i.year = b.t - {k}), 0)::integer as insured_lag{k}"
                                  for k in lags),
        "lag_columns": ", ".join(f"coalesce({alias}.{name}_lag{k}, 0) as {name}_lag{k}"
                                 for alias, name in (("j", "injuries"), ("h", "hazards"), ("eh", "insured")) for k in lags),
    }


def lag_columns(name: str) -> list[str]:
    return [f"{name}_lag{k}" for k in range(credibility.LAGS)]


def with_credibility(frame: pd.DataFrame, history: np.ndarray) -> pd.DataFrame:
    """Add ``credibility`` (next year's injury ratio to peers that the employer's own injuries and
    hazards of up to eight years support) and ``peer_expected`` (its peers' injuries of t at its
    size), read from ``history`` (per row the injuries, hazards and headcount of t, t - 1, ..., side by side)."""
    cells = credibility.Cells.of(frame.pop("industry_cell").to_numpy(), frame.division.to_numpy(),
                                 frame.prefecture_code.to_numpy(), len(frame))
    lags = credibility.LAGS
    records = {name: history[:, k * lags:(k + 1) * lags] for k, name in enumerate(RECORDS)}
    frame["credibility"], frame["peer_expected"] = credibility.by_year(
        frame.year.to_numpy(), records, history[:, len(RECORDS) * lags:], cells, frame.sample_weight.to_numpy(np.float64))
    return frame


def exposure_unit(con: duckdb.DuckDBPyConnection, first_year: int, last_year: int, rows: int) -> float | None:
    """The exposure ``c`` for which keeping each enterprise-year with probability ``min(1, e / c)``
    (``e`` its next year's insured) keeps ``rows`` rows on average; None when there are no more."""
    exposure = warehouse.run_query(con, "targeting/next_exposures",
                                   {"first_year": first_year, "last_year": last_year}).insured.to_numpy(float)
    if len(exposure) <= rows:
        return None
    low, high = 1e-9, float(exposure.sum())     # kept(high) <= 1 row; kept(low) = every row
    for _ in range(60):
        mid = (low * high) ** 0.5
        low, high = (mid, high) if np.minimum(1.0, exposure / mid).sum() > rows else (low, mid)
    return high
