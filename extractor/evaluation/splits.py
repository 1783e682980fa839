"""The data sets `extractor eval` scores, and how far each can be trusted.

- ``seeds``: the five seed articles (``seeds/``, ``gold/``). Every rule and prompt was written
  against them: *tuned on*.
- ``dev``: ``evals/corpus/dev`` (70 texts, 26 French): written from public facts by the team
  and read freely while writing rules: *tuned on*. It holds the first test split too, spent
  (read and tuned on) once its last held-out figures were reported.
- ``test``: ``evals/corpus/test`` (12 texts, 4 French): the second test split, written and
  labelled by writers who never saw the rules, frozen (``MANIFEST.sha256``) before it was ever
  scored, never read while writing rules or prompts, scored only to report: *held out*. The
  procedure is in docs/corpus.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.schema import ITEM_TYPES

# The suite's data lives in the repository's top-level evals/ (baseline, corpora, happenings):
# data, not code, so the harness code can live under the extractor namespace.
ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "evals"
CORPUS = SUITE / "corpus"


@dataclass(frozen=True)
class Split:
    name: str
    role: str  # "tuned on" or "held out"
    articles: Path
    gold: Path


SPLITS: dict[str, Split] = {
    "seeds": Split("seeds", "tuned on", Path("seeds"), Path("gold")),
    "dev": Split("dev", "tuned on", CORPUS / "dev" / "articles", CORPUS / "dev" / "gold"),
    "test": Split("test", "held out", CORPUS / "test" / "articles", CORPUS / "test" / "gold"),
}
ALL = ("seeds", "dev", "test")


def _f1(report: Mapping[str, Any], kind: str) -> float:
    return float(report["metrics"]["micro"][kind]["f1"])


def _accuracy(report: Mapping[str, Any], attribute: str) -> float | None:
    value = report["metrics"]["attributes"].get("events", {}).get(attribute)
    if isinstance(value, dict):
        return value.get("accuracy")
    return None


def summary_row(label: str, role: str, report: Mapping[str, Any]) -> list[str]:
    """One line of the headline table: F1 per type and the matched events' attributes."""

    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    articles = len(report["articles"])
    return [
        label, role, str(articles),
        *(number(_f1(report, kind)) for kind in ITEM_TYPES),
        *(number(_accuracy(report, a)) for a in ("date", "location", "fatalities")),
    ]  # fmt: skip


SUMMARY_HEADER: Sequence[str] = (
    "data", "figures", "texts", "actors F1", "treaties F1", "events F1",
    "event date acc", "event location acc", "event fatalities acc",
)  # fmt: skip
