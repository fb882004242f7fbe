"""Shape package results into labelled tables for display (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from analytics.labels import feed_label, t

STAGES = {"read": ("读取文件…", "Reading the file…"), "validate": ("逐行校验…", "Validating every row…"),
          "write": ("写入数据仓库…", "Writing to the warehouse…"), "done": ("完成", "Done")}


def stage_label(stage: str, lang: str = "zh") -> str:
    zh, en = STAGES[stage]
    return en if lang == "en" else zh


def counts_table(counts: pd.DataFrame, through, lang: str = "zh") -> pd.DataFrame:
    """Feeds as rows, years as columns; the partial current year is marked year-to-date."""
    if counts.empty:
        return pd.DataFrame()
    table = counts.pivot_table(index="feed", columns="year", values="n", aggfunc="sum", fill_value=0)
    ytd = through.year if through is not None else None
    table.columns = [f"{y}{t('ytd_suffix', lang)}" if y == ytd else str(y) for y in table.columns]
    table[t("total", lang)] = table.sum(axis=1)
    table.index = [feed_label(f, lang) for f in table.index]
    table.index.name = t("feed", lang)
    return table


def import_log_table(log: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    columns = {"feed": "feed", "file_name": "file_name", "status": "status", "rows_read": "rows_read",
               "inserted": "inserted", "updated": "updated", "unchanged": "unchanged", "rejected": "rejected_rows",
               "started_at": "started_at", "imported_by": "imported_by", "checksum": "checksum"}
    out = log[list(columns)].copy()
    out["feed"] = out.feed.map(lambda f: feed_label(f, lang))
    out["status"] = out.status.map(lambda s: t(f"status_{s}", lang))
    out["checksum"] = out.checksum.str[:12]
    return out.rename(columns={k: t(v, lang) for k, v in columns.items()})
