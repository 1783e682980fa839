"""The HTML report's article cards: the highlighted text next to the item tables.

Quote positions come from the report: the predicted quotes' alignments (``grounding``) and
the gold items' (``gold_quotes``); nothing is located again here.
"""

from __future__ import annotations

import re

from extractor.evaluation.html_items import gold_key, item_labels, items_table, pred_key
from extractor.evaluation.html_parts import badge, esc, num
from extractor.evaluation.html_text import Quote, highlight
from extractor.evaluation.models import Alignment, ArticleResult, ItemOutcome, PerType, TypeScores
from extractor.schema import ITEM_TYPES

_PATH = re.compile(r"^(actors|treaties|events)\[(\d+)\]\.evidence\[(\d+)\]$")
NO_TEXT = "no text"  # the status of every quote of an article whose text is not at hand


def _placed(
    key: str, side: str, q: int, quote: str, found: Alignment | None, text: str | None
) -> Quote:
    """A quote where its alignment puts it, if the offsets fit the text; unplaced otherwise."""
    qid = f"{key}-q{q}"
    if text is None:
        return Quote(qid, key, side, quote, NO_TEXT, None, None)
    if found is None:
        return Quote(qid, key, side, quote, "not_found", None, None)
    start, end = found.start, found.end
    if not (start is not None and end is not None and 0 <= start < end <= len(text)):
        start = end = None
    return Quote(qid, key, side, quote, found.status, start, end)


def _gold_quotes(ai: int, items: list[ItemOutcome], text: str | None) -> list[Quote]:
    quotes = []
    for item in items:
        if item.gold is None or item.gold_index is None:
            continue
        located = item.gold_quotes or []
        for q, quote in enumerate(item.gold.get("evidence") or []):
            found = located[q] if q < len(located) else None
            quotes.append(_placed(gold_key(ai, item), "g", q, quote, found, text))
    return quotes


def _pred_quotes(ai: int, article: ArticleResult, text: str | None) -> list[Quote]:
    by_path = {}
    for entry in article.grounding:
        match = _PATH.match(entry.path)
        if match:
            by_path[(match[1], int(match[2]), int(match[3]))] = entry
    quotes = []
    for item in article.items:
        if item.predicted is None or item.pred_index is None:
            continue
        for q, quote in enumerate(item.predicted.get("evidence") or []):
            found = by_path.get((item.type, item.pred_index, q))
            quotes.append(_placed(pred_key(ai, item), "p", q, quote, found, text))
    return quotes


def _article_metrics(metrics: PerType[TypeScores]) -> str:
    chips = [
        f'<span class="chip"><b>{kind}</b> P {num(m.precision, 2)} R {num(m.recall, 2)} '
        f'F1 {num(m.f1, 2)} <span class="muted">({num(m.tp)}/{num(m.fp)}/{num(m.fn)})'
        "</span></span>"
        for kind, m in metrics.items()
    ]
    return f'<div class="chips">{"".join(chips)}</div>'


def _legend() -> str:
    return (
        '<div class="legend"><mark class="hl g">gold evidence</mark> '
        '<mark class="hl p">predicted evidence</mark> '
        '<mark class="hl g p">both</mark> '
        '<mark class="hl g p focus">selected item</mark></div>'
    )


def _text_panel(text: str | None, quotes: list[Quote], labels: dict[str, str]) -> str:
    if text is None:
        return '<div class="text missing">Article text not available.</div>'
    return f'<div class="text">{highlight(text, quotes, labels)}</div>'


def _comparison(ai: int, items: list[ItemOutcome], text: str | None, quotes: list[Quote]) -> str:
    """The highlighted text next to the item tables."""
    by_item: dict[str, list[Quote]] = {}
    for q in quotes:
        by_item.setdefault(q.item_key, []).append(q)
    tables = "".join(items_table(ai, kind, items, by_item) for kind in ITEM_TYPES)
    text_html = _text_panel(text, quotes, item_labels(ai, items))
    return (
        f'<div class="article-grid"><div class="text-col">{_legend()}{text_html}</div>'
        f'<div class="items-col">{tables}</div></div>'
    )


def _failed_article(ai: int, article: ArticleResult, text: str | None) -> str:
    """An article without a usable prediction: the error, and the gold items folded away."""
    status = article.status
    default = "no prediction for this article" if status == "missing" else "extraction failed"
    body = (
        f'<div class="error-box"><b>{esc(status)}:</b> '
        f"<pre>{esc(article.error or default)}</pre></div>"
    )
    items = article.items
    if items or text is not None:
        gold = sum(1 for item in items if item.gold is not None)
        body += (
            f"<details><summary>Article text and its {gold} gold item{'' if gold == 1 else 's'} "
            "(counted as missed)</summary>"
            f"{_comparison(ai, items, text, _gold_quotes(ai, items, text))}</details>"
        )
    return body


def article_section(ai: int, article: ArticleResult, text: str | None) -> str:
    if article.status != "ok":
        body = _failed_article(ai, article, text)
    else:
        quotes = _gold_quotes(ai, article.items, text) + _pred_quotes(ai, article, text)
        body = _article_metrics(article.metrics) + _comparison(ai, article.items, text, quotes)
    status = badge(article.status, article.status)
    head = (
        f'<h2><span class="aid">{esc(article.article)}</span> {status}'
        f'<a class="top" href="#top">↑ top</a></h2>'
    )
    return f'<section class="card article" id="a{ai}">{head}{body}</section>'
