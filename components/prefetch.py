"""Each page's default view, and a background warm-up of the other pages for the current filters.

After a page has run, ``prefetch(f)`` computes in one background thread what every other page
shows by default for the same filters (timeline, map markers, the events table's first page,
the actor network, the period comparison and balance, the week's briefing), through the
same cached functions the pages call. Switching pages then reads a cache instead of waiting
for DuckDB. Streamlit's cache computes a value once even when the page asks for it while
the warm-up is still computing it (one lock per cached value).

The warm-up stays out of the analyst's way (``page_running``):

- it waits while any page is running, and after a browser's first page for ``FIRST_DRAW``
  seconds or until that browser asks for another page (a new browser, a shared link opened
  fresh, spends that long loading Streamlit's chart scripts and drawing, on the same cores
  when dashboard and browser share a laptop);
- a step it is computing gives up at its next query when a page for other filters is running
  or a new browser is drawing, and is computed again afterwards (a page for the same filters
  lets it finish: that page may be waiting for the very value);
- it stops when newer filters have started their own warm-up.

The defaults live here, once, because the pages and the warm-up must agree on them.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from datetime import date, timedelta

from sitroom.analysis import trends
from sitroom.query import Filters

from . import reads
from . import store as data

log = logging.getLogger(__name__)
_STARTED: set[tuple] = set()
_LOCK = threading.Lock()
_STOP = threading.Event()
_RUNNING: list[threading.Thread] = []
_ACTIVE_RUNS: dict[int, Filters | None] = {}   # page runs in progress, all sessions: their filters once known
_DRAWING: dict[str, float] = {}   # session -> time.monotonic() until which its browser draws its first page
_GENERATION = [0]         # bumped by every new warm-up; an older one stops at its next step or query
IDLE_POLL = 0.05
# Measured at 1M events on 2 cores: a fresh browser draws its first page's charts 1-1.5 s after the
# page's run has ended.
FIRST_DRAW = 1.5
MAX_REMEMBERED = 512      # filter sets warmed per process (the set is cleared beyond it)
TIMELINE_FREQS = ("day", "week", "month")
DEFAULT_TOP_ACTORS = 40
# The Trends page's widgets and the warm-up read these, so they cannot drift apart.
TREND_BY = ("country", "actor")
DEFAULT_TREND_BY = "country"
TREND_DAYS = (7, 14, 30, 90)
DEFAULT_TREND_DAYS = 7
DEFAULT_SURGE_RULE = trends.SurgeRule()
# The events tables' default page size (components.tables' "Rows per page").
DEFAULT_PAGE_SIZE = reads.PAGE_SIZES[1]


def timeline_freq(f: Filters, h: dict) -> str:
    """The Timeline's default bar width: days up to 45 days of data shown, weeks up to a year."""
    return trends.auto_freq(f.start or h.get("first"), f.end or h.get("last"))


def balance_freq(f: Filters) -> str:
    """The Trends page's default period for the cooperation/conflict balance."""
    return trends.auto_freq(f.start, f.end) if f.start else "week"


def briefing_period(f: Filters, last: date) -> tuple[date, date]:
    """The Briefing page's default period: a week up to the filters' end (or the newest event),
    the filters' own span when it is a month or less."""
    end = f.end or last
    start = f.start if f.start and (end - f.start).days < 31 else end - timedelta(days=6)
    return start, end


def _steps(f: Filters) -> list:
    """The default reads of every page, in menu order (so the next page is warm first)."""
    from . import map_view
    from .actors_view import actor_analysis
    from .briefing_view import briefing, candidates
    from .trends_view import balance, comparison
    h = reads.headline_counts(f)
    last = reads.filter_options().get("last")
    steps = [lambda: reads.timeline(f, timeline_freq(f, h)),
             lambda: map_view.figure(f, map_view.VIEWS[0]),
             lambda: reads.events(f, limit=DEFAULT_PAGE_SIZE),
             lambda: actor_analysis(f, top_n=DEFAULT_TOP_ACTORS),
             lambda: comparison(f, by=DEFAULT_TREND_BY, days=DEFAULT_TREND_DAYS, rule=DEFAULT_SURGE_RULE),
             lambda: balance(f, freq=balance_freq(f))]
    if last is not None:
        start, end = briefing_period(f, last)
        steps += [lambda: candidates(f, start=start, end=end),
                  lambda: briefing(f, start=start, end=end, pinned=(), dropped=(), summary="", title="")]
    return steps


class page_running:
    """Context manager around a page run (app.py): the warm-up waits until no page is running.

    ``session`` names the browser session; ``first``: its first run (a browser that has just
    opened the dashboard), after which the warm-up also waits while that browser draws: for
    ``FIRST_DRAW`` seconds, or until the session asks for another run (it has drawn by then).
    ``shows(f)`` tells the warm-up which filters the run is for, once the sidebar has read them.
    """

    def __init__(self, session: str = "", *, first: bool = False):
        self.session, self.first = session, first

    def __enter__(self) -> "page_running":
        with _LOCK:
            _ACTIVE_RUNS[id(self)] = None
            _DRAWING.pop(self.session, None)
        return self

    def shows(self, f: Filters) -> None:
        with _LOCK:
            _ACTIVE_RUNS[id(self)] = f

    def __exit__(self, *exc) -> None:
        with _LOCK:
            _ACTIVE_RUNS.pop(id(self), None)
            if self.first:
                _DRAWING[self.session] = time.monotonic() + FIRST_DRAW


def _drawing() -> bool:
    """Is a new browser still drawing its first page? (Forgets the browsers that are done.)"""
    now = time.monotonic()
    with _LOCK:
        for session in [k for k, until in _DRAWING.items() if until <= now]:
            del _DRAWING[session]
        return bool(_DRAWING)


def _busy() -> bool:
    """Is a page running, or a new browser drawing its first page?"""
    return bool(_ACTIVE_RUNS) or _drawing()


def _wait_idle(generation: int) -> bool:
    """Wait while the dashboard is busy; False when this warm-up should stop (exit, or newer filters)."""
    while _busy() and not _STOP.is_set() and _GENERATION[0] == generation:
        time.sleep(IDLE_POLL)
    return not _STOP.is_set() and _GENERATION[0] == generation


class _GiveWay(BaseException):
    """Raised inside a warm-up step to abandon it. A BaseException, so that no ``except
    Exception`` on the way can mistake it for a failure and cache a partial result; the
    step's cached value is simply not stored."""


def _give_way_check(f: Filters, generation: int):
    """The warm-up's ``before_query``: give the step up when this warm-up is over (exit, newer
    filters) or something needs the machine more: a new browser drawing, or a page running for
    other filters. Never waits: the step may hold a cached value's lock that a page waits for."""
    def check() -> None:
        with _LOCK:
            other_page = any(g is not None and g != f for g in _ACTIVE_RUNS.values())
        if _STOP.is_set() or _GENERATION[0] != generation or other_page or _drawing():
            raise _GiveWay
    return check


def _warm(f: Filters, generation: int) -> None:
    def attempt(fn):
        """Run ``fn`` when the dashboard is idle, again after each time it had to give way;
        False when the warm-up should stop."""
        while _wait_idle(generation):
            try:
                fn()
                return True
            except _GiveWay:
                continue
        return False

    steps: list = []
    try:
        with data.background_reads(_give_way_check(f, generation)):
            if not attempt(lambda: steps.extend(_steps(f))):
                return
            for step in steps:
                if not attempt(step):
                    return
    except Exception:   # a warm-up never breaks a page: the page computes what it needs itself
        log.debug("prefetch failed", exc_info=True)


class _QuietWarmUp(logging.Filter):
    """Streamlit warns "missing ScriptRunContext" for every cached call made outside a page run:
    expected for the warm-up thread, noise in the server log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != THREAD_NAME


THREAD_NAME = "sitroom-prefetch"
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_QuietWarmUp())


@atexit.register
def _finish() -> None:
    """At exit, let running warm-ups end their current query: a thread killed inside DuckDB
    aborts the interpreter ("exception not rethrown")."""
    _STOP.set()
    for t in list(_RUNNING):
        t.join(timeout=60)


def prefetch(f: Filters) -> None:
    """Warm every page's default reads for ``f`` in a background thread (once per data version)."""
    key = (data.db_path(), data.data_version(), repr(f))
    with _LOCK:
        if key in _STARTED:
            return
        if len(_STARTED) >= MAX_REMEMBERED:
            _STARTED.clear()
        _STARTED.add(key)
    with _LOCK:
        _GENERATION[0] += 1
        generation = _GENERATION[0]
    thread = threading.Thread(target=_warm, args=(f, generation), name=THREAD_NAME, daemon=True)
    with _LOCK:
        _RUNNING[:] = [t for t in _RUNNING if t.is_alive()] + [thread]
    thread.start()
