"""数据管理 Data: upload a feed file, see its report, download templates, counts and the import log."""

import streamlit as st

from analytics import app_cache
from analytics.access import roles
from analytics.data.feeds import feed_label
from analytics.display import presentation
from analytics.labels import t

lang, _, _, db, _, _, who = app_cache.view("data")
st.title(t("page_data", lang))
supplied = roles.feeds_of(who)

with st.container(border=True):
    st.subheader(t("upload", lang))
    if not supplied:
        st.info(t("no_feeds_to_import", lang))
    else:
        st.caption(t("upload_help", lang) + " " + t("feeds_of_account", lang,
                                                     feeds="、".join(feed_label(f, lang) for f in supplied)))
        feed = st.selectbox(t("choose_feed", lang), list(supplied), format_func=lambda f: feed_label(f, lang))
        types = ["xlsx", "csv", "parquet"]
        if style := presentation.uploader_style(lang, st.get_option("server.maxUploadSize"), types):
            st.html(style)
        upload = st.file_uploader(t("upload", lang), type=types, label_visibility="collapsed")
        if upload is not None and st.button(t("import_button", lang), type="primary"):
            with st.status(t("importing", lang), expanded=False) as status:
                result = app_cache.import_upload(who, feed, upload.getvalue(), upload.name,
                                                 progress=lambda stage: status.update(label=presentation.stage_label(stage, lang)))
                status.update(label=result.summary(lang), state="complete" if result.accepted else "error")
            if result.accepted:
                st.success(result.summary(lang))
            else:
                st.error(result.summary(lang))
                st.dataframe(result.report(lang), hide_index=True, width="stretch")

version = app_cache.data_version()
counts, totals, through = app_cache.counts_by_year(app_cache.db_path(), version)
if totals["enterprises"] == 0:
    st.info(t("empty_warehouse", lang))

st.subheader(t("counts_by_year", lang))
if through is not None:
    st.caption(t("counts_caption", lang, ytd=through.year, asof=through.isoformat()))
st.metric(feed_label("enterprises", lang), f"{totals['enterprises']:,}")
st.dataframe(presentation.counts_table(counts, through, lang), width="stretch")

st.subheader(t("templates", lang))
columns = st.columns(4)
for i, name in enumerate(supplied):
    columns[i % 4].download_button(
        t("template_for", lang, feed=feed_label(name, lang)), app_cache.template(name, lang),
        file_name=f"{name}_template.xlsx", key=f"template_{name}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

st.subheader(t("import_log", lang))
st.caption(t("import_log_caption", lang))
log = app_cache.import_log(db, app_cache.log_version(), who.department if who.role == "officer" else None)
if log.empty:
    st.info(t("no_imports", lang))
else:
    st.dataframe(presentation.import_log_table(log, lang), hide_index=True, width="stretch")

if who.may("view_audit"):
    st.subheader(t("access_log", lang))
    st.caption(t("access_log_caption", lang))
    st.dataframe(presentation.access_log_table(app_cache.access_log(db, app_cache.access_version()), lang),
                 hide_index=True, width="stretch")
