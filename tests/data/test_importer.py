"""File formats, encodings, idempotent re-import, de-identification, templates and the CLI."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from analytics.data import importer, templates, warehouse
from analytics.data.feeds import FEEDS
from conftest import AS_OF, KEY, injuries_frame, make_id


def _csv(frame: pd.DataFrame, encoding: str) -> bytes:
    return frame.to_csv(index=False).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(con, encoding):
    frame = injuries_frame().rename(columns={"position": "岗位", "accident_type": "事故类别"})
    result = importer.import_bytes(con, "injuries", _csv(frame, encoding), f"inj_{encoding}.csv", key=KEY, as_of=AS_OF)
    assert result.accepted, result.validation.report("en")
    assert warehouse.query(con, "select position from injuries order by case_no").position.tolist() == ["架子工"] * 3


def test_excel_and_parquet_files(con):
    frame = injuries_frame()
    xlsx = io.BytesIO()
    frame.to_excel(xlsx, index=False)
    assert importer.import_bytes(con, "injuries", xlsx.getvalue(), "i.xlsx", key=KEY, as_of=AS_OF).inserted == 3
    typed = frame.assign(case_no=[f"P-{i}" for i in range(3)], accident_date=pd.to_datetime(frame.accident_date),
                         decision_date=pd.to_datetime(frame.decision_date), lost_days=[60, 61, 62], fatal=False)
    pq = io.BytesIO()
    typed.to_parquet(pq)
    result = importer.import_bytes(con, "injuries", pq.getvalue(), "i.parquet", key=KEY, as_of=AS_OF)
    assert result.accepted and result.inserted == 3
    assert warehouse.scalar(con, "select sum(lost_days) from injuries where case_no like 'P-%'") == 183


def test_reimport_changes_nothing_and_says_so(con):
    data = _csv(injuries_frame(), "utf-8")
    first = importer.import_bytes(con, "injuries", data, "i.csv", key=KEY, as_of=AS_OF)
    again = importer.import_bytes(con, "injuries", data, "i.csv", key=KEY, as_of=AS_OF)
    assert (first.inserted, first.unchanged) == (3, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert again.summary("zh") == "文件中的记录已全部在库，未作任何更改。"
    assert warehouse.scalar(con, "select count(*) from injuries") == 3


def test_corrected_record_is_updated_by_its_natural_key(con):
    importer.import_frame(con, "injuries", injuries_frame(), "i.csv", key=KEY, as_of=AS_OF)
    fixed = injuries_frame().assign(lost_days=["60", "90", "60"])
    result = importer.import_frame(con, "injuries", fixed, "i2.csv", key=KEY, as_of=AS_OF)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)
    assert warehouse.scalar(con, "select lost_days from injuries where case_no = 'T-1'") == 90


def test_identifiers_never_reach_the_database_file(tmp_path, con):
    frame = injuries_frame(4)
    importer.import_frame(con, "injuries", frame, "i.csv", key=KEY, as_of=AS_OF)
    hashes = warehouse.query(con, "select person_hash from injuries").person_hash
    assert hashes.str.fullmatch(r"[0-9a-f]{32}").all() and hashes.nunique() == 4
    con.execute("checkpoint")
    raw = (tmp_path / "w.duckdb").read_bytes()
    for value in list(frame.id_number) + list(frame.name):
        assert value.encode() not in raw and value.encode("utf-16-le") not in raw
    assert "name" not in warehouse.query(con, "select * from injuries limit 0").columns


def test_same_person_same_hash_across_feeds(con):
    person = make_id(seq=100)
    importer.import_frame(con, "injuries", injuries_frame(1), "i.csv", key=KEY, as_of=AS_OF)
    training = pd.DataFrame({"record_no": ["R1"], "uscc": [injuries_frame(1).uscc[0]], "id_number": [person.lower()],
                             "role": ["一线班组长"], "course": ["安全"], "hours": ["8"], "completed_date": ["2025-05-01"]})
    assert importer.import_frame(con, "trainings", training, "t.csv", key=KEY, as_of=AS_OF).accepted
    assert warehouse.scalar(con, "select count(*) from injuries join trainings using (person_hash)") == 1


@pytest.mark.parametrize("feed", list(FEEDS))
def test_template_has_chinese_headers_and_a_sample_row_that_reads_back(feed):
    data = templates.template_xlsx(feed)
    sheet = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, engine="openpyxl")
    assert [h.rstrip("*") for h in sheet.columns] == [c.zh for c in FEEDS[feed].columns]
    assert len(sheet) == 1


def test_cli_import_rejects_with_exit_status_2_and_a_report(tmp_path, con):
    db = tmp_path / "w.duckdb"
    con.close()
    bad = tmp_path / "bad.csv"
    injuries_frame().assign(fatal="也许").to_csv(bad, index=False)
    run = subprocess.run([sys.executable, "-m", "analytics", "import", "injuries", str(bad), "--db", str(db), "--lang", "en"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "not_bool" in run.stdout and "fatal" in run.stdout
    good = tmp_path / "good.csv"
    injuries_frame().to_csv(good, index=False)
    env_ok = subprocess.run([sys.executable, "-m", "analytics", "import", "injuries", str(good), "--db", str(db)],
                            capture_output=True, text=True)
    assert env_ok.returncode == 0, env_ok.stderr
    assert "新增 3 行" in env_ok.stdout


def test_every_templates_sample_row_imports_as_it_stands(tmp_path):
    """An officer who keeps the sample row gets no error: enterprises first, then every other feed."""
    con = warehouse.connect(tmp_path / "w.duckdb")
    for feed in ["enterprises", *[f for f in FEEDS if f != "enterprises"]]:
        data = templates.template_xlsx(feed)
        result = importer.import_bytes(con, feed, data, f"{feed}_template.xlsx", key=KEY, as_of=AS_OF)
        assert result.accepted, (feed, result.validation.report("en").to_dict("records"))
        assert result.inserted == 1


def test_a_chunk_of_a_larger_frame_imports_whole(con):
    """The demo imports a large feed in chunks; each keeps the row labels of the whole frame."""
    chunk = injuries_frame(4)
    chunk.index = chunk.index + 500_000
    result = importer.import_frame(con, "injuries", chunk, "chunk.csv", key=KEY, as_of=AS_OF)
    assert result.accepted and result.inserted == 4
    stored = warehouse.query(con, "select person_hash, accident_type, lost_days from injuries")
    assert stored.notna().all().all() and len(stored) == 4
