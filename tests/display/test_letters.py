"""Rectification-suggestion letters: the enterprise, its reasons and the copy-to regulator."""

from __future__ import annotations

import io
import re

import pandas as pd
from docx import Document

from analytics.data import reference
from analytics.display import letters


def test_letter_names_the_enterprise_reasons_and_regulator():
    sections = dict(zip(reference.industries().industry_code, reference.industries().section))
    entry = pd.Series({"name": "某建设公司", "uscc": "91530102MA0000001X", "industry_code": "47", "expected": 12.34,
                       "low": 7.0, "high": 18.0, "reasons": "近三年工伤 12 起，为同行业均值的 5.7 倍；重大隐患 2 项逾期未整改",
                       "mandatory_reason": "上年发生工亡"})
    doc = Document(io.BytesIO(letters.letter_docx(entry, 2027, sections)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "某建设公司" in text and "12.3 起" in text and "7–18" in text
    assert "为同行业均值的 5.7 倍" in text and "重大隐患 2 项逾期未整改" in text and "上年发生工亡" in text
    assert "抄送：住房和城乡建设部门" in text
    mine = entry.copy()
    mine["industry_code"] = "06"
    assert "抄送：应急管理部门、矿山安全监察机构" in "\n".join(
        p.text for p in Document(io.BytesIO(letters.letter_docx(mine, 2027, sections))).paragraphs)


def test_an_english_letter_reads_english_and_says_each_ground_once():
    sections = dict(zip(reference.industries().industry_code, reference.industries().section))
    entry = pd.Series({"name": "Example Builders", "uscc": "91530102MA0000001X", "industry_code": "47", "expected": 3.2,
                       "low": 1.0, "high": 6.0, "reasons": "近三年工伤 6 起；重大隐患 2 项逾期未整改",
                       "mandatory_reason": "重大隐患 2 项逾期未整改",
                       "reasons_en": "6 injuries in three years; 2 major hazards overdue and open",
                       "mandatory_reason_en": "2 major hazards overdue and open"})
    english = "\n".join(p.text for p in Document(io.BytesIO(letters.letter_docx(entry, 2027, sections, lang="en"))).paragraphs)
    assert "Example Builders (USCC 91530102MA0000001X):" in english and "Copy to: housing and urban-rural" in english
    assert english.count("2 major hazards overdue and open") == 1 and not re.search("[\u4e00-\u9fff]", english)
    chinese = "\n".join(p.text for p in Document(io.BytesIO(letters.letter_docx(entry, 2027, sections))).paragraphs)
    assert chinese.count("重大隐患 2 项逾期未整改") == 1


def test_the_letter_is_an_a4_official_document_with_its_open_hazards():
    from docx.shared import Mm

    sections = dict(zip(reference.industries().industry_code, reference.industries().section))
    entry = pd.Series({"name": "某矿业公司", "uscc": "91530102MA0000001X", "industry_code": "06", "hazards": 2})
    hazards = pd.DataFrame({"hazard_no": ["YH-1", "YH-2"], "level": ["major", "general"], "category": ["顶板支护不到位", None],
                            "deadline": pd.to_datetime(["2025-05-01", "2025-09-01"]), "department": ["应急管理", "应急管理"]})
    doc = Document(io.BytesIO(letters.letter_docx(entry, 2026, sections, hazards=hazards, number="人社工预〔2026〕7号",
                                                  date=__import__("datetime").date(2026, 10, 5))))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "工伤预防整改建议书" and text[1] == "人社工预〔2026〕7号" and text[2].startswith("某矿业公司")
    assert "2 项重大事故隐患已超过整改期限" in "\n".join(text) and "二〇二六年十月五日" in text
    assert text[-1] == "抄送：应急管理部门、矿山安全监察机构"
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["隐患编号", "等级", "类别", "整改期限", "检查部门"] and rows[1][:2] == ["YH-1", "重大"]
    assert letters.chinese_date(__import__("datetime").date(2026, 11, 27)) == "二〇二六年十一月二十七日"
