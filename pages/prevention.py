"""预防工作 Prevention work: training coverage of key positions, campaigns, warning-education bases, school courses."""

import streamlit as st

from analytics import app_cache
from analytics.display import presentation
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("prevention")
st.title(t("page_prevention", lang))
if not options["years"] or year is None:
    st.info(t("empty_warehouse", lang))
    st.stop()
st.caption(t("prevention_caption", lang, population=presentation.population(filters, options, lang), year=year))

st.subheader(t("training_section", lang))
by_year = app_cache.training_coverage(db, version, ("year",), filters)
this_year = by_year[by_year.year == year]
if this_year.empty:
    st.info(t("no_rows_for_filters", lang))
else:
    left, middle, right = st.columns(3)
    row = this_year.iloc[0]
    left.metric(t("coverage", lang), f"{row.coverage:.1%}")
    middle.metric(t("trained", lang), f"{row.trained:,}")
    right.metric(t("headcount", lang), f"{row.headcount:,}")
    role_tab, place_tab = st.tabs([t("coverage_by_role", lang), t("coverage_by_prefecture", lang)])
    with role_tab:
        by_role = app_cache.training_coverage(db, version, ("role",), filters, year)
        st.table(presentation.coverage_table(by_role, "role", presentation.role_names(lang), lang), hide_index=True)
    with place_tab:
        by_place = app_cache.training_coverage(db, version, ("prefecture",), filters, year)
        st.table(presentation.coverage_table(by_place, "prefecture", options["prefectures"], lang), hide_index=True)

campaigns, bases, courses = app_cache.prevention_checks(db, version, year, filters.prefecture)
st.subheader(t("campaign_section", lang))
gaps = campaigns[campaigns.short]
if gaps.empty:
    st.success(t("campaign_ok", lang, year=year))
else:
    st.warning(t("campaign_gaps", lang, year=year, groups="、".join(gaps["name_en" if lang == "en" else "name_zh"])))
st.table(presentation.campaign_table(campaigns, lang), hide_index=True)

st.subheader(t("base_section", lang))
missing = bases[bases.missing]
st.warning(t("base_gaps", lang, year=year, prefectures=int((missing.level == "prefecture").sum()),
             counties=int((missing.level == "county").sum())))
st.dataframe(presentation.base_table(missing, options["prefectures"], lang), hide_index=True, width="stretch")

st.subheader(t("course_section", lang))
if courses.empty:
    st.success(t("course_ok", lang, year=year))
else:
    st.warning(t("course_gaps", lang, year=year, n=len(courses)))
    st.dataframe(presentation.course_table(courses, lang), hide_index=True, width="stretch")
