"""工伤预防大数据分析平台 — the dashboard frame: page config, language, shared filters, navigation."""

from pathlib import Path

import streamlit as st

from analytics import app_cache
from analytics.access import roles
from analytics.data.warehouse import WarehouseOutdated
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

try:
    snapshot, outdated = app_cache.reads_snapshot(), None
except WarehouseOutdated as held_by_older:  # a process of an older version holds it: nothing here can read it
    snapshot, outdated = False, held_by_older
if snapshot:                        # another process holds the warehouse: say what that means here
    st.sidebar.caption(t("snapshot_mode", lang))

who = app_cache.principal()


def page(key: str, icon: str, **kwargs) -> st.Page:
    """A page of the menu; one the account may not open is left out of the menu (and refuses by itself)."""
    return st.Page(f"pages/{key}.py", title=t(f"page_{key}", lang), icon=icon, url_path=key,
                   visibility="visible" if roles.may_open(who, key) else "hidden", **kwargs)


def home() -> None:
    """The root URL opens the overview at its own address, so /overview is a link like every page's."""
    st.switch_page(overview, query_params=st.query_params.to_dict())


overview = page("overview", ":material/dashboard:")
pages = {
    t("section_overview", lang): [st.Page(home, title=t("page_overview", lang), url_path="home", default=True,
                                          visibility="hidden"), overview, page("meeting", ":material/co_present:")],
    t("section_analysis", lang): [page("trends", ":material/trending_up:"), page("industries", ":material/factory:"),
                                  page("prevention", ":material/school:"),
                                  page("enterprises", ":material/apartment:"), page("premiums", ":material/payments:")],
    t("section_manage", lang): [page("models", ":material/model_training:"), page("data", ":material/database:")],
}
# Navigation is known before the login form, so a link to a page lands on it once logged in.
current = st.navigation(pages, position="sidebar" if who and not outdated else "hidden")
if outdated:
    st.error(outdated.message(lang))
    st.stop()
if who is None:                      # nothing but the login form until the account is known
    with st.form("login"):
        st.subheader(t("login_title", lang))
        name = st.text_input(t("login_name", lang))
        password = st.text_input(t("login_password", lang), type="password")
        if st.form_submit_button(t("login_button", lang), type="primary"):
            if (reason := app_cache.login(name, password)) is None:
                st.rerun()
            st.error(t("login_failed", lang, reason=reason))
    st.stop()
st.sidebar.caption(t("logged_in_as", lang, name=who.name, role=t(f"role_{who.role}", lang)))
st.sidebar.button(t("logout", lang), on_click=app_cache.logout)

version = app_cache.data_version()   # queried again only after an import commits (app_cache)
options = app_cache.filter_options(app_cache.db_path(), version)
years = options["years"] or [None]
prefectures = {"": t("all", lang), **options["prefectures"]}
if who.prefecture:                   # a scoped account chooses within its own region only
    prefectures = {who.prefecture: options["prefectures"].get(who.prefecture, who.prefecture)}
    st.sidebar.caption(t("scoped_to", lang, region=prefectures[who.prefecture]))
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
prefecture = sidebar_choice("prefecture", t("prefecture_filter", lang), list(prefectures), next(iter(prefectures)),
                            prefectures.get)
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
    app_cache.warm_up(app_cache.db_path(), version, app_cache.models_version(), complete[-1])


current.run()
