"""Extraction on every core: ``extract_many`` spread over a pool of worker processes.

``extract_many(articles, *, resources=None, settings=None, workers=None)`` has the shape of
``sitroom.extract.extract_many``: it yields ``(article, events)`` in the order the articles
came, lazily (a bounded number of chunks in flight), so ``ingest``, ``extract`` and
``reextract`` can use it unchanged. ``ParallelExtractor`` keeps one pool across calls (ingest
extracts batch after batch) and is the ``extractor=`` that ``sitroom.ingest`` accepts.

Resources are loaded once per worker, not per article. On Linux the workers are forked from
the parent, which has usually loaded the spaCy model already: they share it (copy-on-write)
and load nothing heavy. The gazetteer geocoder holds a sqlite connection, which must not
cross a fork, so each worker opens its own geocoder and the actor dictionary that asks it
(``load_resources(settings, nlp=..., lexicon=...)``); the parent's copies are never touched
in a worker. Where fork is not available (or ``start_method="spawn"``) each worker loads
everything from the settings.

One worker (``workers=1``, or a single core) runs in-process with no pool at all.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator

from .extract import Resources, extract_many as _extract_many, load_resources
from .loader import Article
from .settings import Settings, load_settings

Extracted = tuple[Article, list[dict]]
CHUNK = 4            # articles per task: small, so two workers finish a batch of 50 at nearly the same time
IN_FLIGHT = 3        # chunks queued per worker: enough to never leave one idle, little memory

# Set in the parent just before the pool forks; read once by each worker's initializer.
_INHERITED: Resources | None = None
# The worker's own resources (per process).
_WORKER: Resources | None = None


def default_workers() -> int:
    """The cores this process may use (``os.sched_getaffinity`` where it exists)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _init_worker(settings: Settings, forked: bool) -> None:
    """Load this worker's resources: the parent's model and lexicon when forked, a fresh
    geocoder (own sqlite connection) and actor dictionary always."""
    global _WORKER
    parent = _INHERITED if forked else None
    if parent is not None:
        _WORKER = load_resources(settings, nlp=parent.nlp, lexicon=parent.lexicon)
    else:
        _WORKER = load_resources(settings)


def _extract_chunk(articles: list[Article], batch_size: int) -> list[list[dict]]:
    """Events of each article of one chunk (the articles themselves stay in the parent)."""
    assert _WORKER is not None, "worker not initialised"
    return [events for _, events in _extract_many(articles, resources=_WORKER, batch_size=batch_size)]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ParallelExtractor:
    """A process pool of extraction workers, reused across calls; a context manager.

    ``extractor(articles, resources=None)`` yields ``(article, events)`` in order, like
    ``sitroom.extract.extract_many``. Resources given here or at the first call are the
    ones forked workers share (their model and lexicon; never their geocoder).
    """

    def __init__(self, *, settings: Settings | None = None, resources: Resources | None = None,
                 workers: int | None = None, batch_size: int = 32, chunk: int = CHUNK,
                 start_method: str | None = None) -> None:
        self.settings = settings or load_settings()
        self.resources = resources
        self.workers = max(1, int(workers or default_workers()))
        self.batch_size = batch_size
        self.chunk = max(1, int(chunk))
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    # ---- pool -----------------------------------------------------------------------------------
    def _executor(self) -> ProcessPoolExecutor:
        global _INHERITED
        if self._pool is None:
            # Fork shares the model the parent loaded; without one loaded, each worker loads its own.
            if self.start_method is None:
                fork = "fork" in mp.get_all_start_methods() and self.resources is not None
                self.start_method = "fork" if fork else "spawn"
            forked = self.start_method == "fork"
            _INHERITED = self.resources if forked else None
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=mp.get_context(self.start_method),
                                             initializer=_init_worker, initargs=(self.settings, forked))
        return self._pool

    def close(self) -> None:
        global _INHERITED
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _INHERITED = None

    def __enter__(self) -> "ParallelExtractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- extraction ------------------------------------------------------------------------------
    def __call__(self, articles: Iterable[Article], *, resources: Resources | None = None) -> Iterator[Extracted]:
        if self.resources is None and resources is not None:
            self.resources = resources      # loaded by the caller: forked workers share its model
        if self.workers == 1:
            res = resources or self.resources or load_resources(self.settings)
            self.resources = res
            yield from _extract_many(articles, resources=res, batch_size=self.batch_size)
            return
        pool = self._executor()
        pending: deque[tuple[list[Article], Future]] = deque()
        try:
            for chunk in _chunks(articles, self.chunk):
                pending.append((chunk, pool.submit(_extract_chunk, chunk, self.batch_size)))
                while len(pending) >= self.workers * IN_FLIGHT:
                    yield from _ready(pending.popleft())
            while pending:
                yield from _ready(pending.popleft())
        finally:
            for _, fut in pending:   # a consumer that stops early (or an error) leaves nothing running
                fut.cancel()


def _ready(item: tuple[list[Article], Future]) -> Iterator[Extracted]:
    chunk, fut = item
    yield from zip(chunk, fut.result())


def extract_many(articles: Iterable[Article], *, resources: Resources | None = None,
                 settings: Settings | None = None, workers: int | None = None,
                 batch_size: int = 32) -> Iterator[Extracted]:
    """``(article, events)`` for every article, in order, extracted on ``workers`` processes
    (default: every core). ``resources`` (already loaded in this process) are shared with
    forked workers; ``settings`` say where each worker finds the gazetteer and data files."""
    with ParallelExtractor(settings=settings, resources=resources, workers=workers,
                           batch_size=batch_size) as extractor:
        yield from extractor(articles, resources=resources)
