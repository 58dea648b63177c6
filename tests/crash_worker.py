"""Run by tests/test_crash.py in a child process that gets killed with SIGKILL at random moments."""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import fake_extractor  # noqa: E402
from sitroom.ingest import ingest_paths, reextract  # noqa: E402
from sitroom.store import Store  # noqa: E402


def slow(articles, *, resources=None):
    for item in fake_extractor(articles):
        time.sleep(0.01)   # widen the window in which a kill lands mid-batch
        yield item


if __name__ == "__main__":
    mode, db, src = sys.argv[1], sys.argv[2], sys.argv[3]
    store = Store(db, shared=True)
    if mode == "ingest":
        ingest_paths([Path(src)], store=store, resources=None, extractor=slow, batch_size=7)
    else:
        reextract(store=store, resources=None, extractor=slow)
    print("done")
