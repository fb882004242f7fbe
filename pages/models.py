"""模型评估 Model validation: backtest capture for models, baselines and the ceiling; calibration; model in use."""

import streamlit as st

from analytics import app_cache
from analytics.display import charts, presentation, static_table
from analytics.measures.indicators import Filters
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


def scoped(title: str, *years: int) -> str:
    """Backtests score every employer of the province, whatever the sidebar chooses."""
    return presentation.scoped(title, Filters(), options, lang, *years)


tested = [int(y) for y in summary.columns]
st.plotly_chart(charts.capture_chart(summary, names, scoped(t("capture_title", lang, share=share,
                                                              outcome=t(f"outcome_{outcome}", lang)), min(tested), max(tested)),
                                     lang), width="stretch")
st.dataframe(presentation.capture_table(summary, names, lang), width="stretch")
st.caption(t("backtest_caption", lang))

name = model_names[picked]
model_card = results.get("model_card", {})
years = sorted(set(results["rankers"].get(name, {}).get("years", {})) | set(model_card.get("years", {})))
test_year = st.select_slider(t("test_year", lang), years, value=years[-1]) if years else None
if test_year in results["rankers"].get(name, {}).get("years", {}):
    deciles = backtest.calibration_table(results, name, test_year)
    st.plotly_chart(charts.calibration_chart(deciles, scoped(t("calibration_title", lang, model=names.get(name, name),
                                                               year=test_year), test_year), lang), width="stretch")

if test_year in model_card.get("years", {}):
    card_year = test_year
    entry = model_card["years"][card_year]
    card_name = names.get(model_card["model"], model_card["model"])
    st.subheader(t("card_section", lang, model=card_name, year=card_year))
    left, middle, right, last = st.columns(4)
    left.metric(t("gini_metric", lang), f"{entry['gini']:.3f}", help=t("gini_help", lang, se=entry["gini_se"]))
    middle.metric(t("deviance_metric", lang), f"{entry['poisson_deviance']:.3f}")
    right.metric(t("overlap_last_year", lang), f"{entry['overlap_last_year']:.0%}" if entry["overlap_last_year"] else "—")
    last.metric(t("overlap_last_count", lang), f"{entry['overlap_last_count']:.0%}")
    left, right = st.columns([2, 3])
    left.html(static_table.to_html(presentation.card_capture_table(entry, lang)))
    right.plotly_chart(app_cache.figure(charts.lorenz_chart, entry["lorenz"],
                                        scoped(t("lorenz_title", lang, gini=entry["gini"], se=entry["gini_se"]), card_year),
                                        lang),
                       width="stretch")
    st.plotly_chart(app_cache.figure(charts.calibration_chart, backtest.card_calibration(entry),
                                     scoped(t("calibration_exposure_title", lang, model=card_name, year=card_year), card_year),
                                     lang),
                    width="stretch")
    st.markdown(f"**{t('missed_title', lang)}**")
    left, right = st.columns(2)
    left.caption(t("missed_size_band", lang))
    left.html(static_table.to_html(presentation.missed_table(entry["missed"]["size_band"], {}, lang)))
    if "region" in entry["missed"]:
        right.caption(t("missed_region", lang))
        right.html(static_table.to_html(presentation.missed_table(entry["missed"]["region"], options["prefectures"], lang)))

if results.get("lists"):
    st.subheader(t("list_kpi_title", lang))
    st.html(static_table.to_html(presentation.list_kpi_table(results["lists"], lang)))

uplift = results.get("uplift")
if uplift and uplift.get("kinds"):
    st.subheader(t("uplift_title", lang))
    truth = t("uplift_truth", lang, true=uplift["true_effect"]) if uplift.get("true_effect") is not None else ""
    st.caption(t("uplift_caption", lang, truth=truth))
    st.html(static_table.to_html(presentation.uplift_table(uplift, lang)))
    averted = uplift.get("averted_top10")
    if averted:
        year = max(int(y) for y in uplift["by_year"])
        st.markdown(f"**{t('averted_title', lang, year=year)}**")
        cols = st.columns(3)
        for column, key in zip(cols, ("by_risk", "by_averted", "oracle")):
            column.metric(t(key, lang), f"{averted[key]:,.0f}",
                          delta=f"{averted[key] / averted['by_risk'] - 1:+.0%}" if key != "by_risk" else None)
