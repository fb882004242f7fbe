"""行业研判 Industries: smoothed rankings, burden, trend, and the proposed key industries with reasons."""

import streamlit as st

from analytics import app_cache, industries, presentation
from analytics.labels import t

lang, year, filters, db, version, options = app_cache.view()
st.title(t("page_industries", lang))
if not options["years"] or year is None:
    st.info(t("empty_warehouse", lang))
    st.stop()

left, right = st.columns(2)
by = left.segmented_control(t("rank_by", lang), ["division", "key_group"], default="division",
                            format_func=lambda b: t(f"by_{b}", lang)) or "division"
top = right.slider(t("top_n_industries", lang), 3, 10, 5)
coming = year + 1
st.caption(t("industries_caption", lang, coming=coming, first=year - 2, last=year))
ranked = app_cache.industry_ranking(db, version, coming, by, filters)
if ranked.empty:
    st.info(t("no_rows_for_filters", lang))
    st.stop()
names = industries.names(by, lang)

st.subheader(t("proposed_industries", lang, year=coming))
proposed = industries.propose(ranked, names, top)
st.markdown("\n".join(presentation.proposal_lines(proposed)))
history = app_cache.indicator_table(db, version, ("year", by), filters)
key = (db, version, year, filters, by, top, lang)
st.plotly_chart(app_cache.figure("rate_trend", key, history[history[by].isin(proposed[by])], by, names, lang,
                                 t("proposed_trend", lang)), width="stretch")
st.plotly_chart(app_cache.figure("ranking_bars", key, ranked, by, names, t("ranking_title", lang), lang),
                width="stretch")
st.subheader(t("full_ranking", lang))
st.dataframe(presentation.ranking_table(ranked, by, names, lang), hide_index=True, width="stretch")
