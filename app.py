"""工伤预防大数据分析平台 — the dashboard frame: page config, language, shared filters, navigation."""

from pathlib import Path

import streamlit as st

from analytics import app_cache
from analytics.measures.indicators import Filters
from analytics.labels import LANGS, t

ICON = Path(__file__).parent / "assets" / "icon.png"    # bundled: a Material icon here would be fetched from the internet
st.set_page_config(page_title="工伤预防大数据分析平台", page_icon=str(ICON), layout="wide")

params = st.query_params
if "lang" not in st.session_state:
    st.session_state.lang = params.get("lang") if params.get("lang") in LANGS else "zh"
# The widget's own state is dropped on a page switch, so the choice is kept in session_state.lang.
st.session_state.language_choice = st.session_state.lang
st.sidebar.segmented_control("语言 / Language", options=list(LANGS), key="language_choice",
                             format_func=lambda code: {"zh": "中文", "en": "English"}[code],
                             on_change=lambda: st.session_state.update(lang=st.session_state.language_choice or "zh"))
lang = st.session_state.lang
st.sidebar.caption(t("app_title", lang))

if (problem := app_cache.open_error()) is not None:
    st.error(t("warehouse_busy", lang, detail=problem))
    st.stop()
options = app_cache.filter_options(app_cache.db_path(), app_cache.data_version())
years = options["years"] or [None]
prefectures = {"": t("all", lang), **options["prefectures"]}
groups = {"": t("all", lang), **{k: v[1] if lang == "en" else v[0] for k, v in options["key_groups"].items()}}
st.sidebar.subheader(t("filters", lang))
ytd_year, fraction = options["current"]
complete = [y for y in years if y != ytd_year or fraction >= 1] or years


def sidebar_choice(name: str, label: str, choices: list, default, format_func=str):
    """A sidebar filter seeded from the URL, kept in session_state[name] across page switches
    (a widget's own state is dropped when the page changes)."""
    if name not in st.session_state or st.session_state[name] not in choices:
        wanted = params.get(name)
        wanted = int(wanted) if name == "year" and wanted and wanted.isdigit() else wanted
        st.session_state[name] = wanted if wanted in choices else default
    st.session_state["filter_" + name] = st.session_state[name]
    st.sidebar.selectbox(label, choices, key="filter_" + name, format_func=format_func,
                         on_change=lambda: st.session_state.update({name: st.session_state["filter_" + name]}))
    return st.session_state[name]


year = sidebar_choice("year", t("year_filter", lang), years, complete[-1])
prefecture = sidebar_choice("prefecture", t("prefecture_filter", lang), list(prefectures), "", prefectures.get)
counties = {"": t("all", lang), **{code: name for code, (name, parent) in options["counties"].items() if parent == prefecture}}
county = sidebar_choice("county", t("county_filter", lang), list(counties), "", counties.get) if prefecture else ""
group = sidebar_choice("key_group", t("key_group_filter", lang), list(groups), "", groups.get)
divisions = {"": t("all", lang), **{code: f"{code} {names[1] if lang == 'en' else names[0]}"
                                    for code, names in options["divisions"].items()}}
division = sidebar_choice("division", t("industry_filter", lang), list(divisions), "", divisions.get)
shared = {"lang": lang, "year": str(year), "prefecture": prefecture, "county": county, "key_group": group,
          "division": division}
if any(params.get(k, "") != v for k, v in shared.items()):
    st.query_params.update(shared)
st.session_state.filters = Filters(**{name: (value,) if value else None for name, value in
                                      (("prefecture", prefecture), ("county", county), ("key_group", group),
                                       ("division", division))})
if complete[-1] is not None:   # the default year's slow results, once per data version, in the background
    app_cache.warm_up(app_cache.db_path(), app_cache.data_version(), app_cache.models_version(), complete[-1])

pages = {
    t("section_overview", lang): [
        st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("pages/meeting.py", title=t("page_meeting", lang), icon=":material/co_present:", url_path="meeting"),
    ],
    t("section_analysis", lang): [
        st.Page("pages/trends.py", title=t("page_trends", lang), icon=":material/trending_up:", url_path="trends"),
        st.Page("pages/industries.py", title=t("page_industries", lang), icon=":material/factory:", url_path="industries"),
        st.Page("pages/enterprises.py", title=t("page_enterprises", lang), icon=":material/apartment:", url_path="enterprises"),
        st.Page("pages/premiums.py", title=t("page_premiums", lang), icon=":material/payments:", url_path="premiums"),
    ],
    t("section_manage", lang): [
        st.Page("pages/models.py", title=t("page_models", lang), icon=":material/model_training:", url_path="models"),
        st.Page("pages/data.py", title=t("page_data", lang), icon=":material/database:", url_path="data"),
    ],
}
st.navigation(pages).run()
