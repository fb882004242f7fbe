"""The one place where Streamlit caching wraps package calls (the dashboard only).

The process holds one read-write DuckDB connection (``cache_resource``); every call takes
its own cursor, so sessions read in parallel while an upload writes. Data frames are
cached with bounded entries and keyed on ``data_version``, which changes with every
accepted import, so an upload shows in every open session without a restart. ``Filters``
is a frozen dataclass, which ``st.cache_data`` hashes by content, so it is passed as is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import io
import json
import pickle
import threading
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from analytics import paths, premiums
from analytics.access import accounts, audit, roles
from analytics.display import report
from analytics.data import importer, reference, templates, warehouse, write_queue
from analytics.labels import t
from analytics.measures import (cases, enterprise, experts, followup, indicators, industries, prevention, projects,
                                targets, training)
from analytics.targeting import keylist, lists, registry


def _one_key(decorator: Callable) -> Callable:
    """A Streamlit cache decorator whose key is the call's arguments with its defaults filled in.
    Streamlit keys a call by its arguments as they are passed, so ``f(a)`` and ``f(a, b=default)``
    were two entries, each computed: the key list, 20 s at a million enterprises, was made three
    times by three callers."""
    def wrap(func: Callable) -> Callable:
        cached, signature = decorator(func), inspect.signature(func)

        @functools.wraps(func)
        def call(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            return cached(*bound.args, **bound.kwargs)
        call.clear = cached.clear
        return call
    return wrap


def cache_data(**options) -> Callable:
    return _one_key(st.cache_data(**options))


def cache_resource(**options) -> Callable:
    return _one_key(st.cache_resource(**options))


@cache_resource(show_spinner=False)
def _connection(db_path: str):
    """The process's connection. The first process to open the warehouse holds it and serves the
    import queue (``python -m analytics import`` run beside it); a second one (a notebook's AppTest,
    another dashboard) reads a snapshot and hands its uploads to the holder's queue."""
    try:
        con = warehouse.connect(db_path)
    except warehouse.WarehouseBusy:
        return warehouse.connect(db_path, read_only=True)
    write_queue.Worker(lambda: con, db_path)
    return con


def db_path() -> str:
    return str(paths.default_db_path())


def reads_snapshot() -> bool:
    """Whether this process reads a snapshot of a warehouse another process holds."""
    return warehouse.is_snapshot(_connection(db_path()))


def cursor():
    """A fresh cursor on the process's connection; close it (or use ``with``) when done."""
    return _connection(db_path()).cursor()


_versions: dict[str, tuple[object, int, int]] = {}   # warehouse -> (its connection, this process's commits, version)


def data_version() -> int:
    """The warehouse's data version, queried again only after this process committed a write
    (``warehouse.commits``) or opened the warehouse anew: twenty sessions' reruns do not each ask it."""
    db = db_path()
    con, commits = _connection(db), warehouse.commits()
    seen = _versions.get(db)
    if seen is None or seen[0] is not con or seen[1] != commits:
        with con.cursor() as cur:
            seen = _versions[db] = (con, commits, warehouse.data_version(cur))
    return seen[2]


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def counts_by_year(db: str, version: int):
    with cursor() as cur:
        return warehouse.counts_by_year(cur), warehouse.table_counts(cur), warehouse.data_through(cur)


def log_version() -> int:
    with cursor() as cur:
        return warehouse.log_version(cur)


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def import_log(db: str, version: int, department: str | None = None):
    with cursor() as cur:
        return importer.import_log(cur, department=department)


@cache_data(max_entries=16, show_spinner=False)
def template(feed: str, lang: str = "zh") -> bytes:
    return templates.template_xlsx(feed, lang)


def import_upload(who: roles.Principal, feed: str, data: bytes, file_name: str, progress=None):
    """The dashboard's only write path: the account must supply the feed (its department's)."""
    roles.require_feed(who, feed)
    if reads_snapshot():
        job = write_queue.submit(db_path(), feed, data, file_name, user=who.name, department=who.department)
        return write_queue.wait(db_path(), job, progress=progress and (lambda state: progress(f"queue_{state}")))
    with cursor() as cur:
        return importer.import_bytes(cur, feed, data, file_name, user=who.name, department=who.department,
                                     progress=progress)


@cache_data(ttl=3600, max_entries=8, show_spinner=False)
def filter_options(db: str, version: int) -> dict:
    """Years, prefectures and key-industry groups to offer in the sidebar."""
    with cursor() as cur:
        return {**warehouse.filter_options(cur), "current": indicators.current_year(cur)}


@cache_data(ttl=3600, max_entries=64, show_spinner=False)
def indicator_table(db: str, version: int, by: tuple[str, ...], filters: indicators.Filters):
    with cursor() as cur:
        return indicators.indicators(cur, list(by), filters)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def plan_targets(db: str, version: int, plan: str, filters: indicators.Filters):
    with cursor() as cur:
        return targets.evaluate(cur, plan, filters)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def responsibility(db: str, version: int, plan: str, prefecture: str | None = None):
    """Every prefecture's (or one prefecture's counties') targets side by side."""
    with cursor() as cur:
        return targets.responsibility(cur, plan, prefecture)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def typical_cases(db: str, version: int, year: int, prefectures: tuple[str, ...] | None = None):
    with cursor() as cur:
        return cases.typical(cur, year, prefectures=prefectures)


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def premium_basis(db: str, version: int, year: int):
    with cursor() as cur:
        return premiums.load_basis(cur, year)


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def industry_ranking(db: str, version: int, year: int, by: str, filters: indicators.Filters):
    with cursor() as cur:
        return industries.rank(cur, year, filters, by=by)


def models_version() -> float:
    return registry.version()


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def model_list(version: float):
    return registry.list_models()


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def backtest_results(version: float):
    return registry.load_backtest()


KEYLIST_TOP, KEYLIST_AUDIT = 100, 20     # the enterprise page's defaults: ranked entries, audit draws


def key_list(db: str, version: int, models: float, year: int, model_id: str | None, top: int = KEYLIST_TOP,
             audit: int = KEYLIST_AUDIT, ytd: bool = False):
    """The key-enterprise list for ``year`` by ``model_id`` (None: the default model), cached with the
    default model named by its id, as the models page puts it in the session: the enterprise page,
    the meeting's slide and the warm-up share one list (20 s at a million enterprises)."""
    return _key_list(db, version, models, year, model_id or registry.default_id(), top, audit, ytd)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _key_list(db: str, version: int, models: float, year: int, model_id: str | None, top: int, audit: int,
              ytd: bool):
    with cursor() as cur:
        return keylist.build(cur, year, top=top, audit=audit, model_id=model_id, ytd=ytd)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def side_list(db: str, version: int, models: float, year: int, which: str, top: int, audit: int, ytd: bool = False):
    """One of the lists beside the key list (rising, under-reporting, excess, audit) for ``year``."""
    with cursor() as cur:
        return lists.build(cur, year, which, top=top, audit=audit, ytd=ytd)


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def audit_hits(db: str, version: int):
    with cursor() as cur:
        return lists.audit_hits(cur)


def enterprise_record(who: roles.Principal, db: str, version: int, uscc: str, as_of):
    """One enterprise's record, for an account that may see it (its region), logged as opened."""
    details, history, hazards = _enterprise_record(db, version, uscc, as_of)
    roles.require_enterprise(who, details["region_code"] if details else None)
    log_access(who, "record", uscc)
    return details, history, hazards


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _enterprise_record(db: str, version: int, uscc: str, as_of):
    with cursor() as cur:
        return (enterprise.details(cur, uscc), enterprise.history(cur, uscc), enterprise.open_hazards(cur, uscc, as_of))


@cache_resource(max_entries=2, show_spinner=False)
def boundaries(province: str, prefecture: str | None = None) -> dict:
    """The province's prefectures, or with ``prefecture`` that prefecture's counties (the drill-down).
    One shared copy, read only: a per-session copy cost every overview rerun 2.5 ms of unpickling."""
    return reference.county_boundaries(province, prefecture) if prefecture else reference.prefecture_boundaries(province)


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def province(db: str, version: int) -> str:
    with cursor() as cur:
        return warehouse.province_of(cur)


def premium_years(options: dict) -> list[int]:
    """The rate years the premiums page offers, the latest first (its default): from the third year
    of records on."""
    return options["years"][2:][::-1]


def premium_recommendations(db: str, version: int, year: int, rules_name: str = "default",
                            threshold: float | None = None, lang: str = "zh"):
    """Recommendations under a rules file of ``data/rules``, with the 80 % tier's threshold
    optionally moved (the premiums page's what-if slider).

    Every employer's row: kept once for all sessions, not pickled per session (32 MB and 24 ms to
    read back on the 50 k demo, on every rerun of the premiums page). Each caller gets a shallow
    copy: with pandas' copy-on-write, a change to it copies the changed column and leaves the shared
    frame as it was."""
    return _premium_recommendations(db, version, year, rules_name, threshold, lang).copy(deep=False)


@cache_resource(ttl=3600, max_entries=8, show_spinner=False)    # 31 MiB each on the 50 k demo; 0.45 s to redo
def _premium_recommendations(db: str, version: int, year: int, rules_name: str, threshold: float | None, lang: str):
    rules = premiums.load_rules(premiums.available_rules()[rules_name])
    if threshold is not None:
        rules = premiums.with_first_threshold(rules, threshold)
    return premiums.recommend(premium_basis(db, version, year), rules, year, lang=lang)


def letter(who: roles.Principal, db: str, version: int, entry: dict, year: int, lang: str = "zh") -> bytes:
    """One 整改建议书 with the enterprise's open hazards, for an account that may export named lists;
    numbered and logged (letters log and access log)."""
    roles.require(who, "export_named")
    with cursor() as cur:
        return audit.issue_letter(cur, who, pd.Series(entry), year, "keylist", lang)


def overdue_letters(who: roles.Principal, prefectures: tuple[str, ...] | None, lang: str = "zh") -> bytes:
    """A ZIP of 整改建议书, one for every enterprise (of ``prefectures``) with an overdue 重大隐患, each
    numbered and logged; for an account that may export named lists."""
    import zipfile

    roles.require(who, "export_named")
    buffer = io.BytesIO()
    with cursor() as cur, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        as_of = warehouse.data_through(cur)
        for _, entry in followup.overdue_major(cur, as_of, prefectures).iterrows():
            document = audit.issue_letter(cur, who, entry, as_of.year, "overdue_major", lang)
            archive.writestr(f"{t('letter_file', lang)}_{entry.uscc}.docx", document)
    return buffer.getvalue()


def keylist_workbook(who: roles.Principal, entries, year: int, lang: str = "zh", population: str = "") -> bytes:
    """The key list as Excel, for an account that may export named lists; logged."""
    return _named_workbook(who, keylist.export_xlsx, entries, lang, f"keylist {year}", f"{len(entries)} entries",
                           {"year": year, "population": population, "made_by": who.name})


def premium_workbook(who: roles.Principal, recommendations, year: int, lang: str = "zh", population: str = "",
                     rules: str = "") -> bytes:
    """Premium recommendations as Excel, for an account that may export named lists; logged."""
    return _named_workbook(who, premiums.export_xlsx, recommendations, lang, f"premiums {year}",
                           f"{len(recommendations)} employers",
                           {"year": year, "population": population, "rules": rules, "made_by": who.name})


def _named_workbook(who: roles.Principal, write: Callable, frame, lang: str, what: str, detail: str,
                    parameters: dict) -> bytes:
    roles.require(who, "export_named")
    buffer = io.BytesIO()
    write(frame, buffer, lang, parameters)
    log_access(who, "export", what, detail)
    return buffer.getvalue()


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def training_coverage(db: str, version: int, by: tuple[str, ...], filters: indicators.Filters, year: int | None = None):
    with cursor() as cur:
        return training.coverage(cur, list(by), filters, year)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def prevention_checks(db: str, version: int, year: int, prefectures: tuple[str, ...] | None = None):
    """Campaigns per key industry, bases per prefecture and county (of ``prefectures``), short courses:
    the plans' rules for ``year``."""
    with cursor() as cur:
        return (prevention.campaign_coverage(cur, year, prefectures=prefectures),
                prevention.base_coverage(cur, year, prefectures=prefectures),
                prevention.short_courses(cur, year))


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def project_status(db: str, version: int, year: int, prefectures: tuple[str, ...] | None = None):
    """The year's prevention projects as of the warehouse's last business day."""
    with cursor() as cur:
        return projects.status(cur, year, warehouse.data_through(cur), prefectures)


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def project_trail(db: str, version: int, project_no: str):
    with cursor() as cur:
        return projects.trail(cur, project_no)


def expert_pool(db: str, version: int, project_no: str) -> tuple[int, int]:
    """(experts in term today, eligible for ``project_no`` today): cached by the day, since terms run by it."""
    return _expert_pool(db, version, project_no, dt.date.today())


@cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _expert_pool(db: str, version: int, project_no: str, today: dt.date) -> tuple[int, int]:
    with cursor() as cur:
        return len(experts.eligible(cur, None, today)), len(experts.eligible(cur, project_no, today))


def draw_experts(who: roles.Principal, project_no: str, size: int, lang: str = "zh"):
    """Draw a review panel for an account that may; the draw and the access are both logged."""
    roles.require(who, "draw_experts")
    with cursor() as cur:
        made = experts.draw(cur, project_no, size, who.name, lang=lang)
    log_access(who, "expert_draw", project_no, f"draw {made.id}: {','.join(made.result)}")
    return made


def expert_draws():
    with cursor() as cur:
        return experts.draws(cur)


def verify_draw(draw_id: int, lang: str = "zh"):
    with cursor() as cur:
        return experts.verify(cur, draw_id, lang)


@cache_data(ttl=3600, max_entries=16, show_spinner=False)
def hazard_followup(db: str, version: int, log: int, prefectures: tuple[str, ...] | None = None):
    """Overdue 重大隐患 enterprises, letters sent and what is still open after a letter, at the data's last day."""
    with cursor() as cur:
        as_of = warehouse.data_through(cur)
        return (as_of, followup.overdue_major(cur, as_of, prefectures), followup.letters_sent(cur, as_of, prefectures),
                followup.escalation(cur, as_of, prefectures))


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def what_changed(db: str, version: int, year: int, filters: indicators.Filters):
    with cursor() as cur:
        return indicators.what_changed(cur, year, filters)


class View(NamedTuple):
    """What every page starts from: the language, the shared filters (within the account's region),
    the warehouse's state and who is asking."""

    lang: str
    year: int | None
    filters: indicators.Filters
    db: str
    version: int
    options: dict
    principal: roles.Principal


def view(page: str) -> View:
    """The page's starting point, inside app.py's frame (see ``ensure_frame``). A page the account
    may not open stops here with a plain message: hiding it from the menu is not the guard."""
    ensure_frame()
    lang = st.session_state.get("lang", "zh")
    who = principal()
    if not roles.may_open(who, page):
        st.error(t("forbidden_page", lang) if who else t("login_first", lang))
        st.stop()
    db, version = db_path(), data_version()
    filters = roles.scoped(who, st.session_state.get("filters", indicators.Filters()))
    return View(lang, st.session_state.get("year"), filters, db, version, filter_options(db, version), who)


def principal() -> roles.Principal | None:
    """The logged-in account of this browser session, None when logged out or the session expired."""
    session = st.session_state.get("session")
    if session is None:
        return None
    if not session.alive():
        del st.session_state["session"]
        return None
    return session.principal


def login(name: str, password: str) -> str | None:
    """Log this browser session in; the reason it failed otherwise (the password is not kept)."""
    try:
        st.session_state.session = accounts.Session(accounts.authenticate(name, password))
    except accounts.LoginFailed as exc:
        return t(f"login_{exc.code}", st.session_state.get("lang", "zh"), until=exc.until)
    return None


def logout() -> None:
    st.session_state.pop("session", None)


def annual_report(who: roles.Principal, year: int, prefecture: str | None, lang: str = "zh") -> bytes:
    """The year's 通报 (.docx); employers named and the key list annexed only for accounts that may
    export named lists. Generating it is recorded in the access log (the deadline line reads it)."""
    roles.require(who, "view_aggregates")
    with cursor() as cur:
        data = report.report_docx(report.facts(cur, year, prefecture, lang), lang, names=who.may("export_named"))
    log_access(who, "report", str(year), prefecture or "province")
    return data


def report_status(year: int):
    """When this year's report was last generated, or None."""
    with cursor() as cur:
        return audit.report_generated(cur, year)


def log_access(who: roles.Principal, action: str, object_: str | None = None, detail: str | None = None) -> None:
    """Append to the access log (exports, letters, records opened)."""
    with cursor() as cur:
        audit.record(cur, who, action, object_, detail)


def access_version() -> int:
    with cursor() as cur:
        return warehouse.scalar(cur, "select coalesce(max(id), 0) from access_log")


@cache_data(ttl=3600, max_entries=8, show_spinner=False)
def access_log(db: str, version: int):
    with cursor() as cur:
        return audit.entries(cur)


def ensure_frame() -> None:
    """Run the page inside app.py's frame.

    On a fresh server whose first request is a page link, Streamlit runs the page straight
    from ``pages/`` (its older multipage mode) without app.py's sidebar and filters. Switching
    that mode off for the process, as ``st.navigation`` would, the rerun goes through app.py
    to the same page, with the link's query parameters intact (tests/app/test_browser.py opens a
    fresh server on a page link).
    """
    if "filters" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False     # what st.navigation sets; private, pinned Streamlit
        st.rerun()


@cache_data(ttl=3600, max_entries=64, show_spinner=False)
def premium_for(db: str, version: int, year: int, uscc: str, lang: str = "zh"):
    """One employer's recommendation under the default rules (its row, or None)."""
    rec = premiums.recommend(premium_basis(db, version, year), premiums.load_rules(), year, reasons={uscc}, lang=lang)
    row = rec[rec.uscc == uscc]
    return None if row.empty else row.iloc[0]


@cache_data(ttl=3600, max_entries=32, show_spinner=False)
def injury_breakdown(db: str, version: int, by: str, filters: indicators.Filters):
    with cursor() as cur:
        return indicators.injury_breakdown(cur, by, filters)


def figure(draw: Callable, *args, **kwargs):
    """``draw(*args, **kwargs)`` (a chart of ``display.charts`` or a picture of ``display.pictures``),
    kept per drawing function and arguments, which Streamlit hashes by content (frames, dicts,
    the frozen ``Filters``). Building a Plotly figure validates every property, a tenth of a
    second per chart, so a cached filter change skips it."""
    return _figure(f"{draw.__module__}.{draw.__qualname__}", args, tuple(sorted(kwargs.items())), draw)


def _dict_key(value: dict) -> str:
    """Streamlit walks a dict item by item (30 ms for the prefecture boundaries); JSON text is 1 ms.
    A dict holding something JSON cannot write (a frame) is keyed by its pickled bytes."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    except TypeError:
        return hashlib.sha256(pickle.dumps(value)).hexdigest()


def _frame_key(value: pd.DataFrame | pd.Series) -> str:
    """Streamlit hashes a frame column by column through pandas (2 ms for a small table of Arrow
    strings, a tenth of a cached rerun); its pickled bytes are 0.2 ms. Equal content pickles alike
    but for the layout of its blocks, which at worst costs a redrawn chart, never a wrong one."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).hexdigest()


@cache_resource(ttl=3600, max_entries=64, show_spinner=False,
                   hash_funcs={dict: _dict_key, pd.DataFrame: _frame_key, pd.Series: _frame_key})
def _figure(name: str, args: tuple, kwargs: tuple, _draw: Callable):
    return _draw(*args, **dict(kwargs))


def preload_plotly() -> None:
    """An empty Plotly chart out of sight, so that the browser fetches and compiles Plotly's
    front end (4.7 MB of JavaScript, about a second here) while the analyst reads the overview,
    which draws no Plotly chart, instead of on the first click to a page that does (an
    enterprise's history, the model cards, the breakdowns). The chart is ten pixels high: the
    style that hides it may arrive a moment after the chart itself. Once a session: the browser
    keeps the code until the tab is closed or reloaded, which starts a new session, and drawing
    the hidden chart again cost each later visit of the overview a twentieth of a second."""
    if st.session_state.get("plotly_preloaded"):
        return
    st.session_state["plotly_preloaded"] = True
    with st.container(key="plotly_preload"):
        st.html("<style>.st-key-plotly_preload {display: none}</style>")
        st.plotly_chart(go.Figure(layout={"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}}),
                        config={"staticPlot": True}, key="plotly_preload_chart")


@cache_resource(ttl=3600, max_entries=8, show_spinner=False)
def warm_up(db: str, version: int, models: float, year: int) -> threading.Thread:
    """Once per process and data version, compute the default results of the pages after the
    overview in the background while the analyst reads it: the trend and industry tables of the
    whole province first (the next clicks; a page's first opening on a cold cache took twice as long
    as on a warm one), then the slowest, the key-enterprise list and the premium basis of the coming
    year, so the enterprise page opens at once, and the premiums page's default recommendations (in
    Chinese, the default language). Reads only; results land in the same caches."""
    def work():
        everywhere = indicators.Filters()           # the sidebar's default: nothing chosen
        for by in (("year",), ("year", "key_group"), ("year", "prefecture"), ("year", "division")):
            indicator_table(db, version, by, everywhere)
        industry_ranking(db, version, year + 1, "division", everywhere)
        try:
            if not model_list(models).empty:
                key_list(db, version, models, year + 1, None)
        except (LookupError, ValueError):   # no usable model, or an incomplete year: the page will say so
            pass
        premium_basis(db, version, year + 1)
        rate_years = premium_years(filter_options(db, version))
        if rate_years:                              # the premiums page as it opens: first rules file, latest year
            premium_recommendations(db, version, rate_years[0], next(iter(premiums.available_rules())), None)

    thread = threading.Thread(target=work, name="warm-up", daemon=True)
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()
    return thread


@cache_data(ttl=3600, max_entries=4, show_spinner=False)
def rules_titles(lang: str) -> dict[str, str]:
    """The rules files of ``data/rules`` by name, with their titles in ``lang``."""
    return {name: getattr(premiums.load_rules(path), "name_en" if lang == "en" else "name_zh")
            for name, path in premiums.available_rules().items()}
