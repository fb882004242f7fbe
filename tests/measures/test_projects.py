"""Prevention projects (stage, payments, overdue milestones, trail) and expert draws (rules, log, replay)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from analytics.data import importer, warehouse
from analytics.measures import experts, projects
from conftest import AS_OF, ENTERPRISES, KEY, make_id, make_uscc

IMPLEMENTER = make_uscc("530102", 99)


@pytest.fixture
def project(con):
    frame = pd.DataFrame({
        "project_no": ["P1", "P2"], "name": ["班组长培训", "矿山隐患排查"], "year": ["2025", "2025"],
        "region_code": ["530100", "530100"], "key_group": ["建筑施工", "矿山"], "budget": ["100000", "200000"],
        "implementer": ["某中心", "某研究所"], "implementer_uscc": [IMPLEMENTER] * 2,
        "contract_date": ["2025-03-01", "2025-03-01"], "due_date": ["2025-09-01", "2026-03-01"]})
    assert importer.import_frame(con, "projects", frame, "p.csv", as_of=AS_OF).accepted
    trail = pd.DataFrame([
        ("E1", "P1", "立项", "2025-01-05", None, None), ("E2", "P1", "开工", "2025-03-10", None, None),
        ("E3", "P1", "支付", "2025-03-15", "30000", "预付款"), ("E4", "P1", "验收", "2025-08-20", None, None),
        ("E5", "P1", "支付", "2025-09-10", "70000", "尾款"),
        ("F1", "P2", "立项", "2025-01-05", None, None), ("F2", "P2", "支付", "2025-03-05", "60000", "预付款"),
    ], columns=["event_no", "project_no", "stage", "date", "amount", "payment_kind"])
    assert importer.import_frame(con, "project_events", trail, "e.csv", as_of=AS_OF).accepted
    served = pd.DataFrame({"project_no": ["P1", "P2"], "uscc": [ENTERPRISES.uscc[0], ENTERPRISES.uscc[1]]})
    assert importer.import_frame(con, "project_enterprises", served, "s.csv", as_of=AS_OF).accepted
    return con


def test_status_gives_paid_stage_and_overdue_milestones(project):
    status = projects.status(project, 2025, dt.date(2025, 12, 1)).set_index("project_no")
    assert status.loc["P1", "paid"] == 100_000 and status.loc["P1", "stage"] == "completed"
    assert status.loc["P1", "skipped"] == ("midterm",) and status.loc["P1", "overdue"] == ()
    # P2: signed 2025-03-01, due 2026-03-01: no start within 30 days, midterm due 2025-08-31
    assert status.loc["P2", "overdue"] == ("start", "midterm") and status.loc["P2", "stage"] == "contract"
    assert status.loc["P2", "paid_share"] == 0.3 and status.loc["P2", "served"] == 1
    early = projects.status(project, 2025, dt.date(2025, 3, 20)).set_index("project_no")
    assert early.loc["P2", "overdue"] == ()
    assert projects.status(project, 2024, dt.date(2025, 12, 1)).empty
    assert projects.status(project, None, dt.date(2025, 12, 1), prefectures=("530300",)).empty
    assert projects.trail(project, "P1").stage.tolist() == ["initiation", "start", "payment", "acceptance", "payment"]


def _experts(con, rows):
    frame = pd.DataFrame([{"expert_no": n, "id_number": make_id(seq=10 + k), "name": "某", "specialty": s,
                           "employer_uscc": u, "term_start": d} for k, (n, s, u, d) in enumerate(rows)])
    assert importer.import_frame(con, "experts", frame, "x.csv", key=KEY, as_of=AS_OF).accepted


def test_a_draw_takes_only_eligible_experts_and_replays(project):
    other = [make_uscc("530102", 200 + k) for k in range(6)]
    _experts(project, [
        ("X1", "建筑", IMPLEMENTER, "2025-01-01"),              # the implementer's own: excluded
        ("X2", "建筑", ENTERPRISES.uscc[0], "2025-01-01"),     # employed by a served enterprise: excluded
        ("X3", "建筑", other[0], "2021-01-01"),                # term lapsed 2024-01-01
        ("X4", "建筑", other[1], "2024-01-01"), ("X5", "建筑", other[2], "2024-06-01"),
        ("X6", "矿山", other[3], "2025-01-01"), ("X7", "矿山", other[4], "2023-02-01"),
    ])
    on = dt.date(2025, 6, 1)
    assert experts.eligible(project, "P1", on).expert_no.tolist() == ["X4", "X5", "X6", "X7"]
    made = experts.draw(project, "P1", 3, "lin", seed=11, as_of=on)
    assert set(made.result) <= {"X4", "X5", "X6", "X7"} and len(set(made.result)) == 3 and made.pool_size == 4
    again = experts.draw(project, "P1", 3, "lin", seed=11, as_of=on)
    assert again.result == made.result and again.id == made.id + 1
    check = experts.verify(project, made.id)
    assert check.confirmed
    logged = experts.draws(project)
    assert list(logged.columns[:3]) == ["id", "drawn_at", "username"] and len(logged) == 2
    # a renewal changes the pool for that day: the replay says so instead of confirming
    _experts(project, [("X3", "建筑", other[0], "2024-12-01")])
    changed = experts.verify(project, made.id)
    assert not changed.same_pool and not changed.confirmed and changed.pool_size == 5


@pytest.mark.parametrize("size,rule", [(4, "奇数"), (1, "奇数"), (5, "不足")])
def test_even_small_or_too_large_panels_are_refused_with_a_reason(project, size, rule):
    _experts(project, [(f"X{k}", "建筑", make_uscc("530102", 300 + k), "2025-01-01") for k in range(4)])
    with pytest.raises(experts.DrawRefused, match=rule):
        experts.draw(project, "P1", size, "lin", seed=1, as_of=dt.date(2025, 6, 1))
    with pytest.raises(experts.DrawRefused, match="不存在"):
        experts.draw(project, "P9", 3, "lin", seed=1)
    assert experts.draws(project).empty


def test_the_demo_has_projects_a_rejected_trail_and_a_hidden_effect(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    rejected = warehouse.query(con, "select message from import_log where feed = 'project_events' and status = 'rejected'")
    assert len(rejected) == 1
    for rule in ("over_budget", "balance_before_acceptance", "stage_order"):
        assert rule in rejected.message[0]
    status = projects.status(con, None, warehouse.data_through(con))
    assert len(status) >= 20 and (status.paid <= status.budget).all()
    assert (status.stage == "completed").sum() > 0 and status.overdue.map(len).sum() + status.skipped.map(len).sum() > 0
    effect = warehouse.query(con, "select * from hidden.project_effect")
    served = warehouse.query(con, "select * from project_enterprises")
    assert set(effect.uscc) <= set(served.uscc) and effect.effect.between(0.01, 0.6).all()
    assert effect.effect.nunique() >= 4                                              # by size and industry
    assert warehouse.scalar(con, "select count(*) from experts") > 100


def test_the_command_line_lists_projects_draws_and_verifies(demo_copy):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "analytics", *args, "--db", str(demo_copy)],
                              capture_output=True, text=True)

    listed = json.loads(cli("projects", "--year", "2024", "--format", "json").stdout)
    assert listed and {"budget", "paid", "stage", "overdue", "served"} <= set(listed[0])
    number = listed[0]["project_no"]
    trail = json.loads(cli("projects", "--project", number, "--format", "json").stdout)
    assert trail[0]["stage"] == "initiation" and trail[0]["date"][:4] in {"2023", "2024"}
    drawn = cli("experts", "draw", "--project", number, "--size", "3", "--seed", "5")
    assert drawn.returncode == 0 and "第 1 号抽取" in drawn.stdout, drawn.stderr
    assert cli("experts", "draw", "--project", number, "--size", "2").returncode == 2
    assert json.loads(cli("experts", "draw", "--project", number, "--size", "3", "--format", "json").stdout)["id"] == 2
    verified = cli("experts", "verify", "1", "--lang", "en")
    assert verified.returncode == 0 and "confirmed" in verified.stdout
    replay = json.loads(cli("experts", "verify", "1", "--format", "json").stdout)
    assert replay["confirmed"] and replay["result"] == replay["logged_result"]
    log = json.loads(cli("experts", "draws", "--format", "json").stdout)
    assert len(log) == 2 and log[-1]["seed"] == 5 and len(log[-1]["result"].split(",")) == 3
    kunming = json.loads(cli("campaigns", "--year", "2025", "--prefecture", "530100", "--format", "json").stdout)
    everywhere = json.loads(cli("campaigns", "--year", "2025", "--format", "json").stdout)
    assert sum(r["campaigns"] for r in kunming) < sum(r["campaigns"] for r in everywhere)
    assert all(r["prefectures"] <= 1 for r in kunming)
