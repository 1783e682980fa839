"""The `extract` command: articles through a backend, to records on disk or tables."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from extractor import backends
from extractor.articles import BadArticle, InputError, collect_paths, read_article
from extractor.backend import Backend, choose, extract_all
from extractor.cli.common import err, fail, out
from extractor.cli.options import (
    BaseUrl,
    Mode,
    Model,
    PromptOpt,
    backend_config,
    check_date,
    configure_logging,
    enter_backend,
)
from extractor.cli.view import print_record, print_summary, progress
from extractor.failures import FatalEndpointError
from extractor.output import OutputError, RecordWriter
from extractor.pricing import Budget, PriceError, load_prices
from extractor.prompts import DEFAULT_PROMPT, PromptError, load_prompt
from extractor.records import RunRecord
from extractor.schema import Article
from extractor.store import TargetError

BACKENDS = ("auto", "candidates", "llm")  # what `extract --backend` offers


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article .txt files or directories.")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write one JSON record per article (JSONL); an existing file is resumed."
        ),
    ] = None,  # fmt: skip
    prompt: PromptOpt = DEFAULT_PROMPT,
    published: Annotated[
        str | None, typer.Option(help="Publication date for all articles, YYYY-MM-DD.")
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            "--backend",
            help="candidates: the candidate stages alone, no model (fast; the offline default); "
            "llm: the prompt and a model (--base-url, else the bundled model); auto: llm when "
            "an endpoint is configured, else candidates.",
        ),
    ] = "auto",  # fmt: skip
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Articles in flight.")] = 1,
    base_url: BaseUrl = None,
    model: Model = None,
    mode: Mode = None,
    context_tokens: Annotated[
        int | None,
        typer.Option(
            "--context-tokens",
            min=256,
            help="The endpoint's context size, when it does not say [env: "
            "EXTRACTOR_CONTEXT_TOKENS]; learned from the server (llama.cpp, vLLM) or from its "
            "error otherwise.",
        ),
    ] = None,  # fmt: skip
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for one answer.")
    ] = 600.0,
    answer_tokens: Annotated[
        int | None,
        typer.Option(
            "--answer-tokens",
            min=1,
            help="Longest answer, in tokens (default: 1024 "
            "for the bundled model, 4096 elsewhere, at most a quarter of the context).",
        ),
    ] = None,  # fmt: skip
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            min=0,
            help="Stop starting articles once this many USD "
            "are spent (prices: extractor/data/prices.yaml, or --prices).",
        ),
    ] = None,  # fmt: skip
    max_tokens: Annotated[
        int | None,
        typer.Option(
            "--max-tokens",
            min=1,
            help="Stop starting articles once this many "
            "tokens (prompt + answer, every attempt) are used.",
        ),
    ] = None,  # fmt: skip
    prices: Annotated[
        Path | None,
        typer.Option(
            "--prices",
            help="Price table overriding the bundled one, model by model [env: EXTRACTOR_PRICES].",
        ),
    ] = None,  # fmt: skip
    use_cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Serve unchanged deterministic requests from "
            "the response cache (a re-run of an archive pays once).",
        ),
    ] = True,  # fmt: skip
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Response cache directory [env: EXTRACTOR_CACHE_DIR; "
            "default: ~/.cache/extractor].",
        ),
    ] = None,  # fmt: skip
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: this machine; ray: a Ray cluster (pip install "
            "'.[ray]'; --ray-address, else a local Ray instance).",
        ),
    ] = "local",  # fmt: skip
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster address, e.g. auto.")
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Ignore records already in --out.")
    ] = False,
    show: Annotated[
        bool | None,
        typer.Option(
            "--show/--no-show",
            help="Print each extraction as tables (default: when one article and no --out).",
        ),
    ] = None,  # fmt: skip
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Extract actors, treaties and events from articles."""
    configure_logging(verbose)
    check_date(published)
    if backend not in BACKENDS:
        raise fail(f"--backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if engine not in ("local", "ray"):
        raise fail(f"--engine {engine!r}: choose local or ray")
    overrides: dict[str, object] = {"timeout_s": timeout, "cache": use_cache}
    if cache_dir:
        overrides["cache_dir"] = str(cache_dir)
    if answer_tokens:
        overrides["max_tokens"] = answer_tokens
    if context_tokens:
        overrides["context_tokens"] = context_tokens
    config = backend_config(base_url, model, mode, **overrides)
    configure_logging(verbose, config)
    chosen = choose(backend, config)
    use_model = chosen == "llm"
    try:
        load_prompt(prompt)  # a bad --prompt fails before any file is touched
        budget = Budget(max_cost, max_tokens, prices=load_prices(prices))
    except (PromptError, PriceError) as error:
        raise fail(str(error)) from None
    try:
        files = collect_paths(paths)
        cache: dict = {}
        loaded = [read_article(f, published, cache) for f in files]
    except InputError as error:
        raise fail(str(error)) from None
    good = [a for a in loaded if isinstance(a, Article)]
    bad = [a for a in loaded if isinstance(a, BadArticle)]
    for problem in bad:
        err.print(f"[red]error:[/] {problem}", highlight=False, soft_wrap=True)
    try:
        # Checked before any work: a target that cannot be written must not cost model time.
        writer = RecordWriter(out_file, resume=not restart) if out_file else None
    except (OutputError, TargetError, OSError) as error:
        raise fail(str(error)) from None
    records: list[RunRecord] = []
    fatal: str | None = None
    opened: Backend | None = None
    with contextlib.ExitStack() as stack:
        if writer:
            stack.enter_context(writer)
        skipped = [a for a in good if writer and a.id in writer.done]
        todo = [a for a in good if not (writer and a.id in writer.done)]
        if skipped:
            err.print(
                f"resuming {out_file}: {len(skipped)} article(s) already done, kept as they "
                "were made (--restart redoes them with these settings)",
                highlight=False,
            )
        for problem in bad:
            record = RunRecord(article=problem.id, source=str(problem.path), status="error",
                               error=problem.problem)  # fmt: skip
            records.append(record)
            if writer:
                writer.write(record)
        if not todo and not records:
            err.print("nothing to do")
        if todo:
            sources = {
                a.id: str(f) for a, f in zip(loaded, files, strict=True) if isinstance(a, Article)
            }
            if engine == "ray":
                results = _ray_results(todo, config, prompt, not use_model, concurrency,
                                       ray_address)  # fmt: skip
            else:
                opened = enter_backend(stack, chosen, config, prompt)
                try:
                    if opened.model:
                        budget.check(opened.model)
                except PriceError as error:
                    raise fail(str(error)) from None
                results = extract_all(opened, todo, concurrency, stop=lambda: budget.exhausted)
            with progress(err, total=len(todo), enabled=len(todo) > 1) as advance:
                try:
                    for record in results:
                        record.source = sources.get(record.article)
                        if use_model:
                            record.cost_usd = budget.add(record.model, record.usage)
                        records.append(record)
                        if writer:
                            writer.write(record)
                        if record.status != "ok":
                            err.print(f"[red]failed:[/] {record.article}: {record.error}",
                                      highlight=False, soft_wrap=True)  # fmt: skip
                        advance(record)
                except FatalEndpointError as error:
                    fatal = str(error)
    stopped = budget.reason if budget.exhausted and len(records) < len(bad) + len(todo) else None
    if opened is not None and opened.cache_stats is not None and use_cache:
        stats = opened.cache_stats
        err.print(f"[dim]response cache: {stats.hits} answered from the cache, {stats.misses} "
                  "asked[/]")  # fmt: skip
    if fatal:
        kept = (
            f"; {sum(r.status == 'ok' for r in records)} finished record(s) kept" if writer else ""
        )
        raise fail(f"{fatal}{kept}")
    if show or (show is None and out_file is None and len(records) == 1):
        texts = {a.id: a.text for a in good}
        for record in records:
            print_record(out, record, texts.get(record.article, ""))
    print_summary(out, records, skipped=len(skipped))
    if out_file:
        err.print(f"[dim]records written to {out_file}[/]")
    if budget.cost or budget.tokens:
        err.print(f"[dim]spent: {budget.tokens:,} tokens, ${budget.cost:.4f}[/]")
    if stopped:
        left = len(bad) + len(todo) - len(records)
        err.print(
            f"[yellow]stopped:[/] {stopped}; {left} article(s) not started"
            + (f" (run again with --out {out_file} to go on)" if out_file else "")
        )
        raise typer.Exit(1)
    if bad and not good:
        raise typer.Exit(2)  # nothing could be done: every input was unusable
    if any(r.status != "ok" for r in records):
        raise typer.Exit(1)


def _ray_results(
    articles: list[Article],
    config: backends.BackendConfig,
    prompt: str,
    model_free: bool,
    workers: int,
    address: str | None,
) -> Iterator[RunRecord]:
    try:
        import ray  # noqa: F401 - the optional extra

        from extractor.ray_engine import extract_with_ray
    except ImportError:
        raise fail("--engine ray needs the ray extra: pip install -e '.[ray]'") from None
    yield from extract_with_ray(articles, config, prompt, model_free=model_free,
                                num_workers=workers, address=address)  # fmt: skip
