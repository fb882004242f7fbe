"""Whole-file validation of a feed: every row, every rule, before anything is written.

``validate`` turns a raw table (strings from CSV or Excel, or typed columns from Parquet or
the demo generator) into the feed's typed canonical frame, or a list of problems naming
the spreadsheet row, the column as the file spelled it, the value and the rule broken.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import labels
from analytics.data import identifiers, project_rules
from analytics.data.feeds import DERIVED, FEEDS, Feed

MAX_REPORTED = 100
WORKERS = min(4, len(os.sched_getaffinity(0)))     # column checks at once: one per core
TRUE_WORDS = {"是", "true", "1", "y", "yes", "t", "有", "√"}
FALSE_WORDS = {"否", "false", "0", "n", "no", "f", "无", "×"}


@dataclass(frozen=True)
class Problem:
    row: int            # spreadsheet row: the header is row 1, the first record row 2
    column: str         # header as written in the file
    value: str
    rule: str

    def message(self, lang: str = "zh", detail: str = "") -> str:
        zh, en = labels.RULES[self.rule]
        return (en if lang == "en" else zh).format(value=self.value, detail=detail)


@dataclass
class Validation:
    frame: pd.DataFrame | None
    problems: list[tuple[Problem, str]] = field(default_factory=list)   # (problem, detail)
    total_problems: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.total_problems == 0

    def report(self, lang: str = "zh") -> pd.DataFrame:
        """The problems as a table with the labels of ``lang``: the rule in words, its code last."""
        cols = [labels.t(k, lang) for k in ("row", "column", "value", "problem", "rule")]
        rows = [(p.row, p.column, p.value, p.message(lang, d), p.rule) for p, d in self.problems]
        return pd.DataFrame(rows, columns=cols)


@dataclass
class Context:
    """What a file is checked against: code lists, known enterprises and today's date."""

    codes: dict[str, dict[str, str]]          # list name -> {accepted spelling: code}
    enterprises: pa.Array                    # every stored uscc (Arrow: one set lookup for a million rows)
    as_of: dt.date
    pneumoconioses: set[str] = field(default_factory=set)
    projects: pd.DataFrame | None = None      # project_no, budget, contract_date
    project_events: pd.DataFrame | None = None  # the stored trail, checked with a new file's events


class _Collector:
    """Gathers problems rule by rule without building millions of objects."""

    def __init__(self, raw: pd.DataFrame, headers: dict[str, str]):
        self.raw, self.headers = raw, headers
        self.found: list[tuple[Problem, str]] = []
        self.total = 0

    def add(self, mask: pd.Series | np.ndarray, column: str, rule: str, detail: str | pd.Series = "") -> None:
        mask = np.asarray(mask, dtype=bool)
        count = int(mask.sum())
        if not count:
            return
        self.total += count
        header = self.headers.get(column, column)
        for pos in np.flatnonzero(mask)[:MAX_REPORTED]:
            value = self.raw[header].iloc[pos] if header in self.raw else ""
            text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
            d = detail.iloc[pos] if isinstance(detail, pd.Series) else detail
            self.found.append((Problem(int(pos) + 2, header, text, rule), str(d)))

    def sorted(self) -> list[tuple[Problem, str]]:
        return sorted(self.found, key=lambda p: (p[0].row, p[0].column))[:MAX_REPORTED]


def _normalise_header(text: str) -> str:
    return str(text).strip().rstrip("*＊").strip().lower().replace(" ", "_")


def map_headers(feed: Feed, columns: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """Match the file's headers to the feed's columns by English or Chinese name.

    Returns ``(column -> header, duplicated columns, ignored headers)``.
    """
    by_name = {}
    for col in feed.columns:
        by_name[col.name] = col.name
        by_name[_normalise_header(col.zh)] = col.name
    mapping: dict[str, str] = {}
    duplicated, ignored = [], []
    for header in columns:
        name = by_name.get(_normalise_header(header))
        if name is None:
            ignored.append(str(header))
        elif name in mapping:
            duplicated.append(name)
        else:
            mapping[name] = header
    return mapping, duplicated, ignored


def _as_text(values: pd.Series) -> pd.Series:
    """Strings with blanks as missing; integral floats lose their '.0' (Excel numbers)."""
    if pd.api.types.is_float_dtype(values) and values.dropna().mod(1).eq(0).all():
        values = values.astype("Int64")
    if pd.api.types.is_datetime64_any_dtype(values):
        values = values.dt.strftime("%Y-%m-%d")
    text = values.astype("string").str.strip()
    blank = text.eq("")
    short = text.str.len().between(3, 4).fillna(False)     # only these can spell a missing value
    if short.any():
        blank |= short & text.where(short).str.lower().isin(["nan", "none", "null", "<na>", "nat"])
    return text.mask(blank)


def _parse_numbers(text: pd.Series) -> pd.Series:
    """Numbers from text, missing where a value is not one. Arrow's cast takes a clean column at
    once (a tenth of pandas' parser); a column with anything it cannot read goes to pandas."""
    try:
        return pd.Series(pc.cast(pa.array(text, type=pa.string()), pa.float64()), index=text.index,
                         dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(text, errors="coerce")


def _parse_dates(values: pd.Series) -> pd.Series:
    """Dates as ISO (2025-03-04), with a time after a space, with / . or 年月日, or compact (20250304).
    ISO is parsed first over the whole column; only the rest takes the slower spellings."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[s]")
    text = _as_text(values)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    other = parsed.isna() & text.notna()
    if other.any():
        rest = text[other].str.split(" ").str[0].str.replace(r"[/.年月]", "-", regex=True).str.rstrip("日")
        again = pd.to_datetime(rest, format="%Y-%m-%d", errors="coerce")
        compact = again.isna() & rest.str.fullmatch(r"\d{8}").fillna(False)
        if compact.any():
            again[compact] = pd.to_datetime(rest[compact], format="%Y%m%d", errors="coerce")
        parsed[other] = again
    return parsed.astype("datetime64[s]")


def _normalise_code(text: pd.Series, kind: str) -> pd.Series:
    text = text.str.replace("其它", "其他", regex=False)
    if kind == "industry":
        text = text.where(~text.str.fullmatch(r"\d").fillna(False), text.str.zfill(2))
    if kind in {"training_role", "hazard_level", "key_group", "project_stage", "payment_kind"}:
        text = text.str.lower()
    return text


def accident_level(deaths: pd.Series, serious: pd.Series, loss_10k: pd.Series) -> pd.Series:
    """Level by 生产安全事故报告和调查处理条例 (国务院令第493号) art. 3; loss in 万元."""
    loss = loss_10k.fillna(0)
    level = pd.Series("general", index=deaths.index, dtype="object")
    level[(deaths >= 3) | (serious >= 10) | (loss >= 1000)] = "larger"
    level[(deaths >= 10) | (serious >= 50) | (loss >= 5000)] = "major"
    level[(deaths >= 30) | (serious >= 100) | (loss >= 10000)] = "especially_major"
    return level


def _check_column(col, raw: pd.DataFrame, headers: dict[str, str], ctx: Context,
                  today: pd.Timestamp) -> tuple[pd.Series, list[tuple]]:
    """One column typed, and the (mask, rule, detail) of every rule its values break."""
    if col.name not in headers:
        return pd.Series(pd.NA, index=raw.index), []
    values = raw[headers[col.name]]
    text = _as_text(values)
    missing = text.isna()
    failures = [(missing, "required", "")] if col.required else []
    if col.kind in {"int", "float", "year"}:
        number = pd.to_numeric(values, errors="coerce") if pd.api.types.is_numeric_dtype(values) \
            else _parse_numbers(text)
        failures.append((number.isna() & ~missing, "not_number" if col.kind == "float" else "not_integer", ""))
        if col.kind != "float":
            fractional = number.notna() & number.mod(1).ne(0)
            failures.append((fractional, "not_integer", ""))
            number = number.where(~fractional).round().astype("Int64")
        else:
            number = number.astype("Float64")
        lo = col.min if col.min is not None else (2000 if col.kind == "year" else None)
        if lo is not None:
            failures.append((number.lt(lo).fillna(False), "out_of_range", f"≥ {lo:g}"))
        if col.max is not None:
            failures.append((number.gt(col.max).fillna(False), "out_of_range", f"≤ {col.max:g}"))
        if col.kind == "year":
            failures.append((number.gt(ctx.as_of.year).fillna(False), "future_year", ""))
        typed = number
    elif col.kind == "date":
        typed = _parse_dates(values)
        failures.append((typed.isna() & ~missing, "not_date", ""))
        if not col.future_ok:
            failures.append((typed.gt(today).fillna(False), "future_date", ""))
    elif col.kind == "bool":
        if pd.api.types.is_bool_dtype(values):
            return values.astype("boolean"), failures
        low = text.str.lower()
        typed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        typed[low.isin(TRUE_WORDS).fillna(False)] = True
        typed[low.isin(FALSE_WORDS).fillna(False)] = False
        failures.append((typed.isna() & ~missing, "not_bool", ""))
    elif col.kind == "code":
        typed = _normalise_code(text, col.codes).map(ctx.codes[col.codes])
        failures.append((typed.isna() & ~missing, "unknown_code", labels.CODE_LISTS[col.codes][0]))
    else:
        typed = text
    if col.check:
        broken = identifiers.uscc_problems(text) if col.check == "uscc" else identifiers.id_problems(text, today)
        failures += [(broken.eq(rule), rule, "") for rule in broken.dropna().unique()]
    return typed, failures


def validate(feed_name: str, raw: pd.DataFrame, ctx: Context) -> Validation:
    """Check every rule on every row of ``raw``; return the typed frame only if all pass."""
    feed = FEEDS[feed_name]
    headers, duplicated, ignored = map_headers(feed, list(raw.columns))
    out = _Collector(raw, headers)
    for name in duplicated:
        out.found.append((Problem(1, name, "", "duplicate_column"), name))
        out.total += 1
    for col in feed.columns:
        if col.required and col.name not in headers:
            out.found.append((Problem(1, col.zh, "", "missing_column"), f"{col.zh} ({col.name})"))
            out.total += 1
    if out.total:
        return Validation(None, out.sorted(), out.total, ignored)
    if raw.empty:
        return Validation(None, [(Problem(1, "", "", "empty_file"), "")], 1, ignored)

    today = pd.Timestamp(ctx.as_of)
    # Columns are checked side by side: most of the work is in Arrow and NumPy, which let go of the GIL.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        checked = list(pool.map(lambda col: _check_column(col, raw, headers, ctx, today), feed.columns))
    typed = {}
    for col, (values, failures) in zip(feed.columns, checked):
        typed[col.name] = values
        for mask, rule, detail in failures:
            out.add(mask, col.name, rule, detail)

    frame = pd.DataFrame(typed, index=raw.index)
    for earlier, later in feed.date_order:
        bad = (frame[later] < frame[earlier]).fillna(False)
        e, l = feed.column(earlier), feed.column(later)
        out.add(bad, later, "date_order", f"{l.zh}早于{e.zh} / {later} is before {earlier}")
    key = list(feed.key)
    dup = frame.duplicated(key, keep=False) & frame[key].notna().all(axis=1)
    if dup.any():
        rows = pd.Series(np.arange(len(frame)) + 2, index=frame.index)
        first_row = rows.groupby([frame[k] for k in key]).transform("min")
        later = dup & rows.ne(first_row)
        out.add(later, key[0], "duplicate_key", first_row.astype("Int64").astype(str))
    if feed.references_enterprise:
        uscc = pa.array(frame["uscc"], type=pa.string(), from_pandas=True)
        unknown = frame["uscc"].notna().to_numpy() & ~pc.is_in(uscc, value_set=ctx.enterprises).to_numpy(zero_copy_only=False)
        out.add(unknown, "uscc", "unknown_enterprise")
    for col in feed.columns:
        if col.refers == "projects":
            known = ctx.projects.project_no if ctx.projects is not None else pd.Series([], dtype="string")
            out.add(frame[col.name].notna() & ~frame[col.name].isin(known), col.name, "unknown_project")
    if not out.total and feed.name == "project_events":
        for mask, column, rule, detail in project_rules.event_problems(frame, ctx):
            out.add(mask, column, rule, detail)
    if out.total:
        return Validation(None, out.sorted(), out.total, ignored)
    return Validation(_finish(feed, frame, ctx), [], 0, ignored)


def _finish(feed: Feed, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Derive computed columns and order the frame like the warehouse table."""
    if feed.name == "diseases":
        frame["is_pneumoconiosis"] = frame.disease.isin(ctx.pneumoconioses) | frame.disease.str.contains("尘肺")
    if feed.name == "accidents":
        frame["level"] = accident_level(frame.deaths, frame.serious_injuries, frame.direct_loss)
    if "uscc" in frame:
        frame["uscc"] = frame["uscc"].str.upper()
    kept = [c.name for c in feed.columns if c.personal != "drop"] + list(DERIVED.get(feed.name, ()))
    return frame[kept]
