"""Date phrases of a sentence, in English and French, resolved to ISO dates.

`find_dates(sentence, anchor)` returns every date phrase with its resolved date and precision
(day, month or year, as docs/annotation.md writes them):

- absolute: "14 July 2021", "July 14, 2021", "le 14 juillet 2021", "1er août", "14/07/2021",
  "2021-07-14", ranges "25-29 August" / "du 25 au 29 août" (with ``date_end``), "July 2021",
  "juillet 2021", bare years;
- relative, which need an anchor day (the publication date, else one found in the text, see
  `reference_date`): weekdays ("on Sunday", "dimanche", "overnight Tuesday to Wednesday" ->
  Tuesday, "dans la nuit de samedi à dimanche" -> samedi), "yesterday"/"hier", "last week"/"la
  semaine dernière" (month of the day a week back), "last month", "last year", "this year",
  "late July"/"fin juillet" (month precision), "in July", "last November".

A day-month without a year is the most recent such day on or before the anchor (news report
the past); without an anchor it is left out, never guessed.

Why not dateparser: its ``search_dates`` finds phrases itself but also reads words such as
"a", "now" or "second" as dates, resolves bare weekdays forward or backward by setting rather
than by the guide's rule, knows nothing of month precision ("late July") and takes tens of
milliseconds per sentence after a second-long import of its language tables; the phrases
news use for event dates are few and regular, so they are matched here with one regex per
shape (a few microseconds per sentence) and resolved by the guide's rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from extractor.schema import DatePrecision
from extractor.text import fold_lower

PRECISION_RANK: dict[str, int] = {"day": 3, "month": 2, "year": 1}

# Month names, abbreviations and French forms, folded to lower case without accents.
_MONTH_WORDS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "january jan janvier janv",
        "february feb febr fevrier fevr",
        "march mar mars",
        "april apr avril avr",
        "may mai",
        "june jun juin",
        "july jul juillet juil",
        "august aug aout",
        "september sep sept septembre",
        "october oct octobre",
        "november nov novembre",
        "december dec decembre",
    ),
    start=1,
):
    for _w in _names.split():
        _MONTH_WORDS[_w] = _n
_WEEKDAY_WORDS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "monday lundi",
        "tuesday mardi",
        "wednesday mercredi",
        "thursday jeudi",
        "friday vendredi",
        "saturday samedi",
        "sunday dimanche",
    )
):
    for _w in _names.split():
        _WEEKDAY_WORDS[_w] = _n


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (extractor.text.fold_lower)."""
    return fold_lower(text)


_MONTH = r"(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(" + "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th|er|eme)?"
_YEAR_RE = r"((?:19|20)\d{2})"
_DAY = r"([0-3]?\d)"
_RANGE = rf"(?:\s*(?:-|–|to|and|au|et|a)\s*{_DAY}{_ORD})?"

_DAY_FIRST = re.compile(
    rf"\b(?:du\s+|from\s+|between\s+)?{_DAY}{_ORD}{_RANGE}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR_RE})?\b"
)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY}{_ORD}{_RANGE}(?:,?\s+{_YEAR_RE})?\b(?![,.]\d)")
_NUMERIC = re.compile(r"\b([0-3]?\d)[/.]([01]?\d)[/.]((?:19|20)\d{2})\b")
_ISO = re.compile(r"\b((?:19|20)\d{2})-([01]\d)-([0-3]\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?:de\s+l'annee\s+)?{_YEAR_RE}\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b(?![-/]\d)")

# Weekdays: "on Sunday", "Sunday night", "dimanche soir"; "overnight Tuesday to Wednesday" and
# "dans la nuit de samedi a dimanche" date the first night.
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?:on|this|last|since|from|overnight|le|ce|depuis|dans\s+la\s+nuit\s+(?:de|du))\s+)?"
    rf"{_WEEKDAY}(?:\s+(?:to|into|a|au)\s+{_WEEKDAY})?\b"
)
_LAST_NAMED = re.compile(rf"\blast\s+{_MONTH}\b|\b(?:en\s+)?{_MONTH}\s+dernier\b")
_PART_OF_MONTH = re.compile(
    rf"\b(?:since\s+)?(?:(?:late|early|mid)[\s-]+|(?:the\s+)?(?:end|beginning|start|middle)\s+"
    rf"of\s+|(?:a\s+la\s+|depuis\s+(?:la\s+)?)?(?:fin|debut|mi)[\s-]+|courant\s+)"
    rf"{_MONTH}(?:\s+{_YEAR_RE})?\b"
)
# "in July", "en juillet": deadlines ("by", "until", "d'ici") date no event (guide rule 8).
_IN_MONTH = re.compile(rf"\b(?:in|since|during|of|from|en|depuis|durant)\s+{_MONTH}\b(?!\s+\d)")
_RELATIVE = re.compile(
    r"\b(?:(yesterday|hier)|(avant-hier|the\s+day\s+before\s+yesterday)|(today|aujourd'hui|"
    r"this\s+morning|ce\s+matin|tonight|this\s+evening)|(last\s+night|"
    # "overnight on 4-5 June" is dated by its day, not the night before the anchor
    r"overnight(?!\s+(?:on\s+|of\s+)?(?:the\s+)?\d)|cette\s+nuit|"
    r"la\s+nuit\s+derniere)|(last\s+week|la\s+semaine\s+derniere|earlier\s+this\s+week|"
    r"cette\s+semaine|this\s+week)|(last\s+month|le\s+mois\s+dernier)|(earlier\s+this\s+month|"
    r"this\s+month|ce\s+mois-ci)|(last\s+year|l'an\s+dernier|l'annee\s+derniere|"
    r"l'an\s+passe|l'annee\s+passee)|((?:earlier\s+|later\s+)?this\s+year|cette\s+annee))\b"
)
_RELATIVE_KEYS = (
    "yesterday",
    "two_days",
    "today",
    "last_night",
    "last_week",
    "last_month",
    "this_month",
    "last_year",
    "this_year",
)


@dataclass(frozen=True)
class DateHit:
    """A resolved date phrase: its span in the sentence and the date it names."""

    start: int
    end: int
    date: str
    precision: DatePrecision
    date_end: str | None = None


def parse_iso(value: str | None) -> dt.date | None:
    """A full YYYY-MM-DD date, else None."""
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class TextDay(dt.date):
    """A reference day found in the text (its latest full date), not the publication day: a
    report tells its background in full dates and its news by day and month, so a year-less
    day may fall after it."""


def _recent_day(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The most recent month-day on or before the anchor; for a day found in the text, the
    nearest such month-day on either side of it."""
    found = _day(anchor.year, month, day)
    if isinstance(anchor, TextDay):
        options = [d for d in (_day(y, month, day) for y in (anchor.year - 1, anchor.year,
                   anchor.year + 1)) if d is not None]  # fmt: skip
        return min(options, key=lambda d: abs((d - anchor).days)) if options else None
    if found is None or found > anchor:
        found = _day(anchor.year - 1, month, day)
    return found


def _year_for_month(month: int, anchor: dt.date, strict: bool = False) -> int:
    """The year of the most recent ``month`` on or before (strict: before) the anchor month."""
    later = month >= anchor.month if strict else month > anchor.month
    return anchor.year - 1 if later else anchor.year


def _month_of(word: str) -> int:
    return _MONTH_WORDS[word.rstrip(".")]


def _day_hit(
    span: tuple[int, int],
    month: str,
    day: str,
    day_end: str | None,
    year: str | None,
    anchor: dt.date | None,
) -> DateHit | None:
    number = _month_of(month)
    if year:
        start = _day(int(year), number, int(day))
    elif anchor is not None:
        start = _recent_day(number, int(day), anchor)
    else:
        return None
    if start is None:
        return None
    end = _day(start.year, number, int(day_end)) if day_end else None
    return DateHit(
        *span, start.isoformat(), "day", end.isoformat() if end and end > start else None
    )


def _modal_may(sentence: str, match: re.Match[str], group: int) -> bool:
    """English "may" as a verb ("30 may have died"): the month is written with a capital."""
    word = sentence[match.start(group) : match.end(group)]
    return word.lower() == "may" and not word[0].isupper()


_CAPITAL_BEFORE = re.compile(r"([A-Z][\w-]*)\s+$")
_NOT_NAMES = frozenset(["In", "On", "Since", "Until", "By", "From", "En", "Depuis", "Of", "The"])


def _model_number(sentence: str, start: int) -> bool:
    """ "Mirage 2000", "Vision 2030": a number after a name that is no month or preposition."""
    before = _CAPITAL_BEFORE.search(sentence[max(0, start - 30) : start])
    if before is None or before[1] in _NOT_NAMES:
        return False
    return _fold(before[1]).rstrip(".") not in _MONTH_WORDS


def _absolute(sentence: str, folded: str, anchor: dt.date | None) -> list[DateHit | None]:
    hits: list[DateHit | None] = []
    for m in _DAY_FIRST.finditer(folded):
        if not _modal_may(sentence, m, 3):
            hits.append(_day_hit(m.span(), m[3], m[1], m[2], m[4], anchor))
    for m in _MONTH_FIRST.finditer(folded):
        if not _modal_may(sentence, m, 1):
            hits.append(_day_hit(m.span(), m[1], m[2], m[3], m[4], anchor))
    for m in _NUMERIC.finditer(folded):
        day = _day(int(m[3]), int(m[2]), int(m[1]))
        hits.append(DateHit(*m.span(), day.isoformat(), "day") if day else None)
    for m in _ISO.finditer(folded):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        hits.append(DateHit(*m.span(), day.isoformat(), "day") if day else None)
    for m in _MONTH_YEAR.finditer(folded):
        hits.append(DateHit(*m.span(), f"{m[2]}-{_month_of(m[1]):02d}", "month"))
    for m in _YEAR.finditer(folded):
        if not _model_number(sentence, m.start()):
            hits.append(DateHit(*m.span(), m[1], "year"))
    return hits


def _weekday_date(day: int, anchor: dt.date) -> dt.date:
    # "On Saturday" is the most recent Saturday on or before the anchor (guide).
    return anchor - dt.timedelta(days=(anchor.weekday() - day) % 7)


def _relative(sentence: str, folded: str, anchor: dt.date) -> list[DateHit | None]:
    hits: list[DateHit | None] = []
    for m in _WEEKDAY_RE.finditer(folded):
        day = _weekday_date(_WEEKDAY_WORDS[m[1]], anchor)
        hits.append(DateHit(*m.span(), day.isoformat(), "day"))
    for m in _LAST_NAMED.finditer(folded):
        month = _month_of(m[1] or m[2])
        hits.append(
            DateHit(*m.span(), f"{_year_for_month(month, anchor, True)}-{month:02d}", "month")
        )
    for m in _PART_OF_MONTH.finditer(folded):
        month = _month_of(m[1])
        year = int(m[2]) if m[2] else _year_for_month(month, anchor)
        hits.append(DateHit(*m.span(), f"{year}-{month:02d}", "month"))
    for m in _IN_MONTH.finditer(folded):
        if _modal_may(sentence, m, 1):
            continue
        month = _month_of(m[1])
        hits.append(DateHit(*m.span(), f"{_year_for_month(month, anchor)}-{month:02d}", "month"))
    week_ago = anchor - dt.timedelta(days=7)
    previous_month = anchor.replace(day=1) - dt.timedelta(days=1)
    values: dict[str, tuple[str, DatePrecision]] = {
        "yesterday": ((anchor - dt.timedelta(days=1)).isoformat(), "day"),
        "two_days": ((anchor - dt.timedelta(days=2)).isoformat(), "day"),
        "today": (anchor.isoformat(), "day"),
        "last_night": ((anchor - dt.timedelta(days=1)).isoformat(), "day"),
        "last_week": (week_ago.isoformat()[:7], "month"),
        "last_month": (previous_month.isoformat()[:7], "month"),
        "this_month": (anchor.isoformat()[:7], "month"),
        "last_year": (str(anchor.year - 1), "year"),
        "this_year": (str(anchor.year), "year"),
    }
    for m in _RELATIVE.finditer(folded):
        key = next(k for k, g in zip(_RELATIVE_KEYS, m.groups(), strict=True) if g)
        hits.append(DateHit(*m.span(), *values[key]))
    return hits


def find_dates(sentence: str, anchor: dt.date | None) -> list[DateHit]:
    """Every date phrase of a sentence, resolved; overlapping phrases keep the most precise
    (then longest) one; a weekday right before a day date ("Friday May 17") is dropped."""
    folded = _fold(sentence)
    hits = _absolute(sentence, folded, anchor) + (
        _relative(sentence, folded, anchor) if anchor else []
    )
    ranked = sorted(
        (h for h in hits if h is not None),
        key=lambda h: (PRECISION_RANK[h.precision], h.end - h.start),
    )
    kept: list[DateHit] = []
    for hit in reversed(ranked):
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    days = [k for k in kept if k.precision == "day"]
    kept = [
        k
        for k in kept
        if not (
            _WEEKDAY_RE.fullmatch(folded[k.start : k.end])
            and any(d is not k and 0 <= d.start - k.end <= 3 for d in days)
        )
    ]
    return sorted(kept, key=lambda h: h.start)


# A dateline: "NIAMEY, Dec 11 (Reuters) -" or "Bamako, 14 juillet" at the start of a line.
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][\w'’ -]{{1,30}},\s+(?:\w+\s+)?(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\b",
    re.MULTILINE | re.IGNORECASE,
)


def reference_date(text: str, published: str | None) -> dt.date | None:
    """The day relative phrases are resolved against: the publication date when it is a full
    date; else a dateline ("NIAMEY, Dec 11") with the latest year the text names; else the
    latest explicit full date of the text; else None (relative dates are then left empty)."""
    day = parse_iso(published)
    if day is not None:
        return day
    folded = _fold(text)
    years = [int(m[1]) for m in _YEAR.finditer(folded) if not _model_number(text, m.start())]
    if published and re.fullmatch(r"\d{4}(-\d{2})?", published):
        years.append(int(published[:4]))
    dateline = _DATELINE.search(folded[:300])
    if dateline and years:
        month = dateline[1] or dateline[4]
        number = dateline[2] or dateline[3]
        found = _day(max(years), _month_of(_fold(month)), int(number))
        if found is not None:
            return found
    full = [dt.date.fromisoformat(h.date) for h in find_dates(text, None) if h.precision == "day"]
    if not full:
        return None
    latest = max(full)
    return TextDay(latest.year, latest.month, latest.day)


def month_end(value: str) -> dt.date:
    """The last day of a YYYY-MM month."""
    year, month = int(value[:4]), int(value[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])
