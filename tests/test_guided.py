"""Candidate-guided extraction: linking, typing and completing the model's answer."""

from __future__ import annotations

from extractor.guided import combine, template_candidates, wants_candidates
from extractor.prompts import load_prompt
from extractor.schema import Actor, Event, ExtractionItems, Treaty

CANDIDATES = ExtractionItems(
    actors=[
        Actor(name="Group for Support of Islam and Muslims", aliases=["JNIM", "Jnim"],
              kind="armed_group", country="ML", evidence=["the jihadists of Jnim"]),
        Actor(name="Malian Armed Forces", aliases=["Malian army"], kind="armed_forces",
              country="ML", evidence=["the Malian army"]),
    ]
)  # fmt: skip


def test_model_actor_takes_the_candidates_canonical_name_and_references_follow() -> None:
    answer = ExtractionItems(
        actors=[
            Actor(name="Jnim", kind="state", evidence=["the jihadists of Jnim"]),
            Actor(name="Ansar Dine", kind="armed_group", evidence=["the Ansar Dine group"]),
        ],
        treaties=[Treaty(name="pact", kind="other", status="proposed", parties=["Jnim"])],
        events=[Event(kind="battle", participants=["Jnim", "Ansar Dine"])],
    )
    combined = combine(answer, CANDIDATES)
    names = [a.name for a in combined.actors]
    assert names == ["Group for Support of Islam and Muslims", "Malian Armed Forces", "Ansar Dine"]
    jnim = combined.actors[0]
    assert jnim.kind == "armed_group"  # the registry's kind wins over the model's "state"
    assert combined.treaties[0].parties == ["Group for Support of Islam and Muslims"]
    assert combined.events[0].participants == [
        "Group for Support of Islam and Muslims",
        "Ansar Dine",
    ]


def test_candidates_the_model_left_out_are_kept() -> None:
    combined = combine(ExtractionItems(), CANDIDATES)
    assert [a.name for a in combined.actors] == [a.name for a in CANDIDATES.actors]


def test_only_templates_that_read_candidates_use_the_stage() -> None:
    assert not wants_candidates(load_prompt("extract@v1").variables)
    assert wants_candidates(load_prompt("extract@v3").variables)


def test_template_candidates_are_numbered_with_their_mentions() -> None:
    rows = template_candidates(CANDIDATES.actors)
    assert rows[0]["n"] == 1 and rows[1]["n"] == 2
    assert rows[0]["mentions"] == ["Group for Support of Islam and Muslims", "JNIM", "Jnim"]
    assert rows[1]["kind"] == "armed_forces" and rows[1]["country"] == "ML"
