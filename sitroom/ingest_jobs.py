"""Ingest jobs for the dashboard: run in a background thread, report per article as they go.

The Ingest page submits a job (dropped files, a pasted article, links and feeds) and polls it;
the job keeps running when the analyst moves to another page. Jobs run one at a time in a
process-wide queue, each through the usual ``Batcher`` (short write transactions), so the
dashboard's other sessions and CLI processes keep working on the same database.
"""
from __future__ import annotations

import itertools
import threading
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from queue import Queue
from typing import Callable

from .ingest import Batcher, Extractor, IngestReport, Outcome
from .loader import LoadResult
from .store import Store

Source = tuple[str, Callable[[], LoadResult]]   # (label, reads the articles when called)


@dataclass
class IngestJob:
    id: int
    label: str
    sources: list[Source]
    created: datetime = field(default_factory=datetime.now)
    status: str = "queued"            # queued | reading | storing | done | failed
    sources_done: int = 0
    current: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    report: IngestReport | None = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return out


class JobQueue:
    """One worker thread per queue; ``resources()`` is called once, on the first job (the
    extractor's models load in the background, not in a page's script run)."""

    def __init__(self, store: Store, resources: Callable[[], object], *, extractor: Extractor | None = None,
                 batch_size: int = 10):
        self.store = store
        self._resources_factory = resources
        self._resources = None
        self.extractor = extractor
        self.batch_size = batch_size
        self._jobs: list[IngestJob] = []
        self._ids = itertools.count(1)
        self._queue: Queue[IngestJob] = Queue()
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._work, name="sitroom-ingest", daemon=True)
        self._worker.start()

    def submit(self, label: str, sources: list[Source]) -> IngestJob:
        with self._lock:
            job = IngestJob(next(self._ids), label, sources)
            self._jobs.append(job)
        self._queue.put(job)
        return job

    def jobs(self) -> list[IngestJob]:
        with self._lock:
            return list(reversed(self._jobs))

    def wait(self, job: IngestJob, timeout: float = 300.0) -> IngestJob:
        """Block until ``job`` has finished (tests, scripts)."""
        import time
        deadline = time.monotonic() + timeout
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.05)
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self._run(job)
                job.status = "done"
            except Exception as exc:  # noqa: BLE001 - the job reports it; the worker lives on
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
                traceback.print_exc()

    def _run(self, job: IngestJob) -> None:
        job.status = "reading"
        if self._resources is None:
            job.current = "loading the extractor's models"
            self._resources = self._resources_factory()
        kwargs = {"extractor": self.extractor} if self.extractor else {}
        batcher = Batcher(self.store, self._resources, batch_size=self.batch_size,
                          on_outcome=job.outcomes.append, **kwargs)
        for label, read in job.sources:
            job.current = label
            batcher.add_result(read())
            job.sources_done += 1
        job.status, job.current = "storing", "extracting and storing the last batch"
        job.report = batcher.finish()
        job.current = ""
