"""Imports handed to the process that holds the warehouse: one writer, and nobody refused.

DuckDB lets one process write a file. The dashboard holds the warehouse for as long as it runs,
so a nightly ``python -m analytics import`` cannot open it. Instead the command drops its file
into the warehouse's queue folder (``<warehouse>.queue/``) and waits; a thread of the holding
process (``Worker``, started by the dashboard) takes the jobs one at a time, imports each with
its own connection and writes the outcome beside it. Readers keep answering while it runs
(DuckDB shows each query the last commit) and see the new rows once the import commits.

A job is claimed by renaming it, so two holders can never import it twice. The queued copy
of the file (it may hold 身份证号) is readable by its owner only and deleted once imported;
the result keeps only what the command prints.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analytics.data import importer

POLL_SECONDS = 0.5


class NobodyServing(RuntimeError):
    """The warehouse is held by a process that takes no queued imports (a notebook, another import)."""


@dataclass
class Outcome:
    """What a queued import said where it ran: status, its summary and problem table in both
    languages; read like an ``ImportResult`` (``accepted``, ``summary``, ``report``)."""

    status: str
    summaries: dict[str, str]
    ignored_columns: list[str]
    reports: dict[str, dict]         # lang -> {"columns": [...], "rows": [[...], ...]}

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def summary(self, lang: str = "zh") -> str:
        return self.summaries[lang]

    def report(self, lang: str = "zh") -> pd.DataFrame:
        table = self.reports.get(lang) or {"columns": [], "rows": []}
        return pd.DataFrame(table["rows"], columns=table["columns"])


def folder(db: str | Path) -> Path:
    return Path(f"{db}.queue")


def submit(db: str | Path, feed: str, data: bytes, file_name: str, user: str | None = None,
           department: str | None = None) -> str:
    """Queue one file for import; its job id. The data file is written before the job appears."""
    queue = folder(db)
    queue.mkdir(mode=0o700, exist_ok=True)
    job = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    _write_private(queue / f"{job}.data", data)
    meta = {"feed": feed, "file_name": Path(file_name).name, "user": user, "department": department,
            "submitted_at": time.time()}
    _write_private(queue / f"{job}.tmp", json.dumps(meta, ensure_ascii=False).encode())
    os.replace(queue / f"{job}.tmp", queue / f"{job}.job")
    return job


def wait(db: str | Path, job: str, claim_timeout: float = 15.0, progress: Callable[[str], None] | None = None,
         timeout: float = 3600.0) -> Outcome:
    """Block until the job's outcome is written. If no holder claims it within ``claim_timeout``
    seconds, withdraw it and raise ``NobodyServing``: nothing was imported."""
    queue, started, said = folder(db), time.monotonic(), None
    while time.monotonic() - started < timeout:
        result = queue / f"{job}.result"
        if result.exists():
            outcome = Outcome(**json.loads(result.read_text("utf-8")))
            result.unlink(missing_ok=True)
            return outcome
        state = "claimed" if (queue / f"{job}.claimed").exists() else "queued"
        if state == "queued" and time.monotonic() - started > claim_timeout and _withdraw(queue, job):
            raise NobodyServing(str(db))
        if progress is not None and state != said:
            progress(state)
            said = state
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"queued import {job} gave no result in {timeout:.0f} s")


def _withdraw(queue: Path, job: str) -> bool:
    """Take an unclaimed job back (False when a holder claimed it meanwhile: its rename came first)."""
    try:
        (queue / f"{job}.job").unlink()
    except FileNotFoundError:
        return False
    (queue / f"{job}.data").unlink(missing_ok=True)
    return True


def serve_pending(con, db: str | Path) -> int:
    """Import every queued job, oldest first, with ``con`` (the holder's connection); how many ran."""
    queue, served = folder(db), 0
    if not queue.is_dir():
        return 0
    for ticket in sorted(queue.glob("*.job")):
        job = ticket.stem
        claimed = queue / f"{job}.claimed"
        try:
            os.rename(ticket, claimed)            # atomic: one holder wins the job
        except FileNotFoundError:
            continue
        meta = json.loads(claimed.read_text("utf-8"))
        data_file = queue / f"{job}.data"
        try:
            cur = con.cursor()
            try:
                result = importer.import_bytes(cur, meta["feed"], data_file.read_bytes(), meta["file_name"],
                                               user=meta["user"], department=meta["department"])
            finally:
                cur.close()
            outcome = _outcome(result)
        except Exception as exc:                  # the waiting command must hear of it, whatever it was
            outcome = Outcome("failed", {"zh": f"导入失败：{exc}", "en": f"Import failed: {exc}"}, [], {})
        finally:
            data_file.unlink(missing_ok=True)
        _write_private(queue / f"{job}.tmp", json.dumps(outcome.__dict__, ensure_ascii=False, default=str).encode())
        os.replace(queue / f"{job}.tmp", queue / f"{job}.result")
        claimed.unlink(missing_ok=True)
        served += 1
    return served


def _outcome(result: importer.ImportResult) -> Outcome:
    reports = {}
    for lang in ("zh", "en"):
        table = result.report(lang)
        reports[lang] = {"columns": list(table.columns), "rows": table.astype(str).values.tolist()}
    return Outcome(result.status, {lang: result.summary(lang) for lang in ("zh", "en")},
                   list(result.ignored_columns), reports)


def _write_private(path: Path, data: bytes) -> None:
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
        fh.write(data)


class Worker:
    """A daemon thread of the holding process that serves the queue every ``POLL_SECONDS``."""

    def __init__(self, connection: Callable, db: str | Path):
        self._connection, self._db = connection, db
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="import-queue", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                serve_pending(self._connection(), self._db)
            except Exception:   # noqa: BLE001 - a bad job must not stop the queue; its waiter times out
                time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=10)
