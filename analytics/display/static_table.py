"""A labelled table as one block of HTML for ``st.html``.

``st.table`` draws every cell as its own Markdown component: without the overview's 333 of them the
browser's work on that page fell by two fifths. The tables shown here are already formatted text, so a
plain ``<table>`` says the same at a fraction of the cost. Every value is escaped (the page's own
sanitiser runs too); numbers are right-aligned so that columns of figures read down.
"""

from __future__ import annotations

import numbers
import re
from html import escape

import numpy as np
import pandas as pd

CLASS = "static-table"
STYLE = f"""<style>
.{CLASS} {{overflow-x: auto}}
.{CLASS} table {{border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.5}}
.{CLASS} th, .{CLASS} td {{border: 1px solid rgba(128, 128, 128, 0.25); padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; min-width: 4.5em}}
.{CLASS} thead th {{font-weight: 600; background: rgba(128, 128, 128, 0.08)}}
.{CLASS} tbody th {{font-weight: 400; opacity: 0.75}}
.{CLASS} .num {{text-align: right; font-variant-numeric: tabular-nums}}
.{CLASS} td.num {{white-space: nowrap}}
</style>"""
FIGURE = re.compile(r"^[-−+]?[\d,]+(\.\d+)?\s*[%‰]?$|^[—–-]$|^$")   # 1,436 / -122.6 / 81.5% / — / empty


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):,.2f}"
    return str(value)


def to_html(frame: pd.DataFrame, index: bool = False) -> str:
    """``frame`` as an HTML table (its index as the first column when ``index``), with its style."""
    cells = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    numeric = [all(FIGURE.match(row[j]) for row in cells) and any(row[j] not in ("", "—") for row in cells)
               for j in range(frame.shape[1])]
    head = ("<th></th>" if index else "") + "".join(_cell("th", c, n) for c, n in zip(frame.columns, numeric))
    rows = "".join("<tr>" + (f"<th>{escape(_text(label))}</th>" if index else "")
                   + "".join(_cell("td", v, n) for v, n in zip(row, numeric)) + "</tr>"
                   for label, row in zip(frame.index, cells))
    return f'{STYLE}<div class="{CLASS}"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def _cell(tag: str, text, numeric: bool) -> str:
    return f'<{tag} class="num">{escape(str(text))}</{tag}>' if numeric else f"<{tag}>{escape(str(text))}</{tag}>"
