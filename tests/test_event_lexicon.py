"""The trigger lexicon: sub-event types in English and French (sentences written here)."""

from __future__ import annotations

import pytest

from extractor.event_lexicon import find_triggers, fold, violence_kind


def first(sentence: str) -> tuple[str, str | None]:
    trigger = find_triggers(fold(sentence))[0]
    return trigger.sub_event, trigger.kind


@pytest.mark.parametrize(
    ("sentence", "sub_event", "kind"),
    [
        ("Rebels clashed with the army near the well.", "armed_clash", "battle"),
        ("Des affrontements ont éclaté près du puits.", "armed_clash", "battle"),
        ("Militants ambushed a patrol.", "ambush", "battle"),
        ("Une embuscade a visé une patrouille.", "ambush", "battle"),
        ("A drone strike hit a wedding.", "air_strike", "remote_violence"),
        ("Une frappe aérienne a touché le marché.", "air_strike", "remote_violence"),
        ("An IED struck the convoy.", "ied", "remote_violence"),
        ("Un engin explosif improvisé a sauté.", "ied", "remote_violence"),
        ("Mortar shells landed in the camp.", "shelling", "remote_violence"),
        ("Gunmen kidnapped two teachers.", "abduction", "violence_against_civilians"),
        ("Deux enseignants ont été enlevés.", "abduction", "violence_against_civilians"),
        ("Les assaillants ont pillé les boutiques.", "looting", "other"),
        ("Police arrested three suspects.", "arrest", "other"),
        ("Hundreds protested in the capital.", "protest", "other"),
        ("Des manifestants ont bloqué la route.", "protest", "other"),
        ("Soldiers seized power overnight.", "coup", "coup"),
        ("Les militaires ont pris le pouvoir.", "coup", "coup"),
        ("The parties signed a peace agreement.", "agreement", "agreement"),
        ("Les rebelles ont pris le contrôle de la ville.", "territory_taken", "battle"),
        ("French troops withdrew from the base.", "withdrawal", "withdrawal"),
        ("Gunmen attacked the village.", "attack", None),
        # a device defused before it went off; a monitor's sub-event label opening a note
        ("Soldiers defused an IED on the road.", "disrupted_weapons", "other"),
        ("Les FAMa ont désamorcé un engin explosif.", "disrupted_weapons", "other"),
        ("Property destruction: On 3 May, militants attacked a convoy.", "looting", "other"),
        (
            "Headquarters or base established: On 9 May, troops set up a camp.",
            "base_established",
            "other",
        ),
        (
            "Non-violent transfer of territory: On 2 May, the UN left its camp.",
            "handover",
            "territory_transfer",
        ),
    ],
)
def test_sub_events(sentence: str, sub_event: str, kind: str | None) -> None:
    assert first(sentence) == (sub_event, kind)


@pytest.mark.parametrize(
    ("sentence", "state_force", "kind"),
    [
        ("gunmen attacked a military post", False, "battle"),
        ("gunmen attacked villagers at the market", False, "violence_against_civilians"),
        ("des hommes armes ont attaque des civils", False, "violence_against_civilians"),
        ("the attack killed five", True, "battle"),
        ("the attack killed five", False, "violence_against_civilians"),
        # forces firing on a march: excessive force against protesters
        ("youths marched; security forces fired on them", True, "violence_against_civilians"),
    ],
)
def test_generic_violence_kind(sentence: str, state_force: bool, kind: str) -> None:
    assert violence_kind(sentence, state_force) == kind
