"""Hazard follow-up: a letter for every overdue 重大隐患, logged, and what is still open after it escalated."""

from __future__ import annotations

import os
import subprocess
import sys

from analytics.access import audit
from analytics.data import warehouse
from analytics.measures import followup


def test_every_overdue_major_hazard_gets_a_logged_letter_and_what_stays_open_is_escalated(demo_copy, tmp_path):
    con = warehouse.connect(demo_copy, read_only=True)
    as_of = warehouse.data_through(con)
    due = followup.overdue_major(con, as_of)
    con.close()
    assert len(due) > 0
    run = subprocess.run([sys.executable, "-m", "analytics", "letters", "--out", str(tmp_path / "letters"),
                          "--db", str(demo_copy)], capture_output=True, text=True, env={**os.environ})
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "letters").glob("*.docx"))) == len(due)
    con = warehouse.connect(demo_copy, read_only=True)
    log = warehouse.query(con, "select * from letters_log order by id")
    assert sorted(log.uscc) == sorted(due.uscc) and log.number.is_unique and (log.reason == "overdue_major").all()
    assert (audit.entries(con).action == "letters").sum() == len(due)
    escalated = followup.escalation(con, as_of)
    assert set(escalated.uscc) <= set(due.uscc) and len(escalated) >= len(due)      # at least their overdue majors
    assert (escalated.days_overdue > 0).all() and escalated.department.notna().all()


def test_inspections_letters_and_projects_are_interventions_targeting_can_read(demo_copy):
    from analytics.access import roles

    con = warehouse.connect(demo_copy)
    uscc = warehouse.scalar(con, "select uscc from hazards limit 1")
    audit.record_letter(con, roles.Principal("lin", "analyst"), uscc, "人社工预〔2026〕1号", "keylist", "应急管理部门")
    rows = followup.interventions(con)
    assert set(rows.kind) == {"inspection", "letter", "project"}
    assert (rows.kind == "project").sum() == warehouse.scalar(con, "select count(*) from project_enterprises")
    inspections = warehouse.scalar(con, "select count(*) from (select distinct uscc, found_date, department from hazards)")
    assert (rows.kind == "inspection").sum() == inspections
    letter = rows[rows.kind == "letter"].iloc[0]
    assert letter.uscc == uscc and letter.detail == "人社工预〔2026〕1号"


def test_key_list_letters_are_numbered_and_logged_too(demo_copy, demo_models, tmp_path):
    con = warehouse.connect(demo_copy, read_only=True)
    picked = warehouse.query(con, "select uscc from enterprises order by uscc limit 2").uscc.tolist()
    con.close()
    env = {**os.environ, "ANALYTICS_MODELS_DIR": str(demo_models)}
    run = subprocess.run([sys.executable, "-m", "analytics", "keylist", "--year", "2026", "--letters", str(tmp_path / "k"),
                          "--select", ",".join(picked), "--db", str(demo_copy)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    con = warehouse.connect(demo_copy, read_only=True)
    log = warehouse.query(con, "select * from letters_log order by id")
    assert sorted(log.uscc) == sorted(set(picked) & set(log.uscc)) and (log.reason == "keylist").all()
    assert len(list((tmp_path / "k").glob("*.docx"))) == len(log) and log.number.is_unique
