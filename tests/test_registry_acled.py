"""ACLED actor names resolve to registry entries (the ACLED import relies on this)."""

from __future__ import annotations

import pytest

from extractor.registry import load_registry


@pytest.mark.parametrize(
    ("acled", "name"),
    [
        ("Military Forces of Mali (2021-)", "Malian Armed Forces"),
        ("Military Forces of Mali (2012-2013)", "Malian Armed Forces"),
        ("JNIM: Group for Support of Islam and Muslims", "Group for Support of Islam and Muslims"),
        ("Islamic State (Sahel)", "Islamic State Sahel Province"),
        ("Islamic State (Greater Sahara)", "Islamic State Sahel Province"),
        ("Wagner Group", "Wagner Group"),
        ("Military Forces of Burkina Faso (2022-)", "Burkinabe Armed Forces"),
        (
            "VDP: Volunteers for the Defense of the Homeland",
            "Volunteers for the Defence of the Homeland",
        ),
        ("Military Forces of Niger (2023-)", "Nigerien Armed Forces"),
        (
            "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali "
            "(2013-2023)",
            "MINUSMA",
        ),
        ("CMA: Coordination of Azawad Movements", "Coordination of Azawad Movements"),
        (
            "MNLA: National Movement for the Liberation of Azawad",
            "National Movement for the Liberation of Azawad",
        ),
        ("Dan Na Ambassagou", "Dan Na Ambassagou"),
        ("Ansaroul Islam", "Ansarul Islam"),
        ("AQIM: Al Qaeda in the Islamic Maghreb", "Al-Qaeda in the Islamic Maghreb"),
        ("Operation Barkhane", "Operation Barkhane"),
        ("Dozo Communal Militia (Mali)", "Dozo militia"),
        ("military forces of mali (2021-)", "Malian Armed Forces"),
        (
            "GATIA: Imghad Tuareg Self-Defense Group and Allies",
            "Imghad Tuareg and Allies Self-Defense Group",
        ),
        ("Government of Mali (2021-)", "Government of Mali"),
    ],
)
def test_by_acled(acled: str, name: str) -> None:
    entry = load_registry().by_acled(acled)
    assert entry is not None and entry.name == name


def test_unknown_acled_names_give_none() -> None:
    assert load_registry().by_acled("Unidentified Armed Group (Mali)") is None
    assert load_registry().by_acled("Civilians (Burkina Faso)") is None
    assert load_registry().by_acled("") is None


def test_acled_names_are_stored_without_period_tags() -> None:
    for entry in load_registry().entries:
        assert all("(20" not in a and "(19" not in a for a in entry.acled), entry.name


def test_national_police_forces_are_actors_apart_from_the_armies() -> None:
    from extractor.registry import load_registry

    registry = load_registry()
    for acled, country in (("Police Forces of Mali (2021-)", "ML"),
                           ("Police Forces of Burkina Faso (2022-)", "BF"),
                           ("Police Forces of Niger (2023-)", "NE")):  # fmt: skip
        entry = registry.by_acled(acled)
        assert entry is not None and entry.country == country and entry.kind == "armed_forces"
    assert registry.entry("Malian police").name == "Malian Police"  # type: ignore[union-attr]
    assert registry.entry("police") is None  # a bare "police" names no one


def test_a_unit_after_the_period_tag_names_the_unit() -> None:
    registry = load_registry()
    entry = registry.by_acled("Police Forces of Burkina Faso (2015-2022) Gendarmerie")
    assert entry is not None and entry.name == "Burkinabe Gendarmerie"
    entry = registry.by_acled("Police Forces of Burkina Faso (2015-2022)")
    assert entry is not None and entry.name == "Burkinabe Police"


@pytest.mark.parametrize(
    ("acled", "name"),
    [
        (
            "Military Forces of Burkina Faso (2022-) Volunteers for the Defense of the Homeland",
            "Volunteers for the Defence of the Homeland",
        ),
        ("Military Forces of Russia (2000-) Wagner Group", "Wagner Group"),
        ("Koglweogo Communal Militia (Burkina Faso)", "Koglweogo"),
        ("Fulani Ethnic Militia (Niger)", "Fulani militia"),
        ("Arab Ethnic Militia (Mali)", "Arab militia"),
    ],
)
def test_dataset_names_fall_back_to_unit_tag_free_and_militia_forms(acled: str, name: str) -> None:
    from extractor.formats.actors import registry_entry

    entry = registry_entry(acled, load_registry())
    assert entry is not None and entry.name == name
