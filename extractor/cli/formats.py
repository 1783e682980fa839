"""`extractor dataset from-acled|from-ucdp`, `extractor export` and `extractor consolidate`.

Thin typer commands over extractor/formats and extractor/consolidate.py; `register(app)`
adds them to the main app. Bad input ends with one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli.common import err, fail
from extractor.formats.dataset import DatasetItem, write_dataset
from extractor.formats.table import FormatError
from extractor.output import OutputError, read_records, write_atomic
from extractor.records import RunRecord
from extractor.schema import ITEM_TYPES
from extractor.store import TargetError, check_target

dataset_app = typer.Typer(
    help="Turn an ACLED or UCDP GED export into an evaluation set (articles + partial gold).",
    no_args_is_help=True,
)


Export = Annotated[Path, typer.Argument(help="The export, CSV in the dataset's public layout.")]
OutDir = Annotated[
    Path, typer.Option("--out", help="Directory to create: DIR/articles/ and DIR/gold/.")
]
Force = Annotated[bool, typer.Option("--force", help="Replace DIR if it exists.")]


def _make_dataset(
    read: Callable[[Path], tuple[list[DatasetItem], int]], export: Path, out: Path, force: bool
) -> None:
    try:
        items, skipped = read(export)
        if not items:
            raise FormatError(f"{export}: no rows with text to turn into articles")
        write_dataset(items, out, origin=export.name, replace=force)
    except FormatError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    note = f" ({skipped} row(s) without text skipped)" if skipped else ""
    err.print(f"{len(items)} article(s) and partial gold written to {out}{note}", highlight=False)
    err.print(
        f"[dim]next: extractor extract {out}/articles --out run.jsonl; "
        f"extractor score run.jsonl --gold {out}/gold --seeds {out}/articles[/]",
        highlight=False,
    )


@dataset_app.command("from-acled")
def from_acled(export: Export, out: OutDir, force: Force = False) -> None:
    """An ACLED export -> one article per event (its notes) and event-level partial gold."""
    from extractor.formats.acled import read_acled

    _make_dataset(read_acled, export, out, force)


@dataset_app.command("from-ucdp")
def from_ucdp(export: Export, out: OutDir, force: Force = False) -> None:
    """A UCDP GED export -> one article per event (its source headlines) and partial gold."""
    from extractor.formats.ucdp import read_ucdp

    _make_dataset(read_ucdp, export, out, force)


def _records(path: Path) -> list[RunRecord]:
    if not path.is_file():
        raise fail(f"{path}: no such run file (JSONL written by `extractor extract --out`)")
    try:
        return read_records(path, tolerate_torn_tail=False)
    except OutputError as exc:
        raise fail(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{path}: cannot read: {exc}") from None


class Format(str, Enum):
    acled_csv = "acled-csv"
    csv = "csv"
    jsonl = "jsonl"


class Items(str, Enum):
    events = "events"
    actors = "actors"
    treaties = "treaties"
    all = "all"


def export(
    run: Annotated[Path, typer.Argument(help="Run records (JSONL from `extractor extract`).")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="acled-csv: events in ACLED's columns then ours; csv: "
            "one row per item of --items; jsonl: one JSON object per item.",
        ),
    ] = Format.acled_csv,  # fmt: skip
    items: Annotated[
        Items,
        typer.Option("--items", help="Which items (csv and jsonl); `all` only with jsonl."),
    ] = Items.events,
) -> None:
    """Write a run's events (or actors, treaties) as ACLED-layout CSV, plain CSV or JSONL."""
    from extractor.formats import export as rows

    _check_out(out)
    records = _records(run)
    if fmt is Format.acled_csv:
        if items is not Items.events:
            raise fail("--format acled-csv writes events only; drop --items")
        text = rows.to_csv(rows.ACLED_HEADER, rows.acled_rows(records))
    elif fmt is Format.csv:
        if items is Items.all:
            raise fail("a CSV holds one item type: choose --items events, actors or treaties")
        text = rows.to_csv(rows.item_header(items.value), rows.item_rows(records, items.value))
    else:
        chosen = ITEM_TYPES if items is Items.all else (items.value,)
        text = rows.to_jsonl(records, chosen)
    _write(out, text)
    err.print(f"wrote {out} ({fmt.value}, {items.value})", highlight=False)


def consolidate(
    runs: Annotated[list[Path], typer.Argument(help="Run records (JSONL), one or more files.")],
    out: Annotated[Path, typer.Option("--out", help="JSONL: one happening per line.")],
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="Gold directory: score the merge against --happenings."),
    ] = None,
    happenings: Annotated[
        Path | None,
        typer.Option(
            "--happenings",
            help="Hand-labelled groups of gold events that are one "
            "happening [default: evals/seed_happenings.yaml].",
        ),
    ] = None,  # fmt: skip
    score_json: Annotated[
        Path | None, typer.Option("--score-json", help="Write the merge scores here (JSON).")
    ] = None,
) -> None:
    """Merge events across articles into one record per happening, keeping every source."""
    from extractor.consolidate import consolidate as merge

    _check_out(out, *([score_json] if score_json else []))
    named = [(str(path), _records(path)) for path in runs]
    happened, events, groups = merge(named)
    text = "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in happened)
    _write(out, text)
    merged = sum(1 for h in happened if h["articles"] > 1)
    err.print(f"{len(events)} event(s) -> {len(happened)} happening(s), {merged} reported by "
              f"more than one article; written to {out}", highlight=False)  # fmt: skip
    if gold is None:
        return
    from extractor.evaluation.consolidation import (
        DEFAULT_HAPPENINGS,
        load_happenings,
        score_consolidation,
    )
    from extractor.evaluation.harness import HarnessError, load_gold

    try:
        scores = score_consolidation(
            events, groups, load_gold(gold), load_happenings(happenings or DEFAULT_HAPPENINGS)
        )
    except HarnessError as exc:
        raise fail(str(exc)) from None
    pairs = scores["pairs"]
    typer.echo(
        f"merge pairs: precision {pairs['precision']:.3f} ({pairs['correct']}/{pairs['merged']}), "
        f"recall {pairs['recall']:.3f} ({pairs['correct']}/{pairs['same']}), "
        f"F1 {pairs['f1']:.3f}; {scores['paired_with_gold']}/{scores['events']} events paired "
        "with a gold event"
    )
    for pair in scores["false_merges"]:
        typer.echo(f"  false merge: {pair}")
    for pair in scores["missed_merges"]:
        typer.echo(f"  missed merge: {pair}")
    if score_json:
        _write(score_json, json.dumps(scores, indent=2, ensure_ascii=False) + "\n")


def _write(out: Path, text: str) -> None:
    """Write an output atomically; a failure is one line and exit 2."""
    try:
        write_atomic(out, text)
    except TargetError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None


def _check_out(*paths: Path) -> None:
    """Refuse an output that cannot be written before any work (one line, exit 2)."""
    for path in paths:
        try:
            check_target(path)
        except TargetError as exc:
            raise fail(str(exc)) from None


def register(app: typer.Typer) -> None:
    """Add `dataset`, `export` and `consolidate` to the main app."""
    app.add_typer(dataset_app, name="dataset")
    app.command("export")(export)
    app.command("consolidate")(consolidate)
