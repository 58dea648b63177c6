"""The background warm-up's manners (components.prefetch): it makes way for pages and new browsers,
gives a step up at its next query instead of finishing it, and computes that step again later.
No timings: these check who waits for whom, not how fast."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # app.py's folder: components/

from components import prefetch
from components import store as data
from sitroom.fixtures import build_fixture_db
from sitroom.query import Filters

F = Filters(countries=("IRQ",))
OTHER = Filters(countries=("SYR",))


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    path = build_fixture_db(tmp_path / "fx.duckdb", n_events=40)
    monkeypatch.setenv("SITROOM_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def quiet_state(monkeypatch):
    """Each test starts with no page running and no browser drawing."""
    monkeypatch.setattr(prefetch, "_ACTIVE_RUNS", {})
    monkeypatch.setattr(prefetch, "_DRAWING", {})
    monkeypatch.setattr(prefetch, "IDLE_POLL", 0.001)


def test_a_step_gives_way_to_a_page_for_other_filters_only():
    check = prefetch._give_way_check(F, prefetch._GENERATION[0])
    check()                                   # nothing running
    with prefetch.page_running() as run:
        check()                               # a page whose filters are not read yet
        run.shows(F)
        check()                               # the same filters: that page may wait for this very value
        with prefetch.page_running() as other:
            other.shows(OTHER)
            with pytest.raises(prefetch._GiveWay):
                check()
    check()


def test_a_step_gives_way_while_a_new_browser_draws_and_when_superseded(monkeypatch):
    monkeypatch.setattr(prefetch, "FIRST_DRAW", 600.0)   # however slow the machine, still drawing below
    generation = prefetch._GENERATION[0]
    check = prefetch._give_way_check(F, generation)
    with prefetch.page_running("s1", first=True) as run:
        run.shows(F)
    with pytest.raises(prefetch._GiveWay):    # the session's first page has just been sent
        check()
    assert prefetch._busy()
    with prefetch.page_running("s2"):         # another browser's run does not say s1 has drawn
        pass
    assert prefetch._busy()
    with prefetch.page_running("s1") as run:  # s1 asks for its next page: it has drawn the first
        run.shows(F)
    assert not prefetch._busy()
    check()
    monkeypatch.setattr(prefetch, "_GENERATION", [generation + 1])
    with pytest.raises(prefetch._GiveWay):
        check()


def test_the_warm_ups_queries_ask_before_running(db):
    asked = []
    with data.background_reads(lambda: asked.append(1)):
        assert data.cursor().execute("SELECT count(*) FROM events").fetchone()[0] == 40
    assert asked == [1]
    data.cursor().execute("SELECT 1").fetchone()   # outside the warm-up: nothing asked
    assert asked == [1]


def test_a_step_that_gave_way_is_computed_again_and_the_others_still_run(db, monkeypatch):
    attempts = {"counts": 0}

    def counts():
        attempts["counts"] += 1
        if attempts["counts"] == 1:
            raise prefetch._GiveWay   # as if a page for other filters had started mid-step
        from components import reads
        reads.counts_by_many(F, ("country",))

    done = []
    monkeypatch.setattr(prefetch, "_steps", lambda f: [counts, lambda: done.append(f)])
    prefetch._warm(F, prefetch._GENERATION[0])
    assert attempts["counts"] == 2 and done == [F]


def test_giving_way_leaves_no_partial_value_in_the_cache(db):
    import streamlit as st
    calls = []

    @st.cache_data(show_spinner=False)
    def value(x: int) -> int:
        calls.append(x)
        if len(calls) == 1:
            raise prefetch._GiveWay
        return x * 2

    with pytest.raises(prefetch._GiveWay):
        value(3)
    assert value(3) == 6 and calls == [3, 3]
