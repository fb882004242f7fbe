"""Expert draws (专家库抽取) for a prevention project's review panel, logged so anyone can replay them.

The eligible pool is fixed by rule (in term on the day, not employed by the implementing
organisation or by an enterprise the project serves), ordered by expert number and hashed;
the seed picks from it with NumPy's PCG64. ``verify`` rebuilds the pool for the logged day,
compares its hash and redraws: the same pool and seed must give the same panel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import config, labels, paths
from analytics.data import warehouse


class DrawRefused(ValueError):
    """The draw cannot be made as asked; the message says why in the interface language."""


@dataclass(frozen=True)
class Draw:
    id: int
    project_no: str
    size: int
    seed: int
    as_of: dt.date
    specialty: str | None
    pool_size: int
    pool_hash: str
    result: tuple[str, ...]


@dataclass(frozen=True)
class Verification:
    draw: Draw
    pool_size: int
    pool_hash: str
    result: tuple[str, ...]

    @property
    def same_pool(self) -> bool:
        return self.pool_hash == self.draw.pool_hash

    @property
    def confirmed(self) -> bool:
        return self.same_pool and self.result == self.draw.result


def term_years() -> int:
    return config.read(paths.CONFIG_DIR / "prevention.toml").section("experts").integer("term_years", 3, minimum=1)


def eligible(con: duckdb.DuckDBPyConnection, project_no: str | None, as_of: dt.date, specialty: str | None = None
             ) -> pd.DataFrame:
    """The experts who may review ``project_no`` on ``as_of`` (every expert in term when None), by expert number."""
    return warehouse.run_query(con, "measures/eligible_experts", {
        "project_no": project_no, "as_of": as_of, "specialty": specialty, "term_years": term_years()})


def pool_hash(expert_nos: list[str]) -> str:
    return hashlib.sha256("\n".join(expert_nos).encode("utf-8")).hexdigest()


def _pick(expert_nos: list[str], size: int, seed: int) -> tuple[str, ...]:
    order = np.random.default_rng(seed).choice(len(expert_nos), size=size, replace=False)
    return tuple(expert_nos[i] for i in order)


def draw(con: duckdb.DuckDBPyConnection, project_no: str, size: int, user: str, seed: int | None = None,
         as_of: dt.date | None = None, specialty: str | None = None, lang: str = "zh") -> Draw:
    """Draw an odd panel of ``size`` ≥ 3 experts for ``project_no`` and log it; refused with a reason otherwise."""
    if size < 3 or size % 2 == 0:
        raise DrawRefused(labels.t("draw_bad_size", lang, size=size))
    if not warehouse.scalar(con, "select count(*) from projects where project_no = ?", [project_no]):
        raise DrawRefused(labels.t("draw_unknown_project", lang, project=project_no))
    as_of = as_of or dt.date.today()
    pool = eligible(con, project_no, as_of, specialty).expert_no.tolist()
    if len(pool) < size:
        raise DrawRefused(labels.t("draw_too_few", lang, size=size, eligible=len(pool)))
    seed = secrets.randbits(63) if seed is None else int(seed)
    if not 0 <= seed < 2 ** 63:
        raise DrawRefused(labels.t("draw_bad_seed", lang))
    result = _pick(pool, size, seed)
    digest = pool_hash(pool)
    draw_id = con.execute(warehouse.sql_text("measures/log_draw"), {
        "drawn_at": dt.datetime.now(), "username": user, "project_no": project_no, "size": size, "seed": seed,
        "as_of": as_of, "specialty": specialty, "pool_size": len(pool), "pool_hash": digest,
        "result": ",".join(result)}).fetchone()[0]
    return Draw(draw_id, project_no, size, seed, as_of, specialty, len(pool), digest, result)


def draws(con: duckdb.DuckDBPyConnection, draw_id: int | None = None) -> pd.DataFrame:
    """The draw log, newest first (or one draw)."""
    return warehouse.run_query(con, "measures/expert_draws", {"id": draw_id})


def verify(con: duckdb.DuckDBPyConnection, draw_id: int, lang: str = "zh") -> Verification:
    """Replay a logged draw: rebuild its pool for its day and redraw with its seed."""
    logged = draws(con, draw_id)
    if logged.empty:
        raise DrawRefused(labels.t("draw_not_found", lang, id=draw_id))
    row = logged.iloc[0]
    as_of = pd.Timestamp(row.as_of).date()
    specialty = None if pd.isna(row.specialty) else row.specialty
    original = Draw(int(row.id), row.project_no, int(row["size"]), int(row.seed), as_of, specialty,
                    int(row.pool_size), row.pool_hash, tuple(row.result.split(",")))
    pool = eligible(con, original.project_no, as_of, specialty).expert_no.tolist()
    replay = _pick(pool, original.size, original.seed) if len(pool) >= original.size else ()
    return Verification(original, len(pool), pool_hash(pool), replay)
