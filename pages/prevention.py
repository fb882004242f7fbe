"""预防工作 Prevention work: training coverage, projects, expert draws, campaigns and bases, hazard follow-up."""

import streamlit as st

from analytics import app_cache
from analytics.display import pictures, presentation, static_table
from analytics.labels import t
from analytics.measures import experts, prevention, projects

lang, year, filters, db, version, options, who = app_cache.view("prevention")
st.title(t("page_prevention", lang))
if not options["years"] or year is None:
    st.info(t("empty_warehouse", lang))
    st.stop()
population = presentation.population(filters, options, lang)
training_tab, project_tab, expert_tab, campaign_tab, followup_tab = st.tabs(
    [t(f"tab_{name}", lang) for name in ("training", "projects", "experts", "campaigns", "followup")])

with training_tab:
    st.subheader(t("training_section", lang))
    st.caption(t("prevention_caption", lang, population=population, year=year))
    by_year = app_cache.training_coverage(db, version, ("year",), filters)
    this_year = by_year[by_year.year == year]
    if this_year.empty:
        st.info(t("no_rows_for_filters", lang))
    else:
        left, middle, right = st.columns(3)
        row = this_year.iloc[0]
        left.metric(t("coverage", lang), f"{row.coverage:.1%}")
        middle.metric(t("trained", lang), f"{row.trained:,}")
        right.metric(t("headcount", lang), f"{row.headcount:,}")
        st.markdown(f"**{t('coverage_by_role', lang)}**")
        by_role = app_cache.training_coverage(db, version, ("role",), filters, year)
        st.html(static_table.to_html(presentation.coverage_table(by_role, "role", presentation.role_names(lang), lang)))
        st.markdown(f"**{t('coverage_by_prefecture', lang)}**")
        by_place = app_cache.training_coverage(db, version, ("prefecture",), filters, year)
        st.html(static_table.to_html(presentation.coverage_table(by_place, "prefecture", options["prefectures"], lang)))

status = app_cache.project_status(db, version, year, filters.prefecture)
names = dict(zip(status.project_no, status.project_no + " " + status.name))      # for both pickers below
with project_tab:
    st.subheader(t("project_section", lang))
    rules = projects.load_rules()
    st.caption(t("project_caption", lang, year=year, as_of=options["as_of"], start_days=rules.start_within_days))
    if status.empty:
        st.info(t("no_projects", lang, year=year))
    else:
        left, middle, right = st.columns(3)
        left.metric(t("project_metrics_budget", lang), f"{status.budget.sum() / 1e4:,.1f}")
        middle.metric(t("project_metrics_paid", lang), f"{status.paid.sum() / 1e4:,.1f}")
        right.metric(t("project_metrics_overdue", lang), f"{int((status.overdue.map(len) > 0).sum())} / {len(status)}")
        st.dataframe(presentation.project_table(status, options, lang), hide_index=True, width="stretch")
        chosen = st.selectbox(t("choose_project", lang), list(names), format_func=names.get, key="project")
        st.markdown(f"**{t('project_trail', lang)}**")
        st.html(static_table.to_html(presentation.trail_table(app_cache.project_trail(db, version, chosen), lang)))

with expert_tab:
    st.subheader(t("expert_section", lang))
    if status.empty:
        st.info(t("no_projects", lang, year=year))
    else:
        project = st.selectbox(t("choose_project", lang), list(names), format_func=names.get, key="draw_project")
        active, eligible = app_cache.expert_pool(db, version, project)
        st.caption(t("expert_caption", lang, active=active, eligible=eligible, years=experts.term_years()))
        if who.may("draw_experts"):
            with st.form("draw"):
                size = st.number_input(t("draw_size", lang), min_value=1, max_value=51, value=5, step=2)
                if st.form_submit_button(t("draw_button", lang)):
                    try:
                        made = app_cache.draw_experts(who, project, int(size), lang)
                        st.success(t("draw_done", lang, id=made.id, pool=made.pool_size, result="、".join(made.result),
                                     seed=made.seed))
                    except experts.DrawRefused as refused:
                        st.error(str(refused))
        log = app_cache.expert_draws()
        if not log.empty:
            st.markdown(f"**{t('draw_log', lang)}**")
            st.dataframe(presentation.draw_table(log, lang), hide_index=True, width="stretch")
            left, right = st.columns([3, 1])
            picked = left.selectbox(t("draw_id", lang), log.id.tolist(), key="verify_draw")
            if right.button(t("verify_button", lang)):
                check = app_cache.verify_draw(int(picked), lang)
                message = presentation.draw_verdict(check, lang)
                (st.success if check.confirmed else st.error)(message)

campaigns, bases, courses = app_cache.prevention_checks(db, version, year, filters.prefecture)
with campaign_tab:
    st.subheader(t("campaign_section", lang))
    gaps = campaigns[campaigns.short]
    if gaps.empty:
        st.success(t("campaign_ok", lang, year=year))
    else:
        st.warning(t("campaign_gaps", lang, year=year, groups="、".join(gaps["name_en" if lang == "en" else "name_zh"])))
    st.html(static_table.to_html(presentation.campaign_table(campaigns, lang)))

    st.subheader(t("base_section", lang))
    missing = bases[bases.missing]
    st.warning(t("base_gaps", lang, year=year, prefectures=int((missing.level == "prefecture").sum()),
                 counties=int((missing.level == "county").sum())))
    left, right = st.columns([2, 3])
    left.image(app_cache.figure(pictures.region_map, prevention.county_share(bases),
                                app_cache.boundaries(app_cache.province(db, version)),
                                options["prefectures"], t("base_map", lang, year=year), lang,
                                column="county_base_share", fmt="{:.0%}", colours="Greens"), width="stretch")
    right.dataframe(presentation.base_table(missing, options["prefectures"], lang), hide_index=True, width="stretch")

    st.subheader(t("course_section", lang))
    if courses.empty:
        st.success(t("course_ok", lang, year=year))
    else:
        st.warning(t("course_gaps", lang, year=year, n=len(courses)))
        st.dataframe(presentation.course_table(courses, lang), hide_index=True, width="stretch")

with followup_tab:
    st.subheader(t("followup_section", lang))
    as_of, due, sent, escalated = app_cache.hazard_followup(db, version, app_cache.access_version(), filters.prefecture)
    st.caption(t("followup_caption", lang, as_of=as_of, enterprises=len(due), letters=sent, escalated=len(escalated)))
    names = who.may("view_enterprises")
    st.markdown(f"**{t('overdue_major_title', lang)}**")
    st.dataframe(presentation.overdue_table(due, options, lang, names=names), hide_index=True, width="stretch")
    if who.may("export_named") and not due.empty:
        st.download_button(t("download_overdue_letters", lang, n=len(due)),
                           lambda: app_cache.overdue_letters(who, filters.prefecture, lang),
                           file_name=f"{t('letter_file', lang)}_{as_of:%Y%m%d}.zip", mime="application/zip",
                           on_click="ignore")
    if not escalated.empty:
        st.markdown(f"**{t('escalation_by_department', lang)}**")
        st.html(static_table.to_html(presentation.escalation_summary(escalated, lang)))
        if names:
            st.dataframe(presentation.escalation_table(escalated, lang), hide_index=True, width="stretch")
