"""Numbers as reports write them, in English and French: digits ("1,200", "07"), number words
("thirty-five", "quatre-vingt-dix"), and the vague words the annotation guide converts after
ACLED ("several"/"plusieurs" 3, "dozens"/"des dizaines" 12, "hundreds" 100, "une vingtaine"
20). `NUMBER` is the pattern for one in accent-folded lower-case text; `number_value` its value.
"""

from __future__ import annotations

import re

from extractor.text import fold_lower

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_WORDS |= {"ninety": 90, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12}
_WORDS |= {"both": 2}
_FR_UNITS = [
    "zero",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
    "vingt",
]
_WORDS |= {w: i for i, w in enumerate(_FR_UNITS) if w not in _WORDS}
_WORDS |= {"a": 1, "an": 1, "une": 1, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_WORDS |= {"soixante-dix": 70, "quatre-vingts": 80, "quatre-vingt": 80, "quatre-vingt-dix": 90}
_WORDS |= {"cent": 100, "une centaine": 100, "une dizaine": 10, "une douzaine": 12}
_WORDS |= {"une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30, "une quarantaine": 40}
_WORDS |= {"une cinquantaine": 50, "une soixantaine": 60}
# ACLED's conventions for vague counts (annotation guide).
_VAGUE = {
    "several dozen": 12,
    "dozens": 12,
    "dozens of": 12,
    "scores": 12,
    "hundreds": 100,
    "several": 3,
    "a few": 3,
    "a number of": 3,
    "plusieurs dizaines": 12,
    "des dizaines": 12,
    "des centaines": 100,
    "plusieurs centaines": 100,
    "plusieurs": 3,
    "quelques": 3,
    "nombreux": 12,
    "de nombreux": 12,
    "de nombreuses": 12,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|vingt|trente|quarante|cinquante"
_ONES = (
    "one|two|three|four|five|six|seven|eight|nine|un|une|deux|trois|quatre|cinq|six|sept|huit|"
    "neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf"
)
_COMPOUND = rf"(?:{_TENS}|soixante|quatre-vingt)[- ](?:et[- ])?(?:{_ONES})"
_ALL_WORDS = sorted(list(_WORDS) + list(_VAGUE), key=len, reverse=True)
NUMBER = (
    r"(?:\d{1,3}(?:[,  ]\d{3})+|\d+|"
    + _COMPOUND
    + "|"
    + "|".join(re.escape(w) for w in _ALL_WORDS)
    + r")"
)


def fold(text: str) -> str:
    """Lower case without accents, one character for one (extractor.text.fold_lower)."""
    return fold_lower(text)


def number_value(text: str) -> int | None:
    """The value of a number phrase: digits, number words (EN/FR) or a vague word."""
    key = " ".join(fold(text).split())
    if key in _VAGUE:
        return _VAGUE[key]
    if key in _WORDS:
        return _WORDS[key]
    digits = re.sub(r"[,  ]", "", key)
    if digits.isdigit():
        return int(digits)
    parts = re.split(r"[- ]+(?:et[- ]+)?", key, maxsplit=1)
    if len(parts) == 2 and parts[0] in _WORDS and parts[1] in _WORDS:
        return _WORDS[parts[0]] + _WORDS[parts[1]]
    return None
