"""Dashboard speed as an analyst sees it: every page's first view and a filter change, in Chromium.

Starts the dashboard on a warehouse (default: the demo one) and the registered models, then
for each page measures, with Playwright in Debian's Chromium,

- app load: opening the dashboard in a new tab until the overview is drawn (loads the
  whole Streamlit front end, so it is reported apart);
- first view: clicking the page in the sidebar until it has finished (Streamlit's running
  indicator gone, no placeholders left, charts drawn), first with the server's cache cold
  for that page and then, in a second tab, warm;
- filter change: choosing another year in the sidebar until the rerun has finished, once
  with a cold cache for that year, then after it is cached (back and forth, REPEAT times:
  median and slowest printed); on the enterprise page also with one enterprise's record open.

Times run from Playwright's click (which first waits for the option to stand still) to the
finished page, so they include a few tens of milliseconds the analyst never sees.

Run: ``.venv/bin/python benchmarks/browser_bench.py [DB]`` (figures printed, nothing asserted).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import statistics
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "app")]
from test_browser import CHROMIUM, CHROMIUM_ARGS, PAGES  # noqa: E402  (one definition of the browser set-up)

REPEAT = 5
RECORD_OPEN = "显示名单中选中的单位"   # the caption over a record opened from the list

# Streamlit marks the app root with its script state; a rerun is over once it went "running"
# and came back to "notRunning" with no visible placeholder left (the overview's hidden chart that
# preloads Plotly's front end, app_cache.preload_plotly, is out of sight and not waited for).
PLACEHOLDER = """document.querySelector('[data-testid="stSkeleton"]:not(.st-key-plotly_preload *)')"""
WATCH = """() => { window.__ran = false;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__ran = true; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
DONE = """() => window.__ran
  && document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'
  && !""" + PLACEHOLDER
LOADED = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('h1, .slide-title') && !""" + PLACEHOLDER + "; }"


def _serve(db: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env={**os.environ, "ANALYTICS_DB": db},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the dashboard did not start")


def _timed(page, action) -> float:
    """Seconds from ``action`` until the rerun it causes has finished and drawn."""
    page.evaluate(WATCH)
    start = time.perf_counter()
    action()
    page.wait_for_function(DONE, timeout=120_000, polling=20)
    return time.perf_counter() - start


def _choose_year(page, year: int) -> float:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.locator("input")
    box.click()
    option = page.get_by_role("option", name=str(year), exact=True)
    option.wait_for()
    return _timed(page, option.click)


def _cached_changes(page) -> tuple[float, float]:
    """Median and slowest of REPEAT cached year changes (2023 and 2025 both cached before)."""
    times = [_choose_year(page, year) for _ in range(REPEAT) for year in (2023, 2025)]
    return statistics.median(times), max(times)


def _open(page, path: str) -> float:
    """Click the page in the sidebar (meeting mode has no sidebar: opened from its link)."""
    return _timed(page, page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=PAGES[path]).click)


def _tab(browser, url: str):
    """A new tab (a new browser context: nothing cached) opened at ``url``, and its load time."""
    return _load(browser.new_page(viewport={"width": 1400, "height": 1000}), url)


def _load(tab, url: str):
    start = time.perf_counter()
    tab.goto(url)
    tab.wait_for_function(LOADED, timeout=120_000, polling=20)
    return tab, time.perf_counter() - start


def main(db: str) -> None:
    proc, url = _serve(db)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab, load = _tab(browser, url)
            print(f"app load in a new tab (cold server): {load:.2f} s")
            cold = {path: _open(tab, path) for path in PAGES if path != "meeting"}
            tab.close()
            tab, load = _tab(browser, url)
            print(f"app load in a new tab (warm server): {load:.2f} s")
            returning = browser.new_context(viewport={"width": 1400, "height": 1000})   # keeps its HTTP cache
            for path in ("", "/trends"):
                _load(returning.new_page(), url + path)[0].close()
                again, load = _load(returning.new_page(), url + path)
                again.close()
                print(f"link {path or '/'} opened again in the same browser (front end cached): {load:.2f} s")
            returning.close()
            print()
            print(f"{'page':12s} {'first view cold':>16s} {'first view warm':>16s} {'filter cold':>12s}"
                  f" {'filter cached (median / slowest)':>34s}")
            for path in PAGES:
                if path == "meeting":
                    continue
                warm = _open(tab, path)
                filter_cold = _choose_year(tab, 2023)
                _choose_year(tab, 2025)
                median, slowest = _cached_changes(tab)
                print(f"{path:12s} {cold[path]:15.2f}s {warm:15.2f}s {filter_cold:11.2f}s"
                      f" {median:20.2f}s / {slowest:.2f}s")
            _open(tab, "enterprises")
            grid = tab.locator('[data-testid="stDataFrame"]').first.bounding_box()
            _timed(tab, lambda: tab.mouse.click(grid["x"] + 18, grid["y"] + 35 * 3 + 17))   # the third row's record
            filter_cold = _choose_year(tab, 2023)          # the third entry of 2023's list: its record is new
            _choose_year(tab, 2025)
            median, slowest = _cached_changes(tab)
            still_open = tab.get_by_text(RECORD_OPEN).count() == 1
            print(f"{'  + record':12s} {'':15s}  {'':15s}  {filter_cold:11.2f}s {median:20.2f}s / {slowest:.2f}s"
                  f"  (one enterprise's record {'open' if still_open else 'CLOSED by the filter change'})")
            meeting, load = _tab(browser, url + "/meeting")
            step = _timed(meeting, meeting.get_by_role("button", name="下一页").click)
            print(f"{'meeting':12s} {load:15.2f}s (new tab) next slide {step:.2f} s")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "data" / "warehouse.duckdb"))
