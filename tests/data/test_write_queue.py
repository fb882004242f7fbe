"""Imports beside a running dashboard: the holder of the warehouse takes queued files, readers keep answering."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from analytics.data import warehouse, write_queue
from conftest import injuries_frame

pytestmark = pytest.mark.xdist_group("queue")


def _cli_import(db, csv, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYTICS_ID_KEY": "test-key"}
    return subprocess.run([sys.executable, "-m", "analytics", "import", "injuries", str(csv), "--db", str(db), *extra],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def held(con, tmp_path, monkeypatch):
    """The warehouse held by this process, as the dashboard holds it, with its queue served."""
    monkeypatch.setenv("ANALYTICS_ID_KEY", "test-key")
    db = tmp_path / "w.duckdb"
    worker = write_queue.Worker(lambda: con, db)
    yield con, db
    worker.stop()


def test_an_import_from_another_process_is_taken_by_the_holder_while_readers_keep_answering(held, tmp_path):
    con, db = held
    csv = tmp_path / "injuries.csv"
    injuries_frame(4).to_csv(csv, index=False)
    answers, stop = [], threading.Event()

    def read() -> None:                                         # a dashboard session, reading all along
        cur = con.cursor()
        while not stop.is_set():
            answers.append(warehouse.scalar(cur, "select count(*) from injuries"))
        cur.close()

    reader = threading.Thread(target=read)
    reader.start()
    run = _cli_import(db, csv)
    stop.set()
    reader.join()
    assert run.returncode == 0, run.stderr
    assert "导入成功" in run.stdout and "排队" in run.stderr
    assert answers and set(answers) <= {0, 4} and answers[0] == 0    # each answer the last commit, before or after
    assert warehouse.scalar(con, "select count(*) from injuries") == 4
    assert warehouse.scalar(con, "select count(*) from import_log where feed = 'injuries' and status = 'accepted'") == 1
    assert not any(write_queue.folder(db).iterdir())              # the queued copy (with 身份证号) is gone


def test_a_rejected_queued_file_prints_its_report_and_changes_nothing(held, tmp_path):
    con, db = held
    frame = injuries_frame(2)
    frame.loc[1, "accident_date"] = "2025-02-30"
    csv = tmp_path / "bad.csv"
    frame.to_csv(csv, index=False)
    run = _cli_import(db, csv, "--lang", "en")
    assert run.returncode == 2 and "accident_date" in run.stdout and "3" in run.stdout
    assert warehouse.scalar(con, "select count(*) from injuries") == 0


def test_a_holder_that_serves_no_queue_gets_the_file_withdrawn_and_a_plain_answer(con, tmp_path):
    db = tmp_path / "w.duckdb"                                   # held by this process, no worker: a notebook
    csv = tmp_path / "injuries.csv"
    injuries_frame(2).to_csv(csv, index=False)
    run = _cli_import(db, csv, "--claim-timeout", "1")
    assert run.returncode == 1 and "未导入任何数据" in run.stderr and "Traceback" not in run.stderr
    assert warehouse.scalar(con, "select count(*) from injuries") == 0
    assert not any(write_queue.folder(db).iterdir())


def test_another_process_reads_a_held_warehouse(held):
    con, db = held
    code = ("import sys; from analytics.data import warehouse; c = warehouse.connect(sys.argv[1], read_only=True); "
            "print(warehouse.is_snapshot(c), warehouse.scalar(c, 'select count(*) from enterprises'))")
    run = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=120)
    assert run.stdout.split() == ["True", "2"], run.stderr
