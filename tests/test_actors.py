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
             "iraqi": "IRQ", "syria": "SYR", "ivory coast": "CIV"}
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
    ("Iran's supreme leader Ali Khamenei on Monday called on his compatriots.", "Khamenei",
     "Ali Khamenei", "IRN", "person"),
    ("The French foreign ministry said in a statement.", "ministry", "French foreign ministry", "FRA", "government"),
    ("Tehran said the report was false.", "Tehran", "Tehran", "IRN", "government"),
    ("France accused Iran of repression.", "France", "France", "FRA", "state"),
    ("A senior Iranian Revolutionary Guard commander urged militias.", "commander",
     "Iranian Revolutionary Guard commander", "IRN", "person"),
    ("American forces in Iraq and Syria were attacked.", "forces", "American forces", "USA", "military"),
    ("British Prime Minister Keir Starmer's director of communications Tim Allan resigned.", "director",
     "Tim Allan", "GBR", "person"),
    ("Iran's UN envoy denied the accusations.", "envoy", "Iran's UN envoy", "IRN", "person"),
    ("Rebels in the Ivory Coast rejected the plan.", "Rebels", "Rebels", "CIV", "armed_group"),
])
def test_phrases_resolve_to_actors(nlp, dictionary, text, word, name, country, kind):
    a = resolve(nlp, dictionary, text, word)
    assert a is not None
    assert (a.name, a.country, a.kind) == (name, country, kind)
    assert text[a.start:a.end] == a.name   # offsets point at the shown name


def test_a_patron_is_not_the_actors_country(nlp, dictionary):
    a = resolve(nlp, dictionary, "US air strikes hit Iran-backed militias at the border.", "militias")
    assert a.name == "Iran-backed militias" and a.kind == "armed_group" and a.country is None


def test_possessor_is_not_the_named_actor(nlp, dictionary):
    # "Starmer" is in the dictionary, but the aide is McSweeney.
    a = resolve(nlp, dictionary, "Starmer's top aide Morgan McSweeney quit over his role.", "aide")
    assert a.name == "Morgan McSweeney" and a.kind == "person" and a.country == "GBR"


def test_pronouns_and_surnames_resolve_through_memory(nlp, dictionary):
    doc = nlp("Revolutionary Guards intelligence chief Hossein Taeb arrived in Baghdad. "
              "Taeb met militia leaders. He urged them to keep up pressure.")
    memory = ActorMemory()
    toks = [t for t in doc if t.text in ("Taeb", "He")]
    first = resolve_actor(toks[0], dictionary=dictionary, memory=memory)
    assert first.country == "IRN" and first.name == "Hossein Taeb"
    memory.add(first, subject=True)
    again = resolve_actor(toks[1], dictionary=dictionary, memory=memory)
    assert again.country == "IRN" and again.kind == "person"
    he = resolve_actor(toks[2], dictionary=dictionary, memory=memory)
    assert he.name == "Hossein Taeb" and he.via == "memory"
    assert doc.text[he.start:he.end] == "He"   # evidence points at the pronoun


def test_non_actors_resolve_to_none(nlp, dictionary):
    assert resolve(nlp, dictionary, "Rockets hit the air base several times.", "times") is None
    assert resolve(nlp, dictionary, "They denied the accusations.", "accusations") is None
