"""The running dashboard in Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import make_uscc

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "总览", "meeting": "联席会议", "trends": "趋势分析", "industries": "行业研判", "prevention": "预防工作",
         "enterprises": "重点企业", "premiums": "费率浮动", "models": "模型评估", "data": "数据管理"}

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"),
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed (make test installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORD = "correct-horse-42"
ACCOUNTS = {"admin": ("admin", {}), "analyst": ("analyst", {}), "kunming": ("analyst", {"prefecture": "530100"}),
            "yingji": ("officer", {"department": "应急管理"}), "meeting": ("viewer", {}), "target": ("analyst", {})}
SERVED = {}     # the served warehouse, read through a snapshot while the server holds it


def make_accounts(path: Path) -> Path:
    from analytics.access import accounts

    for name, (role, scope) in ACCOUNTS.items():
        accounts.add(name, PASSWORD, role, path=path, **scope)
    return path


def visit(tab, url: str, account: str = "admin", password: str = PASSWORD) -> None:
    """Open ``url`` and log in: every new browser session starts at the login form."""
    tab.goto(url)
    tab.get_by_label("账号").fill(account)
    tab.get_by_label("密码").fill(password)
    tab.get_by_role("button", name="登录").click()
    tab.get_by_text(f"{account}（").wait_for(timeout=30_000)        # the sidebar names who is logged in


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db, demo_models):
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    port = _free_port()
    SERVED["db"], SERVED["users"] = db, folder / "users.json"
    env = {**os.environ, "ANALYTICS_DB": str(db), "ANALYTICS_MODELS_DIR": str(demo_models), "ANALYTICS_ID_KEY": "test-key",
           "ANALYTICS_USERS_FILE": str(make_accounts(folder / "users.json"))}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    SERVED["pid"] = proc.pid
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield tab
    tab.close()


def test_a_page_link_is_the_first_request_to_a_fresh_server(server, page):
    """Runs first: Streamlit would run a page from pages/ without the frame unless app_cache.ensure_frame steps in."""
    visit(page, server + "/industries?year=2024&key_group=mining")
    page.get_by_role("heading", name="行业研判").wait_for(timeout=30_000)
    page.get_by_text("2025 年建议重点行业及理由").wait_for(timeout=30_000)     # year 2024 from the link
    assert "key_group=mining" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_overview_opened_as_a_link_shows_no_page_not_found_and_loads_no_icon_from_the_internet(server, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((server, "data:", "blob:")) else None)
    visit(page, server + "/overview?year=2024")
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    page.get_by_text("规划目标进展").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert "year=2024" in page.url
    assert "Page not found" not in page.content() and page.locator('[data-testid="stException"]').count() == 0
    assert outside == []


def test_navigation_through_every_page_with_screenshots(server, page):
    visit(page, server)
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('PlotlyChart'))",
                           timeout=30_000)      # the overview preloads Plotly's front end for the pages after it
    page.locator(".st-key-plotly_preload").wait_for(state="hidden", timeout=10_000)   # its style may land after it
    assert page.locator(".st-key-plotly_preload").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    for path, title in PAGES.items():
        if path == "meeting":
            continue   # no sidebar in meeting mode: visited below
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
        page.wait_for_timeout(3000)   # charts draw after the heading
        assert page.locator('[data-testid="stException"]').count() == 0
        assert f"/{path}" in page.url or path == "overview"
        page.screenshot(path=str(ARTIFACTS / f"{path}.png"), full_page=True)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=PAGES["meeting"]).click()
    page.get_by_text("年全省工伤情况").wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    page.get_by_role("button", name="下一页").click()
    page.get_by_text("规划目标", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "meeting.png"), full_page=True)


def test_a_bad_upload_shows_its_report_and_writes_nothing(server, page, tmp_path):
    valid = make_uscc("530102", 77)
    wrong = valid[:-1] + ("0" if valid[-1] != "0" else "1")          # a check digit that cannot be right
    bad = tmp_path / "参保单位.csv"
    bad.write_text("统一社会信用代码,单位名称,行业代码,行政区划代码,职工人数,成立日期\n"
                   f"{wrong},测试单位,47,530102,10,2020-01-01\n", encoding="utf-8")
    visit(page, server + "/data")
    page.get_by_role("heading", name="数据管理").wait_for(timeout=30_000)
    counts_before = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    page.wait_for_function("""() => { const words = document.querySelector(
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p');
        return words && getComputedStyle(words, '::after').content === '"选择文件"'; }""",
                           timeout=15_000)   # Streamlit's own English words replaced (presentation.uploader_style)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_role("button", name="校验并导入").click()
    page.get_by_test_id("stAlertContentError").get_by_text("文件未通过校验，未写入任何数据").wait_for(timeout=60_000)
    assert page.get_by_test_id("stExpander").count() >= 1          # the status of the import, with its stages
    report = page.locator('[data-testid="stDataFrame"]').first
    report.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert report.is_visible()     # a canvas grid: its rows are checked in test_validation, its look in the screenshot
    page.screenshot(path=str(ARTIFACTS / "bad_upload.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == counts_before


def test_the_key_enterprise_list_downloads_as_excel(server, page, tmp_path):
    import openpyxl

    visit(page, server + "/enterprises")
    page.get_by_role("heading", name="重点企业").wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="导出 Excel").click()
    path = tmp_path / "list.xlsx"
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "参数说明"                      # what it was made with comes first
    parameters = {row[0].value: row[1].value for row in book["参数说明"].iter_rows(min_row=2)}
    assert parameters["生成人"] == "admin" and parameters["范围"] == "全省"
    sheet = book["重点企业名单"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["类型", "模型排序", "统一社会信用代码", "单位名称"] and sheet.max_row > 100
    from analytics.access import audit
    from analytics.data import warehouse

    con = warehouse.connect(SERVED["db"], read_only=True)
    exports = audit.entries(con).query("action == 'export'")
    assert len(exports) >= 1 and exports.username.iloc[0] == "admin" and exports.object.iloc[0].startswith("keylist")
    con.close()


NAMES = ("有限公司", "有限责任公司")     # every demo enterprise's name ends so


def _text(page) -> str:
    page.wait_for_timeout(2500)
    return page.inner_text("body")


def test_an_anonymous_browser_sees_only_the_login_form(server, page):
    for path in ("/", "/enterprises?year=2025", "/data"):
        page.goto(server + path)
        page.get_by_role("button", name="登录").wait_for(timeout=30_000)
        text = _text(page)
        assert not any(n in text for n in NAMES) and "工伤发生率" not in text and "数据管理" not in text
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def test_the_meeting_viewer_sees_aggregates_and_no_enterprise_names(server, page):
    visit(page, server, "meeting")
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_role("link", name="数据管理").count() == 0 and nav.get_by_role("link", name="重点企业").count() == 0
    for title in ("总览", "趋势分析", "行业研判"):
        nav.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
        assert not any(n in _text(page) for n in NAMES), title
    nav.get_by_role("link", name="联席会议").click()
    page.get_by_text("年全省工伤情况").wait_for(timeout=30_000)
    while page.get_by_role("button", name="下一页").is_enabled():
        page.get_by_role("button", name="下一页").click()
        assert not any(n in _text(page) for n in NAMES)
    for path in ("/data", "/enterprises", "/premiums"):
        visit(page, server + path, "meeting")
        page.get_by_text("您的账号无权查看本页").wait_for(timeout=30_000)
        text = _text(page)
        assert not any(n in text for n in NAMES) and "上传数据文件" not in text


def test_the_meeting_turns_with_arrow_keys_and_a_clickers_page_keys(server, page):
    visit(page, server, "meeting")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="联席会议").click()
    page.get_by_text("年全省工伤情况").wait_for(timeout=30_000)
    for key, position in (("ArrowRight", "2 / "), ("PageDown", "3 / "), ("PageUp", "2 / "), ("ArrowLeft", "1 / ")):
        # A shortcut is live once its button is drawn, which is after the slide's title: wait for both.
        page.get_by_role("button", name="下一页").last.wait_for(timeout=30_000)
        page.locator(".st-key-clicker_back").wait_for(state="attached", timeout=30_000)
        page.locator(".slide-title").click()                    # keys go to the page, not to a widget
        page.keyboard.press(key)
        page.get_by_text(position, exact=False).first.wait_for(timeout=30_000)


def test_a_prefecture_analyst_sees_its_prefecture_whatever_the_link_asks(server, page):
    from analytics.data import warehouse
    from analytics.measures import indicators

    visit(page, server + "/?year=2025&prefecture=530300", "kunming")          # a link to another prefecture
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    page.get_by_text("本账号仅限：昆明市").wait_for(timeout=30_000)
    con = warehouse.connect(SERVED["db"], read_only=True)
    expected = indicators.indicators(con, ["year"], indicators.Filters(prefecture=("530100",), first_year=2025,
                                                                       last_year=2025)).injuries.iloc[0]
    con.close()
    shown = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert shown == f"{int(expected):,}"
    run = subprocess.run([sys.executable, "-m", "analytics", "indicators", "--prefecture", "530100", "--years", "2025",
                          "--format", "json", "--db", str(SERVED["db"])], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and f'"injuries":{int(expected)}' in run.stdout.replace(" ", "").replace(".0", "")


def test_an_officer_of_emergency_management_cannot_import_injuries(server, page):
    visit(page, server + "/data", "yingji")
    page.get_by_text("本账号可导入：生产安全事故、隐患排查、警示教育基地。").wait_for(timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="选择数据集").click()
    options = page.get_by_role("option").all_inner_texts()
    assert options == ["生产安全事故", "隐患排查", "警示教育基地"] and "工伤认定" not in options


def test_brute_force_locks_the_account(server, page):
    page.goto(server)
    for attempt in range(5):
        page.get_by_label("账号").fill("target")
        page.get_by_label("密码").fill(f"wrong-guess-{attempt}")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("登录失败").wait_for(timeout=30_000)
        for _ in range(300):                                   # until the server has counted this failure
            user = json.loads(SERVED["users"].read_text("utf-8"))["users"]["target"]
            if user["failures"] == attempt + 1 or user.get("locked_until"):
                break
            time.sleep(0.1)
        time.sleep(2 ** attempt + 0.3)                         # each failure makes the next try wait longer
    page.get_by_label("账号").fill("target")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("账号已锁定至").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def test_clicking_a_row_of_the_key_list_opens_that_enterprise(server, page):
    visit(page, server + "/enterprises")
    page.get_by_role("heading", name="重点企业").wait_for(timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.locator("h3").all_inner_texts()[-1] == "单位详情"      # no enterprise's record yet
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 * 3 + 17)    # the third row's selection box (a canvas grid)
    page.get_by_text("显示名单中选中的单位").wait_for(timeout=30_000)
    page.get_by_text("未整改隐患").first.wait_for(timeout=30_000)
    assert page.locator("h3").all_inner_texts()[-1] != "单位详情"      # the enterprise's name heads its record
    assert page.get_by_text(" · 模型排序").count() == 1                # the third entry is a ranked one
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("h3").last.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "enterprise_record.png"))
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_filter_changes_the_figures_survives_a_page_switch_and_travels_in_the_link(server, page, browser):
    visit(page, server)
    values = page.locator('[data-testid="stMetricValue"]')
    page.get_by_text("规划目标进展").wait_for(timeout=30_000)
    page.wait_for_timeout(2000)
    before = values.all_inner_texts()
    chooser = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(2).locator("input")
    chooser.click()
    chooser.fill("矿山")                     # typed: the list may be too long to show every option below the box
    page.wait_for_timeout(800)
    page.get_by_role("option", name="矿山", exact=True).click()
    page.wait_for_function("() => window.location.search.includes('key_group=mining')", timeout=30_000)
    page.wait_for_timeout(2000)
    after = values.all_inner_texts()
    assert after != before and "year=2025" in page.url
    page.get_by_role("link", name="趋势分析").click()
    page.wait_for_function("() => window.location.pathname.endsWith('/trends')", timeout=30_000)
    page.wait_for_timeout(1500)
    assert "key_group=mining" in page.url and "year=2025" in page.url
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    visit(other, page.url.replace("/trends", "/"))
    other.get_by_text("规划目标进展").wait_for(timeout=30_000)
    other.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
    other.wait_for_timeout(1000)
    other.screenshot(path=str(ARTIFACTS / "shared_link.png"), full_page=True)
    assert other.locator('[data-testid="stMetricValue"]').all_inner_texts() == after
    other.close()


def test_an_accepted_upload_shows_in_another_open_session(server, browser, tmp_path):
    """Runs last (it adds an enterprise): the other tab sees it on its next rerun, no restart."""
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    visit(other, server + "/data")
    other.get_by_role("heading", name="数据管理").wait_for(timeout=30_000)
    count = other.locator('[data-testid="stMetricValue"]').first
    count.wait_for(timeout=30_000)
    before = int(count.inner_text().replace(",", ""))
    good = tmp_path / "参保单位.csv"
    good.write_text("统一社会信用代码,单位名称,行业代码,行政区划代码,职工人数,成立日期\n"
                    f"{make_uscc('530102', 88)},新增测试单位,47,530102,10,2020-01-01\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    visit(page, server + "/data")
    page.get_by_role("heading", name="数据管理").wait_for(timeout=30_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    page.get_by_role("button", name="校验并导入").click()
    page.get_by_test_id("stAlertContentSuccess").get_by_text("导入成功").wait_for(timeout=60_000)
    other.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="数据管理").click()   # a rerun of that session
    other.wait_for_function(f"() => document.querySelector('[data-testid=\"stMetricValue\"]')?.innerText.replace(',', '') == '{before + 1}'",
                            timeout=30_000)
    page.close()
    other.close()


def test_a_second_process_reads_and_imports_beside_the_serving_dashboard(server, page, monkeypatch, tmp_path):
    """Last in this module: it adds two cases to the served warehouse."""
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from analytics.data import warehouse
    from conftest import injuries_frame, logged_in

    visit(page, server)                                          # the server now holds the warehouse
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    with warehouse.connect(SERVED["db"], read_only=True) as con:  # a notebook's reader: a snapshot, not refused
        assert warehouse.is_snapshot(con)
        employer = warehouse.scalar(con, "select uscc from enterprises order by uscc limit 1")
        before = warehouse.scalar(con, "select count(*) from injuries")
    monkeypatch.setenv("ANALYTICS_DB", str(SERVED["db"]))
    at = logged_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)).run()   # notebook 02's AppTest cell
    assert not at.exception, at.exception
    assert any("只读副本" in c.value for c in at.sidebar.caption)
    from analytics import app_cache
    from analytics.access import roles

    stages = []
    upload = injuries_frame(1).assign(uscc=employer, case_no=["U-1"]).to_csv(index=False).encode()
    result = app_cache.import_upload(roles.Principal("test-admin", "admin"), "injuries", upload, "upload.csv",
                                     progress=stages.append)          # this process's upload, queued to the server
    assert result.accepted and stages[0] == "queue_queued", result.summary("en")
    csv = tmp_path / "nightly.csv"
    pd.DataFrame(injuries_frame(2).assign(uscc=employer, case_no=["N-1", "N-2"])).to_csv(csv, index=False)
    run = subprocess.run([sys.executable, "-m", "analytics", "import", "injuries", str(csv), "--db", str(SERVED["db"])],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "导入成功" in run.stdout, run.stderr
    visit(page, server + "/data")                               # the server answers, and shows the import
    page.get_by_text("nightly.csv").first.wait_for(state="attached", timeout=30_000)   # a grid cell (drawn on canvas)
    with warehouse.connect(SERVED["db"], read_only=True) as con:
        assert warehouse.scalar(con, "select count(*) from injuries") == before + 3


def test_twenty_sessions_at_once_each_get_their_pages_and_their_own_year(server):
    """The load benchmark's protocol client (benchmarks/users_bench.py) against the served app: twenty
    sessions log in and tour pages at the same moment; each gets its pages whole and its own year."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from protocol_client import ProtocolSession

    async def analyst(n: int):
        async with ProtocolSession(server, query="lang=zh") as session:
            await session.log_in("analyst", PASSWORD)
            runs = [await session.rerun(page=title) for title in ("趋势分析", "行业研判", "总览")]
            year = ("2023", "2024")[n % 2]
            runs.append(await session.choose("年度", year))
            return runs, year, session.widgets[("selectbox", "年度")]

    async def everyone():
        return await asyncio.wait_for(asyncio.gather(*(analyst(n) for n in range(20))), 600)

    with concurrent.futures.ThreadPoolExecutor(1) as thread:     # Playwright's sync API holds this thread's loop
        sessions = thread.submit(asyncio.run, everyone()).result()
    for runs, year, box in sessions:
        assert [r.exceptions for r in runs] == [[]] * 4
        assert all(title in r.headings for r, title in zip(runs, ["趋势分析", "行业研判", "总览", "总览"]))
        assert box.raw_value == year            # the rerun drew this session's choice


def test_the_pages_benchmark_opens_every_page_of_the_menu(server):
    """benchmarks/pages_bench.py (the first login and every page, as the server serves them) against
    the served app: each page of the menu opened once, timed, without an error."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pages_bench

    with concurrent.futures.ThreadPoolExecutor(1) as thread:     # Playwright's sync API holds this thread's loop
        times = thread.submit(asyncio.run, pages_bench._tour(server, 0.0, 1)).result(timeout=600)
    assert set(times) == {"login", *PAGES.values()}
    assert all(len(values) == 1 and 0 < values[0] < 120 for values in times.values())


def test_the_load_benchmark_drives_chromium_and_protocol_sessions_through_a_page_and_a_year(server):
    """benchmarks/users_bench.py as ``make bench`` runs it, made small: one Chromium page and two
    protocol sessions arrive, log in, open a page and change the year, each timed; the CPU the
    server and the browsers use over the rounds is counted apart."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import users_bench

    sampler = users_bench.Sampler(SERVED["pid"])
    sampler.start()
    with concurrent.futures.ThreadPoolExecutor(1) as thread:     # Playwright's sync API holds this thread's loop
        times = thread.submit(asyncio.run, users_bench._drive(server, 3, 1, 1, 0.0, ramp=1.0,
                                                              mark=sampler.mark)).result(timeout=600)
    sampler.stop.set()
    assert {kind: {step: len(values) for step, values in steps.items()} for kind, steps in times.items()} == {
        "browser": {"login": 1, "page": 1, "first": 1, "revisit": 0, "filter": 1},
        "protocol": {"login": 2, "page": 2, "first": 2, "revisit": 0, "filter": 2}}
    assert all(0 < seconds < 120 for steps in times.values() for values in steps.values() for seconds in values)
    assert set(sampler.marks) == {"rounds", "end"}
    assert all(sampler.marks["end"][kind] > sampler.marks["rounds"][kind] for kind in ("server", "browsers"))
    assert sampler.samples and max(sampler.samples) > 50           # the server's resident MiB
