"""PLOVER event types, their quad classes, severities and modes, defined once.

PLOVER (Open Event Data Alliance) has 16 event types; sitroom adds OTHER for
newsworthy happenings that fit none of them (appointments, speeches). The quad
class follows PLOVER's grouping of CAMEO's quad categories.
"""
from __future__ import annotations

VERBAL_COOPERATION = "verbal cooperation"
MATERIAL_COOPERATION = "material cooperation"
VERBAL_CONFLICT = "verbal conflict"
MATERIAL_CONFLICT = "material conflict"
QUAD_CLASSES = (VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT)
VERBAL = (VERBAL_COOPERATION, VERBAL_CONFLICT)   # said, not done

# type: (quad class, severity 0..1 used for salience, one-line description)
EVENT_TYPES: dict[str, tuple[str | None, float, str]] = {
    "AGREE": (VERBAL_COOPERATION, 0.3, "agree to, promise or sign an agreement"),
    "CONSULT": (VERBAL_COOPERATION, 0.2, "meet, visit, call, negotiate"),
    "SUPPORT": (VERBAL_COOPERATION, 0.2, "praise, endorse, express support"),
    "CONCEDE": (MATERIAL_COOPERATION, 0.4, "yield, apologise, ease restrictions, release"),
    "COOPERATE": (MATERIAL_COOPERATION, 0.3, "cooperate materially (economic, military, judicial)"),
    "AID": (MATERIAL_COOPERATION, 0.4, "give aid: economic, military, humanitarian"),
    "RETREAT": (MATERIAL_COOPERATION, 0.4, "withdraw, resign, de-escalate"),
    "REQUEST": (VERBAL_CONFLICT, 0.3, "ask for, demand, urge, call on"),
    "ACCUSE": (VERBAL_CONFLICT, 0.4, "accuse, condemn, criticise, investigate"),
    "REJECT": (VERBAL_CONFLICT, 0.4, "reject, deny, refuse"),
    "THREATEN": (VERBAL_CONFLICT, 0.6, "threaten force, sanctions or other harm"),
    "PROTEST": (MATERIAL_CONFLICT, 0.5, "demonstrate, strike, riot, boycott"),
    "SANCTION": (MATERIAL_CONFLICT, 0.6, "impose sanctions, expel, sentence, break relations"),
    "MOBILIZE": (MATERIAL_CONFLICT, 0.6, "deploy or mobilise forces, raise alert"),
    "COERCE": (MATERIAL_CONFLICT, 0.7, "arrest, detain, seize, repress, ban"),
    "ASSAULT": (MATERIAL_CONFLICT, 1.0, "attack, strike, shell, kill, fight"),
    "OTHER": (None, 0.1, "newsworthy but outside PLOVER's 16 types"),
}
PLOVER_TYPES: tuple[str, ...] = tuple(t for t in EVENT_TYPES if t != "OTHER")
ALL_TYPES: tuple[str, ...] = tuple(EVENT_TYPES)

# Older PLOVER names used by the PLOVER gold standard records (../shared/eval/README.md).
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

# Modes add meaning where PLOVER defines them; extractors pick from these names.
MODES: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("aerial", "drone", "shelling", "rocket", "missile", "firearms", "explosive",
                "suicide", "ground", "naval", "assassination", "massacre", "abduction", "beating",
                "crowd_control", "execution"),
    "COERCE": ("arrest", "detention", "seizure", "repression", "ban", "censorship", "deportation",
               "raid", "curfew", "coup"),
    "SANCTION": ("sentence", "economic", "diplomatic", "expulsion", "embargo", "travel_ban"),
    "CONSULT": ("visit", "meeting", "call", "negotiation", "summit", "mediation"),
    "PROTEST": ("demonstration", "strike", "riot", "boycott", "hunger_strike"),
    "RETREAT": ("resignation", "withdrawal", "ceasefire", "release", "access", "disarm"),
    "MOBILIZE": ("deployment", "exercise", "alert", "troops", "naval"),
    "AID": ("humanitarian", "military", "economic", "asylum"),
    "AGREE": ("ceasefire", "treaty", "promise", "deal"),
    "THREATEN": ("force", "sanction", "ultimatum"),
    "ACCUSE": ("condemn", "criticise", "investigate", "allege"),
    "REQUEST": ("demand", "appeal", "urge"),
    "REJECT": ("deny", "refuse", "veto"),
    "CONCEDE": ("release", "ease", "apologise", "yield"),
    "COOPERATE": ("military", "economic", "judicial", "intelligence"),
    "SUPPORT": ("praise", "endorse"),
}


def quad_class(event_type: str | None) -> str | None:
    """The PLOVER quad class of a type, or None for OTHER/unknown."""
    return EVENT_TYPES.get(event_type or "", (None, 0.0, ""))[0]


def severity(event_type: str | None) -> float:
    return EVENT_TYPES.get(event_type or "", (None, 0.0, ""))[1]


def normalise_type(name: str | None) -> str:
    """Map a type name (current or legacy, any case) to a sitroom type; unknown -> OTHER."""
    t = (name or "").strip().upper()
    t = LEGACY_TYPES.get(t, t)
    return t if t in EVENT_TYPES else "OTHER"


# Actor kinds the extractor assigns.
ACTOR_KINDS = ("state", "government", "military", "armed_group", "person", "organisation",
               "party", "igo", "media", "civilians", "other")
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
GEO_PRECISIONS = ("point", "city", "admin1", "region", "country")
# Acts two sides do together or to each other: who is named first says nothing of who acted
# ("Zelenskyy met Macron" is "Macron met Zelenskyy").
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Placed at the centre of an area, not at the place itself: drawn hollow on maps, and no measure
# of distance to a town when deciding whether two reports are one event.
AREA_PRECISIONS = ("admin1", "region", "country")
