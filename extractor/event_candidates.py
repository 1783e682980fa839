"""Candidate events and treaties found by rules, before the LLM.

The bundled offline model (SmolLM2-135M) does not find events by itself, so this stage proposes
them from news language alone: trigger words give the kind, date phrases are resolved against
the publication date, registry places give the location, and the actors already found (by the
actor stage, ``extractor.candidates``) give participants and treaty parties.

Precision comes before recall (a wrong candidate costs as much as a missed one), so every rule
below is narrow and documented. Nothing here was tuned on the seed articles or their gold files;
the rules follow docs/annotation.md and general knowledge of how conflict news is written.

`find_event_candidates` returns an `ExtractionItems` with treaties and events and no actors.
Its participants and parties are names of the actors passed in, so it validates once those
actors are added back: ``ExtractionItems(actors=actors, treaties=..., events=...)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.candidates import (
    Mention,
    _nlp,
    evidence_for,
    fold_chars,
    registry_matches,
)
from extractor.schema import (
    Actor,
    DatePrecision,
    Event,
    EventKind,
    ExtractionItems,
    FatalityClaim,
    Treaty,
    TreatyKind,
    TreatyStatus,
    fold,
)

# ----------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """One spaCy sentence cut at newlines; offsets into the article, end exclusive."""

    index: int
    start: int
    end: int
    text: str


# Lines the annotation guide says are not article text: link lines, photo credits, bylines.
_BOILERPLATE = re.compile(
    r"^(?:read\s+more|read\s+also|see\s+also|more\s*:|also\s+read|photo\b|\(photo|"
    r"archive\s+image|the\s+cover\s+photo|cover\s+photo|credits?\s*:|image\s*:|"
    r"(?:by|par|written\s+by)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*$)",
    re.IGNORECASE,
)


def split_sentences(text: str, doc: Any) -> list[Sentence]:
    """spaCy's sentences, each also cut at newlines, without boilerplate lines."""
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        position = sent.start_char
        for line in text[sent.start_char : sent.end_char].split("\n"):
            pieces.append((position, position + len(line)))
            position += len(line) + 1
    sentences: list[Sentence] = []
    for start, end in pieces:
        raw = text[start:end]
        start, end = start + len(raw) - len(raw.lstrip()), start + len(raw.rstrip())
        if end > start and not _BOILERPLATE.match(text[start:end]):
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


# ----------------------------------------------------------------------------------- dates

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTHS, 1)} | {"Sept": 9}
_MONTH = (
    r"(January|February|March|April|May|June|July|August|Sept(?:ember)?|October|November|December)"
)
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = "(" + "|".join(_WEEKDAYS) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class DateHit:
    """A resolved date phrase: its span in the sentence and the date it names."""

    start: int
    end: int
    date: str
    precision: DatePrecision
    date_end: str | None = None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for_month(month: int, published: dt.date, strict: bool = False) -> int:
    """The year of the most recent ``month`` on or before (strict: before) the published month:
    news report the past, so a month after publication is last year's."""
    later = month >= published.month if strict else month > published.month
    return published.year - 1 if later else published.year


def _day_hit(
    span: tuple[int, int], month: str, day: str, day_end: str | None, year: str | None, pub: Any
) -> DateHit | None:
    """'25 August', 'August 25 to 29', 'August 25, 2024': day precision, date_end for ranges.
    Without a year, the most recent such day on or before publication."""
    number = _MONTH_NUMBER[month[:4] if month.startswith("Sept") else month]
    if year:
        start = _day(int(year), number, int(day))
    elif pub is not None:
        start = _day(pub.year, number, int(day))
        if start and start > pub:
            start = _day(pub.year - 1, number, int(day))
    else:
        return None
    if start is None:
        return None
    end = _day(start.year, number, int(day_end)) if day_end else None
    end_text = end.isoformat() if end and end > start else None
    return DateHit(*span, start.isoformat(), "day", end_text)


_RANGE = rf"(?:\s*(?:-|–|to|and)\s*(\d{{1,2}}){_ORD})?"
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}}){_ORD}{_RANGE}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b")
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}){_ORD}{_RANGE}(?:,?\s+(\d{{4}}))?\b(?!,\d)")
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+((?:19|20)\d{{2}})\b")
_WEEKDAY_RE = re.compile(rf"\b(?:(?:on|this|last|since|from)\s+)?{_WEEKDAY}\b")
_LAST_MONTH_NAME = re.compile(rf"\blast\s+{_MONTH}\b")
# "late July", "end of August", "since the end of August": the month, precision month.
_PART_OF_MONTH = re.compile(
    rf"\b(?:since\s+)?(?:(?:late|early|mid)[\s-]+|(?:the\s+)?(?:end|beginning|start|middle)"
    rf"\s+of\s+){_MONTH}\b"
)
# "in July", "since July": deadlines ("by", "until") are not dates of events (guide rule 8).
_IN_MONTH = re.compile(rf"\b(?:in|since|during|of|from)\s+{_MONTH}\b(?!\s+\d)")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b(?![-/]\d)")
_RELATIVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\blast\s+year\b", re.IGNORECASE), "last_year"),
    (re.compile(r"\b(?:earlier\s+|later\s+)?this\s+year\b", re.IGNORECASE), "this_year"),
    (re.compile(r"\blast\s+month\b", re.IGNORECASE), "last_month"),
    (re.compile(r"\byesterday\b", re.IGNORECASE), "yesterday"),
)


def _absolute_hits(sentence: str, pub: dt.date | None) -> list[DateHit]:
    """Day dates (with or without year), month-year and bare years."""
    hits: list[DateHit] = []
    for m in _DAY_FIRST.finditer(sentence):
        hits.append(_day_hit(m.span(), m[3], m[1], m[2], m[4], pub))  # type: ignore[arg-type]
    for m in _MONTH_FIRST.finditer(sentence):
        hits.append(_day_hit(m.span(), m[1], m[2], m[3], m[4], pub))  # type: ignore[arg-type]
    for m in _MONTH_YEAR.finditer(sentence):
        hits.append(DateHit(*m.span(), f"{m[2]}-{_month_number(m[1]):02d}", "month"))
    for m in _YEAR.finditer(sentence):
        hits.append(DateHit(*m.span(), m[1], "year"))
    return [h for h in hits if h is not None]


def _month_number(name: str) -> int:
    return _MONTH_NUMBER["Sept" if name.startswith("Sept") else name]


def _relative_hits(sentence: str, pub: dt.date) -> list[DateHit]:
    """Phrases that need the publication date: weekdays, 'last November', 'late July', ..."""
    hits: list[DateHit] = []
    for m in _WEEKDAY_RE.finditer(sentence):
        # "On Saturday" is the most recent Saturday on or before publication (guide).
        back = (pub.weekday() - _WEEKDAYS.index(m[1])) % 7
        hits.append(DateHit(*m.span(), (pub - dt.timedelta(days=back)).isoformat(), "day"))
    for pattern, strict in ((_LAST_MONTH_NAME, True), (_PART_OF_MONTH, False), (_IN_MONTH, False)):
        for m in pattern.finditer(sentence):
            month = _month_number(m[1])
            year = _year_for_month(month, pub, strict)
            hits.append(DateHit(*m.span(), f"{year}-{month:02d}", "month"))
    previous_month = (pub.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]
    values: dict[str, tuple[str, DatePrecision]] = {
        "last_year": (str(pub.year - 1), "year"),
        "this_year": (str(pub.year), "year"),
        "last_month": (previous_month, "month"),
        "yesterday": ((pub - dt.timedelta(days=1)).isoformat(), "day"),
    }
    for pattern, key in _RELATIVE:
        for m in pattern.finditer(sentence):
            hits.append(DateHit(*m.span(), *values[key]))
    return hits


def _published_date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published and len(published) == 10 else None
    except ValueError:
        return None


def date_hits(sentence: str, published: str | None) -> list[DateHit]:
    """Every date phrase of a sentence, resolved; overlapping phrases keep the most precise
    (then longest) one, and a weekday right before a day date ("Friday May 17") is dropped."""
    pub = _published_date(published)
    hits = _absolute_hits(sentence, pub) + (_relative_hits(sentence, pub) if pub else [])
    ranked = sorted(hits, key=lambda h: (_PRECISION_RANK[h.precision], h.end - h.start))
    kept: list[DateHit] = []
    for hit in reversed(ranked):
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    days = [k for k in kept if k.precision == "day"]
    kept = [
        k
        for k in kept
        if not (_WEEKDAY_RE.fullmatch(sentence[k.start : k.end]) and _precedes_day(k, days))
    ]
    return sorted(kept, key=lambda h: h.start)


def _precedes_day(hit: DateHit, days: Sequence[DateHit]) -> bool:
    return any(d is not hit and 0 <= d.start - hit.end <= 3 for d in days)


def nearest(hits: Sequence[DateHit], start: int, end: int) -> DateHit | None:
    """The date phrase closest to a span (a time adverbial dates its own clause)."""
    if not hits:
        return None
    return min(hits, key=lambda h: max(h.start - end, start - h.end, 0))


# A year that qualifies an agreement ("the 2015 peace agreement") dates the agreement, not the
# event the sentence reports.
_TREATY_YEAR = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:pacts?|charter|agreements?|accords?|alliance|treaty|truce|"
    r"ceasefire|convention|deal)\b",
    re.IGNORECASE,
)


def _qualifies_treaty(sentence: str, hit: DateHit) -> bool:
    return hit.precision == "year" and bool(_TREATY_YEAR.match(sentence, hit.end))


# -------------------------------------------------------------------------------- triggers

# One table row per event kind: the first row whose pattern matches gives the sentence's kind,
# so the order settles mixed sentences ("an airstrike killed civilians" is remote violence, not
# violence against civilians; "seized power" is a coup, not a capture).
_TREATY_NOUNS = r"(?:charter|pact|agreement|accord|alliance|treaty|convention|protocol)"
_TRIGGERS_ROWS: tuple[tuple[EventKind, str], ...] = (
    (
        "coup",
        r"\bcoups?\b(?!\s+attempt)|\bcoup\s+d['’]\s*[ée]tat\b|\bputsch(?:es)?\b|"
        r"\bseized\s+power\b|\boverthr(?:ew|own)\b|"
        r"\b(?:military|junta|army|soldiers)\b[^.;]{0,60}?\bin\s+power\s+"
        r"(?:in\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+)?since\b",
    ),
    (
        "agreement",
        rf"\b(?:signed|initiall?ed|adopted)\b[^.;]{{0,80}}?\b{_TREATY_NOUNS}|"
        rf"\b{_TREATY_NOUNS}s?\b[^.;]{{0,60}}?\b(?:was|were|been)\s+(?:signed|initiall?ed|"
        r"adopted)\b",
    ),
    (
        "remote_violence",
        r"\bdrone\s+(?:strikes?|attacks?)\b|\bair\s*-?\s*strikes?\b|\bshelling\b|"
        r"\bbombardments?\b|\bbombed\b|(?-i:\bIEDs?\b)|\bimprovised\s+explosive\s+devices?\b|"
        r"\blandmines?\b",
    ),
    (
        "battle",
        r"\bclash(?:es|ed)?\b|\bambush(?:es|ed)?\b|"
        r"\b(?:heavy|fierce|violent|new|renewed|intense)\s+fighting\b|"
        r"\bfighting\s+(?:broke\s+out|erupted|took\s+place|between|raged)\b|"
        r"\bbattle\s+(?:for|of)\b|\bshot\s+down\b|"
        r"\battack(?:s|ed)?\s+(?:on\s+)?(?:a|an|the|their|its)?\s*(?:[\w-]+\s+){0,2}?"
        r"(?:camp|base|position|post|barracks|garrison)s?\b|"
        r"\b(?:captured|seized|took\s+control\s+of|retook|recaptured)\s+(?:the\s+)?"
        r"(?:[\w-]+\s+){0,3}?(?:town|city|base|camp|locality|village|stronghold|"
        r"positions?)\b|"
        # driven out of a place by force: "chased the rebels from their stronghold"
        r"\b(?:chased|drove|driven|expelled|pushed)\s+(?:[\w-]+\s+){0,4}?(?:from|out\s+of)\s+"
        r"(?:its|their|the|his)\s+(?:[\w-]+\s+){0,2}?(?:stronghold|town|city|base|camp|"
        r"positions?|bastion)\b",
    ),
    (
        "violence_against_civilians",
        r"\bmassacr(?:e|es|ed)\b|\bkill(?:ed|ing)\s+(?:[\w-]+\s+){0,3}?civilians\b|"
        r"\bcivilians\s+(?:were|have\s+been|had\s+been)\s+killed\b",
    ),
    (
        "withdrawal",
        r"\bwithdrawal\s+of\b|\bwithdr(?:ew|awn|aws|aw|awing)\s+from\s+"
        rf"(?!(?:the\s+)?(?:[\w-]+\s+){{0,3}}?(?:{_TREATY_NOUNS}|deal|talks)\b)|"
        r"\b(?:leave|left|leaving)\s+the\s+country\b|"
        r"\bdeparture\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:troops|forces|soldiers|mission|contingent)\b",
    ),
    (
        "defection",
        r"\bdefect(?:ed|ion|ions)\b|\bsplit\s+(?:from|with|off)\b|"
        r"\brallied\s+(?:to|behind)\b|\bbroke\s+away\b",
    ),
    (
        "meeting",
        r"\bmet\s+with\b|\bmeetings?\b|\btalks\b|\bsummit\b|"
        r"\bdelegations?\s+(?:visited|(?:was|were)\s+in)\b",
    ),
)
_TRIGGERS = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _TRIGGERS_ROWS)
# "joined the <armed group>" is a defection only with a known armed group after it.
_JOINED = re.compile(r"\bjoined\s+(?:the\s+)?(?:ranks\s+of\s+(?:the\s+)?)?", re.IGNORECASE)

# Plans, threats, conditions and negations are not events (guide): a sentence with one of these
# gives no event unless its trigger is a past-tense form outside the modal's reach.
_MODAL = re.compile(
    r"\b(?:will|would|shall|must|should|could|might|threaten(?:s|ed|ing)?|plans?\s+to|"
    r"planning\s+to|intends?\s+to|intention\s+to|wants?\s+to|aims?\s+to|if|unless|never)\b|"
    r"\b(?:did|does|do|has|have|had|was|were|is|are)\s+not\b|n['’]t\b",
    re.IGNORECASE,
)
_PAST_FORM = re.compile(r"(?:ed|ew|own|took|shot|met|left|split|broke)\b", re.IGNORECASE)
# Pluperfect and "already": events placed before the story without a date are background.
_BACKGROUND = re.compile(r"\b(?:had|already)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_BACKGROUND_KINDS: frozenset[str] = frozenset({"coup"})


def find_trigger(sentence: str, actors: Sequence[Actor]) -> tuple[EventKind, re.Match[str]] | None:
    """The kind and trigger match of the first table row that fires, or None."""
    for kind, pattern in _TRIGGERS:
        if kind == "defection" and (joined := _joined_group(sentence, actors)):
            return kind, joined
        if match := pattern.search(sentence):
            return kind, match
    return None


def _joined_group(sentence: str, actors: Sequence[Actor]) -> re.Match[str] | None:
    groups = [n for a in actors if a.kind == "armed_group" for n in a.all_names()]
    for match in _JOINED.finditer(sentence):
        rest = fold_chars(sentence[match.end() :]).casefold()
        if any(rest.startswith(fold_chars(n).casefold()) for n in groups):
            return match
    return None


def is_asserted(sentence: str, trigger: re.Match[str]) -> bool:
    """False for plans, threats, conditions and negations (see _MODAL)."""
    if not _MODAL.search(sentence):
        return True
    before = " ".join(sentence[: trigger.start()].split()[-4:])
    return bool(_PAST_FORM.search(trigger.group())) and not _MODAL.search(before + " ")


# ------------------------------------------------------------------------------- places

# Regions too broad to locate an event, and the towns whose country is general knowledge
# (the registry's places list names places but not their countries).
_BROAD_PLACES = frozenset(
    fold(p)
    for p in ("Sahel", "Sahara", "Sahara Desert", "West Africa", "Afrique de l'Ouest", "Maghreb")
)
_PLACE_COUNTRY_TEXT = {
    "ML": "Bamako|Kidal|Gao|Timbuktu|Tombouctou|Mopti|Ségou|Sévaré|Ménaka|Kayes|Sikasso|"
    "Koulikoro|Kati|Tessalit|Aguelhok|Anéfis|Tinzaouaten|Tin Zaouatene|Tin-Zaouatene|Bourem|"
    "Ansongo|Léré|Ber|Douentza|Boni|Hombori|Niono|Nara|Nioro du Sahel|Boulkessi|Mondoro|Moura|"
    "Bandiagara|Ogossagou|Azawad|Adrar des Ifoghas|Ifoghas",
    "BF": "Ouagadougou|Djibo|Dori|Kaya|Fada N'Gourma|Arbinda|Barsalogho|Solenzo|Ouahigouya|"
    "Gorom-Gorom|Seytenga|Koudougou|Bobo-Dioulasso",
    "NE": "Niamey|Tillabéri|Tahoua|Agadez|Arlit|Diffa|Zinder|Maradi|Dosso|Assamaka|Inates|"
    "Chinagodrar|Tassia",
    "TD": "N'Djamena",
    "MR": "Nouakchott",
    "DZ": "Algiers|Alger",
    "NG": "Abuja",
    "SN": "Dakar",
    "GN": "Conakry",
    "CI": "Abidjan",
    "GH": "Accra",
    "TG": "Lomé",
    "BJ": "Cotonou",
    "LY": "Tripoli",
    "MA": "Rabat",
}
_PLACE_COUNTRY = {
    fold(place): country
    for country, places in _PLACE_COUNTRY_TEXT.items()
    for place in places.split("|")
}
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|near|outside|around)\s+(?:the\s+(?:town|city|village|locality|commune|region)"
    r"\s+of\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_IN_PLACE_BEFORE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+[\w\s]{0,20}of\s+)?$")
_TREATY_NAME_AROUND = re.compile(r"^\s*(?:Charter|Agreement|Accords?|Pact|Treaty|Declaration)")
_TREATY_NAME_BEFORE = re.compile(r"(?:Charter|Agreement|Accords?|Pact|Treaty)\s+of\s+(?:the\s+)?$")
_NAMES_NOT_PLACES = frozenset(fold(n) for n in (*_MONTHS, *_WEEKDAYS))


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    start: int  # offset in the sentence


def registry_places(sentence: str) -> list[Place]:
    """Registry places of a sentence, minus broad regions and places inside a treaty's name
    ("Liptako-Gourma Charter", "Algiers Agreement" locate nothing)."""
    places = []
    for start, end in registry_matches(sentence)[1]:
        name = sentence[start:end]
        if fold(name) in _BROAD_PLACES or _TREATY_NAME_AROUND.match(sentence[end:]):
            continue
        if _TREATY_NAME_BEFORE.search(sentence[:start]):
            continue
        places.append(Place(name, _PLACE_COUNTRY.get(fold(name)), start))
    return places


def _ner_place(
    sent: Sentence, ents: Sequence[tuple[int, int]], actor_keys: set[str]
) -> Place | None:
    """A capitalised name after in/at/near that spaCy tags GPE/LOC/FAC and that is no actor."""
    for match in _AFTER_PREPOSITION.finditer(sent.text):
        start, end = sent.start + match.start(1), sent.start + match.end(1)
        name = match[1]
        if fold(name) in actor_keys or fold(name) in _NAMES_NOT_PLACES:
            continue
        if any(s <= start and end <= e for s, e in ents):
            return Place(name, _PLACE_COUNTRY.get(fold(name)), match.start(1))
    return None


def locate_event(
    sent: Sentence, ents: Sequence[tuple[int, int]], actors: Sequence[Actor]
) -> tuple[str | None, str | None]:
    """(location, country): a registry place, else a NER place; the country from the place,
    else from "in <state>" with a state among the actors."""
    actor_keys = {fold(n) for a in actors for n in a.all_names()}
    places = registry_places(sent.text)
    place = places[0] if places else _ner_place(sent, ents, actor_keys)
    country = place.country if place else None
    if country is None:
        country = _state_country(sent.text, actors)
    return (place.name if place else None), country


def _state_country(sentence: str, actors: Sequence[Actor]) -> str | None:
    for actor in actors:
        if actor.kind != "state" or not actor.country:
            continue
        for name in actor.all_names():
            pattern = rf"\bin\s+(?:(?:northern|southern|eastern|western|central)\s+)?{_name(name)}"
            if re.search(pattern, fold_chars(sentence), re.IGNORECASE):
                return actor.country
    return None


# ------------------------------------------------------------------------------- actors


def _name(name: str) -> str:
    """Regex for an actor's name: word-bounded, spaces and hyphens interchangeable."""
    parts = re.split(r"[\s-]+", fold_chars(name).strip())
    return r"(?<!\w)" + r"[\s-]+".join(re.escape(p) for p in parts) + r"(?!\w)"


def mention_positions(sentence: str, actor: Actor) -> list[tuple[int, int]]:
    """Spans of an actor's names in a sentence, case-insensitive except for two-letter
    acronyms (UN, US, AU, EU), which would fire on the words "un", "us", "au", "eu"."""
    folded = fold_chars(sentence)
    spans: list[tuple[int, int]] = []
    for name in actor.all_names():
        short = sum(c.isalpha() for c in name) <= 2
        flags = 0 if short else re.IGNORECASE
        spans += [m.span() for m in re.finditer(_name(name), folded, flags)]
    return sorted(spans)


# A country that only locates ("in northern Mali", "the capital of Mali") is a place, not an
# actor (guide, after ACE 2005).
_LOCATIVE = re.compile(
    r"(?:\b(?:in|across|throughout)\s+(?:(?:the\s+)?(?:north|south|east|west|centre|center)"
    r"\s+of\s+)?|\b(?:northern|southern|eastern|western|central)\s+|"
    r"\b(?:capital|north|south|east|west|centre|center|region|regions|parts?)\s+of\s+)$",
    re.IGNORECASE,
)


def actors_in(
    sentence: str, actors: Sequence[Actor], kinds: Iterable[str] | None = None
) -> list[str]:
    """Canonical names of the actors named in a sentence, in order of first mention. A person
    whose affiliation is among the actors stands for that body (guide: the group acts)."""
    allowed = set(kinds) if kinds is not None else None
    names = {a.name for a in actors}
    found: list[tuple[int, str]] = []
    for actor in actors:
        spans = mention_positions(sentence, actor)
        if actor.kind == "state":
            spans = [s for s in spans if not _LOCATIVE.search(sentence[: s[0]])]
        if not spans:
            continue
        name = actor.name
        if actor.kind == "person" and actor.affiliation in names:
            name = actor.affiliation
            actor = next(a for a in actors if a.name == name)
        if allowed is None or actor.kind in allowed:
            found.append((spans[0][0], name))
    return list(dict.fromkeys(name for _, name in sorted(found)))


# ---------------------------------------------------------------------------- fatalities

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_VAGUE_NUMBERS = {
    "several dozen": 12,
    "a dozen": 12,
    "dozens": 12,
    "hundreds": 100,
    "several": 3,
    "a few": 3,
}  # ACLED's conventions (guide)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|several\s+dozen|a\s+dozen|dozens|hundreds|several|a\s+few|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r"|ninety)"
)
_VICTIM_NOUN = (
    r"(?:civilians|soldiers|fighters|people|militants|jihadists|rebels|members|troops|"
    r"assailants|terrorists|villagers|combatants|gunmen|insurgents|persons|servicemen|"
    r"mercenaries|children|women|men|dead|deaths|bodies)"
)
_COUNT_PHRASES = (
    # "around 20 civilians", "12 Malian soldiers", "dozens of fighters"
    re.compile(
        rf"\b({_NUMBER})\s+(?:of\s+(?:the\s+|their\s+)?)?((?:[\w-]+\s+){{0,2}}?{_VICTIM_NOUN})\b",
        re.IGNORECASE,
    ),
    # "killed 12", "killing at least five soldiers"
    re.compile(
        rf"\bkill(?:ed|ing)\s+(?:at\s+least\s+|around\s+|about\s+|some\s+|nearly\s+)?"
        rf"({_NUMBER})\b(?:\s+((?:[\w-]+\s+){{0,2}}?{_VICTIM_NOUN})\b)?",
        re.IGNORECASE,
    ),
    # "twenty on each side", "five on both sides"
    re.compile(rf"\b({_NUMBER})\s+(?:dead\s+|killed\s+)?on\s+(?:each|both)\s+sides?\b()"),
)
_DEATH = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|deaths?|died|lost\s+their\s+lives|massacred|fatalities|slain|"
    r"death\s+toll|toll|executed)\b",
    re.IGNORECASE,
)
_NOT_VICTIMS = frozenset({"dead", "deaths", "bodies"})
_ACCORDING = re.compile(r"\baccording\s+to\s+((?:[\w'’-]+\s*){1,6}?)(?=[,.;:)]|$)", re.IGNORECASE)
_SAID = re.compile(
    r"(?:^|[,;:—–]\s*)((?:[\w'’-]+\s+){0,5}?[\w'’-]+)\s+(?:said|stated|reported|claimed|"
    r"announced)\b(?!\s+responsibility)",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "that"})


def _count(text: str) -> int | None:
    key = " ".join(text.casefold().split())
    if key in _VAGUE_NUMBERS:
        return _VAGUE_NUMBERS[key]
    if key in _WORD_NUMBERS or key == "ninety":
        return _WORD_NUMBERS.get(key, 90)
    digits = key.replace(",", "")
    return int(digits) if digits.isdigit() else None


def fatalities(sentence: str, dates: Sequence[DateHit]) -> list[FatalityClaim]:
    """Death tolls of a sentence that reports deaths; numbers inside dates are not tolls."""
    if not _DEATH.search(sentence):
        return []
    source = claimed_by(sentence)
    claims: list[FatalityClaim] = []
    taken: list[tuple[int, int]] = [(d.start, d.end) for d in dates]
    for pattern in _COUNT_PHRASES:
        for m in pattern.finditer(sentence):
            if any(s < m.end(1) and m.start(1) < e for s, e in taken):
                continue
            count = _count(m[1])
            if count is None or (1900 <= count <= 2100 and "," not in m[1]):
                continue
            taken.append(m.span())
            victims = (m[2] or "").strip() or None
            if victims and fold(victims) in _NOT_VICTIMS:
                victims = None
            claims.append(FatalityClaim(count=count, victims=victims, claimed_by=source))
    return claims


def claimed_by(sentence: str) -> str | None:
    """The source of a figure: "according to X", "X said"; None in the article's own voice."""
    match = _ACCORDING.search(sentence) or _SAID.search(sentence)
    if not match:
        return None
    source = re.sub(r"^(?:the|a|an)\s+", "", match[1].strip(), flags=re.IGNORECASE)
    return None if not source or fold(source) in _PRONOUNS else source


# -------------------------------------------------------------------------------- events


@dataclass
class _EventDraft:
    """An event being built: the model is made once all merging is done."""

    kind: EventKind
    date: str
    precision: DatePrecision
    date_end: str | None
    location: str | None
    country: str | None
    participants: list[str]
    fatalities: list[FatalityClaim]
    evidence: list[str]
    sentence: int
    echo: bool = False  # a mention of an occurrence reported elsewhere: merges, never alone

    def event(self) -> Event:
        return Event(
            kind=self.kind,
            date=self.date,
            date_precision=self.precision,
            date_end=self.date_end,
            location=self.location,
            country=self.country,
            participants=self.participants,
            fatalities=self.fatalities,
            evidence=self.evidence[:3],
        )


@dataclass(frozen=True)
class _Context:
    """What every sentence's rules need from the article."""

    text: str
    published: str | None
    actors: Sequence[Actor]
    spans: Sequence[tuple[int, int]]  # all sentences, for evidence_for
    ents: Sequence[tuple[int, int]]  # spaCy GPE/LOC/FAC spans


_TWO_OCCURRENCES = re.compile(r"\b(?:double|two|both|twin|successive)\b|\b(?:coups|putsches)\b")
_TWO_YEARS = re.compile(r"\b((?:19|20)\d{2})\s+and\s+((?:19|20)\d{2})\b")
_VIOLENT_KINDS = frozenset({"battle", "remote_violence"})


def _evidence(ctx: _Context, sent: Sentence, trigger: re.Match[str]) -> str:
    start, end = sent.start + trigger.start(), sent.start + trigger.end()
    return evidence_for(ctx.text, ctx.spans, Mention(trigger.group(), start, end, "TRIGGER"))


def _event_dates(
    sent: Sentence, kind: EventKind, trigger: re.Match[str], ctx: _Context
) -> list[tuple[str, DatePrecision, str | None]]:
    """(date, precision, date_end) per occurrence: usually one; two for "the double putsch of
    2020 and 2021"; none for an undated background event."""
    if (two := _TWO_YEARS.search(sent.text)) and _TWO_OCCURRENCES.search(sent.text):
        return [(two[1], "year", None), (two[2], "year", None)]
    hits = [h for h in date_hits(sent.text, ctx.published) if not _qualifies_treaty(sent.text, h)]
    if kind == "coup" and len(since := _since_list(sent.text, trigger, hits)) > 1:
        return [(h.date, h.precision, None) for h in since]
    hit = nearest(hits, *trigger.span())
    if hit is not None:
        return [(hit.date, hit.precision, hit.date_end)]
    if kind in _BACKGROUND_KINDS or _BACKGROUND.search(sent.text[: trigger.start()]):
        return []
    if ctx.published and len(ctx.published) >= 7:
        return [(ctx.published[:7], "month", None)]  # an undated current event (guide)
    return []


def _since_list(sentence: str, trigger: re.Match[str], hits: Sequence[DateHit]) -> list[DateHit]:
    """ "in power in Niger since July, in Burkina Faso since last year": one coup per "since"."""
    if not re.search(r"\bin\s+power\b", trigger.group(), re.IGNORECASE):
        return []
    return [
        h
        for h in hits
        if h.start >= trigger.start()
        and (
            re.search(r"\bsince\s*$", sentence[: h.start])
            or sentence[h.start : h.end].lower().startswith("since")
        )
    ]


def sentence_events(sent: Sentence, ctx: _Context) -> list[_EventDraft]:
    """The event a sentence reports (two for a two-year background phrase), or none."""
    found = find_trigger(sent.text, ctx.actors)
    if found is None or not is_asserted(sent.text, found[1]):
        return []
    kind, trigger = found
    participants = actors_in(sent.text, ctx.actors)
    if kind in _VIOLENT_KINDS:
        participants = participants[:3]
    location, country = locate_event(sent, ctx.ents, ctx.actors)
    deaths = fatalities(sent.text, date_hits(sent.text, ctx.published))
    evidence = [_evidence(ctx, sent, trigger)]
    echo = bool(_ECHO.search(sent.text[: trigger.start()]))
    occurrences: list[tuple[str, DatePrecision, str | None]] = (
        [(ctx.published or "", "month", None)] if echo else _event_dates(sent, kind, trigger, ctx)
    )
    if kind == "coup" and len(occurrences) > 1 and "since" in trigger.group().lower():
        country = None  # one coup per country of a list: the sentence's country fits none
    return [
        _EventDraft(
            kind, d, p, e, location, country, participants, deaths, evidence, sent.index, echo
        )
        for d, p, e in occurrences
    ]


# "confirmed the meeting on Monday": the date phrase dates the report, not the meeting, and the
# meeting is one the article reports elsewhere.
_ECHO = re.compile(
    r"\b(?:confirmed|announced|reported|denied|welcomed|condemned|described|recalled|"
    r"commented\s+on)\s+(?:the|this|that)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _dates_compatible(a: _EventDraft, b: _EventDraft) -> bool:
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _same_event(a: _EventDraft, b: _EventDraft, treaty_of: dict[int, int]) -> bool:
    """Same kind, compatible dates (an echo has none of its own) and the same actors: shared
    participants; for non-violent kinds one side may name none if places do not conflict;
    agreement events about one treaty are one signing."""
    if a.kind != b.kind or not (b.echo or _dates_compatible(a, b)):
        return False
    if a.kind == "agreement" and treaty_of.get(a.sentence, -1) == treaty_of.get(b.sentence, -2):
        return True
    if set(a.participants) & set(b.participants):
        return True
    places_agree = a.location is None or b.location is None or a.location == b.location
    if a.kind not in _VIOLENT_KINDS and not (a.participants and b.participants):
        return places_agree
    return not (a.participants or b.participants) and a.location is not None and places_agree


def _merge_event(into: _EventDraft, other: _EventDraft) -> None:
    if not other.echo and _PRECISION_RANK[other.precision] > _PRECISION_RANK[into.precision]:
        into.date, into.precision, into.date_end = other.date, other.precision, other.date_end
    into.location = into.location or other.location
    into.country = into.country or other.country
    limit = 3 if into.kind in _VIOLENT_KINDS else None
    into.participants = list(dict.fromkeys(into.participants + other.participants))[:limit]
    into.fatalities += [f for f in other.fatalities if f not in into.fatalities]
    into.evidence += [q for q in other.evidence if q not in into.evidence]


def dedupe_events(
    drafts: Iterable[_EventDraft], treaty_of: dict[int, int] | None = None
) -> list[_EventDraft]:
    """One draft per occurrence; treaty_of maps a sentence to the treaty it describes."""
    treaty_of = treaty_of or {}
    drafts = list(drafts)
    merged: list[_EventDraft] = []
    # Own occurrences first, then echoes, which only add their evidence to a match.
    for draft in [d for d in drafts if not d.echo] + [d for d in drafts if d.echo]:
        target = next((m for m in merged if _same_event(m, draft, treaty_of)), None)
        if target is not None:
            _merge_event(target, draft)
        elif not draft.echo:
            merged.append(draft)
    return merged


# ------------------------------------------------------------------------------ treaties

_TREATY_KEYWORD = re.compile(
    r"\b(pacts?|charters?|agreements?|accords?|alliances?|treat(?:y|ies)|truces?|cease-?fires?|"
    r"conventions?)\b",
    re.IGNORECASE,
)
# Kind from the words around the keyword, in the brief's order (first hit wins).
_TREATY_KIND_WORDS_ROWS: tuple[tuple[TreatyKind, str], ...] = (
    ("defence_pact", r"\bdefen[cs](?:e|ive)\b"),
    ("mutual_assistance_pact", r"\bmutual\s+(?:military\s+)?assistance\b"),
    ("non_aggression_pact", r"\bnon-?\s*aggression\b"),
    (
        "peace_agreement",
        r"\bpeace\s+(?:agreement|accords?|deal|treaty|pact)\b|\breconciliation\b",
    ),
    ("ceasefire", r"\btruces?\b|\bcease-?fires?\b"),
    ("confederation_treaty", r"\bconfedera"),
    ("cooperation_agreement", r"\bcooperation\b"),
)
_TREATY_KIND_WORDS = tuple(
    (kind, re.compile(p, re.IGNORECASE)) for kind, p in _TREATY_KIND_WORDS_ROWS
)
# Status from the verb nearest the keyword; terminated first so that "signed in 2015 and broken
# since" reads as the latest state. "undermine" is deliberately absent: it ends nothing.
_STATUS_WORDS_ROWS: tuple[tuple[TreatyStatus, str], ...] = (
    (
        "terminated",
        r"\b(?:broke|broken|breaking|terminated|ended|withdrew\s+from|withdrawn\s+from|"
        r"pulled\s+out\s+of|denounced|tore\s+up|collapsed)\b",
    ),
    (
        "proposed",
        r"\b(?:wants?|wanted|want|need|needs|seeks?|seeking|sought|hopes?|plans?|intends?)\s+"
        r"(?:to\s+)?(?:\w+\s+)?(?:establish|sign|conclude|form|create|seal|reach)\b|"
        r"\b(?:will|would)\s+(?:sign|conclude|establish|form|create)\b|"
        r"\bcall(?:ed|s|ing)?\s+for\b|\bseeks?\b|\bseeking\b|\bsought\b|\bpropos(?:ed|es|al)\b",
    ),
    (
        "negotiating",
        r"\bdiscussions?\b|\bnegotiat\w*|\bmandated\s+to\s+obtain\b|\btalks\b|\bmediat\w*",
    ),
    (
        "signed",
        r"\b(?:signed|signing|signature|initiall?ed|adopted|concluded|formed|established|"
        r"sealed|ratified|created|set\s+up)\b",
    ),
)
_STATUS_WORDS = tuple((status, re.compile(p, re.IGNORECASE)) for status, p in _STATUS_WORDS_ROWS)
_STATUS_ORDER: dict[str, int] = {"proposed": 0, "negotiating": 1, "signed": 2, "terminated": 3}
_CAP = r"[A-Z][\w'’-]*"
_KEY_CAP = (
    r"(?:Pact|Charter|Agreement|Accords?|Alliance|Treaty|Truce|Ceasefire|Cease-fire|Convention)"
)
_PROPER_TREATY = re.compile(
    rf"(?:{_CAP}\s+){{1,3}}{_KEY_CAP}\b"
    rf"|{_KEY_CAP}\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:(?:\s+(?:and|of|in|for|the)){{0,2}}\s+{_CAP}){{0,5}}"
)
_LEADING_WORDS = re.compile(r"^(?:(?:The|A|An|This|That|Its|Their|Our|New|Historic)\s+)+")
_MODIFIERS = re.compile(
    r"((?:(?:non-?aggression|defen[cs]e|defensive|military|mutual|peace|security|cooperation|"
    r"collective|assistance|economic|political|and)\s+){1,3})$",
    re.IGNORECASE,
)
_PARTY_KINDS = ("state", "government", "armed_group")


@dataclass
class _TreatyDraft:
    name: str
    proper: bool  # a name the article gives, not one made up here
    phrase: str  # the keyword phrase as written ("non-aggression pact")
    kind: TreatyKind
    status: TreatyStatus | None
    parties: list[str]
    date: str | None
    precision: DatePrecision | None
    location: str | None
    sentence: int
    evidence: list[str]
    aliases: list[str] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)  # every sentence merged in

    def treaty(self) -> Treaty:
        # A bare keyword ("the agreement") is a reference, not a name: never an alias.
        aliases = [a for a in dict.fromkeys(self.aliases) if len(a.split()) > 1]
        return Treaty(
            name=self.name,
            aliases=[a for a in aliases if fold(a) != fold(self.name)],
            kind=self.kind,
            parties=self.parties,
            status=self.status or "signed",
            date=self.date,
            date_precision=self.precision,
            location=self.location,
            evidence=self.evidence[:3],
        )


def _is_title_case(line: str) -> bool:
    """A headline in Title Case: its capitals say nothing about names."""
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _proper_name(
    sentence: str, keyword: re.Match[str], blocked: Sequence[tuple[int, int]]
) -> str | None:
    """A capitalised multiword name holding the keyword ("Liptako-Gourma Charter")."""
    if _is_title_case(sentence):
        return None
    for match in _PROPER_TREATY.finditer(sentence):
        if not (match.start() <= keyword.start() < match.end()):
            continue
        if any(s < match.end() and match.start() < e for s, e in blocked):
            return None
        name = _LEADING_WORDS.sub("", match.group()).strip()
        return name if len(name.split()) >= 2 and not _KEY_CAP_ONLY.fullmatch(name) else None
    return None


_KEY_CAP_ONLY = re.compile(_KEY_CAP)


def _nearest_pattern(
    table: Sequence[tuple[Any, re.Pattern[str]]], sentence: str, position: int
) -> tuple[Any, re.Match[str]] | None:
    """The table value whose match lies closest to a position (ties: table order)."""
    best: tuple[int, int, Any, re.Match[str]] | None = None
    for order, (value, pattern) in enumerate(table):
        for m in pattern.finditer(sentence):
            distance = max(m.start() - position, position - m.end(), 0)
            if best is None or (distance, order) < best[:2]:
                best = (distance, order, value, m)
    return (best[2], best[3]) if best else None


def _treaty_kind(window: str) -> TreatyKind:
    return next((k for k, p in _TREATY_KIND_WORDS if p.search(window)), "other")


def _proper_kind(proper: str | None, window: str) -> TreatyKind:
    """Kind from the name when it tells ("Peace Agreement"), else from the words around."""
    named = _treaty_kind(proper) if proper else "other"
    return named if named != "other" else _treaty_kind(window)


def _treaty_date(
    sent: Sentence,
    keyword: re.Match[str],
    status: tuple[Any, re.Match[str]] | None,
    published: str | None,
) -> DateHit | None:
    """The year qualifying the agreement ("the 2015 peace agreement"), else, when the sentence
    reports the signing, the date phrase nearest the signing verb."""
    hits = date_hits(sent.text, published)
    qualifying = [
        h
        for h in hits
        if _qualifies_treaty(sent.text, h)
        and _TREATY_YEAR.fullmatch(sent.text[h.end : keyword.end()])
    ]
    if qualifying:
        return qualifying[-1]
    if status is None or status[0] != "signed":
        return None
    return nearest(hits, *status[1].span())


def _descriptive(phrase: str, parties: Sequence[str], actors: Sequence[Actor]) -> str:
    """'<parties> <keyword phrase>' for one to three parties (shortest names), else the phrase."""
    if not 1 <= len(parties) <= 3:
        return phrase
    by_name = {a.name: a for a in actors}
    short = [min(by_name[p].all_names(), key=len) if p in by_name else p for p in parties]
    return "–".join(short) + " " + phrase


def sentence_treaties(
    sent: Sentence, previous: Sentence | None, ctx: _Context
) -> list[_TreatyDraft]:
    """One draft per agreement keyword of a sentence that is not part of an actor's name."""
    blocked = [s for a in ctx.actors for s in mention_positions(sent.text, a)]
    parties = actors_in(sent.text, ctx.actors, _PARTY_KINDS)
    if not parties and previous is not None:
        parties = actors_in(previous.text, ctx.actors, _PARTY_KINDS)
    drafts = []
    for keyword in _TREATY_KEYWORD.finditer(sent.text):
        if any(s <= keyword.start() < e for s, e in blocked):
            continue
        if (
            re.search(r"\bin\s+$", sent.text[: keyword.start()])
            and keyword[1].lower() == "agreement"
        ):
            continue  # "in agreement with" is no agreement
        drafts.append(_treaty_draft(sent, keyword, blocked, parties, ctx))
    return [d for d in drafts if d is not None]


def _treaty_draft(
    sent: Sentence,
    keyword: re.Match[str],
    blocked: Sequence[tuple[int, int]],
    parties: list[str],
    ctx: _Context,
) -> _TreatyDraft | None:
    modifiers = _MODIFIERS.search(sent.text[: keyword.start()])
    phrase = ((modifiers[1] if modifiers else "") + keyword.group()).strip()
    proper = _proper_name(sent.text, keyword, blocked)
    status = _nearest_pattern(_STATUS_WORDS, sent.text, keyword.start())
    # A bare keyword ("the agreement") names nothing by itself: it needs a verb and two parties.
    if proper is None and modifiers is None and (status is None or len(parties) < 2):
        return None
    window = sent.text[max(0, keyword.start() - 60) : keyword.end() + 40]
    hit = _treaty_date(sent, keyword, status, ctx.published)
    location = _signing_place(sent.text) if status and status[0] == "signed" else None
    evidence = _evidence(ctx, sent, keyword)
    return _TreatyDraft(
        name=proper or _descriptive(phrase.lower(), parties, ctx.actors),
        proper=proper is not None,
        phrase=phrase,
        kind=_proper_kind(proper, window),
        status=status[0] if status else None,
        parties=parties,
        date=hit.date if hit else None,
        precision=hit.precision if hit else None,
        location=location,
        sentence=sent.index,
        evidence=[evidence],
        sentences={sent.index},
    )


def _signing_place(sentence: str) -> str | None:
    """A registry place right after "signed ... in"."""
    for place in registry_places(sentence):
        if re.search(r"\bsign\w*\b[^.;]{0,80}\bin\s+$", sentence[: place.start]):
            return place.name
    return None


def _same_treaty(a: _TreatyDraft, b: _TreatyDraft) -> bool:
    """Same name, one name inside the other, the same phrase and year ("the 2015 peace
    agreement" twice), or the same kind ("other" fits any) with shared parties nearby."""
    na, nb = fold(a.name), fold(b.name)
    if na == nb or (a.proper and b.proper and (na in nb or nb in na)):
        return True
    if "other" not in (a.kind, b.kind) and a.kind != b.kind:
        return False
    same_phrase = fold(a.phrase) in nb or fold(b.phrase) in na
    if same_phrase and a.date is not None and a.date == b.date:
        return True
    if abs(a.sentence - b.sentence) > 2:
        return False
    return same_phrase or bool(set(a.parties) & set(b.parties))


def _merge_treaty(into: _TreatyDraft, other: _TreatyDraft) -> None:
    if other.proper and not into.proper:
        into.aliases.append(into.phrase)
        into.name, into.proper = other.name, True
    else:
        into.aliases.append(other.name if other.proper else other.phrase)
    if into.kind == "other":
        into.kind = other.kind
    if other.status and (
        into.status is None or _STATUS_ORDER[other.status] > _STATUS_ORDER[into.status]
    ):
        into.status = other.status
    into.parties = list(dict.fromkeys(into.parties + other.parties))
    if into.date is None:
        into.date, into.precision = other.date, other.precision
    into.location = into.location or other.location
    into.sentence = max(into.sentence, other.sentence)
    into.sentences |= other.sentences
    into.evidence += [q for q in other.evidence if q not in into.evidence]


def merge_treaties(drafts: Iterable[_TreatyDraft]) -> list[_TreatyDraft]:
    merged: list[_TreatyDraft] = []
    for draft in drafts:
        target = next((m for m in merged if _same_treaty(m, draft)), None)
        if target is None:
            merged.append(draft)
        else:
            _merge_treaty(target, draft)
    # A treaty with neither a proper name nor any status verb is too vague to propose.
    return [m for m in merged if m.status is not None or m.proper]


# --------------------------------------------------------------------------------- entry


def find_event_candidates(text: str, published: str | None, actors: list[Actor]) -> ExtractionItems:
    """Rule-based treaty and event candidates of an article (no actors: see the module doc)."""
    doc = _nlp()(text)
    sentences = split_sentences(text, doc)
    ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]
    ctx = _Context(text, published, actors, [(s.start, s.end) for s in sentences], ents)
    treaty_drafts = [
        d
        for i, s in enumerate(sentences)
        for d in sentence_treaties(s, sentences[i - 1] if i else None, ctx)
    ]
    treaties = merge_treaties(treaty_drafts)
    treaty_of = {i: n for n, t in enumerate(treaties) for i in t.sentences}
    events = dedupe_events((d for s in sentences for d in sentence_events(s, ctx)), treaty_of)
    # Participants refer to the caller's actors, which this stage does not return, so the
    # cross-reference check is left to the caller (see the module doc).
    return ExtractionItems.model_construct(
        actors=[], treaties=[t.treaty() for t in treaties], events=[e.event() for e in events]
    )
