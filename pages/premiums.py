"""费率浮动 Premium rates: recommendations, tier distribution, fund impact, a threshold what-if."""

import io

import streamlit as st

from analytics import app_cache, charts, premiums, presentation
from analytics.labels import t

app_cache.ensure_frame()
lang = st.session_state.get("lang", "zh")
db, version = app_cache.db_path(), app_cache.data_version()
options = app_cache.filter_options(db, version)
st.title(t("page_premiums", lang))
if not options["years"]:
    st.info(t("empty_warehouse", lang))
    st.stop()

rules_files = premiums.available_rules()
left, right = st.columns(2)
name = left.selectbox(t("rules_file", lang), list(rules_files),
                      format_func=lambda n: premiums.load_rules(rules_files[n]).name_en if lang == "en"
                      else premiums.load_rules(rules_files[n]).name_zh)
year = right.selectbox(t("rate_year", lang), options["years"][2:][::-1])
rules = premiums.load_rules(rules_files[name])
first_band = rules.no_new_injury[0]
threshold = st.slider(t("threshold_what_if", lang), 50, 200, int(first_band.max_ratio or 120), step=10)
if threshold != first_band.max_ratio and threshold < (rules.no_new_injury[1].max_ratio or 10**9):
    rules = rules.replace(no_new_injury=(premiums.Band(float(threshold), first_band.tier),) + rules.no_new_injury[1:])
recommendations = premiums.recommend(app_cache.premium_basis(db, version, year), rules, year)

st.plotly_chart(charts.tier_bars(premiums.tier_distribution(recommendations), lang), width="stretch")
st.subheader(t("fund_impact", lang))
st.dataframe(presentation.fund_table(premiums.fund_impact(recommendations), lang), width="stretch")
st.subheader(t("recommendations", lang))
st.dataframe(premiums.recommendation_table(recommendations.head(500), lang), hide_index=True, width="stretch")
buffer = io.BytesIO()
premiums.export_xlsx(recommendations, buffer, lang)
st.download_button(t("download_xlsx", lang), buffer.getvalue(), file_name=f"premium_rates_{year}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
