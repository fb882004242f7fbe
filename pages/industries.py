"""行业研判 Industries: smoothed rankings, burden, trend, and the proposed key industries with reasons."""

import streamlit as st

from analytics import app_cache
from analytics.display import pictures, presentation
from analytics.measures import industries
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("industries")
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
names = industries.names(by, lang, app_cache.province(db, version))

# Only the open tab runs (on_change="rerun"), so a filter change redraws one half of the page.
proposals, ranking = st.tabs([t("proposed_tab", lang), t("full_ranking", lang)], key="industry_tab", on_change="rerun")
if proposals.open:
    with proposals:
        st.subheader(t("proposed_industries", lang, year=coming))
        proposed = industries.propose(ranked, names, top, lang)
        st.markdown("\n".join(presentation.proposal_lines(proposed)))
        history = app_cache.indicator_table(db, version, ("year", by), filters)
        st.image(app_cache.figure(pictures.rate_panels, history[history.year <= year], by, list(proposed[by]),
                                  names, presentation.scoped(t("proposed_trend", lang), filters, options, lang,
                                                             int(history.year.min()), year), lang),
                 width="stretch")   # the years the ranking saw
        ytd_year, fraction = options["current"]
        st.caption(" ".join([t("small_note", lang)]
                            + ([t("ytd_star_note", lang)] if year == ytd_year and fraction < 1 else [])))
if ranking.open:
    with ranking:
        title = presentation.scoped(t("ranking_title", lang), filters, options, lang, year - 2, year)
        st.image(app_cache.figure(pictures.ranking_bars, ranked, by, names, title, lang), width="stretch")
        st.dataframe(presentation.ranking_table(ranked, by, names, lang), hide_index=True, width="stretch")
