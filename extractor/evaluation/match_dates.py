"""Dates of any precision as day ranges, and whether two dates agree."""

from __future__ import annotations

from functools import lru_cache

from extractor.datevalues import date_bounds

# One home for a date's day bounds (extractor.datevalues), cached: matching asks often.
_bounds = lru_cache(maxsize=65536)(date_bounds)


def date_range(date: str, end: str | None = None) -> tuple[int, int]:
    """The days an event covers: from the first day of its date to the last of its end."""
    lo, hi = _bounds(date)
    return lo, (_bounds(end)[1] if end else hi)


def dates_compatible(a: str | None, a_end: str | None, b: str | None, b_end: str | None) -> bool:
    """Do two dates agree at the coarser of their precisions (ranges: do they overlap)?

    A date stands for every day it covers at its precision, so overlapping covers is the same
    as agreeing at the coarser precision: "2024-08" and "2024-08-25" agree, "2024-08-25" and
    "2024-08-26" do not, "2024" and "2023-12" do not; an event from 2024-08-25 to 2024-08-29
    agrees with 2024-08-27. Two missing dates agree; one missing date does not.
    """
    if a is None or b is None:
        return a is None and b is None
    a0, a1 = date_range(a, a_end)
    b0, b1 = date_range(b, b_end)
    return a0 <= b1 and b0 <= a1


def date_correct(gold_date: str | None, pred_date: str | None) -> bool:
    """Is a predicted date right within the gold precision?

    Both empty is right; one empty is wrong. Otherwise the prediction must be at least as
    precise as the gold date and agree with it at the gold precision ("2024-08-25" is right
    for gold "2024-08"; "2024" is not, and "2024-09" is not).
    """
    if gold_date is None or pred_date is None:
        return gold_date is None and pred_date is None
    # (a coarser prediction is shorter than the gold date, so it cannot equal it)
    return pred_date[: len(gold_date)] == gold_date
