"""Terminal rendering of run records with rich: one extraction as tables, a batch summary."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extractor.records import RunRecord

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
        console.print(table)
    found = sum(q.status != "not_found" for q in record.grounding)
    console.print(
        f"evidence quotes found in the article: {found}/{len(record.grounding)}   "
        f"prompt {record.prompt.id if record.prompt else '?'}   model {record.model}",
        highlight=False,
    )


def print_summary(console: Console, records: list[RunRecord], skipped: int = 0) -> None:
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
            *(str(len(getattr(ex, t))) if ex else "-" for t in ("actors", "treaties", "events")),
            f"{found}/{len(r.grounding)}" if ex else "-",
            str(r.usage.total_tokens), str(r.retries), f"{r.latency_s:.1f}",
        )  # fmt: skip
    console.print(table)
    ok = sum(r.status == "ok" for r in records)
    line = f"{ok} ok, {len(records) - ok} failed"
    if skipped:
        line += f", {skipped} already done (skipped)"
    console.print(line, highlight=False)


@contextlib.contextmanager
def progress(console: Console, total: int, enabled: bool) -> Iterator[Callable[[RunRecord], None]]:
    if not enabled:
        yield lambda record: None
        return
    bar = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    )  # fmt: skip
    with bar:
        task = bar.add_task("", total=total)
        yield lambda record: bar.update(task, advance=1, description=record.article)
