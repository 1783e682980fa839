"""Locate evidence quotes in the article text: character offsets and an alignment status.

Four tiers, tried in order (the first that succeeds wins):

- ``exact``: the quote occurs verbatim.
- ``normalized``: it occurs once runs of white space are collapsed, case is folded, accents
  are dropped (so composed and decomposed Unicode forms agree) and typographic quotes,
  apostrophes and dashes are mapped to their ASCII forms (a model that writes ' for ’ has
  still quoted the article): `extractor.text.normalise_with_map`.
- ``fuzzy``: rapidfuzz's best partial alignment of the normalised quote against the
  normalised text scores at least ``FUZZY_THRESHOLD`` (0-100), and the quote is at least
  ``FUZZY_MIN_LENGTH`` characters long (short strings align somewhere in any article).
- ``not_found``: none of the above.

Offsets are Python string indices (code points) into the original text, end exclusive.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from extractor.records import QuoteAlignment
from extractor.schema import ITEM_TYPES
from extractor.text import normalise, normalise_with_map, original_span

AlignmentStatus = Literal["exact", "normalized", "fuzzy", "not_found"]

FUZZY_THRESHOLD = 90.0
FUZZY_MIN_LENGTH = 20


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the article, and how closely it matched."""

    quote: str
    status: AlignmentStatus
    start: int | None = None
    end: int | None = None
    score: float = 0.0

    @property
    def found(self) -> bool:
        return self.status != "not_found"


@functools.lru_cache(maxsize=16)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    # One article is indexed by several stages (candidates, the model's answer, scoring):
    # its normalised form is computed once.
    normalised, origin = normalise_with_map(text)
    return normalised, tuple(origin)


class ArticleIndex:
    """An article prepared once for locating many quotes in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normalised, self.origin = _normalised(text)

    def locate(self, quote: str) -> Alignment:
        quote = quote or ""
        stripped = quote.strip()
        if not stripped:
            return Alignment(quote, "not_found")
        start = self.text.find(stripped)
        if start >= 0:
            return Alignment(quote, "exact", start, start + len(stripped), 100.0)
        needle = normalise(stripped)
        position = self.normalised.find(needle)
        if position >= 0:
            begin, end = original_span(
                self.origin, position, position + len(needle), len(self.text)
            )
            return Alignment(quote, "normalized", begin, end, 100.0)
        if len(needle) >= FUZZY_MIN_LENGTH:
            result = fuzz.partial_ratio_alignment(needle, self.normalised)
            if result is not None and result.score >= FUZZY_THRESHOLD:
                start, stop = self._refine(needle, result.dest_start, result.dest_end)
                begin, end = original_span(self.origin, start, stop, len(self.text))
                return Alignment(quote, "fuzzy", begin, end, round(result.score, 2))
        return Alignment(quote, "not_found")

    def _refine(self, needle: str, start: int, stop: int) -> tuple[int, int]:
        """Move the window's edges to the word boundaries nearby that match best.

        partial_ratio's window has the quote's length, so when a changed word is longer or
        shorter than the original, the window starts or ends mid-word; this fixes the span."""
        text = self.normalised
        reach = max(4, len(needle) // 5)

        def edges(at: int, lo: int, hi: int) -> list[int]:
            near = range(max(lo, at - reach), min(hi, at + reach) + 1)
            found = [
                i for i in near if i in (0, len(text)) or text[i - 1].isalnum() != text[i].isalnum()
            ]
            return found or [at]

        best = (fuzz.ratio(needle, text[start:stop]), start, stop)
        for left in edges(start, 0, len(text)):
            for right in edges(stop, left + 1, len(text)):
                score = fuzz.ratio(needle, text[left:right].strip())
                if score > best[0]:
                    best = (score, left, right)
        _, left, right = best
        while left < right and text[left] == " ":
            left += 1
        while right > left and text[right - 1] == " ":
            right -= 1
        return left, right


def locate(quote: str, text: str) -> Alignment:
    """Locate one quote in one text (build an ArticleIndex to locate many)."""
    return ArticleIndex(text).locate(quote)


@dataclass(frozen=True)
class GroundedQuote:
    """One evidence quote of an extraction, with the item it backs."""

    path: str  # e.g. "actors[2].evidence[0]"
    item_type: str  # actors | treaties | events
    item_index: int
    alignment: Alignment

    def to_dict(self) -> dict[str, object]:
        a = self.alignment
        return {
            "path": self.path,
            "quote": a.quote,
            "status": a.status,
            "start": a.start,
            "end": a.end,
            "score": a.score,
        }


def iter_evidence(items: object) -> Iterator[tuple[str, str, int, str]]:
    """(path, item_type, item_index, quote) for every evidence quote of an ExtractionItems."""
    for item_type in ITEM_TYPES:
        for index, item in enumerate(getattr(items, item_type)):
            for q, quote in enumerate(item.evidence):
                yield f"{item_type}[{index}].evidence[{q}]", item_type, index, quote


def alignments(items: object, text: str) -> list[QuoteAlignment]:
    """`ground`, in the shape a RunRecord stores."""
    return [QuoteAlignment.model_validate(g.to_dict()) for g in ground(items, text)]


def ground(items: object, text: str) -> list[GroundedQuote]:
    """Locate every evidence quote of an extraction in the article text."""
    index = ArticleIndex(text)
    return [
        GroundedQuote(path, item_type, item_index, index.locate(quote))
        for path, item_type, item_index, quote in iter_evidence(items)
    ]
