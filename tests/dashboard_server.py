"""A real dashboard on a free port, Debian's Chromium and the wait for a page to settle: shared by the browser
test (tests/test_browser.py) and the browser benchmark (scripts/bench_browser.py)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}   # requests anywhere else leave the machine
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-unsafe-swiftshader"]


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(db: Path, log_path: Path, *, author: str = "browser-test", timeout: float = 60,
              via_cli: bool = False) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, server process) of the dashboard on ``db``, its output in ``log_path``; stopped after.

    ``via_cli``: started as a user would, ``sitroom dashboard --headless``, rather than by
    ``streamlit run app.py`` directly."""
    port = free_port()
    env = dict(os.environ, SITROOM_DB=str(db), SITROOM_AUTHOR=author)
    if via_cli:
        cmd = [sys.executable, "-m", "sitroom.cli", "dashboard", "--headless", "--db", str(db), "--port", str(port)]
    else:
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://localhost:{port}"
        try:
            deadline = time.time() + timeout
            while True:
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.time() > deadline:
                    raise ServerError("streamlit did not start: " + Path(log_path).read_text()[-2000:])
                time.sleep(0.3)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def launch_chromium(pw):
    """Debian's Chromium through Playwright (its own browser download does not work here)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def settle(page, timeout: float = 25.0) -> None:
    """Wait until the script run finished (no status widget, no skeletons) and charts drew."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout * 1000)
    deadline, quiet = time.time() + timeout, 0
    while time.time() < deadline and quiet < 3:
        busy = page.locator("[data-testid='stStatusWidget'], [data-testid='stSkeleton']").count()
        quiet = 0 if busy else quiet + 1
        time.sleep(0.25)
    if page.locator("[data-testid='stPlotlyChart']").count():
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=timeout * 1000)
    time.sleep(0.5)
