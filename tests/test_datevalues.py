"""extractor/datevalues.py: the one parser of YYYY, YYYY-MM and YYYY-MM-DD values."""

from __future__ import annotations

import calendar
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


def test_date_bounds_cover_every_day_of_a_date() -> None:
    """Checked against the calendar module, for every day, month and year of 2011-2026."""
    for year in range(2011, 2027):
        assert date_bounds(str(year)) == (
            dt.date(year, 1, 1).toordinal(),
            dt.date(year, 12, 31).toordinal(),
        )
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            first_day, last_day = dt.date(year, month, 1), dt.date(year, month, last)
            assert date_bounds(f"{year}-{month:02d}") == (
                first_day.toordinal(),
                last_day.toordinal(),
            )
            for day in range(1, last + 1):
                ordinal = dt.date(year, month, day).toordinal()
                assert date_bounds(f"{year}-{month:02d}-{day:02d}") == (ordinal, ordinal)
