"""Prevention projects (工伤预防项目): budget against payments, the stage reached, overdue milestones
and each project's full trail (事前 立项/招标/签约, 事中 开工/中期评估, 事后 验收/尾款).

When a milestone is due comes from ``data/config/prevention.toml``: work starts within a set
number of days of the contract, the midterm review falls halfway to the agreed acceptance date,
and acceptance by that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import config, labels, paths
from analytics.data import warehouse

MILESTONES = ("initiation", "tender", "contract", "start", "midterm", "acceptance")


@dataclass(frozen=True)
class ScheduleRules:
    start_within_days: int = 30
    midterm_share: float = 0.5      # of the way from contract to the agreed acceptance date


def load_rules(path: str | Path | None = None) -> ScheduleRules:
    doc = config.read(path or paths.CONFIG_DIR / "prevention.toml").section("projects")
    return ScheduleRules(doc.integer("start_within_days", 30, minimum=0),
                         doc.number("midterm_share", 0.5, low=0, high=1))


def status(con: duckdb.DuckDBPyConnection, year: int | None, as_of: dt.date,
           prefectures: tuple[str, ...] | None = None, rules: ScheduleRules | None = None) -> pd.DataFrame:
    """Every project of ``year`` with ``budget, paid, paid_share, stage`` (the last milestone reached,
    ``completed`` once accepted and the balance paid), ``overdue`` (milestones past due at ``as_of``
    on a project not yet accepted) and ``skipped`` (开工 or 中期评估 never recorded before acceptance)."""
    rules = rules or load_rules()
    frame = warehouse.run_query(con, "measures/project_status",
                                {"year": year, "prefectures": list(prefectures) if prefectures else None})
    for name in (*MILESTONES, "contract_date", "due_date", "last_payment"):
        frame[name] = pd.to_datetime(frame[name])
    due = {
        "start": frame.contract + pd.Timedelta(days=rules.start_within_days),
        "midterm": frame.contract + (frame.due_date - frame.contract) * rules.midterm_share,
        "acceptance": frame.due_date,
    }
    today = pd.Timestamp(as_of)
    accepted = frame.acceptance.notna()
    overdue = _listed(frame, {s: frame[s].isna() & (when < today) & ~accepted for s, when in due.items()})
    skipped = _listed(frame, {s: frame[s].isna() & accepted for s in ("start", "midterm")})
    reached = frame[list(MILESTONES)].notna()
    stage = reached.iloc[:, ::-1].idxmax(axis=1).where(reached.any(axis=1), "initiation")
    completed = accepted & (frame.balance_paid > 0)
    return frame.assign(paid_share=(frame.paid / frame.budget).round(4), stage=stage.where(~completed, "completed"),
                        overdue=overdue, skipped=skipped)


def _listed(frame: pd.DataFrame, masks: dict[str, pd.Series]) -> pd.Series:
    """Per project, the stages whose mask is true, in milestone order."""
    return pd.Series([tuple(s for s, m in masks.items() if m.iloc[k]) for k in range(len(frame))],
                     index=frame.index, dtype="object")


def trail(con: duckdb.DuckDBPyConnection, project_no: str) -> pd.DataFrame:
    """The project's milestones and payments in date order."""
    frame = warehouse.run_query(con, "measures/project_trail", {"project_no": project_no})
    frame["date"] = pd.to_datetime(frame.date)
    return frame


def stage_name(stage: str, lang: str = "zh") -> str:
    """立项 … 验收, or 已完成 for a project accepted and paid off."""
    if stage == "completed":
        return labels.t("project_completed", lang)
    return labels.pair(labels.PROJECT_STAGES[stage], lang)
