"""Candidate-guided extraction: linking, typing, checking and completing the model's answer."""

from __future__ import annotations

from extractor.guided import combine, template_candidates
from extractor.prompts import load_prompt
from extractor.schema import Actor, Event, ExtractionItems, Treaty

CANDIDATES = ExtractionItems(
    actors=[
        Actor(name="Group for Support of Islam and Muslims", aliases=["JNIM", "Jnim"],
              kind="armed_group", country="ML", evidence=["the jihadists of Jnim"]),
        Actor(name="Malian Armed Forces", aliases=["Malian army"], kind="armed_forces",
              country="ML", evidence=["The Malian army and Jnim clashed"]),
    ]
)  # fmt: skip
TEXT = (
    "The rebels want a non-aggression pact with the jihadists of Jnim. "
    "The Ansar Dine group split years ago. The Malian army and Jnim clashed near Boni."
)


def test_model_actor_takes_the_candidates_canonical_name_and_references_follow() -> None:
    answer = ExtractionItems(
        actors=[
            Actor(name="Jnim", kind="state", evidence=["the jihadists of Jnim"]),
            Actor(name="Ansar Dine", kind="armed_group", evidence=["The Ansar Dine group"]),
        ],
        treaties=[Treaty(name="non-aggression pact", kind="non_aggression_pact",
                         status="proposed", parties=["Jnim"], evidence=["a non-aggression pact"])],
        events=[Event(kind="battle", participants=["Jnim", "Ansar Dine"],
                      evidence=["The Malian army and Jnim clashed near Boni"])],
    )  # fmt: skip
    combined, notes = combine(answer, CANDIDATES, TEXT)
    names = [a.name for a in combined.actors]
    assert names == ["Group for Support of Islam and Muslims", "Malian Armed Forces", "Ansar Dine"]
    jnim = combined.actors[0]
    assert jnim.kind == "armed_group"  # the registry's kind wins over the model's "state"
    assert combined.treaties[0].parties == ["Group for Support of Islam and Muslims"]
    participants = combined.events[0].participants
    assert participants == ["Group for Support of Islam and Muslims", "Ansar Dine"]
    assert notes == []


def test_additions_the_article_does_not_back_are_left_out_with_a_note() -> None:
    answer = ExtractionItems(
        actors=[
            Actor(name="Boko Haram", kind="armed_group", evidence=["Boko Haram attacked"]),
            Actor(name="Jnim", kind="armed_group", aliases=["Jama'at Nusrat"],
                  evidence=["invented quote"]),
        ],
        treaties=[
            Treaty(name="Algiers Accord", kind="peace_agreement", status="signed",
                   evidence=["short_quotes"]),
            Treaty(name="non-aggression pact", kind="non_aggression_pact", status="proposed",
                   evidence=["bodies_list"]),
            Treaty(name="Jnim", kind="other", status="signed", evidence=["short_quotes"]),
        ],
        events=[Event(kind="battle", evidence=["short_quotes"])],
    )  # fmt: skip
    combined, notes = combine(answer, CANDIDATES, TEXT)
    assert [a.name for a in combined.actors] == [a.name for a in CANDIDATES.actors]
    jnim = combined.actors[0]
    assert "Jama'at Nusrat" not in jnim.aliases and "invented quote" not in jnim.evidence
    assert [t.name for t in combined.treaties] == ["non-aggression pact"]
    assert combined.treaties[0].evidence == [
        "The rebels want a non-aggression pact with the jihadists of Jnim."
    ]
    assert combined.events == []
    assert notes == [
        "actors[0] 'Boko Haram' left out: not backed by the article",
        "treaties[0] 'Algiers Accord' left out: no quote found, and the article names no "
        "agreement so",
        "treaties[1] evidence replaced by the sentence naming it",
        "treaties[2] 'Jnim' left out: no quote found, and the article names no agreement so",
        "events[0] left out: no quote found in the article",
    ]


def test_candidates_the_model_left_out_are_kept() -> None:
    combined, notes = combine(ExtractionItems(), CANDIDATES, TEXT)
    assert [a.name for a in combined.actors] == [a.name for a in CANDIDATES.actors]
    assert notes == []


def test_each_prompt_version_declares_its_candidate_stages() -> None:
    assert load_prompt("extract@v1").stages == frozenset()
    assert load_prompt("extract@v3").stages == {"actors"}
    assert load_prompt("extract@v4").stages == {"actors", "treaties", "events"}


def test_template_candidates_are_numbered_with_their_mentions() -> None:
    rows = template_candidates(CANDIDATES.actors)
    assert rows[0]["n"] == 1 and rows[1]["n"] == 2
    assert rows[0]["mentions"] == ["Group for Support of Islam and Muslims", "JNIM", "Jnim"]
    assert rows[1]["kind"] == "armed_forces" and rows[1]["country"] == "ML"


def test_candidate_events_and_treaties_are_kept_and_model_duplicates_skipped() -> None:
    candidates = CANDIDATES.model_copy(
        update={
            "events": [Event(kind="battle", date="2024-03", evidence=["Jnim clashed near Boni"])],
            "treaties": [Treaty(name="non-aggression pact", kind="non_aggression_pact",
                                status="proposed", evidence=["a non-aggression pact"])],
        }
    )  # fmt: skip
    answer = ExtractionItems(
        treaties=[Treaty(name="Non-aggression pact", kind="non_aggression_pact",
                         status="signed", evidence=["a non-aggression pact"])],
        events=[
            Event(kind="battle", date="2024-03-02", evidence=["The Malian army and Jnim clashed"]),
            Event(kind="meeting", date="2024-03", evidence=["The Ansar Dine group split"]),
        ],
    )  # fmt: skip
    combined, notes = combine(answer, candidates, TEXT)
    assert [(t.name, t.status) for t in combined.treaties] == [("non-aggression pact", "proposed")]
    assert [(e.kind, e.date) for e in combined.events] == [
        ("battle", "2024-03"),
        ("meeting", "2024-03"),
    ]
    assert notes == []
