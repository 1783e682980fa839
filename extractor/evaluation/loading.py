"""Reading what the harness scores: gold YAML files, run records (JSONL), article texts.

Loading problems raise `HarnessError` with one line that names the file and the problem; the
CLI prints it. Predictions come either as the JSONL that `extractor extract` writes (one
RunRecord a line) or as a directory of gold-format YAML files (a second annotator).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from extractor.evaluation.models import Alignment
from extractor.gold import load_gold_dir, load_gold_file
from extractor.records import RunRecord
from extractor.schema import Extraction, ExtractionItems, first_error


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
    # Quote alignments when the producer computed them; None: locate them in the text.
    grounding: list[Alignment] | None = None


# --- loading ------------------------------------------------------------------------------


def _first_problem(exc: ValidationError) -> str:
    more = exc.error_count() - 1
    return first_error(exc) + (f" (and {more} more problems)" if more else "")


def load_extraction(path: Path) -> Extraction:
    """One gold-format YAML file, validated; its `article` must be the file's stem. The one
    gold loader (extractor.gold), so `score` rejects what `gold check` rejects."""
    return load_gold_file(path, HarnessError)


def load_yaml_dir(directory: Path, what: str = "gold") -> dict[str, Extraction]:
    """Every <article>.yaml (or .yml) in a directory, by article id."""
    return load_gold_dir(directory, what, HarnessError)


def load_gold(gold_dir: str | Path) -> dict[str, Extraction]:
    return load_yaml_dir(Path(gold_dir), "gold")


def load_records(path: str | Path) -> list[RunRecord]:
    """The RunRecords of a JSONL file (blank lines skipped); one article at most once."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise HarnessError(f"{path}: predictions file not found") from None
    except UnicodeDecodeError:
        raise HarnessError(
            f"{path}: not UTF-8 text; expected the JSONL that `extractor extract --out` writes"
        ) from None
    except OSError as exc:
        raise HarnessError(f"{path}: cannot read: {exc.strerror or exc}") from None
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
                grounding=[Alignment(**g.model_dump()) for g in r.grounding]
                if r.grounding
                else None,
            )
        )
    return out


def predictions_from_yaml(directory: Path) -> list[Prediction]:
    return [
        Prediction(article=a, source=str(directory / f"{a}.yaml"), items=e)
        for a, e in load_yaml_dir(directory, "prediction").items()
    ]
