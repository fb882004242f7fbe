"""总览 Overview: headline figures of the selected year, plan targets, map, rates by key industry, what changed."""

import datetime as dt
from dataclasses import replace

import streamlit as st

from analytics import app_cache
from analytics.display import pictures, presentation, static_table
from analytics.measures import industries, targets
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("overview")
st.title(t("page_overview", lang))

yearly = app_cache.indicator_table(db, version, ("year",), filters)
if yearly.empty or year is None:
    st.info(t("no_rows_for_filters", lang) if options["years"] else t("empty_warehouse", lang))
    st.stop()
ytd_year, fraction = options["current"]
st.caption(presentation.overview_caption(ytd_year, fraction, lang))
st.caption(presentation.deadline_line(dt.date.today(), app_cache.report_status(year), lang))
if year == ytd_year and fraction < 1:
    st.warning(t("ytd_warning", lang, year=year))
for column, (key, value, delta) in zip(st.columns(5), presentation.headline(yearly, year, lang)):
    column.metric(t(key, lang), value, delta, delta_color="inverse")

st.subheader(t("plan_targets", lang))
plan = targets.plan_for(year)
st.html(static_table.to_html(presentation.targets_table(app_cache.plan_targets(db, version, plan, filters), lang)))
drill = presentation.drilled_prefecture(filters)
places = t("responsibility_counties", lang, prefecture=options["prefectures"].get(drill, drill)) if drill \
    else t("responsibility_prefectures", lang)
with st.expander(t("responsibility_title", lang, places=places)):
    tables = presentation.responsibility_tables(app_cache.responsibility(db, version, plan, drill), lang)
    for tab, (name, table) in zip(st.tabs(list(tables)), tables.items()):
        tab.html(static_table.to_html(table))
with st.expander(t("cases_title", lang, year=year, population=presentation.population(filters, options, lang))):
    st.caption(t("cases_caption", lang))
    typical = app_cache.typical_cases(db, version, year, filters.prefecture)
    if typical.empty:
        st.info(t("no_cases", lang, year=year))
    else:
        st.dataframe(presentation.cases_table(typical, options, lang, names=who.may("view_enterprises")),
                     hide_index=True, width="stretch")

this_year = replace(filters, first_year=year, last_year=year)
left, right = st.columns(2)
level = "county" if drill else "prefecture"    # one prefecture chosen: its counties
by_region = app_cache.indicator_table(db, version, (level,), this_year)
left.image(app_cache.figure(pictures.region_map, by_region, app_cache.boundaries(app_cache.province(db, version), drill),
                            presentation.map_names(options, drill),
                            presentation.scoped(presentation.map_title(options, drill, lang), filters, options, lang, year), lang, key=level), width="stretch")
by_group = app_cache.indicator_table(db, version, ("key_group",), this_year)
group_names = presentation.group_names(options, lang)
right.image(app_cache.figure(pictures.rate_bars, by_group, "key_group", group_names,
                             presentation.scoped(t("rate_by_group", lang), filters, options, lang, year), lang),
            width="stretch")
st.caption(t("small_note", lang))

st.subheader(t("what_changed", lang, year=year))
if year == ytd_year and fraction < 1:
    st.info(t("no_change_ytd", lang))
else:
    names = {"prefecture": options["prefectures"], "key_group": group_names, "division": industries.names("division", lang)}
    changes = app_cache.what_changed(db, version, year, filters)
    st.html(static_table.to_html(presentation.changes_table(changes, names, lang)))
    st.caption(t("what_changed_caption", lang))

app_cache.preload_plotly()
