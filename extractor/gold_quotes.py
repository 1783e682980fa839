"""Gold evidence quotes: each must occur in the article, up to white space, case, accents and
typographic punctuation (grounding status ``exact`` or ``normalized``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extractor.grounding import ArticleIndex

_SHOWN_QUOTE = 80


def evidence_problems(
    items: dict[str, list[tuple[int, dict[str, Any]]]], text: str | None, required: bool = True
) -> Iterator[tuple[str, str]]:
    """Quotes that are missing or not in the article. Partial gold made from a dataset row
    (``complete: false``) may lack quotes: its actors are named as the dataset names them."""
    index = ArticleIndex(text) if text is not None else None
    for section, entries in items.items():
        for i, item in entries:
            evidence = item.get("evidence")
            if evidence is None or evidence == [] or evidence == "":
                if required:
                    yield (
                        f"{section}.{i}.evidence",
                        "no evidence: every gold item needs at least one quote from the article",
                    )
                continue
            if index is None or not isinstance(evidence, list):
                continue
            for q, quote in enumerate(evidence):
                if not isinstance(quote, str):
                    continue
                where = f"{section}.{i}.evidence.{q}"
                alignment = index.locate(quote)
                if not quote.strip():
                    yield where, "empty quote"
                elif alignment.status == "fuzzy":
                    assert alignment.start is not None and alignment.end is not None
                    closest = text[alignment.start : alignment.end]  # type: ignore[index]
                    yield (
                        where,
                        (
                            "quote only matches fuzzily "
                            f"(status fuzzy, score {alignment.score:g}); "
                            f"the article has {_shorten(closest)!r}, copy it exactly"
                        ),
                    )
                elif alignment.status == "not_found":
                    yield (
                        where,
                        (f"quote not found in the article (status not_found): {_shorten(quote)!r}"),
                    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_QUOTE else text[: _SHOWN_QUOTE - 3] + "..."
