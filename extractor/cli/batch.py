"""`extractor batch prepare|submit|status|collect`: a run through a provider's Batch API.

    extractor batch prepare seeds/ --out batch/run.jsonl --model gpt-4o-mini
    extractor batch submit batch/run.jsonl            # uploads, creates the batch
    extractor batch status batch/run.jsonl --wait     # polls; downloads the output when done
    extractor batch collect batch/run.jsonl --out records.jsonl

Files beside the prepared JSONL: ``run.manifest.jsonl`` (prepare), ``run.batch.json`` (the
batch and file ids, submit), ``run.output.jsonl`` and ``run.errors.jsonl`` (status).
Without ``--base-url`` the batch goes to api.openai.com (OPENAI_API_KEY); any provider with
an OpenAI-compatible Batch API works with its URL.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from extractor import backends, pricing
from extractor.articles import BadArticle, InputError, collect_paths, read_article
from extractor.chunking import estimate_tokens
from extractor.cli.common import err, fail
from extractor.output import write_atomic
from extractor.prompts import DEFAULT_PROMPT, PromptError, load_prompt
from extractor.records import Usage
from extractor.schema import Article

app = typer.Typer(help="Run extraction through a provider's Batch API (half price, 24 h).",
                  no_args_is_help=True)  # fmt: skip
OPENAI_URL = "https://api.openai.com/v1"
TERMINAL = {"completed", "failed", "expired", "cancelled"}

Prepared = Annotated[Path, typer.Argument(help="The prepared batch JSONL.")]
BaseUrl = Annotated[
    str | None, typer.Option("--base-url", help=f"Batch API endpoint (default {OPENAI_URL}).")
]


def _state_path(prepared: Path) -> Path:
    return prepared.with_name(f"{prepared.stem}.batch.json")


def _client(base_url: str | None) -> tuple[backends.BackendConfig, object]:
    try:
        config = backends.config_from(base_url=base_url or OPENAI_URL)
        return config, backends.openai_client(config, config.base_url or OPENAI_URL)
    except (backends.ConfigError, ValueError) as error:
        raise fail(str(error)) from None


@app.command()
def prepare(
    paths: Annotated[list[Path], typer.Argument(help="Article .txt files or directories.")],
    out: Annotated[Path, typer.Option("--out", help="Batch JSONL to write.")],
    prompt: Annotated[str, typer.Option("--prompt")] = DEFAULT_PROMPT,
    base_url: BaseUrl = None,
    model: Annotated[str | None, typer.Option("--model")] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", help="json_schema_object, tools, json_schema, ...")
    ] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help="Requests for the bundled model (llama.cpp).")
    ] = False,
    published: Annotated[str | None, typer.Option(help="Publication date for all.")] = None,
) -> None:
    """Write the requests of a run as Batch API JSONL, one custom_id per article or chunk."""
    from extractor import batch  # openai and instructor: loaded for batch commands alone

    try:
        if bundled:  # not config_from: $EXTRACTOR_BASE_URL must not turn this into a remote
            config = backends.BackendConfig(model=model, mode=mode)
        else:
            config = backends.config_from(base_url=base_url or OPENAI_URL, model=model, mode=mode)
        template = load_prompt(prompt)
        files = collect_paths(paths)
    except (backends.ConfigError, PromptError, InputError, ValueError) as error:
        raise fail(str(error)) from None
    good: list[tuple[Article, str | None]] = []
    cache: dict = {}
    for path in files:
        loaded = read_article(path, published, cache)
        if isinstance(loaded, BadArticle):
            err.print(f"[red]skipped:[/] {loaded}", highlight=False, soft_wrap=True)
        else:
            good.append((loaded, str(path)))
    try:
        manifest = batch.prepare(good, config, template, out)
    except batch.BatchError as error:
        raise fail(str(error)) from None
    requests = sum(len(a.custom_ids) for a in manifest.articles)
    # A rough count (the whole request line, schema included), for the estimate only.
    tokens = sum(estimate_tokens(line) for line in out.read_text(encoding="utf-8").splitlines())
    cost = pricing.cost_of(
        config.effective_model,
        Usage(prompt_tokens=tokens, completion_tokens=requests * config.effective_max_tokens),
        batch=True,
    )
    estimate = "unknown (no price for this model)" if cost is None else f"at most ${cost:.2f}"
    err.print(
        f"{len(manifest.articles)} article(s), {requests} request(s) for {config.effective_model} "
        f"({config.effective_mode}) in {out}; ~{tokens:,} input tokens; batch cost {estimate}",
        highlight=False,
    )


@app.command()
def submit(
    prepared: Prepared,
    base_url: BaseUrl = None,
    window: Annotated[str, typer.Option("--completion-window")] = "24h",
) -> None:
    """Upload the prepared JSONL and create the batch (openai SDK: files, batches)."""
    from extractor import batch  # openai and instructor: loaded for batch commands alone

    if not prepared.is_file() or not batch.manifest_path(prepared).is_file():
        raise fail(f"{prepared}: no prepared batch (run: extractor batch prepare)")
    config, client = _client(base_url)
    with prepared.open("rb") as handle:
        uploaded = client.files.create(file=handle, purpose="batch")  # type: ignore[attr-defined]
    created = client.batches.create(  # type: ignore[attr-defined]
        input_file_id=uploaded.id, endpoint=batch.BATCH_URL, completion_window=window,
        metadata={"tool": "extractor", "prepared": prepared.name},
    )  # fmt: skip
    state = {"batch_id": created.id, "input_file_id": uploaded.id, "base_url": config.base_url}
    write_atomic(_state_path(prepared), json.dumps(state, indent=2) + "\n")
    err.print(f"batch {created.id} submitted ({created.status}); state in {_state_path(prepared)}")


@app.command()
def status(
    prepared: Prepared,
    wait: Annotated[bool, typer.Option("--wait", help="Poll until the batch ends.")] = False,
    every: Annotated[float, typer.Option("--every", help="Seconds between polls.")] = 60.0,
) -> None:
    """Show the batch's progress; when it has completed, download its output and errors."""
    state_file = _state_path(prepared)
    if not state_file.is_file():
        raise fail(f"{state_file}: not submitted (run: extractor batch submit {prepared})")
    state = json.loads(state_file.read_text())
    _, client = _client(state.get("base_url"))
    while True:
        job = client.batches.retrieve(state["batch_id"])  # type: ignore[attr-defined]
        counts = job.request_counts
        done = f"{counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
        err.print(f"batch {job.id}: {job.status} {done}", highlight=False)
        if job.status in TERMINAL or not wait:
            break
        time.sleep(every)
    for file_id, suffix in ((job.output_file_id, "output"), (job.error_file_id, "errors")):
        if file_id:
            target = prepared.with_name(f"{prepared.stem}.{suffix}.jsonl")
            content = client.files.content(file_id)  # type: ignore[attr-defined]
            write_atomic(target, content.text)
            err.print(f"{suffix} written to {target}")
    if job.status in TERMINAL - {"completed"}:
        raise typer.Exit(1)


@app.command()
def collect(
    prepared: Prepared,
    out: Annotated[Path, typer.Option("--out", help="JSONL of run records to write.")],
    output: Annotated[
        Path | None, typer.Option("--output", help="Batch output file (default: from status).")
    ] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Batch error file.")] = None,
) -> None:
    """Turn the batch output into run records: validated, grounded, salvaged as live."""
    from extractor import batch, batch_collect  # openai, instructor: for batch commands alone

    output = output or prepared.with_name(f"{prepared.stem}.output.jsonl")
    default_errors = prepared.with_name(f"{prepared.stem}.errors.jsonl")
    errors = errors or (default_errors if default_errors.is_file() else None)
    if not output.is_file():
        raise fail(f"{output}: no batch output (run: extractor batch status {prepared})")
    try:
        records = batch_collect.collect(prepared, output, errors)
    except (batch.BatchError, PromptError) as error:
        raise fail(str(error)) from None
    write_atomic(out, "".join(r.model_dump_json() + "\n" for r in records))
    failed = sum(r.status != "ok" for r in records)
    tokens = sum(r.usage.total_tokens for r in records)
    err.print(f"{len(records)} record(s), {failed} error(s), {tokens:,} tokens; written to {out}")
    if failed:
        raise typer.Exit(1)
