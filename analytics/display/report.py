"""The annual report (年度工伤预防工作情况通报) as a .docx: A4, 公文 layout, from the warehouse only.

Jilin's notice asks every city to report its year to the joint meeting's office by 20 December;
附件1 lists what each department reports. :func:`facts` gathers every figure from the package
(the same calls the pages and the CLI make, so the text's numbers are the CLI's), and
:func:`report_docx` writes them: an overview, work injuries, the fund, occupational diseases,
safety accidents, progress against every plan target (and each prefecture's), prevention work,
typical cases and next year's key industries and enterprises, each section with its tables and
a chart drawn offline (``static_charts``), fonts named so Word and WPS render them, and page
numbers in the footer. Enterprise names appear only when ``names`` is true (an account that may
see them); the key-enterprise annex is left out otherwise.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace

import duckdb
import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from analytics import labels
from analytics.data import warehouse
from analytics.display import static_charts
from analytics.display.letters import FONTS, chinese_date
from analytics.measures import cases, followup, indicators, industries, prevention, projects, targets, training
from analytics.measures.indicators import Filters

DEADLINE = (12, 20)         # month, day: the cities' reports are due at the joint meeting's office


@dataclass
class Facts:
    """Every figure of one year's report, as package results."""

    year: int
    place: str                       # 全省 or the prefecture's name
    prefecture: str | None
    yearly: pd.DataFrame             # indicators by year (the trend)
    by_prefecture: pd.DataFrame
    by_group: pd.DataFrame
    targets: list[dict]
    plan: str
    responsibility: pd.DataFrame
    training: pd.DataFrame
    projects: pd.DataFrame
    campaigns: pd.DataFrame
    bases: pd.DataFrame
    courses: pd.DataFrame
    overdue_major: pd.DataFrame
    letters: int
    escalated: pd.DataFrame
    cases: pd.DataFrame
    accident_types: pd.DataFrame
    proposed: pd.DataFrame
    keylist: pd.DataFrame | None     # next year's key list, None without a usable model
    options: dict


def facts(con: duckdb.DuckDBPyConnection, year: int, prefecture: str | None = None, lang: str = "zh",
          models_dir=None) -> Facts:
    """Gather the year's figures for the province or one prefecture."""
    from analytics.targeting import keylist

    options = warehouse.filter_options(con)
    scope = Filters(prefecture=(prefecture,)) if prefecture else Filters()
    chosen = (prefecture,) if prefecture else None
    one_year = replace(scope, first_year=year, last_year=year)
    plan = targets.plan_for(year)
    as_of = warehouse.data_through(con)
    campaigns, bases, courses = (prevention.campaign_coverage(con, year, prefectures=chosen),
                                 prevention.base_coverage(con, year, prefectures=chosen),
                                 prevention.short_courses(con, year))
    ranked = industries.rank(con, year + 1, scope, by="key_group")
    proposed = industries.propose(ranked, industries.names("key_group", lang, warehouse.province_of(con)), lang=lang)
    try:
        entries = keylist.subset(keylist.build(con, year + 1, models_dir=models_dir), scope)
    except (LookupError, ValueError):                 # no model registered, another province's, or an open year
        entries = None
    return Facts(
        year=year, place=options["prefectures"].get(prefecture, prefecture) if prefecture else labels.t("whole_province", lang),
        prefecture=prefecture,
        yearly=indicators.indicators(con, ["year"], replace(scope, first_year=year - 5, last_year=year)),
        by_prefecture=indicators.indicators(con, ["prefecture"], one_year),
        by_group=indicators.indicators(con, ["key_group"], one_year),
        targets=targets.evaluate(con, plan, scope), plan=plan,
        responsibility=targets.responsibility(con, plan, prefecture),
        training=training.coverage(con, ["year"], replace(scope, first_year=year - 4, last_year=year)),
        projects=projects.status(con, year, as_of, chosen),
        campaigns=campaigns, bases=bases, courses=courses,
        overdue_major=followup.overdue_major(con, as_of, chosen), letters=followup.letters_sent(con, as_of, chosen),
        escalated=followup.escalation(con, as_of, chosen),
        cases=cases.typical(con, year, prefectures=chosen),
        accident_types=cases.by_type(con, year, chosen),
        proposed=proposed, keylist=entries, options=options)


def days_to_deadline(today: dt.date) -> tuple[dt.date, int]:
    """This year's 20 December and how many days remain (negative once it has passed)."""
    due = dt.date(today.year, *DEADLINE)
    return due, (due - today).days


class _Writer:
    """A 公文 document: A4, title in 小标宋, body in 仿宋, headings in 黑体, page numbers in the footer."""

    def __init__(self, lang: str):
        self.lang = lang
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        self._page_numbers(section)
        self.sections = 0

    def t(self, key: str, **fields) -> str:
        return labels.t(key, self.lang, **fields)

    def paragraph(self, text: str, size: float = 16, bold: bool = False, align=None, font: str = FONTS["body"]):
        para = self.doc.add_paragraph()
        run = para.add_run(text)
        run.font.size, run.bold, run.font.name = Pt(size), bold, font
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if align is not None:
            para.alignment = align
        return para

    def heading(self, key: str, **fields) -> None:
        numerals = "一二三四五六七八九十"
        prefix = f"{numerals[self.sections]}、" if self.lang != "en" else f"{self.sections + 1}. "
        self.sections += 1
        self.paragraph(prefix + self.t(key, **fields), 16, True, font="黑体")

    def table(self, frame: pd.DataFrame) -> None:
        table = self.doc.add_table(rows=1, cols=len(frame.columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, frame.columns):
            cell.text = str(name)
        for row in frame.itertuples(index=False):
            for cell, value in zip(table.add_row().cells, row):
                cell.text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(10.5)
                        run.font.name = FONTS["body"]
                        run._element.rPr.rFonts.set(qn("w:eastAsia"), FONTS["body"])

    def chart(self, png: bytes) -> None:
        self.doc.add_picture(io.BytesIO(png), width=Mm(150))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    @staticmethod
    def _page_numbers(section) -> None:
        """"- 1 -" centred in the footer, as a PAGE field Word and WPS fill in."""
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run("- ")
        run = para.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
        para.add_run(" -")

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def report_docx(f: Facts, lang: str = "zh", names: bool = False, today: dt.date | None = None) -> bytes:
    """The year's report as .docx bytes (see the module docstring)."""
    from analytics.display import presentation

    w = _Writer(lang)
    today = today or dt.date.today()
    en = lang == "en"
    now = f.yearly[f.yearly.year == f.year].iloc[0]
    before = f.yearly[f.yearly.year == f.year - 1]
    before = before.iloc[0] if not before.empty else None
    change = (now.injury_rate / before.injury_rate - 1) if before is not None and before.injury_rate else None

    w.paragraph(w.t("rpt_title", place=f.place, year=f.year), 22, True, WD_ALIGN_PARAGRAPH.CENTER, FONTS["title"])
    w.paragraph(w.t("rpt_number", year=today.year), 16, align=WD_ALIGN_PARAGRAPH.CENTER)

    w.heading("rpt_overview")
    met = sum(r["verdict"] in ("met", "on_track") for r in f.targets)
    w.paragraph(w.t("rpt_overview_text", year=f.year, place=f.place, insured=now.insured, injuries=now.injuries,
                    rate=now.injury_rate, low=now.injury_rate_low, high=now.injury_rate_high, deaths=now.deaths,
                    change=w.t("rpt_change_down" if change < 0 else "rpt_change_up", change=abs(change))
                    if change is not None else "",
                    met=met, n=len(f.targets)))
    years = [int(y) for y in f.yearly.year]
    w.chart(static_charts.trend(years, list(f.yearly.injury_rate), w.t("rpt_chart_trend", place=f.place),
                                w.t("injury_rate")))

    w.heading("rpt_injuries")
    w.paragraph(w.t("rpt_injuries_text", injuries=now.injuries, deaths=now.deaths, grade=now.grade_1_4,
                    lost=now.lost_days))
    place_table = _rates(f.by_prefecture, "prefecture", f.options["prefectures"], w)
    w.table(place_table)
    w.chart(static_charts.bars(list(place_table.iloc[:, 0]), list(f.by_prefecture.injury_rate),
                               w.t("rpt_chart_prefectures", year=f.year), w.t("injury_rate")))
    groups = presentation.group_names(f.options, lang)
    w.table(_rates(f.by_group, "key_group", groups, w))

    w.heading("rpt_fund")
    paid = float(f.projects.paid.sum()) if not f.projects.empty else 0.0
    budget = float(f.projects.budget.sum()) if not f.projects.empty else 0.0
    w.paragraph(w.t("rpt_fund_text", premiums=now.premium_paid / 1e4, payouts=now.benefits_paid / 1e4,
                    ratio=now.benefits_paid / now.premium_paid if now.premium_paid else 0,
                    projects=len(f.projects), budget=budget / 1e4, paid=paid / 1e4))
    w.chart(static_charts.paired_bars(years, list(f.yearly.premium_paid / 1e4), list(f.yearly.benefits_paid / 1e4),
                                      (w.t("rpt_premiums"), w.t("rpt_payouts")), w.t("rpt_chart_fund"),
                                      w.t("rpt_10k_yuan")))

    w.heading("rpt_diseases")
    w.paragraph(w.t("rpt_diseases_text", diseases=now.diseases, pneumo=now.pneumoconiosis, rate=now.pneumoconiosis_rate))
    w.chart(static_charts.trend(years, list(f.yearly.pneumoconiosis), w.t("rpt_chart_pneumo"), w.t("pneumoconiosis"),
                                fmt="{:.0f}"))

    w.heading("rpt_accidents")
    w.paragraph(w.t("rpt_accidents_text", accidents=now.accidents, general=now.accidents_general,
                    larger=now.accidents_larger, major=now.accidents_major, deaths=now.accident_deaths))
    types = f.accident_types.head(10)
    type_names = list(types.type_en if en else types.type_zh)
    w.table(pd.DataFrame({w.t("case_type"): type_names, w.t("rpt_accidents_n"): types.accidents,
                          w.t("deaths"): types.deaths}))
    w.chart(static_charts.bars(type_names, list(types.accidents.astype(float)), w.t("rpt_chart_types", year=f.year),
                               w.t("rpt_accidents_n"), fmt="{:.0f}"))

    w.heading("rpt_targets", plan=f.plan)
    w.table(presentation.targets_table(f.targets, lang))
    for name, table in presentation.responsibility_tables(f.responsibility, lang).items():
        w.paragraph(w.t("rpt_responsibility", name=name), 14, True)
        w.table(table)
    injury = next((r for r in f.targets if r["indicator"] == "injury_rate" and r.get("years")), None)
    if injury:
        path_years = [y["year"] for y in injury["years"]]
        w.chart(static_charts.trend(path_years, [y["actual"] for y in injury["years"]],
                                    injury["name_en" if en else "name_zh"], w.t("injury_rate"),
                                    path={y["year"]: y["target"] for y in injury["years"]}, path_label=w.t("rpt_path")))

    w.heading("rpt_prevention")
    coverage = f.training[f.training.year == f.year]
    w.paragraph(w.t("rpt_training_text", coverage=float(coverage.coverage.iloc[0]) if not coverage.empty else 0,
                    trained=int(coverage.trained.iloc[0]) if not coverage.empty else 0,
                    headcount=int(coverage.headcount.iloc[0]) if not coverage.empty else 0))
    overdue = int((f.projects.overdue.map(len) > 0).sum()) if not f.projects.empty else 0
    w.paragraph(w.t("rpt_projects_text", n=len(f.projects), budget=budget / 1e4, paid=paid / 1e4, overdue=overdue))
    if not f.projects.empty:
        w.table(presentation.project_table(f.projects, f.options, lang).iloc[:, :9])
    gaps = f.campaigns[f.campaigns.short]
    w.paragraph(w.t("rpt_campaigns_text", n=int(f.campaigns.campaigns.sum()),
                    gaps="、".join(gaps["name_en" if en else "name_zh"]) or w.t("rpt_none")))
    missing = f.bases[f.bases.missing]
    w.paragraph(w.t("rpt_bases_text", prefectures=int((missing.level == "prefecture").sum()),
                    counties=int((missing.level == "county").sum()), short=len(f.courses)))
    w.paragraph(w.t("rpt_hazards_text", enterprises=len(f.overdue_major), letters=f.letters, escalated=len(f.escalated)))
    w.chart(static_charts.trend([int(y) for y in f.training.year], list(f.training.coverage * 100),
                                w.t("rpt_chart_training"), w.t("coverage") + " %",
                                path={int(y): 100.0 for y in f.training.year}, path_label=w.t("rpt_goal"), fmt="{:.0f}"))

    w.heading("rpt_cases")
    if f.cases.empty:
        w.paragraph(w.t("no_cases", year=f.year))
    else:
        for row in f.cases.itertuples():
            place = f.options["prefectures"].get(row.prefecture_code, row.prefecture_code)
            who = f"{row.name}，" if names else ""
            w.paragraph(w.t("rpt_case", date=pd.Timestamp(row.date).strftime("%Y-%m-%d"), place=place, who=who,
                            type=row.type_en if en else row.type_zh, casualties=w.t(
                                "casualties_text", deaths=int(row.deaths), serious=int(row.serious_injuries),
                                minor=int(row.minor_injuries)), lesson=row.lesson_en if en else row.lesson))
        w.chart(static_charts.bars([c for c in (f.cases.type_en if en else f.cases.type_zh)],
                                   list(f.cases.deaths.astype(float)), w.t("rpt_chart_cases"), w.t("deaths"), fmt="{:.0f}"))

    w.heading("rpt_next", year=f.year + 1)
    proposed_names = "、".join(f.proposed.name) if not f.proposed.empty else w.t("rpt_none")
    w.paragraph(w.t("rpt_next_industries", year=f.year + 1, names=proposed_names))
    if not f.proposed.empty:
        w.table(pd.DataFrame({w.t("dim_key_group"): f.proposed.name, w.t("reasons"): f.proposed.reason}))
        w.chart(static_charts.bars(list(f.proposed.name), list(f.proposed.smoothed_rate),
                                   w.t("rpt_chart_proposed", year=f.year + 1), w.t("injury_rate")))
    if f.keylist is None:
        w.paragraph(w.t("rpt_no_keylist"))
    else:
        counts = f.keylist.kind.value_counts()
        w.paragraph(w.t("rpt_keylist_text", year=f.year + 1, n=len(f.keylist), ranked=int(counts.get("ranked", 0)),
                        mandatory=int(counts.get("mandatory", 0)), audit=int(counts.get("audit", 0))))
    w.paragraph(w.t("rpt_next_projects", year=f.year + 1))

    if names and f.keylist is not None and not f.keylist.empty:
        w.paragraph(w.t("rpt_annex", year=f.year + 1), 16, True, font="黑体")
        annex = f.keylist[["kind", "name", "uscc", "industry_code", "expected"]].head(500)
        w.table(pd.DataFrame({w.t("kind"): annex.kind.map(lambda k: w.t(f"kind_{k}")), w.t("enterprise_name"): annex.name,
                              w.t("uscc"): annex.uscc, w.t("industry_code"): annex.industry_code,
                              w.t("expected"): annex.expected.round(1)}))
    w.paragraph(w.t("rpt_issuer"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.paragraph(today.isoformat() if en else chinese_date(today), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return w.bytes()


def _rates(frame: pd.DataFrame, column: str, names: dict[str, str], w: _Writer) -> pd.DataFrame:
    """Injuries, deaths, insured and the rate with its interval, names beside codes."""
    return pd.DataFrame({
        w.t(f"dim_{column}"): frame[column].map(lambda c: names.get(c, c)),
        w.t("injuries"): frame.injuries.map("{:,.0f}".format), w.t("deaths"): frame.deaths.map("{:,.0f}".format),
        w.t("insured"): frame.insured.map("{:,.0f}".format),
        w.t("injury_rate"): frame.injury_rate.map("{:.2f}".format),
        w.t("card_interval"): [f"{lo:.2f} – {hi:.2f}" for lo, hi in zip(frame.injury_rate_low, frame.injury_rate_high)],
    })
