"""`extractor score` and `extractor compare`: thin commands over the harness and compare.

`register(app)` adds them to the main typer app (extractor/cli/app.py calls it). Bad input ends
with one line on stderr naming the file and the problem, and exit status 1.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli.common import fail, out
from extractor.evaluation.compare import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    compare_reports,
    load_report,
)
from extractor.evaluation.compare_view import terminal_comparison
from extractor.evaluation.harness import HarnessError, load_texts, score_path
from extractor.evaluation.models import Report
from extractor.evaluation.report import (
    render_markdown,
    terminal_report,
    to_json,
    write_json,
    write_text,
)
from extractor.store import TargetError, check_target


def _fail(message: str) -> typer.Exit:
    return fail(message, code=1)  # the work ran and found bad input


def check_outputs(*paths: Path | None) -> None:
    """Refuse an unwritable output before any work (a device, a directory, a read-only place)."""
    for path in paths:
        if path is None:
            continue
        try:
            check_target(path)
        except TargetError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=2) from None


def _write(path: Path, text: str) -> None:
    try:
        write_text(path, text)
    except OSError as exc:
        raise _fail(f"{path}: cannot write: {exc.strerror or exc}") from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is built (a one-shot command).

    Scoring allocates tens of thousands of small objects; each burst triggers collections
    that rescan every live object, including all the loaded gold and predicted models, while
    scoring creates no cycles worth collecting: pausing cuts scoring time by about 40%
    (benchmarks/bench_scoring.py). What was allocated meanwhile is then frozen (gc.freeze),
    else the first collection after re-enabling would scan it all (a tenth of the scoring
    time); it holds no cycles, and reference counting still frees it. A command exits soon
    after, so nothing pays for the frozen objects later: that is why this lives in the CLI
    and not in the harness, which long-lived callers use.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _html_renderer() -> Callable[[Report, Mapping[str, str]], str] | None:
    """extractor.evaluation.html.render_html when that module exists, else None (it is optional)."""
    if importlib.util.find_spec("extractor.evaluation.html") is None:
        return None
    return importlib.import_module("extractor.evaluation.html").render_html


def score(
    predictions: Annotated[
        Path,
        typer.Argument(
            help="JSONL written by `extractor extract`, or a directory of "
            "gold-format YAML files (a second annotator's labels)."
        ),
    ],
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold YAML files.")] = Path(
        "gold"
    ),
    seeds: Annotated[
        Path, typer.Option("--seeds", help="Directory of article texts (<article>.txt).")
    ] = Path("seeds"),
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full JSON report here.")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Write a Markdown report here.")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Write an HTML report here (needs extractor/evaluation/html.py)."
        ),
    ] = None,
    only_predicted: Annotated[
        bool,
        typer.Option(
            "--only-predicted",
            help="Score only articles that have a prediction (default: every gold "
            "article; one without a prediction counts as all missed).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal tables.")] = False,
) -> None:
    """Score predictions against the gold labels, without calling any model."""
    check_outputs(json_out, markdown, html)
    if not predictions.exists():  # nothing could be done: exit 2, as for any missing input
        raise fail(
            f"{predictions}: predictions not found (a JSONL file or a gold-format directory)"
        )
    try:
        with paused_gc():
            report = score_path(predictions, gold, seeds, only_predicted=only_predicted)
    except HarnessError as exc:
        raise _fail(str(exc)) from None
    if not quiet:
        for shown in terminal_report(report):
            out.print(shown)
    if json_out:
        _write(json_out, to_json(report))
    if markdown:
        _write(markdown, render_markdown(report))
    if html:
        render_html = _html_renderer()
        if render_html is None:
            raise _fail(f"{html}: not written: the HTML renderer is not installed")
        texts = load_texts(seeds, report.article_ids())
        _write(html, render_html(report, texts))


def compare(
    a: Annotated[Path, typer.Argument(help="Baseline report (JSON from `score --json`).")],
    b: Annotated[Path, typer.Argument(help="Report to compare with the baseline.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the comparison as JSON here.")
    ] = None,
    resamples: Annotated[
        int, typer.Option(help="Bootstrap resamples for the F1-delta interval.")
    ] = BOOTSTRAP_RESAMPLES,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap generator.")] = BOOTSTRAP_SEED,
) -> None:
    """Metric deltas (B − A) per type and per article, items gained and lost, F1 interval."""
    check_outputs(json_out)
    try:
        cmp = compare_reports(load_report(a), load_report(b), resamples=resamples, seed=seed)
    except HarnessError as exc:
        raise _fail(str(exc)) from None
    for shown in terminal_comparison(cmp):
        out.print(shown)
    if json_out:
        try:
            write_json(cmp, json_out)
        except OSError as exc:
            raise _fail(f"{json_out}: cannot write: {exc.strerror or exc}") from None


def register(app: typer.Typer) -> None:
    """Add the `score` and `compare` commands to the main app."""
    app.command("score")(score)
    app.command("compare")(compare)
