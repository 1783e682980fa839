"""Pydantic models shared by the LLM output, the gold files and the scorer.

The fields and enumerations follow docs/annotation.md. A gold file is an
`Extraction` written by hand; the LLM is asked for `ExtractionItems` (the same
lists without the article metadata, which the pipeline already knows).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from extractor.datevalues import DatePrecision, date_precision_of
from extractor.text import fold

ActorKind = Literal[
    "state",
    "government",
    "armed_forces",
    "armed_group",
    "private_military",
    "international_org",
    "person",
]
TreatyKind = Literal[
    "defence_pact",
    "mutual_assistance_pact",
    "non_aggression_pact",
    "peace_agreement",
    "ceasefire",
    "confederation_treaty",
    "cooperation_agreement",
    "other",
]
TreatyStatus = Literal["proposed", "negotiating", "signed", "terminated"]
EventKind = Literal[
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
]

# The three kinds of item, in the order every list, report and table shows them.
ITEM_TYPES: tuple[str, ...] = ("actors", "treaties", "events")

ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__  # type: ignore[attr-defined]
TREATY_KINDS: tuple[str, ...] = TreatyKind.__args__  # type: ignore[attr-defined]
TREATY_STATUSES: tuple[str, ...] = TreatyStatus.__args__  # type: ignore[attr-defined]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _check_country(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    value = value.upper()
    if not _COUNTRY.match(value):
        raise ValueError(f"country {value!r} is not an ISO 3166-1 alpha-2 code such as ML or NE")
    return value


# The patterns go into the JSON Schema only (validation keeps the precise messages above):
# grammar-constrained backends such as llama.cpp then cannot emit a malformed date or code.
CountryCode = Annotated[
    str | None,
    AfterValidator(_check_country),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": "^[A-Z]{2}$"}, {"type": "null"}]}),
]
DateText = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
        }
    ),
]


def first_error(error: ValidationError, where_if_none: str = "") -> str:
    """A pydantic error's first problem as one line: "path.to.field: message"."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or where_if_none
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def union_folded(*lists: list[str]) -> list[str]:
    """The values of all lists in order, without repeats that differ only in case or accents."""
    seen: dict[str, str] = {}
    for values in lists:
        for value in values:
            seen.setdefault(fold(value), value)
    return list(seen.values())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Dated(_Strict):
    """Mixin check: a date, when given, is valid and agrees with its precision."""

    if TYPE_CHECKING:
        date: str | None
        date_precision: DatePrecision | None

    @model_validator(mode="after")
    def _date_matches_precision(self) -> _Dated:
        date, precision = self.date, self.date_precision
        if date is None:
            if precision is not None:
                raise ValueError("date_precision is set but date is empty")
            return self
        implied = date_precision_of(date)
        if precision is None:
            # The shape of the date says its precision; no need to bounce the model for it.
            self.date_precision = implied
        elif precision != implied:
            raise ValueError(
                f"date {date!r} has precision {implied!r} but date_precision is {precision!r}"
            )
        return self


class Article(_Strict):
    """A news article to extract from (not produced by the model)."""

    # The text is kept byte for byte: evidence offsets index into it.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    id: str = Field(description="The seed's file stem, e.g. 000_b403c17cf9c6620e.")
    text: str = Field(description="The article body.")
    title: str | None = Field(default=None, description="Headline, when known.")
    published: str | None = Field(
        default=None, description="Publication date, YYYY-MM-DD (or coarser)."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code of the body text.")


class Actor(_Strict):
    """A distinct real-world actor, however many surface forms it has in the article."""

    name: str = Field(min_length=1, description="The fullest name the article gives.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Every other form the article uses for this actor: acronyms, translations, "
        "short forms.",
    )
    kind: ActorKind = Field(description="What sort of actor this is.")
    country: CountryCode = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the actor's home country (ML, NE, BF, FR, RU); "
        "empty for international bodies.",
    )
    role: str | None = Field(
        default=None, description="Persons only: their title or function as given."
    )
    affiliation: str | None = Field(
        default=None, description="Persons only: the name of the actor they belong to."
    )
    member_of: list[str] = Field(
        default_factory=list,
        description="Names of coalitions or alliances the article says this actor belongs to.",
    )
    evidence: list[str] = Field(
        default_factory=list,
        description="Verbatim quotes from the article (a sentence or clause) mentioning the actor.",
    )

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Treaty(_Dated):
    """An agreement, pact or charter described in the article, even one only sought."""

    name: str = Field(
        min_length=1,
        description="The name the article gives, else a short descriptive name.",
    )
    aliases: list[str] = Field(default_factory=list, description="Other names used in the article.")
    kind: TreatyKind = Field(description="What sort of agreement this is.")
    parties: list[str] = Field(
        default_factory=list, description="Names of the actors bound by it (from the actors list)."
    )
    status: TreatyStatus = Field(
        description="proposed (sought), negotiating (talks under way), signed, or terminated."
    )
    date: DateText | None = Field(
        default=None,
        description="When it was signed (or proposed, if never signed): YYYY, YYYY-MM or "
        "YYYY-MM-DD.",
    )
    date_precision: DatePrecision | None = Field(
        default=None, description="day, month or year, matching the date's shape."
    )
    location: str | None = Field(default=None, description="Where it was signed, if said.")
    evidence: list[str] = Field(
        default_factory=list, description="Verbatim quotes from the article about this agreement."
    )

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class FatalityClaim(_Strict):
    """One reported death toll; contradicting claims are kept side by side."""

    count: int = Field(ge=0, description="The number as reported (around 20 is 20).")
    victims: str | None = Field(
        default=None, description="Who died, as the source puts it (civilians, CSP fighters)."
    )
    claimed_by: str | None = Field(
        default=None,
        description="Source of the figure; empty when the article gives it in its own voice.",
    )


class Event(_Dated):
    """A single occurrence the article reports as having happened or under way."""

    kind: EventKind = Field(description="What sort of event this is.")
    summary: str = Field(default="", description="One sentence saying what happened.")
    date: DateText | None = Field(
        default=None, description="Start date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    date_precision: DatePrecision | None = Field(
        default=None, description="day, month or year, matching the date's shape."
    )
    date_end: DateText | None = Field(
        default=None, description="Last day, for multi-day events (YYYY-MM-DD)."
    )
    location: str | None = Field(
        default=None, description="The most specific place named (town, region)."
    )
    country: CountryCode = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the country where it happened."
    )
    participants: list[str] = Field(
        default_factory=list,
        description="Names of the actors taking part (from the actors list); for violence, "
        "both sides.",
    )
    fatalities: list[FatalityClaim] = Field(
        default_factory=list, description="Reported death tolls; empty when none are reported."
    )
    evidence: list[str] = Field(
        default_factory=list, description="Verbatim quotes from the article about this event."
    )

    @field_validator("date_end")
    @classmethod
    def _valid_end(cls, value: str | None) -> str | None:
        if value:
            date_precision_of(value)
        return value or None

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        if self.date_end and self.date and self.date_end < self.date[: len(self.date_end)]:
            raise ValueError(f"date_end {self.date_end} is before date {self.date}")
        return self


class ExtractionItems(_Strict):
    """The actors, treaties and events of one article: what the model is asked for."""

    actors: list[Actor] = Field(default_factory=list, description="Every actor in the article.")
    treaties: list[Treaty] = Field(
        default_factory=list, description="Every agreement, pact or charter in the article."
    )
    events: list[Event] = Field(default_factory=list, description="Every event in the article.")

    @model_validator(mode="after")
    def _references_resolve(self) -> ExtractionItems:
        known = {fold(n) for actor in self.actors for n in actor.all_names()}
        problems = []
        for i, treaty in enumerate(self.treaties):
            for party in treaty.parties:
                if fold(party) not in known:
                    problems.append(f"treaties[{i}].parties: {party!r} is not in actors")
        for i, event in enumerate(self.events):
            for participant in event.participants:
                if fold(participant) not in known:
                    problems.append(f"events[{i}].participants: {participant!r} is not in actors")
        if problems:
            raise ValueError(
                "every party and participant must name an actor of this extraction: "
                + "; ".join(problems)
            )
        return self

    def actor_named(self, name: str) -> Actor | None:
        key = fold(name)
        for actor in self.actors:
            if key in {fold(n) for n in actor.all_names()}:
                return actor
        return None


class ReferenceCoding(_Strict):
    """What a dataset's coders recorded about a partial gold file's event beyond the schema.

    Written by `extractor dataset from-acled|from-ucdp`; the partial scorer reads it (a
    location also counts at these admin levels, a toll within this band).
    """

    dataset: Literal["acled", "ucdp"] = Field(description="The dataset the gold was made from.")
    event_id: str = Field(description="The event's id in that dataset (event_id_cnty, id).")
    admin: list[str] = Field(
        default_factory=list,
        description="Admin areas containing the event's location, most specific first; a "
        "predicted location naming one of them is right at admin level.",
    )
    fatalities_low: int | None = Field(
        default=None, ge=0, description="Lowest toll counted as within the band."
    )
    fatalities_high: int | None = Field(
        default=None, ge=0, description="Highest toll counted as within the band."
    )

    @model_validator(mode="after")
    def _band_in_order(self) -> ReferenceCoding:
        low, high = self.fatalities_low, self.fatalities_high
        if low is not None and high is not None and low > high:
            raise ValueError(f"fatalities_low {low} is above fatalities_high {high}")
        return self


class Extraction(ExtractionItems):
    """One article's extraction with its metadata; a gold file has exactly this shape."""

    article: str = Field(description="The seed's file stem, e.g. 000_b403c17cf9c6620e.")
    published: str | None = Field(default=None, description="Publication date used for dates.")
    language: str | None = Field(default=None, description="ISO 639-1 code of the body text.")
    notes: str | None = Field(default=None, description="Free text on hard calls; never scored.")
    complete: bool = Field(
        default=True,
        description="False for partial gold (e.g. made from an ACLED or UCDP row): it lists "
        "some events and only their actors, so unlisted predictions are not false positives.",
    )
    reference: ReferenceCoding | None = Field(
        default=None, description="Partial gold only: the source dataset's extra coding."
    )

    @model_serializer(mode="wrap")
    def _omit_complete_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A complete extraction serialises as it did before partial gold existed, so run
        # records and dumps stay byte-identical and readable by older versions.
        data = handler(self)
        if self.complete:
            data.pop("complete", None)
        if self.reference is None:
            data.pop("reference", None)
        return data

    @field_validator("published")
    @classmethod
    def _valid_published(cls, value: str | None) -> str | None:
        if value:
            date_precision_of(value)
        return value

    @classmethod
    def of(cls, article: Article, items: ExtractionItems) -> Extraction:
        """An article's items with its id, publication date and language."""
        return cls(
            article=article.id, published=article.published, language=article.language,
            **items.model_dump(),
        )  # fmt: skip
