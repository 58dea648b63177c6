"""Names people read: countries, canonical actors, one-line event summaries.

One function per fact, used by every page, export and briefing:

- ``country_name('RUS') -> 'Russia'``: short common English names (pycountry, offline),
  the code itself when unknown, '' for no code.
- ``actor_label(key, name)``: how a canonical actor id is shown: its most frequent
  name, with the country for an ISO3.ROLE group ("civilians (Pakistan)"), the
  country's name for a bare ISO3 state id.
- ``summary_sentence(row)``: "Gunmen ASSAULT civilians in Beledweyne, Somalia".

Actor keys: the canonical id (``actor1_id``) when the extractor gave one, else the
name (databases from the old extractor have no ids). ``actor_key_sql`` is that
rule in SQL, so filters, networks, top lists and trends group the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .values import is_missing

# Short names where pycountry's official one reads oddly on a chart or in a briefing.
SHORT_NAMES = {"PSE": "Palestine", "RUS": "Russia", "PRK": "North Korea", "KOR": "South Korea",
               "COD": "DR Congo", "COG": "Congo", "LAO": "Laos", "MDA": "Moldova", "VNM": "Vietnam",
               "VEN": "Venezuela", "BOL": "Bolivia", "TZA": "Tanzania", "SYR": "Syria", "IRN": "Iran",
               "TWN": "Taiwan", "GBR": "United Kingdom", "USA": "United States", "XKX": "Kosovo",
               "FSM": "Micronesia", "BRN": "Brunei", "CPV": "Cape Verde", "CIV": "Côte d'Ivoire",
               "TUR": "Turkey", "CZE": "Czechia", "MKD": "North Macedonia", "VAT": "Vatican City"}

# Words for the ROLE of an ISO3.ROLE id, used only when no name was stored with it.
ROLE_WORDS = {"MIL": "military", "POL": "police", "CIV": "civilians", "REB": "rebels", "GOV": "government",
              "OPP": "opposition", "LEG": "legislature", "JUD": "judiciary", "BUS": "business", "MED": "media",
              "EDU": "students and teachers", "LAB": "workers", "REF": "refugees", "CRM": "criminals",
              "SPY": "intelligence services", "IGO": "international organisation"}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO3_ROLE = re.compile(r"^([A-Z]{3})\.([A-Z]{2,5})$")


@lru_cache(maxsize=1024)
def country_name(iso3: str | None) -> str:
    """'IRQ' -> 'Iraq', 'RUS' -> 'Russia'; an unknown code comes back as it is; None -> ''."""
    if is_missing(iso3) or not str(iso3).strip():
        return ""
    code = str(iso3).strip().upper()
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):
        c = None
    if c is None:
        return str(iso3)
    return getattr(c, "common_name", None) or c.name


def country_label(iso3: str | None) -> str:
    """'Iraq (IRQ)': the name with its code, for lists where both help."""
    name = country_name(iso3)
    return f"{name} ({iso3})" if name and name != iso3 else (name or "")


# ---- canonical actors ----------------------------------------------------------------------
def actor_key_sql(side: int, alias: str = "e") -> str:
    """SQL of the actor key of one side: the canonical id, else the name."""
    return f"coalesce(nullif({alias}.actor{side}_id, ''), {alias}.actor{side})"


def actor_label(key: str | None, name: str | None = None) -> str:
    """How an actor key is shown, from the most frequent name it has in the data.

    ISO3.ROLE groups carry their country ("civilians (Pakistan)") unless the name
    already says it; a bare ISO3 id is the state, shown by the country's name; a
    key that is not an id (old databases) is a name already.
    """
    if is_missing(key) or not str(key).strip():
        return ""
    key = str(key)
    name = "" if is_missing(name) else " ".join(str(name).split())
    m = _ISO3_ROLE.match(key)
    if m:
        country = country_name(m.group(1))
        base = name or ROLE_WORDS.get(m.group(2), m.group(2).lower())
        return base if country.lower() in base.lower() else f"{base} ({country})"
    if _ISO3.match(key) and country_name(key) != key:
        return country_name(key)
    return name or key


# ---- one-line summaries ------------------------------------------------------------------------
def _text(v) -> str:
    return "" if is_missing(v) else " ".join(str(v).split())


def place_phrase(location, country) -> str:
    """'Beledweyne, Somalia', 'Somalia', or '' (the country is not repeated)."""
    loc, name = _text(location), country_name(_text(country) or None)
    if loc and name and loc.lower() != name.lower():
        return f"{loc}, {name}"
    return loc or name


def summary_sentence(row: dict) -> str:
    """One event as a headline: "Gunmen ASSAULT civilians in Beledweyne, Somalia".

    The type stays in capitals (it is the PLOVER code an analyst filters on). A
    place that is also an actor's name ("Paris REQUEST in Paris") is said once, by
    its country; missing parts are left out, never shown as '?' or 'None'.
    """
    a1, a2 = _text(row.get("actor1")), _text(row.get("actor2"))
    kind = _text(row.get("event_type")) or "EVENT"
    loc, country = _text(row.get("location")), _text(row.get("country"))
    if loc and loc.lower() in (a1.lower(), a2.lower()):
        loc = ""
    where = place_phrase(loc, country)
    if where and where.lower() in (a1.lower(), a2.lower()):
        where = ""
    words = [w for w in (a1, kind, a2) if w]
    return " ".join(words) + (f" in {where}" if where else "")


def display_summary(row: dict) -> str:
    """The summary a person reads: an analyst's own wording when they edited it, else
    ``summary_sentence`` of the current (edited) fields."""
    edited = row.get("edited_fields")
    if edited is not None and not is_missing(edited) and "summary" in list(edited) and _text(row.get("summary")):
        return _text(row.get("summary"))
    return summary_sentence(row)
