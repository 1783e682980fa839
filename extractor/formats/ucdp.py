"""A UCDP GED export (CSV, public column layout) -> articles and event-level partial gold.

Each row becomes one article (its `source_headline`, the headlines the event was coded
from) and one gold file listing that event and its two sides, flagged `complete: false`.
The mappings are documented in docs/formats.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor.formats.actors import country_code, gold_actor, merge_actors
from extractor.formats.dataset import DatasetItem, safe_id
from extractor.formats.table import FormatError, Row, read_rows
from extractor.registry import Registry, load_registry
from extractor.schema import Event, EventKind, Extraction, FatalityClaim, ReferenceCoding

REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "source_headline", "where_description",
    "adm_1", "country", "date_prec", "date_start", "date_end", "best", "low", "high",
)  # fmt: skip

# type_of_violence: 1 state-based, 2 non-state (both fighting between organised sides),
# 3 one-sided violence against civilians.
VIOLENCE_KINDS: dict[str, EventKind] = {
    "1": "battle",
    "2": "battle",
    "3": "violence_against_civilians",
}
# Same reasoning as for ACLED (extractor/formats/acled.py): the article is dated a few days
# after the event ends when the export gives no source date.
PUBLISHED_AFTER_DAYS = 3


def coded_date(row: Row) -> tuple[str, str | None]:
    """(date, date_end) at the precision date_prec gives.

    1: the day; 2-3: a range of days (date_start..date_end, up to a week); 4: the month;
    5: the year (anything vaguer than a month).
    """
    start, end = row.date("date_start"), row.date("date_end")
    if end < start:
        raise row.fail("date_end", f"{row.get('date_end')!r} is before date_start")
    precision = row.integer("date_prec", default=1)
    if precision in (1, 2, 3):
        return start.isoformat(), (end.isoformat() if end != start else None)
    if precision == 4:
        same = start.strftime("%Y-%m") == end.strftime("%Y-%m")
        return start.strftime("%Y-%m"), (None if same else end.strftime("%Y-%m"))
    if precision == 5:
        return str(start.year), (None if end.year == start.year else str(end.year))
    raise row.fail("date_prec", f"{row.get('date_prec')!r} is not 1 to 5")


def _kind(row: Row) -> EventKind:
    text = row.get("type_of_violence")
    kind = VIOLENCE_KINDS.get(text)
    if kind is None:
        raise row.fail("type_of_violence", f"{text!r} is not 1, 2 or 3")
    return kind


def _published(row: Row) -> str:
    first = row.get("source_date").split(";")[0].strip()
    if first:
        try:
            return dt.date.fromisoformat(first[:10]).isoformat()
        except ValueError:
            pass  # a vague or odd source date: fall back to the event's
    end = row.date("date_end")
    return (end + dt.timedelta(days=PUBLISHED_AFTER_DAYS)).isoformat()


def _location(row: Row) -> tuple[str | None, list[str]]:
    """The place (where_coordinates when given, else where_description) and admin areas."""
    place = row.get("where_coordinates") or row.get("where_description")
    admin = [row.get(c) for c in ("adm_2", "adm_1")]
    extra = [row.get("where_description")] if row.get("where_coordinates") else []
    names = [n for n in (*admin, *extra) if n and n != place]
    return place or None, list(dict.fromkeys(names))


def _headlines(row: Row) -> list[str]:
    """UCDP separates the headlines of an event's several sources with semicolons."""
    return [h.strip() for h in row.get("source_headline").split(";") if h.strip()]


def row_item(row: Row, registry: Registry) -> DatasetItem:
    article = safe_id(f"ucdp-{row.get('id')}")
    date, date_end = coded_date(row)
    best = row.integer("best", default=0) or 0
    low = row.integer("low", default=best)
    high = row.integer("high", default=best)
    actors = merge_actors(
        [a for name in (row.get("side_a"), row.get("side_b"))
         if (a := gold_actor(name, registry)) is not None]
    )  # fmt: skip
    place, admin = _location(row)
    event = Event(
        kind=_kind(row),
        summary="; ".join(_headlines(row)),
        date=date,
        date_end=date_end,
        location=place,
        country=country_code(row.get("country"), registry),
        participants=[a.name for a in actors],
        fatalities=[FatalityClaim(count=best)] if best else [],
        evidence=_headlines(row),  # the article is the headlines
    )
    gold = Extraction(
        article=article,
        published=_published(row),
        language="en",
        complete=False,
        reference=ReferenceCoding(
            dataset="ucdp",
            event_id=row.get("id"),
            admin=admin,
            fatalities_low=low,
            fatalities_high=high,
        ),  # fmt: skip
        actors=actors,
        events=[event],
    )
    title = _headlines(row)[0]
    note = f"UCDP GED {row.get('id')} ({row.get('source_office') or 'no source given'})"
    text = "\n".join(_headlines(row))
    return DatasetItem(gold=gold, text=text + "\n", title=title, note=note)


def read_ucdp(path: Path, registry: Registry | None = None) -> tuple[list[DatasetItem], int]:
    """Every usable row of a UCDP GED export, and how many were skipped (no headline)."""
    registry = registry or load_registry()
    items: list[DatasetItem] = []
    seen: dict[str, int] = {}
    skipped = 0
    for row in read_rows(path, REQUIRED, "UCDP GED"):
        if not row.get("source_headline"):
            skipped += 1
            continue
        if not row.get("id"):
            raise row.fail("id", "empty")
        try:
            item = row_item(row, registry)
        except ValueError as exc:
            if isinstance(exc, FormatError):
                raise
            raise FormatError(f"{path}: row {row.number} (line {row.line}): {exc}") from None
        if item.id in seen:
            raise row.fail("id", f"{row.get('id')!r} repeats row {seen[item.id]}")
        seen[item.id] = row.number
        items.append(item)
    return items, skipped
