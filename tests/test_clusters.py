"""Story events (sitroom.extract.clusters) from hand-made mentions: evidence kept, ids, tolls,
headline flags, place and date preference. No model: the records are built directly."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sitroom.extract.clusters import LEAD_SENTENCES, cluster_mentions, story_events
from sitroom.extract.records import ActorRef, Casualty, DateValue, Mention, PlaceValue, TextSpan
from sitroom.extract.rows import MENTIONS_KEY, event_row
from sitroom.geo.model import Place
from sitroom.loader import Article

PUB = date(2024, 5, 14)
UNDATED = DateValue(None, "unknown", "none")
NOWHERE = PlaceValue(None, "none")

KANO = Place("Kano", "NGA", "Kano", 12.00, 8.52, "city", "city")
KANO_MARKET = Place("Kano market", "NGA", "Kano", 12.01, 8.53, "point", "point")
KANO_STATE = Place("Kano State", "NGA", "Kano", 11.75, 8.50, "admin1", "admin1")
NIGERIA = Place("Nigeria", "NGA", None, 11.80, 8.40, "country", "country")   # near Kano on purpose
ZARIA = Place("Zaria", "NGA", "Kaduna", 11.09, 7.72, "city", "city")


def actor(name: str, eid: str, country: str | None = "NGA", kind: str = "armed_group", **kw) -> ActorRef:
    return ActorRef(name=name, entity_id=eid, country=country, kind=kind, **kw)


def mention(n: int, sent: int, *, type: str = "ASSAULT", a1: ActorRef | None = None, a2: ActorRef | None = None,
            when: DateValue = UNDATED, where: PlaceValue = NOWHERE, dead: int | None = None, hurt: int | None = None,
            modality: str = "asserted", background: bool = False, anaphoric: bool = False,
            confidence: float = 0.8) -> Mention:
    """Mention ``n`` (its trigger at character 100 * n) in sentence ``sent``."""
    start = 100 * n
    cas = None
    if dead is not None or hurt is not None:
        cas = Casualty(dead, hurt, (TextSpan(start + 10, start + 20, f"toll {n}"),))
    return Mention(id=f"m{n}", type=type, mode=None, trigger=TextSpan(start, start + 6, f"trig{n}"),
                   sentence=TextSpan(start - 5, start + 60, f"sentence {n}"), sent_index=sent, modality=modality,
                   actor1=a1, actor2=a2, date=when, place=where, casualty=cas, background=background,
                   anaphoric=anaphoric, confidence=confidence)


def day(d: date, source: str = "sentence") -> DateValue:
    return DateValue(d, "day", source, TextSpan(0, 3, "Monday"))


GUNMEN = actor("gunmen", "NGA.UAF")
TRADERS = actor("traders", "NGA.CVL", kind="civilians")


def test_every_mention_is_kept_as_evidence_and_the_id_is_the_first_mentions():
    lead = mention(1, 0, when=day(date(2024, 5, 13)))
    later = mention(2, 1, a1=GUNMEN, a2=TRADERS, when=day(date(2024, 5, 13)), dead=4,
                    where=PlaceValue(KANO_MARKET, "trigger", TextSpan(250, 261, "Kano market"), "Kano market"))
    the_attack = mention(3, 4, anaphoric=True)
    (ev,) = story_events((lead, later, the_attack))
    assert {m.id for m in ev.mentions} == {"m1", "m2", "m3"}
    assert ev.primary is later                      # the richest report is the row's evidence
    row = event_row(Article(title="t", text="x" * 400, published=PUB, id="a1"), ev)
    assert row["event_id"] == "m1"                  # ... but the id is the first mention's
    assert [r["evidence_id"] for r in row[MENTIONS_KEY]] == ["m1", "m2", "m3"]
    assert {r["event_id"] for r in row[MENTIONS_KEY]} == {"m1"}
    assert row["n_mentions"] == 3 and row["fatalities"] == 4
    assert (ev.actor1, ev.actor2) == (GUNMEN, TRADERS)


def test_the_highest_toll_not_the_sum():
    ms = (mention(1, 0, dead=3, hurt=10), mention(2, 0, dead=7), mention(3, 1, dead=5, hurt=4, anaphoric=True))
    (ev,) = story_events(ms)
    assert (ev.fatalities, ev.injuries) == (7, 10)
    assert ev.casualty_span.text == "toll 2"        # the evidence of the toll that was kept


def test_a_recalled_toll_does_not_join_the_current_event():
    now = mention(1, 0, dead=2, when=day(date(2024, 5, 13)))
    then = mention(2, 1, dead=300, background=True, when=DateValue(date(2009, 1, 1), "year", "sentence"))
    evs = story_events((now, then))
    assert len(evs) == 2
    assert (evs[0].fatalities, evs[0].background) == (2, False)
    assert evs[1].background and evs[1].fatalities == 300


def test_headline_only_for_asserted_confident_events_of_the_lead():
    evs = story_events((
        mention(1, 0, type="PROTEST"),
        mention(2, 1, type="COERCE", modality="future"),
        mention(3, 2, type="ASSAULT", confidence=0.1),
        mention(4, 2, type="AID", background=True),
        mention(5, LEAD_SENTENCES, type="SANCTION"),
        mention(6, 0, type="RETREAT", background=True),
    ))
    flags = {ev.type: ev.headline for ev in evs}
    # A story may lead with an older event it is about: its headline, kept out of current totals
    # by being background. Recalled later in the lead, an older event is the story's background.
    assert flags == {"PROTEST": True, "COERCE": False, "ASSAULT": False, "AID": False, "SANCTION": False,
                     "RETREAT": True}
    assert [ev.background for ev in evs] == [False, False, False, True, False, True]


def test_a_later_mention_of_a_lead_event_keeps_it_a_headline():
    evs = story_events((mention(1, 0, a1=GUNMEN), mention(2, 9, a1=GUNMEN)))
    assert len(evs) == 1 and evs[0].headline and len(evs[0].mentions) == 2


def test_place_preference_trigger_sentence_seat_context_focus():
    sources = [("focus", NIGERIA), ("context", ZARIA), ("actor", KANO_STATE), ("sentence", KANO),
               ("trigger", KANO_MARKET)]
    ms = [mention(k + 1, 0, where=PlaceValue(p, src, None, p.name)) for k, (src, p) in enumerate(sources)]
    expected = ["trigger", "sentence", "actor", "context", "focus"]
    for want in expected:
        (ev,) = story_events(tuple(ms))
        assert ev.place.source == want
        ms = [m for m in ms if m.place.source != want]


def test_among_equal_sources_the_first_country_then_the_most_precise_place():
    abroad = Place("Niamey", "NER", None, 13.5, 2.1, "city", "city")
    ms = (mention(1, 0, where=PlaceValue(KANO_STATE, "sentence")), mention(2, 0, where=PlaceValue(abroad, "sentence")),
          mention(3, 0, where=PlaceValue(KANO, "sentence")))
    (ev,) = story_events(ms)
    assert ev.place.place is KANO


def test_the_most_precise_own_date_wins():
    week = DateValue(date(2024, 5, 13), "week", "sentence")
    carried = DateValue(date(2024, 5, 14), "day", "context")
    exact = day(date(2024, 5, 15))
    (ev,) = story_events((mention(1, 0, when=week), mention(2, 0, when=carried), mention(3, 0, when=exact)))
    assert ev.date == exact
    (ev,) = story_events((mention(1, 0, when=week), mention(2, 0, when=carried)))
    assert ev.date == week                          # an own date beats a carried one, even a finer one


def test_a_newcomer_must_fit_every_member():
    ana = actor("Ana Vidal", "P:ana-vidal", kind="person", proper=True)
    bruno = actor("Bruno Costa", "P:bruno-costa", kind="person", proper=True)
    groups = cluster_mentions((mention(1, 0, type="CONSULT", a1=ana), mention(2, 0, type="CONSULT"),
                               mention(3, 0, type="CONSULT", a1=bruno)))
    assert [[m.id for m in g] for g in groups] == [["m1", "m2"], ["m3"]]


def test_a_back_reference_joins_the_nearest_fitting_event():
    ana = actor("Ana Vidal", "P:ana-vidal", kind="person", proper=True)
    bruno = actor("Bruno Costa", "P:bruno-costa", kind="person", proper=True)
    groups = cluster_mentions((mention(1, 0, a1=ana), mention(2, 2, a1=bruno), mention(3, 3, anaphoric=True)))
    assert [[m.id for m in g] for g in groups] == [["m1"], ["m2", "m3"]]


def test_a_weak_actor_neither_ties_nor_splits():
    weak = replace(GUNMEN, weak=True)
    other = actor("soldiers", "NGA.MIL", kind="military")
    # Weak (clause-search) actors are left out of the key: far apart, they tie nothing...
    assert len(story_events((mention(1, 0, a1=weak, when=day(date(2024, 5, 1))),
                             mention(2, 9, a1=weak, when=DateValue(date(2024, 5, 1), "month", "sentence"))))) == 2
    # ... and in one sentence they do not keep the army and the gunmen apart.
    assert len(story_events((mention(1, 0, a1=other), mention(2, 0, a1=weak)))) == 1


def test_events_come_in_order_of_first_mention():
    evs = story_events((mention(1, 0, type="PROTEST"), mention(2, 1, type="COERCE"), mention(3, 2, type="PROTEST",
                                                                                             anaphoric=True)))
    assert [ev.type for ev in evs] == ["PROTEST", "COERCE"]
    assert [m.id for m in evs[0].mentions] == ["m1", "m3"]


def test_a_named_armed_group_and_the_army_stay_two_events():
    # The lead's raid by the army, then the group's own attack told later in the story: the
    # group is a named body (no role in its id), so its kind says which side it is on.
    army = actor("the army", "NGA.MIL", kind="military")
    group = actor("the Northern Front", "D:northern-front", kind="armed_group")
    groups = cluster_mentions((mention(1, 0, a1=army, when=day(date(2024, 5, 13))),
                               mention(2, 1, anaphoric=True),
                               mention(3, 4, a1=group)))
    assert [[m.id for m in g] for g in groups] == [["m1", "m2"], ["m3"]]


def test_the_days_a_story_gives_keep_its_events_apart():
    # "attacked on Sunday ... the attack ... on Monday the siege was broken": one story, two days.
    sunday, monday = day(date(2024, 5, 12)), day(date(2024, 5, 13))
    groups = cluster_mentions((mention(1, 0, when=monday), mention(2, 0, when=sunday), mention(3, 1, anaphoric=True)))
    assert [[m.id for m in g] for g in groups] == [["m1", "m3"], ["m2"]]


def test_an_updated_toll_joins_its_event_and_raises_the_count(resources):
    # "the death toll from the X attack had risen to N" on a later day: the count's day is not the
    # attack's, so the mention joins the attack told before and its toll is the event's.
    import texts
    rows = texts.extract_text(resources, "Gunmen stormed a guesthouse in Garowe on Friday, killing at least nine "
                                         "people, officials said. Officials said on Saturday the death toll from "
                                         "the guesthouse attack had risen to 17.", date(2024, 5, 12), aid="toll")
    assaults = [e for e in rows if e["event_type"] == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0]["fatalities"] == 17, assaults
    assert assaults[0]["event_date"] == "2024-05-10", assaults


def test_a_death_toll_several_words_from_its_number_is_read():
    from sitroom.extract.casualties import find_casualties
    assert find_casualties("the death toll from the bus station bombing had risen to 31").fatalities == 31
    assert find_casualties("a death toll of 12").fatalities == 12
