"""Rectification-suggestion letters (整改建议书) as .docx, in the 公文 layout on A4.

云人社通〔2021〕52号 三(一): suggestions go to the enterprise with a copy to the regulator of
its industry (行业主管和监管部门); the copy-to line is chosen from the GB/T 4754 section
(``labels.REGULATORS``). The layout follows GB/T 9704 in spirit: title, 文号, 主送, body, the
issuer and the date written in Chinese, 抄送 at the foot; A4 with 公文 margins and fonts named
so that Word and WPS render them. A letter lists the enterprise's open hazards when given.
Every fixed sentence comes from ``labels`` in the letter's language.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from analytics import labels

DIGITS = "〇一二三四五六七八九"
FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312"}


def chinese_date(day: dt.date) -> str:
    """2026-11-27 as 二〇二六年十一月二十七日 (the 公文 way of writing a date)."""
    def number(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + (DIGITS[ones] if ones else "")
    return f"{''.join(DIGITS[int(c)] for c in str(day.year))}年{number(day.month)}月{number(day.day)}日"


def regulator(industry_code: str, sections: dict[str, str], lang: str = "zh") -> str:
    section = sections.get(industry_code[:2], "")
    return labels.pair(labels.REGULATORS.get(section, labels.DEFAULT_REGULATOR), lang)


def _paragraph(doc, text: str, size: float = 16, bold: bool = False, align=None, font: str = FONTS["body"]):
    para = doc.add_paragraph()
    run = para.add_run(text)
    run.font.size, run.bold, run.font.name = Pt(size), bold, font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)      # the Chinese font, which Word reads from here
    if align is not None:
        para.alignment = align
    return para


def letter_docx(entry: pd.Series, year: int, sections: dict[str, str], issuer: str | None = None,
                date: dt.date | None = None, lang: str = "zh", hazards: pd.DataFrame | None = None,
                number: str | None = None) -> bytes:
    """One letter for one key-list entry (a row of ``keylist.build``) or one enterprise with overdue
    major hazards (``uscc``, ``name``, ``industry_code`` and its open ``hazards``)."""
    t = lambda key, **fields: labels.t(key, lang, **fields)  # noqa: E731
    en = lang == "en"
    date = date or dt.date.today()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)              # A4
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _paragraph(doc, t("letter_title"), 22, True, WD_ALIGN_PARAGRAPH.CENTER, FONTS["title"])
    _paragraph(doc, number or t("letter_number", year=date.year), 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, t("letter_addressee", name=entry["name"], uscc=entry["uscc"]))
    if pd.notna(entry.get("expected")):
        _paragraph(doc, t("letter_body", year=year, expected=entry["expected"], low=entry["low"], high=entry["high"]))
    else:
        _paragraph(doc, t("letter_body_hazards", n=int(entry.get("hazards", 0) or 0)))
    reasons = str(entry.get("reasons_en" if en and "reasons_en" in entry else "reasons", "") or "")
    mandatory = entry.get("mandatory_reason_en" if en and "mandatory_reason_en" in entry else "mandatory_reason")
    separator = labels.join(["", ""], lang).strip()
    grounds = [r.strip() for r in f"{reasons}{separator}{mandatory or ''}".split(separator) if r.strip()]
    sampled = labels.t("reason_audit", lang)       # a random audit is the department's business, not a ground
    grounds = list(dict.fromkeys(g for g in grounds if g != sampled))   # a trigger that is also a reason: once
    if grounds:
        _paragraph(doc, t("letter_basis"))
        for reason in grounds:
            doc.add_paragraph(reason, style="List Bullet")
    if hazards is not None and not hazards.empty:
        _paragraph(doc, t("letter_hazards", n=len(hazards)))
        _hazard_table(doc, hazards, lang)
    _paragraph(doc, t("letter_suggestions"))
    for key in ("letter_suggestion_1", "letter_suggestion_2", "letter_suggestion_3"):
        doc.add_paragraph(t(key), style="List Number")
    _paragraph(doc, issuer or t("letter_issuer"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, date.isoformat() if en else chinese_date(date), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, t("letter_cc", regulator=regulator(str(entry["industry_code"]), sections, lang)), 14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _hazard_table(doc, hazards: pd.DataFrame, lang: str) -> None:
    columns = ["hazard_no", "level", "category", "deadline", "department"]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns):
        cell.text = labels.t(f"hz_{column}", lang)
    for row in hazards.itertuples():
        values = [row.hazard_no, labels.pair(labels.HAZARD_LEVELS.get(row.level, (row.level, row.level)), lang),
                  row.category or "", pd.Timestamp(row.deadline).strftime("%Y-%m-%d"), row.department or ""]
        for cell, value in zip(table.add_row().cells, values):
            cell.text = str(value)
