"""Date rules of the extractor (sitroom.extract.dates): pure regex, no spaCy."""
from __future__ import annotations

from datetime import date

import pytest

from sitroom.extract.dates import compatible, find_dates, infer_year, period_end

MON = date(2026, 2, 9)    # a Monday
TUE = date(2021, 7, 13)   # a Tuesday


def one(text: str, pub: date):
    found = find_dates(text, published=pub)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,pub,expected", [
    ("Chile criticised Peru on Monday over fishing rights", MON, date(2026, 2, 9)),   # same day
    ("Okonkwo, detained Saturday, was later freed", MON, date(2026, 2, 7)),          # most recent before
    ("the attack on Tuesday", TUE, date(2021, 7, 13)),
    ("talks last Tuesday", TUE, date(2021, 7, 6)),                            # "last" skips today
    ("rockets fell on Sunday night", TUE, date(2021, 7, 11)),
])
def test_weekdays_resolve_to_the_latest_such_day(text, pub, expected):
    dm = one(text, pub)
    assert dm.value == expected and dm.precision == "day"
    assert text[dm.start:dm.end] == dm.text


@pytest.mark.parametrize("text,pub,expected", [
    ("the rally on Friday, January 30, was banned", MON, date(2026, 1, 30)),   # a weekday before a full date
    ("troops left on Friday 30 January", MON, date(2026, 1, 30)),
    ("talks ended Thursday, May 7", date(2026, 5, 11), date(2026, 5, 7)),      # "May" after a weekday is the month
])
def test_a_weekday_before_a_date_is_part_of_it(text, pub, expected):
    dm = one(text, pub)
    assert dm.value == expected and dm.precision == "day"
    assert text[dm.start:dm.end] == dm.text


def test_relative_periods_give_the_start_of_the_period():
    week = one("a summit in Nairobi last week, aides said", TUE)
    assert (week.value, week.precision) == (date(2021, 7, 5), "week")       # Monday of last week
    month = one("Norway's trade envoy earlier this month denied", TUE)
    assert (month.value, month.precision) == (date(2021, 7, 1), "month")
    year = one("during a border skirmish in Kashmir early last year", TUE)
    assert (year.value, year.precision) == (date(2020, 1, 1), "year")
    assert one("yesterday's blast", TUE).value == date(2021, 7, 12)


def test_explicit_dates_with_and_without_year():
    assert one("reached the harbour on June 27.", TUE).value == date(2021, 6, 27)
    assert one("before the July 5 vote", TUE).value == date(2021, 7, 5)
    assert one("signed on 5 July 2019 in Lisbon", TUE).value == date(2019, 7, 5)
    assert one("on March 3-5, 2024", TUE).value == date(2024, 3, 3)      # a range starts the event
    early = one("trade talks in Oslo in early April", TUE)
    assert (early.value, early.precision) == (date(2021, 4, 1), "month")
    # A month well after publication without a year is last year's.
    dec = one("strikes spread across the ports in December", MON)
    assert dec.value == date(2025, 12, 1)
    assert infer_year(12, 15, MON) == 2025 and infer_year(1, 20, MON) == 2026


def test_offsets_are_left_to_the_caller():
    after = one("a day after the governor's deputy quit", MON)
    assert (after.kind, after.offset, after.value) == ("offset", 1, None)
    assert one("the day before", MON).offset == -1
    assert one("two days later, troops withdrew", MON).offset == 2


def test_words_that_only_look_like_dates():
    assert find_dates("The union may strike, leaders warn", published=MON) == []
    assert find_dates("April said the plan was dead", published=MON) == []
    fut = one("talks will resume next week", MON)
    assert fut.kind == "future"


def test_period_compatibility():
    assert compatible(date(2021, 7, 5), "week", date(2021, 7, 7), "day")
    assert compatible(date(2021, 7, 1), "month", date(2021, 7, 20), "day")
    assert compatible(date(2021, 7, 5), "day", date(2021, 7, 6), "day")      # a day of slack
    assert not compatible(date(2021, 6, 27), "day", date(2021, 7, 7), "day")
    assert compatible(None, "unknown", date(2021, 7, 7), "day")
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
