"""Place mentions in parsed articles: detection, resolution with context, offsets, contract rows."""
from __future__ import annotations

import json

import pytest

from sitroom.extract.places import PlaceMention, article_countries, find_places, geoparse_article
from sitroom.geo import distance_km, norm
from sitroom.loader import Article

ROW_KEYS = {"article_id", "text", "start_char", "end_char", "name", "country", "admin1", "lat", "lon",
            "feature", "geonameid", "score"}


def _places(nlp, geocoder, text, **kw) -> list[PlaceMention]:
    return find_places(nlp(text), geocoder=geocoder, **kw)


def _by_text(mentions) -> dict[str, PlaceMention]:
    return {m.text: m for m in mentions}


def test_offsets_point_into_the_text(nlp, geocoder):
    text = ("Blast walls of a sleeping quarters for US soldiers are seen at Ain al-Asad air base "
            "in Anbar province, Iraq January 13, 2020.")
    ms = _places(nlp, geocoder, text)
    for m in ms:
        assert text[m.start_char:m.end_char] == m.text
        assert 0 <= m.score <= 1 and m.sent_start == 0
    got = _by_text(ms)
    base = got["Ain al-Asad air base"].place
    assert base.feature == "base" and base.country == "IRQ" and norm(base.admin1) == "al anbar"
    assert got["Anbar province"].place.feature == "admin1"
    assert got["Iraq"].place.feature == "country"


def test_demonyms_are_not_place_mentions(nlp, geocoder):
    text = "Iranian officials met Iraqi and Syrian militia leaders, American officials said."
    assert not any(geocoder.country_for_name(m.text) for m in _places(nlp, geocoder, text))


def test_context_countries_pick_the_namesake(nlp, geocoder):
    fr = _by_text(_places(nlp, geocoder, "France summoned Iran's envoy. Protesters gathered in Paris "
                                         "on Sunday, French police said."))
    assert fr["Paris"].place.country == "FRA"
    us = _by_text(_places(nlp, geocoder, "Floods hit Texas. In Dallas and Tyler the rivers rose, and "
                                         "Paris, Texas, ordered an evacuation."))
    assert us["Paris"].place.country == "USA"
    uk = _by_text(_places(nlp, geocoder, "Keir Starmer delivered a speech in St Leonards, Britain, "
                                         "before returning to London."))
    assert uk["St Leonards"].place.country == "GBR"
    assert distance_km(uk["St Leonards"].place, (50.855, 0.545)) < 20
    assert uk["London"].place.country == "GBR"


def test_explicit_context_countries_override(nlp, geocoder):
    doc = nlp("Heavy rain fell in the town of St Leonards, police said.")
    assert find_places(doc, geocoder=geocoder, context_countries=["AUS"])[0].place.country == "AUS"
    assert find_places(doc, geocoder=geocoder, context_countries=["GBR"])[0].place.country == "GBR"


def test_curated_multiword_places_and_regions(nlp, geocoder):
    text = ("US air strikes hit militias at the Syrian-Iraqi border. Attacks widened to eastern Syria. "
            "The meeting was held in Baghdad's upscale Jadiriya neighborhood across the river Tigris.")
    got = _by_text(_places(nlp, geocoder, text))
    assert got["Syrian-Iraqi border"].place.feature == "border"
    assert got["eastern Syria"].place.feature == "region" and got["eastern Syria"].place.country == "SYR"
    assert got["Jadiriya"].place.country == "IRQ"
    assert got["Tigris"].place.feature == "water"
    assert got["Baghdad"].place.country == "IRQ"   # the possessive is trimmed off the mention


def test_article_countries_most_salient_first(nlp, geocoder):
    doc = nlp("Iraq said on Monday that Iraqi forces in Baghdad and Basra were on alert after "
              "a drone strike near Erbil. Iran denied involvement.")
    ms = find_places(doc, geocoder=geocoder)
    countries = article_countries(doc, ms, geocoder=geocoder)
    assert countries[0] == "IRQ" and "IRN" in countries


def test_geoparse_article_rows_follow_the_contract(nlp, geocoder, shared):
    articles = [json.loads(line) for line in (shared / "eval" / "seed_articles.jsonl").open()]
    rec = next(a for a in articles if a["id"].startswith("aawsat"))
    art = Article(title=rec["title"], text=rec["text"], id=rec["id"])
    rows = geoparse_article(art, nlp=nlp, geocoder=geocoder)
    assert rows and all(set(r) == ROW_KEYS for r in rows)
    assert all(art.text[r["start_char"]:r["end_char"]] == r["text"] for r in rows)
    named = {(r["text"], r["country"]) for r in rows}
    for want in [("Baghdad", "IRQ"), ("Tehran", "IRN"), ("Vienna", "AUT"), ("Jadiriya", "IRQ"),
                 ("Ain al-Asad air base", "IRQ"), ("Syrian-Iraqi border", "SYR"), ("eastern Syria", "SYR"),
                 ("Tigris", "IRQ")]:
        assert want in named, want
    assert not any(r["text"] in ("Iranian", "Iraqi", "Iranians") for r in rows)


def test_person_names_are_not_places(nlp, geocoder):
    # "Lai" is also a town in Chad; here it is the surname of a person named in the article.
    text = "Media tycoon Jimmy Lai appeared in court in Hong Kong. Lai's son spoke to reporters."
    texts = {m.text for m in _places(nlp, geocoder, text)}
    assert "Hong Kong" in texts and "Lai" not in texts


def test_unresolved_ner_place_is_kept_without_coordinates(nlp, geocoder):
    ms = _places(nlp, geocoder, "Villagers fled Xqzzyabad in Afghanistan on Friday.")
    unresolved = [m for m in ms if m.place is None]
    assert all(m.score < 0.5 for m in unresolved)
    assert any(m.place is not None and m.place.country == "AFG" for m in ms)


@pytest.mark.parametrize("text,name,iso", [
    ("Officials of the U.S. Food and Drug Administration inspected the farm.", "U.S.", "USA"),
    ("The NSW government confirmed the infections.", "NSW", "AUS"),
])
def test_country_or_region_inside_an_organisation_name(nlp, geocoder, text, name, iso):
    got = _by_text(_places(nlp, geocoder, text))
    assert got[name].place.country == iso and got[name].source in ("org", "gazetteer")
