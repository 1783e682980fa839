"""Who gives a death toll: "according to X", "selon X", "X said", "de source locale"."""

from __future__ import annotations

import re

from extractor.numbers import fold as _fold
from extractor.text import fold

_ACCORDING = re.compile(
    r"\b(?:according\s+to|selon|d'apres|citing|cited\s+by)\s+((?:[\w'-]+\s*){1,7}?)"
    r"(?=[,.;:)]|\s+(?:who|which|qui)\b|$)",
)
_SAID = re.compile(
    r"(?:^|[,;:—–]\s*)((?:[\w'-]+\s+){0,5}?[\w'-]+)\s+(?:said|says|stated|reported|claimed|"
    r"announced|told|indicated|a\s+indique|ont\s+indique|a\s+annonce|ont\s+annonce|"
    r"a\s+affirme|ont\s+affirme|a\s+rapporte|a\s+declare|ont\s+declare|affirme|indique|"
    r"estimated|counted|gave|spoke\s+of|put\s+the\s+(?:death\s+)?(?:toll|number|figure))\b"
    r"(?!\s+responsibility)"
)
_SOURCE_NOUN = re.compile(
    r"\b(?:de\s+sources?\s+(?:\w+\s+){0,2}?(?:locales?|securitaires?|militaires?|humanitaires?|"
    r"officielles?|concordantes?|hospitalieres?|medicales?)|local\s+sources|security\s+sources?|"
    r"military\s+sources?)\b"
)
# "No casualties were reported": a passive report is no source.
_PASSIVE_END = re.compile(r"\b(?:were|was|been|have|has|is|are|ont|a|ete)$")
_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "who", "which", "that", "il", "elle", "none", "nobody"}
)


def claimed_by(sentence: str) -> str | None:
    """The source of a figure: "according to X", "selon X", "X said", "de source locale";
    None when the sentence gives it in its own voice."""
    folded = _fold(sentence)
    match = _ACCORDING.search(folded) or _SAID.search(folded) or _SOURCE_NOUN.search(folded)
    if not match:
        return None
    group = 1 if match.re is not _SOURCE_NOUN else 0
    if match.re is _SAID and _PASSIVE_END.search(match[1]):
        return None
    start, end = match.span(group)
    source = sentence[start:end].strip(" ,")
    source = re.sub(
        r"^(?:(?:while|whereas|but|and|tandis\s+que|alors\s+que|et|mais|the|a|an|des|les|le|"
        r"la|de)\s+|l'|d')+",
        "",
        source,
        flags=re.I,
    ).strip()
    return None if not source or fold(source) in _PRONOUNS else source
