"""The running dashboard in Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "总览", "trends": "趋势分析", "premiums": "费率浮动", "data": "数据管理"}

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"),
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed (make test installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db):
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    port = _free_port()
    env = {**os.environ, "ANALYTICS_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def test_navigation_through_every_page_with_screenshots(server, page):
    page.goto(server)
    page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    for path, title in PAGES.items():
        page.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).wait_for(timeout=30_000)
        page.wait_for_timeout(4000)   # charts draw after the heading
        assert page.locator('[data-testid="stException"]').count() == 0
        assert f"/{path}" in page.url or path == "overview"
        page.screenshot(path=str(ARTIFACTS / f"{path}.png"), full_page=True)


def test_a_filter_changes_the_figures_survives_a_page_switch_and_travels_in_the_link(server, page, browser):
    page.goto(server)
    values = page.locator('[data-testid="stMetricValue"]')
    page.get_by_text("规划目标进展").wait_for(timeout=30_000)
    page.wait_for_timeout(2000)
    before = values.all_inner_texts()
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(2).locator("input").click()
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
    other.goto(page.url.replace("/trends", "/"))
    other.get_by_text("规划目标进展").wait_for(timeout=30_000)
    other.wait_for_timeout(2000)
    assert other.locator('[data-testid="stMetricValue"]').all_inner_texts() == after
    other.close()
