"""重点企业 Enterprises: the key-enterprise list, one enterprise's record, Excel and letters."""

import streamlit as st

from analytics import app_cache
from analytics.display import charts, presentation, static_table
from analytics.measures import industries
from analytics.targeting import keylist, lists
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("enterprises")
st.title(t("page_enterprises", lang))
if not options["years"] or year is None:
    st.info(t("empty_warehouse", lang))
    st.stop()
models_version = app_cache.models_version()
if app_cache.model_list(models_version).empty:
    st.warning(t("no_model", lang))
    st.stop()

coming = year + 1
which = st.segmented_control(t("list_choice", lang), ["ranked", *lists.LISTS], default="ranked", key="which_list",
                             format_func=lambda k: t(f"list_{k}", lang)) or "ranked"
left, right = st.columns(2)
top = left.slider(t("top_n", lang), 20, 500, app_cache.KEYLIST_TOP, step=10)
audit = right.slider(t("audit_n", lang), 0, 50, app_cache.KEYLIST_AUDIT, step=5)
model_id = st.session_state.get("model_id")
ytd_year, fraction = options["current"]
ytd = st.toggle(t("score_ytd", lang, year=year)) if year == ytd_year and fraction < 1 else False
if which != "ranked":
    try:
        side = keylist.subset(app_cache.side_list(db, version, models_version, coming, which, top, audit, ytd), filters)
    except keylist.IncompleteYear as exc:
        st.info(exc.message(lang))
        st.stop()
    st.caption(t(f"list_caption_{which}", lang) + " " + presentation.population(filters, options, lang) + f" · {coming}")
    st.metric(t(f"list_{which}", lang), f"{len(side):,}")
    if side.empty:
        st.info(t("no_rows_for_filters", lang))
    else:
        st.dataframe(presentation.side_list_table(side, which, industries.names("division", lang), options["prefectures"],
                                                  lang), hide_index=True, width="stretch", height=420)
    if which == "audit":
        hits = app_cache.audit_hits(db, version)
        st.markdown(f"**{t('audit_hits_title', lang)}**")
        if hits.empty:
            st.info(t("no_audit_recorded", lang))
        else:
            st.html(static_table.to_html(presentation.audit_hit_table(hits, lang)))
    st.stop()
try:
    with st.spinner(t("working_keylist", lang), show_time=True):
        entries = app_cache.key_list(db, version, models_version, coming, model_id, top, audit, ytd)
except keylist.IncompleteYear as exc:
    st.info(exc.message(lang))
    st.stop()
except LookupError as exc:                      # the default model's files are gone, or another province's
    st.warning(t("model_unusable", lang, detail=exc))
    st.stop()
st.caption(t("keylist_caption", lang, coming=coming, year=year, model=presentation.model_label(entries.attrs, lang)))
if entries.attrs.get("ytd"):
    st.warning(t("ytd_scoring", lang, year=year))
entries = keylist.subset(entries, filters)
if entries.empty:
    st.info(t("no_rows_for_filters", lang))
    st.stop()
for column, kind in zip(st.columns(3), ("ranked", "mandatory", "audit")):
    column.metric(t(f"kind_{kind}", lang), f"{(entries.kind == kind).sum():,}")

st.caption(t("mandatory_explained", lang, n=int((entries.kind == "mandatory").sum()), **keylist.mandatory_counts(entries)))
left, right = st.columns([2, 3])
kinds = left.multiselect(t("show_kinds", lang), ["ranked", "mandatory", "audit"], default=["ranked", "mandatory", "audit"],
                         format_func=lambda k: t(f"kind_{k}", lang), placeholder=t("choose_options", lang))
query = right.text_input(t("search_keylist", lang), key="keylist_search")
shown = keylist.search(entries[entries.kind.isin(kinds)], query)
ROWS = 200   # a page of the list at a time: the grid of all 1,400-odd entries is slow to redraw
pages = list(range(0, len(shown), ROWS)) or [0]
start = st.selectbox(t("rows_shown", lang, n=len(shown)), pages,
                     format_func=lambda i: f"{i + 1}–{min(i + ROWS, len(shown))}") if len(pages) > 1 else 0
page = shown.iloc[start:start + ROWS]

clicked = st.dataframe(presentation.keylist_table(page, industries.names("division", lang), lang), key="keylist_rows",
                       on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch", height=420,
                       column_config={t("expected", lang): st.column_config.NumberColumn(format="%.1f")})


st.download_button(t("download_xlsx", lang), lambda: app_cache.keylist_workbook(who, entries, coming, lang, presentation.population(filters, options, lang)), file_name=f"key_enterprises_{coming}.xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="keylist_xlsx")

if page.empty:
    st.info(t("no_rows_for_filters", lang))
    st.stop()
labels = {row.uscc: f"{row.name}（{row.uscc}）" for row in page.itertuples()}   # the entries of the page shown
st.subheader(t("letters", lang))
chosen = st.multiselect(t("select_for_letters", lang), list(labels), format_func=labels.get, max_selections=20,
                        placeholder=t("choose_options", lang))
if chosen:
    records = entries.set_index("uscc")
    for uscc in chosen:
        entry = {**records.loc[uscc].to_dict(), "uscc": uscc}
        st.download_button(t("download_letter", lang, name=entry["name"]),
                           lambda entry=entry: app_cache.letter(who, db, version, entry, coming, lang),
                           file_name=f"整改建议书_{uscc}.docx", key=f"letter_{uscc}", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

st.divider()
st.subheader(t("one_enterprise", lang))
# The record is drawn on demand (a row clicked in the list, or a name chosen): a filter change then
# redraws only the list.
rows = [r for r in clicked.selection.rows if r < len(page)]   # a selection can outlive a shorter list
if rows:
    uscc = page.uscc.iloc[rows[0]]
    st.caption(t("clicked_enterprise", lang))
else:
    uscc = st.selectbox(t("choose_enterprise", lang), list(labels), format_func=labels.get, index=None,
                        placeholder=t("choose_enterprise_hint", lang))
if uscc is None:
    st.stop()
details, history, hazards = app_cache.enterprise_record(who, db, version, uscc, options["as_of"])
entry = entries.set_index("uscc").loc[uscc]
st.markdown(f"### {details['name']}")
st.caption(" · ".join([details["uscc"], details["industry_en" if lang == "en" else "industry_zh"] or "",
                       f"{details['prefecture_zh']} {details['region_zh']}", t(f"kind_{entry.kind}", lang)]))
a, b, c = st.columns(3)
a.metric(t("expected", lang), f"{entry.expected:.1f}", help=t("interval", lang) + f" {entry.low:.0f} – {entry.high:.0f}")
b.metric(t("insured", lang), f"{entry.insured:,.0f}")
c.metric(t("open_hazards", lang), f"{len(hazards):,}")
reasons, mandatory = presentation.entry_reasons(entry, lang)
st.markdown(f"**{t('reasons', lang)}**：{reasons}")
if mandatory:
    st.markdown(f"**{t('mandatory_reason', lang)}**：{mandatory}")
st.plotly_chart(app_cache.figure(charts.enterprise_history, history, lang), width="stretch")
st.dataframe(presentation.enterprise_table(history, lang), hide_index=True, width="stretch")
row = app_cache.premium_for(db, version, coming, uscc, lang)
st.markdown(f"**{t('premium_recommendation', lang)}**")
if row is None:
    st.info(t("no_premium", lang))
else:
    st.write(t("premium_line", lang, current=row.current_rate, recommended=row.recommended_rate,
               tier=row.recommended_tier, reason=row.reason))
st.markdown(f"**{t('open_hazards', lang)}**")
if hazards.empty:
    st.info(t("no_open_hazards", lang))
else:
    st.dataframe(presentation.hazards_table(hazards, lang), hide_index=True, width="stretch")
