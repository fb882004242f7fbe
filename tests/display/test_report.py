"""The annual 通报: a .docx on A4 in the 公文 layout, every section with tables and a chart, figures as the CLI's."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import docx
import pytest
from docx.shared import Mm

from analytics.data import warehouse
from analytics.display import presentation, report

SECTIONS = ["总体情况", "工伤认定情况", "工伤保险基金收支和工伤预防费使用", "职业病情况", "生产安全事故情况", "规划目标进展",
            "工伤预防工作", "典型案例", "工作安排"]


@pytest.fixture(scope="module")
def facts(demo_db, demo_models):
    con = warehouse.connect(demo_db, read_only=True)
    yield report.facts(con, 2025, models_dir=demo_models)
    con.close()


def _read(data: bytes):
    return docx.Document(io.BytesIO(data))


def test_the_report_has_every_section_with_tables_and_charts_on_a4(facts):
    document = _read(report.report_docx(facts, today=dt.date(2026, 11, 27)))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "全省2025年度工伤预防工作情况通报"
    headings = [t for t in text if t[:2] in {f"{n}、" for n in "一二三四五六七八九"}]
    assert [h.split("、", 1)[1] for h in headings][:len(SECTIONS)] != [] and len(headings) == 9
    for name, heading in zip(SECTIONS, headings):
        assert name in heading
    assert len(document.tables) >= 7 and len(document.inline_shapes) >= 9
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml                       # page numbers
    assert text[-1] == "二〇二六年十一月二十七日"
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.font.name}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体"} <= fonts


def test_the_figures_in_the_text_are_the_command_lines(facts, demo_db):
    run = subprocess.run([sys.executable, "-m", "analytics", "indicators", "--by", "year", "--years", "2025",
                          "--format", "json", "--db", str(demo_db)], capture_output=True, text=True)
    cli = json.loads(run.stdout)[0]
    overview = next(p.text for p in _read(report.report_docx(facts)).paragraphs if p.text.startswith("2025年"))
    assert f"认定工伤 {cli['injuries']:,.0f} 起" in overview
    assert f"每千人 {cli['injury_rate']:.2f}" in overview and f"工亡 {cli['deaths']:,.0f} 人" in overview


def test_employers_are_named_only_when_allowed(facts):
    named, anonymous = report.report_docx(facts, names=True), report.report_docx(facts, names=False)
    employer = facts.cases.name.iloc[0]
    assert employer in "\n".join(p.text for p in _read(named).paragraphs)
    assert employer not in "\n".join(p.text for p in _read(anonymous).paragraphs)
    assert any("附件" in p.text for p in _read(named).paragraphs)
    assert not any("附件：" in p.text for p in _read(anonymous).paragraphs)


def test_an_english_report_reads_english(facts):
    document = _read(report.report_docx(facts, lang="en"))
    assert document.paragraphs[0].text.startswith("Work-injury prevention in")
    assert any(p.text.startswith("1. Overview") for p in document.paragraphs)


def test_the_command_line_writes_it_and_the_access_log_records_it(demo_copy, demo_models, tmp_path):
    import os

    out = tmp_path / "report.docx"
    run = subprocess.run([sys.executable, "-m", "analytics", "report", "--year", "2025", "--out", str(out),
                          "--prefecture", "530100", "--db", str(demo_copy)], capture_output=True, text=True,
                         env={**os.environ, "ANALYTICS_MODELS_DIR": str(demo_models)})
    assert run.returncode == 0, run.stderr
    assert _read(out.read_bytes()).paragraphs[0].text == "昆明市2025年度工伤预防工作情况通报"
    from analytics.access import audit

    con = warehouse.connect(demo_copy, read_only=True)
    when, who = audit.report_generated(con, 2025)
    assert "(cli)" in who and when.date() == dt.date.today()
    assert "已于" in presentation.deadline_line(dt.date(2026, 11, 27), (when, who))


def test_the_deadline_is_the_twentieth_of_december():
    assert report.days_to_deadline(dt.date(2026, 11, 27)) == (dt.date(2026, 12, 20), 23)
    assert report.days_to_deadline(dt.date(2026, 12, 21))[1] == -1
    line = presentation.deadline_line(dt.date(2026, 11, 27), None)
    assert "还有 23 天" in line and "尚未生成" in line


def test_every_workbook_is_office_ready(demo_db, demo_models, tmp_path):
    """Key list and premiums: a parameters sheet first, Chinese headers, names beside codes, a frozen
    header row, an autofilter, and no cell that Excel would run as a formula."""
    import os

    import openpyxl

    env = {**os.environ, "ANALYTICS_MODELS_DIR": str(demo_models)}
    for args, sheet, named in ((["keylist", "--year", "2026"], "重点企业名单", "州（市）"),
                               (["premiums", "--year", "2026"], "建议费率", "州（市）"),
                               (["indicators", "--by", "year,prefecture", "--years", "2025"], "指标", "州（市）"),
                               (["projects", "--year", "2025"], "工伤预防项目：预算、支付与进度", "州（市）")):
        out = tmp_path / f"{args[0]}.xlsx"
        run = subprocess.run([sys.executable, "-m", "analytics", *args, "--out", str(out), "--db", str(demo_db)],
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        book = openpyxl.load_workbook(out)
        assert book.sheetnames[0] == "参数说明" and sheet in book.sheetnames
        parameters = {row[0].value: row[1].value for row in book["参数说明"].iter_rows(min_row=2)}
        assert parameters["年度"] in {"2025", "2026"} and parameters["生成时间"] and "(cli)" in parameters["生成人"]
        for ws in book.worksheets:
            assert ws.freeze_panes == "A2" and ws.auto_filter.ref
            headers = [c.value for c in ws[1]]
            assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(h)) or str(h).endswith("%") for h in headers), headers
            assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)
        assert named in [c.value for c in book[sheet][1]]
