"""Terminal rendering of run records with rich: one extraction as tables, a batch summary."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from extractor.records import RunRecord
from extractor.schema import ITEM_TYPES

_STATUS_STYLE = {"exact": "green", "normalized": "green", "fuzzy": "yellow", "not_found": "red"}


def _grounding_marks(record: RunRecord) -> dict[str, str]:
    """item path (e.g. actors[0]) -> coloured marks, one per evidence quote."""
    marks: dict[str, list[str]] = {}
    for quote in record.grounding:
        item = quote.path.split(".evidence")[0]
        style = _STATUS_STYLE[quote.status]
        marks.setdefault(item, []).append(f"[{style}]{quote.status}[/]")
    return {item: " ".join(values) for item, values in marks.items()}


def print_record(console: Console, record: RunRecord, text: str = "") -> None:
    title = f"[bold]{record.article}[/]"
    if record.status != "ok" or record.extraction is None:
        console.print(f"{title}: [red]error[/] {record.error}", highlight=False)
        return
    ex = record.extraction
    marks = _grounding_marks(record)
    actors = Table(title=f"{title} — actors", title_justify="left", expand=True)
    for column in ("name", "aliases", "kind", "country", "evidence"):
        actors.add_column(column, overflow="fold")
    for i, a in enumerate(ex.actors):
        actors.add_row(
            a.name,
            ", ".join(a.aliases),
            a.kind,
            a.country or "",
            marks.get(f"actors[{i}]", "[red]none[/]"),
        )
    treaties = Table(title=f"{title} — treaties", title_justify="left", expand=True)
    for column in ("name", "kind", "status", "parties", "date", "evidence"):
        treaties.add_column(column, overflow="fold")
    for i, t in enumerate(ex.treaties):
        treaties.add_row(
            t.name,
            t.kind,
            t.status,
            ", ".join(t.parties),
            t.date or "",
            marks.get(f"treaties[{i}]", "[red]none[/]"),
        )
    events = Table(title=f"{title} — events", title_justify="left", expand=True)
    for column in ("kind", "date", "location", "participants", "fatalities", "evidence"):
        events.add_column(column, overflow="fold")
    for i, e in enumerate(ex.events):
        deaths = "; ".join(f"{c.count} {c.victims or ''}".strip() for c in e.fatalities)
        events.add_row(
            e.kind,
            e.date or "",
            e.location or "",
            ", ".join(e.participants),
            deaths,
            marks.get(f"events[{i}]", "[red]none[/]"),
        )
    for table in (actors, treaties, events):
        if table.row_count:  # an empty table says nothing the summary line does not
            console.print(table)
    found = sum(q.status != "not_found" for q in record.grounding)
    # The model-free backend uses no prompt: say what ran instead of a "?".
    ran = f"prompt {record.prompt.id}   " if record.prompt else ""
    console.print(
        f"evidence quotes found in the article: {found}/{len(record.grounding)}   "
        f"{ran}model {record.model}",
        highlight=False,
    )


_ROWS_SHOWN = 30  # past this, an archive run gets totals, not one row per article


def print_summary(console: Console, records: list[RunRecord], skipped: int = 0) -> None:
    if len(records) > _ROWS_SHOWN:
        _print_totals(console, records, skipped)
        return
    table = Table(title="summary", title_justify="left")
    for column in (
        "article",
        "status",
        "actors",
        "treaties",
        "events",
        "quotes found",
        "tokens",
        "retries",
        "seconds",
    ):
        table.add_column(column, justify="left" if column in ("article", "status") else "right")
    for r in records:
        ex = r.extraction
        found = sum(q.status != "not_found" for q in r.grounding)
        status = "[green]ok[/]" if r.status == "ok" else f"[red]error[/] {r.error or ''}"
        table.add_row(
            r.article, status,
            *(str(len(getattr(ex, t))) if ex else "-" for t in ITEM_TYPES),
            f"{found}/{len(r.grounding)}" if ex else "-",
            str(r.usage.total_tokens), str(r.retries), f"{r.latency_s:.1f}",
        )  # fmt: skip
    console.print(table)
    ok = sum(r.status == "ok" for r in records)
    line = f"{ok} ok, {len(records) - ok} failed"
    if skipped:
        line += f", {skipped} already done (skipped)"
    console.print(line, highlight=False)


def _print_totals(console: Console, records: list[RunRecord], skipped: int) -> None:
    ok = [r for r in records if r.status == "ok"]
    failed = [r for r in records if r.status != "ok"]
    table = Table(title="summary", title_justify="left")
    for column in ("articles", "ok", "failed", "skipped", "actors", "treaties", "events",
                   "tokens", "retries", "seconds (sum)"):  # fmt: skip
        table.add_column(column, justify="right")
    count = lambda kind: sum(len(getattr(r.extraction, kind)) for r in ok if r.extraction)  # noqa: E731
    table.add_row(
        str(len(records)), str(len(ok)), str(len(failed)), str(skipped),
        str(count("actors")), str(count("treaties")), str(count("events")),
        str(sum(r.usage.total_tokens for r in records)), str(sum(r.retries for r in records)),
        f"{sum(r.latency_s for r in records):.1f}",
    )  # fmt: skip
    console.print(table)
    for record in failed[:10]:
        console.print(f"[red]failed:[/] {record.article}: {record.error}", highlight=False)
    if len(failed) > 10:
        console.print(f"... and {len(failed) - 10} more failed (see the records)")
    line = f"{len(ok)} ok, {len(failed)} failed"
    if skipped:
        line += f", {skipped} already done (skipped)"
    console.print(line, highlight=False)


@contextlib.contextmanager
def progress(console: Console, total: int, enabled: bool) -> Iterator[Callable[[RunRecord], None]]:
    if not enabled:
        yield lambda record: None
        return
    bar = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
        TextColumn("[progress.data.speed]{task.fields[rate]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    )  # fmt: skip
    started = time.monotonic()
    done = 0
    with bar:
        task = bar.add_task("", total=total, rate="")

        def advance(record: RunRecord) -> None:
            nonlocal done
            done += 1
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task, advance=1, description=record.article, rate=f"{rate:.2f} art/s")

        yield advance
