"""Date values as the schema writes them: YYYY, YYYY-MM or YYYY-MM-DD, the shape giving the
precision. One parser serves the schema's validators, the gold checks and the scorer's date
intervals. (Date *phrases* in article text, "last Tuesday", are extractor/dates.py.)
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Literal, NamedTuple

DatePrecision = Literal["day", "month", "year"]

# ASCII digits only, the whole string: "２０２４" or "2024\n" is no date.
_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


class NotADateShape(ValueError):
    """The value is not YYYY, YYYY-MM or YYYY-MM-DD."""


class NotACalendarDate(ValueError):
    """The value has a date's shape but names no real day, month or year (2024-02-30)."""


class DateValue(NamedTuple):
    """A parsed date: its precision and the first and last day it covers."""

    precision: DatePrecision
    first: dt.date
    last: dt.date


@functools.lru_cache(maxsize=65536)  # pure, and called for every date of every validation
def parse_date(value: str) -> DateValue:
    """The precision and day interval of a date value; NotADateShape or NotACalendarDate
    (both ValueError) with a message that starts with the value and says what is wrong."""
    match = _SHAPE.fullmatch(value)
    if not match:
        raise NotADateShape(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < 1:
        raise NotACalendarDate(f"{value!r} is not a real calendar date (there is no year 0)")
    if month is None:
        return DateValue("year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not 1 <= month <= 12:
        raise NotACalendarDate(f"{value!r} is not a real calendar date (there is no month {month})")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return DateValue("month", dt.date(year, month, 1), dt.date(year, month, last))
    if not 1 <= day <= last:
        month_name = f"{calendar.month_name[month]} {year}"
        raise NotACalendarDate(
            f"{value!r} is not a real calendar date ({month_name} has {last} days)"
        )
    return DateValue("day", dt.date(year, month, day), dt.date(year, month, day))


def date_precision_of(value: str) -> DatePrecision:
    """The precision a date value's shape implies; ValueError if it has none, in the words
    the schema's validation errors and the CLI have always used."""
    try:
        return parse_date(value).precision
    except NotADateShape:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None
    except NotACalendarDate:
        raise ValueError(f"date {value!r} is not a real calendar date") from None


def date_bounds(value: str) -> tuple[int, int]:
    """First and last day (proleptic ordinals) a date value covers: "2024-08" is Aug 1-31.
    ValueError on a value that is not a date."""
    parsed = parse_date(value)
    return parsed.first.toordinal(), parsed.last.toordinal()
