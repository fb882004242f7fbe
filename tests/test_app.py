"""The dashboard with Streamlit's AppTest (no browser)."""

from __future__ import annotations

import pytest
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def app(demo_copy, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    return AppTest.from_file(str(APP), default_timeout=60)


def test_data_page_shows_counts_and_log_in_chinese(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "数据管理"
    assert [s.value for s in app.subheader] == ["上传数据文件", "各数据集按年度记录数", "下载导入模板", "导入日志"]
    counts = app.dataframe[0].value
    assert "工伤认定" in counts.index and "2026（年初至今）" in counts.columns
    assert counts.loc["工伤认定", "合计"] > 0
    log = app.dataframe[1].value
    assert (log["状态"] == "已接受").all() and len(log) == 8


def test_data_page_in_english(app):
    app.run()
    app.sidebar.segmented_control[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Data"
    assert "Injuries" in app.dataframe[0].value.index


def test_empty_warehouse_shows_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(tmp_path / "empty.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "还没有数据" in at.info[0].value
