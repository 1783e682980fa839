"""extractor/grounding.py: where an evidence quote sits in the article, and how it matched."""

from __future__ import annotations

import pytest

from extractor.grounding import (
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    Alignment,
    ArticleIndex,
    ground,
    locate,
)
from extractor.schema import Actor, Event, ExtractionItems, Treaty

TEXT = (
    "A delegation from the Nigerien rebel group Patriotic Liberation Front (FPL) met with the "
    "Malian rebel movement Permanent Strategic Framework (CSP) in late August.\n"
    "The meeting, which took place from August 25 to 29 in Tinzaouatene, a town in northern "
    "Mali near the Algerian border, saw the two groups discussing mutual interests.\n"
    "CSP spokesman Mohamed Elmaouloud Ramadan confirmed the meeting to AFP on Monday."
)

FRENCH = (
    "MALI 🇲🇱 - NIGER 🇳🇪 : à Tinzaouatène, les rebellions se réunissent.\n"
    "— France-AfriqueMÉDIA (@FranceAfrique23) September 2, 2024\n"
    "Le colonel Assimi Goïta a dénoncé l’« agression » du Front.\n"
    "Le porte-parole a déclaré : “nous n’avons pas signé”."
)


def test_exact_quote_gives_its_offsets() -> None:
    quote = "Patriotic Liberation Front (FPL)"
    alignment = locate(quote, TEXT)
    start = TEXT.index(quote)
    assert alignment == Alignment(quote, "exact", start, start + len(quote), 100.0)
    assert alignment.found is True
    assert TEXT[alignment.start : alignment.end] == quote


def test_exact_match_takes_the_first_occurrence() -> None:
    alignment = locate("CSP", TEXT)
    assert (alignment.status, alignment.start, alignment.end) == ("exact", 142, 145)
    assert TEXT.index("CSP") == 142


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # a line break in the article, a space in the quote
        (
            "in late August. The meeting, which took place",
            "in late August.\nThe meeting, which took place",
        ),
        # double spaces and a tab in the quote, single spaces in the article
        ("a town in  northern\tMali", "a town in northern Mali"),
        # a line break in the quote, a space in the article
        ("mutual\ninterests.\nCSP spokesman", "mutual interests.\nCSP spokesman"),
    ],
)
def test_white_space_differences_are_normalized(quote: str, expected: str) -> None:
    alignment = locate(quote, TEXT)
    assert alignment.status == "normalized"
    assert alignment.score == 100.0
    assert TEXT[alignment.start : alignment.end] == expected
    assert (alignment.start, alignment.end) == (
        TEXT.index(expected),
        TEXT.index(expected) + len(expected),
    )


def test_case_differences_are_normalized() -> None:
    alignment = locate("patriotic liberation FRONT", TEXT)
    assert alignment.status == "normalized"
    assert TEXT[alignment.start : alignment.end] == "Patriotic Liberation Front"


def test_ascii_apostrophe_matches_a_typographic_one() -> None:
    alignment = locate("a dénoncé l'« agression »", FRENCH)
    assert alignment.status == "normalized"
    assert FRENCH[alignment.start : alignment.end] == "a dénoncé l’« agression »"


def test_ascii_double_quotes_match_typographic_ones() -> None:
    alignment = locate('déclaré : "nous n\'avons pas signé"', FRENCH)
    assert alignment.status == "normalized"
    assert FRENCH[alignment.start : alignment.end] == "déclaré : “nous n’avons pas signé”"


def test_typographic_quote_matches_ascii_text() -> None:
    # the other direction: the model "corrects" the article's straight quote
    text = "Barka Taher Hamit said the FPL's aim was 'to strengthen' ties."
    alignment = locate("the FPL’s aim was ‘to strengthen’ ties", text)
    assert alignment.status == "normalized"
    assert text[alignment.start : alignment.end] == "the FPL's aim was 'to strengthen' ties"


def test_one_word_changed_in_a_long_quote_is_fuzzy_on_the_right_span() -> None:
    original = "took place from August 25 to 29 in Tinzaouatene, a town in northern Mali"
    quote = original.replace("a town", "a city")  # same length, so the span is exact
    assert 60 <= len(quote) <= 75 and quote not in TEXT

    alignment = locate(quote, TEXT)

    assert alignment.status == "fuzzy"
    assert alignment.score >= FUZZY_THRESHOLD
    # "town" -> "city" keeps one letter: Indel distance 6 over both strings' length
    assert alignment.score == round(100 * (1 - 6 / (2 * len(quote))), 2) == 95.83
    start = TEXT.index(original)
    assert (alignment.start, alignment.end) == (start, start + len(original))
    assert TEXT[alignment.start : alignment.end] == original


def test_a_quote_that_is_not_in_the_article_is_not_found() -> None:
    quote = "Russian mercenaries of the Wagner Group withdrew from Kidal."
    assert locate(quote, TEXT) == Alignment(quote, "not_found", None, None, 0.0)
    assert locate(quote, TEXT).found is False


def test_a_paraphrase_is_not_found() -> None:
    # two words changed: too far from the article to count as a quote
    quote = "The meeting, which happened from August 25 to 29 in Tinzaouatene"
    assert locate(quote, TEXT).status == "not_found"


@pytest.mark.parametrize("quote", ["", "   ", "\n\t"])
def test_an_empty_quote_is_not_found(quote: str) -> None:
    assert locate(quote, TEXT) == Alignment(quote, "not_found")


def test_short_quotes_are_never_fuzzy() -> None:
    # one letter off, and short: such strings align somewhere in any article
    near_miss = "Tinzaouatenne"
    assert len(near_miss) < FUZZY_MIN_LENGTH
    assert locate(near_miss, TEXT).status == "not_found"
    nineteen = "Elmaouloud Ramadam,"  # 19 characters, one letter changed
    assert len(nineteen) == FUZZY_MIN_LENGTH - 1
    assert locate(nineteen, TEXT).status == "not_found"
    # the same slip in a quote of the minimum length is fuzzy
    twenty = "Mohamed Elmaouloud Ramadam"
    assert len(twenty) >= FUZZY_MIN_LENGTH
    alignment = locate(twenty, TEXT)
    assert alignment.status == "fuzzy"
    assert TEXT[alignment.start : alignment.end] == "Mohamed Elmaouloud Ramadan"


@pytest.mark.parametrize(
    "quote",
    ["Goïta", "Tinzaouatène", "MÉDIA", "Assimi Goïta a dénoncé", "France-AfriqueMÉDIA"],
)
def test_non_ascii_quotes_slice_back_to_themselves(quote: str) -> None:
    alignment = locate(quote, FRENCH)
    assert alignment.status == "exact"
    assert FRENCH[alignment.start : alignment.end] == quote


def test_non_ascii_quotes_found_case_insensitively_slice_back_to_the_article_text() -> None:
    alignment = locate("france-afriquemédia", FRENCH)
    assert alignment.status == "normalized"
    assert FRENCH[alignment.start : alignment.end] == "France-AfriqueMÉDIA"
    alignment = locate("À TINZAOUATÈNE,  LES", FRENCH)
    assert alignment.status == "normalized"
    assert FRENCH[alignment.start : alignment.end] == "à Tinzaouatène, les"


def test_offsets_are_code_point_indices() -> None:
    # each flag is two code points, four UTF-16 units and eight UTF-8 bytes: only code
    # point offsets slice the Python string back to the quote
    alignment = locate("Tinzaouatène", FRENCH)
    assert alignment.start == len("MALI 🇲🇱 - NIGER 🇳🇪 : à ") == 23
    assert alignment.end == 35
    utf8_offset = len("MALI 🇲🇱 - NIGER 🇳🇪 : à ".encode())
    utf16_offset = len("MALI 🇲🇱 - NIGER 🇳🇪 : à ".encode("utf-16-le")) // 2
    assert alignment.start not in (utf8_offset, utf16_offset)


def test_offsets_after_emoji_survive_normalization() -> None:
    alignment = locate("les REBELLIONS se   réunissent", FRENCH)
    assert alignment.status == "normalized"
    assert (alignment.start, alignment.end) == (37, 65)
    assert FRENCH[37:65] == "les rebellions se réunissent"


def test_leading_and_trailing_spaces_of_a_quote_are_ignored() -> None:
    quote = "  Permanent Strategic Framework (CSP)\n "
    alignment = locate(quote, TEXT)
    assert alignment.status == "exact"
    assert alignment.quote == quote  # reported as the model wrote it
    assert TEXT[alignment.start : alignment.end] == "Permanent Strategic Framework (CSP)"


def test_an_index_locates_many_quotes_like_locate() -> None:
    index = ArticleIndex(FRENCH)
    for quote in ("Goïta", "goïta", "Assimi Goïta a dénoncé l'« agression »", "absent"):
        assert index.locate(quote) == locate(quote, FRENCH)


def test_ground_reports_every_quote_with_its_path() -> None:
    items = ExtractionItems(
        actors=[
            Actor(name="Patriotic Liberation Front", aliases=["FPL"], kind="armed_group",
                  evidence=["Patriotic Liberation Front (FPL)"]),
            Actor(name="Permanent Strategic Framework", aliases=["CSP"], kind="armed_group",
                  evidence=["the Malian rebel movement Permanent Strategic Framework (CSP)",
                            "CSP SPOKESMAN"]),
        ],
        treaties=[Treaty(name="FPL-CSP alliance", kind="other", status="proposed",
                         parties=["FPL", "CSP"], evidence=[])],
        events=[Event(kind="meeting", date="2024-08-25", date_end="2024-08-29",
                      location="Tinzaouatene", participants=["FPL", "CSP"],
                      evidence=["a meeting in Gao with Wagner", "a town in  northern Mali"])],
    )  # fmt: skip

    grounded = ground(items, TEXT)

    assert [(g.path, g.item_type, g.item_index, g.alignment.status) for g in grounded] == [
        ("actors[0].evidence[0]", "actors", 0, "exact"),
        ("actors[1].evidence[0]", "actors", 1, "exact"),
        ("actors[1].evidence[1]", "actors", 1, "normalized"),
        ("events[0].evidence[0]", "events", 0, "not_found"),
        ("events[0].evidence[1]", "events", 0, "normalized"),
    ]
    second = grounded[2]
    assert second.to_dict() == {
        "path": "actors[1].evidence[1]",
        "quote": "CSP SPOKESMAN",
        "status": "normalized",
        "start": TEXT.index("CSP spokesman"),
        "end": TEXT.index("CSP spokesman") + len("CSP spokesman"),
        "score": 100.0,
    }
    assert grounded[3].to_dict()["start"] is None


def test_fuzzy_span_follows_word_edges_when_the_changed_word_differs_in_length() -> None:
    text = (
        "The CSP, a coalition primarily composed of Tuareg-led armed separatist groups, "
        "was represented by its president."
    )
    alignment = locate("a coalition mainly composed of Tuareg-led armed separatist groups", text)
    assert alignment.status == "fuzzy"
    assert text[alignment.start : alignment.end] == (
        "a coalition primarily composed of Tuareg-led armed separatist groups"
    )
