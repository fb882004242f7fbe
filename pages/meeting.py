"""联席会议 Meeting mode: one message per screen in large type for a projector; next and previous."""

import datetime as dt
import html

import streamlit as st

from analytics import app_cache, premiums
from analytics.display import meeting, presentation
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
chosen = filters.prefecture[0] if filters.prefecture and len(filters.prefecture) == 1 else None
right.download_button(t("report_download", lang, year=year), lambda: app_cache.annual_report(who, year, chosen, lang),
                      file_name=f"{t('report_file', lang)}_{year}.docx", on_click="ignore",
                      mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

yearly = app_cache.indicator_table(db, version, ("year",), filters)
if year not in set(yearly.year):
    st.info(t("no_rows_for_filters", lang))
    st.stop()


def build_slides() -> list[meeting.Slide]:
    coming = year + 1
    plan = targets.plan_for(year)
    slides = [meeting.headline(yearly, year, lang),
              meeting.targets(app_cache.plan_targets(db, version, plan, filters), plan, lang)]
    ranked = app_cache.industry_ranking(db, version, coming, "division", filters)
    if not ranked.empty:
        slides.append(meeting.key_industries(industries.propose(ranked, industries.names("division", lang), lang=lang), coming, lang))
    if not app_cache.model_list(app_cache.models_version()).empty:
        try:
            entries = app_cache.key_list(db, version, app_cache.models_version(), coming,
                                         st.session_state.get("model_id"), 100, 20)
            slides.append(meeting.key_enterprises(keylist.subset(entries, filters), coming, lang,
                                                  names=who.may("view_enterprises")))
        except LookupError:             # no usable model: the other slides still stand
            pass
        except keylist.IncompleteYear:   # a year to date: no list is scored on it here
            pass
    recommendations = app_cache.premium_recommendations(db, version, coming, lang=lang)
    slides.append(meeting.premiums(recommendations, premiums.fund_impact(recommendations), coming, lang))
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
for line in slide.lines:
    st.markdown(f'<div class="slide-line">· {html.escape(line)}</div>', unsafe_allow_html=True)

st.divider()
back, position, forward, leave = st.columns([1, 1, 1, 1])
if back.button(t("previous", lang), disabled=index == 0, width="stretch"):
    st.session_state.slide = index - 1
    st.rerun()
position.markdown(f"<div style='text-align:center;font-size:1.3rem'>{index + 1} / {len(slides)}</div>",
                  unsafe_allow_html=True)
if forward.button(t("next", lang), disabled=index == len(slides) - 1, type="primary", width="stretch"):
    st.session_state.slide = index + 1
    st.rerun()
leave.page_link("pages/overview.py", label=t("exit_meeting", lang), icon=":material/close:")
