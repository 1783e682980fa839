"""`extractor eval`: extract the seed articles (live, recorded or replayed) and score them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from extractor import backends, local
from extractor.backend import NAMES as BACKEND_NAMES
from extractor.cli.common import err, fail
from extractor.cli.common import out as stdout
from extractor.cli.score import check_outputs, paused_gc
from extractor.evaluation import baseline, runner, splits
from extractor.evaluation.harness import HarnessError, load_texts, score_records
from extractor.evaluation.models import Report
from extractor.evaluation.report import render_markdown, terminal_report, to_json, write_text
from extractor.prompts import DEFAULT_PROMPT, PromptError, load_prompt

# The recorded HTTP of the seed articles, beside the tests that replay it in CI.
CASSETTES = Path(__file__).resolve().parents[2] / "tests" / "cassettes" / "eval"


def _run(
    articles_dir: Path,
    gold_dir: Path,
    backend: str,
    prompt: str,
    base_url: str | None,
    model: str | None,
    mode: str | None,
    how: str,
    no_published: bool,
) -> tuple[Report, list]:
    """One data set extracted (model-free, or with the model live, recorded or replayed:
    `how`) and scored."""
    try:
        config = backends.config_from(base_url=base_url, model=model, mode=mode)
        load_prompt(prompt)
        articles = runner.load_articles(articles_dir, gold_dir)
        if no_published:
            articles = [a.model_copy(update={"published": None}) for a in articles]
        records = runner.run_extractions(
            articles, config, prompt, mode=how, cassettes=CASSETTES, backend=backend
        )
        with paused_gc():
            report = score_records(
                records, gold_dir, articles_dir, {"predictions": f"eval:{backend}"}
            )
    except (runner.EvalError, HarnessError, PromptError, backends.ConfigError) as error:
        raise fail(str(error)) from None
    except local.LocalModelUnavailable as error:
        raise fail(str(error)) from None
    return report, records


def print_summary_table(rows: list[list[str]], title: str) -> None:
    from rich.table import Table

    table = Table(title=f"extractor eval: {title}", title_justify="left")
    for column in splits.SUMMARY_HEADER:
        table.add_column(column, justify="left" if column in ("data", "figures") else "right")
    for row in rows:
        table.add_row(*row)
    stdout.print(table)


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
    split: Annotated[
        str,
        typer.Option(
            help="seeds (tuned on), dev (evals/corpus/dev, tuned on), test (evals/corpus/test, "
            "held out) or all (each scored and shown separately)."
        ),
    ] = "seeds",  # fmt: skip
    gold: Annotated[
        Path | None, typer.Option(help="Directory of gold YAML files (default: the split's).")
    ] = None,
    seeds: Annotated[
        Path | None, typer.Option(help="Directory of article texts (default: the split's).")
    ] = None,
    no_published: Annotated[
        bool,
        typer.Option(
            "--no-published",
            help="Hide every publication date, as a bare `extractor extract file.txt` runs.",
        ),
    ] = False,  # fmt: skip
    by_language: Annotated[
        bool, typer.Option("--by-language", help="Also score each language apart.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal tables.")] = False,
) -> None:
    """Extract a data set's articles and score them against its gold."""
    if backend not in BACKEND_NAMES:
        raise fail(f"--backend {backend!r}: choose llm, ner or candidates")
    if split not in (*splits.ALL, "all"):
        raise fail(f"--split {split!r}: choose seeds, dev, test or all")
    if split == "all" or by_language:
        if gold or seeds or record or update_baseline or markdown or html:
            raise fail("--split all and --by-language take no --gold, --seeds, --record, "
                        "--update-baseline, --markdown or --html")  # fmt: skip
        check_outputs(out)
        names = list(splits.ALL) if split == "all" else [split]
        rows = []
        reports: dict[str, Report] = {}
        for name in names:
            chosen = splits.SPLITS[name]
            report, records = _run(chosen.articles, chosen.gold, backend, prompt, base_url,
                                   model, mode, "replay" if replay else "live",
                                   no_published)  # fmt: skip
            reports[name] = report
            rows.append(splits.summary_row(name, chosen.role, report.model_dump(mode="json")))
            if by_language:
                for language in sorted({r.extraction.language or "?" for r in records
                                        if r.extraction}):  # fmt: skip
                    ids = [
                        r.article
                        for r in records
                        if r.extraction and (r.extraction.language or "?") == language
                    ]
                    part = score_records(
                        records,
                        chosen.gold,
                        chosen.articles,
                        {"predictions": f"eval:{backend}"},
                        articles=ids,
                    )
                    reports[f"{name}:{language}"] = part
                    rows.append(splits.summary_row(f"  {name} {language}", chosen.role,
                                                   part.model_dump(mode="json")))  # fmt: skip
        print_summary_table(
            rows, f"{backend}" + (" (no publication dates)" if no_published else "")
        )
        if out:
            dumped = {key: r.model_dump(mode="json") for key, r in reports.items()}
            write_text(out, json.dumps(dumped, indent=1, ensure_ascii=False) + "\n")
        return
    chosen = splits.SPLITS[split]
    gold, seeds = gold or chosen.gold, seeds or chosen.articles
    if record and replay:
        raise fail("--record and --replay exclude each other")
    if update_baseline and not (replay or backend != "llm"):
        raise fail(
            "--update-baseline needs --replay (or a model-free backend): only reproducible scores "
            "go in the baseline"
        )
    check_outputs(out, markdown, html)
    how = "replay" if replay else "record" if record else "live"
    report, records = _run(seeds, gold, backend, prompt, base_url, model, mode, how, no_published)
    if not quiet:
        for shown in terminal_report(report):
            stdout.print(shown)
    for path, text in ((out, lambda: to_json(report)), (markdown, lambda: render_markdown(report))):
        if path:
            write_text(path, text())
    if html:
        from extractor.evaluation.html import render_html

        texts = load_texts(seeds, report.article_ids())
        write_text(html, render_html(report, texts))
    if update_baseline:
        key = prompt if backend == "llm" else backend
        entry = baseline.update(key, report.model_dump(mode="json"))
        err.print(f"baseline for {key}: {json.dumps(entry['f1'])}", highlight=False)
    failed = [r.article for r in records if r.status != "ok"]
    if failed:
        # A failed extraction is part of the score (all its gold items count as missed),
        # not a failure of the eval itself.
        err.print(f"[yellow]{len(failed)} article(s) failed to extract:[/] {', '.join(failed)}")
