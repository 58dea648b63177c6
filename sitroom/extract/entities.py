"""Actors as entities: one canonical id per real entity, and the role of unnamed groups.

In:  a resolved ``actors.Actor`` (name, country, kind, dictionary canonical name), the
     ``ActorDictionary`` and the ``AgentsDictionary`` (the CAMEO/PLOVER agents file: generic agent
     nouns -> role codes such as MIL, COP, REB, CVL; data/plover_agents.txt, MIT licence, from the
     Computational Event Data System project via NGEC-2025).
Out: ``ActorRef``: display name, entity id, country, kind, evidence span.

Ids (the ``actor1_id`` column):
- ``ISO3``        a state and its government: "U.S.", "United States", "Washington", "America",
                  "the Obama administration", "Peru's foreign ministry", "the foreign minister" of Peru;
- ``ISO3.ROLE``   a country's forces and unnamed groups: PAK.MIL, PAK.COP, PAK.REB, PAK.CVL (CAMEO
                  role codes); ``XXX.ROLE`` when the country is unknown, so one country's passengers
                  and another's are never one actor;
- ``D:<slug>``    an entity of the actor dictionary (data/actors.csv): parties, armed groups, IGOs,
                  office holders ("Trump", "Donald Trump", "President Trump" -> D:donald-trump);
- ``P:<slug>``    another named person (by the fullest form the article gives);
- ``O:<slug>``    another named organisation.
A place other than a country or a capital standing for its government is never an actor.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .actors import Actor, ActorDictionary
from .records import ActorRef, TextSpan

DEFAULT_AGENTS = Path(__file__).resolve().parents[2] / "data" / "plover_agents.txt"

# Our actor kinds -> the role code of an unnamed group of that kind.
KIND_ROLES = {"military": "MIL", "police": "COP", "armed_group": "REB", "civilians": "CVL", "party": "PTY",
              "organisation": "NGO", "media": "MED", "igo": "IGO", "government": "GOV", "other": "UNK"}
# Role codes of the agents file -> our actor kinds (first three letters of compound codes).
ROLE_KINDS = {"MIL": "military", "COP": "police", "SPY": "government", "REB": "armed_group",
              "UAF": "armed_group", "IMG": "armed_group", "CRM": "armed_group", "GOV": "government",
              "LEG": "government", "JUD": "government", "PTY": "party", "CVL": "civilians",
              "REF": "civilians", "AGR": "civilians", "EDU": "civilians", "LAB": "civilians",
              "REL": "civilians", "ELI": "civilians", "SOC": "civilians", "BUS": "organisation",
              "NGO": "organisation", "IGO": "igo", "MED": "media", "JRN": "media"}
STATE_KINDS = {"state", "government"}


def slug(text: str) -> str:
    """'Donald J. Trump' -> 'donald-j-trump' (ASCII, lower case, hyphens)."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _plurals(word: str) -> set[str]:
    w = word
    if w.endswith(("s", "x", "ch", "sh")):
        return {w + "es"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        return {w[:-1] + "ies"}
    if w.endswith("man"):
        return {w[:-3] + "men"}
    return {w + "s"}


@dataclass(frozen=True)
class AgentsDictionary:
    """Generic agent phrases (lower case, spaces) -> CAMEO role code (e.g. "riot police" -> COP)."""
    phrases: dict[str, str]
    max_words: int

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_AGENTS) -> "AgentsDictionary":
        return _load_agents(str(path))

    def role(self, words: list[str]) -> str | None:
        """Role of the longest known phrase ending the words ("the Pakistani riot police" -> COP)."""
        low = [w.lower() for w in words]
        for n in range(min(self.max_words, len(low)), 0, -1):
            code = self.phrases.get(" ".join(low[-n:]))
            if code:
                return code
        return None


@lru_cache(maxsize=4)
def _load_agents(path: str) -> AgentsDictionary:
    macros: dict[str, list[str]] = {}
    phrases: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
            if m:
                macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
                continue
            m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)\]", line)
            if not m:
                continue
            phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3)[:3]
            forms = [phrase]
            for name, words in macros.items():
                if name in phrase:
                    forms = [f.replace(name, w) for f in forms for w in words]
            for form in forms:
                key = " ".join(form.replace("_", " ").lower().split())
                if not key or "!" in key:
                    continue
                phrases.setdefault(key, code)
                head = key.split(" ")
                for p in _plurals(head[-1]):
                    phrases.setdefault(" ".join(head[:-1] + [p]), code)
            if plural:
                key = " ".join(plural.strip("{} ").replace("_", " ").lower().split())
                if key:
                    phrases.setdefault(key, code)
    return AgentsDictionary(phrases=phrases, max_words=max((len(k.split()) for k in phrases), default=1))


def entity_id(actor: Actor, dictionary: ActorDictionary, agents: AgentsDictionary) -> str | None:
    """The canonical id of a resolved actor (see module docstring); None when nothing identifies it."""
    iso = actor.country
    entry = dictionary.entry(actor.canonical) if actor.canonical else None
    if entry is not None:
        if entry.kind in STATE_KINDS and entry.country:
            return entry.country
        if entry.kind in ("military", "police") and entry.country:
            return f"{entry.country}.{KIND_ROLES[entry.kind]}"
        return "D:" + slug(entry.name)
    if actor.kind == "person":
        if actor.proper:
            return "P:" + slug(actor.canonical or actor.name)
        return iso   # "the foreign minister": speaks for their government
    if actor.kind in STATE_KINDS:
        return iso
    if actor.proper and actor.kind in ("organisation", "armed_group", "party", "igo", "media"):
        return "O:" + slug(actor.name)
    role = agents.role(actor.name.split()) or KIND_ROLES.get(actor.kind or "other", "UNK")
    if role == "GOV":
        return iso
    return f"{iso or 'XXX'}.{role}"


def actor_kind(actor: Actor, agents: AgentsDictionary) -> str | None:
    """The kind shown for an unnamed group, refined by the agents dictionary ("riot police" is
    police, not military)."""
    if actor.kind in ("military", "civilians", "armed_group", "government", "organisation") and not actor.proper \
            and actor.canonical is None:
        role = agents.role(actor.name.split())
        if role and role in ROLE_KINDS:
            return ROLE_KINDS[role]
    return actor.kind


def to_ref(actor: Actor | None, dictionary: ActorDictionary, agents: AgentsDictionary) -> ActorRef | None:
    """The immutable participant record of a resolved actor."""
    if actor is None or actor.via == "place":
        return None     # a town or site named as acted on says where, not who
    span = TextSpan(actor.start, actor.end, actor.name) if actor.start >= 0 else None
    # The words of the text name the row; the entity id (and the evidence's "canonical") say who it is.
    name = actor.name
    kind = actor_kind(actor, agents)
    shown = actor.body if kind == "person" and not actor.country and actor.body else kind
    return ActorRef(name=name, entity_id=entity_id(actor, dictionary, agents), country=actor.country,
                    kind=shown, span=span, via=actor.via, country_via=actor.country_via, weak=actor.weak,
                    proper=actor.proper, canonical=actor.canonical)
