"""Rectification-suggestion letters (整改建议书) for key enterprises, as .docx.

云人社通〔2021〕52号 三(一): suggestions go to the enterprise with a copy to the regulator of
its industry (行业主管和监管部门); the copy-to line is chosen from the GB/T 4754 section.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.shared import Pt

REGULATOR_BY_SECTION = {  # GB/T 4754 section -> 行业主管和监管部门
    "B": "应急管理部门、矿山安全监察机构", "C": "工业和信息化部门、应急管理部门", "D": "发展改革（能源）部门、应急管理部门",
    "E": "住房和城乡建设部门", "G": "交通运输部门", "A": "农业农村部门", "F": "商务部门", "H": "商务部门、文化和旅游部门",
}
DEFAULT_REGULATOR = "应急管理部门"


def regulator(industry_code: str, sections: dict[str, str]) -> str:
    return REGULATOR_BY_SECTION.get(sections.get(industry_code[:2], ""), DEFAULT_REGULATOR)


def letter_docx(entry: pd.Series, year: int, sections: dict[str, str], issuer: str = "人力资源和社会保障局",
                date: dt.date | None = None) -> bytes:
    """One letter for one key-list entry (a row of ``keylist.build``)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.add_heading("工伤预防整改建议书", level=1)
    doc.add_paragraph(f"{entry['name']}（统一社会信用代码 {entry['uscc']}）：")
    doc.add_paragraph(
        f"根据工伤认定、职业病诊断、生产安全事故和隐患排查等共享数据的分析，贵单位被列为{year}年度工伤预防重点企业。"
        f"按模型测算，贵单位{year}年预计发生工伤约 {entry['expected']:.1f} 起（90%区间 {entry['low']:.0f}–{entry['high']:.0f} 起）。"
    )
    doc.add_paragraph("主要依据：")
    for reason in [r for r in str(entry["reasons"]).split("；") if r] + (
            [entry["mandatory_reason"]] if entry.get("mandatory_reason") else []):
        doc.add_paragraph(reason, style="List Bullet")
    doc.add_paragraph("整改建议：")
    for text in ("对上述隐患和高发岗位逐项制定整改措施，明确责任人和完成时限；",
                 "组织企业负责人、安全管理负责人、一线班组长和接触职业病危害因素劳动者参加工伤预防培训，实现重点岗位全覆盖；",
                 "整改完成后将整改情况书面报送人力资源社会保障部门。"):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph(f"{issuer}\n{(date or dt.date.today()).isoformat()}")
    doc.add_paragraph(f"抄送：{regulator(str(entry['industry_code']), sections)}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
