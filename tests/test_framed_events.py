"""Events named inside a frame noun or a trip, and where they happen, end to end on sentences of
our own (issue 8, items 2 and 4; issue 9, item 3).

- "declared a state of emergency": the verb acts on the emergency; the frame noun is no patient
  and "state" is no actor.
- "will travel to Lima for talks": whoever travels takes part, and the talks are in Lima.
- "A court in Istanbul sentenced ...": where the actor is said to be is where it acted, before
  its government's seat; "..., Manila said" names the speaker, not the place.
"""
from __future__ import annotations

from datetime import date

import texts
from texts import of_type

PUB = date(2026, 3, 10)


def events(resources, text: str) -> list[dict]:
    return texts.extract_text(resources, text, PUB, aid="frame")


def test_a_state_of_emergency_is_coercion_by_who_declared_it(resources):
    (ev,) = of_type(events(resources, "The government of Chad declared a state of emergency in the capital on "
                                      "Monday."), "COERCE")
    assert ev["actor1"] == "government of Chad" and ev["actor2"] != "state"


def test_a_state_of_siege_is_coercion_not_a_siege(resources):
    evs = events(resources, "The president imposed a state of siege on two northern provinces.")
    assert [e["event_type"] for e in evs] == ["COERCE"]


def test_a_wave_of_attacks_is_the_armys(resources):
    (ev,) = of_type(events(resources, "The army launched a wave of attacks on the rebels on Monday."), "ASSAULT")
    assert ev["actor1"] == "army" and ev["actor2"] == "rebels"


def test_who_travels_for_talks_takes_part_in_them(resources):
    evs = events(resources, "Chile's foreign minister will travel to Buenos Aires next week for talks on "
                            "a border crossing.")
    (ev,) = [e for e in evs if e["trigger"] == "talks"]
    assert ev["actor1_country"] == "CHL" and ev["location"] == "Buenos Aires"


def test_a_base_hosting_troops_is_no_visit(resources):
    evs = events(resources, "Militias fired rockets at a base hosting foreign troops in western Iraq on Monday.")
    assert [e["event_type"] for e in evs] == ["ASSAULT"]


def test_a_court_in_a_city_acts_there_not_at_the_capital(resources):
    (ev,) = of_type(events(resources, "A court in Istanbul sentenced a journalist to four years in prison on "
                                      "Monday."), "SANCTION")
    assert ev["location"] == "Istanbul"


def test_the_speaking_capital_is_not_where_it_happened(resources):
    (ev,) = of_type(events(resources, "Coast guard ships fired water cannon at a Philippine supply boat near "
                                      "a disputed reef on Monday, Manila said."), "ASSAULT")
    assert ev["location"] != "Manila"


def test_a_pardon_releases_prisoners(resources):
    evs = events(resources, "The president pardoned 300 prisoners on Monday to mark independence day.")
    assert [e["event_type"] for e in evs] == ["RETREAT"]


def test_a_coup_is_coercion_by_the_soldiers(resources):
    evs = of_type(events(resources, "Mutinous soldiers overthrew the president of Niger on Wednesday and "
                                    "suspended the constitution."), "COERCE")
    assert evs and evs[0]["event_mode"] == "coup" and evs[0]["actor1"] == "Mutinous soldiers"


def test_ousting_by_a_vote_is_no_coup(resources):
    evs = events(resources, "Lawmakers voted to oust the prime minister in a parliamentary vote on Monday.")
    assert not [e for e in evs if e["event_mode"] == "coup"]


def test_what_is_agreed_at_a_summit_is_placed_at_the_summit(resources):
    evs = events(resources, "Arab League ministers agreed at a summit in Amman on Monday to fund the "
                            "rebuilding of the port.")
    assert {e["event_type"] for e in evs} >= {"AGREE", "CONSULT"}
    assert {e["location"] for e in evs if e["event_type"] in ("AGREE", "CONSULT")} == {"Amman"}


def test_visa_restrictions_are_a_travel_ban(resources):
    evs = events(resources, "The State Department imposed visa restrictions on Ugandan officials on Monday.")
    assert [(e["event_type"], e["event_mode"]) for e in evs] == [("SANCTION", "travel_ban")]


def test_an_exchange_of_prisoners_is_a_release(resources):
    # (a RETREAT trigger that is also a word of reciprocal fighting once crashed the extractor)
    evs = events(resources, "Armenia and Azerbaijan exchanged prisoners of war on Monday.")
    assert [e["event_type"] for e in evs] == ["RETREAT"]


def test_lifting_martial_law_is_a_concession(resources):
    evs = events(resources, "The government lifted martial law in the southern provinces on Monday.")
    assert [e["event_type"] for e in evs] == ["CONCEDE"]


def test_its_east_coast_is_no_named_region(resources):
    from sitroom.extract.pipeline import geoparse
    from sitroom.loader import Article
    rows = geoparse(Article(title="", text="The navy fired two missiles into the sea off its east coast on Monday.",
                            id="g"), resources=resources)
    assert not [r for r in rows if r["text"] == "east coast"]
