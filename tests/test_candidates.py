"""The candidate stage: the actor registry, registry matching, NER merging and the NER baseline.

Every text here was written for these tests; none comes from the seed articles.
"""

from __future__ import annotations

import importlib.util

import pytest

from extractor import nlp
from extractor.candidates import find_candidates, group_mentions
from extractor.grounding import locate
from extractor.ner_baseline import ner_extraction
from extractor.registry import (
    Mention,
    Registry,
    RegistryEntry,
    load_registry,
    registry_matches,
    registry_problems,
)
from extractor.schema import ACTOR_KINDS
from extractor.text import squash

needs_ner = pytest.mark.skipif(
    importlib.util.find_spec(nlp.MODELS["en"]) is None,
    reason=f"NER model not installed: pip install '{nlp.REQUIREMENTS['en']}'",
)

ENGLISH = (
    "Fighters of the Group for Support of Islam and Muslims (JNIM) attacked a Malian army post "
    "near Tinkarène on Sunday, the army said. Mali's junta, led by Colonel Assimi Goïta, has "
    "relied on Russian Africa Corps instructors since the Wagner Group left. The Alliance of "
    "Sahel States condemned the attack, AFP reported."
)
FRENCH = (
    "Au Mali, les FAMa ont repoussé une attaque du GSIM près de Tessit. La CEDEAO et l'Union "
    "africaine appellent au dialogue, selon RFI. Le Cadre stratégique pour la défense du peuple "
    "de l’Azawad a revendiqué un drone abattu."
)
NIGERIA = (
    "Nigeria's army said Nigerian troops killed ISWAP fighters near Lake Chad, while Nigeria and "
    "Benin discussed security along the Niger River."
)
UNLISTED = (
    "Colonel Ousmane Traoréville, who commands the newly formed Sahel Freedom Brigade, met "
    "Assimi Goïta in Bamako on Tuesday. He later told Reuters that his men would not disarm."
)


def registry_names(text: str) -> set[str]:
    return {entry.name for _, entry in registry_matches(text)[0]}


def candidate_names(text: str) -> set[str]:
    return {c.name for c in find_candidates(text)}


# ------------------------------------------------------------------------- registry


def test_registry_loads_and_validates() -> None:
    registry = load_registry()
    assert 80 <= len(registry.entries) <= 200
    assert registry_problems(registry) == []
    assert {e.kind for e in registry.entries} <= set(ACTOR_KINDS)
    owners: dict[str, str] = {}
    for entry in registry.entries:
        for name in {squash(n) for n in entry.names()}:
            assert name not in owners, f"{name} names {owners[name]} and {entry.name}"
            owners[name] = entry.name
    canonical = {e.name for e in registry.entries}
    for entry in registry.entries:
        assert set(entry.member_of) <= canonical
        assert entry.affiliation is None or entry.affiliation in canonical


def test_registry_problems_are_reported() -> None:
    broken = Registry(
        entries=(
            RegistryEntry(name="Alpha Front", aliases=("AF",), kind="armed_group"),
            RegistryEntry(
                name="Another Force",
                aliases=("A.F.",),
                kind="armed_group",
                member_of=("Missing Coalition",),
            ),
        ),
        places=(),
        not_actors=frozenset(),
    )
    problems = " ".join(registry_problems(broken))
    assert "'af' names both" in problems
    assert "Missing Coalition" in problems


def test_key_actors_and_coalitions() -> None:
    registry = load_registry()
    jnim = registry.entry("GSIM")
    assert jnim is not None and jnim.name == registry.entry("JNIM").name  # type: ignore[union-attr]
    assert registry.entry("Groupe de soutien à l'islam et aux musulmans") is jnim
    assert registry.entry("CEDEAO") is registry.entry("ECOWAS")
    mnla = registry.entry("MNLA")
    assert mnla is not None
    assert {"Coordination of Azawad Movements", "Permanent Strategic Framework"} <= set(
        mnla.member_of
    )
    assert registry.entry("Operation Barkhane").country == "FR"  # type: ignore[union-attr]


# ------------------------------------------------------------------ registry matching


def test_french_forms_are_found() -> None:
    assert {
        "Malian Armed Forces",
        "Group for Support of Islam and Muslims",
        "Economic Community of West African States",
        "African Union",
        "Permanent Strategic Framework",
        "Mali",
    } <= registry_names(FRENCH)


def test_nigeria_does_not_yield_niger() -> None:
    names = registry_names(NIGERIA)
    assert "Niger" not in names
    assert {"Nigeria", "Nigerian Armed Forces", "Benin"} <= names
    # The Niger River and Lake Chad are places, not the states.
    assert "Chad" not in names


def test_niger_itself_is_found_next_to_punctuation() -> None:
    assert "Niger" in registry_names("Niger's junta faces pressure; Niger, Mali and others.")
    assert "Government of Niger" in registry_names("Niger's junta faces pressure.")


def test_french_words_are_not_read_as_acronyms() -> None:
    text = "Au Mali, un soldat a eu peur; a fan of the platform said in fact it was fine."
    assert registry_names(text) == {"Mali"}


def test_acronyms_in_capitals_and_title_case() -> None:
    assert "Group for Support of Islam and Muslims" in registry_names("Les combattants du Jnim")
    assert "Alliance of Sahel States" in registry_names("The Aes leaders met.")
    assert "Nigerien Armed Forces" in registry_names("FAN units moved north.")


def test_demonym_phrases_name_armed_forces() -> None:
    names = registry_names("Burkinabe soldiers and VDP auxiliaries joined the Malian army.")
    assert {
        "Burkinabe Armed Forces",
        "Volunteers for the Defence of the Homeland",
        "Malian Armed Forces",
    } <= names


def test_accents_and_apostrophes_do_not_matter() -> None:
    text = "Assimi Goita met Abdourahamane Tchiani; Cote d’Ivoire watched."
    assert {"Assimi Goïta", "Abdourahamane Tiani", "Côte d'Ivoire"} <= registry_names(text)


def test_places_are_not_actors() -> None:
    text = "Herders fled the Inner Niger Delta for Kidal and the shores of Lake Chad."
    matches, places = registry_matches(text)
    assert matches == []
    assert [text[s:e] for s, e in places] == ["Inner Niger Delta", "Kidal", "Lake Chad"]


# ------------------------------------------------------------------------ grouping


def test_parenthesised_acronym_joins_unknown_names() -> None:
    text = "The Movement for Justice in the Air (MJA) met the FPL."
    pairs = [
        (Mention("Movement for Justice in the Air", 4, 35, "ORG"), None),
        (Mention("MJA", 37, 40, "ORG"), None),
        (Mention("FPL", 50, 53, "REGISTRY"), load_registry().entry("FPL")),
    ]
    groups = group_mentions(text, pairs)
    assert [c.surface_forms for c in groups] == [
        ["Movement for Justice in the Air", "MJA"],
        ["FPL"],
    ]


def test_surname_joins_the_full_name() -> None:
    text = "Ousmane Traoreville spoke. Traoreville left."
    pairs: list[tuple[Mention, RegistryEntry | None]] = [
        (Mention("Ousmane Traoreville", 0, 19, "PERSON"), None),
        (Mention("Traoreville", 27, 38, "PERSON"), None),
    ]
    (person,) = group_mentions(text, pairs)
    assert person.name == "Ousmane Traoreville"
    assert [m.start for m in person.mentions] == [0, 27]


# ----------------------------------------------------------------------------- NER


@needs_ner
def test_candidates_merge_registry_and_ner() -> None:
    found = {c.name: c for c in find_candidates(ENGLISH)}
    assert {
        "Group for Support of Islam and Muslims",
        "Malian Armed Forces",
        "Government of Mali",
        "Assimi Goïta",
        "Africa Corps",
        "Wagner Group",
        "Alliance of Sahel States",
    } <= set(found)
    assert found["Group for Support of Islam and Muslims"].surface_forms == [
        "Group for Support of Islam and Muslims",
        "JNIM",
    ]
    assert "AFP" not in found  # news agencies are not actors
    # An unlisted (made-up) town reaches the candidates as a GPE; the downstream decides.
    assert found["Tinkarène"].label == "GPE" and found["Tinkarène"].entry is None


@needs_ner
def test_unlisted_actors_come_from_ner() -> None:
    found = {c.name: c for c in find_candidates(UNLISTED)}
    person = found["Ousmane Traoréville"]
    assert (person.kind, person.entry, person.label) == ("person", None, "PERSON")
    brigade = found["Sahel Freedom Brigade"]
    assert (brigade.kind, brigade.entry) == ("armed_group", None)
    assert "Reuters" not in found
    for candidate in found.values():
        for mention in candidate.mentions:
            assert UNLISTED[mention.start : mention.end] == mention.text


@needs_ner
def test_bylines_agreements_places_and_particle_names() -> None:
    text = (
        "By Jane Okonkwo\n"
        "The Ouallam Accord was signed in Niamey on Friday. Fighters of the Kel Tamasheq "
        "Defence Front attacked Kidal, while Moussa Ag Tamrit denied it."
    )
    found = {c.name: c for c in find_candidates(text)}
    assert "Jane Okonkwo" not in found  # the author
    assert not any("Accord" in name for name in found)  # a treaty, not an actor
    assert not {"Niamey", "Kidal"} & set(found)  # listed places
    assert found["Kel Tamasheq Defence Front"].kind == "armed_group"
    assert found["Moussa Ag Tamrit"].kind == "person"  # NER stopped at "Ag" and said ORG


@needs_ner
def test_french_text_through_find_candidates() -> None:
    assert {
        "Malian Armed Forces",
        "Group for Support of Islam and Muslims",
        "Economic Community of West African States",
    } <= candidate_names(FRENCH)


@needs_ner
def test_nigeria_does_not_yield_niger_with_ner() -> None:
    assert "Niger" not in candidate_names(NIGERIA)


@needs_ner
def test_ner_extraction_is_an_actors_only_baseline() -> None:
    text = ENGLISH + " " + UNLISTED
    items = ner_extraction(text)
    assert items.treaties == [] and items.events == []
    actors = {a.name: a for a in items.actors}
    assert "Bamako" not in actors  # unlisted places are left out of the baseline
    assert actors["Malian Armed Forces"].kind == "armed_forces"
    assert actors["Malian Armed Forces"].country == "ML"
    assert actors["Group for Support of Islam and Muslims"].aliases == ["JNIM"]
    assert actors["Ousmane Traoréville"].kind == "person"
    for actor in items.actors:
        for quote in actor.evidence:
            assert locate(quote, text).status == "exact", quote


@needs_ner
def test_ner_extraction_links_coalitions_present_in_the_text() -> None:
    text = (
        "The MNLA and the HCUA, both members of the CMA, withdrew from talks. "
        "Iyad Ag Ghaly was not mentioned by the JNIM statement."
    )
    actors = {a.name: a for a in ner_extraction(text).actors}
    assert actors["National Movement for the Liberation of Azawad"].member_of == [
        "Coordination of Azawad Movements"
    ]
    iyad = actors["Iyad Ag Ghaly"]
    assert iyad.affiliation == "Group for Support of Islam and Muslims"


def test_missing_model_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(nlp.MODELS, "en", "no_such_spacy_model")
    nlp.load_pipeline.cache_clear()
    try:
        with pytest.raises(nlp.NerModelMissing, match="pip install") as error:
            find_candidates("Mali")
        assert "\n" not in str(error.value)
    finally:
        nlp.load_pipeline.cache_clear()


def test_hyphenated_town_pairs_are_not_acronyms() -> None:
    text = "Militants ambushed an escort near Sakoani (Matiacoali-Kantchari road). FAMa replied."
    names = [a.name for a in ner_extraction(text).actors]
    assert "Matiacoali-Kantchari" not in names
    assert "Malian Armed Forces" in names


def test_fds_is_the_army_of_the_country_the_article_is_about() -> None:
    niger = (
        "Le 3 mai 2021, des hommes armés ont attaqué une position des FDS près de Tillia, dans "
        "la région de Tahoua, au Niger. Sept militaires nigériens ont été tués."
    )
    assert [a.name for a in ner_extraction(niger).actors] == ["Nigerien Armed Forces"]
    burkina = "Le 3 mai 2021, des terroristes ont attaqué les FDS à Djibo, au Burkina Faso."
    assert [a.name for a in ner_extraction(burkina).actors] == ["Burkinabe Armed Forces"]
