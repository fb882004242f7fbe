"""Rules across the rows of a prevention project's trail (项目过程记录), checked on import.

A file's events are checked together with the events already stored for the same projects
(a row of the file replaces the stored row of the same number): milestones come once each and
in order (立项 ≤ 招标/遴选 ≤ 签约 ≤ 开工 ≤ 中期评估 ≤ 验收, the project's contract date standing
for 签约 until one is recorded); nothing is paid before the contract; payments never add up
to more than the budget; the balance (尾款) is paid only after acceptance.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analytics import labels

if TYPE_CHECKING:
    from analytics.data.validation import Context

MILESTONES = [s for s in labels.PROJECT_STAGES if s != "payment"]


def event_problems(frame: pd.DataFrame, ctx: "Context") -> Iterator[tuple[np.ndarray, str, str, pd.Series | str]]:
    """``(mask over frame, column, rule, detail)`` for each rule some incoming event breaks."""
    incoming = frame.assign(date=pd.to_datetime(frame.date), incoming=True, pos=np.arange(len(frame)))
    stored = ctx.project_events if ctx.project_events is not None else incoming.iloc[:0]
    stored = stored[stored.project_no.isin(incoming.project_no) & ~stored.event_no.isin(incoming.event_no)]
    trail = pd.concat([stored.assign(date=pd.to_datetime(stored.date), incoming=False, pos=-1),
                       incoming], ignore_index=True)
    projects = ctx.projects.set_index("project_no")
    milestones = _milestones(trail, projects)
    yield from _repeated(incoming, trail)
    yield from _order(incoming, milestones)
    yield from _payments(incoming, trail, milestones, projects)


def _milestones(trail: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Project x milestone -> first date; the contract date stands in for an unrecorded 签约."""
    dates = (trail[trail.stage != "payment"].groupby(["project_no", "stage"]).date.min()
             .unstack().reindex(columns=MILESTONES))
    dates = dates.reindex(trail.project_no.unique()).astype("datetime64[s]")
    contract = pd.to_datetime(projects.contract_date.reindex(dates.index))
    dates["contract"] = dates["contract"].fillna(contract)
    return dates


def _repeated(incoming: pd.DataFrame, trail: pd.DataFrame):
    milestone = trail[trail.stage != "payment"]
    counts = milestone.groupby(["project_no", "stage"]).event_no.transform("size")
    repeated = milestone[counts > 1]
    bad = incoming.set_index(["project_no", "stage"]).index.isin(repeated.set_index(["project_no", "stage"]).index)
    bad &= incoming.stage.ne("payment").to_numpy()
    if bad.any():
        others = repeated.groupby(["project_no", "stage"]).event_no.agg("、".join)
        detail = pd.Series([others.get((p, s), "") for p, s in zip(incoming.project_no, incoming.stage)],
                           index=incoming.index)
        yield bad, "stage", "repeated_stage", detail


def _order(incoming: pd.DataFrame, milestones: pd.DataFrame):
    """A milestone dated before an earlier stage or after a later one."""
    rows = incoming[incoming.stage != "payment"]
    if rows.empty:
        return
    bad = np.zeros(len(incoming), dtype=bool)
    detail = pd.Series("", index=incoming.index, dtype="object")
    for row in rows.itertuples():
        dates = milestones.loc[row.project_no]
        k = MILESTONES.index(row.stage)
        before = dates.iloc[:k][dates.iloc[:k] > row.date]
        after = dates.iloc[k + 1:][dates.iloc[k + 1:] < row.date]
        if len(before) or len(after):
            other = before.index[0] if len(before) else after.index[0]
            word = "早于" if len(before) else "晚于"
            name = labels.PROJECT_STAGES[row.stage][0]
            detail.iloc[row.pos] = (f"{name}（{row.date:%Y-%m-%d}）{word}"
                                 f"{labels.PROJECT_STAGES[other][0]}（{dates[other]:%Y-%m-%d}）")
            bad[row.pos] = True
    yield bad, "date", "stage_order", detail


def _payments(incoming: pd.DataFrame, trail: pd.DataFrame, milestones: pd.DataFrame, projects: pd.DataFrame):
    paying = incoming.stage.eq("payment")
    yield (paying & (incoming.amount.isna() | incoming.payment_kind.isna())).to_numpy(), "amount", "payment_fields", ""
    contract = pd.Series(milestones["contract"].reindex(incoming.project_no).to_numpy(), index=incoming.index)
    yield (paying & (incoming.date < contract)).to_numpy(), "date", "payment_before_contract", \
        "签约 " + contract.dt.strftime("%Y-%m-%d").fillna("")
    accepted = pd.Series(milestones["acceptance"].reindex(incoming.project_no).to_numpy(), index=incoming.index)
    balance = paying & incoming.payment_kind.eq("balance").fillna(False)
    yield (balance & ~(incoming.date >= accepted)).to_numpy(), "payment_kind", "balance_before_acceptance", \
        ("验收 " + accepted.dt.strftime("%Y-%m-%d")).fillna("尚未验收")

    paid = trail[trail.stage.eq("payment")].sort_values(["project_no", "date", "event_no"])
    paid = paid.assign(total=paid.amount.fillna(0).groupby(paid.project_no).cumsum().to_numpy())
    paid = paid.assign(budget=projects.budget.reindex(paid.project_no).to_numpy())
    over = paid[paid.incoming & (paid.total > paid.budget + 0.005)]
    bad = np.zeros(len(incoming), dtype=bool)
    bad[over.pos.astype(int).to_numpy()] = True
    detail = pd.Series("", index=incoming.index, dtype="object")
    for row in over.itertuples():
        detail.iloc[int(row.pos)] = f"累计 {row.total:,.2f} 元 > 预算 {row.budget:,.2f} 元"
    yield bad, "amount", "over_budget", detail
