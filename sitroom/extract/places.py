"""Place mentions in a parsed article: detect toponyms, then resolve them.

In: a spaCy ``Doc`` already parsed by the caller (``nlp.pipe``), and a
``sitroom.geo.GazetteerGeocoder``. Out: ``PlaceMention`` objects with
character offsets into the article text and the resolved ``Place``.

Detection = spaCy NER (GPE/LOC/FAC) + a longest-match scan of the text for
gazetteer phrases (curated multiword names like "Ain al-Asad air base",
countries, regions, towns of 15k+) + direction regions ("eastern Syria").
Resolution ranks candidates by population, feature type and the article's
focus countries (``article_countries``), so "Paris" in a France/Iran story
is Paris FRA and "St Leonards" in a UK story is the English town.
Demonyms ("Iranian") are not place mentions.

No spaCy call happens here except in ``geoparse_article``.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH

from ..geo import GazetteerGeocoder, Place
from ..geo.text import norm

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
# Words that follow a name and belong to the place ("Anbar province", "Tigris River").
TRAILING_PLACE_WORDS = {"province", "governorate", "region", "state", "oblast", "prefecture",
                        "district", "county", "city", "river", "sea", "strait", "gulf", "border",
                        "crossing", "air base", "airbase", "base", "island", "islands", "valley",
                        "mountains", "desert", "peninsula", "bay", "lake"}
# Words after a town's name in a facility's name: "Randwick Racecourse" is in Randwick.
FACILITY_WORDS = {
    "racecourse", "airport", "international", "airfield", "hospital", "university", "college",
    "camp", "refugee", "farm", "farms", "village", "park", "stadium", "school", "market", "prison",
    "jail", "port", "harbour", "harbor", "laboratory", "lab", "labs", "station", "bridge", "dam",
    "mine", "refinery", "plant", "factory", "zoo", "centre", "center", "mosque", "church",
    "cathedral", "temple", "square", "street", "road", "highway", "area",
    "town", "city", "township", "municipality", "suburb", "suburbs", "outskirts",
    "countryside", "hills", "beach", "coast",
    "checkpoint", "crossing", "base", "barracks", "compound", "office",
    "embassy", "consulate", "hotel", "palace", "court", "parliament", "council", "shire",
}

# Area words after a name whose area the gazetteer lacks: fall back to the namesake town.
AREA_WORDS = {"county", "valley", "parish", "district", "area", "borough", "township", "metro",
              "metropolitan", "region"}

# Words that are never a place on their own inside a longer name ("Villages Sudan").
PLACE_GENERIC = {"villages", "village", "children", "school", "hospital", "science", "magnet"}

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
    source: str = "ner"        # ner | gazetteer | direction


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
# Labels whose whole text may still be a place the small model mislabelled ("Malakal" ORG).
MISLABEL_OK = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP"}
ORG_LIKE = {"ORG", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}
PROMINENT = {"country", "continent", "admin1", "admin2", "territory", "region", "water", "border",
             "base", "district", "crossing", "point"}


def _cue_before(doc, start: int) -> bool:
    """A locative word right before the span (skipping 'the'): 'in Malakal', 'at the Pirbright lab'."""
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
    r = geocoder.rank(text, limit=1)
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
        # "eastern Syria", "north Iraq", "North-Western Syria" are direction regions; "North Korea"
        # and "South Africa" are names and are found as phrases first.
        direction = low in DIRECTION_WORDS and (not upper or low.endswith("ern"))
        if not (upper or direction) or low in ("the", "a", "an"):
            i += 1      # "The Hague" is still found: its key keeps no "the" either way
            continue
        best = None
        first = norm(_trim_possessive(text, 0, 0)[0]).split(" ", 1)[0] if upper else ""
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
    """May one capitalised word that NER did not tag be a place? ("Lai's son", "No one", "BLA")

    Yes for a country, region or curated place name, or a town right after a
    locative word ("in Kalat"); never for a stop word, a sentence-initial word,
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
    return place.feature in PROMINENT or _cue_before(doc, i)


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 1 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _alias_kind(geocoder: GazetteerGeocoder, key: str) -> int:
    return min((c[1] for c in geocoder.candidates(key)), default=9)


def _candidate_spans(doc, geocoder: GazetteerGeocoder, ents=None, text: str | None = None
                     ) -> list[tuple[int, int, str]]:
    """Token spans (start, end, source) that may be toponyms, non-overlapping, in text order.

    source: 'ner' (spaCy GPE/LOC/FAC), 'gazetteer' (phrase scan), 'direction'
    ("eastern Syria"), 'org' (a country or region named inside an organisation,
    "the U.S. Centers for Disease Control").
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
            if e - s == 1 and _is_acronym(doc[s].text):
                key1 = norm(doc[s].text)
                top = _top(geocoder, doc[s].text)
                if top is None or top.feature not in ("country", "admin1") or _alias_kind(geocoder, key1) > 1:
                    continue    # "AI companies", "the BLA": acronyms, not places
            if s < e:
                spans.append((s, e, "ner"))
                ner_text.add(norm(doc[s:e].text))
        elif ent.label_ in BLOCK_LABELS:
            for i in range(ent.start, ent.end):
                owner[i] = ent
            if ent.label_ in ("ORG", "PERSON") and _strong_cue_before(doc, ent.start):
                # "in St Leonards" tagged ORG: a small town the phrase scan does not cover.
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
            # The gazetteer name is longer than the entities inside it: "Syrian-Iraqi border"
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
        if (s, e) == (es, ee) and ent.label_ in MISLABEL_OK:
            # The whole entity is a place name the model mislabelled ("Jadiriya" as PERSON).
            curated = any(c[3] and c[1] <= 1 and c[0].feature != "city" for c in geocoder.candidates(key))
            if cue or curated or (ent.label_ != "PERSON"
                                  and (place.feature in PROMINENT or place.population >= 100_000)):
                found.append((s, e, "gazetteer"))
        elif ent.label_ in ORG_LIKE and place.feature in ("country", "admin1") \
                and min((c[1] for c in geocoder.candidates(key)), default=9) <= 1:
            found.append((s, e, "org"))   # "U.S. Food and Drug Administration", "NSW government"
        elif cue and s == es and ent.label_ in MISLABEL_OK:
            found.append((s, e, "gazetteer"))   # "at Randwick Racecourse"
        elif e == ee and ent.label_ == "ORG" and (place.feature in PROMINENT or place.population >= 100_000):
            found.append((s, e, "org"))         # "CDC Atlanta", "Taco Bell Canada"

    found.extend(t for t in rescued if t not in found)

    # A lone word that is also part of a person's name in this article ("Jimmy Lai" ... "Lai",
    # "Mahmoud Khalil" ... "Khalil") is the person, unless it names a country or region.
    person_words = {ent[-1].text for ent in {id(o): o for o in owner if o is not None}.values()
                    if ent.label_ == "PERSON" and len(ent) >= 2 and ent[0].text[:1].isupper()}
    if person_words:
        def _not_person(t: tuple[int, int, str]) -> bool:
            s, e, _ = t
            if e - s != 1 or _trim_possessive(doc[s].text, 0, 0)[0] not in person_words:
                return True
            top = _top(geocoder, doc[s].text)
            return top is not None and (top.feature in PROMINENT or top.population >= 100_000)
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


# ---- resolution --------------------------------------------------------------------------------

def find_places(doc, *, geocoder: GazetteerGeocoder,
                context_countries: list[str] | None = None) -> list[PlaceMention]:
    """Toponyms in ``doc`` resolved to gazetteer places (``place`` None when unresolved).

    ``context_countries`` (ISO3, most salient first) overrides the countries
    inferred from the article itself.
    """
    ents = list(doc.ents)   # doc.ents and doc.text rebuild themselves on every access
    text = doc.text
    spans = _candidate_spans(doc, geocoder, ents, text)
    has_sents = doc.has_annotation("SENT_START")
    raw: list[PlaceMention] = []
    toks: list[tuple[int, int]] = []
    for s, e, src in spans:
        span = doc[s:e]
        name, start, end = _trim_possessive(span.text, span.start_char, span.end_char)
        if not name or geocoder.is_demonym(name):
            continue
        raw.append(PlaceMention(text=name, start_char=start, end_char=end, place=None, score=0.0,
                                sent_start=span.sent.start_char if has_sents else 0, source=src))
        toks.append((s, e))
    if not raw:
        return []

    # Pass 1: context-free guesses (with their confidence) give the article's countries and
    # regions; pass 2 resolves every mention with them.
    first: dict[str, list[tuple[Place, float]]] = {}
    for m in raw:
        k = norm(m.text)
        if k not in first:
            first[k] = _rank_with_fallback(geocoder, m.text, None, None)
        r = first[k]
        m.place, m.score = (r[0][0], _confidence(r)) if r else (None, 0.0)
    if context_countries is None:
        ctx: dict[str, float] = _country_weights(doc, raw, geocoder, ents, len(text))
    else:
        ctx = {c: 1.0 - 0.15 * i for i, c in enumerate(context_countries)}
    regions = {(m.place.country, m.place.admin1) for m in raw
               if m.place is not None and m.place.feature == "admin1" and m.score >= 0.7}

    cache: dict[str, tuple[Place | None, float]] = {}
    for m in raw:
        ck = norm(m.text)
        if ck not in cache:
            ranked = _rank_with_fallback(geocoder, m.text, ctx, None, regions)
            cache[ck] = (ranked[0][0], _confidence(ranked)) if ranked else (None, 0.0)
        m.place, m.score = cache[ck]
        if m.place is None:
            m.score = 0.3 if m.source == "ner" else 0.0
    _resolve_appositions(raw, text, geocoder, ctx, regions)
    out: list[PlaceMention] = []
    for m, (s, e) in zip(raw, toks):
        if m.place is not None:
            out.append(m)
        elif m.source == "ner":
            # "Cattai and Wilberforce", "Central Africa - Nigeria", "Villages Sudan": NER joined
            # or padded names; keep the known places inside, else the unresolved span itself.
            parts = _places_inside(doc, s, e, geocoder, ctx, regions, has_sents)
            out.extend(parts or [m])
        # An unresolvable gazetteer-only hit is noise and is dropped.
    return out


def _trim_possessive(text: str, start: int, end: int) -> tuple[str, int, int]:
    """'Peru's' -> 'Peru' (spaCy sometimes keeps the possessive on the token)."""
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)], start, end - len(suffix)
    return text, start, end


SEPARATORS = {"and", "&", "-", "–", "—", "/", ",", "or", "to"}


def _places_inside(doc, s: int, e: int, geocoder: GazetteerGeocoder, ctx, regions,
                   has_sents: bool) -> list[PlaceMention]:
    """Known places inside an unresolved NER span that joins several names.

    "Cattai and Wilberforce", "Central Africa - Nigeria": split at
    conjunctions and dashes, resolve each part. Without a separator only a
    trailing country or region counts ("Villages Sudan" -> Sudan): an
    arbitrary word inside a name ("Plum Island" -> Plum) is not a place.
    """
    segments, start = [], s
    for i in range(s, e + 1):
        if i == e or doc[i].lower_ in SEPARATORS or doc[i].text in SEPARATORS:
            if i > start:
                segments.append((start, i))
            start = i + 1
    out = []
    if len(segments) == 1:
        # A leading or trailing sub-span naming a country or region: "Villages Sudan",
        # "South Asia Earthquake".
        subs = [(i, e) for i in range(s + 1, e)] + [(s, j) for j in range(e - 1, s, -1)]
        for a, b in subs:
            sub = doc[a:b]
            place = _top(geocoder, sub.text) if sub.text[:1].isupper() else None
            if place is not None and place.feature in ("country", "admin1", "continent", "region"):
                segments = [(a, b)]
                break
        else:
            return []
    for a, b in segments:
        span = doc[a:b]
        key = norm(span.text)
        if not span.text[:1].isupper() or key in COMMON_WORDS or key in PLACE_GENERIC:
            continue
        ranked = geocoder.rank(span.text, context_countries=ctx, context_admin1=regions, limit=2)
        if ranked:
            out.append(PlaceMention(text=span.text, start_char=span.start_char, end_char=span.end_char,
                                    place=ranked[0][0], score=round(_confidence(ranked) * 0.8, 3),
                                    sent_start=span.sent.start_char if has_sents else 0,
                                    source="ner-part"))
    return out


def _rank_with_fallback(geocoder: GazetteerGeocoder, text: str, ctx, bias: str | None,
                        regions: set | None = None) -> list[tuple[Place, float]]:
    """Rank ``text``; if nothing matches, the longest capitalised sub-phrase that does.

    "Randwick Racecourse" -> Randwick, "Kasai Occidental province area" -> Kasai Occidental.
    Sub-phrase answers score lower (they are a guess about a facility's town).
    """
    ranked = geocoder.rank(text, context_countries=ctx, country_bias=bias, context_admin1=regions,
                           limit=2)
    if ranked:
        return ranked
    words = text.split()
    # Only "<Name> <facility words>": "Rift Valley" must not become a town called Valley.
    for size in range(len(words) - 1, 0, -1):
        tail = [w.lower().strip(".,") for w in words[size:]]
        sub = " ".join(words[:size])
        if norm(sub) in COMMON_WORDS or words[0].lower() in DIRECTION_WORDS:
            continue
        if all(w in FACILITY_WORDS for w in tail):
            ranked = geocoder.rank(sub, context_countries=ctx, country_bias=bias,
                                   context_admin1=regions, limit=2)
            if ranked:
                return [(p, s - 1.0) for p, s in ranked]
        elif all(w in AREA_WORDS for w in tail) and ctx:
            # "Dallas County", "Salinas Valley": the namesake town in the article's main
            # countries is a fair point for the area (counties are not in the gazetteer).
            ranked = geocoder.rank(sub, context_countries=ctx, context_admin1=regions, limit=2)
            if ranked and ranked[0][0].feature == "city" and ctx.get(ranked[0][0].country, 0) >= 0.5:
                return [(p, s - 2.0) for p, s in ranked]
    return []


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
    """'Atlanta, Georgia', 'Paris, Texas', 'Innisfail, Queensland': resolve the pair jointly.

    Among the top candidates of both names, the best-scoring pair where the
    second contains the first wins over their separate best guesses.
    """
    for a, b in zip(mentions, mentions[1:]):
        if text[a.end_char:b.start_char].strip() != ",":
            continue
        ra = geocoder.rank(a.text, context_countries=ctx, context_admin1=regions, limit=15)
        rb = geocoder.rank(b.text, context_countries=ctx, context_admin1=regions, limit=15)
        best = None
        for pa, sa in ra:
            for pb, sb in rb:
                if _contains(pb, pa) and (best is None or sa + sb > best[0]):
                    best = (sa + sb, pa, pb)
        if best is not None:
            _, pa, pb = best
            if a.place != pa:
                a.place, a.score = pa, 0.8
            if b.place != pb:
                b.place, b.score = pb, 0.8


def _confidence(ranked: list[tuple[Place, float]]) -> float:
    """0..1: how clearly the top candidate beats the runner-up (logistic in the score gap)."""
    if len(ranked) == 1:
        return round(min(0.99, 0.6 + ranked[0][1] / 25), 3)
    (p1, s1), (p2, s2) = ranked[0], ranked[1]
    if abs(p1.lat - p2.lat) + abs(p1.lon - p2.lon) < 1.0:
        # The runner-up is the same place under another record (city and its region, a
        # curated and a computed border point): no real ambiguity.
        return round(min(0.99, 0.6 + s1 / 25), 3)
    return round(1 / (1 + math.exp(-(s1 - s2))), 3)


def _country_weights(doc, mentions: list[PlaceMention], geocoder: GazetteerGeocoder | None,
                     ents=None, text_len: int | None = None) -> dict[str, float]:
    """ISO3 -> salience in 0..1 (1 = the article's main country).

    A mention counts for its place's country, weighted by how sure its
    resolution is (an ambiguous "Innisfail" must not vote for Canada), double
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


# ---- whole article -----------------------------------------------------------------------------

def mention_row(article_id: str | None, m: PlaceMention) -> dict[str, Any]:
    """One row of the place JSONL contract (../shared/eval/README.md)."""
    p = m.place
    return {"article_id": article_id, "text": m.text, "start_char": m.start_char,
            "end_char": m.end_char, "name": p.name if p else None,
            "country": p.country if p else None, "admin1": p.admin1 if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None,
            "feature": p.feature if p else None, "geonameid": p.geonameid if p else None,
            "score": m.score}


def geoparse_article(article, *, nlp, geocoder: GazetteerGeocoder) -> list[dict]:
    """Parse ``article.text`` and return its place mentions as place-JSONL rows."""
    doc = nlp(article.text)
    return [mention_row(article.id, m) for m in find_places(doc, geocoder=geocoder)]
