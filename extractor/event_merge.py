"""Event drafts and how the drafts of one article become its events.

A draft is an event being built from one sentence; `dedupe_events` merges the drafts about one
occurrence (same kind, compatible dates, shared actors or place; a headline, an echo or a
detail sentence joins the event it tells of) and gives a toll-only draft to the violent event
just before it. The event stage (extractor.event_candidates) makes the drafts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extractor.schema import DatePrecision, Event, EventKind, FatalityClaim
from extractor.toll_total import event_toll

VIOLENT_KINDS = frozenset({"battle", "remote_violence", "violence_against_civilians"})
# Killing words that also describe the toll of an event told before ("27 soldiers were killed").
GENERIC = frozenset({"attack", "mass_killing"})
NO_TOLL_KINDS = frozenset({"meeting", "agreement", "withdrawal", "territory_transfer"})
# Crowd events: not violent kinds, but their toll and place are told like an attack's.
CROWD = frozenset({"riot", "mob_violence", "protest"})


@dataclass
class EventDraft:
    """An event being built: the model is made once all merging is done."""

    kind: EventKind
    date: str | None
    precision: DatePrecision | None
    date_end: str | None
    location: str | None
    country: str | None
    participants: list[str]
    fatalities: list[FatalityClaim]
    evidence: list[str]
    sentence: int
    paragraph: int = 0
    echo: bool = False  # a mention of an occurrence reported elsewhere: merges, never alone
    own_date: bool = True  # the sentence has a date phrase of its own
    generic: bool = False  # found by a generic violence word ("killed", "attaque")
    sub_event: str = ""  # the lexicon row that found it
    place_inherited: bool = False  # the location is the paragraph's last place, not its own
    headline: bool = False  # the article's title line, which restates its lead
    fresh: bool = False  # "a second device", "another attack": a new occurrence, never merged
    filed_date: bool = False  # dated only by the report's dateline, the day it was filed

    @property
    def bare(self) -> bool:
        """A generic trigger ("killed", "tués") with no date or place of its own: a toll or a
        detail of the violent event before it, whoever it names."""
        return self.generic and not (self.own_date or self.location)

    def event(self) -> Event:
        return Event(
            kind=self.kind,
            summary=self.summary(),
            date=self.date,
            date_precision=self.precision,
            date_end=self.date_end,
            location=self.location,
            country=self.country,
            participants=self.participants,
            fatalities=self.fatalities,
            evidence=self.evidence[:3],
        )

    def summary(self) -> str:
        """One line of what the stage found, built from its fields (no model writes it):
        "battle at Boulkessi on 2022-01-09 — JNIM, FAMa; 7 killed"."""
        what = _KIND_WORDS[self.kind]
        where = f" at {self.location}" if self.location else ""
        when = f" on {self.date}" if self.date else ""
        who = f" — {', '.join(self.participants)}" if self.participants else ""
        toll = event_toll(self.fatalities)
        dead = f"; {toll} killed" if toll else ""
        return f"{what}{where}{when}{who}{dead}"


_KIND_WORDS: dict[str, str] = {
    "battle": "Battle",
    "remote_violence": "Explosion or remote violence",
    "violence_against_civilians": "Violence against civilians",
    "meeting": "Meeting",
    "agreement": "Agreement",
    "coup": "Coup",
    "withdrawal": "Withdrawal",
    "territory_transfer": "Transfer of territory",
    "defection": "Defection",
    "other": "Other event",
}


def _dates_compatible(a: EventDraft, b: EventDraft) -> bool:
    if a.date is None or b.date is None:
        return True
    # a report's filing day is no event's day: the event may be any day before it
    if a.filed_date != b.filed_date:
        filed, other = (a.date, b.date) if a.filed_date else (b.date, a.date)
        if other <= filed:
            return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _same_event(a: EventDraft, b: EventDraft, treaty_of: dict[int, int]) -> bool:
    """Same kind, compatible dates (an echo has none of its own) and the same actors: shared
    participants; for non-violent kinds one side may name none if places do not conflict;
    agreement events about one treaty are one signing."""
    if a.kind != b.kind or not (b.echo or _dates_compatible(a, b)) or b.fresh:
        return False
    if a.kind == "agreement" and treaty_of.get(a.sentence, -1) == treaty_of.get(b.sentence, -2):
        return True
    places_agree = a.location is None or b.location is None or a.location == b.location
    if set(a.participants) & set(b.participants):
        return places_agree or a.kind not in VIOLENT_KINDS
    if a.kind not in VIOLENT_KINDS and not (a.participants and b.participants):
        return places_agree
    if not (a.participants and b.participants) and a.location and a.location == b.location:
        return True
    # A headline or summary line that names neither actors nor place.
    if a.kind in VIOLENT_KINDS and not (a.location or a.participants) and a.sentence < 2:
        return True
    # A follow-up sentence that names neither date, actors nor place.
    if not (b.own_date or b.location or b.participants):
        return True
    # Fighting told just after with no date or place of its own ("the army's riposte repelled
    # the assailants"), even across a paragraph break: the same fight.
    if (
        a.kind in VIOLENT_KINDS
        and not b.own_date
        and (b.location is None or b.place_inherited)
        and 0 < b.sentence - a.sentence <= 3
    ):
        return True
    return a.paragraph == b.paragraph and not b.location and not b.participants


def add_claims(known: list[FatalityClaim], more: list[FatalityClaim]) -> list[FatalityClaim]:
    """Claims of another sentence about the same event, less figures already given (a
    headline and its body repeat the toll)."""
    counts = {c.count for c in known}
    return known + [c for c in more if c.count not in counts]


def _merge_event(into: EventDraft, other: EventDraft) -> None:
    rank = {"day": 3, "month": 2, "year": 1, None: 0}
    # A filing day gives way to the day the report gives for the event itself.
    better_day = (
        into.filed_date and not other.filed_date and rank[other.precision] >= rank[into.precision]
    )
    if not other.echo and (rank[other.precision] > rank[into.precision] or better_day):
        into.date, into.precision, into.date_end = other.date, other.precision, other.date_end
        into.filed_date = other.filed_date
    into.location = into.location or other.location
    into.country = into.country or other.country
    limit = 3 if into.kind in VIOLENT_KINDS else None
    into.participants = list(dict.fromkeys(into.participants + other.participants))[:limit]
    into.fatalities = add_claims(into.fatalities, other.fatalities)
    into.evidence += [q for q in other.evidence if q not in into.evidence]


def tolls_follow(draft: EventDraft) -> bool:
    """Whether a later sentence's toll may belong to this event: violence, or a crowd event."""
    return draft.kind in VIOLENT_KINDS or draft.sub_event in CROWD


def _detail(draft: EventDraft) -> bool:
    """A violent sentence with no date, place or actor of its own."""
    own_place = draft.location and not draft.place_inherited
    return draft.kind in VIOLENT_KINDS and not (
        draft.own_date or own_place or draft.participants or draft.echo
    )


def dedupe_events(
    drafts: Iterable[EventDraft], treaty_of: dict[int, int] | None = None
) -> list[EventDraft]:
    """One draft per occurrence; treaty_of maps a sentence to the treaty it describes."""
    treaty_of = treaty_of or {}
    drafts = list(drafts)
    merged: list[EventDraft] = []
    # A violent headline waits for the body: it names the lead's event in fewer words.
    headlines = [d for d in drafts if d.headline and d.kind in VIOLENT_KINDS and not d.echo]
    drafts = [d for d in drafts if d not in headlines]
    # Own occurrences first, then echoes, which only add their evidence to a match.
    for draft in [d for d in drafts if not d.echo] + [d for d in drafts if d.echo]:
        target = next((m for m in reversed(merged) if _same_event(m, draft, treaty_of)), None)
        # "Les combats ont duré plusieurs heures.": a detail of the attack just told
        if (
            target is None
            and not draft.fresh
            and _detail(draft)
            and merged
            and merged[-1].kind in VIOLENT_KINDS
            and draft.sentence - merged[-1].sentence <= 2
        ):
            _merge_event(merged[-1], draft)
            continue
        if draft.bare and not draft.fresh and (target is None or target.kind not in VIOLENT_KINDS):
            # "Three attackers were killed": a toll for the violent event just before.
            target = next((m for m in reversed(merged) if tolls_follow(m)), None)
            if target is not None:
                target.fatalities = add_claims(target.fatalities, draft.fatalities)
                continue
        if target is not None:
            _merge_event(target, draft)
        elif not draft.echo:
            merged.append(draft)
    for headline in headlines:
        _merge_headline(merged, headline)
    return merged


def _merge_headline(merged: list[EventDraft], headline: EventDraft) -> None:
    """The body's first violent event is the one a violent headline tells: its kind, place and
    tolls win (a title rounds: "more than 130 dead" over the body's 132); a headline with no
    such event in the body is an event of its own."""
    body = next(
        (m for m in merged if m.kind in VIOLENT_KINDS and _dates_compatible(m, headline)), None
    )
    if body is None:
        merged.insert(0, headline)
        return
    claims = body.fatalities
    _merge_event(body, headline)
    body.fatalities = claims or headline.fatalities
