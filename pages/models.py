"""模型评估 Model validation: backtest capture for models, baselines and the ceiling; calibration; model in use."""

import streamlit as st

from analytics import app_cache
from analytics.display import charts, presentation
from analytics.targeting import backtest
from analytics.labels import t

lang, _, _, _, _, options, who = app_cache.view("models")
st.title(t("page_models", lang))
if not options["years"]:
    st.info(t("empty_warehouse", lang))
    st.stop()
models_version = app_cache.models_version()
listed = app_cache.model_list(models_version)
if listed.empty:
    st.warning(t("no_model", lang))
    st.stop()

count_models = listed[listed.kind == "count"]
default = listed.id[listed.default].iloc[0] if listed.default.any() else count_models.id.iloc[-1]
choices = count_models.id.tolist()
current = st.session_state.get("model_id") or default
model_names = dict(zip(listed.id, listed.name))
created = dict(zip(listed.id, listed.created))
names = presentation.ranker_names(lang)
picked = st.selectbox(t("choose_model", lang), choices, index=choices.index(current) if current in choices else 0,
                      format_func=lambda i: presentation.model_label(
                          {"model_name": model_names[i], "model_created": created[i]}, lang))
if picked != current or "model_id" not in st.session_state:
    st.session_state.model_id = picked
st.caption(t("model_in_use_caption", lang))
st.dataframe(presentation.model_table(listed, lang), hide_index=True, width="stretch")

results = backtest.with_registered(app_cache.backtest_results(models_version), listed)
if not results["rankers"]:
    st.info(t("no_backtest", lang))
    st.stop()
share = st.segmented_control(t("top_share", lang), [1, 5, 10], default=10, format_func=lambda s: f"{s}%") or 10
outcome = st.segmented_control(t("outcome", lang), ["injuries", "deaths", "serious"], default="injuries",
                               format_func=lambda o: t(f"outcome_{o}", lang)) or "injuries"
summary = backtest.summary(results, f"{outcome}_top{share}").astype(float)
st.plotly_chart(charts.capture_chart(summary, names, t("capture_title", lang, share=share, outcome=t(f"outcome_{outcome}", lang)),
                                     lang), width="stretch")
st.dataframe(presentation.capture_table(summary, names, lang), width="stretch")
st.caption(t("backtest_caption", lang))

name = model_names[picked]
years = sorted(results["rankers"].get(name, {}).get("years", {}))
if years:
    test_year = st.select_slider(t("test_year", lang), years, value=years[-1])
    deciles = backtest.calibration_table(results, name, test_year)
    st.plotly_chart(charts.calibration_chart(deciles, t("calibration_title", lang, model=names.get(name, name),
                                                        year=test_year), lang), width="stretch")
