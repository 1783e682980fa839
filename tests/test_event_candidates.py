"""The rule-based event and treaty candidate stage.

Every text here was written for these tests; none comes from the seed articles.
"""

from __future__ import annotations

import importlib.util

import pytest

from extractor import nlp
from extractor.event_candidates import date_hits, find_event_candidates
from extractor.grounding import locate
from extractor.schema import Actor, ExtractionItems

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec(nlp.MODELS["en"]) is None,
    reason=f"NER model not installed: pip install '{nlp.REQUIREMENTS['en']}'",
)

ACTORS = [
    Actor(name="Mali", kind="state", country="ML"),
    Actor(name="Niger", kind="state", country="NE"),
    Actor(name="Burkina Faso", kind="state", country="BF"),
    Actor(name="Government of Mali", aliases=["Malian junta"], kind="government", country="ML"),
    Actor(name="Malian Armed Forces", aliases=["FAMa", "Malian army"], kind="armed_forces"),
    Actor(name="Group for Support of Islam and Muslims", aliases=["JNIM"], kind="armed_group"),
    Actor(name="Permanent Strategic Framework", aliases=["CSP"], kind="armed_group"),
    Actor(name="Wagner Group", aliases=["Wagner"], kind="private_military"),
    Actor(
        name="Economic Community of West African States",
        aliases=["ECOWAS"],
        kind="international_org",
    ),
]
PUBLISHED = "2023-09-17"  # a Sunday


def run(text: str, published: str | None = PUBLISHED) -> ExtractionItems:
    actors = list(ACTORS)
    items = find_event_candidates(text, published, actors)
    # Only actors found by description ("soldiers") come back, none the caller already has,
    # and they are appended to the caller's list.
    assert not {a.name for a in items.actors} & {a.name for a in ACTORS}
    assert actors == [*ACTORS, *items.actors]
    # With the actors added back the result is a valid extraction, and every quote is verbatim.
    full = ExtractionItems.model_validate(
        {
            "actors": [a.model_dump() for a in actors],
            "treaties": [t.model_dump() for t in items.treaties],
            "events": [e.model_dump() for e in items.events],
        }
    )
    for item in [*full.treaties, *full.events]:
        for quote in item.evidence:
            assert locate(quote, text).status == "exact", quote
    return items


# ----------------------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Malian army clashed with JNIM fighters near Boni on Tuesday.", "battle"),
        ("JNIM fighters ambushed a FAMa convoy on the road to Douentza.", "battle"),
        ("Jihadists attacked a military camp in Boulkessi on 3 September.", "battle"),
        ("The rebels captured the town of Bourem on 12 September.", "battle"),
        ("A drone strike hit a market in Djibo on 3 September.", "remote_violence"),
        ("Air strikes by the Malian army targeted JNIM positions last week.", "remote_violence"),
        ("Gunmen massacred villagers in Ogossagou on Sunday.", "violence_against_civilians"),
        ("The Malian junta met with an ECOWAS delegation in Bamako on Friday.", "meeting"),
        ("Mali and Niger signed a defence pact on 10 September.", "agreement"),
        ("Soldiers seized power in Niamey on July 26.", "coup"),
        ("Wagner fighters left the country in June.", "withdrawal"),
        ("A senior commander defected to the Malian army in August.", "defection"),
        ("Dozens of young men joined the JNIM in August.", "defection"),
    ],
)
def test_each_kind_fires_on_a_clear_sentence(text: str, kind: str) -> None:
    items = run(text)
    assert [e.kind for e in items.events] == [kind]
    assert items.events[0].evidence == [text]


@pytest.mark.parametrize(
    "text",
    [
        "The Malian army will attack the rebel camp next week.",
        "JNIM threatened to clash with the CSP if it entered Kidal.",
        "Mali plans to sign a defence pact with Niger.",
        "ECOWAS would hold a summit if the junta agreed.",
        "The junta must leave the country before the deadline.",
        "The army did not clash with the rebels.",
        "Read more: Mali and Niger signed a defence pact on Saturday",
    ],
)
def test_plans_threats_negations_and_link_lines_give_no_event(text: str) -> None:
    assert run(text).events == []


def test_a_past_trigger_survives_a_modal_elsewhere_in_the_sentence() -> None:
    text = "JNIM, which clashed with the Malian army on Monday, says it will fight on."
    [event] = run(text).events
    assert (event.kind, event.date) == ("battle", "2023-09-11")


def test_participants_use_canonical_names_and_skip_countries_that_only_locate() -> None:
    text = "FAMa and Wagner clashed with JNIM in northern Mali on Saturday."
    [event] = run(text).events
    assert event.participants == [
        "Malian Armed Forces",
        "Wagner Group",
        "Group for Support of Islam and Muslims",
    ]
    assert event.country == "ML"


def test_location_and_country_from_the_registry_places() -> None:
    [event] = run("Heavy fighting broke out in Tessalit on 14 September.").events
    assert (event.location, event.country, event.date) == ("Tessalit", "ML", "2023-09-14")


def test_undated_current_event_gets_the_publication_month() -> None:
    [event] = run("The Malian army clashed with JNIM near Boni.").events
    assert (event.date, event.date_precision) == ("2023-09", "month")


def test_undated_background_coup_is_skipped_and_a_double_putsch_gives_two() -> None:
    assert run("The junta came to power in a coup.").events == []
    events = run("The junta installed after the double putsch of 2020 and 2021 rules Mali.").events
    assert [(e.kind, e.date) for e in events] == [("coup", "2020"), ("coup", "2021")]


def test_one_coup_per_since_clause() -> None:
    text = "The military has been in power in Niger since July, in Burkina Faso since last year."
    events = run(text).events
    assert [(e.kind, e.date) for e in events] == [("coup", "2023-07"), ("coup", "2022")]


def test_same_occurrence_twice_is_one_event_with_both_quotes() -> None:
    text = (
        "The CSP met with JNIM envoys from August 25 to 29 in Kidal.\n"
        "A CSP spokesman confirmed the meeting on Monday."
    )
    [event] = run(text, "2023-09-03").events
    assert (event.date, event.date_end) == ("2023-08-25", "2023-08-29")
    assert len(event.evidence) == 2


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Saturday", "2023-09-17", ("2023-09-16", "day", None)),
        ("this Saturday", "2023-09-16", ("2023-09-16", "day", None)),
        ("on Monday", "2024-09-03", ("2024-09-02", "day", None)),
        ("on 16 September", "2023-09-17", ("2023-09-16", "day", None)),
        ("on August 25", "2024-09-03", ("2024-08-25", "day", None)),
        ("from August 25 to 29", "2024-09-03", ("2024-08-25", "day", "2024-08-29")),
        ("on Friday May 17", "2024-05-18", ("2024-05-17", "day", None)),
        ("on December 30", "2024-01-05", ("2023-12-30", "day", None)),
        ("on 3 March 2019", "2024-01-05", ("2019-03-03", "day", None)),
        ("last November", "2024-05-18", ("2023-11", "month", None)),
        ("last November", "2024-11-20", ("2023-11", "month", None)),
        ("last November", "2025-01-05", ("2024-11", "month", None)),
        ("in late July", "2024-09-03", ("2024-07", "month", None)),
        ("since the end of August", "2023-09-17", ("2023-08", "month", None)),
        ("in July", "2024-03-10", ("2023-07", "month", None)),
        ("since July", "2023-09-17", ("2023-07", "month", None)),
        ("in August 2021", "2023-09-17", ("2021-08", "month", None)),
        ("last year", "2023-09-17", ("2022", "year", None)),
        ("earlier this year", "2023-09-17", ("2023", "year", None)),
        ("in 2017", "2023-09-17", ("2017", "year", None)),
    ],
)
def test_date_rules(phrase: str, published: str, expected: tuple) -> None:
    [hit] = date_hits(f"It happened {phrase}.", published)
    assert (hit.date, hit.precision, hit.date_end) == expected


def test_relative_dates_need_a_publication_date() -> None:
    assert date_hits("It happened on Saturday.", None) == []
    assert [h.date for h in date_hits("It happened in 2017.", None)] == ["2017"]


def test_a_year_naming_an_agreement_does_not_date_the_event() -> None:
    text = "The army chased the CSP from its stronghold last November, breaking the 2015 accord."
    [event] = run(text, "2024-05-18").events
    assert (event.kind, event.date) == ("battle", "2023-11")


# ------------------------------------------------------------------------- fatalities


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "On Sunday, drone strikes killed around 20 civilians, according to local sources.",
            [(20, "civilians", "local sources")],
        ),
        (
            "The Malian army said it clashed with JNIM and killed 12 assailants.",
            [(12, "assailants", "Malian army")],
        ),
        ("Fierce fighting left twenty on each side dead.", [(20, None, None)]),
        ("Several dozen soldiers were killed in the ambush.", [(12, "soldiers", None)]),
        ("Dozens of civilians died in the shelling.", [(12, "civilians", None)]),
        ("A few fighters were killed when the rebels clashed with FAMa.", [(3, "fighters", None)]),
        ("Hundreds of people were massacred in the village.", [(100, "people", None)]),
        ("Five soldiers died in an ambush on Friday.", [(5, "soldiers", None)]),
        ("The rebels clashed with FAMa; there were deaths on both sides.", []),
    ],
)
def test_fatalities(text: str, claims: list) -> None:
    [event] = run(text).events
    assert [(f.count, f.victims, f.claimed_by) for f in event.fatalities] == claims


# --------------------------------------------------------------------------- treaties


def test_signed_charter_with_name_kind_parties_date_and_place() -> None:
    text = (
        "Mali, Burkina Faso and Niger signed the Liptako-Gourma Charter, a collective defence "
        "pact, in Bamako on 16 September."
    )
    items = run(text)
    [treaty] = items.treaties
    assert treaty.name == "Liptako-Gourma Charter"
    assert (treaty.kind, treaty.status) == ("defence_pact", "signed")
    assert treaty.parties == ["Mali", "Burkina Faso", "Niger"]
    assert (treaty.date, treaty.location) == ("2023-09-16", "Bamako")
    assert [e.kind for e in items.events] == ["agreement"]


def test_two_names_of_one_charter_merge_into_aliases() -> None:
    text = (
        "Mali and Niger signed the Charter of Liptako-Gourma on Saturday.\n"
        "The Liptako-Gourma Charter binds Mali and Niger to help each other."
    )
    items = run(text)
    [treaty] = items.treaties
    assert treaty.name == "Charter of Liptako-Gourma"
    assert treaty.aliases == ["Liptako-Gourma Charter"]
    assert treaty.date == "2023-09-16"
    assert len(items.events) == 1


def test_sought_pact_is_proposed_with_a_descriptive_name() -> None:
    [treaty] = run("The CSP wants to establish a non-aggression pact with JNIM.").treaties
    assert treaty.name == "CSP–JNIM non-aggression pact"
    assert (treaty.kind, treaty.status, treaty.date) == ("non_aggression_pact", "proposed", None)
    assert treaty.parties == [
        "Permanent Strategic Framework",
        "Group for Support of Islam and Muslims",
    ]


def test_ceasefire_under_negotiation() -> None:
    [treaty] = run(
        "Negotiations on a ceasefire between the CSP and the Malian junta continue."
    ).treaties
    assert (treaty.kind, treaty.status) == ("ceasefire", "negotiating")
    assert treaty.parties == ["Permanent Strategic Framework", "Government of Mali"]


def test_broken_agreement_is_terminated_and_keeps_its_year() -> None:
    [treaty] = run("The Malian junta broke the 2015 peace agreement with the CSP.").treaties
    assert (treaty.kind, treaty.status, treaty.date) == ("peace_agreement", "terminated", "2015")


def test_undermining_an_agreement_does_not_end_it() -> None:
    [treaty] = run("The new attacks undermine the Algiers Agreement.").treaties
    assert (treaty.name, treaty.status) == ("Algiers Agreement", "signed")


def test_an_alliance_that_is_an_actor_is_not_a_treaty() -> None:
    actors = [*ACTORS, Actor(name="Alliance of Sahel States", kind="international_org")]
    items = find_event_candidates(
        "The Alliance of Sahel States condemned the attack.", None, actors
    )
    assert items.treaties == []


def test_a_bare_agreement_word_alone_proposes_nothing() -> None:
    assert run("The agreement was discussed at length.").treaties == []


def test_an_agreement_keeps_every_modifier_before_or_after_its_keyword() -> None:
    [treaty] = run(
        "On Monday the Malian junta ended by decree the defence and security cooperation "
        "agreements that bound it to Sweden."
    ).treaties
    assert treaty.name.endswith("defence and security cooperation agreements")
    assert (treaty.kind, treaty.status) == ("defence_pact", "terminated")
    [accord] = run(
        "Le Niger a dénoncé vendredi les accords de coopération en matière de défense et de "
        "sécurité avec le Bénin."
    ).treaties
    assert accord.name.endswith("accords de coopération en matière de défense et de sécurité")
    assert accord.status == "terminated"


def test_a_headline_joins_the_body_event_and_keeps_its_tolls() -> None:
    text = (
        "Raid on Tinzawaten village leaves more than 40 dead\n\n"
        "Gunmen stormed the village of Tinzawaten on Sunday, killing 43 civilians, the "
        "governor said.\n\nThe army sent reinforcements."
    )
    [event] = run(text, published="2024-05-14").events
    assert (event.kind, event.location) == ("violence_against_civilians", "Tinzawaten")
    assert [c.count for c in event.fatalities] == [43]


def test_a_parsers_false_cut_does_not_lose_the_place_of_a_long_communique_sentence() -> None:
    text = (
        "L'état-major général des armées informe que le détachement militaire et la "
        "population civile d'Ansongo, dans la province du Soum, ont été la cible, ce lundi 3 "
        "juin 2024, d'une attaque menée par un groupe important de terroristes à moto."
    )
    [event] = run(text, published="2024-06-04").events
    assert (event.kind, event.location, event.date) == ("battle", "Ansongo", "2024-06-03")
    assert all(not q.startswith("-") for q in event.evidence)


def test_the_riposte_told_in_the_next_paragraph_is_the_same_fight() -> None:
    text = (
        "Un poste de la gendarmerie de Tin-Akoff a été attaqué le lundi 3 juin 2024.\n\n"
        "Grâce à la riposte des FAMa, appuyées par les vecteurs aériens, les assaillants ont "
        "été repoussés. Douze terroristes ont été neutralisés."
    )
    [event] = run(text, published="2024-06-04").events
    assert (event.location, event.date) == ("Tin-Akoff", "2024-06-03")
    assert [c.count for c in event.fatalities] == [12]


def test_a_claim_of_responsibility_echoes_the_attack_told_before() -> None:
    english = (
        "Gunmen killed nine soldiers at the Tin-Akoff post on Monday 3 June 2024. "
        "No group has claimed Monday's attack."
    )
    assert len(run(english, published="2024-06-05").events) == 1
    french = (
        "Des hommes armés ont tué neuf soldats au poste de Tin-Akoff le lundi 3 juin 2024. "
        "L'attaque a été revendiquée le 6 juin par l'État islamique."
    )
    assert len(run(french, published="2024-06-07").events) == 1


def test_a_datelines_day_is_the_filing_day_not_the_events() -> None:
    text = (
        "BAMAKO, Jan 26 - Mali's military government on Thursday announced the end of the "
        "2015 Algiers agreement with armed groups in the north."
    )
    [event] = run(text, published="2024-01-26").events
    assert (event.kind, event.date) == ("agreement", "2024-01-25")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("On 30 July the regional bloc imposed sanctions on Niger.", "other"),
        ("In December the two governments recalled their ambassadors.", "other"),
        ("In 2022 France pulled its Barkhane force out of Mali.", "withdrawal"),
        (
            "Later that month the Ouallam base was handed to the Nigerien army.",
            "territory_transfer",
        ),
        ("On 26 July the presidential guard detained Bazoum at his residence.", "coup"),
    ],
)
def test_sanctions_envoys_pullouts_handovers_and_a_guard_detaining_the_head_of_state(
    text: str, kind: str
) -> None:
    assert [e.kind for e in run(text, published="2023-12-20").events] == [kind]


def test_an_unplaced_attack_happened_where_the_article_is_about() -> None:
    text = (
        "Gunmen went from house to house in Tin-Akoff on Saturday night, residents said.\n\n"
        "Survivors who fled Tin-Akoff described men singled out and shot.\n\n"
        "On 28 May, an attack on the town's gendarmerie post killed five gendarmes."
    )
    events = run(text, published="2024-06-04").events
    assert [(e.date, e.location) for e in events] == [
        ("2024-06-01", "Tin-Akoff"), ("2024-05-28", "Tin-Akoff"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "The Tuareg alliance said on Monday it was at war with the Malian junta.",
        "Sans accord ni médiateur, le nord du Mali entre dans une période incertaine.",
        "Mali and the CSP have still signed no peace agreement.",
    ],
)
def test_a_peoples_alliance_that_speaks_and_a_missing_agreement_are_no_treaties(
    text: str,
) -> None:
    assert run(text).treaties == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the victims decide: unarmed preachers shot by soldiers are civilians
        (
            "On 8 May soldiers at a checkpoint shot dead 9 unarmed preachers.",
            "violence_against_civilians",
        ),
        # driving hostages out of town is no conquest
        (
            "On 8 May gunmen seized two aid workers in Kidal and drove them out of town.",
            "violence_against_civilians",
        ),
        (
            "On 8 May militants took a doctor and his wife and their driver from their home.",
            "violence_against_civilians",
        ),
        ("On 8 May the last French detachment left Menaka.", "withdrawal"),
    ],
)
def test_victims_hostages_and_a_force_leaving_a_town(text: str, kind: str) -> None:
    assert [e.kind for e in run(text).events] == [kind]


def test_a_force_leaving_its_dead_behind_is_no_withdrawal() -> None:
    assert [e.kind for e in run("On 8 May the soldiers left three dead behind.").events] != [
        "withdrawal"
    ]


def test_troops_flying_out_withdraw_and_men_shot_in_their_homes_are_civilians() -> None:
    [left] = run("On 22 December the last French soldiers flew out of Niamey.").events
    assert left.kind == "withdrawal"
    [shot] = run(
        "On 11 June militants went house to house in Seytenga, shooting men, days after "
        "fighting with the army nearby."
    ).events
    assert shot.kind == "violence_against_civilians"
    assert run("On 27 September the ambassador flew out of Niamey.").events == []


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May the junta demanded the departure of the French troops.",
        "On 3 May Paris said the coup leaders had no authority over its envoy.",
        "On 3 May the movements that signed the 2015 agreement asked for the camps.",
        "On 3 May she was seen in videos released by her captors.",
    ],
)
def test_demands_coup_leaders_signatories_and_released_videos_report_no_event(text: str) -> None:
    assert run(text).events == []


def test_a_second_device_in_the_same_area_is_a_second_event_there() -> None:
    text = (
        "Two soldiers were killed when their truck struck a mine near Tin-Akoff.\n\n"
        "A few hours later a second device went off in the same area, the army said."
    )
    events = run(text, published="2024-06-04").events
    assert [(e.kind, e.location) for e in events] == [
        ("remote_violence", "Tin-Akoff"), ("remote_violence", "Tin-Akoff"),
    ]  # fmt: skip


def test_une_attaque_a_la_roquette_is_remote_violence() -> None:
    [event] = run("Le 7 septembre, une attaque à la roquette a visé le bateau à Tombouctou.").events
    assert event.kind == "remote_violence"


def test_that_day_is_the_day_of_the_event_before_and_a_filing_day_gives_way() -> None:
    text = (
        "Soldiers killed 20 herders in Tin-Akoff on 20 April 2023. "
        "The same men killed 11 other people that day in nearby Markoye."
    )
    events = run(text, published="2023-04-28").events
    assert [e.date for e in events] == ["2023-04-20", "2023-04-20"]
    filed = (
        "OUAGADOUGOU, June 14 - Gunmen killed 79 residents in Tin-Akoff, the government said.\n\n"
        "Gunmen went from house to house in Tin-Akoff during the night of June 11 to 12, "
        "killing residents."
    )
    [event] = run(filed, published="2022-06-14").events
    assert event.date == "2022-06-11"
