"""Reported speech, recalled events and the countries of unnamed groups, end to end on short
stories of our own (issue 8, items 1, 3 and 4; issue 9, item 3).

- A past reporting verb shifts the tense back: "the army said it had retaken the town" reports
  the story's own news, dated by the report; a toll said later of "the attack" updates it.
- What a story recalls after its first sentence ("The rebels had seized the town in 2019") is
  its background, not a headline; a running toll "since the war began" is no one attack.
- An unnamed group's country comes from the place named, not from its patron ("Iran-backed")
  nor from the other side's nationality ("kidnapped Chinese engineers").
"""
from __future__ import annotations

from datetime import date

import texts
from texts import of_type

PUB = date(2026, 3, 10)   # a Tuesday


def events(resources, text: str) -> list[dict]:
    return texts.extract_text(resources, text, PUB, aid="rep")


def shown(resources, settings, text: str) -> list[dict]:
    return texts.shown(resources, settings, text, PUB, aid="rep")


def test_reported_past_perfect_is_the_stories_news(resources):
    (ev,) = of_type(events(resources, "The army said it had retaken the town of Kadugli from the rebels "
                                      "after a week of fighting."), "ASSAULT")
    assert ev["event_date"] == "2026-03-10" and not ev["background"]


def test_a_later_toll_of_the_attack_updates_it(resources):
    evs = of_type(events(resources, "Gunmen attacked a village in central Mali on Sunday, killing 12 people. "
                                    "Officials said on Monday that 21 people had been killed in the attack."),
                  "ASSAULT")
    assert len(evs) == 1
    assert evs[0]["event_date"] == "2026-03-08" and evs[0]["fatalities"] == 21


def test_the_bomber_is_the_suicide_bomber_named_before(resources):
    evs = of_type(events(resources, "A suicide bomber struck a market in northern Nigeria on Monday, killing 15 "
                                    "people. Police said the bomber had also wounded 30."), "ASSAULT")
    assert len(evs) == 1 and evs[0]["actor1"] == "suicide bomber"


def test_a_running_toll_since_the_war_began_is_not_one_attack(resources, settings):
    evs = shown(resources, settings, "Air strikes killed 30 people in Gaza on Monday, health officials said. "
                                     "The ministry said more than 48,000 people had been killed since the war began.")
    assert [e["fatalities"] for e in of_type(evs, "ASSAULT")] == [30]


def test_what_the_lead_recalls_later_is_background(resources):
    evs = events(resources, "Government troops retook the town on Sunday, the army said. "
                            "The rebels had seized it in 2019.")
    old = [e for e in evs if (e["event_date"] or "").startswith("2019")]
    assert old and old[0]["background"] and not old[0]["headline"]


def test_a_year_opening_the_clause_dates_it_not_a_later_day(resources):
    (ev,) = of_type(events(resources, "In 2015, the militants killed more than 140 students at the college; "
                                      "survivors gathered on Monday to mark the anniversary."), "ASSAULT")
    assert ev["event_date"].startswith("2015") and ev["background"]


def test_years_after_an_event_do_not_land_after_the_story(resources):
    evs = events(resources, "The opposition leader was freed on Monday. He had been held for three years "
                            "after protests against the president.")
    assert all((e["event_date"] or "") <= PUB.isoformat() for e in evs)


def test_days_later_is_its_own_unknown_time(resources):
    evs = of_type(events(resources, "Rebels ambushed a bus in the north last month, killing 18 soldiers. "
                                    "Days later, a roadside bomb killed 11 miners."), "ASSAULT")
    assert sorted(e["fatalities"] for e in evs) == [11, 18]
    assert [e["event_date"] for e in evs if e["fatalities"] == 11] == [None]


def test_a_since_clause_dates_the_start_not_the_criticism(resources):
    evs = of_type(events(resources, "Since leaving office in February, the former minister has leveled a string "
                                    "of criticisms at the government."), "ACCUSE")
    assert evs and all(not (e["event_date"] or "").startswith("2026-02") for e in evs)


def test_a_patron_is_not_the_militias_country(resources):
    (ev,) = of_type(events(resources, "Iran-backed militias fired rockets at a base in western Iraq on Monday, "
                                      "officials said."), "ASSAULT")
    assert ev["actor1_country"] == "IRQ"


def test_the_victims_nationality_is_not_the_kidnappers(resources):
    (ev,) = of_type(events(resources, "Separatist rebels kidnapped three Chinese engineers working on a dam in "
                                      "Pakistan's Balochistan province, police said Monday."), "ASSAULT")
    assert (ev["actor1_country"], ev["actor2_country"]) == ("PAK", "CHN")


def test_a_country_name_reads_as_the_places_stage_read_it(resources):
    (ev,) = of_type(events(resources, "Armed men stormed a church in eastern Congo during Sunday mass, killing 14 "
                                      "worshippers, local officials said Monday."), "ASSAULT")
    assert ev["country"] == ev["actor1_country"] == "COD"


def test_the_army_is_not_the_police_named_before(resources):
    evs = events(resources, "Police arrested dozens of protesters. The army attacked the rebels.")
    (ev,) = of_type(evs, "ASSAULT")
    assert ev["actor1"] == "army"


def test_an_arrest_told_by_officials_is_no_accusation_by_them(resources):
    evs = events(resources, "Dozens of fishermen were arrested by the coast guard for illegally crossing the "
                            "maritime border, officials said.")
    assert [e["event_type"] for e in evs] == ["COERCE"]
    assert evs[0]["actor1"] == "coast guard"


SERBIA = ("Thousands of people marched through the Serbian capital, Belgrade, on Sunday to demand early elections. "
          "The protests began in November after a railway station roof collapsed in Novi Sad, killing 16 people. "
          "The president has rejected calls to resign. "
          "Police said officers detained 12 people after scuffles near parliament.")


def test_a_capital_named_by_its_country_is_no_actor(resources):
    evs = events(resources, SERBIA)
    assert not [e for e in evs if "capital" in (e["actor1"] or "") + (e["actor2"] or "")]


def test_what_came_before_a_recalled_event_is_recalled_with_it(resources):
    evs = events(resources, SERBIA)
    assert all(e["background"] for e in evs if "Novi Sad" in e["sentence"])


def test_a_present_perfect_after_a_recalled_paragraph_is_now(resources):
    (ev,) = of_type(events(resources, SERBIA), "REJECT")
    assert ev["event_date"] == PUB.isoformat() and not ev["background"]


def test_a_recalled_events_town_does_not_place_todays(resources):
    (ev,) = of_type(events(resources, SERBIA), "COERCE")
    assert ev["location"] != "Novi Sad"


def test_a_promise_is_dated_when_made_not_when_it_is_due(resources):
    evs = events(resources, "Iran's foreign minister will travel to Oslo next week for talks with European "
                            "officials, state media reported Monday.")
    assert [e["event_date"] for e in evs if e["event_type"] == "AGREE"] == ["2026-03-09"]


def test_attacks_being_planned_are_not_attacks(resources, settings):
    evs = shown(resources, settings, "Police arrested 14 suspected militants in raids across Java on Monday. "
                                     "The men were planning attacks on churches, police said.")
    assert not of_type(evs, "ASSAULT")


def test_a_signing_reported_twice_is_one_signing(resources):
    evs = of_type(events(resources, "Japan and the Philippines signed a defense pact in Manila on Monday. "
                                    "The agreement was signed by Japan's defense minister and his Philippine "
                                    "counterpart."), "SUPPORT")
    assert len(evs) == 1 and evs[0]["location"] == "Manila"


def test_a_cartel_is_an_armed_group(resources):
    (ev,) = of_type(events(resources, "Officials blamed a drug cartel for the killings of 11 men."), "ACCUSE")
    assert ev["actor2"] == "drug cartel" and ev["actor2_kind"] == "armed_group"


def test_it_in_what_a_country_says_is_that_country(resources):
    (ev,) = of_type(events(resources, "Qatar said on Monday it was mediating between the two sides to secure "
                                      "the release of hostages."), "CONSULT")
    assert ev["actor1"] == "Qatar"


def test_who_is_condemned_for_the_attack_is_who_attacked(resources):
    evs = events(resources, "Paramilitary fighters shelled a hospital in El Fasher on Monday, killing nine "
                            "patients. The U.N. secretary-general condemned the attack.")
    (ev,) = of_type(evs, "ACCUSE")
    assert ev["actor2"] == "Paramilitary fighters"


def test_world_powers_are_governments_and_sweeping_powers_no_one(resources):
    evs = events(resources, "Western powers condemned the missile test on Monday. The decree gives the "
                            "president sweeping powers to arrest critics.")
    assert [(e["actor1"], e["actor1_kind"]) for e in of_type(evs, "ACCUSE")] == [("Western powers", "government")]
    assert not [e for e in evs if "powers" in (e["actor2"] or "")]
