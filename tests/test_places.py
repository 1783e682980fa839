"""Places of a sentence and their country (sentences written for this test)."""

from __future__ import annotations

import pytest

from extractor.places import (
    COUNTRY,
    REGION,
    TOWN,
    countries_named,
    country_of,
    event_place,
    find_places,
    gazetteer,
    main_country,
)


def best(sentence: str) -> tuple[str, str | None] | None:
    place = event_place([p for p in find_places(sentence) if p.rank > COUNTRY])
    return (place.name, place.country) if place else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants attacked a post in Boulkessi (Mondoro, Douentza, Mopti).", ("Boulkessi", "ML")),
        ("Gunmen raided the village of Tinkar, in the Mopti region.", ("Tinkar", None)),
        ("Clashes broke out near Djibo on Monday.", ("Djibo", "BF")),
        (
            "Le poste de Tassia (département de Téra, région de Tillabéri) a été visé.",
            ("Tassia", "NE"),
        ),
        (
            "Des hommes armés ont attaqué la localité de Kargo, dans la région de Dosso.",
            ("Kargo", None),
        ),
        ("Une mine a explosé à Gorom-Gorom.", ("Gorom-Gorom", "BF")),
        ("A roadside bomb hit a patrol outside Menaka.", ("Menaka", "ML")),
        # the name an attack falls on, a direction from a town, a possessive, a road's towns
        ("Militants raided Gogone near Lake Chad at dawn.", ("Gogone", None)),
        ("Gunmen attacked Fulani herders near Gossi.", ("Gossi", "ML")),
        ("Gunmen hit a vehicle in the reserve east of Koure.", ("Koure", None)),
        (
            "Gunmen killed Djibo's mayor on the Djibo-Ouagadougou road near Namssiguia (Bam).",
            ("Namssiguia", "BF"),
        ),
        ("A body was found on the Gorom-Gorom-Markoye road.", ("Gorom-Gorom", "BF")),
        ("Troops were deployed to northern Mali.", ("northern Mali", "ML")),
    ],
)
def test_event_place(sentence: str, expected: tuple) -> None:
    assert best(sentence) == expected


def test_a_note_place_takes_its_country_from_the_parenthesis() -> None:
    # "Wadaguel" is in no list: the district and region in brackets give Mali.
    assert best("Gunmen killed 3 people in Wadaguel (Bankass, Mopti).") == ("Wadaguel", "ML")


def test_a_town_beats_its_region() -> None:
    places = find_places("The army said the attack near Tessit, in the Gao region, failed.")
    assert event_place(places).name == "Tessit"


def test_actor_names_are_not_places() -> None:
    sentence = "Fighters of the Macina Liberation Front attacked Sofara."
    blocked = [(sentence.index("Macina"), sentence.index(" attacked"))]
    assert [p.name for p in find_places(sentence, blocked=blocked)] == ["Sofara"]


def test_gazetteer_and_countries() -> None:
    assert gazetteer()["djibo"] == ("BF", TOWN)
    assert gazetteer()["tillaberi"] == ("NE", REGION)
    assert country_of("Ménaka") == "ML"
    assert country_of("Niger") == "NE"
    assert countries_named("Troops from Chad and Niger met in Burkina Faso.") == ["TD", "NE", "BF"]


def test_main_country() -> None:
    text = "In Burkina Faso, attacks near Djibo and Arbinda continued; Malian troops watched."
    assert main_country(text) == "BF"
    assert main_country("Nothing here.") is None


def test_a_town_the_parser_takes_for_a_person_is_still_a_place_but_a_surname_is_not() -> None:
    # the small English model tags lone Sahel town names as persons; a title, a given name or
    # a speech verb still marks a surname
    def named(sentence: str, person: str) -> list[str]:
        start = sentence.index(person)
        return [p.name for p in find_places(sentence, persons=[(start, start + len(person))])]

    assert named("Fighters attacked Toumour in the evening.", "Toumour") == ["Toumour"]
    assert named("They drove the rebels out of Gao after a day.", "Gao") == ["Gao"]
    assert named("The troops met President Keita at dawn.", "Keita") == []
    assert named("On Saturday, Keita announced a new cabinet.", "Keita") == []
