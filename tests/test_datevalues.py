"""extractor/datevalues.py: the one parser of YYYY, YYYY-MM and YYYY-MM-DD values."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.datevalues import (
    DateValue,
    NotACalendarDate,
    NotADateShape,
    date_bounds,
    date_precision_of,
    parse_date,
)
from extractor.evaluation import matching


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2024", DateValue("year", dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("2024-02", DateValue("month", dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("2023-12", DateValue("month", dt.date(2023, 12, 1), dt.date(2023, 12, 31))),
        ("2024-08-25", DateValue("day", dt.date(2024, 8, 25), dt.date(2024, 8, 25))),
    ],
)
def test_parse_date(value: str, parsed: DateValue) -> None:
    assert parse_date(value) == parsed
    assert date_precision_of(value) == parsed.precision


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("August 2024", NotADateShape, "'August 2024' is not a date: write YYYY, YYYY-MM or"),
        ("2024-8-5", NotADateShape, "is not a date"),
        ("2024\n", NotADateShape, "is not a date"),
        ("２０２４", NotADateShape, "is not a date"),
        ("0000", NotACalendarDate, "'0000' is not a real calendar date (there is no year 0)"),
        ("2024-13", NotACalendarDate, "(there is no month 13)"),
        ("2023-02-29", NotACalendarDate, "(February 2023 has 28 days)"),
    ],
)
def test_what_is_no_date_says_why(value: str, error: type[ValueError], message: str) -> None:
    with pytest.raises(error) as raised:
        parse_date(value)
    assert message in str(raised.value)


def test_date_precision_of_keeps_the_schema_wording() -> None:
    with pytest.raises(ValueError, match=r"^date 'May 2024' is not YYYY, YYYY-MM or YYYY-MM-DD$"):
        date_precision_of("May 2024")
    with pytest.raises(ValueError, match=r"^date '2024-02-30' is not a real calendar date$"):
        date_precision_of("2024-02-30")


def test_date_bounds_are_the_scorers_date_ranges() -> None:
    """The interval the scorer compares dates on (matching.date_range of a lone date)."""
    day = dt.date(2011, 12, 1)
    values = set()
    while day < dt.date(2026, 2, 1):
        values |= {day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]}
        day += dt.timedelta(days=1)
    for value in sorted(values):
        assert date_bounds(value) == matching.date_range(value), value
