"""The evaluation report and the comparison of two reports, as typed models.

The harness builds a `Report`; the renderers (terminal, Markdown, HTML, JSON) and `compare`
only read one. The JSON written by `extractor score --json` and `extractor eval --out` is
`Report.model_dump(mode="json")`, and docs/report-format.md is generated from these models
(`python benchmarks/report_doc.py`).

Optional keys that older readers never saw (``config.articles``, ``metrics.partial``,
``articles[].complete``, ...) are left out of the JSON when unset, so a report on complete
gold has exactly the keys it had before the models existed. Unknown keys are ignored when a
report is read, so a report written by a newer minor version still loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from extractor.schema import ITEM_TYPES

SCHEMA_VERSION = 1

T = TypeVar("T")


def _is_none(value: object) -> bool:
    return value is None


def _omitted_when_none(description: str) -> Any:
    """A field left out of the JSON when it is None (an optional addition to the shape)."""
    return Field(default=None, exclude_if=_is_none, description=description)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PerType(_Model, Generic[T]):
    """One value per item type, in the schema's order (actors, treaties, events)."""

    actors: T
    treaties: T
    events: T

    def __getitem__(self, item_type: str) -> T:
        if item_type not in ITEM_TYPES:
            raise KeyError(item_type)
        value: T = getattr(self, item_type)
        return value

    def items(self) -> Iterator[tuple[str, T]]:
        return ((t, self[t]) for t in ITEM_TYPES)


# --- scores -------------------------------------------------------------------------------


class TypeScores(_Model):
    """Counts and precision/recall/F1 of one item type (null P/F1 on partial gold)."""

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    unlisted: int | None = _omitted_when_none(
        "partial gold only: predictions the gold does not list (not counted as fp)"
    )


class MacroScores(_Model):
    """Mean of the per-article P/R/F1 over the articles with a gold or predicted item."""

    precision: float | None
    recall: float | None
    f1: float | None
    articles: int = Field(default=0, description="how many articles the mean is over")


class Accuracy(_Model):
    """A yes/no attribute over matched pairs; accuracy is null when total is 0."""

    correct: int
    total: int
    accuracy: float | None


class MeanScore(_Model):
    """A 0..1 score (a set F1 or recall) averaged over matched pairs; null when total is 0."""

    mean: float | None
    total: int


AttributeScore = Accuracy | MeanScore


class GroundingSummary(_Model):
    """The predicted evidence quotes: how many were found in their article, and how."""

    quotes: int
    found: int
    found_share: float | None
    by_status: dict[str, int]
    items_without_found_quote: int
    items_without_found_quote_by_type: dict[str, int] = Field(default_factory=dict)


class RecallCount(_Model):
    gold: int
    found: int
    recall: float | None


class PartialSummary(_Model):
    """Articles with partial gold (``complete: false``): recall and matched-event attributes."""

    articles: int
    events: RecallCount
    actors: RecallCount
    unlisted: dict[str, int]
    attributes: dict[str, AttributeScore]


class RunTotals(_Model):
    """Summed over the run records (an annotator has no usage: zeros)."""

    articles: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    retries: int
    latency_s: float


class Metrics(_Model):
    micro: PerType[TypeScores]
    macro: PerType[MacroScores]
    attributes: PerType[dict[str, AttributeScore]] = Field(
        description="on matched pairs of complete gold only"
    )
    grounding: GroundingSummary
    partial: PartialSummary | None = _omitted_when_none("present when some gold is partial")
    run: RunTotals


# --- per article --------------------------------------------------------------------------


class Alignment(_Model):
    """Where one evidence quote sits in the article text (start/end null when not found)."""

    path: str = Field(description='e.g. "actors[2].evidence[0]"')
    quote: str
    status: str = Field(description="exact | normalized | fuzzy | not_found")
    start: int | None = None
    end: int | None = None
    score: float = 0.0


Outcome = Literal["matched", "missed", "spurious", "unlisted"]


class ItemOutcome(_Model):
    """One gold or predicted item and what became of it."""

    gold_index: int | None = None
    pred_index: int | None = None
    similarity: float | None = None
    reason: str | None = Field(default=None, description="why it paired, or why nothing paired")
    gold: dict[str, Any] | None = Field(default=None, description="the item as in the gold file")
    predicted: dict[str, Any] | None = None
    attributes: dict[str, bool | float | None] | None = Field(
        default=None, description="matched only: which attributes are right"
    )
    type: str
    outcome: Outcome
    quote_found: bool | None = _omitted_when_none(
        "matched and spurious: whether any quote of the predicted item was found"
    )
    gold_quotes: list[Alignment] | None = _omitted_when_none(
        "the gold item's evidence quotes located in the article text (when it was available)"
    )


class ArticleResult(_Model):
    article: str
    status: Literal["ok", "error", "missing"]
    error: str | None = None
    metrics: PerType[TypeScores]
    items: list[ItemOutcome]
    grounding: list[Alignment] = Field(description="the predicted quotes")
    items_without_found_quote: dict[str, int] = Field(default_factory=dict)
    complete: bool = Field(
        default=True, exclude_if=bool, description="false for partial gold (written only then)"
    )


# --- the report ---------------------------------------------------------------------------


class PromptRef(_Model):
    id: str
    sha256: str | None = None


class ReportConfig(_Model):
    predictions: str | None = Field(default=None, description="what was scored (file or directory)")
    gold_dir: str | None = None
    model: str | None = Field(
        default=None, description="from the run records; null for an annotator"
    )
    endpoint_kind: str | None = Field(
        default=None, description="local | openai | compatible | replay | ner | annotator"
    )
    prompt: PromptRef | None = None
    git_commit: str | None = None
    created: str | None = None
    thresholds: dict[str, Any] = Field(
        default_factory=dict, description="matching thresholds in force"
    )
    articles: list[str] | None = _omitted_when_none(
        "present only when the scored set was restricted: the article ids scored"
    )


class Report(_Model):
    schema_version: int = SCHEMA_VERSION
    config: ReportConfig
    metrics: Metrics
    articles: list[ArticleResult]

    def article_ids(self) -> list[str]:
        return [a.article for a in self.articles]


# --- comparing two reports ----------------------------------------------------------------

Number = int | float


class Delta(_Model):
    a: Number | None
    b: Number | None
    delta: Number | None

    @classmethod
    def of(cls, a: Number | None, b: Number | None) -> Delta:
        return cls(a=a, b=b, delta=None if a is None or b is None else b - a)


class Bootstrap(_Model):
    """Paired bootstrap interval for micro-F1(B) - micro-F1(A)."""

    delta: float
    low: float | None
    high: float | None
    share_positive: float | None
    resamples: int
    confidence: float
    seed: int


class TypeComparison(_Model):
    micro: dict[str, Delta]
    macro: dict[str, Delta]
    f1_bootstrap: Bootstrap


class ReportRef(_Model):
    predictions: str | None
    created: str | None
    prompt: str | None = None  # the prompt version, so two runs of one backend are told apart


class Coverage(_Model):
    common: int
    only_a: list[str]
    only_b: list[str]
    gold_changed: list[str]


class StatusPair(_Model):
    a: str
    b: str


class ArticleDelta(_Model):
    article: str
    status: StatusPair
    actors: Delta
    treaties: Delta
    events: Delta


class ItemChange(_Model):
    article: str
    type: str
    gold_index: int | None = _omitted_when_none("gained and lost items only")
    name: str
    reason: str | None = _omitted_when_none("gained and lost items only")


class Comparison(_Model):
    a: ReportRef
    b: ReportRef
    articles: Coverage
    types: PerType[TypeComparison]
    all_f1_bootstrap: Bootstrap
    attributes: PerType[dict[str, Delta]]
    grounding: dict[str, Delta]
    per_article: list[ArticleDelta]
    gained: list[ItemChange]
    lost: list[ItemChange]
    spurious_added: list[ItemChange]
    spurious_removed: list[ItemChange]
    partial: dict[str, Delta] | None = _omitted_when_none("when both have partial gold")
