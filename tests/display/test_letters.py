"""Rectification-suggestion letters: the enterprise, its reasons and the copy-to regulator."""

from __future__ import annotations

import io

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
