"""Predictions x gold -> the JSON report of docs/report-format.md.

Predictions come either as the JSONL that `extractor extract` writes (one RunRecord a line) or
as a directory of gold-format YAML files (a second annotator: annotator agreement). Gold is a
directory of <article>.yaml files. Loading problems raise `HarnessError` with one line that
names the file and the problem; the CLI prints it.

The dataset is every gold article (an article with no prediction is scored as "missing": all
its gold items are missed), unless ``config["articles"]`` lists the ones to score.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from extractor.evaluation import partial
from extractor.evaluation.matching import THRESHOLDS, ActorRefs, TypeMatch, match_article
from extractor.evaluation.metrics import (
    TYPES,
    Counts,
    aggregate_attributes,
    grounding_summary,
    items_without_found_quote,
    macro,
    micro,
    pair_attributes,
    prf,
    run_totals,
)
from extractor.grounding import ArticleIndex, iter_evidence
from extractor.records import RunRecord
from extractor.schema import Extraction, ExtractionItems, first_error

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# libyaml's parser when PyYAML has it: ten times faster than the pure-Python one, which
# matters for evaluation sets made from large ACLED or UCDP exports (thousands of files).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class HarnessError(Exception):
    """Bad input: the message is one line naming the file and the problem."""


@dataclass
class Prediction:
    """One article's predicted items, however they were produced."""

    article: str
    source: str  # "runs/x.jsonl:3" or "annotator/x.yaml", for messages
    status: str = "ok"  # ok | error
    error: str | None = None
    items: ExtractionItems | None = None
    # Quote alignments (QuoteAlignment dicts) when the producer computed them; None: compute.
    grounding: list[dict[str, Any]] | None = None


# --- loading ------------------------------------------------------------------------------


def _first_problem(exc: ValidationError) -> str:
    more = exc.error_count() - 1
    return first_error(exc) + (f" (and {more} more problems)" if more else "")


def load_extraction(path: Path) -> Extraction:
    """One gold-format YAML file, validated; its `article` must be the file's stem."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise HarnessError(
            f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise HarnessError(f"{path}: not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise HarnessError(
            f"{path}: expected a mapping of extraction fields, got {type(data).__name__}"
        )
    try:
        extraction = Extraction.model_validate(data)
    except ValidationError as exc:
        raise HarnessError(f"{path}: does not validate: {_first_problem(exc)}") from None
    if extraction.article != path.stem:
        raise HarnessError(
            f"{path}: article is {extraction.article!r} but the file is named {path.stem!r}"
        )
    return extraction


def load_yaml_dir(directory: Path, what: str = "gold") -> dict[str, Extraction]:
    """Every <article>.yaml (or .yml) in a directory, by article id."""
    if not directory.is_dir():
        raise HarnessError(f"{directory}: {what} directory not found")
    paths = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not paths:
        raise HarnessError(f"{directory}: no {what} files (*.yaml) in it")
    return {p.stem: load_extraction(p) for p in paths}


def load_gold(gold_dir: str | Path) -> dict[str, Extraction]:
    return load_yaml_dir(Path(gold_dir), "gold")


def load_records(path: str | Path) -> list[RunRecord]:
    """The RunRecords of a JSONL file (blank lines skipped); one article at most once."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise HarnessError(f"{path}: predictions file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HarnessError(f"{path}: cannot read: {exc}") from None
    records: list[RunRecord] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise HarnessError(f"{path}:{number}: not valid JSON: {exc.msg}") from None
        try:
            record = RunRecord.model_validate(raw)
        except ValidationError as exc:
            raise HarnessError(
                f"{path}:{number}: not a valid run record: {_first_problem(exc)}"
            ) from None
        if record.article in seen:
            raise HarnessError(
                f"{path}:{number}: article {record.article} already given on line "
                f"{seen[record.article]}"
            )
        seen[record.article] = number
        records.append(record)
    if not records:
        raise HarnessError(f"{path}: no run records in it")
    return records


def load_texts(seeds_dir: str | Path, articles: Iterable[str]) -> dict[str, str]:
    """Article texts that exist in seeds_dir (<article>.txt); missing ones are left out."""
    texts = {}
    for article in articles:
        path = Path(seeds_dir) / f"{article}.txt"
        if path.is_file():
            try:
                texts[article] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise HarnessError(f"{path}: cannot read: {exc}") from None
    return texts


def predictions_from_records(records: Sequence[RunRecord], label: str = "") -> list[Prediction]:
    out = []
    for r in records:
        out.append(
            Prediction(
                article=r.article,
                source=f"{label or 'records'} ({r.article})",
                status=r.status,
                error=r.error,
                items=r.extraction if r.status == "ok" else None,
                grounding=[g.model_dump() for g in r.grounding] if r.grounding else None,
            )
        )
    return out


def predictions_from_yaml(directory: Path) -> list[Prediction]:
    return [
        Prediction(article=a, source=str(directory / f"{a}.yaml"), items=e)
        for a, e in load_yaml_dir(directory, "prediction").items()
    ]


# --- scoring ------------------------------------------------------------------------------


def _dump(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="json")


def ground_items(items: ExtractionItems, text: str) -> list[dict[str, Any]]:
    index = ArticleIndex(text)
    out = []
    for path, _, _, quote in iter_evidence(items):
        a = index.locate(quote)
        out.append(
            {
                "path": path,
                "quote": a.quote,
                "status": a.status,
                "start": a.start,
                "end": a.end,
                "score": a.score,
            }
        )
    return out


def _has_quotes(items: ExtractionItems) -> bool:
    return any(item.evidence for t in TYPES for item in getattr(items, t))


def _item(item_type: str, outcome: str, **fields: object) -> dict[str, Any]:
    """One ``items[]`` entry; keys not given are null (e.g. ``predicted`` of a missed item)."""
    row: dict[str, Any] = dict.fromkeys(
        ("gold_index", "pred_index", "similarity", "reason", "gold", "predicted", "attributes")
    )
    row.update(type=item_type, outcome=outcome, **fields)
    return row


def _unscored_entry(entry: dict[str, Any], gold: Extraction, why: str) -> dict[str, Any]:
    """No usable prediction (missing, or the extraction failed): every gold item is missed."""
    items = [
        _item(t, "missed", gold_index=g, reason=why, gold=_dump(item))
        for t in TYPES
        for g, item in enumerate(getattr(gold, t))
    ]
    entry.update(
        metrics={t: prf(Counts(fn=len(getattr(gold, t)))) for t in TYPES},
        items=items,
        grounding=[],
        items_without_found_quote=dict.fromkeys(TYPES, 0),
    )
    if not gold.complete:
        entry.update(complete=False, metrics=partial.unscored_metrics(gold))
    return entry


def _alignments(prediction: Prediction, text: str | None) -> list[dict[str, Any]]:
    """The predicted quotes' alignments: the producer's, else located in the article text."""
    if prediction.grounding is not None:
        return prediction.grounding
    assert prediction.items is not None
    if text is None and _has_quotes(prediction.items):
        raise HarnessError(
            f"{prediction.source}: no text for article {prediction.article} to check its "
            "evidence quotes against (expected <seeds>/<article>.txt)"
        )
    return ground_items(prediction.items, text or "")


def _type_items(
    item_type: str,
    match: TypeMatch,
    gold: Sequence[BaseModel],
    pred: Sequence[BaseModel],
    refs: ActorRefs,
    found: set[str],
) -> list[dict[str, Any]]:
    """The items[] entries of one type: matched and missed in gold order, then spurious."""
    by_gold: list[tuple[int, dict[str, Any]]] = []
    for pair in match.pairs:
        g, p = gold[pair.gold], pred[pair.pred]
        row = _item(
            item_type, "matched", gold_index=pair.gold, pred_index=pair.pred,
            similarity=pair.similarity, reason=pair.reason, gold=_dump(g), predicted=_dump(p),
            attributes=pair_attributes(item_type, g, p, refs),
        )  # fmt: skip
        row["quote_found"] = f"{item_type}[{pair.pred}]" in found
        by_gold.append((pair.gold, row))
    for miss in match.missed:
        row = _item(item_type, "missed", gold_index=miss.index, reason=miss.reason,
                    gold=_dump(gold[miss.index]))  # fmt: skip
        by_gold.append((miss.index, row))
    rows = [row for _, row in sorted(by_gold, key=lambda r: r[0])]
    for spur in sorted(match.spurious, key=lambda u: u.index):
        row = _item(item_type, "spurious", pred_index=spur.index, reason=spur.reason,
                    predicted=_dump(pred[spur.index]))  # fmt: skip
        row["quote_found"] = f"{item_type}[{spur.index}]" in found
        rows.append(row)
    return rows


def score_article(
    gold: Extraction, prediction: Prediction | None, text: str | None
) -> dict[str, Any]:
    """One article's entry of the report (``articles[i]``)."""
    entry: dict[str, Any] = {
        "article": gold.article,
        "status": "missing" if prediction is None else prediction.status,
        "error": prediction.error if prediction else None,
    }
    if prediction is None:
        return _unscored_entry(entry, gold, "no prediction for this article")
    pred = prediction.items
    if prediction.status != "ok" or pred is None:
        why = f"extraction failed: {prediction.error or 'no reason given'}"
        return _unscored_entry(entry, gold, why)

    alignments = _alignments(prediction, text)
    found = {str(a["path"]).split(".", 1)[0] for a in alignments if a["status"] != "not_found"}
    match, refs = match_article(gold, pred)
    items: list[dict[str, Any]] = []
    for t, m in match.by_type().items():
        items.extend(_type_items(t, m, getattr(gold, t), getattr(pred, t), refs, found))
    entry.update(
        metrics={t: prf(Counts.of(m)) for t, m in match.by_type().items()},
        items=items,
        grounding=alignments,
        items_without_found_quote=items_without_found_quote(
            {t: len(getattr(pred, t)) for t in TYPES}, alignments
        ),
    )
    if not gold.complete:
        _as_partial(entry, gold, pred, match.by_type(), refs)
    return entry


def _as_partial(
    entry: dict[str, Any],
    gold: Extraction,
    pred: ExtractionItems,
    by_type: Mapping[str, TypeMatch],
    refs: ActorRefs,
) -> None:
    """Partial gold (extractor/evaluation/partial.py): recall only; predictions it does not list are
    "unlisted", not spurious; matched events get the partial attributes."""
    entry.update(complete=False, metrics=partial.article_metrics(by_type))
    for row in entry["items"]:
        if row["outcome"] == "spurious":
            row.update(outcome="unlisted", reason=f"not in the partial gold: {row['reason']}")
        elif row["outcome"] == "matched" and row["type"] == "events":
            g, p = gold.events[row["gold_index"]], pred.events[row["pred_index"]]
            row["attributes"] = partial.event_attributes(g, p, refs, gold.reference)


def article_counts(entry: Mapping[str, Any]) -> dict[str, Counts]:
    """The tp/fp/fn of one article entry, by type."""
    metrics = entry["metrics"]
    return {t: Counts(metrics[t]["tp"], metrics[t]["fp"], metrics[t]["fn"]) for t in TYPES}


def aggregate(articles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The report's ``metrics`` (all but ``run``) from its article entries.

    micro, macro and attributes pool the articles with complete gold only; articles with
    partial gold are summarised in ``partial`` (present only when there are some).
    """
    complete = [a for a in articles if a.get("complete", True)]
    partial_entries = [a for a in articles if not a.get("complete", True)]
    per_article = [article_counts(a) for a in complete]
    pairs = (
        (item["type"], item["attributes"])
        for a in complete
        for item in a["items"]
        if item["outcome"] == "matched"
    )
    alignments = [g for a in articles for g in a["grounding"]]
    without: Counter[str] = Counter()
    for a in articles:
        without.update(a["items_without_found_quote"])
    metrics: dict[str, Any] = {
        "micro": micro(per_article),
        "macro": macro(per_article),
        "attributes": aggregate_attributes(pairs),
        "grounding": grounding_summary(alignments, without),
    }
    if partial_entries:
        metrics["partial"] = partial.summary(partial_entries)
        if not complete:  # pooled nothing: 1.0 scores would claim a perfect run
            for cell in metrics["micro"].values():
                cell.update(precision=None, recall=None, f1=None)
    return metrics


def score_dataset(
    gold: Mapping[str, Extraction],
    predictions: Sequence[Prediction],
    texts: Mapping[str, str],
    config: Mapping[str, Any] | None = None,
    records: Sequence[RunRecord] | None = None,
) -> dict[str, Any]:
    """The full report for in-memory gold and predictions (no file access but git)."""
    config = dict(config or {})
    by_article: dict[str, Prediction] = {}
    for p in predictions:
        if p.article not in gold:
            raise HarnessError(
                f"{p.source}: article {p.article} has no gold file "
                f"(expected {config.get('gold_dir', 'gold')}/{p.article}.yaml)"
            )
        by_article[p.article] = p
    wanted = config.get("articles")
    articles = sorted(gold) if wanted is None else sorted(wanted)
    for a in articles:
        if a not in gold:
            raise HarnessError(f"article {a} has no gold file in {config.get('gold_dir', 'gold')}")
    with _gc_paused():
        entries = [score_article(gold[a], by_article.get(a), texts.get(a)) for a in articles]
        metrics = aggregate(entries)
    if records is not None:
        metrics["run"] = run_totals(records)
    else:
        metrics["run"] = run_totals([])
        metrics["run"]["articles"] = len(predictions)
    return {
        "schema_version": SCHEMA_VERSION,
        "config": _report_config(config, records),
        "metrics": metrics,
        "articles": entries,
    }


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the report is built.

    Building a report allocates tens of thousands of small dicts; each allocation burst
    triggers collections that rescan every live object, including all the loaded gold and
    predicted models. Scoring creates no reference cycles worth collecting, so pausing the
    collector cuts scoring time by about 40% (benchmarks/bench_scoring.py). The objects alive
    at the end are then frozen (gc.freeze): a process that scores many times over keeps them
    out of cyclic collection, which matters only if they form cycles; they do not.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated while paused would otherwise be scanned by the first
            # collection after re-enabling (a tenth of the scoring time). The report holds no
            # cycles, so move it out of the collector's sight; refcounting still frees it.
            gc.freeze()
            gc.enable()


def _most_common(values: Iterable[object]) -> object:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _report_config(
    config: Mapping[str, Any], records: Sequence[RunRecord] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "predictions": None,
        "gold_dir": None,
        "model": None,
        "endpoint_kind": "annotator" if records is None else None,
        "prompt": None,
        "git_commit": None,
        "created": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "thresholds": THRESHOLDS,
    }
    if records is not None:
        out["model"] = _most_common(r.model for r in records)
        out["endpoint_kind"] = _most_common(r.endpoint.kind for r in records if r.endpoint)
        prompts = [(r.prompt.id, r.prompt.sha256) for r in records if r.prompt]
        if prompts:
            prompt_id, sha256 = Counter(prompts).most_common(1)[0][0]
            out["prompt"] = {"id": prompt_id, "sha256": sha256}
    if "git_commit" not in config:
        out["git_commit"] = git_commit()
    out.update(config)
    return out


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
    config: dict | None = None,
) -> dict[str, Any]:
    """Score run records against the gold directory; returns the JSON report (a dict).

    ``config`` is copied into the report's ``config`` (overriding what is derived from the
    records: model, endpoint_kind, prompt, git_commit, created; give ``predictions`` to name
    what was scored). ``config["articles"]``, a list of article ids, restricts the dataset;
    without it every gold article is scored and those without a record count as missing.
    """
    config = {"gold_dir": str(gold_dir), **(config or {})}
    gold = load_gold(gold_dir)
    texts = load_texts(seeds_dir, [r.article for r in records])
    predictions = predictions_from_records(records, str(config.get("predictions") or "records"))
    return score_dataset(gold, predictions, texts, config, records)


def score_path(
    predictions_path: str | Path,
    gold_dir: str | Path,
    seeds_dir: str | Path,
    config: dict | None = None,
    only_predicted: bool = False,
) -> dict[str, Any]:
    """Score a JSONL of RunRecords or a directory of gold-format YAML files.

    ``only_predicted`` scores just the articles that have a prediction (a partial run, or a
    second annotator who labelled a subset) instead of every gold article.
    """
    path = Path(predictions_path)
    config = {"predictions": str(path), "gold_dir": str(gold_dir), **(config or {})}
    if path.is_dir():
        predictions = predictions_from_yaml(path)
        if only_predicted:
            config["articles"] = sorted({p.article for p in predictions})
        gold = load_gold(gold_dir)
        texts = load_texts(seeds_dir, [p.article for p in predictions])
        return score_dataset(gold, predictions, texts, config, None)
    if path.suffix in (".yaml", ".yml"):
        raise HarnessError(
            f"{path}: predictions are a JSONL file of run records or a directory of YAML files"
        )
    records = load_records(path)
    if only_predicted:
        config["articles"] = sorted({r.article for r in records})
    return score_records(records, gold_dir, seeds_dir, config)
