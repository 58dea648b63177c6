"""The one same-event policy (sitroom.coref) and the one date rule it uses (sitroom.periods).

Pure functions on hand-made keys: no model, no gazetteer."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from sitroom.coref import MAX_KM, NEAR_GAP, EventKey, Tie, actors_conflict, compatible, same_actor, same_event
from sitroom.periods import compatible as periods_compatible, period_end

D = date(2024, 3, 12)


def key(**kw) -> EventKey:
    """An ASSAULT reported on day D unless told otherwise."""
    base = dict(type="ASSAULT", date=D, precision="day")
    base.update(kw)
    return EventKey(**base)


# ---- periods: the one date-compatibility rule --------------------------------------------------

@pytest.mark.parametrize("a,ap,b,bp,ok", [
    (date(2024, 3, 1), "month", date(2024, 3, 31), "day", True),      # a day inside the month
    (date(2024, 3, 1), "month", date(2024, 4, 1), "day", True),       # one day of slack after
    (date(2024, 3, 1), "month", date(2024, 4, 2), "day", False),
    (date(2024, 3, 11), "week", date(2024, 3, 17), "day", True),      # Sunday of that week
    (date(2024, 3, 11), "week", date(2024, 3, 19), "day", False),
    (date(2023, 1, 1), "year", date(2023, 12, 31), "day", True),
    (date(2023, 1, 1), "year", date(2024, 6, 1), "month", False),
    (date(2024, 3, 12), "day", date(2024, 3, 14), "day", False),
    (None, "unknown", date(2024, 3, 14), "day", True),                # unknown fits anything
])
def test_periods_overlap_with_a_day_of_slack(a, ap, b, bp, ok):
    assert periods_compatible(a, ap, b, bp) is ok
    assert periods_compatible(b, bp, a, ap) is ok    # symmetric


def test_period_ends():
    assert period_end(date(2023, 2, 1), "month") == date(2023, 2, 28)
    assert period_end(date(2023, 12, 1), "month") == date(2023, 12, 31)
    assert period_end(date(2024, 3, 11), "week") == date(2024, 3, 17)
    assert period_end(date(2024, 3, 11), "day") == date(2024, 3, 11)
    assert period_end(None, "day") is None


# ---- who is who ----------------------------------------------------------------------------------

def test_one_states_side_is_one_actor_but_not_its_civilians():
    assert same_actor("USA", "USA")
    assert same_actor("USA", "USA.MIL") and same_actor("USA.MIL", "USA.COP")
    assert not same_actor("USA", "USA.CVL")
    assert not same_actor("USA.MIL", "CAN.MIL")
    assert not same_actor("P:ana-vidal", "P:ana-vidal-ruiz")
    assert not same_actor(None, "USA") and not same_actor("USA", None)


def test_conflicting_participants():
    assert actors_conflict("SYR.MIL", "SYR.REB")            # a state's forces against its rebels
    assert actors_conflict("SYR", "SYR.UAF")
    assert actors_conflict("COL.MIL", "VEN.MIL")             # two countries
    assert actors_conflict("P:ana-vidal", "P:bruno-costa")   # two different named people
    assert actors_conflict("D:donald-trump", "P:bruno-costa")
    assert not actors_conflict("SYR", "SYR.MIL")
    assert not actors_conflict("SYR.REB", "SYR.UAF")         # two unnamed non-state groups may be one
    assert not actors_conflict(None, "SYR.REB")
    # A person takes their country: same country, no role, nothing contradicts.
    assert not actors_conflict("P:ana-vidal", "SYR", "SYR", "SYR")
    assert actors_conflict("P:ana-vidal", "SYR", "LBN", "SYR")


def test_a_named_armed_group_is_not_the_states_side():
    # A named body's id tells no side; its kind does: an armed group against the army.
    assert actors_conflict("PAK.MIL", "D:jaish-al-adl", "PAK", "PAK", None, "armed_group")
    assert actors_conflict("D:jaish-al-adl", "PAK", "PAK", "PAK", "armed_group", "state")
    assert not actors_conflict("PAK.MIL", "D:pakistan-army", "PAK", "PAK", None, "military")
    assert not actors_conflict("PAK.REB", "D:jaish-al-adl", "PAK", "PAK", None, "armed_group")
    # Without a kind a named body may be on either side.
    assert not actors_conflict("PAK.MIL", "D:jaish-al-adl", "PAK", "PAK")
    raid = key(actor1="PAK.MIL", actor1_country="PAK")
    ambush = key(actor1="D:jaish-al-adl", actor1_country="PAK", actor1_kind="armed_group")
    assert not compatible(raid, ambush)


# ---- compatible: nothing contradicts one event ----------------------------------------------------

def test_type_background_and_dates_must_agree():
    assert compatible(key(), key())
    assert not compatible(key(), key(type="PROTEST"))
    assert not compatible(key(), key(background=True))
    assert not compatible(key(), key(date=date(2024, 3, 20)))
    assert compatible(key(), key(date=date(2024, 3, 1), precision="month"))
    # A date carried from context, not read from the report's words, contradicts nothing.
    assert compatible(key(), key(date=date(2024, 3, 20), own_date=False))


def test_reversed_roles_are_another_event():
    army_attacks = key(actor1="SYR.MIL")
    army_attacked = key(actor2="SYR.MIL")
    assert not compatible(army_attacks, army_attacked)
    assert not compatible(army_attacked, army_attacks)         # whichever is told first
    # The same attacker named twice, or a state and its army: one side.
    assert compatible(army_attacks, key(actor1="SYR"))


def test_cross_border_reports_need_the_same_actor():
    shelled_from = key(country="LBN", actor2="LBN.CVL", actor2_country="LBN")
    shelled_in = key(country="ISR")
    assert not compatible(shelled_from, shelled_in)
    assert compatible(key(country="LBN", actor1="ISR.MIL"), key(country="ISR", actor1="ISR"))
    # A place guessed from the story (not tied to the event) does not contradict.
    assert compatible(key(country="LBN"), key(country="ISR", strong_place=False))


def test_distance_between_same_day_places():
    quito = dict(lat=-0.18, lon=-78.47)
    near = dict(lat=-0.30, lon=-78.55)       # ~16 km
    guayaquil = dict(lat=-2.19, lon=-79.89)  # ~270 km
    assert compatible(key(**quito), key(**near))
    assert not compatible(key(**quito), key(**guayaquil))
    assert compatible(key(**quito), key(**guayaquil, strong_place=False))
    assert MAX_KM < 270


def test_places_far_apart_are_never_one_event_whatever_the_date_precision():
    north = key(date=date(2024, 3, 1), precision="month", country="PAK", lat=34.0, lon=71.5,
                actor2="PAK.CVL", actor2_country="PAK")
    south = replace(north, lat=24.9, lon=67.0)
    assert not compatible(north, south)
    assert not same_event(north, south, Tie(gap=8))
    assert not same_event(north, south)


# ---- same_event within an article: what ties two reports ------------------------------------------

def test_two_days_one_story_states_are_two_events():
    monday = key(date=date(2024, 3, 11))
    # Across articles a day of slack allows for clocks and places; within one story the text
    # gives both days and they differ.
    assert compatible(monday, key())
    assert not compatible(monday, key(), one_story=True)
    assert not same_event(monday, key(), Tie(same_sentence=True, gap=0))
    # A day carried from context, or a coarser date, is no contradiction.
    assert compatible(monday, key(own_date=False), one_story=True)
    assert compatible(monday, key(date=date(2024, 3, 1), precision="month"), one_story=True)


def test_ties_within_an_article():
    bare = key(date=None, precision="unknown", own_date=False)
    assert same_event(key(), key(), Tie(same_sentence=True, gap=0))
    assert same_event(key(actor1="P:ana-vidal"), key(actor1="P:ana-vidal", date=None, own_date=False), Tie(gap=12))
    assert same_event(key(), key(), Tie(gap=12))                        # the same exact day
    assert same_event(key(), bare, Tie(gap=12, later_anaphoric=True))   # "the attack", undated
    assert same_event(key(), bare, Tie(gap=NEAR_GAP, later_unnamed=True))
    assert not same_event(key(), bare, Tie(gap=NEAR_GAP + 1, later_unnamed=True))
    assert same_event(key(), bare, Tie(gap=1, later_unnamed=True))      # the next sentence, undated, unnamed
    assert not same_event(key(), bare, Tie(gap=1))                      # ... but naming its own participant


def test_nothing_ties_two_dated_reports_far_apart():
    week = key(date=date(2024, 3, 11), precision="week")
    assert compatible(key(), week)
    assert not same_event(key(), week, Tie(gap=6))
    # Its own date keeps a definite noun ("the attack last week") from pointing back by itself.
    assert not same_event(key(), week, Tie(gap=6, later_anaphoric=True))


def test_incompatible_reports_never_merge_whatever_ties_them():
    same = Tie(same_sentence=True, gap=0, later_anaphoric=True, later_unnamed=True)
    assert not same_event(key(actor1="SYR.MIL"), key(actor1="SYR.REB"), same)
    assert not same_event(key(actor1="P:ana-vidal"), key(actor1="P:bruno-costa"), same)
    assert not same_event(key(), key(type="COERCE"), same)


# ---- same_event across articles: the stricter rule ------------------------------------------------

def test_across_articles_a_participant_or_the_same_day_and_place():
    assert same_event(key(actor1="COL.MIL"), key(actor1="COL", date=date(2024, 3, 1), precision="month"))
    assert same_event(key(lat=4.6, lon=-74.1), key(lat=4.65, lon=-74.05))
    assert same_event(key(), key())                     # same day, no coordinates to compare


def test_across_articles_is_stricter_than_within():
    month = key(date=date(2024, 3, 1), precision="month")
    assert same_event(month, month, Tie(same_sentence=True, gap=0))
    assert not same_event(month, month)                 # one month, nothing shared: two stories' events
    undated = key(date=None, precision="unknown", own_date=False, actor1="COL.MIL")
    assert same_event(undated, undated, Tie(gap=2))
    assert not same_event(undated, undated)             # undated reports never merge across stories
    # Same day, places known only loosely and 80 km apart: one article may tie them, two may not.
    a, b = key(lat=4.6, lon=-74.1, strong_place=False), key(lat=5.3, lon=-74.1, strong_place=False)
    assert same_event(a, b, Tie(gap=4))
    assert not same_event(a, b)


def test_a_generic_group_of_unknown_country_ties_nothing_across_countries():
    lagos = key(date=date(2024, 3, 1), precision="month", country="NGA", actor1="XXX.UAF")
    peshawar = replace(lagos, country="PAK")
    assert not same_event(lagos, peshawar)


def test_the_next_sentence_with_its_own_participant_and_date_is_not_an_elaboration():
    march = key(type="PROTEST", date=date(2024, 5, 11), own_date=False, actor1="XXX.NGO")
    blockade = key(type="PROTEST", date=date(2024, 5, 12), actor1="CHL.AGR", actor1_country="CHL")
    assert not same_event(march, blockade, Tie(gap=1, later_unnamed=False))


def _two_stories_extractor(events_by_article: dict[str, dict]):
    """A fake extractor giving each article the one event of ``events_by_article``."""
    from sitroom import schema

    def extract(articles, *, resources=None):
        for a in articles:
            s = a.text
            yield a, [{c.name: None for c in schema.EVENT_COLUMNS} | {
                "article_id": a.id, "event_id": f"{a.id}-e0", "sentence": s, "start_char": 0, "end_char": len(s),
                "confidence": 0.8, "n_sources": 1, "n_mentions": 1} | events_by_article[a.id]]
    return extract


def test_the_store_merges_across_articles_by_the_one_policy(tmp_path):
    from sitroom.ingest import ingest_paths
    from sitroom.store import Store
    src = tmp_path / "two.jsonl"
    src.write_text("".join(json.dumps({"id": i, "title": "t", "published": "2024-03-20", "text": f"Story {i}."}) + "\n"
                           for i in ("army", "rebels", "march1", "march2")), encoding="utf-8")
    town = {"event_type": "ASSAULT", "event_date": "2024-03-18", "date_precision": "day", "country": "SYR",
            "lat": 35.0, "lon": 36.7, "location": "Hama"}
    month = {"event_type": "ASSAULT", "event_date": "2024-03-01", "date_precision": "month", "country": "PAK"}
    extractor = _two_stories_extractor({
        "army": town | {"actor1": "soldiers", "actor1_id": "SYR.MIL", "actor1_country": "SYR"},
        "rebels": town | {"actor1": "rebels", "actor1_id": "SYR.REB", "actor1_country": "SYR"},
        "march1": month, "march2": month})
    store = Store(tmp_path / "s.duckdb")
    ingest_paths([src], store=store, resources=None, extractor=extractor)
    # coref.same_event keeps both pairs apart (army against rebels; one month with nothing shared).
    assert store.counts()["events"] == 4


def test_a_province_and_a_town_in_it_can_be_one_event():
    town = key(country="PAK", lat=29.55, lon=67.88, geo_precision="city", actor1="PAK.MIL", actor1_country="PAK")
    province = replace(town, lat=28.3, lon=65.0, geo_precision="admin1")   # the province's centre, 300 km off
    assert compatible(town, province) and same_event(town, province, None)


def test_a_symmetric_act_is_one_event_whichever_side_is_named_first():
    # "A met B" and "B met A": one meeting; of an attack, reversed roles stay two events.
    ab = key(type="CONSULT", actor1="P:amara-diallo", actor1_country="SEN", actor2="P:li-wen",
             actor2_country="CHN")
    ba = key(type="CONSULT", actor1="P:li-wen", actor1_country="CHN", actor2="P:amara-diallo",
             actor2_country="SEN")
    assert compatible(ab, ba) and same_event(ab, ba, Tie(gap=1))
    hit = replace(ab, type="ASSAULT")
    assert not compatible(hit, replace(ba, type="ASSAULT"))
    # Each side's capital is no stated place of a symmetric act: two seats do not make two events
    # (clusters.key_of passes strong_place=False for such a placing).
    at_seats = [replace(ab, country="SEN", lat=14.7, lon=-17.4, strong_place=False, geo_precision="city"),
                replace(ba, country="CHN", lat=39.9, lon=116.4, strong_place=False, geo_precision="city")]
    assert compatible(*at_seats)
