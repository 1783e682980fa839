"""An ACLED export (CSV, public column layout) -> articles and event-level partial gold.

Each row becomes one article (its `notes`, the coders' summary of the reports) and one gold
file listing that event and its named actors, flagged `complete: false`. The mappings
(event types to kinds, time_precision to date precision, the publication date) are
documented in docs/formats.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

from extractor.formats.actors import country_code, gold_actor, merge_actors, split_names
from extractor.formats.dataset import DatasetItem, safe_id
from extractor.formats.table import FormatError, Row, read_rows
from extractor.registry import Registry, load_registry
from extractor.schema import Event, EventKind, Extraction, FatalityClaim, ReferenceCoding

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "source", "notes",
    "fatalities",
)  # fmt: skip
# The columns a row cannot be turned into gold without; the others may be absent.
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country", "location",
            "notes", "fatalities")  # fmt: skip

# ACLED sub-event types (current scheme, since 2019) whose kind differs from their type's.
SUB_EVENT_KINDS: dict[str, EventKind] = {
    "agreement": "agreement",
    "non-violent transfer of territory": "territory_transfer",
    "change to group/activity": "defection",
    "excessive force against protesters": "violence_against_civilians",
}
# Event types, current and pre-2019 (the old scheme folded the battle outcome into the type).
EVENT_TYPE_KINDS: dict[str, EventKind] = {
    "battles": "battle",
    "explosions/remote violence": "remote_violence",
    "violence against civilians": "violence_against_civilians",
    "protests": "other",
    "riots": "other",
    "strategic developments": "other",
    "battle-no change of territory": "battle",
    "battle-government regains territory": "battle",
    "battle-non-state actor overtakes territory": "battle",
    "remote violence": "remote_violence",
    "riots/protests": "other",
    "strategic development": "other",
    "non-violent transfer of territory": "territory_transfer",
    "headquarters or base established": "other",
}

# ACLED does not record when its sources were published; the article is dated this many days
# after the event, so that the event lies in the article's past (as in a news report) and
# relative words the notes may use ("on Monday") resolve to the days just before.
PUBLISHED_AFTER_DAYS = 3
# A single coded toll becomes a band of +-25% (rounded outwards): sources on one event
# commonly differ by that much, and the coders pick one figure (usually the lowest).
FATALITY_BAND = 0.25


def event_kind(row: Row) -> EventKind:
    sub = row.get("sub_event_type").casefold()
    if sub in SUB_EVENT_KINDS:
        return SUB_EVENT_KINDS[sub]
    kind = EVENT_TYPE_KINDS.get(row.get("event_type").casefold())
    if kind is None:
        known = sorted(EVENT_TYPE_KINDS)
        raise row.fail("event_type", f"{row.get('event_type')!r} is not an ACLED event type "
                       f"(expected one of: {', '.join(known)})")  # fmt: skip
    return kind


def coded_date(row: Row) -> tuple[str, str | None, dt.date]:
    """(date, date_end, event day) at the precision time_precision gives.

    1: the day is known; 2: only the week (the day is taken as the middle of a seven-day
    range); 3: only the month (or coarser).
    """
    day = row.date("event_date")
    precision = row.integer("time_precision", default=1)
    if precision == 1:
        return day.isoformat(), None, day
    if precision == 2:
        start, end = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        return start.isoformat(), end.isoformat(), day
    if precision == 3:
        return day.strftime("%Y-%m"), None, day
    raise row.fail("time_precision", f"{row.get('time_precision')!r} is not 1, 2 or 3")


def fatality_band(count: int) -> tuple[int, int]:
    return math.floor(count * (1 - FATALITY_BAND)), math.ceil(count * (1 + FATALITY_BAND))


def _admin(row: Row) -> list[str]:
    names = [row.get(c) for c in ("admin3", "admin2", "admin1")]
    return list(dict.fromkeys(n for n in names if n and n != row.get("location")))


def _first_sentence(text: str, limit: int = 120) -> str:
    """A title from the text itself: ACLED has no headline, and a title made from the coding
    (type, place, date) would hand the answers to any prompt that shows titles."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def row_item(row: Row, registry: Registry) -> DatasetItem:
    """One ACLED row as an article and its partial gold; FormatError on a bad cell."""
    article = safe_id(f"acled-{row.get('event_id_cnty')}")
    date, date_end, day = coded_date(row)
    deaths = row.integer("fatalities", default=0) or 0
    sides = [
        (row.get("actor1"), row.get("inter1")),
        *((name, row.get("inter1")) for name in split_names(row.get("assoc_actor_1"))),
        (row.get("actor2"), row.get("inter2")),
        *((name, row.get("inter2")) for name in split_names(row.get("assoc_actor_2"))),
    ]
    actors = merge_actors(
        [a for name, inter in sides if (a := gold_actor(name, registry, inter)) is not None]
    )
    event = Event(
        kind=event_kind(row),
        summary=row.get("notes"),
        date=date,
        date_end=date_end,
        location=row.get("location") or None,
        country=country_code(row.get("country"), registry),
        participants=[a.name for a in actors],
        fatalities=[FatalityClaim(count=deaths)] if deaths else [],
        evidence=[row.get("notes")],  # the article is the notes: the quote is all of it
    )
    low, high = fatality_band(deaths)
    gold = Extraction(
        article=article,
        published=(day + dt.timedelta(days=PUBLISHED_AFTER_DAYS)).isoformat(),
        language="en",
        complete=False,
        reference=ReferenceCoding(
            dataset="acled",
            event_id=row.get("event_id_cnty"),
            admin=_admin(row),
            fatalities_low=low,
            fatalities_high=high,
        ),  # fmt: skip
        actors=actors,
        events=[event],
    )
    title = _first_sentence(row.get("notes"))
    note = (f"ACLED {row.get('event_id_cnty')} ({row.get('source') or 'no source given'}); "
            f"published = event date + {PUBLISHED_AFTER_DAYS} days (ACLED gives no publication "
            "date)")  # fmt: skip
    return DatasetItem(gold=gold, text=row.get("notes") + "\n", title=title, note=note)


def read_acled(path: Path, registry: Registry | None = None) -> tuple[list[DatasetItem], int]:
    """Every usable row of an ACLED export, and how many rows were skipped (no notes)."""
    registry = registry or load_registry()
    items: list[DatasetItem] = []
    seen: dict[str, int] = {}
    skipped = 0
    for row in read_rows(path, REQUIRED, "ACLED"):
        if not row.get("notes"):
            skipped += 1  # no text: nothing to extract from
            continue
        if not row.get("event_id_cnty"):
            raise row.fail("event_id_cnty", "empty")
        try:
            item = row_item(row, registry)
        except ValueError as exc:  # a pydantic error from a cell the checks above let through
            if isinstance(exc, FormatError):
                raise
            raise FormatError(f"{path}: row {row.number} (line {row.line}): {exc}") from None
        if item.id in seen:
            raise row.fail("event_id_cnty", f"{row.get('event_id_cnty')!r} repeats row "
                           f"{seen[item.id]}")  # fmt: skip
        seen[item.id] = row.number
        items.append(item)
    return items, skipped
