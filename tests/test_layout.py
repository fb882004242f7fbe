"""The package's layout holds: stages import downwards only, SQL lives in files, pages stay thin."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"
STAGES = ["data", "measures", "targeting", "premiums", "display", "access"]   # foundation first
TOP = {"__init__", "__main__", "paths", "config", "labels", "stats", "progress", "app_cache", "cli"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_only_the_shared_modules_live_at_the_top():
    assert {p.stem for p in PACKAGE.glob("*.py")} == TOP
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")} == set(STAGES)
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").read_text("utf-8").startswith('"""')


def test_no_stage_imports_a_stage_above_it_and_only_app_cache_imports_streamlit():
    for path in PACKAGE.rglob("*.py"):
        names = imports(path)
        stage = path.relative_to(PACKAGE).parts[0] if path.parent != PACKAGE else None
        if path.stem != "app_cache":
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
        if stage in STAGES:
            above = STAGES[STAGES.index(stage) + 1:]
            bad = [n for n in names if any(n.startswith(f"analytics.{s}") for s in above)]
            assert not bad, f"{path} imports {bad}"
            assert not any(n.startswith(("analytics.app_cache", "analytics.cli")) for n in names), path
        if path.stem in {"paths", "config", "labels", "stats"}:
            assert not any(n.startswith(tuple(f"analytics.{s}" for s in STAGES)) for n in names), path


def test_no_query_longer_than_a_line_is_written_in_python():
    sql_word = re.compile(r"^\s*(select|with|insert|create|update|delete) ")   # our SQL is lower case
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and sql_word.match(node.value):
                assert node.lineno == node.end_lineno, f"{path}:{node.lineno} holds a multi-line query"


def test_every_query_file_is_used():
    code = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py"))
    for sql in PACKAGE.rglob("sql/*.sql"):
        name = f"{sql.parent.parent.name}/{sql.stem}"
        used = f'"{name}"' in code or "{" + sql.stem + "}" in "".join(
            s.read_text("utf-8") for s in sql.parent.glob("*.sql"))
        assert used, f"{sql} is not run anywhere"


def test_pages_read_widgets_and_draw_only():
    for page in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        roots = {n.split(".")[0] for n in imports(page)}
        assert not roots & {"pandas", "duckdb", "sklearn", "numpy"}, page


def test_every_workbook_is_written_by_the_formula_free_writer():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "spreadsheets.py":
            continue
        text = path.read_text("utf-8")
        assert "ExcelWriter(" not in text and "xlsxwriter" not in text, f"{path} writes Excel by itself"
        for line in text.splitlines():
            if ".to_excel(" in line:
                assert ".to_excel(writer" in line, f"{path}: {line.strip()}"
