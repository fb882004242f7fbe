"""工伤预防大数据分析平台 — the dashboard frame: page config, language, navigation."""

import streamlit as st

from analytics.labels import LANGS, t

st.set_page_config(page_title="工伤预防大数据分析平台", page_icon="🛡️", layout="wide")

if "lang" not in st.session_state:
    st.session_state.lang = st.query_params.get("lang", "zh") if st.query_params.get("lang") in LANGS else "zh"
lang = st.sidebar.segmented_control(
    t("language", st.session_state.lang), options=list(LANGS), key="lang",
    format_func=lambda code: {"zh": "中文", "en": "English"}[code],
)
lang = lang or "zh"
st.query_params["lang"] = lang

pages = {
    t("section_manage", lang): [
        st.Page("pages/data.py", title=t("page_data", lang), icon="🗄️", url_path="data", default=True),
    ],
}
st.navigation(pages).run()
