"""趋势分析 Trends: injury rates over time, overall and by key industry, and by prefecture."""

import streamlit as st

from analytics import app_cache, charts, presentation
from analytics.labels import t

app_cache.ensure_frame()
lang = st.session_state.get("lang", "zh")
year, filters = st.session_state.get("year"), st.session_state.get("filters")
db, version = app_cache.db_path(), app_cache.data_version()
options = app_cache.filter_options(db, version)
st.title(t("page_trends", lang))

yearly = app_cache.indicator_table(db, version, ("year",), filters)
if yearly.empty:
    st.info(t("empty_warehouse", lang))
    st.stop()
st.plotly_chart(charts.rate_trend(yearly, None, {}, lang), width="stretch")
by_group = app_cache.indicator_table(db, version, ("year", "key_group"), filters)
st.plotly_chart(charts.rate_trend(by_group, "key_group", presentation.group_names(options, lang), lang,
                                 t("rate_by_group", lang)), width="stretch")
st.caption(t("small_note", lang))
by_prefecture = app_cache.indicator_table(db, version, ("prefecture",), filters.__class__(
    **{**filters.__dict__, "first_year": year, "last_year": year}))
st.plotly_chart(charts.rate_bars(by_prefecture, "prefecture", options["prefectures"],
                                 t("by_prefecture", lang) + f" · {year}", lang), width="stretch")
st.dataframe(presentation.indicator_table(yearly, lang), hide_index=True, width="stretch")
