"""extractor/text.py: folding, the typographic table, offset-preserving normalisation and the
scorer's name key."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.evaluation import matching
from extractor.registry import load_registry
from extractor.text import (
    TYPOGRAPHIC,
    fold,
    fold_chars,
    normalise,
    normalise_name,
    normalise_with_map,
    original_span,
    squash,
)

ROOT = Path(__file__).resolve().parent.parent


def test_fold() -> None:
    assert fold("  Assimi   GOÏTA ") == "assimi goita"
    assert fold(unicodedata.normalize("NFD", "Goïta")) == fold("Goïta") == "goita"
    assert fold("Tinzaouatène") == "tinzaouatene"


def test_squash_keeps_letters_and_digits_only() -> None:
    assert squash("al-Qaeda") == squash("Al Qaeda") == "alqaeda"
    assert squash("U.S.") == "us"
    assert squash("G5 Sahel") == squash("G5-Sahel") == "g5sahel"


def test_fold_chars_is_one_character_for_one() -> None:
    text = "L’« armée » malienne — Goïta‑led – “FAMa” … d'Ivoire\u00a0x ʼa ‚b′ „c” −1"
    folded = fold_chars(text)
    assert len(folded) == len(text)
    assert folded == 'L\'" armee " malienne - Goita-led - "FAMa" … d\'Ivoire x \'a \'b\' "c" -1'


@pytest.mark.parametrize(("char", "ascii_form"), sorted(TYPOGRAPHIC.items()))
def test_both_folds_read_the_one_typographic_table(char: str, ascii_form: str) -> None:
    assert normalise(f"a{char}b") == f"a{ascii_form}b".replace("\u00a0", " ")
    if len(ascii_form) == 1:
        assert fold_chars(char) == ascii_form
    else:
        assert fold_chars(char) == char  # the ellipsis would shift every offset after it


def test_normalise_with_map_points_back_into_the_text() -> None:
    text = "  Le colonel  Goïta a dénoncé\nl’« agression » …"
    normalised, origin = normalise_with_map(text)
    assert normalised == 'le colonel goita a denonce l\'" agression " ...'
    assert len(origin) == len(normalised)
    assert origin == sorted(origin)
    start = normalised.index("goita")
    begin, end = original_span(origin, start, start + len("goita"), len(text))
    assert text[begin:end] == "Goïta"
    start = normalised.index("l'\" agression")
    begin, end = original_span(origin, start, start + len("l'\" agression"), len(text))
    assert text[begin:end] == "l’« agression"


def _names_sample() -> list[str]:
    """Names and phrases the scorer meets: registry names and aliases, every line and word of
    the seed and dev articles and gold files, and random strings over tricky characters."""
    registry = load_registry()
    sample = [n for e in registry.entries for n in (*e.names(), *e.acled)]
    sample += list(registry.places)
    for folder in ("seeds", "gold", "evals/corpus/dev/articles", "evals/corpus/dev/gold"):
        for path in sorted((ROOT / folder).glob("*.*")):
            if path.suffix not in (".txt", ".yaml"):
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                sample.append(line)
                sample += re.split(r"[\s:,]+", line)
    alphabet = "aZé É.'’ʼ`-–—_()/&«»“”\u00a0\u0301İßﬁ½²ØŁ  the The 1ǅ"
    rng = random.Random(20240901)
    sample += ["".join(rng.choices(alphabet, k=rng.randint(0, 20))) for _ in range(5000)]
    sample += ["The", "the x", "  THE  Malian Army", "U.N.", "Côte d’Ivoire", ""]
    return sample


def test_normalise_name_is_the_scorers_name_key() -> None:
    sample = _names_sample()
    assert len(sample) > 10000
    differ = [s for s in sample if normalise_name(s) != matching.normalise_name(s)]
    assert differ == []
