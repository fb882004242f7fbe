"""Shared fixtures: small warehouses built by the tests themselves, never the `make run` one."""

from __future__ import annotations

import os

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Two workers on two cores: OpenMP threads of one spin-waiting against the other's slow model fits
    # fifty-fold. Set before scikit-learn loads its OpenMP runtime.
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["ANALYTICS_THREADS"] = "1"      # and so does a ``python -m analytics`` a test starts

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

if "ANALYTICS_ID_KEY_FILE" not in os.environ:
    # A test that imports without a key of its own makes one where the installation keeps it: in a
    # folder of this run (gone at its end), never in the repository's data/secrets.
    _KEYS = tempfile.mkdtemp(prefix="analytics-tests-")
    atexit.register(shutil.rmtree, _KEYS, ignore_errors=True)
    os.environ["ANALYTICS_ID_KEY_FILE"] = os.path.join(_KEYS, "id_hash.key")

import datetime as dt  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

import pandas as pd
import pytest
from stdnum.cn import ric, uscc

from analytics.data import demo, importer, warehouse

AS_OF = dt.date(2026, 11, 23)
KEY = b"test-key"


def make_uscc(region: str = "530102", serial: int = 1) -> str:
    stem = f"91{region}MA{serial:07d}"
    return stem + uscc.calc_check_digit(stem + "0")


def make_id(region: str = "530102", birth: str = "19850612", seq: int = 123) -> str:
    stem = f"{region}{birth}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


ENTERPRISES = pd.DataFrame({
    "uscc": [make_uscc("530102", 1), make_uscc("530111", 2)],
    "name": ["昆明测试建设有限公司", "官渡测试物流有限公司"],
    "industry_code": ["47", "54"],
    "region_code": ["530102", "530111"],
    "employees": ["120", "45"],
    "founded": ["2010-03-01", "2015-07-20"],
})


def injuries_frame(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame({
        "case_no": [f"T-{i}" for i in range(n)],
        "uscc": [ENTERPRISES.uscc[i % 2] for i in range(n)],
        "id_number": [make_id(seq=100 + i) for i in range(n)],
        "name": ["张三", "李四", "王五", "赵六"][: n] + ["某"] * max(0, n - 4),
        "accident_date": ["2025-03-14"] * n,
        "decision_date": ["2025-04-20"] * n,
        "accident_type": ["高处坠落"] * n,
        "fatal": ["否"] * n,
        "disability_grade": ["9"] * n,
        "lost_days": ["60"] * n,
        "benefits": ["38000"] * n,
        "position": ["架子工"] * n,
    })


@pytest.fixture
def con(tmp_path):
    """A warehouse with the reference tables and two enterprises."""
    connection = warehouse.connect(tmp_path / "w.duckdb")
    result = importer.import_frame(connection, "enterprises", ENTERPRISES, "enterprises.csv", key=KEY, as_of=AS_OF)
    assert result.accepted, result.validation.report("en")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A small demo province (read it; copy it before writing)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.build(path, seed=7, n_enterprises=1500, progress=lambda m: None)
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def snapshot(con) -> dict[str, pd.DataFrame]:
    """Every feed table's content, for 'nothing changed' assertions."""
    from analytics.data.feeds import FEEDS

    return {name: warehouse.query(con, "select * from " + warehouse.ident(name)) for name in FEEDS}


def assert_unchanged(before: dict, after: dict) -> None:
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_like=True)


@pytest.fixture(scope="session")
def demo_models(demo_db, tmp_path_factory):
    """The risk models of the small demo, backtested, fitted and registered in their own folder."""
    from analytics.targeting import backtest

    folder = tmp_path_factory.mktemp("models")
    con = warehouse.connect(demo_db, read_only=True)
    backtest.train_and_register(con, backtest.run(con, seed=0), directory=folder)
    con.close()
    return folder


def logged_in(at, role: str = "admin", **scope):
    """An AppTest whose browser session is logged in as ``role`` (the server-side session a login makes)."""
    from analytics.access import accounts, roles

    at.session_state["session"] = accounts.Session(roles.Principal(f"test-{role}", role, **scope))
    return at


class _TableReader(HTMLParser):
    """The cells of a ``static_table`` block, as the analyst reads them."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_rows(body: str) -> list[list[str]]:
    """The rows of a ``static_table`` block (the header first), each cell's text as shown."""
    reader = _TableReader()
    reader.feed(body)
    return reader.rows


def shown_tables(block) -> list[pd.DataFrame]:
    """The static tables an AppTest (or one of its blocks) shows, each as a frame of text; a table
    drawn with its index (an empty first header) has it back as the index."""
    from analytics.display.static_table import CLASS

    tables = []
    for element in block.html:
        if f'class="{CLASS}"' not in element.value:
            continue
        head, *body = table_rows(element.value)
        frame = pd.DataFrame(body, columns=head)
        tables.append(frame.set_index(head[0]).rename_axis(None) if head[0] == "" else frame)
    return tables
