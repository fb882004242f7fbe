"""The dashboard with Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGES = ["pages/overview.py", "pages/trends.py", "pages/premiums.py", "pages/data.py"]


@pytest.fixture
def app(demo_copy, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    return AppTest.from_file(str(APP), default_timeout=90)


def _open(app: AppTest, page: str, lang: str = "zh") -> AppTest:
    app.run()
    if lang == "en":
        app.sidebar.segmented_control[0].set_value("en").run()
    if page != PAGES[0]:
        app.switch_page(page).run()
    return app


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(app, page, lang):
    at = _open(app, page, lang)
    assert not at.exception, at.exception
    title = at.title[0].value
    assert title.isascii() == (lang == "en")


def test_data_page_shows_counts_and_log_in_chinese(app):
    at = _open(app, "pages/data.py")
    assert at.title[0].value == "数据管理"
    assert [s.value for s in at.subheader][-4:] == ["上传数据文件", "各数据集按年度记录数", "下载导入模板", "导入日志"]
    counts = at.dataframe[0].value
    assert "工伤认定" in counts.index and "2026（年初至今）" in counts.columns
    assert counts.loc["工伤认定", "合计"] > 0
    log = at.dataframe[1].value
    assert (log["状态"] == "已接受").all() and len(log) == 8


def test_overview_defaults_to_the_last_complete_year(app):
    at = _open(app, "pages/overview.py")
    assert at.sidebar.selectbox[0].value == 2025
    verdicts = at.dataframe[0].value.iloc[:, -1].tolist()
    assert set(verdicts) <= {"达标", "有望达标", "难以达标", "未达标", "数据不足"}


def test_a_shared_link_restores_its_filters_and_they_change_the_figures(demo_copy, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    default = [m.value for m in AppTest.from_file(str(APP), default_timeout=90).run().metric]
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update({"year": "2024", "key_group": "mining"})
    at.run()
    assert not at.exception
    assert [s.value for s in at.sidebar.selectbox] == [2024, "", "mining"]
    assert [m.value for m in at.metric] != default


def test_premium_threshold_slider_changes_the_distribution(app):
    at = _open(app, "pages/premiums.py")
    before = at.dataframe[0].value.iloc[-1].tolist()
    at.slider[0].set_value(60).run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[-1].tolist() != before


def test_empty_warehouse_shows_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(tmp_path / "empty.duckdb"))
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert any("还没有数据" in i.value for i in at.info), page
