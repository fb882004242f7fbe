"""Every page on a freshly started dashboard, as the server serves it: the first login and each page twice.

Starts the dashboard on a warehouse (default: the demo one; the 1,000,000-enterprise demo is where
it matters) with the models of ``ANALYTICS_MODELS_DIR``, and one session that speaks the dashboard's
WebSocket protocol (``protocol_client.py``) logs in as an administrator, waits WAIT seconds (0: the
pages are opened while the background warm-up is still running) and opens every page of the menu,
ROUNDS times. A step is timed from the message to the server's ``script_finished`` (drawing
excluded); the server's peak resident memory is sampled throughout.

Run: ``.venv/bin/python benchmarks/pages_bench.py [DB] [--wait 0] [--rounds 2]`` (figures printed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "app"), str(ROOT / "benchmarks")]
from browser_bench import _serve  # noqa: E402  (one way to start the dashboard)
from protocol_client import ProtocolSession  # noqa: E402
from test_browser import PAGES, PASSWORD, make_accounts  # noqa: E402
from users_bench import Sampler  # noqa: E402  (the server's memory, as the load benchmark samples it)


async def _tour(url: str, wait: float, rounds: int) -> dict[str, list[float]]:
    """Seconds by page title (and "login"), printed as they come; a page that showed an error raises."""
    times: dict[str, list[float]] = {}
    async with ProtocolSession(url, query="lang=zh") as session:
        login = await session.log_in("admin", PASSWORD)
        times["login"] = [login.seconds]
        print(f"  first login {login.seconds:6.2f} s", flush=True)
        await asyncio.sleep(wait)
        for n in range(rounds):
            for title in PAGES.values():
                step = await session.rerun(page=title)
                if step.exceptions:
                    raise RuntimeError(f"{title} showed an error: {step.exceptions[0]}")
                times.setdefault(title, []).append(step.seconds)
                print(f"  round {n + 1}  {title:6s} {step.seconds:6.2f} s", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=str(ROOT / "data" / "warehouse.duckdb"))
    parser.add_argument("--wait", type=float, default=0.0, help="seconds between the login and the first page")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANALYTICS_USERS_FILE"] = str(make_accounts(Path(folder) / "users.json"))
        proc, url = _serve(args.db)
        sampler = Sampler(proc.pid)
        sampler.start()
        print(f"{args.db} (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)")
        try:
            asyncio.run(_tour(url, args.wait, args.rounds))
        finally:
            sampler.stop.set()
            proc.terminate()
            proc.wait(timeout=30)
    print(f"  server memory peak {max(sampler.samples, default=0):.0f} MiB")


if __name__ == "__main__":
    main()
