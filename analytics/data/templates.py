"""Import templates: one Excel sheet per feed with Chinese headers, a sample row and a guide."""

from __future__ import annotations

import io

import pandas as pd

from analytics import labels
from analytics.data import spreadsheets
from analytics.data.feeds import FEEDS

def template_frame(feed: str) -> pd.DataFrame:
    """The sample row under the feed's Chinese headers (required ones marked *)."""
    spec = FEEDS[feed]
    return pd.DataFrame([[c.example for c in spec.columns]],
                        columns=[c.zh + ("*" if c.required else "") for c in spec.columns])


def template_xlsx(feed: str, lang: str = "zh") -> bytes:
    """Workbook bytes: sheet 1 the template (text-formatted so codes keep leading zeros), sheet 2 the guide
    in ``lang``."""
    spec = FEEDS[feed]
    word = lambda key: labels.pair(labels.TEMPLATE_GUIDE[key], lang)  # noqa: E731
    guide = pd.DataFrame([{
        word("zh"): c.zh, word("name"): c.name, word("required"): word("yes" if c.required else "no"),
        word("kind"): labels.pair(labels.VALUE_KINDS[c.kind], lang),
        word("allowed"): labels.pair(labels.CODE_LISTS[c.codes], lang) if c.codes else (
            f"{c.min:g} – {c.max:g}" if c.min is not None and c.max is not None else ""),
        word("note"): labels.pair(labels.PERSONAL_NOTES[c.personal], lang) if c.personal else "",
    } for c in spec.columns])
    buffer = io.BytesIO()
    with spreadsheets.excel_writer(buffer) as writer:
        template_frame(feed).to_excel(writer, sheet_name=spec.zh, index=False)
        guide.to_excel(writer, sheet_name=word("sheet"), index=False)
        text = writer.book.add_format({"num_format": "@"})
        writer.sheets[spec.zh].set_column(0, len(spec.columns) - 1, 20, text)
        writer.sheets[word("sheet")].set_column(0, 5, 24)
    return buffer.getvalue()
