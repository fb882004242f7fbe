"""A generic enterprise-year panel, so the backtest runs on any jurisdiction's data.

One row per entity and year, in Parquet or CSV:

=============  ========  ==============================================================
column         needed    meaning
=============  ========  ==============================================================
entity_id      yes       any identifier of the enterprise (site, employer, policy)
year           yes       calendar year (integer)
exposure       yes       insured headcount or full-time equivalents in that year (> 0)
injuries       yes       injuries of that year (integer >= 0)
industry       no        industry code or name (categorical)
region         no        region code or name (categorical)
deaths         no        fatal injuries of that year
serious        no        serious injuries of that year (fatal included)
hours          no        hours worked in that year
anything else  no        further numeric features of that year, used as they are
=============  ========  ==============================================================

The frame built from it has the warehouse's shape: features of year t from years up to t
(``inj_1``, ``inj_prev``, ``inj_3``, trend, 3-year rate, deaths and serious in 3 years,
exposure and its change, years in the panel, the extra columns) and t + 1's outcomes as
labels. ``industry_rate`` (the industry's pooled injury rate up to t) stands in for the
warehouse's risk class in the ``risk_class`` baseline.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.data.spreadsheets import decode_csv
from analytics.targeting import credibility
from analytics.targeting.models import Columns

REQUIRED = ("entity_id", "year", "exposure", "injuries")
OPTIONAL = ("industry", "region", "deaths", "serious", "hours")
KEY = ["entity_id", "year"]


class PanelError(ValueError):
    """The panel is not usable; the message names the row and column."""


def read(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(io.StringIO(decode_csv(path.read_bytes())))
    raise PanelError(f"{path.name}: use a .parquet or .csv file")


def _numeric(panel: pd.DataFrame, column: str, integer: bool, minimum: float, strictly: bool = False) -> pd.Series:
    values = pd.to_numeric(panel[column], errors="coerce")
    bad = values.isna() | (values <= minimum if strictly else values < minimum)
    if integer:
        bad |= values.notna() & (values != values.round())
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        rule = f"{'an integer' if integer else 'a number'} {'>' if strictly else '>='} {minimum:g}"
        raise PanelError(f"row {row + 2}, column {column}: {panel[column].iloc[row]!r} is not {rule} "
                         f"({int(bad.sum())} such rows)")
    return values


def check(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with typed columns, or a PanelError naming the first bad row and column."""
    missing = [c for c in REQUIRED if c not in panel.columns]
    if missing:
        raise PanelError(f"missing column(s): {', '.join(missing)}; a panel needs {', '.join(REQUIRED)}")
    panel = panel.reset_index(drop=True).copy()
    panel["entity_id"] = panel.entity_id.astype(str)
    panel["year"] = _numeric(panel, "year", integer=True, minimum=1900).astype(int)
    panel["exposure"] = _numeric(panel, "exposure", integer=False, minimum=0, strictly=True).astype(float)
    for column in ("injuries", "deaths", "serious"):
        if column in panel.columns:
            panel[column] = _numeric(panel, column, integer=True, minimum=0).astype(float)
    if "hours" in panel.columns:
        panel["hours"] = _numeric(panel, "hours", integer=False, minimum=0).astype(float)
    for column in ("industry", "region"):
        if column in panel.columns:
            panel[column] = panel[column].astype("string").fillna("unknown").astype(str)
    dup = panel.duplicated(KEY, keep="first")
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0])
        raise PanelError(f"row {row + 2}: entity_id {panel.entity_id.iloc[row]!r} appears twice in year "
                         f"{panel.year.iloc[row]}")
    for column in extra_columns(panel):
        panel[column] = pd.to_numeric(panel[column], errors="coerce").astype(float)
    return panel


def extra_columns(panel: pd.DataFrame) -> list[str]:
    """Further numeric feature columns: every column the format does not name that holds numbers."""
    known = set(REQUIRED) | set(OPTIONAL)
    return [c for c in panel.columns if c not in known
            and pd.to_numeric(panel[c], errors="coerce").notna().mean() > 0.5]


def _at(panel: pd.DataFrame, columns: list[str], offset: int) -> pd.DataFrame:
    """The values of ``columns`` for the same entity in year + offset (NaN where absent)."""
    shifted = panel[KEY + columns].assign(year=panel.year - offset)
    return panel[KEY].merge(shifted, on=KEY, how="left")[columns]


def frame(panel: pd.DataFrame) -> tuple[pd.DataFrame, Columns]:
    """Features and labels per entity-year, and the columns the models should read."""
    panel = check(panel).sort_values(KEY).reset_index(drop=True)
    has = {c: c in panel.columns for c in OPTIONAL}
    for column in ("deaths", "serious"):
        if not has[column]:
            panel[column] = 0.0
    counts = ["injuries", "deaths", "serious"]
    prev, before = _at(panel, counts + ["exposure"], -1), _at(panel, counts, -2)
    nxt = _at(panel, counts + ["exposure"], 1)
    out = panel[KEY].copy()
    out["insured"] = panel.exposure
    out["insured_change"] = (panel.exposure / prev.exposure - 1).fillna(0.0)
    out["inj_1"] = panel.injuries
    out["inj_prev"] = prev.injuries.fillna(0.0)
    out["inj_3"] = out.inj_1 + out.inj_prev + before.injuries.fillna(0.0)
    out["inj_trend"] = out.inj_1 - out.inj_prev
    out["rate_3"] = out.inj_3 / (out.insured * 3)
    out["deaths_3"] = panel.deaths + prev.deaths.fillna(0) + before.deaths.fillna(0)
    out["serious_3"] = panel.serious + prev.serious.fillna(0) + before.serious.fillna(0)
    out["years_in_panel"] = panel.groupby("entity_id").cumcount().astype(float) + 1
    numeric = ["insured", "insured_change", "inj_1", "inj_prev", "inj_3", "inj_trend", "rate_3", "years_in_panel"]
    numeric += [c for c, present in (("deaths_3", has["deaths"]), ("serious_3", has["serious"])) if present]
    if has["hours"]:
        out["hours_per_exposure"] = panel.hours / panel.exposure
        numeric.append("hours_per_exposure")
    extras = extra_columns(panel)
    for column in extras:
        out[column] = panel[column]
    categorical = [c for c in ("industry", "region") if has[c]]
    for column in categorical:
        out[column] = panel[column]
    if has["industry"]:
        out["industry_rate"] = _industry_rate(panel)
    out["credibility"], out["peer_expected"] = _credibility(panel, has)
    out["injuries_next"], out["deaths_next"], out["serious_next"] = nxt.injuries, nxt.deaths, nxt.serious
    out["insured_next"] = nxt.exposure
    columns = Columns(tuple(numeric + extras), tuple(categorical), ("insured_change", "inj_trend"), gaps=True)
    out.attrs["outcomes"] = ["injuries"] + [c for c in ("deaths", "serious") if has[c]]
    return out, columns


def _credibility(panel: pd.DataFrame, has: dict[str, bool]) -> tuple[np.ndarray, np.ndarray]:
    """Each entity's injury ratio to its peers (same industry and region) that its own injuries of t and
    the years before support (``analytics.targeting.credibility``), and its peers' injuries of t."""
    history = [_at(panel, ["injuries", "exposure"], -lag) for lag in range(credibility.LAGS)]
    counts = np.column_stack([h.injuries.fillna(0).to_numpy(float) for h in history])
    exposure = np.column_stack([h.exposure.fillna(0).to_numpy(float) for h in history])
    cells = credibility.Cells.of(panel.industry if has["industry"] else None, None,
                                 panel.region if has["region"] else None, len(panel))
    return credibility.by_year(panel.year.to_numpy(), {"injuries": counts}, exposure, cells)


def _industry_rate(panel: pd.DataFrame) -> pd.Series:
    """Each industry's pooled injury rate over the years up to and including t (known at t)."""
    by_year = panel.groupby(["industry", "year"], as_index=False)[["injuries", "exposure"]].sum()
    by_year = by_year.sort_values(["industry", "year"])
    cumulative = by_year.groupby("industry")[["injuries", "exposure"]].cumsum()
    by_year["industry_rate"] = cumulative.injuries / cumulative.exposure
    return panel[["industry", "year"]].merge(by_year, on=["industry", "year"], how="left").industry_rate
