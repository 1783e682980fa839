"""Run records -> rows: events in ACLED's column layout, or actors/treaties/events as plain
CSV or JSONL rows (list values as JSON text, so a cell round-trips exactly).

docs/formats.md documents every column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from extractor.formats.acled import COLUMNS as ACLED_COLUMNS
from extractor.records import RunRecord
from extractor.registry import Registry, load_registry
from extractor.schema import Actor, Event, EventKind, Extraction, Treaty
from extractor.toll_total import event_toll

# Our kinds -> ACLED (event_type, sub_event_type). The sub-type is left empty where the kind
# does not tell it (a battle may or may not have changed who holds the territory).
ACLED_TYPES: dict[EventKind, tuple[str, str]] = {
    "battle": ("Battles", ""),
    "remote_violence": ("Explosions/Remote violence", ""),
    "violence_against_civilians": ("Violence against civilians", ""),
    "agreement": ("Strategic developments", "Agreement"),
    "territory_transfer": ("Strategic developments", "Non-violent transfer of territory"),
    "defection": ("Strategic developments", "Change to group/activity"),
    "meeting": ("Strategic developments", "Other"),
    "coup": ("Strategic developments", "Other"),
    "withdrawal": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}
# ACLED's time_precision: 1 the day is known, 3 only the month (or coarser).
TIME_PRECISION = {"day": "1", "month": "3", "year": "3"}
EXTRA_COLUMNS = (
    "article", "event_index", "kind", "date", "date_precision", "date_end", "participants",
    "evidence", "evidence_offsets", "alignment", "fatality_claims", "prompt", "model",
)  # fmt: skip
ACLED_HEADER = (*ACLED_COLUMNS, *EXTRA_COLUMNS)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def ok_extractions(records: Iterable[RunRecord]) -> Iterator[tuple[RunRecord, Extraction]]:
    for record in records:
        if record.status == "ok" and record.extraction is not None:
            yield record, record.extraction


class _Names:
    """Our actor names -> ACLED's names (the registry's ACLED-name field) and country names."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.countries = {e.country: e.name for e in registry.entries if e.kind == "state"}

    def acled(self, name: str, extraction: Extraction) -> str:
        actor = extraction.actor_named(name)
        for candidate in actor.all_names() if actor else [name]:
            entry = self.registry.entry(candidate)
            if entry is not None:
                acled = getattr(entry, "acled", ())  # ACLED's names, when the registry has them
                return acled[0] if acled else name
        return name

    def country(self, code: str | None) -> str:
        return self.countries.get(code, code or "") if code else ""


def _event_date(event: Event) -> tuple[str, str, str]:
    """ACLED's event_date, year and time_precision (a month or year is dated to its start)."""
    if not event.date:
        return "", "", ""
    parts = event.date.split("-")
    day = "-".join(parts + ["01"] * (3 - len(parts)))
    return day, parts[0], TIME_PRECISION[event.date_precision or "day"]


def _grounding(record: RunRecord, index: int) -> tuple[list[str], list[str]]:
    prefix = f"events[{index}]."
    offsets: list[str] = []
    statuses: list[str] = []
    for a in record.grounding:
        if a.path.startswith(prefix):
            offsets.append(f"{a.start}-{a.end}" if a.start is not None else "")
            statuses.append(a.status)
    return offsets, statuses


def acled_rows(records: Iterable[RunRecord], registry: Registry | None = None) -> Iterator[dict]:
    """One row per event, ACLED's columns then ours (EXTRA_COLUMNS)."""
    names = _Names(registry or load_registry())
    for record, extraction in ok_extractions(records):
        for i, event in enumerate(extraction.events):
            acled = [names.acled(p, extraction) for p in event.participants]
            event_type, sub_type = ACLED_TYPES[event.kind]
            day, year, precision = _event_date(event)
            offsets, statuses = _grounding(record, i)
            row = dict.fromkeys(ACLED_HEADER, "")
            row.update(
                event_id_cnty=f"{record.article}#{i}", event_date=day, year=year,
                time_precision=precision, event_type=event_type, sub_event_type=sub_type,
                actor1=acled[0] if acled else "", actor2=acled[1] if len(acled) > 1 else "",
                assoc_actor_1="; ".join(acled[2:]), country=names.country(event.country),
                location=event.location or "", source=record.source or record.article,
                notes=event.summary, fatalities=_acled_toll(event),
                article=record.article, event_index=str(i), kind=event.kind,
                date=event.date or "", date_precision=event.date_precision or "",
                date_end=event.date_end or "", participants=_json(event.participants),
                evidence=_json(event.evidence), evidence_offsets=_json(offsets),
                alignment=_json(statuses),
                fatality_claims=_json([c.model_dump(mode="json") for c in event.fatalities]),
                prompt=record.prompt.id if record.prompt else "", model=record.model or "",
            )  # fmt: skip
            yield row


def _acled_toll(event: Event) -> str:
    """ACLED's one number: every side's deaths added up, the most conservative claim for each
    (`toll_total.event_toll`). Every claim, with who made it, is in fatality_claims."""
    return str(event_toll(event.fatalities))


def item_rows(records: Iterable[RunRecord], item_type: str) -> Iterator[dict[str, Any]]:
    """One flat row per actor, treaty or event: article, index, then the item's fields."""
    for record, extraction in ok_extractions(records):
        for i, item in enumerate(getattr(extraction, item_type)):
            row: dict[str, Any] = {"article": record.article, "index": i}
            row.update(item.model_dump(mode="json"))
            row.update(prompt=record.prompt.id if record.prompt else None, model=record.model)
            yield row


_MODELS: dict[str, type[BaseModel]] = {"actors": Actor, "treaties": Treaty, "events": Event}


def item_header(item_type: str) -> list[str]:
    return ["article", "index", *_MODELS[item_type].model_fields, "prompt", "model"]


def to_csv(header: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    """CSV text (RFC 4180 quoting, CRLF rows) with a byte-order mark so spreadsheets read UTF-8;
    list and mapping values are written as JSON."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=list(header), quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


# A cell a spreadsheet would run as a formula: article text is untrusted, and a quote that
# opens with "=HYPERLINK(" must stay text. The leading apostrophe is what spreadsheets
# themselves use for "this is text" (OWASP's CSV injection advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return _json(value)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_jsonl(records: Iterable[RunRecord], item_types: Iterable[str]) -> str:
    lines = []
    for item_type in item_types:
        for row in item_rows(records, item_type):
            lines.append(_json({"type": item_type, **row}))
    return "".join(line + "\n" for line in lines)
