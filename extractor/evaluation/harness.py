"""Predictions x gold -> the `Report` (extractor/evaluation/models.py).

The dataset is every gold article (an article with no prediction is scored as "missing": all
its gold items are missed) unless ``articles`` names the ones to score. Who made the
predictions is said by a `Source`: a run (its records give the model, prompt and usage) or an
annotator (a directory of gold-format YAML files: annotator agreement).

Scoring allocates many small objects; the CLI pauses the cyclic garbage collector around it
(extractor/cli/score.py, `paused_gc`), which this module leaves to its caller.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from extractor.evaluation.loading import (
    HarnessError,
    Prediction,
    load_extraction,
    load_gold,
    load_records,
    load_texts,
    load_yaml_dir,
    predictions_from_records,
    predictions_from_yaml,
)
from extractor.evaluation.matching import THRESHOLDS
from extractor.evaluation.metrics import run_totals
from extractor.evaluation.models import SCHEMA_VERSION, Report, ReportConfig, RunTotals
from extractor.evaluation.outcomes import ground_items, score_article
from extractor.evaluation.summary import summarise
from extractor.records import RunRecord
from extractor.schema import Extraction

__all__ = [  # the loaders are re-exported: callers score and load through one module
    "HarnessError", "Prediction", "Source", "git_commit", "ground_items", "load_extraction",
    "load_gold", "load_records", "load_texts", "load_yaml_dir", "predictions_from_records",
    "predictions_from_yaml", "score_dataset", "score_path", "score_records",
]  # fmt: skip


@dataclass(frozen=True)
class Source:
    """Who made the predictions: a run of the extractor, or a human annotator."""

    kind: Literal["run", "annotator"]
    records: tuple[RunRecord, ...] = ()

    @classmethod
    def run(cls, records: Iterable[RunRecord]) -> Source:
        return cls("run", tuple(records))

    @classmethod
    def annotator(cls) -> Source:
        return cls("annotator")

    def totals(self, predictions: int) -> RunTotals:
        """Usage summed over the run; an annotator has none, only the articles labelled."""
        if self.kind == "run":
            return run_totals(self.records)
        totals = run_totals([])
        totals.articles = predictions
        return totals


def score_dataset(
    gold: Mapping[str, Extraction],
    predictions: Sequence[Prediction],
    texts: Mapping[str, str],
    *,
    source: Source,
    articles: Iterable[str] | None = None,
    config: Mapping[str, Any] | None = None,
) -> Report:
    """The report for in-memory gold and predictions (no file access but git).

    ``articles`` restricts the scored set (default: every gold article). ``config`` labels
    the report (predictions, gold_dir, ...) and overrides what is derived from the source.
    """
    config = dict(config or {})
    if "articles" in config:
        raise ValueError("restrict the scored articles with articles=, not config")
    gold_dir = config.get("gold_dir", "gold")
    by_article: dict[str, Prediction] = {}
    for p in predictions:
        if p.article not in gold:
            raise HarnessError(
                f"{p.source}: article {p.article} has no gold file "
                f"(expected {gold_dir}/{p.article}.yaml)"
            )
        by_article[p.article] = p
    scored = sorted(gold) if articles is None else sorted(articles)
    for a in scored:
        if a not in gold:
            raise HarnessError(f"article {a} has no gold file in {gold_dir}")
    results = [score_article(gold[a], by_article.get(a), texts.get(a)) for a in scored]
    if articles is not None:
        config["articles"] = scored
    return Report(
        schema_version=SCHEMA_VERSION,
        config=_report_config(config, source),
        metrics=summarise(results, source.totals(len(predictions))),
        articles=results,
    )


def _most_common(values: Iterable[object]) -> object:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _report_config(config: Mapping[str, Any], source: Source) -> ReportConfig:
    records = source.records
    out: dict[str, Any] = {
        "predictions": None,
        "gold_dir": None,
        "model": None,
        "endpoint_kind": "annotator" if source.kind == "annotator" else None,
        "prompt": None,
        "git_commit": None,
        "created": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "thresholds": THRESHOLDS,
    }
    if source.kind == "run":
        out["model"] = _most_common(r.model for r in records)
        out["endpoint_kind"] = _most_common(r.endpoint.kind for r in records if r.endpoint)
        prompts = [(r.prompt.id, r.prompt.sha256) for r in records if r.prompt]
        if prompts:
            prompt_id, sha256 = Counter(prompts).most_common(1)[0][0]
            out["prompt"] = {"id": prompt_id, "sha256": sha256}
    if "git_commit" not in config:
        out["git_commit"] = git_commit()
    out.update(config)
    return ReportConfig.model_validate(out)


def git_commit() -> str | None:
    """HEAD of the checkout this package lives in, or None (read-only git call)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and sha else None


def score_records(
    records: list[RunRecord],
    gold_dir: str | Path,
    seeds_dir: str | Path,
    config: Mapping[str, Any] | None = None,
    articles: Iterable[str] | None = None,
) -> Report:
    """Score run records against the gold directory.

    ``config`` labels the report (give ``predictions`` to name what was scored) and overrides
    what is derived from the records (model, endpoint_kind, prompt, git_commit, created).
    ``articles`` restricts the dataset; without it every gold article is scored and those
    without a record count as missing.
    """
    config = {"gold_dir": str(gold_dir), **(config or {})}
    gold = load_gold(gold_dir)
    texts = load_texts(seeds_dir, gold if articles is None else articles)
    predictions = predictions_from_records(records, str(config.get("predictions") or "records"))
    return score_dataset(
        gold, predictions, texts, source=Source.run(records), articles=articles, config=config
    )


def score_path(
    predictions_path: str | Path,
    gold_dir: str | Path,
    seeds_dir: str | Path,
    config: Mapping[str, Any] | None = None,
    only_predicted: bool = False,
) -> Report:
    """Score a JSONL of RunRecords or a directory of gold-format YAML files.

    ``only_predicted`` scores just the articles that have a prediction (a partial run, or a
    second annotator who labelled a subset) instead of every gold article.
    """
    path = Path(predictions_path)
    config = {"predictions": str(path), "gold_dir": str(gold_dir), **(config or {})}
    if path.is_dir():
        predictions = predictions_from_yaml(path)
        articles = sorted({p.article for p in predictions}) if only_predicted else None
        gold = load_gold(gold_dir)
        texts = load_texts(seeds_dir, gold if articles is None else articles)
        return score_dataset(gold, predictions, texts, source=Source.annotator(),
                             articles=articles, config=config)  # fmt: skip
    if path.suffix in (".yaml", ".yml"):
        raise HarnessError(
            f"{path}: predictions are a JSONL file of run records or a directory of YAML files"
        )
    records = load_records(path)
    articles = sorted({r.article for r in records}) if only_predicted else None
    return score_records(records, gold_dir, seeds_dir, config, articles)
