"""Short event notes in the style of conflict-monitoring datasets (written for sitroom, not taken
from any dataset): one note, one event, whose type, two sides and date an analyst reads at once.

Each note is checked in the default view (headline, or confidence >= SITROOM_EVENT_CONFIDENCE)."""
from __future__ import annotations

from datetime import date

import pytest

import texts

PUB = date(2024, 3, 25)


def shown(resources, settings, text: str) -> list[dict]:
    return texts.shown(resources, settings, text, PUB, aid="note", title="")


NOTES = [
    # (note, type, actor1 contains, actor2 contains, date)
    ("On 4 March 2024, clashes between the Tiger militia and Ruritanian forces took place near Osk.",
     "ASSAULT", "Tiger militia", "Ruritanian forces", "2024-03-04"),
    ("On 6 March 2024, government troops and the Northern Front clashed outside Gondar.",
     "ASSAULT", "government troops", "Northern Front", "2024-03-06"),
    ("On 8 March 2024, nurses held a peaceful strike in Accra over unpaid allowances.",
     "PROTEST", "nurses", None, "2024-03-08"),
    ("On 10 March 2024, dockworkers in Mombasa began a 48-hour strike over pay.",
     "PROTEST", "dockworkers", None, "2024-03-10"),
    ("Around 9 March 2024, demonstrators gathered outside the parliament in Nairobi to demand lower taxes.",
     "PROTEST", "demonstrators", None, "2024-03-09"),
    ("On 11 March 2024, rioters set fire to a tax office in Lilongwe.",
     "ASSAULT", "rioters", None, "2024-03-11"),
    ("On 12 March 2024, police dismantled a militant cell in Mombasa.",
     "COERCE", "police", "militant cell", "2024-03-12"),
    ("On 13 March 2024, a mob beat a suspected cattle thief in Kisumu.",
     "ASSAULT", "mob", None, "2024-03-13"),
    ("On 14 March 2024, gunmen ambushed a police convoy near Djibo.",
     "ASSAULT", "gunmen", "police convoy", "2024-03-14"),
    ("On 15 March 2024, the militia looted shops and burned houses in a village near Beni.",
     "ASSAULT", "militia", None, "2024-03-15"),
    ("On 16 March 2024, armed youths ransacked the offices of the electoral commission in Bangui.",
     "ASSAULT", "armed youths", None, "2024-03-16"),
    ("On 17 March 2024, students occupied the university administration building in Dakar.",
     "PROTEST", "students", None, "2024-03-17"),
    ("On 18 March 2024, protesters threw stones at riot police outside the governor's office in Kano.",
     "PROTEST", "protesters", None, "2024-03-18"),
    # a victim named by a title or as a man, woman or child is the side acted on
    ("On 12 March 2024, gunmen shot dead a village headman near Kaya.", "ASSAULT", "gunmen", "headman", "2024-03-12"),
    ("On 13 March 2024, a district councillor was stabbed by unknown assailants in Jinja.",
     "ASSAULT", "assailants", "councillor", "2024-03-13"),
    ("On 14 March 2024, armed men kidnapped two priests on the road to Enugu.", "ASSAULT", "armed men", "priests",
     "2024-03-14"),
    # a passenger train attacked is the civilians on it; a release from custody is the authorities'
    ("On 15 March 2024, militants fired rockets at a passenger train near Jacobabad.", "ASSAULT", "militants",
     "passenger train", "2024-03-15"),
    ("On 16 March 2024, a blogger was released on bail in Hanoi.", "RETREAT", "authorities", "blogger", "2024-03-16"),
    ("On 17 March 2024, paramilitaries shot dead three gendarmes at a checkpoint near Dori.", "ASSAULT",
     "paramilitaries", "gendarmes", "2024-03-17"),
]


@pytest.mark.parametrize("text,etype,a1,a2,when", NOTES)
def test_a_note_is_one_event_with_its_sides(resources, settings, text, etype, a1, a2, when):
    got = [e for e in shown(resources, settings, text) if e["event_type"] == etype]
    assert got, [(e["event_type"], e["trigger"]) for e in shown(resources, settings, text)]
    e = got[0]
    assert a1 in (e["actor1"] or ""), e["actor1"]
    if a2 is not None:
        assert a2 in (e["actor2"] or ""), e["actor2"]
    assert e["event_date"] == when


def test_who_arrests_during_a_demonstration_does_not_demonstrate(resources, settings):
    evs = shown(resources, settings, "On 7 March 2024, police arrested 12 students during a demonstration in Harare.")
    (protest,) = [e for e in evs if e["event_type"] == "PROTEST"]
    assert protest["actor1"] != "police"
    assert protest["event_date"] == "2024-03-07"   # the circumstance happened on the arrest's date
