"""Pairing rules of extractor.evaluation.matching, each checked on a case worked out by hand."""

from __future__ import annotations

import pytest

from extractor.evaluation.matching import (
    ACTOR_SIM_ACRONYM,
    ACTOR_SIM_ALIAS,
    ACTOR_SIM_NAME,
    EVENT_MIN_SIMILARITY,
    actor_similarity,
    date_correct,
    dates_compatible,
    is_acronym_of,
    match_actors,
    match_article,
    normalise_name,
    same_place,
    treaty_name_score,
)
from extractor.schema import Actor, Event, ExtractionItems, Treaty


def actor(name: str, *aliases: str, kind: str = "armed_group") -> Actor:
    return Actor(name=name, aliases=list(aliases), kind=kind)


def same(a: Actor, b: Actor) -> bool:
    return actor_similarity(a, b)[0] > 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Goïta", "goita"),
        ("  The Malian  Army ", "malian army"),
        ("U.N.", "un"),
        ("CSP–JNIM pact", "csp jnim pact"),
        ("Côte d’Ivoire", "cote divoire"),
        ("The", "the"),  # a lone "the" is a name, not an article
        ("FRONT PATRIOTIQUE DE LIBÉRATION", "front patriotique de liberation"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (actor("Assimi Goïta", kind="person"), actor("Assimi Goita", kind="person")),
        (actor("Goïta", kind="person"), actor("GOITA", kind="person")),
        (actor("The Malian army"), actor("Malian Army")),
        (actor("Patriotic Liberation Front"), actor("FPL")),  # French order, any-order acronym
        (actor("Permanent Strategic Framework", "CSP"), actor("CSP")),
        (actor("Support Group for Islam and Muslims"), actor("SGIM")),  # without "for", "and"
        (actor("Alghabass Ag Intalla"), actor("Alghabass Ag Intallah")),  # fuzzy
        (actor("Wagner"), actor("Wagner Group")),  # designator word
    ],
)
def test_actor_pairs_that_match(a: Actor, b: Actor) -> None:
    assert same(a, b)
    assert same(b, a)  # the rules are symmetric


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (actor("Niger", kind="state"), actor("Nigeria", kind="state")),
        (actor("Mali", kind="state"), actor("Malian army", kind="armed_forces")),
        (actor("Niger armed forces"), actor("Nigeria armed forces")),
        (actor("Nigerien army"), actor("Nigerian army")),
        (actor("Support Group for Islam and Muslims"), actor("JNIM")),  # needs an alias
        (actor("Mali"), actor("Malu")),  # short words must be equal
        (actor("Niger", kind="state"), actor("NE", kind="state")),
    ],
)
def test_actor_pairs_that_do_not_match(a: Actor, b: Actor) -> None:
    assert not same(a, b)
    assert not same(b, a)


def test_similarity_ranks_name_over_alias_over_acronym() -> None:
    assert actor_similarity(actor("CSP"), actor("CSP"))[0] == ACTOR_SIM_NAME
    assert actor_similarity(actor("X", "CSP"), actor("CSP"))[0] == ACTOR_SIM_ALIAS
    assert actor_similarity(actor("Permanent Strategic Framework"), actor("PSF"))[0] == (
        ACTOR_SIM_ACRONYM
    )


def test_acronyms() -> None:
    assert is_acronym_of("un", "united nations")
    assert is_acronym_of("fpl", "patriotic liberation front")  # any order, 3+ letters
    assert not is_acronym_of("ab", "b a")  # 2 letters: order matters
    assert not is_acronym_of("mali", "malian army")
    assert not is_acronym_of("un", "nations")  # a one-word name has no acronym


def test_one_to_one_and_reasons() -> None:
    gold = [actor("Permanent Strategic Framework", "CSP")]
    pred = [actor("CSP"), actor("Permanent Strategic Framework")]
    m = match_actors(gold, pred)
    assert [(p.gold, p.pred) for p in m.pairs] == [(0, 1)]  # the primary name wins
    assert m.pairs[0].reason == (
        "name 'permanent strategic framework' = name 'permanent strategic framework'"
    )
    assert [s.index for s in m.spurious] == [0]
    assert m.spurious[0].reason == (
        "gold candidate 'Permanent Strategic Framework' (0.95) was paired with 'Permanent "
        "Strategic Framework' instead, for a better overall match"
    )
    assert not m.missed


def test_unpaired_reasons() -> None:
    m = match_actors([actor("Niger", kind="state")], [actor("Nigeria", kind="state")])
    assert not m.pairs
    assert m.missed[0].reason == "no predicted candidate"
    assert m.spurious[0].reason == "no gold candidate"


def test_name_evidence_outranks_kind() -> None:
    gold = [actor("Mali", kind="state"), actor("Government of Mali", "Mali", kind="government")]
    pred = [actor("Mali", kind="government")]
    # "Mali" is gold 0's name (1.0) but only gold 1's alias (0.95): the name wins over the kind
    assert [(p.gold, p.pred) for p in match_actors(gold, pred).pairs] == [(0, 0)]


def test_kind_breaks_ties() -> None:
    gold = [
        actor("Mali", "Bamako", kind="state"),
        actor("Government of Mali", "Bamako", kind="government"),
    ]
    pred = [actor("Bamako", kind="government")]
    # the same evidence (a shared alias, 0.95) both ways: the kind decides
    m = match_actors(gold, pred)
    assert [(p.gold, p.pred) for p in m.pairs] == [(1, 0)]
    assert m.pairs[0].similarity == ACTOR_SIM_ALIAS  # the tie-break is not reported


def test_one_to_one_maximises_total_similarity() -> None:
    gold = [
        actor("Abdourahamane Tiani", "Tiani", kind="person"),
        actor("Abdourahmane Tiani", kind="person"),
    ]
    pred = [actor("Abdourahamane Tiani", kind="person"), actor("Tiani", kind="person")]
    # greedy would take (0, 0) at 1.0 and leave the rest; (0, 1) 0.95 + (1, 0) ~0.82 is more
    m = match_actors(gold, pred)
    assert {(p.gold, p.pred) for p in m.pairs} == {(0, 1), (1, 0)}
    assert "fuzzy" in next(p.reason for p in m.pairs if p.gold == 1)


def treaty(name: str, *aliases: str, parties: list[str] | None = None) -> Treaty:
    return Treaty(
        name=name, aliases=list(aliases), kind="other", status="signed", parties=parties or []
    )


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("Charter of Liptako-Gourma", "Liptako-Gourma Charter", True),
        ("Algiers Agreement", "Algiers peace agreement", True),
        ("FPL-CSP mutual assistance pact", "mutual assistance pact", True),
        ("mutual assistance pact", "mutual defence pact", False),
        ("defence pact", "non-aggression pact", False),
        ("Treaty of Niamey", "Treaty of Bamako", False),
    ],
)
def test_treaty_names(a: str, b: str, match: bool) -> None:
    assert (treaty_name_score(treaty(a), treaty(b))[0] >= 0.8) is match


def test_treaty_aliases_count() -> None:
    assert (
        treaty_name_score(
            treaty("AES charter", "Charter of Liptako-Gourma"), treaty("Liptako-Gourma charter")
        )[0]
        == 1.0
    )


def test_treaty_parties_break_ties_through_actor_pairing() -> None:
    actors = [
        actor("Mali", kind="state"),
        actor("Niger", kind="state"),
        actor("Permanent Strategic Framework", "CSP"),
    ]
    gold = ExtractionItems(
        actors=actors,
        treaties=[
            treaty("peace agreement", parties=["Mali", "Niger"]),
            treaty("peace agreement", parties=["Mali", "Permanent Strategic Framework"]),
        ],
    )
    pred = ExtractionItems(
        actors=[actor("Mali", kind="state"), actor("CSP")],
        treaties=[treaty("peace agreement", parties=["Mali", "CSP"])],
    )
    match, _ = match_article(gold, pred)
    assert [(p.gold, p.pred) for p in match.treaties.pairs] == [(1, 0)]
    assert "parties overlap 1.00" in match.treaties.pairs[0].reason


@pytest.mark.parametrize(
    ("a", "a_end", "b", "b_end", "ok"),
    [
        ("2024-08", None, "2024-08-25", None, True),  # coarser precision: month
        ("2024-08-25", None, "2024-08-26", None, False),
        ("2024", None, "2024-12-31", None, True),
        ("2024", None, "2023-12", None, False),
        ("2024-08-25", "2024-08-29", "2024-08-27", None, True),  # inside a multi-day event
        ("2024-08-25", "2024-08-29", "2024-08-30", None, False),
        (None, None, None, None, True),
        ("2024", None, None, None, False),
    ],
)
def test_dates_compatible(a, a_end, b, b_end, ok) -> None:  # noqa: ANN001
    assert dates_compatible(a, a_end, b, b_end) is ok
    assert dates_compatible(b, b_end, a, a_end) is ok


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("2024-08", "2024-08-25", True),  # finer and inside: right
        ("2024-08-25", "2024-08", False),  # coarser than gold: not right
        ("2024-08-25", "2024-08-25", True),
        ("2024-08-25", "2024-08-24", False),
        ("2024-07", "2024-08", False),
        (None, None, True),
        ("2024", None, False),
        (None, "2024", False),
    ],
)
def test_date_correct(gold, pred, ok) -> None:  # noqa: ANN001
    assert date_correct(gold, pred) is ok


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("Tinzaouatene", "Tinzaouatène", True),
        ("Tinzaouatene", "Tinzaouatene, northern Mali", True),
        ("Tinzaouatene", "Tin Zaouatene", True),
        ("Kidal", "Gao", False),
        ("Niger", "Nigeria", False),
        (None, None, True),
        ("Kidal", None, False),
    ],
)
def test_same_place(a, b, ok) -> None:  # noqa: ANN001
    assert same_place(a, b) is ok


def event(kind: str, date: str | None, location: str | None, participants: list[str]) -> Event:
    return Event(kind=kind, date=date, location=location, participants=participants)


def test_events_pair_through_actor_aliases_and_tolerate_one_wrong_component() -> None:
    gold = ExtractionItems(
        actors=[actor("Permanent Strategic Framework", "CSP"), actor("Malian army")],
        events=[
            event("meeting", "2024-08-25", "Tinzaouatene", ["Permanent Strategic Framework"]),
            event(
                "battle",
                "2024-07",
                "Tinzaouatene",
                ["Permanent Strategic Framework", "Malian army"],
            ),
        ],
    )
    pred = ExtractionItems(
        actors=[actor("CSP"), actor("FAMa", "Malian army")],
        events=[
            # kind wrong, rest right: 0.25 + 0.15 + 0.25 = 0.65 >= 0.5
            event("remote_violence", "2024-07-20", "Tinzaouatène", ["CSP", "FAMa"]),
            # kind right, participants through alias "CSP": 1.0
            event("meeting", "2024-08-25", "Tinzaouatene", ["CSP"]),
            # kind and date wrong: 0.15 + 0.25 * 1/2 = 0.275, below the minimum
            event("coup", "2023", "Tinzaouatene", ["CSP"]),
        ],
    )
    match, _ = match_article(gold, pred)
    pairs = {(p.gold, p.pred): p.similarity for p in match.events.pairs}
    assert pairs == {(0, 1): 1.0, (1, 0): 0.65}
    assert [s.index for s in match.events.spurious] == [2]
    assert "< minimum" in match.events.spurious[0].reason
    assert EVENT_MIN_SIMILARITY == 0.5


def test_every_pair_has_a_reason() -> None:
    gold = ExtractionItems(
        actors=[actor("A b c"), actor("Dd ee")],
        treaties=[treaty("X pact")],
        events=[event("coup", "2023", None, [])],
    )
    pred = ExtractionItems(
        actors=[actor("ABC"), actor("Zz")],
        treaties=[treaty("X pact")],
        events=[event("coup", "2023", None, [])],
    )
    match, _ = match_article(gold, pred)
    for m in match.by_type().values():
        assert all(p.reason for p in m.pairs)
        assert all(u.reason for u in [*m.missed, *m.spurious])


def test_vectorised_treaty_names_agree_with_pairwise() -> None:
    from extractor.evaluation.match_treaties import _treaty_name_matrix

    names = [
        ("Charter of Liptako-Gourma", "AES charter"),
        ("Algiers Agreement",),
        ("UN",),
        ("United Nations pact",),
        ("mutual defence pact",),
        ("ceasefire",),
    ]
    treaties = [treaty(*n) for n in names]
    matrix = _treaty_name_matrix(treaties, treaties[::-1])
    for i, g in enumerate(treaties):
        for j, p in enumerate(treaties[::-1]):
            assert matrix[i, j] == pytest.approx(treaty_name_score(g, p)[0]), (g.name, p.name)


@pytest.mark.parametrize("size", [5, 80])  # bit masks, and the pair-by-pair fallback past 64
def test_vectorised_jaccard_agrees_with_pairwise(size: int) -> None:
    import random

    from extractor.evaluation.match_events import _jaccard_matrix, jaccard

    rng = random.Random(size)
    universe = list(range(size))
    sets = [frozenset(rng.sample(universe, rng.randint(0, min(size, 40)))) for _ in range(6)]
    sets.append(frozenset())
    matrix = _jaccard_matrix(sets, sets[::-1])
    for i, a in enumerate(sets):
        for j, b in enumerate(sets[::-1]):
            assert matrix[i, j] == pytest.approx(jaccard(a, b))
