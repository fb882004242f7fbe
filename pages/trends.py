"""趋势分析 Trends: rates and counts over time by key industry, prefecture, accident type, severity,
season; occupational diseases with pneumoconiosis apart."""

import streamlit as st

from analytics import app_cache
from analytics.display import charts, pictures, presentation
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("trends")
st.title(t("page_trends", lang))

yearly = app_cache.indicator_table(db, version, ("year",), filters)
if yearly.empty:
    st.info(t("no_rows_for_filters", lang) if options["years"] else t("empty_warehouse", lang))
    st.stop()
first, last = int(yearly.year.min()), int(yearly.year.max())


def scoped(title: str, *years: int) -> str:
    return presentation.scoped(title, filters, options, lang, *(years or (first, last)))


# Only the open tab runs (on_change="rerun"): seven charts at once are slow to draw on a projector PC.
rates, kinds, severity, season, diseases = st.tabs([t("injury_rate", lang), t("by_accident_type", lang).split("，")[0],
                                                     t("by_severity", lang), t("by_season", lang),
                                                     t("diseases_title", lang).split("（")[0]],
                                                    key="trend_tab", on_change="rerun")
if rates.open:
    with rates:
        st.image(app_cache.figure(pictures.rate_lines, yearly, None, {}, lang, scoped(t("rate_by_year", lang))),
                 width="stretch")
        by_group = app_cache.indicator_table(db, version, ("year", "key_group"), filters)
        st.image(app_cache.figure(pictures.rate_lines, by_group, "key_group", presentation.group_names(options, lang),
                                  lang, scoped(t("rate_by_group", lang))), width="stretch")
        st.caption(t("small_note", lang))
        over_time = app_cache.indicator_table(db, version, ("year", "prefecture"), filters)   # bars: one year of it
        st.image(app_cache.figure(pictures.rate_bars, over_time[over_time.year == year], "prefecture",
                                  options["prefectures"], scoped(t("by_prefecture", lang), year), lang, width=860),
                 width="stretch")
        value = st.segmented_control(t("prefecture_by_year", lang), ["injury_rate", "injuries"], default="injury_rate",
                                     format_func=lambda v: t(v, lang), key="prefecture_value") or "injury_rate"
        table = presentation.region_year_table(over_time, "prefecture", options["prefectures"], value,
                                               t("prefecture_filter", lang), lang)
        digits = "%.2f" if value == "injury_rate" else "%d"
        st.dataframe(table, width="stretch", height=35 * (len(table) + 1) + 3,
                     column_config={"_index": st.column_config.TextColumn(width="medium"),
                                    **{c: st.column_config.NumberColumn(format=digits) for c in table.columns}})
        st.dataframe(presentation.indicator_table(yearly, lang), hide_index=True, width="stretch")
for tab, by, title in ((kinds, "accident_type", "by_accident_type"), (severity, "severity", "by_severity"),
                       (season, "month", "by_season")):
    if tab.open:
        with tab:
            counts = app_cache.injury_breakdown(db, version, by, filters)
            if by == "accident_type":
                counts = presentation.top_categories(counts, by)
            st.plotly_chart(charts.breakdown_chart(counts, by, presentation.breakdown_names(by, lang),
                                                   scoped(t(title, lang)), lang), width="stretch")
            st.caption(t("ytd_note", lang))
if diseases.open:
    with diseases:
        st.image(app_cache.figure(pictures.rate_lines, yearly, None, {}, lang, scoped(t("diseases_title", lang)),
                                  rates=("disease_rate", "pneumoconiosis_rate")), width="stretch")
        st.caption(t("small_note", lang))
