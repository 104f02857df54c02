"""The README's screenshots, from the app as it is: every page at 1440 and 390 px, and the overview in Ukrainian.

    .venv/bin/python scripts/screenshots.py [--db data/escalation.duckdb] [--out docs/screenshots]

Starts `streamlit run dashboard/app.py` on a free loopback port against the database, opens each page in Debian's
Chromium (Playwright), waits until its charts are drawn and writes the first screen of each (what a reader sees
before scrolling) as <page>-<width>.png. Needs /usr/bin/chromium (apt-get install -y chromium).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PAGES = {"overview": "/", "records": "/records", "escalation": "/escalation", "regions": "/regions",
         "methods": "/methods", "overview-uk": "/?lang=uk"}
SIZES = {1440: 1000, 390: 844}
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=PROJECT / "data" / "escalation.duckdb")
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"screenshots: no database at {args.db}; build it with ./run.sh or python -m etl refresh",
              file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=dict(os.environ, ESCALATION_DB=str(args.db)), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    print("screenshots: streamlit did not start", file=sys.stderr)
                    return 1
                time.sleep(0.3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            for name, path in PAGES.items():
                for width, height in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(url + path)
                    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
                    if name != "methods":
                        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
                    page.wait_for_function("!document.querySelector(\"[data-testid='stStatusWidget']\")",
                                           timeout=60_000)
                    page.wait_for_timeout(1500)
                    target = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(target))
                    print(f"screenshots: {target.relative_to(PROJECT) if target.is_relative_to(PROJECT) else target}")
                    page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
