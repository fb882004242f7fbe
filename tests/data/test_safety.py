"""Hostile and accidental input: bounded reading, no formulas out, no identifiers in, a mart that never lies."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from analytics import paths
from analytics.data import deid, importer, spreadsheets, warehouse
from conftest import AS_OF, ENTERPRISES, KEY, assert_unchanged, injuries_frame, make_id, snapshot


def _workbook(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with spreadsheets.excel_writer(buffer) as writer:
        frame.to_excel(writer, index=False)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def test_a_small_workbook_that_claims_three_million_rows_is_refused_in_seconds(con):
    small = _workbook(injuries_frame(2))
    claims = _rewrite_sheet(small, lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:L3000001"', xml))
    rows = b"<row/>" * 3_000_001
    bomb = _rewrite_sheet(small, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml).replace(b"</sheetData>", rows + b"</sheetData>"))
    assert len(bomb) < 1_000_000                  # under a megabyte, three million rows
    before = snapshot(con)
    for data in (claims, bomb):
        start = time.perf_counter()
        result = importer.import_bytes(con, "injuries", data, "injuries.xlsx", key=KEY, as_of=AS_OF)
        assert time.perf_counter() - start < 10
        problem, detail = result.validation.problems[0]
        assert problem.rule == "too_many_rows" and "3,000,00" in detail
        assert "拆分" in result.validation.report("zh").iloc[0, 3]
    assert_unchanged(before, snapshot(con))


def test_each_limit_is_checked_before_the_rows_are_read():
    limits = spreadsheets.Limits(max_file_mb=1, max_uncompressed_mb=1, max_rows=10)
    frame = injuries_frame(20)
    csv = frame.to_csv(index=False).encode()
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    for data, name in ((csv, "a.csv"), (_workbook(frame), "a.xlsx"), (buffer.getvalue(), "a.parquet")):
        with pytest.raises(spreadsheets.UnreadableFile) as err:
            spreadsheets.read_table(data, name, limits)
        assert err.value.rule == "too_many_rows"
    with pytest.raises(spreadsheets.UnreadableFile, match="file_too_large"):
        spreadsheets.read_table(b"a,b\n" * 300_000, "big.csv", limits)
    padded = _rewrite_sheet(_workbook(frame.head(3)), lambda xml: xml + b" " * 2_000_000)
    with pytest.raises(spreadsheets.UnreadableFile, match="too_large_expanded"):
        spreadsheets.read_table(padded, "padded.xlsx", limits)
    assert spreadsheets.load_limits().max_rows == 2_000_000


@pytest.mark.parametrize("content, name, rule", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "unsupported_type"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xlsx", "legacy_xls"),
    (b"PK\x03\x04" + b"\0" * 100, "table.csv", "wrong_content"),
    (b"case_no,uscc\n1,2\n", "table.parquet", "wrong_content"),
])
def test_a_file_that_is_not_what_its_name_says_gets_one_plain_sentence(con, content, name, rule):
    result = importer.import_bytes(con, "injuries", content, name, key=KEY, as_of=AS_OF)
    assert result.validation.problems[0][0].rule == rule
    for lang in ("zh", "en"):
        sentence = result.validation.report(lang).iloc[0, 3]
        assert "Error" not in sentence and "Exception" not in sentence and "{" not in sentence


def test_no_text_becomes_a_formula_in_any_export(tmp_path, demo_db):
    from analytics import premiums
    from analytics.targeting import keylist

    hostile = ["=HYPERLINK(\"http://example.invalid\",\"点击\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]
    entries = pd.DataFrame({"kind": "ranked", "rank": range(1, 7), "uscc": "X", "name": hostile, "industry_code": "47",
                            "region_code": "530102", "insured": 10, "expected": 1.0, "low": 0, "high": 3,
                            "mandatory_reason": "", "reasons": hostile, "mandatory_reason_en": "", "reasons_en": hostile})
    keylist.export_xlsx(entries, tmp_path / "keylist.xlsx")
    con = warehouse.connect(demo_db, read_only=True)
    rec = premiums.recommend(premiums.load_basis(con, 2026), premiums.load_rules(), 2026)
    rec.loc[rec.index[:6], "name"] = hostile
    premiums.export_xlsx(rec, tmp_path / "premiums.xlsx")
    for book in ("keylist.xlsx", "premiums.xlsx"):
        sheet = openpyxl.load_workbook(tmp_path / book).worksheets[1]        # after the parameters sheet
        cells = [c for row in sheet.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.replace("_x000D_", "").lstrip("\t\r\n")[:1] in ("=", "+", "-", "@")]
        assert len(cells) >= 6 and all(c.data_type == "s" for c in cells), book


def test_a_workbook_keeps_numbers_dates_and_text_typed_and_gaps_empty(tmp_path):
    import datetime as dt
    from decimal import Decimal

    frame = pd.DataFrame({
        "数量": [1, 2, None], "金额": [1.5, float("nan"), 3.25],
        "日期": pd.to_datetime(["2025-01-02", None, "2025-03-04"]),
        "混合": [dt.date(2025, 5, 6), Decimal("2.5"), "=1+1"],
        "文字": pd.array(["甲", None, "-2+3"], dtype="string"), "是否": [True, False, True],
    })
    spreadsheets.write_workbook(tmp_path / "t.xlsx", {"表": frame}, [("年度", 2025)], ("参数说明", "项目", "内容"))
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:2] == [1, 1.5] and rows[2][0] is None and rows[1][1] is None
    assert rows[0][2] == dt.datetime(2025, 1, 2) and rows[1][2] is None
    assert rows[0][3] == dt.datetime(2025, 5, 6) and rows[1][3] == 2.5 and rows[2][3] == "=1+1"
    assert sheet.cell(4, 4).data_type == "s" and rows[1][4] is None and rows[2][4] == "-2+3"
    assert [r[5] for r in rows] == [True, False, True]
    assert [c.value for c in sheet[1]] == list(frame.columns) and sheet.freeze_panes == "A2"


def test_an_id_typed_into_free_text_never_reaches_the_database(tmp_path):
    db = tmp_path / "w.duckdb"
    con = warehouse.connect(db)
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", key=KEY, as_of=AS_OF)
    leaked = make_id("530102", "19790304", 452)
    frame = injuries_frame(2)
    frame.loc[0, "position"] = f"架子工（{leaked}）"
    frame.loc[1, "position"] = "电话13812345678"
    result = importer.import_frame(con, "injuries", frame, "i.csv", key=KEY, as_of=AS_OF)
    assert result.accepted and result.masked == 2 and "2 处" in result.summary("zh")
    assert warehouse.scalar(con, "select count(*) from injuries where regexp_matches(position, '\\d{11}')") == 0
    assert warehouse.query(con, "select position from injuries order by case_no").position.tolist() == \
        ["架子工（***）", "电话***"]
    con.execute("checkpoint")
    con.close()
    raw = db.read_bytes() + (db.with_suffix(".duckdb.wal").read_bytes() if db.with_suffix(".duckdb.wal").exists() else b"")
    assert leaked.encode() not in raw and b"13812345678" not in raw


def test_a_missing_key_next_to_hashed_records_stops_the_import(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYTICS_ID_KEY", raising=False)
    monkeypatch.setenv("ANALYTICS_ID_KEY_FILE", str(tmp_path / "secrets" / "id.key"))
    con = warehouse.connect(tmp_path / "w.duckdb")
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", as_of=AS_OF)
    assert importer.import_frame(con, "injuries", injuries_frame(2), "i.csv", as_of=AS_OF).accepted
    key_file = paths.id_key_path()
    assert key_file.stat().st_mode & 0o777 == 0o600
    key_file.unlink()
    before = snapshot(con)
    result = importer.import_frame(con, "injuries", injuries_frame(3), "more.csv", as_of=AS_OF)
    assert not result.accepted and result.validation.problems[0][0].rule == "missing_key"
    assert "备份" in result.validation.report("zh").iloc[0, 3] and not key_file.exists()
    assert_unchanged(before, snapshot(con))
    with pytest.raises(deid.MissingKey):
        deid.installation_key(con)


def test_the_first_real_file_into_a_demo_warehouse_makes_the_key_and_a_lost_key_then_stops_imports(
        demo_copy, tmp_path, monkeypatch):
    """The demo hashes with its own published key: a fresh installation importing into it is not
    "missing" a key (it once was, and refused with a message to restore a backup that never existed)."""
    monkeypatch.delenv("ANALYTICS_ID_KEY", raising=False)
    monkeypatch.setenv("ANALYTICS_ID_KEY_FILE", str(tmp_path / "secrets" / "id.key"))
    con = warehouse.connect(demo_copy)
    assert warehouse.scalar(con, "select count(*) from injuries") > 0 and not paths.id_key_path().exists()
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", as_of=AS_OF)
    assert importer.import_frame(con, "injuries", injuries_frame(2), "i.csv", as_of=AS_OF).accepted
    assert paths.id_key_path().stat().st_mode & 0o777 == 0o600
    paths.id_key_path().unlink()                     # now it holds hashes made with the installation's key
    before = snapshot(con)
    result = importer.import_frame(con, "injuries", injuries_frame(3), "more.csv", as_of=AS_OF)
    assert not result.accepted and result.validation.problems[0][0].rule == "missing_key"
    assert_unchanged(before, snapshot(con))


def test_rows_mart_and_log_are_written_together_or_not_at_all(con, monkeypatch):
    commits = warehouse.commits()
    importer.import_frame(con, "injuries", injuries_frame(2), "first.csv", key=KEY, as_of=AS_OF)
    assert warehouse.commits() > commits             # the dashboard reads the data version again
    before, version, commits = snapshot(con), warehouse.data_version(con), warehouse.commits()
    mart = warehouse.query(con, "select * from enterprise_year")

    def broken(cur):
        cur.execute("create or replace table enterprise_year as select 1 as half_built")
        raise RuntimeError("disk full")

    monkeypatch.setattr(warehouse, "refresh_marts", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        importer.import_frame(con, "injuries", injuries_frame(4), "second.csv", key=KEY, as_of=AS_OF)
    assert_unchanged(before, snapshot(con))
    pd.testing.assert_frame_equal(mart, warehouse.query(con, "select * from enterprise_year"))
    assert warehouse.data_version(con) == version and warehouse.commits() == commits
    assert importer.import_log(con).status.tolist()[0] == "failed"


def test_a_stale_mart_is_rebuilt_on_opening_and_a_dead_import_reads_as_aborted(tmp_path):
    db = tmp_path / "w.duckdb"
    con = warehouse.connect(db)
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", key=KEY, as_of=AS_OF)
    importer.import_frame(con, "injuries", injuries_frame(3), "i.csv", key=KEY, as_of=AS_OF, refresh=False)
    con.execute("insert into import_log (feed, file_name, checksum, rows_read, inserted, updated, unchanged, rejected, "
                "status, started_at, finished_at, imported_by) values ('injuries', 'dead.csv', '-', 9, 0, 0, 0, 0, "
                "'started', now(), now(), 'x')")
    assert warehouse.mart_version(con) < warehouse.data_version(con)
    con.close()
    con = warehouse.connect(db)
    assert warehouse.mart_version(con) == warehouse.data_version(con)
    assert warehouse.scalar(con, "select sum(injuries) from enterprise_year") == 3
    log = importer.import_log(con)
    assert log.set_index("file_name").status["dead.csv"] == "aborted"


def test_killing_an_import_at_any_moment_leaves_feeds_log_and_mart_consistent(tmp_path):
    base = tmp_path / "base.duckdb"
    con = warehouse.connect(base)
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", key=KEY, as_of=AS_OF)
    con.close()
    big = injuries_frame(60_000).assign(case_no=[f"K-{i}" for i in range(60_000)],
                                        id_number=[make_id(seq=i % 1000) for i in range(60_000)])
    path = tmp_path / "big.csv"
    big.to_csv(path, index=False)
    env = {**os.environ, "ANALYTICS_ID_KEY": KEY.decode()}
    outcomes = set()
    for n, delay in enumerate((0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.3, None)):   # the import takes about a second alone
        db = tmp_path / f"w{n}.duckdb"
        db.write_bytes(base.read_bytes())
        run = subprocess.Popen([sys.executable, "-m", "analytics", "import", "injuries", str(path), "--db", str(db)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay is None:                      # the last one runs to its end, however busy the machine is
            run.wait(timeout=300)
        else:
            time.sleep(delay)
            run.send_signal(signal.SIGKILL)
            run.wait()
        con = warehouse.connect(db)
        rows = warehouse.scalar(con, "select count(*) from injuries")
        assert rows in (0, 60_000)
        assert warehouse.scalar(con, "select coalesce(sum(injuries), 0) from enterprise_year") == rows
        assert warehouse.mart_version(con) == warehouse.data_version(con)
        log = importer.import_log(con).query("feed == 'injuries'")
        assert (log.status == "accepted").sum() == (1 if rows else 0) and not log.status.eq("started").any()
        outcomes.add((rows, tuple(log.status)))
        con.close()
    assert (60_000, ("accepted",)) in outcomes and len(outcomes) >= 2


def test_a_read_only_snapshot_has_the_last_commits_and_leaves_nothing_behind(tmp_path):
    db = tmp_path / "w.duckdb"
    writer = warehouse.connect(db)
    importer.import_frame(writer, "enterprises", ENTERPRISES, "e.csv", key=KEY, as_of=AS_OF)
    script = ("import sys, pathlib; from analytics.data import warehouse; "
              "con = warehouse.connect(sys.argv[1], read_only=True); "
              "print(warehouse.scalar(con, 'select count(*) from enterprises')); "
              "folder = pathlib.Path(con.execute('pragma database_list').fetchall()[0][2]).parent; "
              "con.close(); print(folder.exists())")
    run = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["2", "False"]
    writer.close()
