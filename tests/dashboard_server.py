"""A real `streamlit run app.py` on a free port, and Debian's Chromium: shared by the browser
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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-unsafe-swiftshader"]


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(db: Path, log_path: Path, *, author: str = "browser-test",
              timeout: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, server process) of the dashboard on ``db``, its output in ``log_path``; stopped after."""
    port = free_port()
    env = dict(os.environ, SITROOM_DB=str(db), SITROOM_AUTHOR=author)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
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
