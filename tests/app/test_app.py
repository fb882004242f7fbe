"""The dashboard with Streamlit's AppTest (no browser)."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from analytics.data.feeds import FEEDS
from conftest import logged_in, shown_tables
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = ["pages/overview.py", "pages/meeting.py", "pages/trends.py", "pages/industries.py", "pages/enterprises.py",
         "pages/premiums.py", "pages/models.py", "pages/data.py", "pages/prevention.py"]


@pytest.fixture
def app(demo_copy, demo_models, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    return logged_in(AppTest.from_file(str(APP), default_timeout=90))


def _open(app: AppTest, page: str, lang: str = "zh") -> AppTest:
    app.run()
    if lang == "en":
        app.sidebar.segmented_control[0].set_value("en").run()
    if page != PAGES[0]:
        app.switch_page(page).run()
    return app


def _picture_text(element) -> str:
    """The words of an SVG picture the page drew with ``st.image`` (sent as a data URL)."""
    url = element.proto.imgs[0].url
    assert url.startswith("data:image/svg+xml;base64,"), url[:40]
    words = ET.fromstring(base64.b64decode(url.split(",", 1)[1])).itertext()
    return " ".join(words)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(app, page, lang):
    at = _open(app, page, lang)
    assert not at.exception, at.exception
    title = at.title[0].value if at.title else at.markdown[1].value   # the meeting page draws its own title
    assert any("\u4e00" <= c <= "\u9fff" for c in title) == (lang == "zh"), title


def test_data_page_shows_counts_and_log_in_chinese(app):
    at = _open(app, "pages/data.py")
    assert at.title[0].value == "数据管理"
    assert [s.value for s in at.subheader][-5:] == ["上传数据文件", "各数据集按年度记录数", "下载导入模板", "导入日志",
                                                   "访问记录"]               # an administrator also sees the access log
    counts = at.dataframe[0].value
    assert "工伤认定" in counts.index and "2026（年初至今）" in counts.columns
    assert counts.loc["工伤认定", "合计"] > 0
    log = at.dataframe[1].value
    assert (log["状态"] == "已接受").sum() == len(FEEDS) and len(log) == len(FEEDS) + 1   # one demo import per feed
    assert (log["状态"] == "已拒绝").sum() == 1                    # and the demo's rule-breaking project trail


def test_overview_defaults_to_the_last_complete_year(app):
    at = _open(app, "pages/overview.py")
    assert at.sidebar.selectbox[0].value == 2025
    plan = shown_tables(at)[0]
    assert set(plan.iloc[:, -1]) <= {"达标", "有望达标", "难以达标", "未达标", "数据不足"}
    assert len(plan) == 2 and not plan.iloc[:, 0].str.contains("吉林").any()   # Jilin's own target is not a Yunnan target
    assert {"基期值（2020）", "目标（2025）", "预测（2025）"} <= set(plan.columns)     # the table shows its years
    assert plan.iloc[1, 0].startswith("重点企业重点岗位人员工伤预防培训全覆盖") and plan.iloc[1, 3].endswith("%")


def test_a_shared_link_restores_its_filters_and_they_change_the_figures(demo_copy, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    default = [m.value for m in logged_in(AppTest.from_file(str(APP), default_timeout=90)).run().metric]
    at = logged_in(AppTest.from_file(str(APP), default_timeout=90))
    at.query_params.update({"year": "2024", "key_group": "mining"})
    at.run()
    assert not at.exception
    assert [s.value for s in at.sidebar.selectbox] == [2024, "", "mining", ""]
    assert [m.value for m in at.metric] != default
    narrowed = logged_in(AppTest.from_file(str(APP), default_timeout=90))
    narrowed.query_params.update({"year": "2024", "prefecture": "530100", "county": "530102", "division": "47"})
    narrowed.run()
    assert not narrowed.exception
    assert [s.value for s in narrowed.sidebar.selectbox] == [2024, "530100", "530102", "", "47"]
    assert [m.value for m in narrowed.metric] != [m.value for m in at.metric]


def test_premium_threshold_slider_changes_the_distribution(app):
    at = _open(app, "pages/premiums.py")
    fund = shown_tables(at)[0]  # fund impact by risk class, the total last
    assert list(fund.columns)[:2] == ["单位数", "现行费率保费收入（万元）"] and fund.index[-1] == "合计"
    before = fund.iloc[-1].tolist()
    at.slider[0].set_value(60).run()
    assert not at.exception
    whatif, fund = shown_tables(at)[:2]  # the what-if, side by side, comes first
    assert list(whatif.columns) == ["规则文件", "调整后", "差异"] and "支出/收入" in whatif.index
    income = "建议费率保费收入（万元）"
    assert fund.iloc[-1].tolist() != before and whatif.loc[income, "规则文件"] != whatif.loc[income, "调整后"]


def test_sessions_share_one_copy_of_the_premium_recommendations_and_cannot_change_it(demo_copy, monkeypatch):
    """The recommendations (every employer) are kept once for all sessions; what one caller does to
    its frame (a column set, a column added, cells written) is not what the next one reads."""
    from analytics import app_cache

    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    db, version = app_cache.db_path(), app_cache.data_version()
    first = app_cache.premium_recommendations(db, version, 2026)
    kept = first.copy()
    first["recommended_rate"] = -1.0
    first["scribbled"] = "x"
    first.loc[first.index[:10], "uscc"] = "changed"
    again = app_cache.premium_recommendations(db, version, 2026)
    assert again is not first and "scribbled" not in again
    pd.testing.assert_frame_equal(again, kept)


def test_the_pages_after_the_overview_open_on_what_the_warm_up_computed(app, monkeypatch):
    """While the analyst reads the overview, what the trend, industry, premiums and enterprise pages
    open with is computed in the background: opened afterwards, with their defaults, they compute none
    of it again."""
    import streamlit as st

    from analytics import app_cache, premiums
    from analytics.measures import indicators, industries
    from analytics.targeting import keylist

    st.cache_data.clear()
    st.cache_resource.clear()
    at = _open(app, PAGES[0])                     # the overview's run starts the warm-up (once per data version)
    db, version = app_cache.db_path(), app_cache.data_version()
    app_cache.warm_up(db, version, app_cache.models_version(), 2025).join(timeout=300)

    def not_again(*args, **kwargs):
        raise AssertionError("computed again, not read from the cache")

    for module, name in ((indicators, "indicators"), (industries, "rank"), (premiums, "recommend"), (keylist, "build")):
        monkeypatch.setattr(module, name, not_again)
    for page in ("pages/trends.py", "pages/industries.py", "pages/premiums.py", "pages/enterprises.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    with pytest.raises(AssertionError, match="computed again"):    # and a table not warmed is not there
        app_cache.indicator_table(db, version, ("year", "county"), indicators.Filters())


def test_the_key_list_is_computed_once_however_a_caller_spells_its_arguments(demo_copy, demo_models, monkeypatch):
    """The enterprise page, the meeting's slide and the warm-up ask for the same list, one with every
    argument, another leaving the defaults out, a third naming the default model (once the models page
    was open): the list (20 s at a million enterprises) is made once."""
    import streamlit as st

    from analytics import app_cache
    from analytics.targeting import keylist, registry

    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    st.cache_data.clear()
    made, build = [], keylist.build
    monkeypatch.setattr(keylist, "build", lambda *args, **kwargs: made.append(1) or build(*args, **kwargs))
    db, version, models = app_cache.db_path(), app_cache.data_version(), app_cache.models_version()
    lists = [app_cache.key_list(db, version, models, 2026, None),
             app_cache.key_list(db, version, models, 2026, None, 100, 20, False),
             app_cache.key_list(db, version, models, 2026, None, top=100, audit=20),
             app_cache.key_list(db, version, models, 2026, registry.default_id())]     # as the models page sets it
    assert len(made) == 1 and all(entries.equals(lists[0]) for entries in lists)
    app_cache.key_list(db, version, models, 2026, None, 50)
    assert len(made) == 2                       # another list is another entry


def test_every_cached_call_is_keyed_with_its_defaults_filled_in(demo_copy, monkeypatch):
    """Any cached result of the dashboard, asked for with a default left out or given, by position or
    by name, is computed once."""
    import streamlit as st

    from analytics import app_cache
    from analytics.measures import cases

    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    st.cache_data.clear()
    made, typical = [], cases.typical
    monkeypatch.setattr(cases, "typical", lambda *args, **kwargs: made.append(1) or typical(*args, **kwargs))
    db, version = app_cache.db_path(), app_cache.data_version()
    first = app_cache.typical_cases(db, version, 2025)
    assert app_cache.typical_cases(db, version, 2025, None).equals(first)
    assert app_cache.typical_cases(db, version, year=2025, prefectures=None).equals(first)
    assert len(made) == 1


def test_empty_warehouse_shows_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(tmp_path / "empty.duckdb"))
    for page in PAGES:
        at = logged_in(AppTest.from_file(str(APP), default_timeout=60)).run()
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert any("还没有数据" in i.value for i in at.info), page


def test_a_warehouse_held_by_an_older_version_is_a_message_not_a_traceback(demo_copy, monkeypatch):
    """Another process holds the file, so the dashboard reads a snapshot, and the snapshot lacks a derived
    table (an older version wrote it): the page says what to do instead of failing in a query."""
    import subprocess
    import sys

    import duckdb

    with duckdb.connect(str(demo_copy)) as con:
        con.execute("drop table key_position_training")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(demo_copy)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
        at = logged_in(AppTest.from_file(str(APP), default_timeout=60)).run()
        assert not at.exception, at.exception
        said = " ".join(e.value for e in at.error)
        assert "key_position_training" in said and "python -m analytics upgrade" in said and "旧版本" in said
    finally:
        holder.communicate("", timeout=30)


def test_industries_page_proposes_key_industries_with_reasons(app):
    at = _open(app, "pages/industries.py")
    proposed = [m.value for m in at.markdown if m.value.startswith("- **")][0]
    assert "平滑工伤发生率" in proposed and "‰" in proposed
    assert [tab.label for tab in at.tabs] == ["建议重点行业", "完整排序"] and len(at.get("image")) == 1
    assert "房屋建筑业" in _picture_text(at.get("image")[0])                 # the panels of the proposed industries
    at.segmented_control[0].set_value("key_group").run()
    at.session_state["industry_tab"] = "完整排序"                # only the open tab runs
    at.run()
    assert not at.exception and len(at.get("image")) == 1 and not at.get("plotly_chart")
    assert "建筑施工" in _picture_text(at.get("image")[0])
    assert "建筑施工" in set(at.dataframe[0].value["名称"])


def test_enterprise_page_lists_entries_and_one_enterprise(app):
    at = _open(app, "pages/enterprises.py")
    assert [m.label for m in at.metric][:3] == ["模型排序", "必选", "随机抽查"]
    table = at.dataframe[0].value
    assert {"类型", "预计工伤（起）", "90%区间", "理由"} <= set(table.columns) and len(table) >= 100
    entries = int(at.metric[0].value.replace(",", "")) + int(at.metric[1].value.replace(",", "")) \
        + int(at.metric[2].value.replace(",", ""))
    assert len(table) == min(200, entries)                     # the list comes a page of 200 at a time
    pager = [b for b in at.main.selectbox if b.label.startswith("共 ")]
    assert len(pager) == (entries > 200) and (not pager or len(pager[0].options) == -(-entries // 200))
    assert (table["理由"].str.len() > 0).all()
    assert any("整改建议书" in s.value for s in at.subheader)
    assert len(at.dataframe) == 1                               # a record is drawn only when asked for

    chooser = next(b for b in at.main.selectbox if b.label == "选择单位（本页名单）")
    assert chooser.value is None and len(chooser.options) == len(table)
    uscc = table["统一社会信用代码"].iloc[3]
    chooser.set_value(uscc).run()
    assert not at.exception and any(c.value.startswith(uscc) for c in at.caption)
    history = at.dataframe[1].value
    assert "年度" in history.columns and len(history) >= 5

    at.session_state["keylist_rows"] = {"selection": {"rows": [7], "columns": [], "cells": []}}   # a row clicked
    at.run()
    clicked = table["统一社会信用代码"].iloc[7]
    assert not at.exception and any(c.value.startswith(clicked) for c in at.caption)
    assert not any(b.label == "选择单位（本页名单）" for b in at.main.selectbox)


def test_the_english_interface_gives_english_reasons(app):
    at = _open(app, "pages/enterprises.py", "en")
    table = at.dataframe[0].value
    assert (table["Reasons"].str.len() > 0).all() and not table["Reasons"].str.contains("[\u4e00-\u9fff]").any()
    at.switch_page("pages/industries.py").run()
    proposals = " ".join(m.value for m in at.markdown)
    assert "smoothed injury rate" in proposals and "平滑工伤发生率" not in proposals


def test_switching_the_model_changes_the_list_in_this_session(app, demo_models):
    from analytics.display import presentation
    from analytics.targeting import registry

    at = _open(app, "pages/models.py")
    assert "泊松广义线性模型" in set(at.dataframe[0].value["模型"])
    other = next(i for i in registry.list_models(demo_models).query("kind == 'count' and not default").id)
    at.selectbox[0].set_value(other).run()
    assert at.session_state.model_id == other
    at.switch_page("pages/enterprises.py").run()
    meta = registry.list_models(demo_models).set_index("id").loc[other]
    readable = presentation.ranker_names("zh")[meta["name"]]
    assert not at.exception and f"{readable}（{meta.created[:16].replace('T', ' ')} 登记）" in at.caption[0].value
    assert registry.default_id(demo_models) != other          # the default on disk is untouched


def test_meeting_mode_steps_through_its_slides(app):
    at = _open(app, "pages/meeting.py")
    first = at.markdown[1].value
    assert "工伤情况" in first
    at.button[1].click().run()                                  # next
    assert not at.exception and "规划目标" in at.markdown[1].value
    at.button[0].click().run()                                  # previous
    assert at.markdown[1].value == first


def test_without_a_model_the_model_pages_say_so(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(tmp_path / "no-models"))
    for page in ("pages/enterprises.py", "pages/models.py", "pages/meeting.py"):
        at = logged_in(AppTest.from_file(str(APP), default_timeout=90)).run()
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        if page != "pages/meeting.py":
            assert any("还没有已登记的风险模型" in w.value for w in at.warning), page


def test_a_default_model_whose_files_are_gone_is_a_message_not_a_traceback(demo_copy, demo_models, tmp_path, monkeypatch):
    import shutil

    from analytics.targeting import registry

    models = tmp_path / "models"
    shutil.copytree(demo_models, models)
    shutil.rmtree(models / registry.default_id(models))
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(models))
    for page in ("pages/enterprises.py", "pages/meeting.py", "pages/models.py"):
        at = logged_in(AppTest.from_file(str(APP), default_timeout=90)).run()
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    at = logged_in(AppTest.from_file(str(APP), default_timeout=90)).run()
    at.switch_page("pages/enterprises.py").run()
    assert any("风险模型不可用" in w.value and "train" in w.value for w in at.warning)


def test_premiums_count_the_population_the_sidebar_chose(demo_copy, demo_models, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    totals = {}
    for prefecture in ("", "530100"):                            # the whole province, then 昆明市
        at = logged_in(AppTest.from_file(str(APP), default_timeout=90))
        at.query_params.update({"prefecture": prefecture})
        at.run().switch_page("pages/premiums.py").run()
        assert not at.exception
        assert ("昆明市" if prefecture else "全省") in at.caption[-1].value
        totals[prefecture] = int(shown_tables(at)[0].loc["合计", "单位数"].replace(",", ""))
    assert 0 < totals["530100"] < totals[""]


def test_trends_show_accident_type_severity_season_and_diseases(app):
    at = _open(app, "pages/trends.py")
    assert [tab.label for tab in at.tabs] == ["工伤发生率（‰）", "按事故类别（GB 6441）的认定工伤数", "按伤害程度的认定工伤数",
                                              "按月份的认定工伤数（季节性）", "职业病与尘肺病发病率"]
    assert len(at.get("image")) == 3 and not at.get("plotly_chart")         # only the open tab runs, drawn as pictures
    over_time = at.dataframe[0].value                           # prefectures by year, the partial year marked
    assert len(over_time) == 16 and "2026（年初至今）" in over_time.columns and over_time.index.name == "州（市）"
    at.segmented_control(key="prefecture_value").set_value("injuries").run()
    counts = at.dataframe[0].value
    assert counts["2025"].sum() == int(at.dataframe[1].value.set_index("年度").loc["2025", "认定工伤"])
    for label in [tab.label for tab in at.tabs][1:]:
        at.session_state["trend_tab"] = label
        at.run()
        assert not at.exception and len(at.get("plotly_chart")) + len(at.get("image")) == 1, label


def test_a_filter_with_no_enterprises_says_so(demo_copy, demo_models, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    for page in PAGES:
        at = logged_in(AppTest.from_file(str(APP), default_timeout=90))
        at.query_params.update({"prefecture": "533400", "key_group": "mining", "division": "13"})   # 迪庆 mining, food division
        at.run()
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        if page in PAGES[:5]:
            assert any("当前筛选条件下没有数据" in i.value for i in at.info), page


def test_prevention_page_shows_projects_draws_experts_and_follows_up_hazards(app, demo_db):
    from analytics.data import warehouse
    from analytics.measures import projects

    at = _open(app, "pages/prevention.py")
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs][:5] == ["培训覆盖", "预防项目", "专家抽取", "宣传与基地", "隐患整改"]
    with warehouse.connect(demo_db, read_only=True) as con:       # the app's copy is held by the app
        expected = projects.status(con, 2025, warehouse.data_through(con))
    table = next(d.value for d in at.dataframe if "项目编号" in d.value.columns)
    assert table["项目编号"].tolist() == expected.project_no.tolist()
    assert "预算（元）" in table.columns and not any(c in table.columns for c in ("budget", "stage", "key_group"))
    at.number_input[0].set_value(4)
    at.button[0].click().run()                          # the form's submit: an even panel is refused
    assert any("奇数" in e.value for e in at.error)
    at.number_input[0].set_value(3)
    at.button[0].click().run()
    assert any("第 1 号抽取" in s.value for s in at.success), [s.value for s in at.success]
    log = next(d.value for d in at.dataframe if "抽取编号" in d.value.columns)
    assert log["抽取编号"].tolist() == [1]
    next(b for b in at.button if b.label == "复核").click().run()
    assert any("复核通过" in s.value for s in at.success)
    assert any("整改建议书" in c.value for c in at.caption)
    overdue = next(d.value for d in at.dataframe if "逾期重大隐患（条）" in d.value.columns)
    assert "单位名称" in overdue.columns and len(overdue) > 0
    assert any("下载全部整改建议书" in b.label for b in at.get("download_button"))


def test_a_viewer_sees_prevention_work_without_names_or_draws(demo_copy, demo_models, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    at = _open(logged_in(AppTest.from_file(str(APP), default_timeout=90), "viewer"), "pages/prevention.py")
    assert not at.exception, at.exception
    assert not at.number_input and not any(b.label == "抽取并记录" for b in at.button)
    assert not any("单位名称" in d.value.columns for d in at.dataframe)
    by_place = next(d.value for d in at.dataframe if "逾期重大隐患（条）" in d.value.columns)
    assert "州（市）" in by_place.columns and not at.get("download_button")


def test_all_overdue_letters_come_as_one_zip_numbered_and_logged(demo_copy, monkeypatch):
    import io
    import zipfile

    from analytics import app_cache
    from analytics.access import roles
    from analytics.measures import followup

    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    kunming = roles.Principal("lin", "analyst", prefecture="530100")
    with pytest.raises(roles.Forbidden):
        app_cache.overdue_letters(roles.Principal("meeting", "viewer"), None)
    archive = zipfile.ZipFile(io.BytesIO(app_cache.overdue_letters(kunming, ("530100",))))
    with app_cache.cursor() as cur:
        due = followup.overdue_major(cur, cur.execute("select max(found_date) from hazards").fetchone()[0], ("530100",))
        log = cur.execute("select uscc, number, reason from letters_log").df()
    assert len(archive.namelist()) == len(log) > 0 and (log.reason == "overdue_major").all()
    assert set(log.uscc) <= set(due.uscc) and log.number.is_unique


@pytest.mark.parametrize("which,word", [("underreporting", "应认定"), ("excess", "同行业同规模预计"), ("audit", "随机")])
def test_the_lists_beside_the_key_list_show_their_reasons_within_the_filters(demo_copy, demo_models, monkeypatch, which,
                                                                             word):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    shown = {}
    for prefecture in ("", "530100"):                            # the whole province, then 昆明市
        at = logged_in(AppTest.from_file(str(APP), default_timeout=90))
        at.query_params.update({"prefecture": prefecture})
        at.run().switch_page("pages/enterprises.py").run()
        at.segmented_control(key="which_list").set_value(which).run()
        assert not at.exception, at.exception
        shown[prefecture] = at.dataframe[0].value if at.dataframe else None
    everywhere, kunming = shown[""], shown["530100"]
    assert len(everywhere) > 0 and everywhere["理由"].str.contains(word).all()
    if kunming is not None:
        assert set(kunming["统一社会信用代码"]) <= set(everywhere["统一社会信用代码"])
        assert (kunming["州（市）"] == "昆明市").all() and len(kunming) < len(everywhere)


def test_the_overview_shows_every_prefectures_targets_and_the_typical_cases(app):
    at = _open(app, "pages/overview.py")
    assert not at.exception, at.exception
    assert any(e.label.startswith("目标责任考核") for e in at.expander)
    responsibility = next(tab for tab in at.tabs if "重点行业" in tab.label)
    table = shown_tables(responsibility)[0]
    assert "基期值（2020）" in table.columns and len(table) == 16
    cases = next(d.value for d in at.dataframe if "警示" in d.value.columns)
    assert "单位名称" in cases.columns and len(cases) > 0


def test_a_viewer_sees_the_typical_cases_without_employers(demo_copy, demo_models, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DB", str(demo_copy))
    monkeypatch.setenv("ANALYTICS_MODELS_DIR", str(demo_models))
    at = _open(logged_in(AppTest.from_file(str(APP), default_timeout=90), "viewer"), "pages/overview.py")
    cases = next(d.value for d in at.dataframe if "警示" in d.value.columns)
    assert "单位名称" not in cases.columns and len(cases) > 0


def test_the_meeting_and_overview_say_the_deadline_and_offer_the_report(app):
    at = _open(app, "pages/meeting.py")
    assert not at.exception, at.exception
    assert any("报送截止" in c.value for c in at.caption)
    assert any("年度工伤预防工作情况通报" in b.label for b in at.get("download_button"))
    overview = _open(app, "pages/overview.py")
    assert any("报送截止" in c.value for c in overview.caption)


def test_every_slide_has_one_large_chart_and_says_whom_and_when_it_counts(app):
    at = _open(app, "pages/meeting.py")
    titles = []
    while True:
        assert not at.exception, at.exception
        titles.append(at.markdown[1].value)
        charts = len(at.get("plotly_chart")) + len(at.get("image"))
        assert charts == 1, (titles[-1], charts)
        assert any("全省 · 2025 年" in m.value for m in at.markdown), titles[-1]
        forward = next(b for b in at.button if b.label == "下一页")
        if forward.disabled:
            break
        forward.click().run()
    assert len(titles) >= 7 and any("各州（市）" in t for t in titles) and any("预防工作" in t for t in titles)


def test_the_key_list_is_searched_across_all_its_pages(app):
    at = _open(app, "pages/enterprises.py")
    assert any("必选" in c.value and "按预计工伤从高到低" in c.value for c in at.caption)
    first = at.dataframe[0].value
    wanted = first["名称"].iloc[-1]
    at.text_input(key="keylist_search").set_value(wanted).run()
    assert not at.exception
    found = at.dataframe[0].value
    assert len(found) >= 1 and found["名称"].str.contains(wanted, regex=False).all()


def _queued_injuries(db, folder) -> Path:
    """Two new cases for an employer of the demo, as a nightly batch file."""
    import pandas as pd

    from analytics.data import warehouse
    from conftest import injuries_frame

    with warehouse.connect(db, read_only=True) as con:
        employer = warehouse.scalar(con, "select uscc from enterprises order by uscc limit 1")
    frame = injuries_frame(2).assign(uscc=employer, case_no=["Q-1", "Q-2"])
    csv = Path(folder) / "nightly.csv"
    pd.DataFrame(frame).to_csv(csv, index=False)
    return csv


def test_a_batch_import_runs_while_dashboard_sessions_read_and_they_see_it_when_it_commits(app, demo_copy, tmp_path,
                                                                                          monkeypatch):
    import os
    import subprocess
    import sys

    monkeypatch.setenv("ANALYTICS_ID_KEY", "test-key")  # the holder hashes the queued file with its installation key

    csv = _queued_injuries(demo_copy, tmp_path)
    at = _open(app, "pages/data.py")                    # this process now holds the warehouse, as a dashboard does
    before = at.dataframe[0].value.loc["工伤认定", "合计"]
    job = subprocess.Popen([sys.executable, "-m", "analytics", "import", "injuries", str(csv), "--db", str(demo_copy)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "ANALYTICS_ID_KEY": "test-key"})
    reads = 0
    while job.poll() is None or reads == 0:              # sessions keep reading during the import
        at.run()
        assert not at.exception, at.exception
        reads += 1
    out, err = job.communicate()
    assert job.returncode == 0 and "导入成功" in out, err
    after = _open(app, "pages/data.py").dataframe[0].value.loc["工伤认定", "合计"]
    assert after == before + 2
    log = _open(app, "pages/data.py").dataframe[1].value
    assert log.astype(str).apply(lambda column: column.str.contains("nightly.csv")).any().any()   # logged as any import
