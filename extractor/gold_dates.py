"""Gold dates: real calendar dates agreeing with their precision, ``date_end`` not before
``date`` (parsed by `extractor.datevalues`, the schema's own parser)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extractor.datevalues import DateValue, parse_date

_PRECISIONS = ("year", "month", "day")


def date_problem(value: str, field: str) -> str | None:
    """What is wrong with a date value, the message starting with its field; None if nothing."""
    try:
        parse_date(value)
    except ValueError as exc:
        return f"{field} {exc}"
    return None


def date_problems(item: dict[str, Any], section: str) -> Iterator[tuple[str, str]]:
    """(field, message) for the dates of a treaty or event."""
    raw_date = item.get("date")
    date = raw_date.strip() if isinstance(raw_date, str) else ""
    precision = item.get("date_precision")
    date_end = item.get("date_end") if section == "events" else None
    start: DateValue | None = None
    if date:
        try:
            start = parse_date(date)
        except ValueError as exc:
            yield "date", f"date {exc}"
    elif raw_date in (None, "") and isinstance(precision, str) and precision.strip():
        yield "date_precision", f"date_precision is {precision.strip()!r} but there is no date"
    if start is not None and precision in _PRECISIONS and precision != start.precision:
        yield (
            "date_precision",
            (
                f"date {date!r} has {start.precision} precision (its shape) but date_precision is "
                f"{precision!r}; write {start.precision!r} or a date of {precision} precision"
            ),
        )
    if isinstance(date_end, str) and date_end.strip():
        try:
            end = parse_date(date_end.strip())
        except ValueError as exc:
            yield "date_end", f"date_end {exc}"
            return
        if start is not None and end.last < start.first:
            yield "date_end", f"date_end {date_end.strip()!r} is before date {date!r}"
