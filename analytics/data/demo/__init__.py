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
``prevention`` (campaigns, warning-education bases, school courses).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.data import importer, warehouse
from analytics.data.demo import accidents, diseases, hazards, injuries, insurance, population, prevention, training
from analytics.data.demo.draws import AS_OF, FIRST_YEAR, LAST_YEAR, Ids

__all__ = ["AS_OF", "FIRST_YEAR", "LAST_YEAR", "DemoSummary", "build", "iter_feeds"]

CHUNK_ROWS = 500_000                   # rows per import transaction when building a large province
SET_DUCKDB_MEMORY = "set memory_limit = '2GB'"   # DuckDB spills to disk beyond this: a large build's peak stays down


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
    yield "hidden", population.hidden(pop, ys)
    frame, paid, fatal_events = injuries.injuries(rng, ids, pop, ys)
    yield "injuries", frame
    del frame
    yield "diseases", diseases.diseases(rng, ids, pop, ys)
    yield "accidents", accidents.accidents(rng, pop, ys, fatal_events)
    yield "hazards", hazards.hazards(rng, pop, ys)
    positions, trainings = training.feeds(rng, ids, pop, ys)
    yield "key_positions", positions
    yield "trainings", trainings
    del positions, trainings
    yield "insurance", insurance.insurance(rng, pop, ys, paid)
    yield "campaigns", prevention.campaigns(rng, province)
    yield "warning_bases", prevention.warning_bases(rng, province)
    yield "school_courses", prevention.school_courses(rng, province)


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
    con.execute(SET_DUCKDB_MEMORY)
    con.execute("set preserve_insertion_order = false")
    warehouse.migrate(con, province=province)
    key = f"demo-{seed}".encode()               # demo data: a fixed key keeps the build reproducible
    rows = {}
    ctx = None
    for feed, frame in iter_feeds(seed, n_enterprises, province):
        if feed == "hidden":
            con.register("hidden_frame", frame)
            con.execute("insert into hidden.enterprise_risk select * from hidden_frame")
            con.unregister("hidden_frame")
            continue
        ctx = ctx or importer.context(con, AS_OF)
        rows[feed] = 0
        for first in range(0, len(frame), CHUNK_ROWS):   # bounded memory for a large province
            chunk = frame.iloc[first:first + CHUNK_ROWS]
            result = importer.import_frame(con, feed, chunk, f"demo:{feed}", user="demo", key=key, ctx=ctx,
                                           refresh=False)
            if not result.accepted:
                report = result.validation.report("en").head(5).to_string()
                raise RuntimeError(f"demo feed {feed} failed validation:\n{report}")
            rows[feed] += result.inserted
        progress(f"{feed}: {rows[feed]} rows")
        if feed == "enterprises":
            ctx = None                              # the other feeds refer to these enterprises
        del frame
    warehouse.refresh_marts(con)
    con.execute("checkpoint")
    con.close()
    return DemoSummary(n_enterprises, rows, time.perf_counter() - start)
