"""Actors as entities (sitroom.extract.entities): canonical ids, the CAMEO agents dictionary, and
places that are never actors. Pure id rules on hand-made actors first, then a few sentences of
our own through the whole extractor (session resources)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from sitroom.extract.actors import Actor, ActorDictionary, ActorEntry
from sitroom.extract.entities import AgentsDictionary, actor_kind, entity_id, slug, to_ref
from texts import extract_text

PUB = date(2024, 5, 14)   # a Tuesday

AGENTS_SAMPLE = """\
# a comment line, then the substitution sets
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINIST! = MINISTER, MINISTRY

FERRYMAN [~CVL]            # a regular "man" plural is made: ferrymen
BOATMAN {BOATFOLK} [~CVL]
HARBOUR_PILOT [~CVL]
COAST_GUARD [~MIL]
POLICE!PERSON!  [~COP]
MOUNTED_POLICE [~COP]
MARSH_THIEF {MARSH_THIEVES}[~CRM]
!MINIST! OF_FISHERIES [~GOVAGR]
DOCKER [~LABOPP]
a line without a code
"""


@pytest.fixture(scope="module")
def sample_agents(tmp_path_factory):
    path = tmp_path_factory.mktemp("agents") / "agents.txt"
    path.write_text(AGENTS_SAMPLE, encoding="utf-8")
    return AgentsDictionary.from_file(path)


@pytest.fixture(scope="module")
def dictionary():
    return ActorDictionary([
        ActorEntry("Donald Trump", "USA", "person", ("Donald Trump", "Trump")),
        ActorEntry("United Nations", None, "igo", ("UN", "U.N.")),
        ActorEntry("Taliban", "AFG", "government", ("Taliban",)),
        ActorEntry("Israel Defense Forces", "ISR", "military", ("IDF",)),
        ActorEntry("Kenya Police Service", "KEN", "police", ()),
        ActorEntry("Hamas", "PSE", "armed_group", ("Hamas",)),
    ])


# ---- the agents dictionary file -----------------------------------------------------------------

def test_agents_file_macros_plurals_and_irregular_plurals(sample_agents):
    p = sample_agents.phrases
    assert p["ferryman"] == "CVL" and p["ferrymen"] == "CVL"               # regular plural made
    assert p["boatfolk"] == "CVL"                                         # {irregular plural}
    assert p["harbour pilot"] == "CVL" and p["harbour pilots"] == "CVL"   # underscores are spaces
    assert p["policewoman"] == p["policemen"] == "COP"                    # !PERSON! expanded
    assert p["marsh thieves"] == "CRM"
    assert p["minister of fisheries"] == p["ministry of fisheries"] == "GOV"   # compound codes cut to 3
    assert p["docker"] == "LAB" and p["dockers"] == "LAB"
    assert not any("!" in k or "#" in k for k in p)
    assert "a line without a code" not in p and sample_agents.max_words == 3


def test_agents_role_is_the_longest_phrase_ending_the_words(sample_agents):
    assert sample_agents.role("the mounted police".split()) == "COP"
    assert sample_agents.role("three coast guards".split()) == "MIL"
    assert sample_agents.role("Harbour Pilots".split()) == "CVL"          # case does not matter
    assert sample_agents.role("pilots".split()) is None
    assert sample_agents.role([]) is None


def test_the_shipped_agents_file_parses(resources):
    ag = resources.agents
    assert len(ag.phrases) > 3000
    for words, code in [("riot police", "COP"), ("the Pakistani riot police", "COP"), ("soldiers", "MIL"),
                        ("policewomen", "COP"), ("thieves", "CRM"), ("gunmen", "UAF"), ("insurgents", "REB"),
                        ("passengers", "CVL"), ("journalists", "JRN"), ("chambers of commerce", "BUS")]:
        assert ag.role(words.split()) == code, words


# ---- ids ------------------------------------------------------------------------------------------

def test_slug():
    assert slug("Zoë Ñandú-Smith, Jr.") == "zoe-nandu-smith-jr"
    assert slug("  United   Nations ") == "united-nations"


@pytest.mark.parametrize("actor,expected", [
    (Actor("Chile", "CHL", "state"), "CHL"),
    (Actor("Santiago", "CHL", "government"), "CHL"),                          # a capital for its government
    (Actor("Chilean interior ministry", "CHL", "government"), "CHL"),
    (Actor("the interior minister", "CHL", "person"), "CHL"),                 # an unnamed office holder
    (Actor("Chilean soldiers", "CHL", "military"), "CHL.MIL"),
    (Actor("riot police", "CHL", "military"), "CHL.COP"),                     # the agents file refines the role
    (Actor("gunmen", "CHL", "armed_group"), "CHL.UAF"),
    (Actor("insurgents", None, "armed_group"), "XXX.REB"),                    # country unknown: XXX
    (Actor("passengers", "CHL", "civilians"), "CHL.CVL"),
    (Actor("passengers", None, "civilians"), "XXX.CVL"),
    (Actor("people", None, "civilians"), "XXX.CVL"),
    (Actor("Trump", "USA", "person", canonical="Donald Trump", proper=True), "D:donald-trump"),
    (Actor("U.N.", None, "igo", canonical="United Nations"), "D:united-nations"),
    (Actor("Hamas fighters", "PSE", "armed_group", canonical="Hamas"), "D:hamas"),
    (Actor("Taliban", "AFG", "government", canonical="Taliban"), "AFG"),         # a dictionary state entry
    (Actor("IDF", "ISR", "military", canonical="Israel Defense Forces"), "ISR.MIL"),
    (Actor("Kenyan police", "KEN", "police", canonical="Kenya Police Service"), "KEN.COP"),
    (Actor("Ines Okafor-Lund", "NOR", "person", proper=True), "P:ines-okafor-lund"),
    (Actor("Tarn Valley Farmers Union", "NOR", "organisation", proper=True), "O:tarn-valley-farmers-union"),
])
def test_entity_ids(actor, expected, dictionary, resources):
    assert entity_id(actor, dictionary, resources.agents) == expected


def test_generic_groups_of_two_countries_are_two_actors(dictionary, resources):
    ids = {entity_id(Actor("passengers", iso, "civilians"), dictionary, resources.agents) for iso in ("PAK", "IND", None)}
    assert ids == {"PAK.CVL", "IND.CVL", "XXX.CVL"}


def test_agents_roles_refine_the_shown_kind(resources):
    assert actor_kind(Actor("riot police", "CHL", "military"), resources.agents) == "police"
    assert actor_kind(Actor("Chilean soldiers", "CHL", "military"), resources.agents) == "military"
    assert actor_kind(Actor("Trump", "USA", "person", proper=True), resources.agents) == "person"


def test_a_place_is_never_an_actor(dictionary, resources):
    town = Actor("Puerto Lumbre", "CHL", "state", start=10, end=23, via="place")
    assert to_ref(town, dictionary, resources.agents) is None
    ref = to_ref(Actor("Trump", "USA", "person", canonical="Donald Trump", start=0, end=5, proper=True),
                 dictionary, resources.agents)
    # Named as the text names them; the id and the evidence's canonical name say who it is.
    assert (ref.name, ref.entity_id, ref.span.text) == ("Trump", "D:donald-trump", "Trump")
    assert ref.to_evidence() == {"text": "Trump", "start": 0, "end": 5, "canonical": "Donald Trump",
                                 "id": "D:donald-trump"}


# ---- through the extractor --------------------------------------------------------------------------

def events(resources, text: str, aid: str = "ent"):
    return extract_text(resources, text, PUB, aid=aid)


def ids(ev: dict) -> tuple:
    return ev["actor1_id"], ev["actor2_id"]


def test_a_state_and_its_capital_are_one_actor(resources):
    (by_capital,) = events(resources, "Washington imposed sanctions on Caracas on Monday.")
    (by_name,) = events(resources, "The United States imposed sanctions on Venezuela on Monday.")
    (by_other,) = events(resources, "America accused China of spying on Monday.")
    assert ids(by_capital) == ids(by_name) == ("USA", "VEN")
    assert ids(by_other) == ("USA", "CHN")
    assert by_capital["actor1"] == "Washington" and by_name["actor1"] == "United States"   # names kept for display


def test_one_person_under_several_names(resources):
    text = ("Donald Trump criticised the central bank on Monday. President Trump later met factory owners "
            "in Ohio. Trump praised them.")
    evs = events(resources, text)
    assert len(evs) >= 2 and {e["actor1_id"] for e in evs} == {"D:donald-trump"}
    assert {e["actor1"] for e in evs} == {"Donald Trump", "Trump"}     # the words of each report
    for e in evs:
        a1 = json.loads(e["field_evidence"])["actor1"]
        assert a1["id"] == "D:donald-trump" and a1.get("canonical", a1["text"]) == "Donald Trump"


def test_forces_and_generic_groups_carry_their_country(resources):
    (e,) = events(resources, "Pakistani riot police detained dozens of protesters in Lahore on Sunday.")
    assert ids(e) == ("PAK.COP", "PAK.CVL") and e["actor1_kind"] == "police"
    (e,) = events(resources, "Gunmen attacked passengers on a bus in Kenya on Sunday, killing three.")
    assert ids(e) == ("KEN.UAF", "KEN.CVL")
    (e,) = events(resources, "Gunmen attacked passengers on a bus on Sunday, killing three.")
    assert ids(e) == ("XXX.UAF", "XXX.CVL")        # no country in the story: never one actor across countries


def test_named_people_and_organisations(resources):
    (e,) = events(resources, "Spain's foreign minister Carla Montero condemned the raid on Tuesday.")
    assert e["actor1_id"] == "P:carla-montero" and e["actor1_country"] == "ESP"
    (e,) = events(resources, "The Ghana Journalists Association condemned the arrests on Monday.")
    assert e["actor1_id"] == "O:ghana-journalists-association" and e["actor1_kind"] == "organisation"


def test_places_and_buildings_are_not_actors(resources):
    (e,) = events(resources, "Russian forces shelled Kupiansk on Tuesday.")
    assert e["actor1_id"] == "RUS.MIL" and e["actor2"] is None and e["location"] == "Kupiansk"
    (e,) = events(resources, "Troops bombed the hospital in Kharkiv on Tuesday.")
    assert e["actor2"] is None and e["country"] == "UKR"
    # Talks in a city are held there, not with it, whoever holds them.
    (e,) = events(resources, "The two foreign ministers held talks in Geneva on Monday.")
    assert e["event_type"] == "CONSULT" and e["actor2"] is None and e["location"] == "Geneva"


def test_a_town_naming_an_attack_is_where_not_who(resources):
    # The small model tags a one-word town before an event noun as a person or a people.
    for text in ("The Kano bombing killed six people on Monday.", "Officials condemned the Kaduna attack on Monday."):
        evs = [e for e in events(resources, text) if e["event_type"] == "ASSAULT"]
        assert evs and all(e["actor1"] not in ("Kano", "Kaduna", "Kano bombing") for e in evs), evs
        assert {e["location"] for e in evs} <= {"Kano", "Kaduna"} and evs[0]["location"], evs
    # A group named by its town still acts.
    (e,) = events(resources, "Kano police arrested ten men on Monday.")
    assert e["actor1_kind"] == "police" and e["actor1_country"] == "NGA"


def test_an_instrument_acts_for_its_author(resources):
    # What a decree or a law does, whoever issued or passed it does.
    evs = events(resources, "The junta issued a decree on Monday banning all political parties.")
    assert any(e["event_type"] == "COERCE" and e["actor1_kind"] == "government" for e in evs), evs
    evs = events(resources, "Canada's foreign ministry issued an order on Monday freezing the assets of three "
                            "Venezuelan generals.")
    assert any(e["event_type"] == "SANCTION" and e["actor1_country"] == "CAN" for e in evs), evs


def test_we_in_a_quote_is_its_speaker(resources):
    evs = events(resources, '"We will never accept this deal," the Iranian foreign minister said on Monday.')
    assert any(e["actor1_country"] == "IRN" and e["actor1_kind"] == "person" for e in evs), evs
    # "US" the country is no pronoun.
    (e,) = [e for e in events(resources, "US air strikes hit militia positions near Qaim on Monday.")
            if e["event_type"] == "ASSAULT"]
    assert e["actor1_country"] == "USA"


def test_the_place_said_of_the_act_is_where_it_happened(resources):
    # Before any actor's seat: the document signed there, the landmark met at.
    (e,) = events(resources, "Chile and Peru signed a fisheries treaty in Quito on Tuesday.")
    assert e["location"] == "Quito" and e["country"] == "ECU", (e["location"], e["country"])
    (e,) = events(resources, "Addressing reporters in Geneva, the Iranian minister rejected the plan on Monday.")
    assert e["location"] == "Geneva", e["location"]
    (e,) = events(resources, "The Kenyan president met the U.S. president at the White House on Monday.")
    assert e["location"] == "White House" and e["country"] == "USA", (e["location"], e["country"])
    # With no U.S. word in the sentence, still the landmark (not Casablanca, "white house" in Arabic).
    (e,) = events(resources, "The Kenyan president met the president at the White House on Monday.")
    assert e["location"] == "White House" and e["country"] == "USA", (e["location"], e["country"])


def test_an_opposition_alliance_is_a_party_not_an_igo(resources):
    (e,) = events(resources, "The opposition coalition boycotted the vote in Lusaka on Monday.")
    assert e["actor1_kind"] == "party", e["actor1_kind"]


def test_a_forces_site_is_the_force(resources):
    # An attack on a police station or an army base is an attack on the police or the army.
    (e,) = events(resources, "Gang members attacked a police station in Gonaives on Monday.")
    assert e["actor2_kind"] == "police" and e["actor2_id"] == "HTI.COP", (e["actor2"], e["actor2_id"])
    (e,) = events(resources, "Gunmen attacked an army base near Menaka on Monday.")
    assert e["actor2_id"] == "MLI.MIL"


def test_victims_are_the_places_people_not_the_attackers(resources):
    evs = [e for e in events(resources, "Russian forces shelled residential areas of Odesa on Monday, "
                                        "wounding 11 civilians.") if e["event_type"] == "ASSAULT"]
    assert evs and evs[0]["actor1_id"] == "RUS.MIL" and evs[0]["actor2_id"] == "UKR.CVL", evs
    # A town the tagger takes for an organisation is no party.
    evs = [e for e in events(resources, "Russian forces shelled Kharkiv on Monday, killing 11 civilians.")
           if e["event_type"] == "ASSAULT"]
    assert evs and all(e["actor2"] != "Kharkiv" or e["actor2_kind"] == "state" for e in evs), evs


def test_an_actor_is_not_its_own_counterpart(resources):
    # "his summit with ...": the possessive names the actor again, not the one met.
    for text in ("On Monday the president praised his summit with the leader of Mexico.",
                 "The party's leaders told their members on Monday that they must vote against the bill."):
        for e in events(resources, text):
            assert not (e["actor1"] and e["actor1"] == e["actor2"]), (text, e["actor1"])


def test_journalists_are_not_their_government(resources):
    (e,) = events(resources, "Police in Senegal arrested three journalists on Monday.")
    assert e["actor1_id"] == "SEN.COP"
    assert e["actor2_id"] != "SEN" and e["actor2_id"].startswith("SEN.")


def test_a_named_aid_group_is_not_its_countrys_state(resources):
    (e,) = events(resources, "The Norwegian Refugee Council criticised the blockade on Monday.")
    assert e["actor1_id"] != "NOR" and e["actor1_kind"] != "government"


def test_an_acronym_two_groups_share_goes_to_the_one_of_the_story(resources):
    # "SNA" is the Somali National Army and the Syrian National Army; the story's places and
    # other actors decide, and the dictionary's first entry when nothing does.
    somalia = events(resources, "Al-Shabaab fighters ambushed an SNA convoy near Jowhar on Monday.")
    syria = events(resources, "SNA fighters shelled Kurdish positions near Afrin on Monday.")
    assert [e["actor2_id"] for e in somalia if e["event_type"] == "ASSAULT"] == ["SOM.MIL"]
    assert [e["actor1_id"] for e in syria if e["event_type"] == "ASSAULT"] == ["D:syrian-national-army"]
    sudan = events(resources, "Sudanese troops shelled RSF positions in Khartoum on Monday.")
    assert [e["actor2_id"] for e in sudan if e["event_type"] == "ASSAULT"] == ["D:rapid-support-forces"]


def test_a_facility_named_after_a_town_is_in_that_town(resources):
    (e,) = events(resources, "Students protested at the University of Nairobi on Monday.")
    assert e["location"] == "Nairobi" and e["country"] == "KEN"
    # an embassy "of" a country is not in that country
    (e,) = events(resources, "Demonstrators rallied outside the Embassy of Canada in Abuja on Monday.")
    assert e["country"] == "NGA"
