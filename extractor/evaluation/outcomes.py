"""One article scored: its items paired, each gold and predicted item's outcome, its quotes.

`score_article` turns one gold extraction and its prediction (or none) into an
`ArticleResult`. Items are listed per type: matched and missed in gold order, then spurious
in predicted order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from extractor.evaluation import partial
from extractor.evaluation.loading import HarnessError, Prediction
from extractor.evaluation.matching import ActorRefs, TypeMatch, match_article
from extractor.evaluation.metrics import (
    TYPES,
    Counts,
    items_without_found_quote,
    pair_attributes,
    per_type,
    prf,
)
from extractor.evaluation.models import Alignment, ArticleResult, ItemOutcome
from extractor.grounding import ArticleIndex, iter_evidence
from extractor.schema import Extraction, ExtractionItems


def _dump(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="json")


def _aligned(path: str, index: ArticleIndex, quote: str) -> Alignment:
    a = index.locate(quote)
    return Alignment(
        path=path, quote=a.quote, status=a.status, start=a.start, end=a.end, score=a.score
    )


def ground_items(items: ExtractionItems, text: str) -> list[Alignment]:
    """Every evidence quote of the items, located in the article text."""
    index = ArticleIndex(text)
    return [_aligned(path, index, quote) for path, _, _, quote in iter_evidence(items)]


class _GoldQuotes:
    """Locates a gold item's evidence quotes in the article, when its text is at hand."""

    def __init__(self, text: str | None) -> None:
        self._index = ArticleIndex(text) if text is not None else None

    def of(self, item_type: str, index: int, item: Any) -> list[Alignment] | None:
        if self._index is None:
            return None
        return [
            _aligned(f"{item_type}[{index}].evidence[{q}]", self._index, quote)
            for q, quote in enumerate(item.evidence)
        ]


def _has_quotes(items: ExtractionItems) -> bool:
    return any(item.evidence for t in TYPES for item in getattr(items, t))


def _unscored(
    gold: Extraction, prediction: Prediction | None, gold_quotes: _GoldQuotes, why: str
) -> ArticleResult:
    """No usable prediction (missing, or the extraction failed): every gold item is missed."""
    items = [
        ItemOutcome(
            type=t,
            outcome="missed",
            gold_index=g,
            reason=why,
            gold=_dump(item),
            gold_quotes=gold_quotes.of(t, g, item),
        )  # fmt: skip
        for t in TYPES
        for g, item in enumerate(getattr(gold, t))
    ]
    metrics = per_type({t: prf(Counts(fn=len(getattr(gold, t)))) for t in TYPES})
    return ArticleResult(
        article=gold.article,
        status="missing" if prediction is None else prediction.status,  # type: ignore[arg-type]
        error=prediction.error if prediction else None,
        metrics=partial.unscored_metrics(gold) if not gold.complete else metrics,
        items=items,
        grounding=[],
        items_without_found_quote=dict.fromkeys(TYPES, 0),
        complete=gold.complete,
    )


def _alignments(prediction: Prediction, text: str | None) -> list[Alignment]:
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
    gold_quotes: _GoldQuotes,
) -> list[ItemOutcome]:
    """The outcomes of one type: matched and missed in gold order, then spurious."""
    by_gold: list[tuple[int, ItemOutcome]] = []
    for pair in match.pairs:
        g, p = gold[pair.gold], pred[pair.pred]
        row = ItemOutcome(
            type=item_type, outcome="matched", gold_index=pair.gold, pred_index=pair.pred,
            similarity=pair.similarity, reason=pair.reason, gold=_dump(g), predicted=_dump(p),
            attributes=pair_attributes(item_type, g, p, refs),
            quote_found=f"{item_type}[{pair.pred}]" in found,
            gold_quotes=gold_quotes.of(item_type, pair.gold, g),
        )  # fmt: skip
        by_gold.append((pair.gold, row))
    for miss in match.missed:
        g = gold[miss.index]
        row = ItemOutcome(type=item_type, outcome="missed", gold_index=miss.index,
                          reason=miss.reason, gold=_dump(g),
                          gold_quotes=gold_quotes.of(item_type, miss.index, g))  # fmt: skip
        by_gold.append((miss.index, row))
    rows = [row for _, row in sorted(by_gold, key=lambda r: r[0])]
    for spur in sorted(match.spurious, key=lambda u: u.index):
        rows.append(
            ItemOutcome(
                type=item_type,
                outcome="spurious",
                pred_index=spur.index,
                reason=spur.reason,
                predicted=_dump(pred[spur.index]),
                quote_found=f"{item_type}[{spur.index}]" in found,
            )  # fmt: skip
        )
    return rows


def score_article(
    gold: Extraction, prediction: Prediction | None, text: str | None
) -> ArticleResult:
    """One article's result (``articles[i]`` of the report)."""
    gold_quotes = _GoldQuotes(text)
    if prediction is None:
        return _unscored(gold, None, gold_quotes, "no prediction for this article")
    pred = prediction.items
    if prediction.status != "ok" or pred is None:
        why = f"extraction failed: {prediction.error or 'no reason given'}"
        return _unscored(gold, prediction, gold_quotes, why)

    alignments = _alignments(prediction, text)
    found = {a.path.split(".", 1)[0] for a in alignments if a.status != "not_found"}
    match, refs = match_article(gold, pred)
    by_type = match.by_type()
    items: list[ItemOutcome] = []
    for t, m in by_type.items():
        items.extend(
            _type_items(t, m, getattr(gold, t), getattr(pred, t), refs, found, gold_quotes)
        )
    result = ArticleResult(
        article=gold.article,
        status="ok",
        error=prediction.error,
        metrics=per_type({t: prf(Counts.of(m)) for t, m in by_type.items()}),
        items=items,
        grounding=alignments,
        items_without_found_quote=items_without_found_quote(
            {t: len(getattr(pred, t)) for t in TYPES}, alignments
        ),
    )
    if not gold.complete:
        _as_partial(result, gold, pred, by_type, refs)
    return result


def _as_partial(
    result: ArticleResult,
    gold: Extraction,
    pred: ExtractionItems,
    by_type: Mapping[str, TypeMatch],
    refs: ActorRefs,
) -> None:
    """Partial gold (extractor/evaluation/partial.py): recall only; predictions it does not
    list are "unlisted", not spurious; matched events get the partial attributes."""
    result.complete = False
    result.metrics = partial.article_metrics(by_type)
    for row in result.items:
        if row.outcome == "spurious":
            row.outcome = "unlisted"
            row.reason = f"not in the partial gold: {row.reason}"
        elif row.outcome == "matched" and row.type == "events":
            assert row.gold_index is not None and row.pred_index is not None
            g, p = gold.events[row.gold_index], pred.events[row.pred_index]
            row.attributes = partial.event_attributes(g, p, refs, gold.reference)
