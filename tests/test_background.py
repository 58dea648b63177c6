"""Background is background (sitroom.extract.event_dates, dates): decades, spans, "since",
past perfect, "N years ago", the 30-day rule, dateparser only with a calendar cue, seasons.
Pattern and rule tests are pure; the end-to-end ones run our own sentences through the extractor."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from sitroom.extract.dates import find_dates, parse_with_dateparser
from sitroom.extract.event_dates import BACKGROUND_DAYS, is_background
from sitroom.extract.merge import EventMention
from texts import extract_text

PUB = date(2024, 5, 14)   # a Tuesday


def one(text: str, pub: date = PUB):
    found = find_dates(text, published=pub)
    assert len(found) == 1, found
    dm = found[0]
    assert text[dm.start:dm.end] == dm.text
    return dm


# ---- periods that are not dates ------------------------------------------------------------------

@pytest.mark.parametrize("text,start", [
    ("a famine in the 1980s", date(1980, 1, 1)),
    ("during the late 1970s", date(1970, 1, 1)),
    ("music of the '90s", date(1990, 1, 1)),
])
def test_decades_are_periods(text, start):
    dm = one(text)
    assert (dm.kind, dm.value, dm.precision) == ("decade", start, "unknown")


@pytest.mark.parametrize("text,days_back", [
    ("in recent years", 3 * 365),
    ("over the past eight months", 240),
    ("during the last two weeks", 14),
])
def test_spans_reach_back_from_publication(text, days_back):
    dm = one(text)
    assert dm.kind == "span" and dm.precision == "unknown" and dm.value == PUB - timedelta(days=days_back)


def test_since_marks_the_start_of_an_ongoing_state():
    assert (one("troops have held the pass since 1995").kind, one("since 1995").value) == ("since", date(1995, 1, 1))
    assert one("prices have doubled since March").kind == "since"
    assert one("prices doubled in March").kind == "absolute"


def test_years_ago_are_dated_to_that_year():
    dm = one("a flood 10 years ago")
    assert (dm.value, dm.precision, dm.kind) == (date(2014, 1, 1), "year", "relative")


# ---- dateparser: only with a calendar cue ----------------------------------------------------------

@pytest.mark.parametrize("text", ["two years", "more than two years", "twenty years", "several months", "decades"])
def test_durations_are_not_dates(text):
    assert parse_with_dateparser(text, PUB) is None


@pytest.mark.parametrize("text,expected", [
    ("three decades ago", (date(1994, 1, 1), "year")),
    ("about three weeks ago", (date(2024, 4, 22), "week")),      # Monday of that week
    ("mid-March", (date(2024, 3, 1), "month")),
    ("early 2021", (date(2021, 1, 1), "year")),
    ("a fortnight ago", (date(2024, 4, 29), "week")),
])
def test_dateparser_reads_what_the_patterns_leave(text, expected):
    assert parse_with_dateparser(text, PUB) == expected


@pytest.mark.parametrize("text", ["the summer of 2019", "winter 2019", "the autumn of 2019", "spring 2019"])
def test_a_season_with_a_year_is_dated_to_that_year(text):
    assert parse_with_dateparser(text, PUB) == (date(2019, 1, 1), "year")


def test_doc_dates_use_dateparser_for_an_unmatched_entity_only(resources):
    from sitroom.extract.records import ArticleMeta
    nlp = resources.nlp
    doc = nlp.make_doc("The siege lasted two years. Farmers left the valley three decades ago.")
    doc._.article = ArticleMeta(id="dp", published=PUB)
    doc = nlp(doc)
    got = [(dm.text, dm.value, dm.precision, dm.kind) for dm in doc._.dates]
    assert got == [("three decades ago", date(1994, 1, 1), "year", "relative")]


def test_a_relative_date_without_publication_is_not_resolved():
    assert find_dates("ten years ago", published=None) == []
    assert parse_with_dateparser("three decades ago", None) is None


# ---- the background rule ------------------------------------------------------------------------

def draft(**kw) -> EventMention:
    base = dict(type="COERCE", mode=None, trigger="arrested", trigger_start=0, trigger_end=8, sent_index=0,
                sent_start=0, sent_end=40)
    base.update(kw)
    return EventMention(**base)


def test_the_thirty_day_rule():
    assert BACKGROUND_DAYS == 30
    on = lambda d, p="day": draft(date=d, date_precision=p, date_source="sentence")   # noqa: E731
    assert not is_background(on(PUB - timedelta(days=30)), PUB)
    assert is_background(on(PUB - timedelta(days=31)), PUB)
    assert not is_background(on(date(2024, 4, 1), "month"), PUB)     # April ended 14 days before
    assert is_background(on(date(2024, 3, 1), "month"), PUB)
    assert is_background(on(date(2023, 1, 1), "year"), PUB)          # last year
    assert not is_background(on(date(2024, 1, 1), "year"), PUB)      # this year is still running
    assert not is_background(on(date(2020, 1, 1), "year"), None)     # undated story: nothing to compare


def test_periods_and_past_perfect_are_background():
    assert is_background(draft(date=date(1980, 1, 1), date_kind="decade", date_source="sentence"), PUB)
    assert is_background(draft(date=PUB - timedelta(days=900), date_kind="span"), PUB)
    assert is_background(draft(date=date(1995, 1, 1), date_kind="since"), PUB)
    assert is_background(draft(aggregate=True), PUB)                 # a war's cumulative toll
    assert is_background(draft(past_perfect=True), PUB)
    assert not is_background(draft(), PUB)                           # undated, simple past
    # Dated to the publication itself: never background.
    assert not is_background(draft(date=PUB, date_precision="day", date_source="publication"), PUB)


# ---- through the extractor ----------------------------------------------------------------------

def run(resources, text: str, pub: date = PUB, aid: str = "bg") -> list[dict]:
    return extract_text(resources, text, pub, aid=aid)


def only(events: list[dict], etype: str) -> dict:
    (e,) = [x for x in events if x["event_type"] == etype]
    return e


@pytest.mark.parametrize("text,etype,when,precision", [
    ("Militants bombed a bus station in the 1990s, killing 40 people.", "ASSAULT", None, "unknown"),
    ("In recent years, troops have arrested hundreds of activists.", "COERCE", None, "unknown"),
    ("Rebels had seized the airport before the ceasefire.", "ASSAULT", None, "unknown"),
    ("A car bomb exploded outside the ministry 10 years ago, killing 12 people.", "ASSAULT", "2014-01-01", "year"),
    ("Protesters clashed with police three decades ago in the capital.", "ASSAULT", "1994-01-01", "year"),
    ("Police arrested 40 protesters in Quito on March 2.", "COERCE", "2024-03-02", "day"),
    # a past with no count: background, with no date to give
    ("The two armies fought a border war decades ago.", "ASSAULT", None, "unknown"),
    ("Rebels shelled the port years earlier, killing 30 people.", "ASSAULT", None, "unknown"),
])
def test_recalled_events_are_background_dated_to_their_own_time_or_not_at_all(resources, text, etype, when, precision):
    e = only(run(resources, text), etype)
    assert e["background"] is True
    assert (e["event_date"], e["date_precision"]) == (when, precision)
    assert e["event_date"] != PUB.isoformat()          # never the publication date


def test_a_bare_event_noun_takes_the_sense_the_story_gave_it(resources):
    # one sense per story: "a similar strike" in a story about a walkout is a walkout
    evs = run(resources, "Nurses went on strike across Ghana on Monday over unpaid wages. A similar strike "
                         "in 2019 shut clinics for a month.")
    assert {e["event_type"] for e in evs} == {"PROTEST"}, evs
    evs = run(resources, "Jets carried out an air strike on a depot near Idlib on Monday. The strike killed four.")
    assert {e["event_type"] for e in evs} == {"ASSAULT"}, evs


def test_the_same_report_a_fortnight_old_is_current(resources):
    e = only(run(resources, "Police arrested 40 protesters in Quito on April 30."), "COERCE")
    assert e["background"] is False and e["event_date"] == "2024-04-30"


def test_the_trial_is_current_the_crime_it_recalls_is_not(resources):
    evs = run(resources, "The court jailed the commander on Monday for a massacre in 2004 that killed 300 villagers.")
    jailed, massacre = only(evs, "COERCE"), only(evs, "ASSAULT")
    assert (jailed["background"], jailed["event_date"]) == (False, "2024-05-13")
    assert (massacre["background"], massacre["event_date"], massacre["date_precision"]) == (True, "2004-01-01", "year")
    assert massacre["fatalities"] == 300


@pytest.mark.parametrize("text,etype,when", [
    # a day that modifies the occasion dates what was said or done there
    ("The ambassador rejected the proposal at a May 9 news conference.", "REJECT", "2024-05-09"),
    ("The two leaders met in Lusaka during a May 6 summit.", "CONSULT", "2024-05-06"),
    # a year that names a thing dates nothing
    ("The envoy criticised the 2015 nuclear agreement on Friday.", "ACCUSE", "2024-05-10"),
])
def test_a_date_that_modifies_a_noun_dates_an_occasion_not_a_name(resources, text, etype, when):
    assert only(run(resources, text), etype)["event_date"] == when


def test_an_event_noun_that_kills_is_dated_by_its_sentence(resources):
    evs = run(resources, "An explosion at a checkpoint killed five soldiers on Sunday.")
    assert {e["event_date"] for e in evs} == {"2024-05-12"}


@pytest.mark.parametrize("text,when,precision", [
    # A date set before the first verb frames every verb coordinated with it.
    ("On Sunday, the governor visited the flooded district and announced emergency aid.", "2024-05-12", "day"),
    ("Last year the army attacked the rebels and arrested dozens of them.", "2023-01-01", "year"),
])
def test_a_fronted_date_dates_every_coordinated_verb(resources, text, when, precision):
    evs = run(resources, text)
    assert len(evs) == 2 and {(e["event_date"], e["date_precision"]) for e in evs} == {(when, precision)}, evs


def test_an_after_clause_on_an_undated_verb_takes_the_sentences_day(resources):
    # The after clause hangs on "went", which no date of its own dates; the strike "on Monday"
    # (a noun under it) is the sentence's dated event.
    evs = run(resources, "Workers waved flags while they went on strike at the port on Monday, after police "
                         "arrested their union leader.")
    assert {e["event_type"]: e["event_date"] for e in evs} == {"PROTEST": "2024-05-13", "COERCE": "2024-05-13"}, evs


def test_an_offset_counts_back_from_the_dated_event_to_its_reference(resources):
    # "a day after an ambush": the parser hangs "a day" on the main verb; the ambush is still the
    # one a day earlier, and the toll of the sentence is the killing's, not the earlier ambush's.
    evs = run(resources, "Police freed 40 hostages on Wednesday and killed 12 kidnappers, a day after an ambush "
                         "on a bus near Gao.")
    attacks = sorted((e["event_date"], e["fatalities"]) for e in evs if e["event_type"] == "ASSAULT")
    assert attacks == [("2024-05-07", None), ("2024-05-08", 12)], attacks


def test_a_year_before_an_event_noun_dates_it(resources):
    # "the 2004 bombing" is a recalled event of 2004, not a count of 2,004 and not today's.
    evs = run(resources, "The court opened the trial over the 2009 bombing of the embassy on Monday.")
    (bombing,) = [e for e in evs if e["event_type"] == "ASSAULT"]
    assert bombing["event_date"] == "2009-01-01" and bombing["date_precision"] == "year" and bombing["background"]


def test_a_quote_is_said_in_the_story_s_time_not_the_background_sentence_s(resources):
    # The sentence before the quote recalls a day years back; "..., her lawyer said" is not dated
    # (nor made background) by it: it takes the lead's recent day.
    evs = run(resources, 'Police arrested an opposition leader in Harare on Monday. On August 1, 2018, soldiers '
                         'killed six protesters in the capital after a disputed vote. "This regime is brutal and '
                         'it hunts its critics," her lawyer said.')
    said = only(evs, "ACCUSE")
    assert (said["background"], said["event_date"]) == (False, "2024-05-13")
    assert only(evs, "ASSAULT")["event_date"] == "2018-08-01"


@pytest.mark.parametrize("text", [
    "Thousands of miners marched through Potosi on Tuesday in the largest rally since 2019.",
    "The riots, the worst since last year, spread to three more towns on Tuesday.",
])
def test_since_after_a_superlative_compares_and_dates_nothing(resources, text):
    rows = [e for e in extract_text(resources, text, PUB, aid="cmp") if e["event_type"] == "PROTEST"]
    assert rows and all(not e["background"] and e["event_date"] == "2024-05-14" for e in rows), rows
