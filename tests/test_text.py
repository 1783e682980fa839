"""extractor/text.py: folding, the typographic table, offset-preserving normalisation and the
scorer's name key."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Goïta-led junta", "goita led junta"),
        ("U.N.", "un"),
        ("Côte d’Ivoire", "cote divoire"),
        ("  THE  Malian Army", "malian army"),
        ("The", "the"),  # a lone "the" is kept: it is the whole name
        ("Jama'at Nusrat al-Islam wal-Muslimin", "jamaat nusrat al islam wal muslimin"),
        ("Ansar_Dine", "ansar dine"),
        ("", ""),
    ],
)
def test_normalise_name_is_the_scorers_name_key(name: str, key: str) -> None:
    assert normalise_name(name) == key
