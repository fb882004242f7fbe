"""Spreadsheets in and out, safely: bounded reading of an uploaded file, formula-free writing.

Reading refuses, before any row is parsed, a file larger than ``data/config/imports.toml``
allows: its size, an .xlsx's expanded size (declared in the zip, which also bounds what is
decompressed) and its row count (the sheet's ``<dimension>`` or its ``<row>`` tags), a
Parquet file's row count and data size, a CSV's lines. Excel is read by calamine (Rust,
no XML entity expansion); a file whose content is not what its name says gets one plain
sentence, never an exception name.

Writing goes through :func:`excel_writer`, which stores every text cell as text: a name that
begins with ``=``, ``+``, ``-`` or ``@`` never becomes a formula in Excel or WPS (OWASP
CSV/formula injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from analytics import config, paths

READERS = (".csv", ".xlsx", ".parquet")
MAGIC = {b"PK\x03\x04": ".xlsx", b"PAR1": ".parquet", b"\xd0\xcf\x11\xe0": ".xls"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 200
    max_uncompressed_mb: float = 500
    max_rows: int = 2_000_000


def load_limits(path: str | Path | None = None) -> Limits:
    doc = config.read(path or paths.CONFIG_DIR / "imports.toml").section("limits")
    return Limits(doc.number("max_file_mb", 200, low=1), doc.number("max_uncompressed_mb", 500, low=1),
                  doc.integer("max_rows", 2_000_000, minimum=1))


class UnreadableFile(ValueError):
    """The file cannot be imported as it is; ``rule`` names why (its words are in ``labels.RULES``)."""

    def __init__(self, rule: str, detail: str = ""):
        super().__init__(f"{rule}: {detail}")
        self.rule, self.detail = rule, detail


def decode_csv(data: bytes) -> str:
    """Text of a CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "gb18030"
    if encoding.replace("_", "").lower() in {"gb2312", "gbk", "gb18030", "hz", "big5"}:
        encoding = "gb18030"  # superset of GB2312 and GBK
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableFile("bad_encoding") from exc


def read_table(data: bytes, file_name: str, limits: Limits | None = None) -> pd.DataFrame:
    """Read CSV, Excel or Parquet bytes into a frame of raw values, within ``limits``."""
    limits = limits or load_limits()
    suffix = Path(file_name).suffix.lower()
    if suffix not in READERS:
        raise UnreadableFile("unsupported_type", f"{suffix or '?'}; {', '.join(READERS)}")
    if len(data) > limits.max_file_mb * MB:
        raise UnreadableFile("file_too_large", f"{len(data) / MB:,.0f} MB > {limits.max_file_mb:g} MB")
    actual = next((kind for magic, kind in MAGIC.items() if data.startswith(magic)), ".csv")
    if actual == ".xls":
        raise UnreadableFile("legacy_xls")
    if actual != suffix:
        raise UnreadableFile("wrong_content", f"{suffix} / {actual}")
    reader = {".csv": _read_csv, ".xlsx": _read_xlsx, ".parquet": _read_parquet}[suffix]
    try:
        return reader(data, limits)
    except UnreadableFile:
        raise
    except Exception as exc:  # a broken file must become a report, whatever the parser raised
        raise UnreadableFile("damaged_file", suffix) from exc


def _too_many(rows: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise UnreadableFile("too_many_rows", f"{rows:,} > {limits.max_rows:,}")


def _read_csv(data: bytes, limits: Limits) -> pd.DataFrame:
    """Every cell as text (empty cells as ""). Arrow's parser first: multi-threaded, and its columns
    are Arrow strings, which the column-wise checks then work on without Python objects (a
    million rows in about a second, a third of pandas' parser). A file Arrow will not take (ragged
    rows, repeated headers, which pandas renames and the checks then report) goes to pandas."""
    _too_many(data.count(b"\n") - 1, limits)
    try:
        text, utf8 = data.decode("utf-8-sig"), data.removeprefix(b"\xef\xbb\xbf")
    except UnicodeDecodeError:                      # GBK and the like: Arrow reads the UTF-8 re-encoding
        text = decode_csv(data)
        utf8 = text.encode("utf-8")
    header = next(csv.reader(io.StringIO(text[: text.find("\n") + 1 or len(text)])), [])
    if header and len(set(header)) == len(header):
        try:
            table = pa_csv.read_csv(
                io.BytesIO(utf8),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                      strings_can_be_null=False, quoted_strings_can_be_null=False))
            if table.column_names == header:
                return table.to_pandas()
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _read_parquet(data: bytes, limits: Limits) -> pd.DataFrame:
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    _too_many(meta.num_rows, limits)
    size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if size > limits.max_uncompressed_mb * MB:
        raise UnreadableFile("too_large_expanded", f"{size / MB:,.0f} MB > {limits.max_uncompressed_mb:g} MB")
    return pd.read_parquet(io.BytesIO(data))


def _read_xlsx(data: bytes, limits: Limits) -> pd.DataFrame:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile("damaged_file", ".xlsx") from exc
    expanded = sum(item.file_size for item in book.infolist())
    if expanded > limits.max_uncompressed_mb * MB:
        raise UnreadableFile("too_large_expanded", f"{expanded / MB:,.0f} MB > {limits.max_uncompressed_mb:g} MB")
    sheets = sorted(n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if not sheets:
        raise UnreadableFile("damaged_file", ".xlsx")
    _too_many(_sheet_rows(book, min(sheets, key=lambda n: int(re.findall(r"\d+", n)[0]))) - 1, limits)
    return pd.read_excel(io.BytesIO(data), dtype=object, engine="calamine")


def _sheet_rows(book: zipfile.ZipFile, name: str) -> int:
    """Rows of a worksheet: its ``<dimension ref="A1:L3000001">`` if given, else its ``<row`` tags counted
    while streaming (the zip's declared size bounds how much is read)."""
    with book.open(name) as sheet:
        head = sheet.read(64 * 1024)
        found = re.search(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
        if found:
            return int(found.group(1))
        tag = re.compile(rb"<row[\s/>]")
        rows, tail = len(tag.findall(head)), head[-5:]
        while chunk := sheet.read(4 * MB):
            rows += len(tag.findall(tail + chunk)) - len(tag.findall(tail))
            tail = chunk[-5:]
        return rows


def excel_writer(path_or_buffer) -> pd.ExcelWriter:
    """An Excel writer that stores text as text: no formulas, no links from strings."""
    return pd.ExcelWriter(path_or_buffer, engine="xlsxwriter",
                          engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}})


def _display_width(text: str) -> int:
    """Characters as a spreadsheet shows them: a Chinese character is two columns wide."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _write_cells(sheet, frame: pd.DataFrame, book) -> None:
    """The frame's values below its header row, column by column with the typed writer for each
    (pandas' ``to_excel`` formats every cell through a generic path: 15 s for the 50 k premium
    table, about 1 s this way). Text is written as text, so nothing becomes a formula or a link;
    missing values stay empty cells."""
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    times = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, (_, values) in enumerate(frame.items()):
        if pd.api.types.is_bool_dtype(values.dtype) and not values.isna().any():
            for row, value in enumerate(values.tolist(), start=1):
                sheet.write_boolean(row, col, value)
        elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            for row in np.flatnonzero(np.isfinite(numbers)).tolist():
                sheet.write_number(row + 1, col, numbers[row])
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            for row, value in enumerate(values.dt.tz_localize(None).tolist() if values.dt.tz else values.tolist(), start=1):
                if not pd.isna(value):
                    sheet.write_datetime(row, col, value.to_pydatetime(), times)
        elif isinstance(values.dtype, pd.StringDtype):
            for row, value in enumerate(values.tolist(), start=1):
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
        else:
            for row, value in enumerate(values.tolist(), start=1):
                _write_value(sheet, row, col, value, dates, times)


def _write_value(sheet, row: int, col: int, value, dates, times) -> None:
    """One cell of a column of mixed values (object dtype)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and not np.isfinite(value)):
        return
    if isinstance(value, bool | np.bool_):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, numbers.Number) and not isinstance(value, complex):   # int, float, numpy, Decimal
        sheet.write_number(row, col, float(value))
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value.replace(tzinfo=None), times)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), dates)
    else:
        sheet.write_string(row, col, str(value))


def write_workbook(path_or_buffer, sheets: dict[str, pd.DataFrame], parameters: list[tuple[str, object]],
                   headers: tuple[str, str, str]) -> None:
    """An office-ready workbook: first a sheet of the parameters it was made with (``headers``: the
    sheet's name and its two column titles), then each frame on its own sheet with a bold header
    row that stays frozen, an autofilter and columns as wide as their contents. Text stays text."""
    with excel_writer(path_or_buffer) as writer:
        book = writer.book
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2", "border": 1})
        frames = {headers[0]: pd.DataFrame([(k, "" if v is None else str(v)) for k, v in parameters],
                                           columns=list(headers[1:])), **sheets}
        for name, frame in frames.items():
            name = name[:31]                          # Excel's limit on a sheet's name
            sheet = book.add_worksheet(name)
            _write_cells(sheet, frame, book)
            for col, title in enumerate(frame.columns):
                sheet.write_string(0, col, str(title), bold)
                sample = [str(v) for v in frame.iloc[:500, col].dropna().tolist()]
                width = max([_display_width(str(title))] + [_display_width(v) for v in sample]) + 2
                sheet.set_column(col, col, min(max(width, 8), 60))
            sheet.freeze_panes(1, 0)
            if len(frame.columns):
                sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
