"""Death tolls in English and French (sentences written for this test)."""

from __future__ import annotations

import pytest

from extractor.numbers import number_value
from extractor.schema import FatalityClaim
from extractor.toll_sources import claimed_by
from extractor.toll_total import event_toll
from extractor.tolls import find_tolls


def tolls(sentence: str) -> list[tuple[int, str | None, str | None]]:
    return [(c.count, c.victims, c.claimed_by) for c in find_tolls(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants raided the post, killing 12 soldiers.", [(12, "soldiers", None)]),
        ("At least 30 soldiers were killed, the army said.", [(30, "soldiers", "army")]),
        ("The attack left 7 dead and 12 wounded.", [(7, None, None)]),
        ("Dozens of civilians were killed.", [(12, "civilians", None)]),
        ("Between 10 and 15 people died in the raid.", [(10, "people", None)]),
        ("Twenty-five villagers were killed.", [(25, "villagers", None)]),
        ("Gunmen killed a farmer near the well.", [(1, "farmer", None)]),
        ("No casualties were reported.", [(0, None, None)]),
        ("They stole 200 head of cattle and burned two vehicles.", []),
        ("A soldier was killed and three others wounded.", [(1, "soldier", None)]),
        (
            "Les assaillants ont tué quatre soldats et deux civils.",
            [(4, "soldats", None), (2, "civils", None)],
        ),
        ("Une dizaine de morts selon des sources locales.", [(10, None, "sources locales")]),
        ("L'attaque a fait 12 morts.", [(12, None, None)]),
        ("Plus d'une dizaine de militaires sont tombés.", [(10, "militaires", None)]),
        ("Quatre-vingts terroristes ont été neutralisés.", [(80, "terroristes", None)]),
        ("Aucune victime n'est à déplorer.", [(0, None, None)]),
        ("L'embuscade a fait des dizaines de morts.", [(12, None, None)]),
    ],
)
def test_tolls(sentence: str, expected: list) -> None:
    assert tolls(sentence) == expected


def test_two_sources_two_claims() -> None:
    sentence = (
        "The army said it killed 20 terrorists, while local sources reported 12 civilians dead."
    )
    assert tolls(sentence) == [(20, "terrorists", "army"), (12, "civilians", "local sources")]


def test_numbers_inside_dates_are_not_tolls() -> None:
    sentence = "On 12 May, 3 soldiers were killed."
    claims = find_tolls(sentence, taken=[(3, 9)])
    assert [(c.count, c.victims) for c in claims] == [(3, "soldiers")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("twelve", 12),
        ("douze", 12),
        ("une vingtaine", 20),
        ("dozens", 12),
        ("several", 3),
        ("plusieurs", 3),
        ("quatre-vingt-dix", 90),
        ("thirty-two", 32),
        ("hundreds", 100),
        ("1,200", 1200),
    ],
)
def test_number_values(text: str, value: int) -> None:
    assert number_value(text) == value


def test_claimed_by() -> None:
    assert claimed_by("Ten died, according to the regional governor.") == "regional governor"
    assert claimed_by("Selon le ministère de la Défense, dix soldats sont morts.") == (
        "ministère de la Défense"
    )
    assert claimed_by("Ten soldiers died.") is None


def _claims(*triples: tuple[int, str | None, str | None]) -> list[FatalityClaim]:
    return [FatalityClaim(count=n, victims=v, claimed_by=s) for n, v, s in triples]


@pytest.mark.parametrize(
    ("claims", "total"),
    [
        ([], 0),
        ([(0, None, None)], 0),
        ([(4, "soldiers", None), (3, "militants", "the army")], 7),  # both sides count
        ([(11, "VDP", None), (2, "civilians", None)], 13),
        ([(20, "civilians", "locals"), (12, "civilians", "the army")], 12),  # lowest per side
        ([(60, "people", None), (12, "civilians", None)], 60),  # a side-less total
        ([(5, "soldiers", None), (2, None, None)], 5),
        ([(12, None, "the army"), (30, "soldiers", "CMA")], 12),  # rival sources: the lowest
        ([(5, "teachers", None), (1, "municipal worker", None)], 6),  # both civilians
        ([(6, "aid workers", None), (1, "driver", None), (1, "guide", None)], 8),
    ],
)
def test_event_toll_adds_sides_and_keeps_the_lowest_claim(
    claims: list[tuple[int, str | None, str | None]], total: int
) -> None:
    assert event_toll(_claims(*claims)) == total


def test_a_communique_repeats_numbers_and_asides_sit_before_the_verb() -> None:
    assert tolls("La riposte a permis de neutraliser sept (07) terroristes.") == [
        (7, "terroristes", None)
    ]
    assert tolls("Trente-cinq civils, dont trente et une femmes, ont perdu la vie.") == [
        (35, "civils", None)
    ]
    assert tolls("Thirty-five civilians, including 31 women, were killed.") == [
        (35, "civilians", None)
    ]


def test_quote_marks_around_a_word_do_not_hide_the_toll() -> None:
    assert tolls("L'armée dit avoir « neutralisé » au moins sept assaillants.") == [
        (7, "assaillants", None)
    ]
    assert [c.count for c in find_tolls('The army said 203 "terrorists" were killed.')] == [203]


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        ("Gunmen opened fire on a congregation, killing the pastor and five worshippers.", 6),
        ("Gunmen killed the village chief of Kelbo and 5 others.", 6),
        ("Militants stormed the post, killing 4 customs agents and a priest.", 5),
        ("One soldier and the bomber were killed.", 2),
        ("Nine soldiers were wounded, two of whom later died.", 2),
        ("The bodies of two teachers were found near the town.", 2),
        ("Militants shot five teachers dead in the school yard.", 5),
    ],
)
def test_an_events_total_counts_every_victim_listed(sentence: str, total: int) -> None:
    assert event_toll(find_tolls(sentence)) == total


def test_a_role_and_relatives_are_one_sources_list() -> None:
    assert event_toll(find_tolls("Gunmen murdered the imam of Dioura and two of his sons.")) == 3
    assert [
        c.count for c in find_tolls("Des individus armés ont assassiné le chef du village.")
    ] == [1]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a log's toll field: one claim per item, its source in brackets; 0 is the empty field
        (
            "Fatalities: 25 (regional governor); 31 (a hospital source).",
            [(25, None, "regional governor"), (31, None, "a hospital source")],
        ),
        (
            "Fatalities: 4 soldiers and 9 attackers.",
            [(4, "soldiers", None), (9, "attackers", None)],
        ),
        ("Fatalities: 0.", []),
        ("Fatalities: none reported.", []),
        # a rival source's bare figure, after a toll in the same sentence
        (
            "The governor put the toll at 18, while residents said about 30.",
            [(18, None, "governor"), (30, None, "residents")],
        ),
        ("A source close to the mine said about 40 trucks were burned; police said 12.", []),
        # a source "putting the number of dead" at a figure is no victim
        (
            "Officials counted 22 dead; a nurse put the number of dead at no fewer than 35.",
            [(22, None, "Officials"), (35, None, "nurse")],
        ),
        # a running total is not this event's toll
        ("Mines have killed 58 peacekeepers since the mission began in 2013.", []),
        ("A hospital worker reported a third death on Friday.", [(3, None, "hospital worker")]),
        # a participle phrase between two listed groups
        (
            "The blast killed 11 pilgrims travelling to a shrine as well as two police officers.",
            [(11, "pilgrims", None), (2, "police officers", None)],
        ),
        # the figure before an active death verb counts the killers
        (
            "Four armed men on motorbikes shot dead the chief and a visitor.",
            [(1, "chief", None), (1, "visitor", None)],
        ),
        ("Quatre hommes armés ont tué le chef du village.", [(1, "chef", None)]),
        ("Four civilians killed the day before were buried.", [(4, "civilians", None)]),
        ("Quatre soldats ont été tués le lendemain.", [(4, "soldats", None)]),
        # a name after the role, a hyphenated role, "15+"
        (
            "Gunmen killed Djibo's MP-mayor Oumarou Dicko and three companions.",
            [(1, "MP-mayor", None), (3, "companions", None)],
        ),
        ("15+ killed incl. the imam; 11 wounded.", [(15, None, None)]),
    ],
)
def test_logs_rivals_running_totals_and_ordinals(
    sentence: str, expected: list[tuple[int, str | None, str | None]]
) -> None:
    assert tolls(sentence) == expected


def test_a_datelines_day_is_no_toll_and_does_not_hide_the_one_after_it() -> None:
    sentence = "NIAMEY, Dec 11 - Seventy-one soldiers were killed when the camp was overrun."
    assert tolls(sentence) == [(71, "soldiers", None)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one more victim: "another", any noun when the death word follows the list
        ("Gunmen shot dead a teacher and another resident.", [(1, "teacher"), (1, "resident")]),
        (
            "Three Italian engineers and a Togolese interpreter were killed.",
            [(3, "Italian engineers"), (1, "Togolese interpreter")],
        ),
        # a victim named by role as the subject, or before a counted group
        ("The Koglweogo leader was also killed.", [(1, "Koglweogo leader")]),
        ("The imam and 7 worshippers were shot dead.", [(7, "worshippers"), (1, "imam")]),
        ("Gunmen killed the chief of Bani (Seno) and 4 others.", [(1, "chief"), (4, "others")]),
        ("He was found dead two days later.", [(1, None)]),
        ("Both bombers died and a guard was also killed.", [(2, "bombers"), (1, "guard")]),
        ("The chief was wounded and his son was arrested.", []),
    ],
)
def test_one_more_victim_and_victims_named_by_role(
    sentence: str, expected: list[tuple[int, str | None]]
) -> None:
    assert [(c.count, c.victims) for c in find_tolls(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected", "total"),
    [
        ("The ministry first gave 41 dead, then revised the figure to 38 soldiers.", [41, 38], 38),
        ("The army said 57 'terrorists' were neutralised.", [57], 57),
        ("Medics put the number of civilians killed at about 90.", [90], 90),
        ("Local sources put the toll above 40.", [40], 40),
        ("At least one of his bodyguards was shot dead.", [1], 1),
        ("Residents spoke of three to four civilians killed.", [3], 3),
        ("Gunmen killed 5 aid workers with the charity and their two drivers.", [5, 2], 7),
        # victims naming no side plus attackers: a monitor adds them
        ("Twenty people were killed, plus 3 attackers.", [20, 3], 23),
    ],
)
def test_revised_figures_quoted_words_ranges_and_attackers_on_top(
    sentence: str, expected: list[int], total: int
) -> None:
    claims = find_tolls(sentence)
    assert [c.count for c in claims] == expected
    assert event_toll(claims) == total
