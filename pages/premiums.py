"""费率浮动 Premium rates: recommendations, tier distribution, fund impact, a threshold what-if."""

from pathlib import Path

import streamlit as st

from analytics import app_cache, premiums
from analytics.display import pictures, presentation, static_table
from analytics.labels import t

lang, _, filters, db, version, options, who = app_cache.view("premiums")   # the rate year is this page's own choice
st.title(t("page_premiums", lang))
if not options["years"]:
    st.info(t("empty_warehouse", lang))
    st.stop()

rules_files = premiums.available_rules()
left, right = st.columns(2)
titles = app_cache.rules_titles(lang)
name = left.selectbox(t("rules_file", lang), list(titles), format_func=titles.get)
year = right.selectbox(t("rate_year", lang), app_cache.premium_years(options))
first_band = premiums.load_rules(rules_files[name]).no_new_injury[0]
threshold = st.slider(t("threshold_what_if", lang), 50, 200, int(first_band.max_ratio or 120), step=10)
with st.spinner(t("working_premiums", lang), show_time=True):     # seconds on a cold cache
    recommendations = app_cache.premium_recommendations(db, version, year, name,
                                                       None if threshold == first_band.max_ratio else threshold, lang)
recommendations = premiums.subset(recommendations, filters)
st.caption(t("premium_population", lang, population=presentation.population(filters, options, lang), year=year))
if recommendations.empty:
    st.info(t("no_rows_for_filters", lang))
    st.stop()

if threshold != first_band.max_ratio:
    current = premiums.subset(app_cache.premium_recommendations(db, version, year, name, None, lang), filters)
    st.subheader(t("whatif_title", lang, base=f"{first_band.max_ratio:g}", changed=threshold))
    st.html(static_table.to_html(presentation.whatif_table(current, recommendations, lang), index=True))
st.image(app_cache.figure(pictures.tier_bars, premiums.tier_distribution(recommendations), lang,
                          presentation.scoped(t("tier_distribution", lang), filters, options, lang, year)),
         width="stretch")
st.subheader(t("fund_impact", lang))
st.html(static_table.to_html(presentation.fund_table(premiums.fund_impact(recommendations), lang), index=True))
st.subheader(t("recommendations", lang))
st.dataframe(premiums.recommendation_table(recommendations.head(500), lang), hide_index=True, width="stretch")


st.download_button(t("download_xlsx", lang),
                   lambda: app_cache.premium_workbook(who, recommendations, year, lang,
                                                      presentation.population(filters, options, lang),
                                                      f"data/rules/{Path(rules_files[name]).name}"),
                   file_name=f"premium_rates_{year}.xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
