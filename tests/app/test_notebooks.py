"""The notebooks run top to bottom against a test demo warehouse, and are stored without outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_for_each_purpose():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_warehouse.ipynb", "02_custom_model.ipynb",
                                           "03_premium_what_if.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code), f"strip the outputs of {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path, demo_db, demo_models, tmp_path, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(demo_models, models)            # the custom-model notebook registers into a copy
    monkeypatch.setenv("ANALYTICS_DB", str(demo_db))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(models))
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    if path.stem == "02_custom_model":
        from analytics.targeting import registry

        assert "spline_glm" in set(registry.list_models(models).name)


def test_the_custom_model_notebook_runs_while_another_process_holds_the_warehouse(demo_db, demo_models, tmp_path,
                                                                                   monkeypatch):
    import subprocess
    import sys

    db, models = tmp_path / "held.duckdb", tmp_path / "models"
    shutil.copyfile(demo_db, db)
    shutil.copytree(demo_models, models)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from analytics.data import warehouse; "
                               "c = warehouse.connect(sys.argv[1]); print('held', flush=True); time.sleep(900)", str(db)],
                              stdout=subprocess.PIPE, text=True)        # as `make run` holds it
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("ANALYTICS_DB", str(db))
        monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(models))
        path = next(p for p in NOTEBOOKS if p.stem == "02_custom_model")
        book = nbformat.read(path, as_version=4)
        NotebookClient(book, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, errors[0]["evalue"] if errors else ""
    finally:
        holder.kill()
        holder.wait()
