"""The article text with gold and predicted evidence quotes highlighted where they sit."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.evaluation.html_parts import esc


@dataclass(frozen=True)
class Quote:
    """One evidence quote of one item, with where it sits in the article (if anywhere)."""

    qid: str  # HTML id of its anchor in the text
    item_key: str  # e.g. a0-g-actors-2
    side: str  # "g" (gold) or "p" (predicted)
    text: str
    status: str
    start: int | None
    end: int | None

    @property
    def placed(self) -> bool:
        return bool(_spans([self]))


def _spans(quotes: list[Quote]) -> list[tuple[int, int, Quote]]:
    """(start, end, quote) for the quotes that sit somewhere in the text."""
    return [
        (q.start, q.end, q)
        for q in quotes
        if q.start is not None and q.end is not None and q.start < q.end
    ]


def _segments(length: int, quotes: list[Quote]) -> list[tuple[int, int, list[Quote]]]:
    """Split [0, length) at every span boundary; each piece lists the quotes covering it."""
    spans = _spans(quotes)
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    cuts = [c for c in cuts if 0 <= c <= length]
    pieces = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        pieces.append((a, b, [q for s, e, q in spans if s <= a and b <= e]))
    return pieces


def _mark(chunk: str, covering: list[Quote], labels: dict[str, str]) -> str:
    if not covering:
        return esc(chunk)
    sides = sorted({q.side for q in covering})
    keys = " ".join(sorted({q.item_key for q in covering}))
    title = "\n".join(sorted({labels.get(q.item_key, q.item_key) for q in covering}))
    return (
        f'<mark class="hl {" ".join(sides)}" data-items="{esc(keys)}" title="{esc(title)}">'
        f"{esc(chunk)}</mark>"
    )


def highlight(text: str, quotes: list[Quote], labels: dict[str, str]) -> str:
    """The article text with every placed quote marked; an empty anchor opens each quote."""
    starts: dict[int, list[Quote]] = {}
    for start, _, q in _spans(quotes):
        starts.setdefault(start, []).append(q)
    out: list[str] = []
    for a, b, covering in _segments(len(text), quotes):
        out.extend(f'<span class="anchor" id="{esc(q.qid)}"></span>' for q in starts.get(a, []))
        out.append(_mark(text[a:b], covering, labels))
    return "".join(out)
