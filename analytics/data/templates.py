"""Import templates: one Excel sheet per feed with Chinese headers, a sample row and a guide."""

from __future__ import annotations

import io

import pandas as pd

from analytics import labels
from analytics.data.feeds import FEEDS

KIND_ZH = {"text": "文本", "int": "整数", "float": "数字", "date": "日期 YYYY-MM-DD", "bool": "是/否",
           "year": "年度（四位数）", "code": "代码或中文名称"}


def template_frame(feed: str) -> pd.DataFrame:
    """The sample row under the feed's Chinese headers (required ones marked *)."""
    spec = FEEDS[feed]
    return pd.DataFrame([[c.example for c in spec.columns]],
                        columns=[c.zh + ("*" if c.required else "") for c in spec.columns])


def template_xlsx(feed: str) -> bytes:
    """Workbook bytes: sheet 1 the template (text-formatted so codes keep leading zeros), sheet 2 the guide."""
    spec = FEEDS[feed]
    guide = pd.DataFrame([{
        "列名 (中文)": c.zh, "column (English)": c.name, "必填 required": "是" if c.required else "否",
        "类型 type": KIND_ZH[c.kind],
        "允许值 allowed": labels.CODE_LISTS[c.codes][0] if c.codes else (
            f"{c.min:g} – {c.max:g}" if c.min is not None and c.max is not None else ""),
        "说明 note": {"hash": "入库前转换为不可逆的加密标识", "drop": "不入库"}.get(c.personal or "", ""),
    } for c in spec.columns])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        template_frame(feed).to_excel(writer, sheet_name=spec.zh, index=False)
        guide.to_excel(writer, sheet_name="填写说明", index=False)
        sheet = writer.sheets[spec.zh]
        text = writer.book.add_format({"num_format": "@"})
        sheet.set_column(0, len(spec.columns) - 1, 20, text)
        writer.sheets["填写说明"].set_column(0, 5, 24)
    return buffer.getvalue()
