"""Actors: noun phrases of a parse normalised to (name, country ISO3, kind).

In:  the head token of a participant noun phrase (spaCy), the ``ActorDictionary``
     (data/actors.csv: IGOs, armed groups, parties, institutions, office holders),
     and an ``ActorMemory`` of the actors already named in the article.
Out: an ``Actor`` whose ``name`` is the meaningful surface text ("Iran-backed
     militias", "US forces", "Jane Doe"), with country, kind and, when the
     dictionary knows it, the canonical name.

Countries, demonyms and capitals come from the gazetteer geocoder
(``country_for_name``, ``is_capital``); without one, pycountry names are used.
Rules cover what a dictionary cannot: ministries ("Peruvian interior ministry" ->
PER government), leaders by title ("Chile's president" -> CHL person),
capitals standing for governments ("Tehran said" -> IRN government), people
whose country is given by a modifier or an earlier mention, and pronouns or
"the group"/"the minister" (the last fitting named actor).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from ..geo.text import norm

# Head nouns -> actor kind. Plural and singular lemmas both appear as spaCy lemmas.
HEAD_KINDS: dict[str, str] = {}
for _kind, _words in {
    "military": "force forces troop troops soldier soldiers army military navy marine marines airforce "
                "police policeman policemen officer officers guard guards commando commandos "
                "peacekeeper peacekeepers serviceman servicemen personnel service_member unit units "
                "battalion brigade coalition convoy convoys patrol patrols gendarme gendarmes gendarmerie "
                "trooper troopers sniper snipers",
    "armed_group": "militia militias militant militants rebel rebels insurgent insurgents fighter fighters "
                   "gunman gunmen jihadist jihadists extremist extremists terrorist terrorists separatist "
                   "separatists guerrilla guerrillas attacker attackers assailant assailants faction "
                   "loyalist loyalists group groups hijacker hijackers bomber bombers militiaman militiamen "
                   "paramilitary paramilitaries cartel cartels gang gangs mafia syndicate gangster gangsters",
    "government": "government ministry authority authorities official officials regime administration "
                  "cabinet parliament lawmaker lawmakers legislator legislators senate senator senators "
                  "congress court judiciary prosecutor prosecutors council delegation embassy mission "
                  "junta state leadership presidency agency intelligence",
    "person": "president minister leader envoy ambassador spokesman spokeswoman spokesperson commander "
              "chief diplomat king queen prince emir sheikh premier chancellor secretary general "
              "adviser advisor aide director lawyer activist journalist cleric laureate head governor "
              "mayor representative negotiator counterpart rapporteur judge deputy founder chairman "
              "doctor doctors expert experts inspector inspectors observer observers monitor monitors "
              "negotiators delegate delegates envoys ambassadors ministers leaders officials diplomats "
              "chairwoman speaker caliph headman chieftain councillor councilor pastor nun commissioner "
              "administrator candidate blogger",
    "civilians": "civilian civilians people resident residents villager villagers protester protesters "
                 "demonstrator demonstrators organizer organizers organiser organisers student students "
                 "worker workers refugee refugees migrant "
                 "migrants passenger passengers child children woman women worshipper worshippers "
                 "family families crowd crowds citizen citizens voter voters opposition supporter "
                 "supporters member members compatriot compatriots inhabitant inhabitants youth youths "
                 "prisoner prisoners detainee detainees elder elders settler settlers farmer farmers "
                 "peasant peasants landowner landowners teacher teachers pilgrim pilgrims hostage hostages "
                 "national nationals immigrant immigrants tribesman tribesmen hacker hackers owner owners "
                 "trader traders shopkeeper shopkeepers vendor vendors merchant merchants mob mobs "
                 "rioter rioters miner miners dockworker dockworkers driver drivers labourer labourers "
                 "laborer laborers employee employees man men boy boys teenager teenagers "
                 "herder herders shepherd shepherds schoolchildren",
    # (priests, nurses, fishermen, tourists, pupils ... come from the agents dictionary, below)
    "party": "party parties",
    "organisation": "organization organisation ngo charity company firm movement union",
    "igo": "forum bloc alliance league commission",
    "media": "channel channels broadcaster broadcasters newspaper newspapers outlet outlets reporter reporters "
             "television radio press media newsroom",
}.items():
    for _w in _words.split():
        HEAD_KINDS[_w.replace("_", " ")] = _kind

QUANTITY_HEADS = {"thousand", "thousands", "hundred", "hundreds", "ten", "tens", "dozen", "dozens",
                  "million", "millions", "group", "number", "majority", "minority", "third", "half",
                  "quarter", "some", "many", "most", "all", "handful", "crowd", "team", "band",
                  "contingent", "batch", "patch", "wave", "score", "scores"}
# Heads that carry a group named after "of" ("a convoy of peacekeepers").
CARRIER_HEADS = {"convoy", "column", "patrol", "delegation", "detachment", "unit", "busload", "boatload"}
# Vehicles: not actors themselves, but they carry some ("a bus carrying pilgrims").
VEHICLE_NOUNS = {"ferry", "boat", "ship", "vessel", "train", "bus", "minibus", "plane", "aircraft", "airliner",
                 "flight", "helicopter", "truck", "lorry", "van", "car", "vehicle"}
CARRY_VERBS = {"carry", "transport", "ferry"}
CARRY_FORMS = {v + "ing" for v in CARRY_VERBS}   # the small model may tag "carrying" a noun
# Kinds of the forces that fight: a word naming one may carry out an act named after it.
ARMED_KINDS = frozenset({"military", "armed_group"})
# Heads naming sites: places, not participants.
NOTABLE_CITY_POP = 100_000   # a city this large is known by its name alone
SITE_NOUNS = {"base", "airbase", "city", "town", "village", "border", "region", "area", "province",
              "district", "camp", "port", "airport", "hotel", "building", "site", "neighborhood",
              "neighbourhood", "street", "square", "coast", "desert", "zone", "strip", "compound",
              "facility", "plant", "hospital", "school", "mosque", "church", "market", "bridge",
              "road", "highway", "crossing", "checkpoint", "station", "embassy", "consulate"}
# Sites that are also bodies that act when told to ("ordered schools to reopen").
INSTITUTIONS = {"school", "hospital", "university", "college", "clinic", "embassy", "consulate", "bank",
                "mosque", "church", "factory", "plant", "mine", "refinery", "airport", "port", "station"}
# Titles that make a person of a phrase's head ("Chile's president", "the foreign minister").
PERSON_TITLES = {w for w, k in HEAD_KINDS.items() if k == "person"}
# Places named by their country ("the Serbian capital", "a Kenyan village"): where, never who.
# (A facility says whose: "a U.S. base", "Turkish positions"; "the country" may act.)
GEOGRAPHIC_NOUNS = frozenset({"city", "town", "village", "border", "region", "area", "province", "district",
                              "capital", "neighborhood", "neighbourhood", "street", "square", "coast", "desert",
                              "zone", "strip", "countryside", "outskirts", "suburb", "suburbs"})
# Modifiers naming a patron, not the actor's own country ("Iran-backed militias").
PATRON_WORDS = {"backed", "aligned", "supported", "sponsored", "funded", "allied", "affiliated",
                "linked", "based", "proposed", "brokered", "made"}
# Evaluative or quantity words dropped from the shown name.
DROP_WORDS = {"senior", "top", "several", "some", "many", "other", "few", "certain", "various",
              "numerous", "high", "high-ranking", "low-ranking", "unnamed", "anonymous", "own"}
PRONOUNS = {"he", "she", "him", "her", "they", "them", "it", "its", "his", "their", "we", "us", "i"}
# "the group", "the minister": definite generic heads that point back to a named actor.
ANAPHORIC_HEADS = {"group", "minister", "leader", "president", "organization", "organisation",
                   "movement", "militia", "government", "country", "company", "official", "envoy",
                   "spokesman", "commander", "army", "military", "court", "council", "party", "bloc",
                   "alliance", "premier", "chancellor", "ministry", "regime", "state", "kingdom",
                   "republic", "emir", "king", "activist", "laureate", "journalist", "diplomat"}
_ABBR_KEEP = re.compile(r"[.\u2019']")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|Jr\.?|Sr\.?)$")
# Countries whose people are named family name first ("Moon Jae-in" -> "Moon").
FAMILY_FIRST = {"CHN", "KOR", "PRK", "TWN", "VNM", "KHM"}
TITLE_WORDS = {"president", "prime", "minister", "king", "queen", "prince", "princess", "sheikh",
               "sultan", "emir", "emperor", "ayatollah", "mullah", "general", "gen", "chancellor",
               "premier", "secretary", "foreign", "defense", "defence", "vice", "former", "mr", "mrs",
               "ms", "dr", "sir", "lord", "lady", "field", "marshal", "colonel", "col", "subcomandante",
               "imam", "pope", "crown", "supreme", "leader", "commander", "chairman", "speaker"}
# Surnames too common, or too like a word, a place or a given name, to stand alone.
SURNAME_STOP = {w.lower() for w in """
May Major Brown Rice Christopher Baker Cook Straw Hague Hunt Johnson Harris Martin Key Clark
Howard Taylor Peters Young Wine Ramos Fox Franco Gates Bishop Wong Costa Michel Ping Gil Paz Henry
Singh Shah Khan Dar Asif Aziz Omar Abdullah Rashid Hussein Ibrahim Mustafa Hassan Mansour Suleiman
Salman Said Tariq Sultan Sabah Khalifa Saleh Ahmed Mohamed Mohammed Mohamud Umar Jonathan Bio Faye
Diop Toure Touré Keita Conde Condé Santos Machado Gonzalez González Rodriguez Rodríguez Lopez López
Fernandez Fernández Garcia García Castillo Moreno Toledo Reyes Morales Estrada Arroyo Vieira Zia Oli
Store Kok Fischer Gabriel Maas Sanchez Sánchez Abe Kan Mori Cooper Cleverly Hammond Philippe Austin
Bolton Sullivan Barrack Kellogg Ivanov Sharon Bennett Katz Cohen Shalom Sheikh Ansari Alawi Yilmaz
Yildirim Rau Ali Salah Idris Abubakar Mills Wade Velez Rua Fuente Nieto Moise Moïse Abbott Morrison
Kenny Persson Andersson Marin Tatar Robertson Ashton Mahamat Youssouf Turk Türk Griffiths Fletcher
Pedersen Tang Wen Mao Lin Park Moon Han Ban Pol Faisal Jalil Lam Cardoso Caldera Anand Nguyen Barbecue
Hamad Fahd Zayed Jassim Qassem Mahdi Yusuf Yassin Saud Turki Bandar Nasser Kamal Karim Hamza
Abdel Abdul Bin Mohammad Muhammad Ahmad Musa Moussa Issa Isa Laden Gallant Green White Black Rose
Charles Elizabeth Felipe Carlos Juan Haitham Tamim Jose José Maria María Ana Islam Jordan Silva Sam
Sung Jong Pot Gang Sen Salami Golani
Wood Hill King Queen Prince Duke Lord
""".split()}


def alias_key(text: str) -> str:
    """Lower-case key with dots/apostrophes dropped and hyphens as spaces ("U.N." -> "un")."""
    s = _ABBR_KEEP.sub("", text or "")
    s = re.sub(r"[-\u2013\s]+", " ", s).strip().lower()
    if s.startswith("the "):
        s = s[4:]
    return s


@dataclass(frozen=True)
class ActorEntry:
    name: str
    country: str | None
    kind: str
    aliases: tuple[str, ...] = ()
    seat: str | None = None       # city where an organisation sits


@dataclass
class Actor:
    """A resolved participant. ``start``/``end`` are character offsets of ``name``'s phrase."""
    name: str
    country: str | None = None
    kind: str | None = None
    canonical: str | None = None
    start: int = -1
    end: int = -1
    head: int = -1              # token index of the phrase head
    via: str = "text"           # text | memory (pronoun / surname) | dictionary
    subject: bool = False       # named as a clause subject (pronouns prefer those)
    proper: bool = False        # named by a proper name (a person entity), not a title
    plural: bool = False        # a plural phrase ("Palestinian leaders"): "they" may point to it
    weak: bool = False          # found by the clause search, not by a grammatical role: it neither
                                # blocks a place nor keeps two mentions apart when merging
    body: str | None = None     # the kind of body a stateless person acts for ("igo" for a UN or
                                # Arab League official): the kind shown for them
    country_via: str | None = None   # "context": no nationality was stated; the country is the one
                                     # the sentence is about (shown in the evidence)



class ActorDictionary:
    """Named actors by alias. One-word aliases match with their capitalisation ("IS", "Guards")."""

    def __init__(self, entries: list[ActorEntry], *, geocoder=None):
        self.entries = entries
        self.geocoder = geocoder
        # Generic agent nouns -> actor kind beyond HEAD_KINDS ("nurses", "dockworkers", "clerics"),
        # from the CAMEO/PLOVER agents dictionary (set by load_resources; see entities.py).
        self.agent_kinds: dict[str, str] = {}
        self._exact: dict[str, ActorEntry] = {}      # case-sensitive one-word aliases
        self._folded: dict[str, ActorEntry] = {}     # multiword aliases, case-folded key
        # Aliases that several entries share ("SNA": the Somali or the Syrian National Army), every
        # entry in file order; the first is the default when the story's countries do not decide.
        self._shared: dict[str, list[ActorEntry]] = {}
        self.max_words = 1
        for e in entries:
            for a in (e.name, *e.aliases):
                words = alias_key(a).split()
                if not words:
                    continue
                self.max_words = max(self.max_words, len(words))
                key, table = ((_ABBR_KEEP.sub("", a).strip(), self._exact) if len(words) == 1
                              else (" ".join(words), self._folded))
                first = table.setdefault(key, e)
                if first is not e and e not in self._shared.setdefault(key, [first]):
                    self._shared[key].append(e)
        self._surnames: set[str] = set()
        self._index_surnames(entries)
        self._by_name = {e.name: e for e in entries}
        # Gazetteer answers per (question, text): the same names recur in every article.
        self._memo: dict[tuple[str, str], object] = {}

    def _cached(self, question: str, text: str, compute):
        key = (question, text)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _ask_geocoder(self, method: str, text: str):
        """``geocoder.<method>(text)``, cached; None without a geocoder that answers it."""
        fn = getattr(self.geocoder, method, None)
        return self._cached(method, text, lambda: fn(text) if fn is not None else None)

    def _index_surnames(self, entries: list[ActorEntry]) -> None:
        """People are named by surname alone ("Bouteflika", "President Bouteflika"): the last word
        of each person's listed names (the first word too for East Asian names, family name
        first), "al-"/"el-" dropped, is an alias when every listed person bearing it has the same
        country and it is not a common word or given name (SURNAME_STOP)."""
        cands: dict[str, list[ActorEntry]] = {}
        for e in entries:
            if e.kind != "person":
                continue
            for a in (e.name, *e.aliases):
                ws = [w for w in a.replace(",", " ").split() if not _ROMAN.match(w)]
                if len(ws) < 2:
                    continue
                forms = {ws[0]} if e.country in FAMILY_FIRST else {ws[-1]}
                for f in list(forms):
                    m = re.match(r"^(?:al|el|as|ash|ad|ar|an|at|az)-(.+)$", f, re.I)
                    if m:
                        forms.add(m.group(1))
                for f in forms:
                    f = _ABBR_KEEP.sub("", f).strip("-")
                    if len(f) >= 3 and f[:1].isupper() and alias_key(f) not in SURNAME_STOP and \
                            f.lower() not in TITLE_WORDS:
                        lst = cands.setdefault(f, [])
                        if e not in lst:
                            lst.append(e)
        for f, es in cands.items():
            if f in self._exact or len({e.country for e in es}) != 1:
                continue
            self._exact[f] = es[-1]
            self._surnames.add(f)
        # Given name -> people, for misspelt surnames ("Francois Mitterand", "Laurent Gbago").
        self._given: dict[str, list[tuple[str, ActorEntry]]] = {}
        for e in entries:
            if e.kind != "person":
                continue
            for a in (e.name, *e.aliases):
                ws = alias_key(a).split()
                if len(ws) == 2 and e.country not in FAMILY_FIRST:
                    self._given.setdefault(ws[0], []).append((ws[1], e))

    def person(self, text: str) -> ActorEntry | None:
        """The listed person a name (its words) stands for: the whole name, else its surname when
        the given name, if any, is one of that person's ("Abdelaziz Bouteflika", "Bouteflika";
        not "Gamal Mubarak")."""
        words = (text or "").replace("’s", "").replace("'s", "").split()
        if not words:
            return None
        e = self.lookup(" ".join(words))
        if e is not None:
            return e
        last = _ABBR_KEEP.sub("", words[-1]).strip("-")
        e = self._exact.get(last)
        if e is None and len(words) >= 2:
            return self._misspelt(words)
        if e is None or len(words) == 1:
            return e
        if last not in self._surnames:
            return e
        first = alias_key(words[0])
        known = {w for a in (e.name, *e.aliases) for w in alias_key(a).split()}
        return e if first in known or first in TITLE_WORDS else None

    def _misspelt(self, words: list[str]) -> ActorEntry | None:
        """A listed person whose given name is the name's first word (after titles) and whose
        surname is one edit away from its last ("Abdelaziz Bouteflicka"); None when that fits
        two people of different countries."""
        ws = [w for w in alias_key(" ".join(words)).split() if w not in TITLE_WORDS]
        if len(ws) < 2 or len(ws[-1]) < 5:
            return None
        hits = {e.name: e for sur, e in self._given.get(ws[0], ()) if _one_edit(sur, ws[-1])}
        if len({e.country for e in hits.values()}) != 1:
            return None
        return next(iter(hits.values()))

    @classmethod
    def from_csv(cls, path: str | Path, *, geocoder=None) -> "ActorDictionary":
        """Read data/actors.csv (comment lines start with '#')."""
        with open(path, encoding="utf-8") as f:
            lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
        entries = []
        for row in csv.DictReader(lines):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            entries.append(ActorEntry(name=name, country=(row.get("country") or "").strip().upper() or None,
                                      kind=(row.get("kind") or "other").strip() or "other",
                                      aliases=aliases, seat=(row.get("seat") or "").strip() or None))
        return cls(entries, geocoder=geocoder)

    # ---- lookups ------------------------------------------------------------------------------

    def entry(self, name: str) -> ActorEntry | None:
        """The entry whose canonical name is ``name``."""
        return self._by_name.get(name)

    def lookup(self, text: str) -> ActorEntry | None:
        """The entry named exactly ``text`` (an alias), else None."""
        words = alias_key(text).split()
        if len(words) == 1:
            return self._exact.get(_ABBR_KEEP.sub("", text).strip().strip("-"))
        return self._folded.get(" ".join(words))

    def find(self, words: list[str], countries: Callable[[], frozenset[str]] = frozenset
             ) -> tuple[ActorEntry, int, int] | None:
        """Longest alias inside a word sequence: (entry, first word, end word) or None. An alias
        several entries share goes to the first whose country is among ``countries()`` (the
        story's; asked only for such an alias)."""
        n = len(words)
        clean = [_ABBR_KEEP.sub("", w) for w in words]
        for size in range(min(self.max_words, n), 0, -1):
            for i in range(0, n - size + 1):
                key = clean[i] if size == 1 else alias_key(" ".join(words[i:i + size]))
                e = (self._exact if size == 1 else self._folded).get(key)
                if e is not None:
                    if key in self._shared:
                        story = countries()
                        e = next((x for x in self._shared[key] if x.country in story), e)
                    return e, i, i + size
        return None

    def seat_place(self, canonical: str | None):
        """The gazetteer Place of an organisation's seat ("United Nations" -> New York), cached."""
        if not canonical:
            return None

        def find():
            e = self._by_name.get(canonical)
            if e is not None and e.seat and self.geocoder is not None and hasattr(self.geocoder, "best"):
                return self.geocoder.best(e.seat)
            return None
        return self._cached("seat", canonical, find)

    def country_for(self, text: str) -> str | None:
        """ISO3 for a country name or demonym ("Iranian", "U.S."), cached."""
        def find():
            if self.geocoder is not None and hasattr(self.geocoder, "country_for_name"):
                return self.geocoder.country_for_name(text)
            return _pycountry_iso3(text)
        return self._cached("country", text, find)

    def misspelt_country(self, text: str) -> str | None:
        """ISO3 of the country a misspelt name stands for ("Malwai"), cached; see the geocoder."""
        return self._ask_geocoder("misspelt_country", text)

    def place_country(self, text: str) -> str | None:
        """ISO3 of the best gazetteer place named ``text`` ("Darfur" -> SDN), cached; for
        modifiers naming a region or town rather than a country."""
        def find():
            if self.geocoder is None or not hasattr(self.geocoder, "best") or len(text) <= 2:
                return None
            place = self.geocoder.best(text)
            return getattr(place, "country", None) if place is not None else None
        return self._cached("place", text, find)

    def notable_place(self, text: str) -> str | None:
        """ISO3 of the place ``text`` names when the gazetteer's best match is a province or a
        city of 100,000 or more (a name news uses as a place: "Kano", "Kaduna"), else None."""
        def find():
            if self.geocoder is None or not hasattr(self.geocoder, "best") or len(text) <= 2:
                return None
            place = self.geocoder.best(text)
            if place is None or norm(place.name) != norm(text):
                return None
            if place.feature == "admin1" or (place.feature == "city" and place.population >= NOTABLE_CITY_POP):
                return place.country
            return None
        return self._cached("notable", text, find)

    def capital_country(self, text: str) -> str | None:
        """ISO3 of the country whose capital is ``text`` ("Tehran" -> IRN), cached."""
        return self._ask_geocoder("is_capital", text)


def _one_edit(a: str, b: str) -> bool:
    """Are two words at most one insertion, deletion or substitution apart?"""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _pycountry_iso3(text: str) -> str | None:
    """Country name -> ISO3 without a gazetteer (no demonyms)."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return None
    t = (text or "").strip()
    if not t:
        return None
    try:
        return pycountry.countries.lookup(t).alpha_3
    except LookupError:
        return None


# ---- article memory ---------------------------------------------------------------------------

@dataclass
class ActorMemory:
    """Actors named so far in one article, latest last (for pronouns and bare surnames)."""
    actors: list[Actor] = field(default_factory=list)

    def add(self, actor: Actor | None, *, subject: bool = False) -> None:
        if actor is not None and actor.via == "text" and actor.name:
            actor.subject = actor.subject or subject
            if not any(a.start == actor.start and a.end == actor.end for a in self.actors[-6:]):
                self.actors.append(actor)

    def surname(self, name: str) -> Actor | None:
        """An earlier person whose name ends with (or equals) ``name``."""
        key = name.lower()
        for a in reversed(self.actors):
            if a.kind == "person" and a.name.lower() != key and (
                    a.name.lower().endswith(" " + key) or a.name.lower().startswith(key + " ")):
                return a
        return None

    def last(self, kinds: AbstractSet[str] | None = None, *, before: int | None = None,
             head_word: str | None = None, prefer_subject: bool = False) -> Actor | None:
        if prefer_subject:
            for a in reversed(self.actors[-8:]):
                if a.subject and (before is None or a.start < before) and (not kinds or a.kind in kinds):
                    return a
        for a in reversed(self.actors):
            if before is not None and a.start >= before:
                continue
            if kinds and a.kind not in kinds:
                continue
            if head_word and head_word not in a.name.lower() and a.kind != "person":
                continue
            return a
        return None


# ---- phrase extraction -------------------------------------------------------------------------

_LEFT_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "case", "punct", "advmod", "quantmod", "nummod", "det", "predet"}


def phrase_tokens(head) -> list:
    """Tokens of the actor phrase headed by ``head``: its left modifiers (no determiners or
    numbers), the head, and an "of" complement for titles ("director of communications")."""
    toks = []
    for c in head.lefts:
        if c.dep_ in ("det", "predet", "nummod", "quantmod") or (c.dep_ == "advmod" and c.pos_ != "PROPN"):
            continue
        if c.dep_ in _LEFT_DEPS or c.dep_ == "appos":
            toks.extend(t for t in c.subtree if t.dep_ not in ("det", "predet") or t.head != c)
    toks.append(head)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of" and head.lemma_.lower() in PERSON_TITLES | {"ministry", "government", "head", "chief", "office"}:
            toks.extend(c.subtree)
        elif c.dep_ in ("compound", "flat") or (c.dep_ == "punct" and c.text in ("-",)):
            toks.extend(c.subtree)
        elif c.dep_ == "case":  # trailing 's on a possessive head
            continue
    toks = sorted(set(toks), key=lambda t: t.i)
    # Contiguous run around the head only; drop leading evaluative words and punctuation.
    i = toks.index(head)
    lo = i
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    toks = toks[lo:hi + 1]
    # ("a bus carrying pilgrims" parsed as one compound: the pilgrims, not the bus.)
    cut = max((k for k, t in enumerate(toks[:-1]) if t.lower_ in CARRY_FORMS), default=-1)
    toks = toks[cut + 1:]
    while len(toks) > 1 and (toks[0].lower_ in DROP_WORDS or toks[0].is_punct or toks[0].dep_ == "det"
                             or toks[0].like_num):
        toks = toks[1:]
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].dep_ == "case" and toks[-1].i > head.i):
        toks = toks[:-1]
    return toks


def _span_text(doc, toks) -> tuple[str, int, int]:
    """Text and offsets of contiguous tokens (without building doc.text, which is slow)."""
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text, start, end


# ---- resolution --------------------------------------------------------------------------------

def resolve_actor(head, *, dictionary: ActorDictionary, memory: ActorMemory | None = None) -> Actor | None:
    """The Actor a phrase head stands for (see module docstring), or None for non-actors."""
    doc = head.doc
    memory = memory or ActorMemory()
    low = head.lower_
    if _place_modifier(head, dictionary, memory):
        return None
    if head.pos_ == "NOUN" and head.lemma_.lower() in GEOGRAPHIC_NOUNS:
        return None   # "marched through the Serbian capital": a place, not a party
    if head.lemma_.lower() == "state" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            o.dep_ == "pobj" and o.pos_ == "NOUN" for o in c.children) for c in head.children):
        return None   # "a state of emergency", "a state of siege": a condition, not a state
    # Pronouns and "the group": the last fitting named actor.
    if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
        return _from_memory(head, memory, dictionary)
    if head.lemma_.lower() in ANAPHORIC_HEADS and not head.ent_type_ and is_bare_definite(head):
        found = _from_memory(head, memory, dictionary)
        if found is not None:
            return found
    if head.pos_ == "NOUN" and not head.ent_type_ and is_bare_definite(head):
        found = _named_by_head(head, memory)   # "a suicide bomber ... the bomber"
        if found is not None:
            return found

    # "Thousands of Malian herders", "a group of Tuareg elders", "one third of the guerrillas":
    # the actor is the of-object.
    if (head.lemma_.lower() in QUANTITY_HEADS or head.like_num) and not head.ent_type_ in ("PERSON", "ORG", "GPE"):
        obj = _of_object(head)
        if obj is not None:
            return resolve_actor(obj, dictionary=dictionary, memory=memory)
    if head.lemma_.lower() in CARRIER_HEADS:
        # "a convoy of U.N. peacekeepers", "a delegation of Iranian officials": who is in it, when
        # the of-object names actors; else the convoy itself ("a convoy of trucks").
        obj = _of_object(head)
        inner = resolve_actor(obj, dictionary=dictionary, memory=memory) if obj is not None else None
        if inner is not None:
            return inner
    if head.lemma_.lower() in VEHICLE_NOUNS:
        # "a ferry carrying 300 passengers came under attack": whom it carries is who is hit.
        load = _carried(head)
        inner = resolve_actor(load, dictionary=dictionary, memory=memory) if load is not None else None
        if inner is not None:
            return inner
        crewed = force_named_before(head, dictionary)   # "Chinese coast guard vessels"
        if crewed is not None:
            crewed.plural = head.tag_ in ("NNS", "NNPS")
            return crewed
    toks = phrase_tokens(head)
    name, start, end = _span_text(doc, toks)
    words = [t.text for t in toks]
    hit = dictionary.find(words, lambda: story_countries(doc, memory))
    if hit is not None and not _hit_names_phrase(toks, hit, head):
        hit = None
    entry = hit[0] if hit else None
    if entry is None and head.pos_ == "PROPN":
        typed = _typed_by_apposition(head, toks, dictionary)
        if typed is not None:
            return typed

    # The person entity of the phrase (head inside it, or an appositive name).
    person = _person_entity(head)
    if person is not None and (dictionary.country_for(person.text) or dictionary.capital_country(person.text)):
        person = None   # "Burkina Faso", "Mauritius" mislabelled as people
    if person is not None and len(person) == 1 \
            and _town_taken_for_person(head, person.text, toks, dictionary, memory):
        return None   # "shelled Goma": a city the tagger took for a person is where, not who
    if person is not None and entry is not None and entry.kind != "person" and \
            {t.i for t in person} <= {toks[k].i for k in range(hit[1], hit[2])}:
        person = None   # a group the tagger took for a person: the dictionary names it
    if person is not None:
        pname = person.text
        country = None
        e = dictionary.person(pname)
        if e is not None and e.kind == "person":
            country = e.country
        if country is None:
            country = _modifier_country(toks, dictionary, exclude=set(range(person.start, person.end)))
        if country is None and entry is not None and entry.kind != "person":
            country = entry.country   # "Border Police chief Ana Lopes"
        if country is None:
            # "Queen Ama of Ruritania", "Mamoun, a member of the Syrian parliament",
            # "Sidhoum, Algeria's leading activist"
            for h in {head, person.root}:
                country = country or _of_country(h, dictionary)
                for c in h.children:
                    if country is None and c.dep_ == "appos" and c.ent_type_ != "PERSON":
                        country = _modifier_country(phrase_tokens(c), dictionary) or _of_country(c, dictionary)
        if country is None:
            prev = memory.surname(pname) or _same_name(memory, pname)
            if prev is not None:
                country = prev.country
        # "Arab League Secretary-General X", "Kofi Annan": a stateless official acts for the body.
        body = "igo" if country is None and ((entry is not None and entry.kind == "igo") or
                                             (e is not None and e.kind == "person" and not e.country)) else None
        return Actor(name=pname, country=country, kind="person",
                     canonical=e.name if e is not None and e.kind == "person" else None,
                     start=person.start_char, end=person.end_char, head=head.i, proper=True, body=body)
    if head.ent_type_ == "PERSON" or (head.text[:1].isupper() and not head.ent_type_ and memory.surname(head.text)):
        prev = memory.surname(head.text)
        if prev is not None:
            return Actor(name=head.text, country=prev.country, kind="person", canonical=prev.canonical or prev.name,
                         start=head.idx, end=head.idx + len(head.text), head=head.i, via="text", proper=True, body=prev.body)

    lemma = head.lemma_.lower()
    head_kind = noun_kind(head) or \
        (dictionary.agent_kinds.get(low) if head.tag_ == "NNS" and lemma not in SITE_NOUNS else None)
    # (the agents dictionary names buildings and bodies too: only plural nouns, groups of people,
    # are read from it: "nurses", "dockworkers", "clerics")
    if head.ent_type_ == "NORP" and any(c.lower_ == "ethnic" for c in head.lefts):
        # "ethnic Hungarians in northern Serbia": a people, placed where they live, not a state.
        iso = _of_country(head, dictionary) or _modifier_country(
            [t for t in toks if t.i != head.i and t.lower_ != "ethnic"], dictionary)
        return Actor(name=_strip_det(name), country=iso, kind="civilians", start=start, end=end, head=head.i,
                     plural=True)
    # A place name standing for its state or government ("France", "Tehran", "Washington").
    if (head.ent_type_ in ("GPE", "NORP") or (head.ent_type_ == "PERSON" and person is None)) and head_kind is None:
        ent = _entity_of(head)
        etext = _strip_det(ent.text if ent is not None else head.text)
        if dictionary.lookup(etext) is None:   # "Brussels" (the EU) stays with the dictionary
            iso = dictionary.country_for(etext)
            cap = None if iso else dictionary.capital_country(etext)
            if not (iso or cap) and head.ent_type_ == "GPE" and not dictionary.place_country(etext):
                iso = dictionary.misspelt_country(etext)   # "Malwai has agreed ..."
            if iso and head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS") and etext.lower().endswith("s") \
                    and not any(c.dep_ == "det" for c in head.children):
                # "Thousands of Kenyans", "Iraqis voted": a country's people; "the Iranians" (told
                # maps to their allies) is still the country's side
                return Actor(name=etext, country=iso, kind="civilians", start=head.idx, end=head.idx + len(head.text),
                             head=head.i, plural=True)
            if iso or cap:
                s = ent.start_char if ent is not None else head.idx
                e = ent.end_char if ent is not None else head.idx + len(head.text)
                s = e - len(etext)
                return Actor(name=etext, country=iso or cap, kind="government" if cap else "state",
                             start=s, end=e, head=head.i)
    if entry is not None:
        # A title noun over a dictionary organisation is a person of it ("Guards commander").
        kind = entry.kind
        if head_kind == "person" and entry.kind not in ("person",):
            kind = "person"
        elif head_kind in ("military", "government", "armed_group") and entry.kind in ("state",):
            kind = head_kind
        # A national's role in an IGO takes the national's country ("Peru's UN envoy").
        country = entry.country
        if country is None or (kind == "person" and entry.kind == "igo"):
            alias_toks = {toks[k].i for k in range(hit[1], hit[2])}
            country = _modifier_country(toks, dictionary, exclude=alias_toks) or country
        if kind == "person" and entry.kind == "igo" and country is None:
            kind = "igo"   # "EU foreign ministers", "UN inspectors": they act for the organisation
        return Actor(name=_strip_det(name), country=country, kind=kind, canonical=entry.name,
                     start=start, end=end, head=head.i, via="text")

    if head.ent_type_ == "ORG":
        ent = _entity_of(head)
        e = dictionary.lookup(_strip_det(ent.text)) if ent is not None else None
        if e is not None:   # "the Association of Southeast Asian Nations"
            return Actor(name=_strip_det(ent.text), country=e.country, kind=e.kind, canonical=e.name,
                         start=ent.end_char - len(_strip_det(ent.text)), end=ent.end_char, head=head.i)
        etext = _strip_det(ent.text) if ent is not None else head.text
        iso = dictionary.country_for(etext) or dictionary.capital_country(etext)
        if not iso and ent is not None and len(ent) == 1 and dictionary.notable_place(etext):
            return None   # a town the tagger took for an organisation ("shelled Kharkiv"): where, not who
        if iso and len(ent or ()) <= 3:
            # A country or capital the tagger took for an organisation ("Mauritius", "Tehran").
            return Actor(name=etext, country=iso, kind="state" if dictionary.country_for(etext) else "government",
                         start=ent.end_char - len(etext), end=ent.end_char, head=head.i)
        country = _modifier_country(toks, dictionary) or _org_country(head, dictionary)
        return Actor(name=_strip_det(name), country=country, kind=_org_kind(name), start=start, end=end, head=head.i,
                     proper=head.pos_ == "PROPN")
    if lemma in INSTITUTIONS and head_kind is None and _told_to_act(head):
        # "ordered all public schools to admit", "urged hospitals to treat": told to act, the
        # building is the institution that runs it.
        return Actor(name=_strip_det(name), country=_modifier_country(toks, dictionary) or _of_country(head, dictionary),
                     kind="government" if lemma in ("embassy", "consulate") else "organisation",
                     start=start, end=end, head=head.i, plural=head.tag_ in ("NNS", "NNPS"))
    if lemma in SITE_NOUNS and head_kind is None:
        return None   # "the Kandahar air base", "the Ritz hotel": a site, not a participant
    if head_kind is None and not head.ent_type_:
        # "the APEC forum", "the Kremlin spokesman's office": an unknown head named by an entity.
        for t in toks:
            if t.i != head.i and t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") and t.dep_ in ("compound", "nmod", "amod") \
                    and t.head.i == head.i:
                inner = resolve_actor(t, dictionary=dictionary, memory=memory)
                if inner is not None:
                    inner.name, inner.start, inner.end, inner.head = _strip_det(name), start, end, head.i
                    return inner
    if head_kind is None:
        if head.ent_type_ in ("GPE", "NORP") or (head.pos_ == "PROPN" and not head.ent_type_):
            iso = dictionary.country_for(head.text)
            if iso:
                return Actor(name=_strip_det(name), country=iso, kind="state", start=start, end=end, head=head.i)
            cap = dictionary.capital_country(head.text) if len(toks) == 1 else None
            if cap:   # "a proposal from Kyiv" (untagged): the capital for its government
                return Actor(name=head.text, country=cap, kind="government", start=head.idx,
                             end=head.idx + len(head.text), head=head.i)
            if head.ent_type_ == "NORP":
                # "Iraqi Kurds", "Bosnian Serbs": a people, placed by its modifier.
                iso = _modifier_country([t for t in toks if t.i != head.i], dictionary)
                return Actor(name=_strip_det(name), country=iso, kind="civilians", start=start, end=end, head=head.i)
        return None
    country = _modifier_country(toks, dictionary) or _of_country(head, dictionary) or \
        _possessor_country(head, memory)
    kind = head_kind
    if kind == "government" and lemma in ("official", "diplomat"):
        kind = "person"
    return Actor(name=_strip_det(name), country=country, kind=kind, start=start, end=end, head=head.i,
                 plural=head.tag_ in ("NNS", "NNPS"))


def story_countries(doc, memory: ActorMemory) -> frozenset[str]:
    """The countries the story is about so far: of its resolved places and nationality words
    (the places stage's ``doc._.places``) and of the actors already named."""
    places = getattr(doc._, "places", None) if doc.has_extension("places") else None
    found = {pm.place.country for pm in places or () if pm.place is not None and pm.place.country}
    return frozenset(found | {a.country for a in memory.actors if a.country})


def _place_modifier(head, dictionary: ActorDictionary, memory: ActorMemory) -> bool:
    """Is ``head`` a town or province named as a modifier of a thing or an act ("the Kano
    attack", "the Kaduna bombing"), which the tagger may take for a person or a people? A place
    is where, never who; a country ("the Russian attack"), a named actor, a person already named
    in the story, or a modifier of a group ("Lagos police") still names a side."""
    if head.dep_ != "compound" or head.pos_ != "PROPN" or head.head.pos_ != "NOUN":
        return False
    if head.ent_type_ not in ("PERSON", "NORP", "GPE", "LOC", "") or (head.ent_iob_ == "B" and
                                                                  head.i + 1 < len(head.doc) and head.doc[head.i + 1].ent_iob_ == "I"):
        return False   # one word only: "Ana Vidal attack" is a person's
    if any(c.dep_ == "compound" for c in head.children):
        return False
    parent = head.head.lemma_.lower()
    if HEAD_KINDS.get(parent) or parent in PERSON_TITLES:
        return False
    text = head.text
    if dictionary.lookup(text) is not None or dictionary.country_for(text) or memory.surname(text):
        return False
    return dictionary.notable_place(text) is not None


def _town_taken_for_person(head, text: str, toks, dictionary: ActorDictionary, memory: ActorMemory) -> bool:
    """Is a one-word "person" a city of 100,000+ named in a non-subject role, with no title, no
    dictionary person and no earlier full name ending in it ("Lloyd Austin ... Austin said")?"""
    if head.dep_ in ("nsubj", "nsubjpass") or any(t.lemma_.lower() in PERSON_TITLES for t in toks):
        return False
    if dictionary.person(text) is not None or dictionary.lookup(text) is not None:
        return False
    prev = memory.surname(text)
    if prev is not None and prev.name != text:
        return False
    return dictionary.notable_place(text) is not None


def _hit_names_phrase(toks, hit, head) -> bool:
    """A dictionary alias names the phrase when it covers the head or modifies it directly
    ("Guards commander", "UN envoy"); not when it is a possessor ("Starmer's aide")."""
    covered = toks[hit[1]:hit[2]]
    if any(t.i == head.i for t in covered):
        return True
    for t in covered:
        x = t
        while x.i != head.i and x.head.i != x.i and x.dep_ not in ("poss",):
            if x.head.i == head.i:
                return x.dep_ in ("compound", "amod", "nmod", "npadvmod")
            x = x.head
    return False


COMPOUND_KINDS = {**{f"{q} power": "government" for q in ("world", "western", "european", "foreign", "major",
                                                          "regional", "global", "arab", "gulf", "great", "colonial")},
                  "service member": "military", "security force": "military", "police officer": "military",
                  "security personnel": "military", "border guard": "military", "security official": "government",
                  "rights group": "organisation", "right group": "organisation", "aid group": "organisation",
                  "aid agency": "organisation", "relief group": "organisation", "aid worker": "civilians", "opposition party": "party",
                  "opposition group": "party", "opposition alliance": "party", "opposition coalition": "party",
                  "opposition bloc": "party", "ruling coalition": "party", "ruling alliance": "party",
                  "rebel alliance": "armed_group", "rebel coalition": "armed_group", "armed group": "armed_group", "rebel group": "armed_group",
                  "militant group": "armed_group", "terror group": "armed_group", "terrorist group": "armed_group",
                  "armed man": "armed_group", "armed men": "armed_group", "masked man": "armed_group",
                  "masked men": "armed_group",
                  # a vehicle full of civilians is the civilians it carries when attacked
                  "passenger train": "civilians", "passenger bus": "civilians", "passenger ferry": "civilians",
                  "passenger plane": "civilians", "passenger jet": "civilians", "commuter train": "civilians",
                  "school bus": "civilians"}


# Heads that name a body of people without saying what kind: the word before says it ("a militant
# cell", "a rebel network", "the militia's armed wing").
COLLECTIVE_HEADS = frozenset({"cell", "network", "wing", "outfit", "gang", "squad", "ring", "branch",
                              "affiliate", "offshoot", "front"})


# Singular nouns that name a body, not a member of it: "Ansar Dine, a jihadist movement".
BODY_NOUNS = frozenset({"group", "movement", "faction", "militia", "party", "organization", "organisation",
                        "alliance", "coalition", "front", "network", "outfit", "wing", "brigade", "battalion",
                        "unit", "force", "army", "bloc", "union", "league", "charity", "ngo", "company", "firm",
                        "broadcaster", "newspaper", "channel", "outlet", "agency", "ministry", "council",
                        "commission", "forum", "cell", "gang", "branch", "affiliate", "offshoot", "junta",
                        "regime", "administration", "government", "militias", "groups", "factions"})


def _told_to_act(head) -> bool:
    """Is ``head`` the object of a verb whose infinitive says what it is to do ("ordered the
    schools to admit", "urged hospitals in the north to stay open")?"""
    return head.dep_ == "dobj" and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children) for c in head.head.children)


def _typed_by_apposition(head, toks, dictionary: ActorDictionary) -> Actor | None:
    """A name the dictionary lacks, typed by its appositive ("Katiba Macina, an al-Qaida-linked
    group", "the Mai-Mai Yakutumba, a local militia", "Kataib X, an Iraqi armed faction"): the
    body the appositive names, placed by its nationality word. A title appositive makes a person
    of a name the tagger missed ("Ousmane Diallo, a local councillor"); a tagged person is left to
    the person rules."""
    ap = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if ap is None:
        return None
    if not head.ent_type_ and noun_kind(ap) == "person":
        # "Ousmane Diallo, a local councillor": a person the tagger missed, named by a title
        name, start, end = _span_text(head.doc, toks)
        return Actor(name=_strip_det(name), country=_modifier_country(phrase_tokens(ap), dictionary)
                     or _of_country(ap, dictionary), kind="person", start=start, end=end, head=head.i, proper=True)
    if ap.lemma_.lower() not in BODY_NOUNS and ap.lower_ not in BODY_NOUNS:
        return None
    kind = noun_kind(ap)
    if any(c.dep_ in ("amod", "compound") and (c.lower_ == "armed" or HEAD_KINDS.get(c.lemma_.lower()) == "armed_group")
           for c in ap.lefts):
        kind = "armed_group"   # "a jihadist movement", "an armed faction"
    if kind is None or kind in ("person", "civilians"):
        return None
    name, start, end = _span_text(head.doc, toks)
    country = _modifier_country(phrase_tokens(ap), dictionary) or _of_country(ap, dictionary) \
        or _modifier_country(toks, dictionary)
    return Actor(name=_strip_det(name), country=country, kind=kind, start=start, end=end, head=head.i,
                 proper=True)


def noun_kind(head) -> str | None:
    """The actor kind a common noun names, with its compound ("rights groups": organisation)."""
    if head.lemma_.lower() in INFORMATION_SENSES and head.dep_ in ("dobj", "pobj", "conj") and not any(
            c.dep_ in ("det", "poss", "compound", "amod") for c in head.children):
        return None   # "agreed to share intelligence": information, not a service
    def own_kind(tok) -> str | None:
        return _compound_kind(tok) or HEAD_KINDS.get(tok.lemma_.lower()) or HEAD_KINDS.get(tok.lower_)
    kind = own_kind(head)
    if kind is None and (head.lemma_.lower() in QUANTITY_HEADS or head.like_num):
        obj = _of_object(head)   # "hundreds of protesters": the protesters' kind
        if obj is not None and obj.i != head.i:
            kind = own_kind(obj)
    return kind


# Agency words that are also mass nouns for what the agency handles: bare and acted on, they are that.
INFORMATION_SENSES = {"intelligence"}


def _compound_kind(head) -> str | None:
    for c in head.lefts:
        if c.dep_ in ("compound", "amod") and c.i == head.i - 1:
            kind = COMPOUND_KINDS.get(f"{c.lemma_.lower()} {head.lemma_.lower()}")
            if kind is None and head.lemma_.lower() in COLLECTIVE_HEADS:
                kind = HEAD_KINDS.get(c.lower_) or HEAD_KINDS.get(c.lemma_.lower())
                kind = kind if kind in ("armed_group", "military", "government") else None
            return kind
    return None


def _strip_det(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)


def _named_by_head(head, memory: ActorMemory) -> Actor | None:
    """The latest actor named before whose phrase ends in the same noun ("masked gunmen ... the
    gunmen", "a suicide bomber ... the bomber"): a definite noun takes up what it names."""
    forms = {head.lower_, head.lemma_.lower()}
    for a in reversed(memory.actors[-8:]):
        if a.via != "text" or a.start >= head.idx or a.kind == "person" or not a.name:
            continue
        last = a.name.lower().split()[-1]
        if last in forms or last.rstrip("s") in forms:
            return _recalled(a, head, plural=a.plural)
    return None


def _recalled(a: Actor, head, *, plural: bool = False) -> Actor:
    """``a`` taken up again by the words at ``head`` (a pronoun, "the group", "the bomber")."""
    return Actor(name=a.name, country=a.country, kind=a.kind, canonical=a.canonical, start=head.idx,
                 end=head.idx + len(head.text), head=head.i, via="memory", proper=a.proper, plural=plural,
                 body=a.body)


def is_bare_definite(head) -> bool:
    """'the group' / 'the minister' with no name or nationality of its own."""
    has_the = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
    modified = any(c.dep_ in ("compound", "poss", "appos") or (c.dep_ == "amod" and (c.ent_type_ or c.lower_ in CONTRASTIVE))
                   for c in head.children)
    return has_the and not modified


# Adjectives that set a group apart from the one named before: "the ruling party" after "the
# opposition party" is another party ("the militant group" is still the group named before).
CONTRASTIVE = {"ruling", "governing", "rival", "other", "opposing", "main", "new", "former", "breakaway",
               "splinter", "junior", "second", "third", "another", "incumbent", "outgoing", "interim"}


# Verbs of saying whose subject a pronoun in what is said most often names ("X said it would ...").
SAYING_VERBS = frozenset({"say", "tell", "announce", "confirm", "state", "declare", "insist", "add", "warn"})


def _reporting_subject(head):
    """The noun subject of the saying verb whose content clause ``head`` is the subject of, or None."""
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = head.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SAYING_VERBS:
        return None
    subj = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.pos_ in ("PROPN", "NOUN") else None


# Words in the name of an army or its units: "the army" points back only to one of those.
ARMY_WORDS = ("army", "military", "force", "troop", "soldier", "defence", "defense", "junta", "armed")


def _from_memory(head, memory: ActorMemory, dictionary: ActorDictionary) -> Actor | None:
    low = head.lower_
    if low in ("we", "us", "i"):
        return None   # the quoted speaker: not resolvable without quote attribution
    if low in ("he", "him", "she", "her", "his"):
        kinds = {"person"}
    elif low in ("it", "its"):
        kinds = {"state", "government", "organisation", "igo", "armed_group", "party", "military"}
    elif low in ("they", "them", "their"):
        kinds = {"armed_group", "military", "government", "civilians", "organisation", "state", "igo", "party"}
        prev = memory.last(kinds | {"person"}, before=head.idx)
        if prev is not None and prev.kind == "person" and prev.plural:
            # "Kenyan leaders said they would boycott ...": a plural title phrase.
            return Actor(name=prev.name, country=prev.country, kind=prev.kind, canonical=prev.canonical,
                         start=head.idx, end=head.idx + len(head.text), head=head.i, via="memory",
                         plural=True, body=prev.body)
    else:
        lem = head.lemma_.lower()
        hk = HEAD_KINDS.get(lem)
        kinds = {"person"} if hk == "person" else {hk} if hk else None
        if lem in ("group", "movement", "organization", "organisation", "militia"):
            kinds = {"armed_group", "organisation", "party"}
        if lem in ("country", "state", "kingdom", "republic"):
            kinds = {"state", "government"}
    said = _reporting_subject(head)
    if said is not None and head.pos_ == "PRON":
        # "Qatar said it was mediating": the one speaking of itself, named just before.
        a = resolve_actor(said, dictionary=dictionary, memory=memory)
        if a is not None and (not kinds or a.kind in kinds) and (a.kind == "person") == (kinds == {"person"}):
            return _recalled(a, head)
    prev = memory.last(kinds, before=head.idx, prefer_subject=kinds == {"person"})
    if prev is not None and head.lemma_.lower() in ("army", "military") \
            and not any(w in prev.name.lower() for w in ARMY_WORDS):
        return None   # "Police arrested ... The army attacked": another force, not the police
    if prev is None:
        return None
    return _recalled(prev, head)


def _same_name(memory: ActorMemory, name: str) -> Actor | None:
    for a in reversed(memory.actors):
        if a.name == name and a.country:
            return a
    return None


def _entity_of(tok):
    """The entity span containing ``tok`` (walks the IOB tags; no scan of doc.ents)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    while end - 1 > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].dep_ == "case"):
        end -= 1   # "North Korea's demand": the name, not its possessive ending
    return doc[start:end]


def _person_entity(head):
    """The PERSON entity naming this phrase: the head's own, or an appositive / compound name."""
    if head.ent_type_ == "PERSON":
        return _entity_of(head)
    for c in head.children:
        if c.dep_ in ("appos",) and c.ent_type_ == "PERSON":
            return _entity_of(c)
    if head.lemma_.lower() in PERSON_TITLES:
        # "... director of communications Jane Doe resigned": the name right after the title
        # phrase, which the parser may hang elsewhere.
        nxt_i = head.right_edge.i + 1
        if nxt_i < len(head.doc) and head.doc[nxt_i].ent_type_ == "PERSON" and head.doc[nxt_i].ent_iob_ == "B":
            ent = _entity_of(head.doc[nxt_i])
            if ent is not None and ent.root.head.i in (head.i, head.head.i):
                return ent
        # "the minister's top aide John Roe": the parser's ORG label on a name after a title.
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG", ""):
                ent = _entity_of(c)
                if ent is not None and ent.root.i == c.i:
                    return ent
                return c.doc[c.left_edge.i:c.i + 1]
    return None


def _modifier_country(toks, dictionary: ActorDictionary, exclude: set[int] | None = None) -> str | None:
    """Country named by a modifier in the phrase ("Iranian", "Iran's", "U.S.", "French"),
    skipping patrons ("Iran-backed") and the excluded token indices."""
    exclude = exclude or set()
    i = 0
    toks = list(toks)
    place_iso = None
    while i < len(toks):
        t = toks[i]
        if t.i in exclude or t.is_punct:
            i += 1
            continue
        # Multi-token GPE entities ("United States", "Saudi Arabia").
        ent = _entity_of(t) if t.ent_type_ in ("GPE", "NORP") else None
        text = ent.text if ent is not None and ent.start == t.i else t.text
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        nxt2 = t.doc[t.i + 2] if t.i + 2 < len(t.doc) else None
        prev = t.doc[t.i - 1] if t.i > 0 else None
        prev2 = t.doc[t.i - 2] if t.i > 1 else None
        patron = (nxt is not None and nxt.text in ("-",) and nxt2 is not None and nxt2.lower_ in PATRON_WORDS) or \
                 (prev is not None and prev.text == "-" and prev2 is not None and prev2.lower_ in ("anti", "pro")) or \
                 (t.head.lower_ in PATRON_WORDS and t.dep_ in ("npadvmod", "compound", "nmod"))
        if not patron and (t.ent_type_ in ("GPE", "NORP") or t.pos_ in ("PROPN", "ADJ") or t.text[:1].isupper()):
            iso = dictionary.country_for(_strip_det(text)) or dictionary.capital_country(text)
            if iso:
                return iso
            if ent is None and t.pos_ == "PROPN" and nxt is not None and nxt.pos_ == "PROPN" and \
                    nxt.i not in exclude and any(x.i == nxt.i for x in toks):
                iso = dictionary.country_for(f"{t.text} {nxt.text}")
                if iso:
                    return iso
            e = dictionary.lookup(text)
            if e is not None and e.country:
                return e.country  # "Starmer's aide" -> GBR, "Hezbollah fighters" -> LBN
            if ent is not None and ent.label_ in ("GPE", "LOC") and t.pos_ == "PROPN" and place_iso is None:
                place_iso = dictionary.place_country(_strip_det(text))   # "Darfur rebels"
            elif place_iso is None and t.pos_ == "PROPN" and t.dep_ == "compound" and t.ent_type_ in ("PERSON", ""):
                place_iso = dictionary.notable_place(t.text)   # "Kano police", mistagged as a person
        i += (len(ent) if ent is not None and ent.start == t.i else 1)
    return place_iso


def _possessor_country(head, memory: ActorMemory) -> str | None:
    """'its troops', 'their leaders': the country of whoever the possessive points back to."""
    for c in head.children:
        if c.dep_ == "poss" and c.tag_ == "PRP$" and c.lower_ in ("its", "their"):
            prev = memory.last({"state", "government", "military", "armed_group", "party"}, before=c.idx)
            return prev.country if prev is not None else None
    return None


def force_named_before(head, dictionary: ActorDictionary) -> Actor | None:
    """The force an act or a vehicle is named after: "a Nigerian army operation" -> Nigerian
    army, "a rebel attack" -> rebel, "a Saudi-led coalition airstrike" -> Saudi-led coalition
    (SAU), "Chinese coast guard vessels" -> Chinese coast guard. The force noun is the word just
    before ``head`` and modifies it; its country is the nationality or leader ("X-led") among the
    words before it. Out: the Actor, or None when no force noun comes first."""
    doc = head.doc
    force = doc[head.i - 1] if head.i > 0 else None
    if force is None or force.dep_ not in ("compound", "amod") or force.head.i != head.i \
            or HEAD_KINDS.get(force.lemma_.lower()) not in ARMED_KINDS:
        return None
    left = min([c.left_edge.i for c in head.children if c.i < force.i and c.dep_ in ("amod", "compound", "nmod",
                                                                                        "npadvmod")] + [force.i])
    words = [t for t in doc[left:force.i + 1] if not t.is_punct or t.text == "-"]
    country = None
    for t in words[:-1]:
        text = t.text[:-len("-led")] if t.lower_.endswith("-led") else t.text
        if t.ent_type_ in ("NORP", "GPE") or text != t.text:
            country = dictionary.country_for(text)
            if country:
                break
    return Actor(name=doc[left:force.i + 1].text, country=country, kind=HEAD_KINDS[force.lemma_.lower()],
                 start=doc[left].idx, end=force.idx + len(force), head=force.i, plural=False)


def _carried(head):
    """The object of a vehicle's "carrying" / "transporting" clause ("a bus carrying pilgrims")."""
    for c in head.children:
        if c.dep_ == "acl" and c.lemma_.lower() in CARRY_VERBS:
            return next((o for o in c.children if o.dep_ == "dobj"), None)
    return None


def _of_object(head):
    """The object of ``head``'s "of" phrase ("thousands of herders": herders), or None."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _of_country(head, dictionary: ActorDictionary) -> str | None:
    """'the government of Iran', 'forces from Chad', 'rebels in the Ivory Coast', 'a member of
    the Syrian parliament': the country in an of/from/in complement."""
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "in"):
            for p in c.children:
                if p.dep_ == "pobj":
                    ent = _entity_of(p)
                    text = _strip_det(ent.text if ent is not None else p.text)
                    iso = dictionary.country_for(text)
                    if iso is None and c.lower_ != "in":
                        iso = _modifier_country(phrase_tokens(p), dictionary)
                    if iso:
                        return iso
    return None


GENERIC_NAME_WORDS = {"states", "state", "republic", "kingdom", "union", "emirates", "islands",
                      "nations", "united", "democratic", "people", "peoples", "federal", "national"}


def _org_country(head, dictionary: ActorDictionary) -> str | None:
    """'Iraqi National Intelligence Service' -> IRQ (not 'States' in '... African States')."""
    ent = _entity_of(head)
    if ent is None:
        return None
    for t in ent:
        if t.lower_ in GENERIC_NAME_WORDS or not t.text[:1].isupper():
            continue
        iso = dictionary.country_for(t.text)
        if iso:
            return iso
    return None


# Words that make a body a non-governmental organisation whatever else its name says
# ("Norwegian Refugee Council", "Human Rights Watch", "Doctors Without Borders").
NGO_NAME_WORDS = ("refugee", "relief", "rights", "watch", "charity", "foundation", "red cross", "red crescent",
                  "doctors", "amnesty", "humanitarian", "aid ", "rescue", "institute", "think tank", "ngo")


def _org_kind(name: str) -> str:
    low = name.lower()
    if any(w in low for w in NGO_NAME_WORDS) and not any(w in low for w in ("ministry", "department", "agency")):
        return "organisation"
    for words, kind in ((("ministry", "government", "council", "court", "parliament", "assembly",
                          "senate", "commission", "office", "department", "presidency", "cabinet",
                          "prosecutor", "agency", "service", "intelligence"), "government"),
                        (("army", "forces", "military", "navy", "air force", "police", "guard", "command"), "military"),
                        (("party",), "party"),
                        (("front", "brigade", "brigades", "militia", "movement", "army of", "liberation"), "armed_group"),
                        (("news", "times", "post", "tv", "television", "radio", "press"), "media")):
        if any(w in low for w in words):
            return kind
    return "organisation"
