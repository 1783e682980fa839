"""Participants: named actors and descriptions mapped to actors (sentences written here)."""

from __future__ import annotations

from extractor.participants import actors_in, described_actors
from extractor.schema import Actor

ACTORS = [
    Actor(name="Mali", kind="state", country="ML"),
    Actor(name="Malian Armed Forces", aliases=["FAMa"], kind="armed_forces", country="ML"),
    Actor(name="Group for Support of Islam and Muslims", aliases=["JNIM"], kind="armed_group"),
    Actor(
        name="Iyad Ag Ghaly",
        kind="person",
        affiliation="Group for Support of Islam and Muslims",
    ),
]


def test_named_actors_in_order() -> None:
    sentence = "JNIM fighters ambushed a FAMa convoy."
    assert actors_in(sentence, ACTORS) == [
        "Group for Support of Islam and Muslims",
        "Malian Armed Forces",
    ]


def test_a_country_that_only_locates_is_no_participant() -> None:
    assert actors_in("Fighting raged in northern Mali.", ACTORS) == []
    assert actors_in("Les combats ont repris au Mali.", ACTORS) == []
    assert actors_in("Mali signed the pact.", ACTORS) == ["Mali"]


def test_a_leader_stands_for_his_group() -> None:
    assert actors_in("Iyad Ag Ghaly ordered the raid.", ACTORS) == [
        "Group for Support of Islam and Muslims"
    ]


def test_soldiers_are_the_army_of_the_event_country() -> None:
    [army] = described_actors("Soldiers repelled the attack near Tillia.", "NE", [], "q")
    assert army.name == "Nigerien Armed Forces" and army.aliases == ["Soldiers"]
    [army] = described_actors("Les militaires ont riposté.", "BF", [], "q")
    assert army.name == "Burkinabe Armed Forces"


def test_the_army_already_named_is_reused() -> None:
    found = described_actors("Soldiers repelled the attack.", "ML", ACTORS[:2], "q")
    assert found == [ACTORS[1]]


def test_jihadists_are_the_one_group_the_article_names() -> None:
    found = described_actors("The jihadists fled north.", "ML", ACTORS, "q")
    assert [a.name for a in found] == ["Group for Support of Islam and Muslims"]


def test_unidentified_gunmen_are_nobody() -> None:
    assert described_actors("Unidentified gunmen killed two herders.", "ML", [], "q") == []


def test_a_named_auxiliary_does_not_hide_the_army() -> None:
    vdp = Actor(name="Volunteers for the Defence of the Homeland", aliases=["VDP"],
                kind="armed_forces", country="BF")  # fmt: skip
    found = described_actors("Soldiers and VDP repelled the raid.", "BF", [vdp], "q")
    assert [a.name for a in found] == ["Burkinabe Armed Forces"]


def test_an_army_the_article_names_by_description_is_reused() -> None:
    own = Actor(name="Forces armées nationales", kind="armed_forces")
    found = described_actors("Trois militaires ont été tués.", "BF", [own], "q")
    assert found == [own]


def test_the_police_face_a_crowd_the_note_does_not_name() -> None:
    [police] = described_actors("Tear gas was fired at the marchers.", "ML", [], "q",
                                violent=False, crowd=True)  # fmt: skip
    assert police.name == "Malian Police"
    assert described_actors("Tear gas was fired at the marchers.", "ML", [], "q",
                            violent=False) == []  # fmt: skip
