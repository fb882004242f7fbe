"""The one place where Streamlit caching wraps package calls (the dashboard only).

The process holds one read-write DuckDB connection (``cache_resource``); every call takes
its own cursor, so sessions read in parallel while an upload writes. Data frames are
cached with bounded entries and keyed on ``data_version``, which changes with every
accepted import, so an upload shows in every open session without a restart.
"""

from __future__ import annotations

import streamlit as st

from analytics import importer, paths, templates, warehouse


@st.cache_resource(show_spinner=False)
def _connection(db_path: str):
    return warehouse.connect(db_path)


def db_path() -> str:
    return str(paths.default_db_path())


def cursor():
    """A fresh cursor on the process's connection; close it (or use ``with``) when done."""
    return _connection(db_path()).cursor()


def data_version() -> int:
    with cursor() as cur:
        return warehouse.data_version(cur)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def counts_by_year(db: str, version: int):
    with cursor() as cur:
        return warehouse.counts_by_year(cur), warehouse.table_counts(cur), warehouse.data_through(cur)


def log_version() -> int:
    with cursor() as cur:
        return warehouse.log_version(cur)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def import_log(db: str, version: int):
    with cursor() as cur:
        return importer.import_log(cur)


@st.cache_data(max_entries=16, show_spinner=False)
def template(feed: str) -> bytes:
    return templates.template_xlsx(feed)


def import_upload(feed: str, data: bytes, file_name: str, progress=None):
    """The dashboard's only write path."""
    with cursor() as cur:
        return importer.import_bytes(cur, feed, data, file_name, user="dashboard", progress=progress)
