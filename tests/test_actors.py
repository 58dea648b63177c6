"""Actor normalisation (sitroom.extract.actors) on parsed phrases, with a small fake gazetteer."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.extract.actors import ActorDictionary, ActorEntry, ActorMemory, resolve_actor

ROOT = Path(__file__).resolve().parent.parent


class FakeGeocoder:
    """Just the three lookups the actor stage uses."""
    NAMES = {"iran": "IRN", "iranian": "IRN", "iranians": "IRN", "france": "FRA", "french": "FRA",
             "british": "GBR", "us": "USA", "u.s.": "USA", "american": "USA", "iraq": "IRQ",
             "iraqi": "IRQ", "syria": "SYR", "ivory coast": "CIV", "belgian": "BEL", "russia": "RUS",
             "somali": "SOM", "nepalese": "NPL"}
    CAPITALS = {"tehran": "IRN", "paris": "FRA", "london": "GBR"}

    def country_for_name(self, text):
        return self.NAMES.get(text.lower().strip())

    def is_capital(self, text):
        return self.CAPITALS.get(text.lower().strip())

    def capital_of(self, iso3):
        return None


@pytest.fixture(scope="module")
def dictionary():
    return ActorDictionary.from_csv(ROOT / "data" / "actors.csv", geocoder=FakeGeocoder())


def resolve(nlp, dictionary, text, word, memory=None):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    return resolve_actor(tok, dictionary=dictionary, memory=memory or ActorMemory())


def test_dictionary_file_loads_and_matches_aliases(dictionary):
    irgc = dictionary.lookup("IRGC")
    assert irgc is not None and irgc.country == "IRN" and irgc.kind == "military"
    assert dictionary.lookup("Revolutionary Guards").name == irgc.name
    assert dictionary.lookup("U.N.").kind == "igo"
    # One-word aliases keep their capitals: "IS" is the group, "is" is a verb.
    assert dictionary.lookup("IS") is not None and dictionary.lookup("is") is None
    hit = dictionary.find("the Kataib Hezbollah militia".split())
    assert hit is not None and hit[0].name == "Kataib Hezbollah"


def test_user_entries_extend_the_dictionary():
    d = ActorDictionary([ActorEntry("Azov Brigade", "UKR", "military", ("Azov",))])
    assert d.lookup("Azov").country == "UKR"


@pytest.mark.parametrize("text,word,name,country,kind", [
    ("Kenya's opposition leader Raila Odinga on Tuesday thanked his supporters.", "Odinga",
     "Raila Odinga", "KEN", "person"),
    ("The Belgian interior ministry issued a notice.", "ministry", "Belgian interior ministry", "BEL", "government"),
    ("Paris said the figures were wrong.", "Paris", "Paris", "FRA", "government"),
    ("France criticised Syria over the delay.", "France", "France", "FRA", "state"),
    ("An Iranian Revolutionary Guard general praised the volunteers.", "general",
     "Iranian Revolutionary Guard general", "IRN", "person"),
    ("American soldiers in Syria were ambushed overnight.", "soldiers", "American soldiers", "USA", "military"),
    ("French President Emmanuel Macron's chief of staff Odile Renaud resigned.", "chief",
     "Odile Renaud", "FRA", "person"),
    ("Iraq's UN envoy dismissed the charges.", "envoy", "Iraq's UN envoy", "IRQ", "person"),
    ("Insurgents in the Ivory Coast announced a truce.", "Insurgents", "Insurgents", "CIV", "armed_group"),
    # a body of people named by the word before its head
    ("Police raided a Somali militant cell on Friday.", "cell", "Somali militant cell", "SOM", "armed_group"),
    ("A jihadist network claimed the bombing.", "network", "jihadist network", None, "armed_group"),
    ("Nepalese shop owners closed their stalls.", "owners", "Nepalese shop owners", "NPL", "civilians"),
])
def test_phrases_resolve_to_actors(nlp, dictionary, text, word, name, country, kind):
    a = resolve(nlp, dictionary, text, word)
    assert a is not None
    assert (a.name, a.country, a.kind) == (name, country, kind)
    assert text[a.start:a.end] == a.name   # offsets point at the shown name


def test_a_patron_is_not_the_actors_country(nlp, dictionary):
    a = resolve(nlp, dictionary, "Drones hit Russia-backed militias near the river.", "militias")
    assert a.name == "Russia-backed militias" and a.kind == "armed_group" and a.country is None


def test_possessor_is_not_the_named_actor(nlp, dictionary):
    # "Macron" is in the dictionary, but the adviser is Darmont.
    a = resolve(nlp, dictionary, "Macron's senior adviser Julien Darmont quit after the leak.", "adviser")
    assert a.name == "Julien Darmont" and a.kind == "person" and a.country == "FRA"


def test_pronouns_and_surnames_resolve_through_memory(nlp, dictionary):
    doc = nlp("IRGC navy commander Hamid Rostami arrived in Basra. "
              "Rostami met port officials. He asked them to speed up inspections.")
    memory = ActorMemory()
    toks = [t for t in doc if t.text in ("Rostami", "He")]
    first = resolve_actor(toks[0], dictionary=dictionary, memory=memory)
    assert first.country == "IRN" and first.name == "Hamid Rostami"
    memory.add(first, subject=True)
    again = resolve_actor(toks[1], dictionary=dictionary, memory=memory)
    assert again.country == "IRN" and again.kind == "person"
    he = resolve_actor(toks[2], dictionary=dictionary, memory=memory)
    assert he.name == "Hamid Rostami" and he.via == "memory"
    assert doc.text[he.start:he.end] == "He"   # evidence points at the pronoun


def test_non_actors_resolve_to_none(nlp, dictionary):
    assert resolve(nlp, dictionary, "Rockets hit the air base several times.", "times") is None
    assert resolve(nlp, dictionary, "They denied the accusations.", "accusations") is None


def test_ethnic_groups_are_people_placed_where_they_live(nlp, dictionary):
    a = resolve(nlp, dictionary, "Ethnic Iranians in Iraq protested on Monday.", "Iranians")
    assert a.kind == "civilians" and a.country == "IRQ"


def test_igo_staff_without_a_nationality_act_for_the_igo(nlp, dictionary):
    a = resolve(nlp, dictionary, "UN inspectors left the site.", "inspectors")
    assert a.kind == "igo" and a.country is None
    a = resolve(nlp, dictionary, "French UN inspectors left the site.", "inspectors")
    assert a.kind == "person" and a.country == "FRA"


def test_anti_prefix_is_no_nationality(nlp, dictionary):
    a = resolve(nlp, dictionary, "An anti-Iran activist was arrested.", "activist")
    assert a is not None and a.country is None


def test_they_prefers_a_plural_title_phrase(nlp, dictionary):
    doc = nlp("French officials met. They left.")
    memory = ActorMemory()
    memory.add(resolve_actor(doc[1], dictionary=dictionary, memory=memory), subject=True)
    they = next(t for t in doc if t.text == "They")
    a = resolve_actor(they, dictionary=dictionary, memory=memory)
    assert a is not None and a.country == "FRA" and a.via == "memory"


def test_weak_actors_neither_block_nor_tie_a_merge():
    from sitroom.coref import EventKey, Tie, same_event
    def key(a2):
        return EventKey(type="ASSAULT", date=None, precision="unknown", own_date=False, actor2=a2,
                        actor2_country=a2)
    same = Tie(same_sentence=True, gap=0)
    assert not same_event(key("CAN"), key("MEX"), same)
    # A clause-search (weak) actor is left out of the key, so it neither blocks nor ties.
    assert same_event(key("CAN"), key(None), same)


def test_a_country_level_place_takes_a_town_of_that_country_close_by():
    from types import SimpleNamespace as NS
    from sitroom.extract.event_places import refine_nearby
    from sitroom.extract.merge import EventMention
    canada = NS(name="Canada", country="CAN", admin1=None, precision="country", feature="country")
    town = NS(name="La Malbaie", country="CAN", admin1="Quebec", precision="city", feature="city")
    paris = NS(name="Paris", country="FRA", admin1=None, precision="city", feature="city")
    m = EventMention(type="REQUEST", mode=None, trigger="urged", trigger_start=0, trigger_end=5,
                     sent_index=0, sent_start=0, sent_end=40, place=canada, place_source="focus")
    places = [NS(place=paris, text="Paris", start_char=45, end_char=50),
              NS(place=town, text="La Malbaie", start_char=60, end_char=70)]
    refine_nearby([m], places, [0, 41, 100])
    assert m.place is town and m.place_source == "context"
    m2 = EventMention(type="REQUEST", mode=None, trigger="urged", trigger_start=0, trigger_end=5,
                      sent_index=0, sent_start=0, sent_end=40, place=canada, place_source="focus")
    refine_nearby([m2], places, [0, 41, 55, 58, 200])   # the town is three sentences on
    assert m2.place is canada


def test_office_holders_match_by_surname_when_unambiguous():
    d = ActorDictionary([
        ActorEntry("Anna Example", "FRA", "person"),
        ActorEntry("Boris Sample", "DEU", "person"),
        ActorEntry("Carl Sample", "AUT", "person"),          # "Sample": two countries, no alias
        ActorEntry("Dora Family", "ITA", "person"), ActorEntry("Emil Family", "ITA", "person"),
        ActorEntry("Frank May", "GBR", "person"),            # a common word: never alone
        ActorEntry("Park Test-min", "KOR", "person"),         # family name first
        ActorEntry("Example Party", "FRA", "party"),
    ])
    assert d.person("Example").name == "Anna Example"
    assert d.person("President Example").country == "FRA"
    assert d.person("Anna Example").country == "FRA"
    assert d.person("Sample") is None and d.person("Boris Sample").country == "DEU"
    assert d.person("Family").country == "ITA"               # same country either way
    assert d.person("May") is None
    assert d.person("Park") is None or d.person("Park").country == "KOR"
    assert d.person("Test-min") is None                       # a given name, not a surname
    # Another given name with a listed surname is somebody else ("Gamal Mubarak").
    assert d.person("Zoe Example") is None


def test_office_holder_dictionary_covers_past_leaders(dictionary):
    for name, iso in [("Bouteflika", "DZA"), ("Abdelaziz Bouteflika", "DZA"), ("Mubarak", "EGY"),
                      ("Chirac", "FRA"), ("Karzai", "AFG"), ("Kofi Annan", None), ("Lula", "BRA"),
                      ("Bush", "USA"), ("Moon Jae-in", "KOR"), ("Assad", "SYR"), ("Qaddafi", "LBY")]:
        e = dictionary.person(name)
        assert e is not None and e.kind == "person" and e.country == iso, name
    assert dictionary.person("Kim") is None          # North and South Korean Kims
    assert dictionary.person("Gamal Mubarak") is None
    assert dictionary.lookup("Jordan") is None and dictionary.lookup("Islam") is None


@pytest.mark.parametrize("text,word,country", [
    ("President Bouteflika rejected the proposal on Monday.", "Bouteflika", "DZA"),
    ("Prime Minister Nawaz Sharif met the delegation.", "Sharif", "PAK"),
    ("Foreign Minister Zebari accused the neighbours of meddling.", "Zebari", "IRQ"),
])
def test_title_and_surname_resolve_to_the_office_holder(nlp, dictionary, text, word, country):
    a = resolve(nlp, dictionary, text, word)
    assert a is not None and a.kind == "person" and a.country == country


def test_a_misspelt_surname_with_the_right_given_name_still_matches():
    d = ActorDictionary([ActorEntry("Anna Examplova", "FRA", "person"),
                         ActorEntry("Anna Examplovo", "DEU", "person")])
    assert d.person("Anna Exampolva") is None             # two edits
    assert d.person("President Anna Examplovaa").country == "FRA"
    assert d.person("Anna Examplovu") is None             # fits both listed Annas
    assert d.person("Bert Examplova") is None             # another given name


def test_a_stateless_official_acts_for_the_body(nlp, dictionary):
    a = resolve(nlp, dictionary, "Arab League Secretary-General Karim Doeuvre appealed for restraint on Friday.", "Doeuvre")
    assert a is not None and a.kind == "person" and a.country is None and a.body == "igo"
    a = resolve(nlp, dictionary, "French President Jacques Chirac appealed for restraint on Friday.", "Chirac")
    assert a.country == "FRA" and a.body is None


@pytest.mark.parametrize("text,word,name,kind,country", [
    # a body the dictionary lacks, typed by its appositive and placed by its nationality word
    ("Jamaat Nusrat Kidal, a local armed faction, ambushed a convoy.", "Kidal", "Jamaat Nusrat Kidal",
     "armed_group", None),
    ("Harakat Sawa, an Iraqi political movement, rejected the result.", "Sawa", "Harakat Sawa",
     "organisation", "IRQ"),
    ("Ansar al-Qasr, a jihadist movement, claimed the raid.", "Qasr", "Ansar al-Qasr", "armed_group", None),
    # a person the tagger missed, named by a title
    ("Police detained Moussa Kone, a local councillor, on Monday.", "Kone", "Moussa Kone", "person", None),
])
def test_an_appositive_types_a_name_the_dictionary_lacks(nlp, dictionary, text, word, name, kind, country):
    a = resolve(nlp, dictionary, text, word)
    assert a is not None and (a.name, a.kind, a.country) == (name, kind, country), a


def test_a_dictionary_group_the_tagger_took_for_a_person_is_the_group(nlp, dictionary):
    # whatever the tagger says, a phrase that is all one dictionary group's name is that group
    doc = nlp("Kataib Sayyid al-Shuhada fired rockets at the base.")
    head = next(t for t in doc if t.dep_ == "nsubj")
    a = resolve_actor(head, dictionary=dictionary, memory=ActorMemory())
    assert a is not None and a.kind == "armed_group", a


def test_another_party_is_not_the_one_named_before(nlp, dictionary):
    # "the ruling party" after "the opposition party" is a second party, not a pronoun-like "the party"
    doc = nlp("The opposition party accused the ruling party of fraud.")
    memory = ActorMemory()
    first = resolve_actor(doc[2], dictionary=dictionary, memory=memory)
    memory.add(first)
    second = resolve_actor(doc[6], dictionary=dictionary, memory=memory)
    assert second is not None and second.name == "ruling party", second


@pytest.mark.parametrize("text,word,name", [
    ("A convoy of Kenyan police was ambushed.", "convoy", "Kenyan police"),
    ("A delegation of Iranian officials arrived.", "delegation", "Iranian officials"),
    ("A convoy of trucks was ambushed.", "convoy", "convoy"),   # no actor inside: the convoy itself
])
def test_a_convoy_or_delegation_is_who_is_in_it(nlp, dictionary, text, word, name):
    a = resolve(nlp, dictionary, text, word)
    assert a is not None and a.name == name, a
