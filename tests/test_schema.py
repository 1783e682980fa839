"""The Pydantic models of extractor/schema.py: what a gold file or a model output may hold."""

from __future__ import annotations

import inspect
import unicodedata
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from extractor import schema
from extractor.datevalues import date_precision_of
from extractor.schema import (
    ACTOR_KINDS,
    EVENT_KINDS,
    TREATY_KINDS,
    TREATY_STATUSES,
    Actor,
    Event,
    Extraction,
    ExtractionItems,
    FatalityClaim,
    Treaty,
)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[tuple[Any, ...], str, str]]:
    return [(tuple(e["loc"]), e["type"], e["msg"]) for e in exc.value.errors()]


def _actor(name: str, *aliases: str, kind: str = "armed_group") -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "kind": kind}


# --- enumerations ------------------------------------------------------------------------------


def test_enumerations_are_those_of_the_annotation_guide() -> None:
    assert ACTOR_KINDS == (
        "state",
        "government",
        "armed_forces",
        "armed_group",
        "private_military",
        "international_org",
        "person",
    )
    assert TREATY_KINDS == (
        "defence_pact",
        "mutual_assistance_pact",
        "non_aggression_pact",
        "peace_agreement",
        "ceasefire",
        "confederation_treaty",
        "cooperation_agreement",
        "other",
    )
    assert TREATY_STATUSES == ("proposed", "negotiating", "signed", "terminated")
    assert EVENT_KINDS == (
        "battle",
        "remote_violence",
        "violence_against_civilians",
        "meeting",
        "agreement",
        "coup",
        "withdrawal",
        "territory_transfer",
        "defection",
        "other",
    )


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_every_actor_kind_is_accepted(kind: str) -> None:
    assert Actor.model_validate({"name": "X", "kind": kind}).kind == kind


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_every_event_kind_is_accepted(kind: str) -> None:
    assert Event.model_validate({"kind": kind}).kind == kind


@pytest.mark.parametrize("kind", TREATY_KINDS)
@pytest.mark.parametrize("status", TREATY_STATUSES)
def test_every_treaty_kind_and_status_is_accepted(kind: str, status: str) -> None:
    treaty = Treaty.model_validate({"name": "Pact", "kind": kind, "status": status})
    assert (treaty.kind, treaty.status) == (kind, status)


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Actor, {"name": "Wagner", "kind": "mercenary"}, "kind"),
        (Actor, {"name": "JNIM", "kind": "Armed_Group"}, "kind"),
        (Treaty, {"name": "Pact", "kind": "alliance", "status": "signed"}, "kind"),
        (Treaty, {"name": "Pact", "kind": "defence_pact", "status": "ratified"}, "status"),
        (Event, {"kind": "attack"}, "kind"),
        (Event, {"kind": "battle", "date": "2024", "date_precision": "week"}, "date_precision"),
    ],
)
def test_values_outside_an_enumeration_are_refused(
    model: type[BaseModel], data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    assert [(loc, kind) for loc, kind, _ in _errors(exc)] == [((field,), "literal_error")]


# --- extra fields, required fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "data", "extra"),
    [
        (Actor, {"name": "FPL", "kind": "armed_group", "nationality": "NE"}, "nationality"),
        (Treaty, {"name": "Pact", "kind": "other", "status": "signed", "signed": True}, "signed"),
        (Event, {"kind": "battle", "actors": ["FAMa"]}, "actors"),
        (FatalityClaim, {"count": 3, "source": "AFP"}, "source"),
        (Extraction, {"article": "a", "entities": []}, "entities"),
    ],
)
def test_extra_fields_are_forbidden(
    model: type[BaseModel], data: dict[str, Any], extra: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    assert [(loc, kind) for loc, kind, _ in _errors(exc)] == [((extra,), "extra_forbidden")]


def test_nested_extra_field_is_located() -> None:
    data = {"article": "a", "events": [{"kind": "battle", "fatalities": [{"count": 1, "x": 2}]}]}
    with pytest.raises(ValidationError) as exc:
        Extraction.model_validate(data)
    assert [loc for loc, _, _ in _errors(exc)] == [("events", 0, "fatalities", 0, "x")]


def test_required_fields() -> None:
    with pytest.raises(ValidationError) as exc:
        Extraction.model_validate({"actors": [{"name": "FPL"}]})
    assert sorted(loc for loc, kind, _ in _errors(exc) if kind == "missing") == [
        ("actors", 0, "kind"),
        ("article",),
    ]
    with pytest.raises(ValidationError):
        Actor(name="", kind="person")  # an empty name is no name


def test_strings_are_stripped() -> None:
    actor = Actor(name="  FPL ", aliases=[" Patriotic Liberation Front"], kind="armed_group")
    assert actor.all_names() == ["FPL", "Patriotic Liberation Front"]


def test_fatality_count_is_not_negative() -> None:
    assert FatalityClaim(count=0).count == 0
    with pytest.raises(ValidationError):
        FatalityClaim(count=-3)


# --- country codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"), [("ML", "ML"), ("ne", "NE"), (" bf ", "BF"), ("", None), (None, None)]
)
def test_country_code_is_normalised(given: str | None, stored: str | None) -> None:
    assert Actor(name="X", kind="state", country=given).country == stored
    assert Event(kind="battle", country=given).country == stored


@pytest.mark.parametrize("given", ["MLI", "Mali", "M", "M1", "12"])
def test_country_code_must_be_alpha_2(given: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Actor(name="X", kind="state", country=given)
    ((loc, _, message),) = _errors(exc)
    assert loc == ("country",)
    assert "is not an ISO 3166-1 alpha-2 code" in message


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision"), [("2024", "year"), ("2024-07", "month"), ("2024-02-29", "day")]
)
def test_precision_is_inferred_from_the_date_when_omitted(date: str, precision: str) -> None:
    assert date_precision_of(date) == precision
    assert Event(kind="battle", date=date).date_precision == precision
    assert Treaty(name="P", kind="other", status="signed", date=date).date_precision == precision


@pytest.mark.parametrize(
    ("date", "precision"), [("2024", "year"), ("2024-07", "month"), ("2024-08-25", "day")]
)
def test_date_agreeing_with_precision(date: str, precision: str) -> None:
    event = Event.model_validate({"kind": "battle", "date": date, "date_precision": precision})
    assert (event.date, event.date_precision) == (date, precision)


@pytest.mark.parametrize(
    ("date", "precision"), [("2024-07", "day"), ("2024-07-15", "month"), ("2024", "month")]
)
def test_date_disagreeing_with_precision_is_refused(date: str, precision: str) -> None:
    for model, extra in (
        (Event, {"kind": "battle"}),
        (Treaty, {"name": "P", "kind": "other", "status": "signed"}),
    ):
        with pytest.raises(ValidationError) as exc:
            model.model_validate({**extra, "date": date, "date_precision": precision})
        ((_, _, message),) = _errors(exc)
        assert f"date {date!r} has precision" in message
        assert f"but date_precision is {precision!r}" in message


def test_precision_without_date_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        Event(kind="battle", date_precision="day")
    assert "date_precision is set but date is empty" in _errors(exc)[0][2]
    assert Event(kind="battle").date_precision is None


@pytest.mark.parametrize(
    "date",
    [
        "2024-02-30",
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-08-32",
        "24-08-25",
        "25/08/2024",
        "August 2024",
        "2024-8-5",
        "20240825",
    ],
)
def test_impossible_or_misshapen_dates_are_refused(date: str) -> None:
    with pytest.raises(ValueError):
        date_precision_of(date)
    with pytest.raises(ValidationError):
        Event(kind="battle", date=date)
    with pytest.raises(ValidationError):
        Extraction(article="a", published=date)


def test_date_end() -> None:
    event = Event(kind="meeting", date="2024-08-25", date_end="2024-08-29")
    assert event.date_end == "2024-08-29"
    assert Event(kind="meeting", date="2024-08-25", date_end="2024-08-25").date_end
    assert Event(kind="meeting", date="2024-08", date_end="2024-09-02").date_end
    assert Event(kind="meeting", date="2024-08-25", date_end="").date_end is None
    # An end coarser than the start is before it only when its whole period is.
    assert Event(kind="meeting", date="2024-08-25", date_end="2024-08").date_end
    assert Event(kind="meeting", date="2024-08-25", date_end="2024").date_end
    with pytest.raises(ValidationError):
        Event(kind="meeting", date="2024-08-25", date_end="2024-07")
    with pytest.raises(ValidationError) as exc:
        Event(kind="meeting", date="2024-08-25", date_end="2024-08-20")
    assert "date_end 2024-08-20 is before date 2024-08-25" in _errors(exc)[0][2]
    with pytest.raises(ValidationError) as exc:
        Event(kind="meeting", date="2024-08", date_end="2024-07-31")
    with pytest.raises(ValidationError) as exc:
        Event(kind="meeting", date="2024-08-25", date_end="2024-08-35")
    assert _errors(exc)[0][0] == ("date_end",)


# --- cross references -----------------------------------------------------------------------------

GOITA = "Assimi Go\u00efta"  # precomposed ï


def _items(participants: list[str], parties: list[str] | None = None) -> ExtractionItems:
    return ExtractionItems.model_validate(
        {
            "actors": [
                _actor("Permanent Strategic Framework", "CSP", "Cadre stratégique permanent"),
                _actor("Patriotic Liberation Front", "FPL"),
                _actor(GOITA, "Colonel Goïta", kind="person"),
            ],
            "treaties": [
                {"name": "Pact", "kind": "other", "status": "signed", "parties": parties or []}
            ],
            "events": [{"kind": "meeting", "participants": participants}],
        }
    )


@pytest.mark.parametrize(
    ("reference", "actor"),
    [
        ("Permanent Strategic Framework", 0),
        ("CSP", 0),
        ("csp", 0),
        ("permanent  STRATEGIC framework", 0),
        ("Cadre Strategique Permanent", 0),
        (GOITA, 2),
        ("Assimi Goita", 2),
        ("ASSIMI GOÏTA", 2),
        (unicodedata.normalize("NFD", GOITA), 2),
        ("colonel goita", 2),
    ],
)
def test_references_resolve_by_name_or_alias_ignoring_case_and_accents(
    reference: str, actor: int
) -> None:
    items = _items([reference, "FPL"], parties=[reference])
    assert items.events[0].participants[0] == reference  # kept as written, not rewritten
    assert items.treaties[0].parties == [reference]
    assert items.actor_named(reference) is items.actors[actor]


@pytest.mark.parametrize("reference", ["Wagner", "CS", "Goïta Assimi", "Strategic Framework"])
def test_unknown_references_are_refused(reference: str) -> None:
    with pytest.raises(ValidationError) as exc:
        _items([reference])
    message = _errors(exc)[0][2]
    assert f"events[0].participants: {reference!r} is not in actors" in message
    with pytest.raises(ValidationError) as exc:
        _items(["FPL"], parties=["FPL", reference])
    assert f"treaties[0].parties: {reference!r} is not in actors" in _errors(exc)[0][2]
    assert _items(["FPL"]).actor_named(reference) is None


def test_a_whole_gold_shaped_extraction() -> None:
    extraction = Extraction.model_validate(
        {
            "article": "000_b403c17cf9c6620e",
            "published": "2024-09-02",
            "language": "en",
            "actors": [
                {**_actor("Patriotic Liberation Front", "FPL"), "country": "NE", "evidence": ["x"]},
                {**_actor("Permanent Strategic Framework", "CSP"), "country": "ml"},
            ],
            "events": [
                {
                    "kind": "meeting",
                    "date": "2024-08-25",
                    "date_end": "2024-08-29",
                    "participants": ["FPL", "Permanent Strategic Framework"],
                    "fatalities": [],
                }
            ],
        }
    )
    assert extraction.actors[1].country == "ML"
    assert extraction.events[0].date_precision == "day"


# --- descriptions ---------------------------------------------------------------------------------


def _models() -> list[type[BaseModel]]:
    return [
        cls
        for _, cls in inspect.getmembers(schema, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == schema.__name__ and cls.model_fields
    ]


def test_the_models_are_all_found() -> None:
    assert {cls.__name__ for cls in _models()} == {
        "Article",
        "Actor",
        "Treaty",
        "FatalityClaim",
        "Event",
        "ExtractionItems",
        "Extraction",
        "ReferenceCoding",
    }


@pytest.mark.parametrize("model", _models(), ids=lambda cls: cls.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
    missing = [name for name, field in model.model_fields.items() if not field.description]
    assert missing == [], f"{model.__name__} fields without a description: {missing}"


def test_every_json_schema_property_has_a_description() -> None:
    json_schema = Extraction.model_json_schema()
    definitions = {"Extraction": json_schema, **json_schema["$defs"]}
    for name, definition in definitions.items():
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description in the schema"
