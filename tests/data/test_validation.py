"""One bad file per validation rule: the exact problem is reported and nothing is written."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.data import importer
from conftest import AS_OF, ENTERPRISES, KEY, assert_unchanged, injuries_frame, make_id, make_uscc, snapshot


def _reject(con, feed: str, frame: pd.DataFrame):
    before = snapshot(con)
    result = importer.import_frame(con, feed, frame, "bad.csv", key=KEY, as_of=AS_OF)
    assert not result.accepted
    assert_unchanged(before, snapshot(con))
    return [(p.row, p.column, p.value, p.rule) for p, _ in result.validation.problems]


def _with(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[row, column] = value
    return frame


CASES = [
    # (rule, feed, mutate, expected problem)
    ("required", "injuries", lambda f: _with(f, 1, "accident_date", ""), (3, "accident_date", "", "required")),
    ("not_integer", "injuries", lambda f: _with(f, 0, "lost_days", "6.5"), (2, "lost_days", "6.5", "not_integer")),
    ("not_number", "injuries", lambda f: _with(f, 2, "benefits", "三万"), (4, "benefits", "三万", "not_number")),
    ("not_date", "injuries", lambda f: _with(f, 0, "accident_date", "2025-13-40"), (2, "accident_date", "2025-13-40", "not_date")),
    ("not_bool", "injuries", lambda f: _with(f, 1, "fatal", "也许"), (3, "fatal", "也许", "not_bool")),
    ("future_date", "injuries", lambda f: _with(_with(f, 0, "decision_date", "2027-01-05"), 0, "accident_date", "2026-12-01"),
     (2, "accident_date", "2026-12-01", "future_date")),
    ("date_order", "injuries", lambda f: _with(f, 1, "decision_date", "2025-03-01"), (3, "decision_date", "2025-03-01", "date_order")),
    ("out_of_range", "injuries", lambda f: _with(f, 0, "disability_grade", "11"), (2, "disability_grade", "11", "out_of_range")),
    ("unknown_code", "injuries", lambda f: _with(f, 2, "accident_type", "摔跤"), (4, "accident_type", "摔跤", "unknown_code")),
    ("id_checksum", "injuries", lambda f: _with(f, 0, "id_number", "530102198506121230"), (2, "id_number", "530102198506121230", "id_checksum")),
    ("unknown_enterprise", "injuries", lambda f: _with(f, 1, "uscc", make_uscc("530102", 99)),
     (3, "uscc", make_uscc("530102", 99), "unknown_enterprise")),
    ("duplicate_key", "injuries", lambda f: _with(f, 2, "case_no", "T-0"), (4, "case_no", "T-0", "duplicate_key")),
]


@pytest.mark.parametrize("rule, feed, mutate, expected", CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_the_exact_problem_and_writes_nothing(con, rule, feed, mutate, expected):
    problems = _reject(con, feed, mutate(injuries_frame()))
    assert expected in problems


def test_missing_required_column_is_reported_on_the_header_row(con):
    problems = _reject(con, "injuries", injuries_frame().drop(columns=["accident_date"]))
    assert problems == [(1, "事故日期", "", "missing_column")]


def test_uscc_check_digit(con):
    bad = ENTERPRISES.copy()
    bad.loc[0, "uscc"] = bad.uscc[0][:-1] + ("0" if bad.uscc[0][-1] != "0" else "1")
    bad.loc[0, "name"] = "新单位"
    problems = _reject(con, "enterprises", bad)
    assert (2, "uscc", bad.uscc[0], "uscc_checksum") in problems


def test_future_year_and_region_code(con):
    frame = pd.DataFrame({"uscc": [ENTERPRISES.uscc[0]], "year": ["2030"], "insured": ["10"], "payroll": ["1000000"],
                          "premium_paid": ["13000"], "benefits_paid": ["0"]})
    assert (2, "year", "2030", "future_year") in _reject(con, "insurance", frame)
    ent = ENTERPRISES.assign(uscc=[make_uscc("530102", 5), make_uscc("530102", 6)], region_code=["530102", "110101"])
    assert (3, "region_code", "110101", "unknown_code") in _reject(con, "enterprises", ent)


def test_unreadable_and_empty_files_are_rejected_with_a_report(con):
    before = snapshot(con)
    result = importer.import_bytes(con, "injuries", b"\x00\x01not a spreadsheet", "broken.xlsx", key=KEY)
    assert not result.accepted and result.validation.problems[0][0].rule == "wrong_content"
    zipped = importer.import_bytes(con, "injuries", b"PK\x03\x04 half a zip", "broken.xlsx", key=KEY)
    assert zipped.validation.problems[0][0].rule == "damaged_file"
    for report in (result.validation.report("zh"), zipped.validation.report("zh"), zipped.validation.report("en")):
        sentence = report.iloc[0, 3]
        assert "Error" not in sentence and "zip" not in sentence.lower() and len(sentence) > 10
    empty = importer.import_bytes(con, "injuries", ",".join(injuries_frame().columns).encode(), "empty.csv", key=KEY)
    assert empty.validation.problems[0][0].rule == "empty_file"
    assert_unchanged(before, snapshot(con))


def test_report_lists_at_most_100_problems_but_counts_all(con):
    frame = injuries_frame(150).assign(fatal="也许")
    result = importer.import_frame(con, "injuries", frame, "bad.csv", key=KEY, as_of=AS_OF)
    assert result.validation.total_problems == 150
    assert len(result.validation.problems) == 100
    report = result.validation.report("en")
    assert list(report.columns) == ["Row", "Column", "Value", "Problem", "Rule code"]
    assert report.iloc[0].tolist() == [2, "fatal", "也许", "must be yes/no (是/否)", "not_bool"]
    assert "是/否" in result.validation.report("zh").iloc[0, 3]


def test_codes_accept_chinese_names_and_headers_accept_chinese(con):
    frame = injuries_frame(2)
    zh = frame.rename(columns={"case_no": "认定书编号", "uscc": "统一社会信用代码*", "id_number": "身份证号",
                               "accident_date": "事故日期", "decision_date": "认定日期", "accident_type": "事故类别"})
    zh["事故类别"] = ["9", "车辆伤害"]
    result = importer.import_frame(con, "injuries", zh, "zh.csv", key=KEY, as_of=AS_OF)
    assert result.accepted, result.validation.report("en")
    types = con.execute("select accident_type from injuries order by case_no").fetchall()
    assert types == [(9,), (2,)]


def test_every_import_is_logged(con):
    importer.import_frame(con, "injuries", injuries_frame().assign(fatal="?"), "bad.csv", key=KEY, as_of=AS_OF)
    importer.import_frame(con, "injuries", injuries_frame(), "good.csv", key=KEY, as_of=AS_OF)
    log = importer.import_log(con)
    assert log.status.tolist()[:2] == ["accepted", "rejected"]
    assert log.file_name.tolist()[:2] == ["good.csv", "bad.csv"]
    assert log.rejected.tolist()[:2] == [0, 3]
    assert set(log.columns) >= {"checksum", "rows_read", "inserted", "unchanged", "started_at", "imported_by"}


def test_a_column_given_twice_is_reported(con):
    frame = injuries_frame()
    frame["认定书编号"] = frame.case_no
    problems = _reject(con, "injuries", frame)
    assert (1, "case_no", "", "duplicate_column") in problems
