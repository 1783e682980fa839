"""extractor/chunking.py: overlapping chunks of a long article, and merging their results."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from extractor.chunking import chunk_text, estimate_tokens, merge_items
from extractor.schema import Actor, Event, ExtractionItems, FatalityClaim, Treaty

SENTENCES = [
    f"Report {i}: the convoy of the armed forces reached Kidal on day {i} without incident."
    for i in range(40)
]
# paragraphs of ten sentences: sentence and paragraph boundaries both occur
LONG = "\n\n".join(" ".join(SENTENCES[i : i + 10]) for i in range(0, 40, 10))
BUDGET = 200


def test_estimate_tokens_is_a_conservative_character_count() -> None:
    assert estimate_tokens("") == 1
    assert estimate_tokens("abc") == 2
    assert estimate_tokens("x" * 300) == 101


def test_short_text_is_one_chunk_equal_to_the_text() -> None:
    text = "Goïta met the CSP in Kidal.  Nothing else happened.\n"
    assert chunk_text(text, max_tokens=1000) == [text]


def test_text_exactly_at_the_budget_is_not_split() -> None:
    text = "y" * 297  # 99 + 1 = 100 tokens
    assert estimate_tokens(text) == 100
    assert chunk_text(text, max_tokens=100) == [text]


def test_long_text_becomes_several_chunks_within_the_budget() -> None:
    assert estimate_tokens(LONG) > 3 * BUDGET
    chunks = chunk_text(LONG, max_tokens=BUDGET)
    assert len(chunks) >= 4
    assert all(estimate_tokens(chunk) <= BUDGET for chunk in chunks)


def test_chunks_are_verbatim_slices_in_order() -> None:
    chunks = chunk_text(LONG, max_tokens=BUDGET)
    starts = [LONG.find(chunk) for chunk in chunks]
    assert -1 not in starts
    assert starts[0] == 0
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert starts[-1] + len(chunks[-1]) == len(LONG)  # the last chunk reaches the end


def test_consecutive_chunks_overlap() -> None:
    chunks = chunk_text(LONG, max_tokens=BUDGET)
    for previous, following in pairwise(chunks):
        start = LONG.find(previous)
        assert LONG.find(following) < start + len(previous), "no overlap"
        # the overlap is whole sentences: the next chunk opens with a sentence of this one
        first_sentence = re.match(r"Report \d+: [^.]*\.", following)
        assert first_sentence is not None
        assert first_sentence.group(0) in previous


def test_every_sentence_appears_in_some_chunk() -> None:
    chunks = chunk_text(LONG, max_tokens=BUDGET)
    for sentence in SENTENCES:
        assert any(sentence in chunk for chunk in chunks), sentence


def test_a_giant_sentence_is_refused_naming_tokens() -> None:
    giant = "The junta " + "and its allies " * 200 + "said nothing."
    text = "A short opening. " + giant + " A short end."
    with pytest.raises(ValueError, match=r"one sentence of \d+ tokens exceeds the 200-token room"):
        chunk_text(text, max_tokens=BUDGET)


def test_no_room_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="no room for the article"):
        chunk_text("Anything.", max_tokens=0)


# --- merge_items -----------------------------------------------------------------------------


def _goita(name: str, *aliases: str, evidence: str) -> Actor:
    return Actor(name=name, aliases=list(aliases), kind="person", country="ML",
                 role="President of the Transition", evidence=[evidence])  # fmt: skip


def test_merge_items_merges_actors_across_case_and_accents() -> None:
    first = ExtractionItems(
        actors=[
            _goita("Assimi Goïta", "Goïta", evidence="Colonel Assimi Goïta announced"),
            Actor(name="CSP", kind="armed_group", evidence=["the CSP said"]),
        ],
        events=[Event(kind="meeting", participants=["Goïta", "CSP"], evidence=["they met"])],
    )
    second = ExtractionItems(
        actors=[
            _goita("Colonel Assimi GOITA", "goita", "the Malian leader",
                   evidence="Goita signed the charter"),
            Actor(name="Permanent Strategic Framework", aliases=["csp"], kind="armed_group",
                  evidence=["the CSP said", "the Permanent Strategic Framework"]),
        ],
        treaties=[Treaty(name="Liptako-Gourma Charter", kind="defence_pact", status="signed",
                         parties=["the Malian leader"], evidence=["the charter"])],
    )  # fmt: skip

    merged = merge_items([first, second])[0]

    assert [a.name for a in merged.actors] == [
        "Colonel Assimi GOITA",  # the longer name wins
        "Permanent Strategic Framework",
    ]
    goita, csp = merged.actors
    assert goita.aliases == ["Assimi Goïta", "Goïta", "the Malian leader"]
    assert goita.evidence == ["Colonel Assimi Goïta announced", "Goita signed the charter"]
    assert (goita.kind, goita.country) == ("person", "ML")
    assert goita.role == "President of the Transition"
    assert csp.aliases == ["CSP"]
    assert csp.evidence == ["the CSP said", "the Permanent Strategic Framework"]  # no duplicate
    # every reference still resolves: the result validates again from plain data
    again = ExtractionItems.model_validate(merged.model_dump())
    assert again == merged
    assert merged.actor_named("goïta") is goita
    assert merged.actor_named("the malian leader") is goita
    assert merged.treaties[0].parties == ["the Malian leader"]
    assert merged.events[0].participants == ["Goïta", "CSP"]


def test_merge_items_keeps_distinct_actors_apart() -> None:
    parts = [
        ExtractionItems(actors=[Actor(name="FPL", kind="armed_group")]),
        ExtractionItems(actors=[Actor(name="FLA", kind="armed_group")]),
    ]
    assert [a.name for a in merge_items(parts)[0].actors] == ["FPL", "FLA"]


def test_merge_items_merges_treaties_by_name_or_alias() -> None:
    actors = [Actor(name="Mali", kind="state"), Actor(name="Niger", kind="state")]
    parts = [
        ExtractionItems(actors=actors, treaties=[
            Treaty(name="Liptako-Gourma Charter", aliases=["AES charter"], kind="defence_pact",
                   status="signed", parties=["Mali"], evidence=["signed the charter"])]),
        ExtractionItems(actors=actors, treaties=[
            Treaty(name="AES Charter", kind="defence_pact", status="signed",
                   parties=["Mali", "Niger"], evidence=["the AES charter binds"])]),
    ]  # fmt: skip
    (treaty,) = merge_items(parts)[0].treaties
    assert treaty.name == "Liptako-Gourma Charter"
    assert treaty.aliases == ["AES charter"]
    assert treaty.parties == ["Mali", "Niger"]
    assert treaty.evidence == ["signed the charter", "the AES charter binds"]


def test_merge_items_merges_events_and_keeps_distinct_fatality_claims() -> None:
    actors = [Actor(name="FAMa", kind="armed_forces"), Actor(name="CSP", kind="armed_group")]
    battle = {"kind": "battle", "date": "2024-07-27", "participants": ["FAMa"]}
    first = ExtractionItems(actors=actors, events=[
        Event(**battle, location="Tinzaouatène", evidence=["fighting in Tinzaouatène"],
              fatalities=[FatalityClaim(count=47, victims="soldiers", claimed_by="CSP")]),
    ])  # fmt: skip
    second = ExtractionItems(actors=actors, events=[
        Event(**{**battle, "participants": ["CSP"]}, location="TINZAOUATENE",
              evidence=["the battle of Tinzaouatène"],
              fatalities=[FatalityClaim(count=47, victims="soldiers", claimed_by="CSP"),
                          FatalityClaim(count=2, victims="soldiers", claimed_by="FAMa")]),
        Event(**{**battle, "date": "2024-07-28"}, location="Tinzaouatène",
              evidence=["the next day"]),
    ])  # fmt: skip

    merged = merge_items([first, second])[0]

    assert [(e.date, e.location) for e in merged.events] == [
        ("2024-07-27", "Tinzaouatène"),
        ("2024-07-28", "Tinzaouatène"),
    ]
    battle_27 = merged.events[0]
    assert battle_27.participants == ["FAMa", "CSP"]
    assert [(c.count, c.claimed_by) for c in battle_27.fatalities] == [(47, "CSP"), (2, "FAMa")]
    assert battle_27.evidence == ["fighting in Tinzaouatène", "the battle of Tinzaouatène"]
    assert ExtractionItems.model_validate(merged.model_dump()) == merged


def test_events_of_different_kinds_on_one_day_stay_apart() -> None:
    parts = [
        ExtractionItems(events=[Event(kind="battle", date="2024-07-27", location="Kidal")]),
        ExtractionItems(events=[Event(kind="withdrawal", date="2024-07-27", location="Kidal")]),
    ]
    assert [e.kind for e in merge_items(parts)[0].events] == ["battle", "withdrawal"]


def test_merging_chunks_uses_one_rule_set_and_drops_what_the_article_lacks() -> None:
    from extractor.grounding import ArticleIndex

    text = (
        "The Liptako-Gourma Charter was signed in Bamako. "
        "A drone strike hit Tinzaouatene on 25 August, killing 21 people."
    )
    quote = "A drone strike hit Tinzaouatene on 25 August"
    strike = Event(kind="remote_violence", date="2024-08-25", evidence=[quote])
    charter = Treaty(name="Liptako-Gourma Charter", kind="defence_pact", status="signed",
                     evidence=["The Liptako-Gourma Charter was signed in Bamako"])  # fmt: skip
    same_charter = charter.model_copy(update={"name": "Charter of Liptako-Gourma"})
    invented = Actor(name="Azawad Liberation Army", kind="armed_group",
                     evidence=["the Azawad Liberation Army claimed it"])  # fmt: skip
    parts = [
        ExtractionItems(events=[strike], treaties=[charter]),
        ExtractionItems(events=[strike], treaties=[same_charter], actors=[invented]),
        ExtractionItems(events=[strike.model_copy(update={"location": "Tinzaouatene"})]),
        ExtractionItems(events=[strike]),
    ]
    merged, notes = merge_items(parts, ArticleIndex(text))
    assert len(merged.events) == 1 and merged.events[0].location == "Tinzaouatene"
    assert [t.name for t in merged.treaties] == ["Liptako-Gourma Charter"]
    assert merged.actors == []
    assert notes == ["actors[0] left out after merging chunks: no quote found"]
