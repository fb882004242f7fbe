"""Rectification-suggestion letters (整改建议书) for key enterprises, as .docx.

云人社通〔2021〕52号 三(一): suggestions go to the enterprise with a copy to the regulator of
its industry (行业主管和监管部门); the copy-to line is chosen from the GB/T 4754 section
(``labels.REGULATORS``). Every fixed sentence comes from ``labels`` in the letter's language.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.shared import Pt

from analytics import labels


def regulator(industry_code: str, sections: dict[str, str], lang: str = "zh") -> str:
    section = sections.get(industry_code[:2], "")
    return labels.pair(labels.REGULATORS.get(section, labels.DEFAULT_REGULATOR), lang)


def letter_docx(entry: pd.Series, year: int, sections: dict[str, str], issuer: str | None = None,
                date: dt.date | None = None, lang: str = "zh") -> bytes:
    """One letter for one key-list entry (a row of ``keylist.build``)."""
    t = lambda key, **fields: labels.t(key, lang, **fields)  # noqa: E731
    en = lang == "en"
    reasons = str(entry["reasons_en" if en and "reasons_en" in entry else "reasons"])
    mandatory = entry.get("mandatory_reason_en" if en and "mandatory_reason_en" in entry else "mandatory_reason")
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_heading(t("letter_title"), level=1)
    doc.add_paragraph(t("letter_addressee", name=entry["name"], uscc=entry["uscc"]))
    doc.add_paragraph(t("letter_body", year=year, expected=entry["expected"], low=entry["low"], high=entry["high"]))
    doc.add_paragraph(t("letter_basis"))
    separator = labels.join(["", ""], lang).strip()
    grounds = [r.strip() for r in f"{reasons}{separator}{mandatory or ''}".split(separator) if r.strip()]
    sampled = labels.t("reason_audit", lang)       # a random audit is the department's business, not a ground
    for reason in dict.fromkeys(g for g in grounds if g != sampled):   # a trigger that is also a reason: once
        doc.add_paragraph(reason, style="List Bullet")
    doc.add_paragraph(t("letter_suggestions"))
    for key in ("letter_suggestion_1", "letter_suggestion_2", "letter_suggestion_3"):
        doc.add_paragraph(t(key), style="List Number")
    doc.add_paragraph(f"{issuer or t('letter_issuer')}\n{(date or dt.date.today()).isoformat()}")
    doc.add_paragraph(t("letter_cc", regulator=regulator(str(entry["industry_code"]), sections, lang)))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
