"""The demo province: a deterministic synthetic warehouse that behaves like real records.

Every feed is generated as a typed frame by its own module and imported through
``importer.import_frame``, so the demo passes the same validation as a department's file.
Each enterprise has a hidden true injury rate (``population``), written to
``hidden.enterprise_risk`` and read only to evaluate models. The targets, and where they come
from, are in ``data/README.md``. Hazards, overdue rectification and safety accidents are
driven by the same frailty as injuries, so they carry information about next year that last
year's count alone does not.

Modules: ``profile`` (the province's shape), ``draws`` (identifiers, dates), ``population``
(enterprises and their years), then one generator per feed: ``injuries``, ``diseases``,
``accidents``, ``hazards``, ``training`` (key positions and trainings), ``insurance``, and
``prevention`` (campaigns, warning-education bases, school courses) and ``projects`` (prevention
projects and their trails, the expert pool, and the projects' hidden effect on later injuries).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.data import deid, importer, warehouse
from analytics.data.feeds import FEEDS
from analytics.progress import report
from analytics.data.demo import (accidents, diseases, hazards, injuries, insurance, population, prevention, projects,
                                 training)
from analytics.data.demo.draws import AS_OF, FIRST_YEAR, LAST_YEAR, Ids

__all__ = ["AS_OF", "FIRST_YEAR", "LAST_YEAR", "DemoSummary", "build", "iter_feeds"]

HIDDEN = {                              # the demo's truth, never feeds: fixed statements, no values in them
    "hidden": "insert into hidden.enterprise_risk by name select * from hidden_frame",
    "hidden_effect": "insert into hidden.project_effect by name select * from hidden_frame",
}
REJECTED = "rejected:"                 # a file the importer must refuse (the demo's rule breakers)
REFERENCED = {"enterprises", "projects", "project_events"}
CHUNK_ROWS = 500_000                   # rows per import transaction when building a large province


@dataclass
class DemoSummary:
    enterprises: int
    rows: dict[str, int]
    seconds: float


def iter_feeds(seed: int = 20250101, n_enterprises: int = 50_000, province: str = "yunnan"
               ) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield ``(feed, frame)`` one feed at a time, enterprises first, so a large province is
    never in memory whole. The draws happen in this order, so a seed gives one province."""
    rng = np.random.default_rng(seed)
    ids = Ids(rng, province)
    pop, frame = population.enterprises(rng, ids, province, n_enterprises)
    yield "enterprises", frame
    del frame
    ys = population.years(rng, pop, province)
    project_rng = np.random.default_rng([seed, 15])      # its own stream: the other feeds' draws stay put
    project_ids = Ids(project_rng, province)
    plan = projects.draw(project_rng, project_ids, pop, ys, province)
    yield "hidden", projects.hidden_truth(pop, ys, plan.effect)
    yield "hidden_effect", plan.effect
    frame, paid, fatal_events = injuries.injuries(rng, ids, pop, ys, projects.averter(project_rng, pop, ys, plan.effect))
    yield "injuries", frame
    del frame
    yield "diseases", diseases.diseases(rng, ids, pop, ys)
    yield "accidents", accidents.accidents(rng, pop, ys, fatal_events)
    yield "hazards", hazards.hazards(rng, pop, ys)
    yield "key_positions", training.positions(pop, ys)
    yield "trainings", training.trainings(rng, ids, pop, ys)
    yield "insurance", insurance.insurance(rng, pop, ys, paid)
    yield "campaigns", prevention.campaigns(rng, province)
    yield "warning_bases", prevention.warning_bases(rng, province)
    yield "school_courses", prevention.school_courses(rng, province)
    yield "projects", plan.projects
    yield "project_enterprises", plan.served
    yield "project_events", plan.events
    yield REJECTED + "project_events", projects.broken_events(plan)
    yield "experts", projects.experts(project_rng, project_ids, pop, plan.implementers, province)


def build(db, seed: int = 20250101, n_enterprises: int = 50_000, province: str = "yunnan",
          force: bool = False, progress=print) -> DemoSummary:
    """Generate the demo province and import it feed by feed through the validating importer."""
    start = time.perf_counter()
    path = Path(db)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} exists; pass force=True (--force) to rebuild it")
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    con = warehouse.connect(path)
    con.execute("set preserve_insertion_order = false")
    warehouse.migrate(con, province=province)
    key = f"demo-{seed}".encode()               # demo data: a fixed key keeps the build reproducible
    rows = {}
    ctx = None
    steps = len(FEEDS) + len(HIDDEN) + 2        # what iter_feeds yields (with the rejected file), and the marts
    done = 0
    for feed, frame in iter_feeds(seed, n_enterprises, province):    # not enumerate: it would hold the last frame
        done += 1
        if feed in HIDDEN:
            con.register("hidden_frame", frame)
            con.execute(HIDDEN[feed])
            con.unregister("hidden_frame")
        elif feed.startswith(REJECTED):
            ctx = ctx or importer.context(con, AS_OF)
            _import_rejected(con, feed.removeprefix(REJECTED), frame, ctx)
            report(progress, f"{feed.removeprefix(REJECTED)}: a file of {len(frame)} rows breaking the rules, rejected",
                   done, steps)
        else:
            ctx = ctx or importer.context(con, AS_OF)
            recipe = f"{seed}/{n_enterprises}/{province}/{feed}"
            rows[feed] = _import(con, feed, frame, recipe, key, ctx)
            report(progress, f"{feed}: {rows[feed]} rows", done, steps)
            if feed in REFERENCED:
                ctx = None                          # later feeds are checked against these rows
        del frame                                   # before the next feed is drawn: one feed in memory at a time
    warehouse.refresh_marts(con)
    con.execute("checkpoint")
    report(progress, "enterprise_year, checkpoint", steps, steps)
    con.close()
    return DemoSummary(n_enterprises, rows, time.perf_counter() - start)


def _import(con, feed: str, frame: pd.DataFrame, recipe: str, key: bytes, ctx) -> int:
    """Import one feed in chunks (bounded memory for a large province); the rows inserted."""
    inserted = 0
    for first in range(0, len(frame), CHUNK_ROWS):
        checksum = hashlib.sha256(f"{recipe}/{first}".encode()).hexdigest()    # the demo's files are its recipe
        result = importer.import_frame(con, feed, frame.iloc[first:first + CHUNK_ROWS], f"demo:{feed}", checksum,
                                       user=deid.DEMO_BUILDER, key=key, ctx=ctx, refresh=False)
        if not result.accepted:
            problems = result.validation.report("en").head(5).to_string()
            raise RuntimeError(f"demo feed {feed} failed validation:\n{problems}")
        inserted += result.inserted
    return inserted


def _import_rejected(con, feed: str, frame: pd.DataFrame, ctx) -> None:
    result = importer.import_frame(con, feed, frame, f"demo:{feed}（违规更正）", user=deid.DEMO_BUILDER, ctx=ctx, refresh=False)
    if result.accepted:
        raise RuntimeError(f"the demo's rule-breaking {feed} file was accepted")
