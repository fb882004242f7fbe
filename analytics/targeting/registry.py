"""Model registry: fitted pipelines under ``data/models/<id>/`` with their metadata.

Each entry holds ``model.pkl`` (the fitted scikit-learn pipeline) and ``meta.json``
(name, kind, training years, features, backtest metrics, package versions). The default
model is named in ``data/models/default.json``; the dashboard and the key-enterprise list
use it unless told otherwise. The latest full backtest (every model, baseline and, on the
demo, the ceiling) is kept beside them in ``backtest.json`` for the model-validation page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from pathlib import Path

import pandas as pd
import sklearn

import analytics
from analytics import paths
from analytics.data import warehouse


def models_dir() -> Path:
    return paths.models_dir()


class ModelMismatch(LookupError):
    """The model was trained on another province's warehouse."""


def warehouse_identity(con) -> dict:
    """What a model records of the warehouse it was trained on: the province, the years of
    insurance records, and a fingerprint of the data (province, last accepted import, row counts)."""
    province = warehouse.province_of(con)
    first, last = con.execute("select min(year), max(year) from insurance").fetchone()
    counts = warehouse.table_counts(con)
    text = json.dumps([province, warehouse.data_version(con), sorted(counts.items())])
    return {"province": province, "years": [first, last], "fingerprint": hashlib.sha256(text.encode()).hexdigest()[:12]}


def check(meta: dict, con) -> None:
    """Refuse to score a warehouse of another province than the model was trained on."""
    trained = (meta.get("warehouse") or {}).get("province")
    here = warehouse.province_of(con)
    if trained and trained != here:
        raise ModelMismatch(f"model {meta['id']} was trained on the {trained} warehouse and cannot score this {here} "
                            f"warehouse; run `python -m analytics train` on this warehouse")


def register(name: str, pipeline, kind: str, training_years: list[int], features: list[str],
             metrics: dict | None = None, directory: Path | None = None, source: dict | None = None) -> str:
    """Save a fitted pipeline with where it was trained (``warehouse_identity``); returns its id."""
    root = directory or models_dir()
    model_id = f"{name}-{dt.datetime.now():%Y%m%d%H%M%S%f}"
    folder = root / model_id
    folder.mkdir(parents=True)
    with open(folder / "model.pkl", "wb") as fh:
        pickle.dump(pipeline, fh)
    meta = {"id": model_id, "name": name, "kind": kind, "training_years": [int(y) for y in training_years],
            "features": list(features), "metrics": metrics or {}, "warehouse": source or {},
            "created": dt.datetime.now().isoformat(timespec="seconds"),
            "versions": {"analytics": analytics.__version__, "scikit-learn": sklearn.__version__, "pandas": pd.__version__}}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    return model_id


def list_models(directory: Path | None = None) -> pd.DataFrame:
    root = directory or models_dir()
    rows = [json.loads(p.read_text("utf-8")) for p in sorted(root.glob("*/meta.json"))] if root.exists() else []
    frame = pd.DataFrame(rows, columns=["id", "name", "kind", "training_years", "features", "metrics", "warehouse",
                                        "created", "versions"])
    if not frame.empty:
        frame["default"] = frame.id.eq(default_id(directory))
    return frame


def set_default(model_id: str, directory: Path | None = None) -> None:
    root = directory or models_dir()
    if not (root / model_id / "model.pkl").exists():
        raise ValueError(f"no model {model_id!r} in {root}")
    (root / "default.json").write_text(json.dumps({"id": model_id}), "utf-8")


def default_id(directory: Path | None = None) -> str | None:
    path = (directory or models_dir()) / "default.json"
    return json.loads(path.read_text("utf-8"))["id"] if path.exists() else None


def load(model_id: str | None = None, directory: Path | None = None):
    """The fitted pipeline and its metadata (the default model when ``model_id`` is None)."""
    root = directory or models_dir()
    model_id = model_id or default_id(directory)
    if model_id is None:
        raise LookupError("no model registered yet: run `python -m analytics train`")
    if not (root / model_id / "model.pkl").exists():
        raise LookupError(f"model {model_id} is registered but its files are missing from {root}: "
                          f"run `python -m analytics train`")
    with open(root / model_id / "model.pkl", "rb") as fh:
        pipeline = pickle.load(fh)  # noqa: S301 - our own files under data/models
    return pipeline, json.loads((root / model_id / "meta.json").read_text("utf-8"))


def latest(kind: str, directory: Path | None = None) -> str | None:
    """The id of the most recently registered model of ``kind`` (``count`` or ``classifier``)."""
    listed = list_models(directory)
    listed = listed[listed.kind == kind] if not listed.empty else listed
    return None if listed.empty else listed.sort_values("created").id.iloc[-1]


def save_backtest(results: dict, directory: Path | None = None) -> None:
    root = directory or models_dir()
    root.mkdir(parents=True, exist_ok=True)
    (root / "backtest.json").write_text(json.dumps(results, ensure_ascii=False, default=float), "utf-8")


def load_backtest(directory: Path | None = None) -> dict | None:
    """The latest saved backtest (year keys back to integers), or None."""
    path = (directory or models_dir()) / "backtest.json"
    if not path.exists():
        return None
    results = json.loads(path.read_text("utf-8"))
    for ranker in results["rankers"].values():
        ranker["years"] = {int(y): m for y, m in ranker["years"].items()}
    for section in ("lists", "model_card", "uplift"):
        years = results.get(section, {})
        if section == "lists":
            results[section] = {int(y): m for y, m in years.items()}
        elif "years" in years or "by_year" in years:
            key = "years" if section == "model_card" else "by_year"
            years[key] = {int(y): m for y, m in years.get(key, {}).items()}
    return results


def version(directory: Path | None = None) -> float:
    """Changes whenever a model is registered, the default moves or a backtest is saved (cache key)."""
    root = directory or models_dir()
    files = [root, root / "default.json", root / "backtest.json"]
    return max((f.stat().st_mtime for f in files if f.exists()), default=0.0)
