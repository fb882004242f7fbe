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
