"""Text keys and normalisation: the one home for folding case and accents, the typographic
table, and normalising a text while keeping a map back to its original offsets.

Four strengths, from light to heavy:

- `fold_chars`: accents dropped and typographic punctuation made ASCII, one character for one,
  so regexes can run on the result and report offsets into the original;
- `fold`: case and accents dropped, white space collapsed: names compared inside an extraction;
- `squash`: `fold` keeping only letters and digits: "al-Qaeda" = "Al Qaeda", "U.S." = "US";
- `normalise` / `normalise_with_map`: what quote grounding compares (casefolded, accents and
  compatibility forms decomposed, typographic punctuation ASCII, white space collapsed), with
  the original index of every character; `normalise_name` is the scorer's name key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# Typographic punctuation and its ASCII form. Both the actor stage (`fold_chars`) and quote
# grounding read through this table, so a quote or a name written with ' for ’ still matches.
# The ellipsis expands to three characters, so `fold_chars` (one for one) leaves it alone.
TYPOGRAPHIC: dict[str, str] = {
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote, the usual apostrophe
    "\u02bc": "'",  # modifier letter apostrophe
    "\u201a": "'",  # low single quote
    "\u2032": "'",  # prime
    "\u201c": '"',  # left double quote
    "\u201d": '"',  # right double quote
    "\u201e": '"',  # low double quote
    "\u00ab": '"',  # guillemets
    "\u00bb": '"',
    "\u2011": "-",  # non-breaking hyphen
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u00a0": " ",  # no-break space
    "\u2026": "...",  # ellipsis
}
_TYPOGRAPHIC_TABLE = str.maketrans(TYPOGRAPHIC)


@functools.lru_cache(maxsize=65536)  # pure, and called for every name of every comparison
def fold(text: str) -> str:
    """Case- and accent-insensitive key, white space collapsed: "  Assimi GOÏTA" -> "assimi
    goita"."""
    return " ".join(strip_accents(text).casefold().split())


def strip_accents(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def squash(text: str) -> str:
    """Lookup key: `fold` with everything but letters and digits removed."""
    return "".join(c for c in fold(text) if c.isalnum())


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    ascii_form = TYPOGRAPHIC.get(char, char)
    if len(ascii_form) != 1:
        return char  # one character for one: offsets must survive
    base = strip_accents(ascii_form)
    return base if len(base) == 1 else ascii_form


@functools.lru_cache(maxsize=4096)
def fold_chars(text: str) -> str:
    """``text`` with accents removed and typographic quotes/dashes made ASCII, one character
    for one, so that offsets into the result are offsets into ``text``. Case is kept."""
    return "".join(_fold_char(c) for c in text)


def fold_lower(text: str) -> str:
    """`fold_chars` in lower case: what the rule stages match their patterns against (one
    character for one, so a match's offsets are offsets into ``text``)."""
    return fold_chars(text).lower()


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text plus, for each of its characters, the index in ``text`` it came
    from (a run of white space maps to its last character)."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace() or char == "\u00a0":
            pending_space = bool(chars)  # leading white space is dropped
            continue
        if pending_space:
            chars.append(" ")
            origin.append(index - 1)
            pending_space = False
        ascii_form = char.translate(_TYPOGRAPHIC_TABLE).casefold()
        for piece in unicodedata.normalize("NFKD", ascii_form):
            if not unicodedata.combining(piece):
                chars.append(piece)
                origin.append(index)
    return "".join(chars), origin


def normalise(text: str) -> str:
    """`normalise_with_map` without the map."""
    return normalise_with_map(text)[0]


def original_span(origin: Sequence[int], start: int, end: int, text_len: int) -> tuple[int, int]:
    """A [start, end) span of a normalised text, mapped back to the original text through the
    ``origin`` map of `normalise_with_map` (an empty span stays empty)."""
    if end <= start:
        return origin[start] if start < len(origin) else text_len, origin[start]
    return origin[start], origin[end - 1] + 1


# Dropped inside a word rather than split on: "U.N." -> "un", "d'Ivoire" -> "divoire".
_NAME_DROP = re.compile(r"[.'\u2019\u02bc`]")
_NAME_PUNCT = re.compile(r"[^\w\s]|_")


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, without a leading "the":
    "The Goïta-led junta" -> "goita led junta"; "U.N." -> "un"."""
    bare = text.casefold()
    if not bare.isascii():  # plain ASCII names skip the decomposition
        bare = strip_accents(bare)
    words = _NAME_PUNCT.sub(" ", _NAME_DROP.sub("", bare)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)
