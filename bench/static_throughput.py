"""The static edition's throughput against Streamlit's, each on one core: whole readers served per second by a
static web server (wrk requesting a page and its assets in turn) and Streamlit sessions opened per second (GET the
page, the websocket, the first script run), the load generator pinned to the other core. Used by
bench/static_edition.py; `python -m bench.static_throughput URL PATH CLIENTS SECONDS` is the session load it runs
in a process of its own.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PIN = hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2


@contextlib.contextmanager
def on_core(core: int | None):
    """This process (and what it starts meanwhile, which inherits it) on one core, as `taskset -c core` would."""
    if core is None or not PIN:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {sorted(before)[core]})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def readers_per_second(base: str, paths: list[str], clients: int, seconds: int, work: Path) -> float | None:
    """wrk requesting `paths` in turn: requests per second ÷ len(paths), whole readers served per second."""
    if not shutil.which("wrk"):
        return None
    script = work / "paths.lua"
    script.write_text("local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\nlocal i = 0\n"
                      "request = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end\n"
                      "done = function(s) io.write(string.format('\\nREQUESTS %d %d %d\\n', s.requests, "
                      "s.duration, s.errors.status + s.errors.connect + s.errors.read + s.errors.timeout)) end\n")
    with on_core(1):
        out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "-s", str(script), base],
                             capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    requests, micros, errors = map(int, re.search(r"REQUESTS (\d+) (\d+) (\d+)", out).groups())
    if errors:
        raise RuntimeError(f"wrk saw {errors} errors: {out[-500:]}")
    return requests / (micros / 1e6) / len(paths)


async def _sessions_client(base: str, path: str, clients: int, seconds: float) -> None:
    """Streamlit sessions opened per second, as a browser opens one: GET the page, the websocket, the first run."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    done, latencies, errors, deadline = [], [], [], time.monotonic() + 120
    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_name = path.strip("/")

    async def session() -> None:  # counted when it ends before the deadline
        started = time.monotonic()
        await asyncio.to_thread(lambda: urllib.request.urlopen(base + path, timeout=30).read())
        async with connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None, open_timeout=30) as ws:
            await ws.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await asyncio.wait_for(ws.recv(), 30))
                if message.WhichOneof("type") == "script_finished":
                    if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        raise RuntimeError(f"script run ended with {message.script_finished}")
                    break
        if time.monotonic() <= deadline:
            done.append(time.monotonic())
            latencies.append(time.monotonic() - started)

    async def worker() -> None:
        while time.monotonic() < deadline:
            try:
                await session()
            except Exception as err:  # noqa: BLE001  (counted and reported, the others go on)
                errors.append(f"{type(err).__name__}: {err}"[:200])

    await session()  # one unmeasured session fills the server's caches for this page
    done.clear(), latencies.clear()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(clients))), seconds + 60)
    print(json.dumps({"per_s": len(done) / (max(done) - started) if done else 0.0, "sessions": len(done),
                      "latency_s": statistics.median(latencies) if latencies else None, "errors": errors}))


def sessions_per_second(app_url: str, path: str, clients: int, seconds: int) -> dict:
    with on_core(1):
        out = subprocess.run([sys.executable, "-m", "bench.static_throughput", app_url, path,
                              str(clients), str(seconds)], cwd=PROJECT, capture_output=True, text=True,
                             timeout=seconds + 120)
    if out.returncode:
        raise RuntimeError(f"session client failed: {out.stderr[-1000:]}")
    return json.loads(out.stdout.splitlines()[-1])



if __name__ == "__main__":
    url, path, clients, seconds = sys.argv[1:5]
    asyncio.run(_sessions_client(url, path, int(clients), float(seconds)))
