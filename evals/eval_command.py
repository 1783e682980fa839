"""`extractor eval`: extract the seed articles (live, recorded or replayed) and score them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from evals import baseline, runner
from evals.cli import check_outputs
from evals.harness import HarnessError, load_texts, score_records
from evals.report import print_report, render_markdown, to_json, write_text
from extractor import backends, local
from extractor.prompts import DEFAULT_PROMPT, PromptError, load_prompt

err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def eval_command(
    prompt: Annotated[str, typer.Option(help="Prompt template, name@version.")] = DEFAULT_PROMPT,
    model: Annotated[str | None, typer.Option(help="Model name [env: EXTRACTOR_MODEL].")] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="OpenAI-compatible endpoint [env: EXTRACTOR_BASE_URL]; unset: the bundled model."
        ),
    ] = None,  # fmt: skip
    mode: Annotated[str | None, typer.Option(help="How the schema is sent (see extract).")] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="llm: the prompt and model; ner: the actor candidate stage alone (registry "
            "+ NER, no model); candidates: every candidate stage alone (actors, rule-based "
            "treaties and events, no model)."
        ),
    ] = "llm",  # fmt: skip
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Call the model and save its HTTP exchanges as "
            "cassettes under tests/cassettes/eval/.",
        ),
    ] = False,  # fmt: skip
    replay: Annotated[
        bool, typer.Option("--replay", help="Answer every request from the cassettes, offline.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Write the JSON report here.")] = None,
    markdown: Annotated[Path | None, typer.Option(help="Write a Markdown report here.")] = None,
    html: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline",
            help="Store these metrics in "
            "evals/baseline.json (replay only: replay is deterministic).",
        ),
    ] = False,  # fmt: skip
    gold: Annotated[Path, typer.Option(help="Directory of gold YAML files.")] = Path("gold"),
    seeds: Annotated[Path, typer.Option(help="Directory of article texts.")] = Path("seeds"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal tables.")] = False,
) -> None:
    """Extract every seed article and score it against the gold."""
    if record and replay:
        raise _fail("--record and --replay exclude each other")
    if update_baseline and not (replay or backend != "llm"):
        raise _fail(
            "--update-baseline needs --replay (or a model-free backend): only reproducible scores "
            "go in the baseline"
        )
    if backend not in ("llm", "ner", "candidates"):
        raise _fail(f"--backend {backend!r}: choose llm, ner or candidates")
    check_outputs(out, markdown, html)
    try:
        config = backends.config_from(base_url=base_url, model=model, mode=mode)
        load_prompt(prompt)
        articles = runner.load_articles(seeds, gold)
        if backend != "llm":
            records = runner.ner_records(articles, with_events=backend == "candidates")
        else:
            kind = "replay" if replay else "record" if record else "live"
            records = runner.run_extractions(articles, config, prompt, mode=kind)
        report = score_records(records, gold, seeds, {"predictions": f"eval:{backend}"})
    except (runner.EvalError, HarnessError, PromptError, backends.ConfigError) as error:
        raise _fail(str(error)) from None
    except local.LocalModelUnavailable as error:
        raise _fail(str(error)) from None
    if not quiet:
        print_report(report)
    for path, text in ((out, lambda: to_json(report)), (markdown, lambda: render_markdown(report))):
        if path:
            write_text(path, text())
    if html:
        from evals.html import render_html

        texts = load_texts(seeds, [a["article"] for a in report["articles"]])  # type: ignore[index]
        write_text(html, render_html(report, texts))
    if update_baseline:
        key = prompt if backend == "llm" else backend
        entry = baseline.update(key, report)
        err.print(f"baseline for {key}: {json.dumps(entry['f1'])}", highlight=False)
    failed = [r.article for r in records if r.status != "ok"]
    if failed:
        # A failed extraction is part of the score (all its gold items count as missed),
        # not a failure of the eval itself.
        err.print(f"[yellow]{len(failed)} article(s) failed to extract:[/] {', '.join(failed)}")
