"""Twenty analysts at once: concurrent sessions through pages and filter changes.

Starts the dashboard on a warehouse (default: the demo one). USERS sessions arrive one after
another over RAMP seconds and log in; once every one is in, each opens a page from the sidebar and
changes the year, ROUNDS times, all at the same time, waiting THINK seconds (on average, seeded)
before each step as an analyst reading the page would (0: a burst). The server's resident memory is
sampled throughout.

BROWSERS of the sessions are Chromium pages (default: all): an interaction is timed from the click
to the finished, drawn rerun (as in ``browser_bench.py``), and the login from opening the address to
the drawn overview. The others speak the dashboard's WebSocket protocol themselves
(``protocol_client.py``): the server runs the same full session for them, and an interaction is
timed from the message to the server's ``script_finished`` (drawing excluded). On one machine every
Chromium renderer takes CPU from the server and from the others, which analysts' browsers on their
own PCs do not: ``--browsers 2`` measures what an analyst sees while twenty work at once.

Printed: p50/p95/max of each step by kind of client (the pages again split into those a session
opens for the first time, "first", and those it opened before, "revisit"), the CPU seconds the
server and the browsers (Chromium and Playwright's driver) used over the rounds, and the server's
memory before, at its peak and at the end.

Run: ``.venv/bin/python benchmarks/users_bench.py [DB] [--users 20] [--browsers 2] [--rounds 4]
[--think 5] [--ramp 60]`` (figures printed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "app"), str(ROOT / "benchmarks")]
from browser_bench import LOADED, _serve  # noqa: E402  (one definition of "loaded")
from protocol_client import ProtocolSession  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, make_accounts  # noqa: E402

TOUR = ["趋势分析", "行业研判", "总览", "费率浮动"]
YEARS = (2024, 2025)
YEAR_LABEL = "年度"


def _rss_mib(pid: int) -> float:
    """Resident memory of the server process and its children, MiB."""
    total = 0
    for proc in [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]:
        try:
            status = Path(f"/proc/{proc}/status").read_text()
        except FileNotFoundError:
            continue
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    return total / 1024


def _processes() -> dict[int, tuple[int, float]]:
    """Every process: its parent and the CPU seconds it has used so far."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return found


class Sampler(threading.Thread):
    """Every half second, the server's resident memory, and the CPU time used so far by the server
    and by the browsers (this benchmark's other child processes: Chromium and Playwright's driver),
    kept per process so that a process that has ended still counts."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()
        self.used: dict[int, tuple[str, float]] = {}
        self.marks: dict[str, dict[str, float]] = {}
        self.lock = threading.Lock()                    # mark() is called from the benchmark's own thread

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.samples.append(_rss_mib(self.pid))
            self._count()

    def _count(self) -> dict[str, float]:
        """CPU seconds by kind ("server", "browsers") used up to now."""
        found = _processes()
        kinds, grown = {os.getpid(): "benchmark", self.pid: "server"}, True
        while grown:                                    # down the tree, a generation at a time
            children = {pid: "server" if kinds[parent] == "server" else "browsers"
                        for pid, (parent, _) in found.items() if pid not in kinds and parent in kinds}
            kinds.update(children)
            grown = bool(children)
        totals = {"server": 0.0, "browsers": 0.0}
        with self.lock:
            self.used.update({pid: (kind, found[pid][1]) for pid, kind in kinds.items()
                              if pid in found and kind != "benchmark"})
            for kind, seconds in self.used.values():
                totals[kind] += seconds
        return totals

    def mark(self, name: str) -> None:
        """Keep the CPU used up to now under ``name`` ("rounds", "end")."""
        self.marks[name] = self._count()


IDLE = """() => document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'
  && !document.querySelector('[data-testid="stSkeleton"]:not(.st-key-plotly_preload *)')"""


async def _timed(page, action, arrived) -> float:
    """Seconds from ``action`` until ``arrived`` (an awaitable factory: the new page's heading, the
    chosen year in the box) holds and the rerun is over. Under load a session can miss the short
    "running" state, so arrival is checked on what the analyst sees, not on the transition."""
    start = time.perf_counter()
    await action()
    await arrived()
    await page.wait_for_function(IDLE, timeout=180_000, polling=50)
    return time.perf_counter() - start


async def _think(rng: random.Random, think: float) -> None:
    if think > 0:
        await asyncio.sleep(rng.expovariate(1 / think))


async def _session(browser, url: str, rounds: int, times: dict[str, list[float]], think: float,
                   rng: random.Random, arrive: float, everyone_in: asyncio.Barrier, mark) -> None:
    await asyncio.sleep(arrive)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=180_000)
    await page.get_by_label("账号").fill("analyst")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_function(LOADED, timeout=180_000, polling=50)
    times["login"].append(time.perf_counter() - start)
    if await everyone_in.wait() == 0:
        mark("rounds")
    nav = page.locator('[data-testid="stSidebarNav"]')
    for n in range(rounds):
        await _think(rng, think)
        title = TOUR[n % len(TOUR)]
        heading = page.get_by_role("heading", name=title, exact=True).first
        times["page"].append(await _timed(page, nav.get_by_role("link", name=title).click,
                                          lambda: heading.wait_for(timeout=180_000)))
        times["revisit" if n >= len(TOUR) else "first"].append(times["page"][-1])
        box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        year = str(YEARS[n % 2])
        if await box.locator("input").input_value() == year:
            year = str(YEARS[(n + 1) % 2])              # choosing the year shown would not rerun
        await box.locator("input").click()
        option = page.get_by_role("option", name=year, exact=True)
        await option.wait_for()
        await _think(rng, think)
        times["filter"].append(await _timed(page, option.click,
                                            lambda: page.wait_for_function(
                                                "y => document.querySelector('[data-testid=stSidebar] "
                                                "[data-testid=stSelectbox] input').value === y", arg=year,
                                                timeout=180_000)))
    await context.close()


async def _protocol_session(url: str, rounds: int, times: dict[str, list[float]], think: float,
                            rng: random.Random, arrive: float, everyone_in: asyncio.Barrier, mark) -> None:
    await asyncio.sleep(arrive)
    async with ProtocolSession(url, query="lang=zh") as session:
        times["login"].append((await session.log_in("analyst", PASSWORD)).seconds)
        if await everyone_in.wait() == 0:
            mark("rounds")
        for n in range(rounds):
            await _think(rng, think)
            opened = await session.rerun(page=TOUR[n % len(TOUR)])
            await _think(rng, think)
            chosen = await session.choose(YEAR_LABEL, str(YEARS[n % 2]))
            if opened.exceptions or chosen.exceptions:
                raise RuntimeError(f"the page showed an error: {opened.exceptions + chosen.exceptions}")
            times["page"].append(opened.seconds)
            times["revisit" if n >= len(TOUR) else "first"].append(opened.seconds)
            times["filter"].append(chosen.seconds)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def _drive(url: str, users: int, rounds: int, browsers: int, think: float, ramp: float = 0.0,
                 mark=lambda name: None) -> dict[str, dict[str, list[float]]]:
    """Interaction times by kind of client ("browser", "protocol") and step ("login", "page", "filter";
    the page times again split into "first", a page the session had not opened yet, and "revisit").
    ``mark`` is called with "rounds" once every session has logged in and with "end" when the last
    round is over."""
    times = {kind: {"login": [], "page": [], "first": [], "revisit": [], "filter": []}
             for kind in ("browser", "protocol")}
    everyone_in = asyncio.Barrier(users)
    sessions = [(random.Random(user), ramp * user / users) for user in range(users)]
    drawn = set(range(0, users, users // browsers)[:browsers]) if browsers else set()   # spread over the arrivals
    protocol = [_protocol_session(url, rounds, times["protocol"], think, rng, arrive, everyone_in, mark)
                for user, (rng, arrive) in enumerate(sessions) if user not in drawn]
    if not drawn:
        await asyncio.gather(*protocol)
        mark("end")
        return times
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*protocol, *(_session(browser, url, rounds, times["browser"], think, *sessions[user],
                                                   everyone_in, mark) for user in sorted(drawn)))
        mark("end")
        await browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=str(ROOT / "data" / "warehouse.duckdb"))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--browsers", type=int, help="sessions drawn in Chromium (default: all); the rest speak "
                                                      "the protocol")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between an analyst's steps")
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which the sessions arrive")
    args = parser.parse_args()
    browsers = args.users if args.browsers is None else min(args.browsers, args.users)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANALYTICS_USERS_FILE"] = str(make_accounts(Path(folder) / "users.json"))
        proc, url = _serve(args.db)
        sampler = Sampler(proc.pid)
        sampler.start()
        try:
            idle = _rss_mib(proc.pid)
            started = time.perf_counter()
            times = asyncio.run(_drive(url, args.users, args.rounds, browsers, args.think, args.ramp, sampler.mark))
            wall = time.perf_counter() - started
        finally:
            sampler.stop.set()
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{args.users} sessions ({browsers} in Chromium on this machine) x {args.rounds} rounds, think "
          f"{args.think:g} s, arriving over {args.ramp:g} s, in {wall:.0f} s "
          f"(load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)")
    for kind, steps in times.items():
        for step, values in steps.items():
            if values:
                print(f"  {kind:8s} {step:7s} n={len(values):3d}  p50 {statistics.median(values):.2f} s  "
                      f"p95 {_percentile(values, 0.95):.2f} s  max {max(values):.2f} s")
    steps = sum(len(times[kind][step]) for kind in times for step in ("page", "filter"))
    if steps and {"rounds", "end"} <= set(sampler.marks):
        used = {kind: sampler.marks["end"][kind] - sampler.marks["rounds"][kind] for kind in ("server", "browsers")}
        drawn = len(times["browser"]["page"]) + len(times["browser"]["filter"])
        print(f"  CPU over the rounds: server {used['server']:.0f} s ({used['server'] / steps:.2f} s a step)" +
              (f", Chromium and its driver {used['browsers']:.0f} s ({used['browsers'] / drawn:.2f} s a drawn step)"
               if drawn else ""))
    print(f"  server memory: {idle:.0f} MiB before, peak {max(sampler.samples, default=idle):.0f} MiB, "
          f"last {sampler.samples[-1] if sampler.samples else idle:.0f} MiB")


if __name__ == "__main__":
    main()
