"""联席会议 Meeting mode: one message per screen in large type for a projector; next and previous."""

import datetime as dt
import html
from dataclasses import replace

import streamlit as st

from analytics import app_cache, premiums
from analytics.display import charts, meeting, pictures, presentation
from analytics.measures import industries, targets
from analytics.targeting import keylist
from analytics.labels import t

lang, year, filters, db, version, options, who = app_cache.view("meeting")
st.markdown("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
.slide-title {font-size: 2.6rem; font-weight: 700; margin: 0.5rem 0 1rem;}
.slide-message {font-size: 2.2rem; line-height: 1.45; margin-bottom: 1.5rem;}
.slide-line {font-size: 1.6rem; line-height: 1.5; margin: 0.4rem 0;}
[data-testid="stMetricValue"] {font-size: 3.4rem;}
[data-testid="stMetricLabel"] p {font-size: 1.4rem;}
</style>""", unsafe_allow_html=True)
if not options["years"] or year is None:
    st.info(t("empty_warehouse", lang))
    st.stop()


left, right = st.columns([3, 2])
left.caption(presentation.deadline_line(dt.date.today(), app_cache.report_status(year), lang))
chosen = presentation.drilled_prefecture(filters)
right.download_button(t("report_download", lang, year=year), lambda: app_cache.annual_report(who, year, chosen, lang),
                      file_name=f"{t('report_file', lang)}_{year}.docx", on_click="ignore",
                      mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

yearly = app_cache.indicator_table(db, version, ("year",), filters)
if year not in set(yearly.year):
    st.info(t("no_rows_for_filters", lang))
    st.stop()


def build_slides() -> list[meeting.Slide]:
    """Each slide one message and one large chart, from the same results the analyst pages show."""
    coming = year + 1
    plan = targets.plan_for(year)
    results = app_cache.plan_targets(db, version, plan, filters)
    slides = [meeting.with_chart(meeting.headline(yearly, year, lang), app_cache.figure(pictures.rate_lines, yearly, None, {}, lang))]
    injury = next((r for r in results if r["indicator"] == "injury_rate" and r.get("years")), None)
    slides.append(meeting.with_chart(meeting.targets(results, plan, lang),
                                     app_cache.figure(charts.target_path, injury, lang) if injury else None))
    level = "county" if chosen else "prefecture"    # one prefecture chosen: its counties
    by_region = app_cache.indicator_table(db, version, (level,), replace(filters, first_year=year, last_year=year))
    if len(by_region.dropna(subset=["injury_rate"])) > 1:
        names = presentation.map_names(options, chosen)
        title = presentation.scoped(presentation.map_title(options, chosen, lang), filters, options, lang, year)
        picture = app_cache.figure(pictures.region_map, by_region, app_cache.boundaries(app_cache.province(db, version), chosen),
                                   names, title, lang, key=level)
        slides.append(meeting.region_map(by_region, picture, names, year, lang, options["prefectures"].get(chosen)))
    ranked = app_cache.industry_ranking(db, version, coming, "division", filters)
    if not ranked.empty:
        names = industries.names("division", lang)
        slide = meeting.key_industries(industries.propose(ranked, names, lang=lang), coming, lang)
        slides.append(meeting.with_chart(slide, app_cache.figure(pictures.ranking_bars, ranked, "division", names,
                                                                 t("slide_industries", lang, year=coming), lang, 10)))
    if not app_cache.model_list(app_cache.models_version()).empty:
        try:
            with st.spinner(t("working_keylist", lang), show_time=True):     # 20 s at 1 M on a cold cache
                entries = keylist.subset(app_cache.key_list(db, version, app_cache.models_version(), coming,
                                                            st.session_state.get("model_id")), filters)
            slide = meeting.key_enterprises(entries, coming, lang, names=who.may("view_enterprises"))
            kinds = ("ranked", "mandatory", "audit")
            counts = entries.kind.value_counts()
            slides.append(meeting.with_chart(slide, app_cache.figure(
                charts.counts_bars, [t(f"kind_{k}", lang) for k in kinds], [float(counts.get(k, 0)) for k in kinds],
                t("slide_enterprises", lang, year=coming), lang)))
        except LookupError:             # no usable model: the other slides still stand
            pass
        except keylist.IncompleteYear:   # a year to date: no list is scored on it here
            pass
    recommendations = app_cache.premium_recommendations(db, version, coming, lang=lang)
    slides.append(meeting.with_chart(meeting.premiums(recommendations, premiums.fund_impact(recommendations), coming, lang),
                                     app_cache.figure(pictures.tier_bars, premiums.tier_distribution(recommendations), lang)))
    coverage = app_cache.training_coverage(db, version, ("year",), filters)
    campaigns, bases, _ = app_cache.prevention_checks(db, version, year, filters.prefecture)
    complete = coverage[coverage.year.between(year - 4, year)]
    slides.append(meeting.with_chart(meeting.prevention_work(coverage, campaigns, bases, year, lang), app_cache.figure(
        charts.counts_bars, [str(y) for y in complete.year], list(complete.coverage), t("coverage", lang), lang, True)))
    return slides


slides = build_slides()
index = min(int(st.session_state.get("slide", 0)), len(slides) - 1)
slide = slides[index]
st.markdown(f'<div class="slide-title">{html.escape(slide.title)}</div>'
            f'<div class="slide-message">{html.escape(slide.message)}</div>',
            unsafe_allow_html=True)
if slide.figures:
    for column, (label, value, change) in zip(st.columns(len(slide.figures)), slide.figures):
        column.metric(label, value, change, delta_color="inverse")
for line in slide.lines[:3] if slide.chart is not None else slide.lines:    # the chart must fit on the screen
    st.markdown(f'<div class="slide-line">· {html.escape(line)}</div>', unsafe_allow_html=True)
if isinstance(slide.chart, str):
    st.image(slide.chart, width=meeting.picture_width(slide.chart))
elif slide.chart is not None:
    st.plotly_chart(slide.chart, width="stretch", key=f"slide_chart_{index}")
st.markdown(f'<div class="slide-line" style="color:#6B7280">'
            f'{html.escape(t("slide_population", lang, population=presentation.population(filters, options, lang), year=year))}'
            f'</div>', unsafe_allow_html=True)

st.divider()
back, position, forward, leave = st.columns([1, 1, 1, 1])
# A presenter's clicker sends PageUp/PageDown: two more buttons, out of sight, take those keys.
st.markdown("<style>.st-key-clicker_back, .st-key-clicker_next {display: none;}</style>", unsafe_allow_html=True)
clicked_back = st.button(t("previous", lang), key="clicker_back", disabled=index == 0, shortcut="PageUp")
clicked_next = st.button(t("next", lang), key="clicker_next", disabled=index == len(slides) - 1, shortcut="PageDown")
if back.button(t("previous", lang), disabled=index == 0, width="stretch", shortcut="Left") or clicked_back:
    st.session_state.slide = index - 1
    st.rerun()
position.markdown(f"<div style='text-align:center;font-size:1.3rem'>{index + 1} / {len(slides)}"
                  f"<br><span style='font-size:0.9rem;color:#6B7280'>{t('slide_keys', lang)}</span></div>",
                  unsafe_allow_html=True)
if forward.button(t("next", lang), disabled=index == len(slides) - 1, type="primary", width="stretch",
                  shortcut="Right") or clicked_next:
    st.session_state.slide = index + 1
    st.rerun()
leave.page_link("pages/overview.py", label=t("exit_meeting", lang), icon=":material/close:")
