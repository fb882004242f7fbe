"""Shape package results into labelled tables for display (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from analytics.data.feeds import feed_label
from analytics import labels
from analytics.labels import LABELS, t, year_label
from analytics.targeting.lists import SIZE_BANDS



def plain_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as 2025-06-10 (a date is never shown with 00:00:00), times to the minute."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            values = out[column]
            midnight = values.dropna().eq(values.dropna().dt.normalize()).all()
            out[column] = values.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M").where(values.notna(), "")
    return out


MONEY = {"benefits_paid", "premium_paid", "payroll", "payroll_last", "benefits", "income_current",
         "income_recommended", "expected_payouts", "change", "budget", "paid", "amount"}     # 元


def text_table(frame: pd.DataFrame, lang: str = "zh") -> str:
    """A frame as a terminal table: headers in ``lang``, counts as integers with separators,
    money with separators and its unit, other numbers to three decimals; never 6963.0 or 7.69e+08."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        numbers = values.astype(float)
        if column == "year" or str(column).endswith("_year"):
            out[column] = [f"{v:.0f}" if pd.notna(v) else "—" for v in numbers]
        elif column in MONEY:
            out[column] = [f"{v:,.0f} {t('yuan', lang)}" if pd.notna(v) else "—" for v in numbers]
        elif numbers.dropna().mod(1).eq(0).all():
            out[column] = [f"{v:,.0f}" if pd.notna(v) else "—" for v in numbers]
        else:
            out[column] = [f"{v:,.3f}" if pd.notna(v) else "—" for v in numbers]
    return out.rename(columns=lambda c: labels.column(str(c), lang)).to_string(index=False)


def stage_label(stage: str, lang: str = "zh") -> str:
    zh, en = labels.IMPORT_STAGES[stage]
    return en if lang == "en" else zh


def uploader_style(lang: str, max_mb: int, types: list[str]) -> str:
    """CSS that puts the file uploader's own words (Streamlit draws them in English only) in
    Chinese; empty in English. Targets the uploader's test ids, which Streamlit keeps stable."""
    if lang == "en":
        return ""
    size = f"{max_mb // 1024} GB" if max_mb % 1024 == 0 else f"{max_mb} MB"
    words = {'[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p': t("upload_button"),
             '[data-testid="stFileUploaderDropzoneInstructions"] span':
                 t("upload_limits", size=size, types="、".join(x.upper() for x in types))}
    return "<style>" + "".join(f'{where} {{font-size: 0}} {where}::after {{content: "{text}"; font-size: 0.875rem}}'
                               for where, text in words.items()) + "</style>"


def counts_table(counts: pd.DataFrame, through, lang: str = "zh") -> pd.DataFrame:
    """Feeds as rows, years as columns; the partial current year is marked year-to-date."""
    if counts.empty:
        return pd.DataFrame()
    table = counts.pivot_table(index="feed", columns="year", values="n", aggfunc="sum", fill_value=0)
    ytd = through.year if through is not None else None
    table.columns = [year_label(y, y == ytd, lang) for y in table.columns]
    table[t("total", lang)] = table.sum(axis=1)
    table.index = [feed_label(f, lang) for f in table.index]
    table.index.name = t("feed", lang)
    return table


def import_log_table(log: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    columns = {"feed": "feed", "file_name": "file_name", "status": "status", "rows_read": "rows_read",
               "inserted": "inserted", "updated": "updated", "unchanged": "unchanged", "rejected": "rejected_rows",
               "started_at": "started_at", "imported_by": "imported_by", "checksum": "checksum"}
    out = log[list(columns)].copy()
    out["feed"] = out.feed.map(lambda f: feed_label(f, lang))
    out["status"] = out.status.map(lambda s: t(f"status_{s}", lang))
    out["checksum"] = out.checksum.str[:12]
    return plain_dates(out).rename(columns={k: t(v, lang) for k, v in columns.items()})


def access_log_table(log: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Who did what and when, newest first, headed in ``lang``."""
    columns = ["logged_at", "username", "role", "action", "object", "detail"]
    out = log[columns].assign(action=log.action.map(lambda a: t(f"action_{a}", lang) if f"action_{a}" in LABELS else a),
                              role=log.role.map(lambda r: t(f"role_{r}", lang)))
    return plain_dates(out).rename(columns={c: t(f"log_{c}", lang) for c in columns})


def role_names(lang: str = "zh") -> dict[str, str]:
    """Key-position roles in words (企业负责人 …)."""
    from analytics.data import reference

    roles = reference.training_roles()
    return dict(zip(roles.code, roles.name_en if lang == "en" else roles.name_zh))


def coverage_table(frame: pd.DataFrame, column: str, names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    """Training coverage by ``column`` with names, persons and headcount, coverage in per cent."""
    out = pd.DataFrame({
        column: frame[column].map(lambda v: names.get(v, v)), "trained": frame.trained.map("{:,}".format),
        "headcount": frame.headcount.map("{:,}".format), "coverage": frame.coverage.map(lambda c: f"{c:.1%}"),
    })
    label = {"role": "role", "prefecture": "dim_prefecture"}.get(column, column)
    return out.rename(columns={column: t(label, lang), **{c: t(c, lang) for c in ("trained", "headcount", "coverage")}})


def campaign_table(campaigns: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    out = pd.DataFrame({"name": campaigns["name_en" if lang == "en" else "name_zh"],
                        "campaigns": campaigns.campaigns, "prefectures": campaigns.prefectures,
                        "reach": campaigns.reach.map("{:,.0f}".format),
                        "short": campaigns.short.map(lambda v: "⚠" if v else "")})
    return out.rename(columns={"name": t("dim_key_group", lang), **{c: t(c, lang) for c in list(out.columns)[1:]}})


def base_table(missing: pd.DataFrame, prefectures: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    out = pd.DataFrame({"level": missing.level.map(lambda v: t(f"level_{v}", lang)), "name": missing.name_zh,
                        "prefecture": missing.prefecture_code.map(lambda c: prefectures.get(c, c)),
                        "region_code": missing.region_code})
    return out.rename(columns={"level": t("level", lang), "name": t("name", lang),
                               "prefecture": t("dim_prefecture", lang), "region_code": t("region_code", lang)})


def course_table(courses: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    columns = ["school", "course", "class_hours", "students", "record_no"]
    return courses[columns].rename(columns={c: t(c, lang) for c in columns})


def _stages(values: pd.Series | list, lang: str) -> str:
    return "、".join(t("project_completed", lang) if v == "completed" else labels.pair(labels.PROJECT_STAGES[v], lang)
                    for v in values)


def project_table(projects: pd.DataFrame, options: dict, lang: str = "zh") -> pd.DataFrame:
    """Projects with names beside codes, amounts in 元 without decimals, stages in words."""
    places = {**options["prefectures"], **{k: v[0] for k, v in options["counties"].items()}}
    groups = group_names(options, lang)
    out = pd.DataFrame({
        "project_no": projects.project_no,
        "dim_prefecture": projects.region_code.map(lambda c: places.get(c, c)),
        "dim_key_group": projects.key_group.map(lambda g: groups.get(g, "") if isinstance(g, str) else ""),
        "stage": projects.stage.map(lambda v: _stages([v], lang)),
        "overdue": projects.overdue.map(lambda v: _stages(v, lang)),
        "skipped": projects.skipped.map(lambda v: _stages(v, lang)),
        "budget": projects.budget.map("{:,.0f}".format), "paid": projects.paid.map("{:,.0f}".format),
        "paid_share": projects.paid_share.map("{:.0%}".format),
        "served": projects.served, "due_date": pd.to_datetime(projects.due_date).dt.strftime("%Y-%m-%d"),
        "implementer": projects.implementer, "project_name": projects.name,
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def trail_table(trail: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A project's events: date, stage, amount and kind of a payment, note."""
    out = pd.DataFrame({
        "event_date": pd.to_datetime(trail.date).dt.strftime("%Y-%m-%d"),
        "event_stage": trail.stage.map(lambda v: _stages([v], lang)),
        "amount": trail.amount.map(lambda v: f"{v:,.2f}" if pd.notna(v) else ""),
        "payment_kind": trail.payment_kind.map(lambda v: labels.pair(labels.PAYMENT_KINDS[v], lang) if isinstance(v, str) else ""),
        "note": trail.note.fillna(""), "event_no": trail.event_no,
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def draw_table(draws: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The expert-draw log: who drew what for which project, with the seed and the pool's size and hash."""
    out = pd.DataFrame({
        "draw_id": draws.id, "drawn_at": pd.to_datetime(draws.drawn_at).dt.strftime("%Y-%m-%d %H:%M"),
        "username": draws.username, "project_no": draws.project_no, "panel_size": draws["size"],
        "specialty": draws.specialty.fillna(t("any_specialty", lang)), "pool_size": draws.pool_size,
        "result": draws.result.str.replace(",", "、"), "seed": draws.seed.astype(str),
        "pool_hash": draws.pool_hash.str[:12],
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def draw_verdict(check, lang: str = "zh") -> str:
    """What replaying a draw found (an ``experts.Verification``), in a sentence."""
    if check.confirmed:
        return t("draw_confirmed", lang, id=check.draw.id)
    if not check.same_pool:
        return t("draw_pool_changed", lang, id=check.draw.id, then=check.draw.pool_size, now=check.pool_size)
    return t("draw_mismatch", lang, id=check.draw.id, result="、".join(check.result))


def escalation_table(escalated: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Each hazard still overdue after a letter, with its employer (for accounts that may see names)."""
    out = pd.DataFrame({
        "department": escalated.department.fillna("—"), "enterprise_name": escalated.name, "hazard_no": escalated.hazard_no,
        "level": escalated.level.map(lambda v: labels.pair(labels.HAZARD_LEVELS.get(v, (v, v)), lang)),
        "category": escalated.category.fillna(""),
        "deadline": pd.to_datetime(escalated.deadline).dt.strftime("%Y-%m-%d"),
        "first_letter": pd.to_datetime(escalated.first_letter).dt.strftime("%Y-%m-%d"),
        "days_overdue": escalated.days_overdue,
    })
    return out.rename(columns={c: t("hazard_grade" if c == "level" else c, lang) for c in out.columns})


def overdue_table(due: pd.DataFrame, options: dict, lang: str = "zh", names: bool = True) -> pd.DataFrame:
    """Employers with an overdue 重大隐患 (``names``), or for accounts that may not see names, how many per prefecture."""
    counties = options["counties"]
    prefecture = due.region_code.map(lambda c: options["prefectures"].get(counties.get(c, (None, c))[1], ""))
    if not names:
        out = (pd.DataFrame({"dim_prefecture": prefecture, "hazards": due.hazards}).groupby("dim_prefecture")
               .agg(enterprises=("hazards", "size"), overdue_hazards=("hazards", "sum")).reset_index()
               .sort_values("enterprises", ascending=False))
        return out.rename(columns={"dim_prefecture": t("dim_prefecture", lang), "enterprises": t("overdue_major_title", lang),
                                   "overdue_hazards": t("overdue_hazards", lang)})
    out = pd.DataFrame({"enterprise_name": due.name, "uscc": due.uscc, "dim_prefecture": prefecture,
                        "level_county": due.region_code.map(lambda c: counties.get(c, ("", ""))[0]),
                        "industry_code": due.industry_code,
                        "dim_division": due.industry_code.str[:2].map(
                            lambda d: labels.pair(options["divisions"].get(d, (d, d)), lang)),
                        "overdue_hazards": due.hazards})
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def escalation_summary(escalated: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Hazards still overdue after a letter, per finding department: how many, how many major, the longest overdue."""
    grouped = escalated.groupby("department", dropna=False).agg(
        hazards_open=("hazard_no", "size"), major=("level", lambda v: int((v == "major").sum())),
        days_overdue=("days_overdue", "max")).reset_index().sort_values("hazards_open", ascending=False)
    grouped["department"] = grouped.department.fillna("—")
    return grouped.rename(columns={"department": t("department", lang), "hazards_open": t("hazards_open", lang),
                                   "major": t("major_hazards", lang), "days_overdue": t("max_days_overdue", lang)})


def group_names(options: dict, lang: str = "zh") -> dict[str, str]:
    names = {k: (v[1] if lang == "en" else v[0]) for k, v in options["key_groups"].items()}
    names["other"] = t("other_industries", lang)
    return names


def drilled_prefecture(filters) -> str | None:
    """The one prefecture the filters choose, whose counties a map then draws; None for the province."""
    return filters.prefecture[0] if filters.prefecture and len(filters.prefecture) == 1 else None


def map_names(options: dict, prefecture: str | None) -> dict[str, str]:
    """Names for the map's regions: the prefectures, or the chosen prefecture's counties."""
    if prefecture is None:
        return options["prefectures"]
    return {code: name for code, (name, parent) in options["counties"].items() if parent == prefecture}


def population(filters, options: dict, lang: str = "zh") -> str:
    """Who a figure counts, in words: 全省, or the chosen prefecture, county, key industry and division."""
    parts = []
    for name, table in (("prefecture", options["prefectures"]), ("county", {k: v[0] for k, v in options["counties"].items()}),
                        ("key_group", {k: v[1 if lang == "en" else 0] for k, v in options["key_groups"].items()}),
                        ("division", {k: f"{k} {v[1 if lang == 'en' else 0]}" for k, v in options["divisions"].items()})):
        parts += [table.get(code, code) for code in getattr(filters, name) or ()]
    return " · ".join(parts) if parts else t("whole_province", lang)


def map_title(options: dict, prefecture: str | None, lang: str = "zh") -> str:
    """The map's title: by prefecture, or by county of the one chosen."""
    if prefecture is None:
        return t("map_title", lang)
    return t("map_title_counties", lang, prefecture=options["prefectures"].get(prefecture, prefecture))


def scoped(title: str, filters, options: dict, lang: str, first: int, last: int | None = None) -> str:
    """A chart title with a second line saying whom and which years it counts: "全省 · 2021–2025 年"."""
    years = str(first) if last is None or last == first else f"{first}–{last}"
    return f"{title}\n{t('scope_line', lang, population=population(filters, options, lang), years=years)}"


def overview_caption(ytd_year, fraction: float, lang: str = "zh") -> str:
    import datetime as dt

    if ytd_year is None or fraction >= 1:
        return ""
    asof = (dt.date(ytd_year, 1, 1) + dt.timedelta(days=round(fraction * 365) - 1)).isoformat()
    return t("overview_caption", lang, ytd=ytd_year, asof=asof)


def headline(yearly: pd.DataFrame, year: int, lang: str = "zh") -> list[tuple[str, str, str | None]]:
    """(label key, value, change against last year) for the metric row of the overview."""
    rows = yearly.set_index("year")
    now = rows.loc[year] if year in rows.index else None
    before = rows.loc[year - 1] if year - 1 in rows.index else None
    if now is None:
        return []

    def change(col, pct=True):
        if before is None or not before[col]:
            return None
        if pct:
            return f"{now[col] / before[col] - 1:+.1%} {t('vs_last_year', lang)}"
        return f"{now[col] - before[col]:+,.0f} {t('vs_last_year', lang)}"

    # A year-to-date year is not compared: recognitions lag, so its figures are still incomplete.
    ytd = bool(now.ytd)
    return [
        ("injuries", f"{now.injuries:,.0f}", None if ytd else change("injuries", pct=False)),
        ("injury_rate", f"{now.injury_rate:.2f}", None if ytd else change("injury_rate")),
        ("deaths", f"{now.deaths:,.0f}", None if ytd else change("deaths", pct=False)),
        ("death_rate", f"{now.death_rate:.3f}", None if ytd else change("death_rate")),
        ("pneumoconiosis", f"{now.pneumoconiosis:,.0f}", None if ytd else change("pneumoconiosis", pct=False)),
    ]


def targets_table(results: list[dict], lang: str = "zh") -> pd.DataFrame:
    from analytics.measures.targets import summary_table

    table = summary_table(results, lang)
    if table.empty:
        return table
    table["projected_interval"] = [f"{lo:.2f} – {hi:.2f}" if pd.notna(lo) else "" for lo, hi in
                                   zip(table.projected_low, table.projected_high)]
    table["probability_met"] = table.probability_met.map(lambda p: f"{p:.0%}" if pd.notna(p) else "")
    keep = ["target", "base_rate", "latest_rate", "target_rate", "projected", "projected_interval",
            "probability_met", "verdict"]
    out = table[keep].map(lambda v: f"{v:.2f}" if isinstance(v, float) else v).astype(object)
    share = table.indicator.eq("training_coverage")          # a coverage reads as a share
    for column in ("base_rate", "latest_rate", "target_rate", "projected"):
        out.loc[share, column] = table.loc[share, column].map(lambda v: f"{v:.1%}" if pd.notna(v) else "—")
    out = out.where(table[keep].notna(), "—")
    headers = {"target": t("target_col", lang), **{k: t(k, lang) for k in keep[1:]}}
    for column, years, label in (("base_rate", table.base_year, "base_year_col"),
                                 ("latest_rate", table.latest_year, "latest_year_col"),
                                 ("target_rate", table.target_year, "target_year_col"),
                                 ("projected", table.target_year, "projected_year_col")):
        if years.notna().all() and years.nunique() == 1:    # one plan: the years go in the header
            headers[column] = t(label, lang, year=int(years.iloc[0]))
    return out.rename(columns=headers)


def responsibility_tables(frame: pd.DataFrame, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """目标责任考核 per target: every place in a row with base, latest, target, projection and verdict,
    the years in the headers; worst verdicts first."""
    order = {"missed": 0, "off_track": 1, "on_track": 2, "met": 3, "no_data": 4}
    tables = {}
    for _, part in frame.groupby("target", sort=False):
        first = part.iloc[0]
        share = first.indicator == "training_coverage"
        number = (lambda v: f"{v:.1%}" if pd.notna(v) else "—") if share else (lambda v: f"{v:.2f}" if pd.notna(v) else "—")
        part = part.assign(rank=part.verdict.map(order)).sort_values(["rank", "region_code"])
        latest = int(part.latest_year.max()) if part.latest_year.notna().any() else ""
        table = pd.DataFrame({
            t("region_col", lang): part.region,
            t("base_year_col", lang, year=int(first.base_year)): part.base_rate.map(number),
            t("latest_year_col", lang, year=latest): part.latest_rate.map(number),
            t("target_year_col", lang, year=int(first.target_year)): part.target_rate.map(number),
            t("projected_year_col", lang, year=int(first.target_year)): part.projected.map(number),
            t("verdict", lang): part.verdict.map(lambda v: labels.pair(labels.VERDICTS[v], lang)),
        })
        tables[first.name_en if lang == "en" else first.name_zh] = table
    return tables


def export_frame(frame: pd.DataFrame, options: dict, lang: str = "zh") -> pd.DataFrame:
    """A package table for a workbook: the name beside each code (prefecture, county, key industry,
    division), a year to date marked, headers in ``lang``."""
    out = frame.copy()
    names = {"prefecture": options["prefectures"], "county": {k: v[0] for k, v in options["counties"].items()},
             "key_group": group_names(options, lang),
             "division": {k: labels.pair(v, lang) for k, v in options["divisions"].items()}}
    for column, table in names.items():
        if column in out:
            out.insert(out.columns.get_loc(column) + 1, f"{column}_name", out[column].map(lambda c, m=table: m.get(c, c)))
    if "ytd" in out and "year" in out:
        out["year"] = [year_label(y, ytd, lang) for y, ytd in zip(out.year, out.ytd)]
        out = out.drop(columns="ytd")
    money = [c for c in out.columns if c in MONEY]
    out[money] = out[money].round(0)
    rates = [c for c in out.columns if pd.api.types.is_float_dtype(out[c]) and c not in money]
    out[rates] = out[rates].round(3)
    headers = {**{f"{c}_name": t(f"dim_{c}", lang) for c in names},
               **{c: f"{t(f'dim_{c}', lang)}（{t('code', lang)}）" for c in names},
               **{c: f"{_header(c, lang)}（{t('yuan', lang)}）" for c in money}}
    return out.rename(columns=lambda c: headers.get(c) or _header(c, lang))


def _header(column: str, lang: str) -> str:
    try:
        return labels.column(column, lang)
    except KeyError:
        return column


def deadline_line(today, generated, lang: str = "zh") -> str:
    """Days to the 20 December submission and whether this year's report has been generated."""
    from analytics.display.report import days_to_deadline

    due, days = days_to_deadline(today)
    deadline = t("report_deadline", lang, due=due, days=days) if days >= 0 else \
        t("report_deadline_passed", lang, due=due, days=-days)
    status = t("report_generated", lang, when=f"{generated[0]:%Y-%m-%d %H:%M}", who=generated[1]) if generated \
        else t("report_not_generated", lang)
    return f"{deadline}{status}" if lang != "en" else f"{deadline} {status}"


def cases_table(cases: pd.DataFrame, options: dict, lang: str = "zh", names: bool = True) -> pd.DataFrame:
    """Typical cases with place and industry in words; the employer only for accounts that may see names."""
    groups = group_names(options, lang)
    out = pd.DataFrame({
        "case_date": pd.to_datetime(cases.date).dt.strftime("%Y-%m-%d"),
        "case_place": cases.prefecture_code.map(lambda c: options["prefectures"].get(c, c)),
        "dim_key_group": cases.key_group.map(lambda g: groups.get(g, g)),
        "case_type": cases.type_en if lang == "en" else cases.type_zh,
        "case_level": cases.level.map(lambda v: labels.pair(labels.ACCIDENT_LEVELS[v], lang)),
        "case_casualties": [t("casualties_text", lang, deaths=int(d), serious=int(s), minor=int(m))
                            for d, s, m in zip(cases.deaths, cases.serious_injuries, cases.minor_injuries)],
        "case_recurring": cases.same_type_in_industry,
        "lesson": cases.lesson_en if lang == "en" else cases.lesson,
    })
    if names:
        out.insert(2, "enterprise_name", cases.name)
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def indicator_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    cols = ["year", "injuries", "deaths", "insured", "injury_rate", "death_rate", "pneumoconiosis"]
    out = frame[cols].copy()
    out["year"] = [year_label(y, ytd, lang) for y, ytd in zip(frame.year, frame.ytd)]
    out[["injury_rate", "death_rate"]] = out[["injury_rate", "death_rate"]].round(3)
    return out.rename(columns={c: t(c, lang) for c in cols})


def region_year_table(frame: pd.DataFrame, column: str, names: dict[str, str], value: str, row_label: str,
                      lang: str = "zh") -> pd.DataFrame:
    """``value`` (a rate or a count) with regions as rows and years as columns, the partial year
    marked year to date: the prefectures over time in one screen."""
    years = frame[["year", "ytd"]].drop_duplicates().sort_values("year")
    labels = {y: year_label(y, ytd, lang) for y, ytd in zip(years.year, years.ytd)}
    table = frame.pivot_table(index=column, columns="year", values=value, aggfunc="sum")
    table = table.round(2) if value.endswith("_rate") else table.astype("Int64")
    table.columns = [labels[y] for y in table.columns]
    table.index = [names.get(k, k) for k in table.index]
    table.index.name = row_label
    return table


def fund_table(impact: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Fund impact by risk class as display text: money in 万元 (10k yuan), the ratio in per cent."""
    out = pd.DataFrame(index=[t("total", lang) if i == "total" else f"{t('risk_class', lang)} {i}" for i in impact.index])
    out["employers"] = [f"{v:,.0f}" for v in impact.employers]
    for column in ("income_current", "income_recommended", "expected_payouts"):
        out[column] = [f"{v / 1e4:,.1f}" for v in impact[column]]
    out["change"] = [f"{v / 1e4:+,.1f}" for v in impact.change]
    out["payout_ratio_recommended"] = [f"{v:.1%}" if pd.notna(v) else "—" for v in impact.payout_ratio_recommended]
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def whatif_table(current: pd.DataFrame, changed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The rules file's recommendations and the what-if's side by side: employers per tier, premium
    income and the payout ratio, with the difference."""
    from analytics.premiums import fund_impact

    def column(rec: pd.DataFrame) -> dict:
        tiers = rec.recommended_tier.value_counts()
        total = fund_impact(rec).loc["total"]
        return {**{f"{t('employers', lang)} · {tier:g}%": float(tiers.get(tier, 0)) for tier in all_tiers},
                t("income_recommended", lang): total.income_recommended / 1e4,
                t("payout_ratio_recommended", lang): total.payout_ratio_recommended}

    all_tiers = sorted(set(current.recommended_tier) | set(changed.recommended_tier))
    before, after = column(current), column(changed)
    ratio = t("payout_ratio_recommended", lang)
    fmt = lambda key, v: f"{v:.1%}" if key == ratio else f"{v:,.1f}" if "万元" in key or "10k" in key else f"{v:,.0f}"  # noqa: E731
    diff = lambda key: (f"{after[key] - before[key]:+.1%}" if key == ratio else  # noqa: E731
                        f"{after[key] - before[key]:+,.1f}" if "万元" in key or "10k" in key else f"{after[key] - before[key]:+,.0f}")
    return pd.DataFrame({t("whatif_current", lang): [fmt(k, v) for k, v in before.items()],
                         t("whatif_changed", lang): [fmt(k, after[k]) for k in before],
                         t("difference", lang): [diff(k) for k in before]}, index=list(before))


def tier_table(distribution: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Employers per recommended tier by risk class, headed in ``lang`` (tiers in per cent)."""
    out = distribution.rename(columns=lambda tier: f"{tier}%", index=lambda i: f"{t('risk_class', lang)} {i}")
    return out.rename_axis(index=None, columns=t("tier", lang))


def ranking_table(ranked: pd.DataFrame, column: str, names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    out = ranked.assign(name=ranked[column].map(names).fillna(ranked[column]),
                        trend=ranked.trend.map(lambda v: f"{v:+.1%}" if pd.notna(v) else "—"),
                        burden_share=ranked.burden_share.map("{:.1%}".format))
    cols = ["rank_rate", "name", "injuries", "raw_rate", "smoothed_rate", "expected_next", "burden_share", "trend"]
    out = out[cols].round({"raw_rate": 2, "smoothed_rate": 2, "expected_next": 0})
    return out.rename(columns={c: t(c, lang) for c in cols})


def proposal_lines(proposed: pd.DataFrame) -> list[str]:
    """One Markdown bullet per proposed key industry: its name in bold, then its reason."""
    return [f"- **{row.name}** — {row.reason}" for row in proposed.itertuples()]


def keylist_table(entries: pd.DataFrame, industry_names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    out = entries.assign(
        kind=entries.kind.map(lambda k: t(f"kind_{k}", lang)),
        industry=entries.industry_code.map(industry_names).fillna(entries.industry_code),
        interval=[f"{lo:.0f} – {hi:.0f}" for lo, hi in zip(entries.low, entries.high)],
        expected=entries.expected.round(1))
    if lang == "en":
        out = out.assign(mandatory_reason=entries.mandatory_reason_en, reasons=entries.reasons_en)
    out = out.assign(p_serious=entries.p_serious.map(lambda p: f"{p:.1%}" if pd.notna(p) else "—"))
    cols = ["kind", "rank", "name", "uscc", "industry", "insured", "expected", "interval", "p_serious",
            "mandatory_reason", "reasons"]
    return out[cols].rename(columns={c: t(c, lang) for c in cols})


def side_list_table(entries: pd.DataFrame, which: str, industry_names: dict[str, str], prefectures: dict[str, str],
                    lang: str = "zh") -> pd.DataFrame:
    """A list beside the key list: who, where, the list's score and the reason in ``lang``."""
    score = {"rising": "score_rising", "underreporting": "score_underreporting", "excess": "score_excess",
             "audit": "expected"}[which]
    out = pd.DataFrame({
        "name": entries.name, "uscc": entries.uscc,
        "dim_prefecture": entries.prefecture.map(lambda c: prefectures.get(c, c)),
        "industry": entries.industry_code.map(industry_names).fillna(entries.industry_code),
        "insured": entries.insured.map("{:,.0f}".format),
        score: entries.score.round(2 if which != "rising" else 3).map(
            (lambda v: f"{v:+.0%}") if which == "rising" else (lambda v: f"{v:.2f}")),
        "reasons": entries.reasons_en if lang == "en" else entries.reasons,
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def audit_hit_table(hits: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Recorded audit samples against everyone: the share with a recognised injury, by year."""
    out = pd.DataFrame({"year": hits.year.astype(int), "sampled": hits.sampled,
                        "audit_hit_rate": hits.audit_hit_rate.map("{:.1%}".format),
                        "all_hit_rate": hits.all_hit_rate.map("{:.1%}".format)})
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def entry_reasons(entry: pd.Series, lang: str = "zh") -> tuple[str, str]:
    """A key-list entry's reasons and mandatory triggers in ``lang``."""
    suffix = "_en" if lang == "en" else ""
    return entry[f"reasons{suffix}"], entry[f"mandatory_reason{suffix}"]


def capture_table(summary: pd.DataFrame, names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    """Backtest capture shares as percentages, rankers named, for the model page."""
    return summary.rename(index=names).map(lambda v: f"{v:.1%}" if pd.notna(v) else "—").rename_axis(t("ranker", lang))


def model_label(meta: dict, lang: str = "zh") -> str:
    """A model as people name it: its kind in words and the day it was registered (``attrs`` of a key list)."""
    name = ranker_names(lang).get(meta["model_name"], meta["model_name"])
    day = str(meta.get("model_created", ""))[:16].replace("T", " ")
    return t("model_label", lang, name=name, day=day) if day else name


def model_table(listed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    def mean_capture(metrics: dict):
        values = [m.get("injuries_top10") for m in metrics.values() if m.get("injuries_top10") is not None]
        return f"{sum(values) / len(values):.1%}" if values else "—"

    def trained_on(source) -> str:
        if not isinstance(source, dict) or not source:
            return t("unknown_warehouse", lang)
        province = t(f"province_{source['province']}", lang)
        return f"{province} {source['years'][0]}–{source['years'][1]} · {source['fingerprint']}"

    out = pd.DataFrame({
        "model_name": listed.name.map(lambda n: t(f"ranker_{n}", lang) if f"ranker_{n}" in LABELS else n),
        "training_years": listed.training_years.map(lambda y: f"{min(y)}–{max(y)}" if y else "—"),
        "trained_on": listed.warehouse.map(trained_on),
        "mean_top10": listed.metrics.map(mean_capture), "created": listed.created.str.replace("T", " ").str[:16],
        "in_use": listed.default.map(lambda d: "✓" if d else ""), "model_id": listed.id,
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def ranker_names(lang: str = "zh") -> dict[str, str]:
    return {k.removeprefix("ranker_"): t(k, lang) for k in LABELS if k.startswith("ranker_")}


def card_capture_table(entry: dict, lang: str = "zh") -> pd.DataFrame:
    """A model card's capture at 1, 5 and 10 % with its 95 % interval."""
    rows = entry["capture"]
    return pd.DataFrame({
        t("top_share", lang): [f"{int(k.removeprefix('top'))}%" for k in rows],
        t("share_captured", lang): [f"{v['value']:.1%}" for v in rows.values()],
        t("card_interval", lang): [f"{v['low']:.1%} – {v['high']:.1%}" for v in rows.values()],
    })


def missed_table(rows: list[dict], names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    """Who the top 10 % misses: each group's injuries and the share the list holds (size bands smallest first)."""
    bands = [name for _, name in SIZE_BANDS]
    rows = sorted(rows, key=lambda r: bands.index(r["group"]) if r["group"] in bands else len(bands))
    out = pd.DataFrame({"group_value": [names.get(r["group"], r["group"]) for r in rows],
                        "enterprises": [r["enterprises"] for r in rows], "injuries": [r["injuries"] for r in rows],
                        "captured": [f"{r['captured']:.0%}" if r["captured"] is not None else "—" for r in rows]})
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def list_kpi_table(lists: dict, lang: str = "zh") -> pd.DataFrame:
    """Per test year: hit rates of the model's top 10 %, the audit and random samples; the lists' sizes;
    the under-reporting list's precision and recall (demo truth)."""
    rows = []
    for year, m in sorted(lists.items(), key=lambda kv: int(kv[0])):
        ur = m["underreporting"]
        rows.append({
            "year": str(year), "hit_rate_model": f"{m['hit_rate_model_top10']:.1%}", "hit_rate_audit": f"{m['hit_rate_audit']:.1%}",
            "hit_rate_random": f"{m['hit_rate_random']:.1%}", "lift": f"{m['lift_over_random']:.1f}" if m["lift_over_random"] else "—",
            "list_rising": m["rising"]["listed"], "list_underreporting": ur["listed"], "list_excess": m["excess"]["listed"],
            "ur_precision": f"{ur['precision']:.0%}" if ur.get("precision") is not None else "—",
            "ur_recall": (f"{ur['recall']:.1%} / {ur['recall_detectable']:.0%}" if ur.get("recall_detectable") is not None
                          else "—"),
        })
    out = pd.DataFrame(rows)
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def uplift_table(uplift: dict, lang: str = "zh") -> pd.DataFrame:
    """Each intervention kind's estimated effect with its interval and how many were treated."""
    rows = []
    for kind, found in uplift["kinds"].items():
        rows.append({"intervention_kind": t(f"kind_{kind}", lang),
                     "effect": f"{found['estimated_effect']:.1%}" if found else t("no_estimate", lang),
                     "card_interval": f"{found['ci_low']:.1%} – {found['ci_high']:.1%}" if found else "",
                     "treated_n": f"{found['treated']:,}" if found else ""})
    out = pd.DataFrame(rows)
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def enterprise_table(history: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    cols = ["year", "insured", "injuries", "deaths", "serious", "injury_rate", "diseases", "accidents", "hazards",
            "hazards_overdue", "key_positions", "training_coverage", "premium_paid", "benefits_paid", "payout_ratio",
            "rate_applied"]
    out = history[cols].copy()
    out["year"] = [year_label(y, ytd, lang) for y, ytd in zip(history.year, history.ytd)]
    out["training_coverage"] = out.training_coverage.map(lambda v: f"{v:.0%}" if pd.notna(v) else "—")
    out = out.round({"injury_rate": 2, "payout_ratio": 0, "premium_paid": 0, "benefits_paid": 0})
    return out.rename(columns={c: t("eh_" + c if "eh_" + c in LABELS else c, lang) for c in cols})


def hazards_table(hazards: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    from analytics.labels import HAZARD_LEVELS

    out = hazards.assign(level=hazards.level.map(lambda v: HAZARD_LEVELS.get(v, (v, v))[1 if lang == "en" else 0]),
                         overdue=hazards.overdue.map(lambda v: t("yes", lang) if v else ""))
    cols = ["hazard_no", "found_date", "level", "category", "deadline", "overdue", "department"]
    return plain_dates(out[cols]).rename(columns={c: t("hz_" + c, lang) for c in cols})


def changes_table(changes: pd.DataFrame, names: dict[str, dict[str, str]], lang: str = "zh") -> pd.DataFrame:
    """What changed most: group, rate last year and this, change, injuries it accounts for, significance."""
    out = pd.DataFrame({
        "dimension": changes.dimension.map(lambda d: t(f"dim_{d}", lang)),
        "group": [names[d].get(g, g) for d, g in zip(changes.dimension, changes.group)],
        "rate_before": changes.rate_before.map("{:.2f}".format), "rate_now": changes.rate.map("{:.2f}".format),
        "change_pct": changes.change.map(lambda v: f"{v:+.1%}" if pd.notna(v) else "—"),
        "excess_injuries": changes.excess_injuries.map("{:+,.0f}".format),
        "significant": changes.p_value.map(lambda p: t("yes", lang) if p < 0.05 else t("no", lang)),
    })
    return out.rename(columns={c: t(c, lang) for c in out.columns})


def breakdown_names(by: str, lang: str = "zh") -> dict:
    """Display names of a breakdown's categories (GB 6441 accident types, severity classes)."""
    if by == "accident_type":
        from analytics.data.reference import accident_types

        table = accident_types()
        return {**dict(zip(table.code, table.name_en if lang == "en" else table.name_zh)), 0: t("other_types", lang)}
    return {k: t(f"severity_{k}", lang) for k in ("fatal", "grade_1_4", "grade_5_10", "no_grade")}


def top_categories(frame: pd.DataFrame, by: str, top: int = 8, other=0) -> pd.DataFrame:
    """The ``top`` categories by total injuries, the rest pooled as ``other``, for a readable stack."""
    keep = frame.groupby(by).injuries.sum().nlargest(top).index
    pooled = frame.assign(**{by: frame[by].where(frame[by].isin(keep), other)})
    return pooled.groupby(["year", "ytd", by], as_index=False, sort=False).injuries.sum()
