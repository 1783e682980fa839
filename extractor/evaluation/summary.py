"""A report's ``metrics`` from its article results: pure functions, no scoring or matching.

The harness uses them to build a report, and `compare` to recompute two reports' metrics on
the articles they share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from extractor.evaluation import partial
from extractor.evaluation.metrics import (
    TYPES,
    Counts,
    aggregate_attributes,
    grounding_summary,
    macro,
    micro,
)
from extractor.evaluation.models import ArticleResult, Metrics, RunTotals


def article_counts(article: ArticleResult) -> dict[str, Counts]:
    """The tp/fp/fn of one article, by type."""
    return {t: Counts(s.tp, s.fp, s.fn) for t, s in article.metrics.items()}


def summarise(articles: Sequence[ArticleResult], run: RunTotals) -> Metrics:
    """micro, macro and attributes pool the articles with complete gold only; articles with
    partial gold are summarised in ``partial`` (present only when there are some)."""
    complete = [a for a in articles if a.complete]
    partial_entries = [a for a in articles if not a.complete]
    per_article = [article_counts(a) for a in complete]
    pairs = (
        (item.type, item.attributes or {})
        for a in complete
        for item in a.items
        if item.outcome == "matched"
    )
    without: Counter[str] = Counter()
    for a in articles:
        without.update(a.items_without_found_quote)
    metrics = Metrics(
        micro=micro(per_article),
        macro=macro(per_article),
        attributes=aggregate_attributes(pairs),
        grounding=grounding_summary((g for a in articles for g in a.grounding), without),
        run=run,
    )
    if partial_entries:
        metrics.partial = partial.summary(partial_entries)
        if not complete:  # pooled nothing: 1.0 scores would claim a perfect run
            for t in TYPES:
                cell = metrics.micro[t]
                cell.precision = cell.recall = cell.f1 = None
    return metrics
