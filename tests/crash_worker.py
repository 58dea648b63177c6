"""Run by tests/test_crash.py: a fork server that has imported sitroom once and forks one child
per run, so each ingest or reextract the test kills with SIGKILL starts at once (no interpreter
start-up per kill). Commands on stdin, one per line:

    run MODE DB SOURCE PAUSE   -> "child PID"; the child prints "ready PID", later "done PID"
    wait PID                   -> "status PID WAITSTATUS"
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import fake_extractor  # noqa: E402
from sitroom.ingest import ingest_paths, reextract  # noqa: E402
from sitroom.store import Store  # noqa: E402


def say(line: str) -> None:
    """One whole line in one write(2): the server and its children share the pipe, and separate
    writes of a line and its newline could interleave ("child 12ready 13")."""
    os.write(1, (line + "\n").encode())


def child(mode: str, db: str, src: str, pause: float) -> None:
    def slow(articles, *, resources=None):
        for item in fake_extractor(articles):
            time.sleep(pause)   # widen the window in which a kill lands mid-batch
            yield item

    store = Store(db, shared=True)
    say(f"ready {os.getpid()}")
    if mode == "ingest":
        ingest_paths([Path(src)], store=store, resources=None, extractor=slow, batch_size=7)
    else:
        reextract(store=store, resources=None, extractor=slow)
    store.close()
    say(f"done {os.getpid()}")


def serve() -> None:
    for line in sys.stdin:
        cmd = line.split()
        if cmd[0] == "run":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    child(cmd[1], cmd[2], cmd[3], float(cmd[4]))
                except BaseException as exc:  # noqa: BLE001 - reported to the test
                    say(f"error {os.getpid()} {exc!r}")
                    code = 1
                finally:
                    os._exit(code)
            say(f"child {pid}")
        elif cmd[0] == "wait":
            _, status = os.waitpid(int(cmd[1]), 0)
            say(f"status {cmd[1]} {status}")


if __name__ == "__main__":
    serve()
