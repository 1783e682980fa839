"""Date phrases in English and French, resolved against an anchor day (sentences written here)."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.dates import find_dates, reference_date

ANCHOR = dt.date(2023, 9, 17)  # a Sunday


def dates(sentence: str, anchor: dt.date | None = ANCHOR) -> list[tuple[str, str, str | None]]:
    return [(h.date, h.precision, h.date_end) for h in find_dates(sentence, anchor)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen struck on 14 July 2021 at dawn.", ("2021-07-14", "day", None)),
        ("The convoy was hit on July 14, 2021.", ("2021-07-14", "day", None)),
        ("L'attaque a eu lieu le 14 juillet 2021.", ("2021-07-14", "day", None)),
        ("Le camp a été visé le 1er août.", ("2023-08-01", "day", None)),
        ("Incident du 14/07/2021 près du marché.", ("2021-07-14", "day", None)),
        ("Fighting raged from 25 to 29 August.", ("2023-08-25", "day", "2023-08-29")),
        ("Les combats ont duré du 8 au 10 mars 2022.", ("2022-03-08", "day", "2022-03-10")),
        ("Talks resumed in March 2022.", ("2022-03", "month", None)),
        ("Les pourparlers ont repris en novembre 2019.", ("2019-11", "month", None)),
        ("A truce was agreed in 2015.", ("2015", "year", None)),
    ],
)
def test_absolute_dates(sentence: str, expected: tuple) -> None:
    assert dates(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants attacked the post on Sunday.", ("2023-09-17", "day")),
        ("The village was raided on Tuesday.", ("2023-09-12", "day")),
        ("Le poste a été attaqué dimanche.", ("2023-09-17", "day")),
        ("Des tirs ont été entendus mercredi soir.", ("2023-09-13", "day")),
        ("Gunmen struck overnight Tuesday to Wednesday.", ("2023-09-12", "day")),
        ("Dans la nuit de samedi à dimanche, le camp a été visé.", ("2023-09-16", "day")),
        ("Two soldiers were killed yesterday.", ("2023-09-16", "day")),
        ("Deux soldats ont été tués hier.", ("2023-09-16", "day")),
        ("The town fell last week.", ("2023-09", "month")),
        ("La ville est tombée la semaine dernière.", ("2023-09", "month")),
        ("The base was handed over in late July.", ("2023-07", "month")),
        ("La base a été rétrocédée fin juillet.", ("2023-07", "month")),
        ("The mission left last November.", ("2022-11", "month")),
        ("The coup took place last year.", ("2022", "year")),
    ],
)
def test_relative_dates(sentence: str, expected: tuple) -> None:
    assert [(d, p) for d, p, _ in dates(sentence)] == [expected]


def test_a_bare_day_month_is_the_most_recent_before_the_anchor() -> None:
    # 20 October is after the anchor (17 September 2023): it is last year's.
    assert dates("The raid of 20 October left ten dead.")[0][0] == "2022-10-20"


def test_relative_phrases_need_an_anchor() -> None:
    assert dates("Militants attacked the post on Sunday.", None) == []
    assert dates("The raid of 20 October left ten dead.", None) == []
    assert dates("On 3 May 2019 the post fell.", None) == [("2019-05-03", "day", None)]


def test_may_the_verb_is_no_month() -> None:
    assert dates("At least 30 may have died in the attack.") == []
    assert dates("On 30 May the army retook the town.")[0][0] == "2023-05-30"


def test_a_model_number_is_no_year() -> None:
    assert dates("Mirage 2000 jets struck the column.") == []


def test_reference_date_prefers_the_publication_date() -> None:
    assert reference_date("Nothing dated here.", "2024-02-10") == dt.date(2024, 2, 10)


def test_reference_date_from_a_dateline_and_a_year_elsewhere() -> None:
    text = "NIAMEY, Dec 11 (Wire) - Soldiers were killed on Sunday.\nThe 2019 toll rose."
    assert reference_date(text, None) == dt.date(2019, 12, 11)


def test_reference_date_from_the_latest_full_date() -> None:
    text = "The post fell on 3 May 2019. It was retaken on 9 May 2019 after heavy fighting."
    assert reference_date(text, None) == dt.date(2019, 5, 9)


def test_no_reference_date_without_any_date() -> None:
    assert reference_date("Soldiers were killed on Sunday.", None) is None


def test_without_a_publication_date_a_year_less_day_is_the_nearest_to_the_texts_latest_date() -> (
    None
):
    # the latest full date is background ("13 May 2025"); the news is told by day and month
    text = "On 13 May 2025 parties were dissolved. On 17 October tankers were burned."
    anchor = reference_date(text, None)
    assert anchor == dt.date(2025, 5, 13)
    [hit] = find_dates("On 17 October tankers were burned.", anchor)
    assert hit.date == "2025-10-17"
    # with a publication date, a year-less day is the most recent one before it
    [before] = find_dates("On 17 October tankers were burned.", dt.date(2025, 5, 13))
    assert before.date == "2024-10-17"
