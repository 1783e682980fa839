"""`extractor gold ...`: check the gold files and keep gold/schema.json up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractor.goldcheck import (
    GOLD_DIR,
    SCHEMA_PATH,
    SEEDS_DIR,
    check_gold,
    gold_files,
    schema_json,
)
from extractor.store import write_atomic

gold_app = typer.Typer(
    help="Validate the hand-labelled gold files (gold/<article>.yaml) and their JSON Schema.",
    no_args_is_help=True,
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@gold_app.command("check")
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Gold files or directories of them; default: every gold/*.yaml, and every "
            "seeds/*.txt must have a gold file.",
            show_default=False,
        ),
    ] = None,
    gold_dir: Annotated[Path, typer.Option(help="Directory of the gold files.")] = GOLD_DIR,
    seeds_dir: Annotated[Path, typer.Option(help="Directory of the article texts.")] = SEEDS_DIR,
) -> None:
    """Check gold files: shape, grounded evidence, canonical references, dates."""
    for path in [*(paths or []), *([] if paths else [gold_dir, seeds_dir])]:
        if not path.exists():
            typer.echo(f"error: no such file or directory: {path}", err=True)
            raise typer.Exit(2)
    selected = list(paths) if paths else None
    problems = check_gold(selected, gold_dir=gold_dir, seeds_dir=seeds_dir)
    for problem in problems:
        typer.echo(str(problem))
    checked = len(gold_files(selected, gold_dir))
    typer.echo(f"{_plural(checked, 'file')} checked, {_plural(len(problems), 'problem')}")
    if problems:
        raise typer.Exit(1)


@gold_app.command("schema")
def schema(
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the JSON Schema.")
    ] = SCHEMA_PATH,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 if the file is missing or out of date."
        ),
    ] = False,
) -> None:
    """Write the JSON Schema of a gold file (the Extraction model)."""
    text = schema_json()
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    if check_only:
        if current != text:
            state = "missing" if current is None else "out of date"
            typer.echo(f"{out} is {state}; run `extractor gold schema --out {out}`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{out} is up to date")
        return
    if current == text:
        typer.echo(f"{out} is up to date")
        return
    write_atomic(out, text)
    typer.echo(f"wrote {out}")
