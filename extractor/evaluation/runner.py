"""`extractor eval`: extract every article of a data set, then score it against the gold.

The articles go through one backend (extractor.backend): the model-free candidate stages,
or the model, whose answers come three ways:

- live: call the configured endpoint (or the bundled model);
- record: the same, saving each article's HTTP exchange as a cassette under the cassette
  directory given (the CLI's default: tests/cassettes/eval), see extractor.recording;
- replay: serve every request from those cassettes, network blocked; a changed prompt,
  schema or parameter shows up as "not recorded", never as a stale answer.

A replayed run reports the recorded latencies, so its metrics are byte-identical run to run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from extractor import backends
from extractor.articles import read_article
from extractor.backend import open_backend
from extractor.recording import CassetteError, Cassettes
from extractor.records import RunRecord
from extractor.schema import Article

log = logging.getLogger(__name__)

MODES = ("live", "record", "replay")


class EvalError(RuntimeError):
    """The eval cannot run as asked (e.g. a recording is missing); one line, for the CLI."""


def load_articles(seeds_dir: Path, gold_dir: Path) -> list[Article]:
    """The seed articles that have a gold file, in id order."""
    gold_ids = {p.stem for p in gold_dir.glob("*.yaml")}
    if not gold_ids:
        raise EvalError(f"{gold_dir}: no gold files")
    articles = []
    for article_id in sorted(gold_ids):
        path = seeds_dir / f"{article_id}.txt"
        if not path.is_file():
            raise EvalError(f"{path}: article of gold file {gold_dir / article_id}.yaml is missing")
        article = read_article(path, cache={})
        if not isinstance(article, Article):
            raise EvalError(str(article))
        articles.append(article)
    return articles


def run_extractions(
    articles: list[Article],
    config: backends.BackendConfig,
    prompt_id: str,
    mode: str = "live",
    cassettes: Path | None = None,
    on_record: Callable[[RunRecord], None] | None = None,
    backend: str = "llm",
) -> list[RunRecord]:
    """Records for every article from `backend`: for the model, live, recorded
    (mode="record") or replayed (mode="replay") with the cassettes under `cassettes`."""
    if mode not in MODES:
        raise EvalError(f"mode {mode!r}: choose one of {', '.join(MODES)}")
    recorded = None
    if mode != "live":
        if cassettes is None:
            raise EvalError(f"mode {mode}: no cassette directory given")
        recorded = Cassettes(cassettes, mode)  # type: ignore[arg-type]
    records: list[RunRecord] = []
    try:
        with open_backend(backend, config, prompt_id, recorded) as chosen:
            for article in articles:
                record = chosen.extract(article)
                records.append(record)
                if on_record:
                    on_record(record)
    except CassetteError as error:
        raise EvalError(str(error)) from None
    return records
