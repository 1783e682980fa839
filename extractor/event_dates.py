"""The date (or dates) of an event, from the date phrases of its sentence.

A note's opening date dates its event; otherwise the date phrase nearest the trigger inside
its clause (the parse's subtree of the trigger's head), not a year qualifying a treaty nor the
date of a report ("the army said on Tuesday"). "The double putsch of 2020 and 2021" and "in
power in Niger since July, in Burkina Faso since last year" are one occurrence per date. A
sentence with no date phrase takes its paragraph's last day, an undated current event the
publication month, and a pluperfect background event none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from extractor.dates import DateHit
from extractor.event_assertion import BACKGROUND, BACKGROUND_KINDS
from extractor.event_lexicon import Trigger
from extractor.schema import DatePrecision, EventKind
from extractor.sentences import Context, Sentence, date_hits, nearest, qualifies_treaty

Occurrence = tuple[str | None, DatePrecision | None, str | None]


_TWO_OCCURRENCES = re.compile(
    r"\b(?:double|two|both|twin|successive|deux)\b|\b(?:coups|putsches)\b"
)
_NEXT_DAY = re.compile(
    r"\b(?:the\s+(?:next|following)\s+day|the\s+day\s+after|le\s+lendemain|"
    r"le\s+jour\s+suivant)\b",
    re.IGNORECASE,
)
_TWO_YEARS = re.compile(r"\b((?:19|20)\d{2})\s+(?:and|et)\s+((?:19|20)\d{2})\b")


def _clause_hits(hits: Sequence[DateHit], token: Any | None, sent: Sentence) -> list[DateHit]:
    """The date phrases inside the trigger's clause (its head verb's subtree), if any."""
    if token is None:
        return list(hits)
    head = token if token.pos_ in {"VERB", "AUX"} else token.head
    lo = head.left_edge.idx - sent.start
    hi = head.right_edge.idx + len(head.right_edge) - sent.start
    inside = [h for h in hits if lo <= h.start and h.end <= hi]
    return inside or list(hits)


# "a communiqué issued on Monday evening", "the army said on Tuesday": the date of a report.
_REPORT_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|statement|communiqu[ée]|diffus[ée]|"
    r"publi[ée]|indiqu[ée]|annonc[ée]|d[ée]clar[ée]|affirm[ée]|pr[ée]cis[ée]|consult[ée]|"
    r"released|issued)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def event_hits(sentence: str, ctx: Context) -> list[DateHit]:
    """The sentence's date phrases that can date an event: not a year qualifying a treaty,
    not the date of a report ("a communiqué issued on Monday")."""
    return [
        h
        for h in date_hits(sentence, ctx.anchor)
        if not qualifies_treaty(sentence, h)
        and not _REPORT_BEFORE.search(sentence[max(0, h.start - 40) : h.start])
    ]


def trigger_span(trigger: Trigger) -> tuple[int, int]:
    return trigger.start, trigger.end


def event_dates(
    sent: Sentence,
    kind: EventKind,
    trigger: Trigger,
    token: Any | None,
    ctx: Context,
    inherited: DateHit | None,
) -> list[Occurrence]:
    """(date, precision, date_end) per occurrence: usually one; two for "the double putsch of
    2020 and 2021"; none for an undated background event."""
    if (two := _TWO_YEARS.search(sent.text)) and _TWO_OCCURRENCES.search(sent.text):
        return [(two[1], "year", None), (two[2], "year", None)]
    hits = event_hits(sent.text, ctx)
    # "BAMAKO, Jan 26 - ... on Thursday announced": the dateline is the filing day, so it dates
    # the event only when the sentence has no other date.
    hits = [h for h in hits if not _in_dateline(sent.text, h)] or hits
    if kind == "coup" and len(since := _since_list(sent.text, trigger, hits)) > 1:
        return [(h.date, h.precision, None) for h in since]
    listed = [h for h in hits if h.start >= trigger.start and h.precision != "day"]
    if kind == "coup" and len(listed) > 1 and not _TWO_YEARS.search(sent.text):
        return [(h.date, h.precision, None) for h in listed]  # "au Mali en août 2020 puis ..."
    # A note's opening date ("On 3 May 2019, ...", "Le 3 mai, ...") dates its event.
    leading = [
        h for h in hits if h.start <= 25 and h.precision == "day" and h.start < trigger.start
    ]
    hit = (
        leading[0] if leading else nearest(_clause_hits(hits, token, sent), *trigger_span(trigger))
    )
    if hit is not None:
        return [(hit.date, hit.precision, hit.date_end)]
    # "the next day", "le lendemain": the day after the one the paragraph told last
    if inherited is not None and inherited.precision == "day" and _NEXT_DAY.search(sent.text):
        following = dt.date.fromisoformat(inherited.date) + dt.timedelta(days=1)
        return [(following.isoformat(), "day", None)]
    # A header fragment ("- Coup d'État.") takes its paragraph's date even for a coup.
    if inherited is not None and len(sent.text) < 60 and not BACKGROUND.search(sent.text):
        return [(inherited.date, inherited.precision, inherited.date_end)]
    if kind in BACKGROUND_KINDS or BACKGROUND.search(sent.text[: trigger.start]):
        return []
    if inherited is not None:
        return [(inherited.date, inherited.precision, inherited.date_end)]
    month = ctx.undated_month
    return [(month, "month", None)] if month else [(None, None, None)]


_DATELINE_HEAD = re.compile(r"^[A-Z][\w'’ .-]{1,30},\s*$")
_DATELINE_TAIL = re.compile(r"\s*(?:,?\s*\d{4})?\s*(?:\([^)]{1,30}\))?\s*[-–—:]")


def dated_by_dateline(sentence: str, hits: Sequence[DateHit]) -> bool:
    """Whether a sentence's only date is its dateline (the day the report was filed)."""
    return bool(hits) and all(_in_dateline(sentence, h) for h in hits)


def _in_dateline(sentence: str, hit: DateHit) -> bool:
    """A date phrase that is a report's dateline: "NIAMEY, Dec 11 (Reuters) -"."""
    return bool(
        _DATELINE_HEAD.match(sentence[: hit.start]) and _DATELINE_TAIL.match(sentence, hit.end)
    )


def _since_list(sentence: str, trigger: Trigger, hits: Sequence[DateHit]) -> list[DateHit]:
    """ "in power in Niger since July, in Burkina Faso since last year": one coup per "since"."""
    if not re.search(r"\bin\s+power\b", trigger.text):
        return []
    return [
        h
        for h in hits
        if h.start >= trigger.start
        and (
            re.search(r"\bsince\s*$", sentence[: h.start])
            or sentence[h.start : h.end].lower().startswith("since")
        )
    ]
