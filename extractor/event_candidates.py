"""Candidate events (and, through extractor.treaties, treaties) found by rules, before the LLM.

Each sentence is read for a trigger of the codebook lexicon (extractor.event_lexicon: armed
clash, attack, ambush, IED, air or drone strike, shelling, abduction, looting, arrest, protest,
coup, agreement, territory taken, withdrawal ... in English and French). The trigger's token in
spaCy's dependency parse says whether the event is asserted (no modal, negation, future or
conditional governs it) and which date and place phrases belong to its clause. Each argument
comes from its own extractor:

- date: extractor.dates (absolute, weekday and relative phrases against the publication date,
  else against a date found in the text; no date at all leaves the date empty, never the event);
- place and country: extractor.places (gazetteer, locative phrases, "X (Y, Z)" notes, NER);
- fatalities: extractor.tolls (numbers and number words, several claims with their sources);
- participants: extractor.participants (named actors, and descriptions such as "soldiers" or
  "les militaires" mapped to the actors the guide labels).

Sentences about one occurrence are merged (same kind, compatible dates, shared actors or place),
and a sentence that only gives a toll adds it to the event just before it.

`find_event_candidates` returns an `ExtractionItems` with treaties, events, and as actors only
those the descriptions brought in (not already among the ``actors`` passed in); it also appends
them to the ``actors`` list it was given, so the caller's own list names every participant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from extractor import event_lexicon, places, tolls
from extractor.coalitions import parents_on
from extractor.dates import DateHit, reference_date
from extractor.event_assertion import is_asserted, token_at
from extractor.event_dates import Occurrence, dated_by_dateline, event_dates, event_hits
from extractor.event_lexicon import Trigger
from extractor.event_merge import (
    CROWD,
    GENERIC,
    NO_TOLL_KINDS,
    VIOLENT_KINDS,
    EventDraft,
    add_claims,
    dedupe_events,
    tolls_follow,
)
from extractor.event_places import (
    article_place,
    place_the_unplaced,
    same_place_as_before,
    sentence_places,
)
from extractor.nlp import parse
from extractor.participants import actors_in, described_actors
from extractor.registry import load_registry
from extractor.schema import (
    Actor,
    ExtractionItems,
)
from extractor.sentences import (
    Context,
    Sentence,
    date_hits,
    evidence,
    split_sentences,
)
from extractor.text import fold
from extractor.treaties import merge_treaties, sentence_treaties

__all__ = ["candidate_items", "date_hits", "find_event_candidates", "split_sentences"]

# --------------------------------------------------------------------------------- events


# "confirmed the meeting on Monday": the date dates the report, not the meeting.
_ECHO = re.compile(
    r"\b(?:confirmed|announced|reported|denied|welcomed|condemned|described|recalled|"
    r"commented\s+on|claimed(?:\s+responsibility\s+for)?|a\s+condamne|ont\s+condamne|"
    r"a\s+confirme|a\s+denonce|a\s+revendique|ont\s+revendique)\s+(?:the|this|that|"
    r"cette|cet|ce|l['’]|la|le|[\w-]+['’]s)\s*(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# "l'attaque a été revendiquée le 14 janvier": a claim of an attack told before.
_ECHO_AFTER = re.compile(
    r"\s+(?:a\s+ete|avait\s+ete|was|has\s+been|had\s+been)\s+(?:revendique\w*|claimed|"
    r"condemned|condamne\w*)\b",
    re.IGNORECASE,
)
_CLAUSE_TRIGGER = re.compile(r"(?:had|has|have|was|were|been)\b", re.IGNORECASE)
_JOINED = re.compile(r"\bjoined\s+(?:the\s+)?(?:ranks\s+of\s+(?:the\s+)?)?|\brejoint\s+", re.I)


def _joined_group(sentence: str, actors: Sequence[Actor]) -> Trigger | None:
    """ "joined the <armed group>" is a defection only with a known armed group after it."""
    groups = [n for a in actors if a.kind == "armed_group" for n in a.all_names()]
    for match in _JOINED.finditer(sentence):
        rest = fold(sentence[match.end() :])
        if any(rest.startswith(fold(n)) for n in groups):
            return Trigger("defection", "defection", match.start(), match.end(), match.group())
    return None


_SUPPORT_BEFORE = re.compile(
    r"\b(?:supported\s+by|backed\s+by|with\s+the\s+support\s+of|appuye(?:e|s|es)?\s+par|"
    r"soutenue?s?\s+par|avec\s+l'appui\s+(?:de|des|du))\s+(?:[\w'-]+\s+){0,3}$"
)


# Weapons named as the means of an assault ("attacked the camp with mortar fire").
_SAME_DAY = re.compile(
    r"\b(?:that|the\s+same)\s+(?:day|night|evening|morning)\b|\ble\s+m[eê]me\s+jour\b|"
    r"\bce\s+jour-l[aà]\b|\bla\s+m[eê]me\s+nuit\b",
    re.IGNORECASE,
)
# "a second device went off", "une autre attaque": a new occurrence of the same kind.
_FRESH = re.compile(
    r"\b(?:a\s+second|another|a\s+new|a\s+further|un\s+second|une\s+seconde|une\s+autre|"
    r"un\s+autre|une\s+nouvelle|un\s+nouvel?)\s+(?:[\w-]+\s+){0,2}$"
)
_INSTRUMENT_BEFORE = re.compile(r"\b(?:with|using|combining|employing|avec|a\s+l'aide\s+d)\b")
_ASSAULTS = frozenset({"attack_on_military", "ambush", "attack", "territory_taken"})


def _choose_trigger(sent: Sentence, ctx: Context) -> tuple[Trigger, Any | None] | None:
    """The first lexicon trigger (row order) that is asserted, with its token."""
    folded = event_lexicon.fold(sent.text)
    found = event_lexicon.find_triggers(folded)
    joined = _joined_group(sent.text, ctx.actors)
    if joined is not None:
        found.insert(0, joined)
    for trigger in found:
        if _SUPPORT_BEFORE.search(folded[max(0, trigger.start - 40) : trigger.start]):
            continue  # "supported by French air strikes, the army retook ...": the retaking
        if (
            trigger.sub_event in {"ied", "shelling"}
            and _INSTRUMENT_BEFORE.search(folded[max(0, trigger.start - 50) : trigger.start])
            and any(t.sub_event in _ASSAULTS for t in found)
        ):
            continue  # "attacked the camp with mortars and suicide vehicles": a ground assault
        token = token_at(ctx.doc, sent.start + trigger.start)
        if is_asserted(sent.text, trigger, token):
            return trigger, token
    return None


def _add_described(
    text: str,
    country: str | None,
    kind: str,
    sub_event: str,
    ctx: Context,
    participants: list[str],
    follow_on: bool = False,
) -> None:
    """Adds the actors a sentence describes (extractor.participants) to an event's
    ``participants`` and, when new to the article, to ``ctx.new_actors``. A ``follow_on``
    sentence goes on about the event: the event's participants count as named in it."""
    described = described_actors(
        text,
        country,
        [*ctx.actors, *ctx.new_actors],
        text,
        kind in VIOLENT_KINDS,
        crowd=sub_event in CROWD,
        coup=kind == "coup",
        arrest=sub_event == "arrest",
        taking_part=participants if follow_on else (),
    )
    for actor in described:
        if actor.name not in {a.name for a in [*ctx.actors, *ctx.new_actors]}:
            ctx.new_actors.append(actor)
        if actor.name not in participants:
            participants.append(actor.name)


def sentence_events(
    sent: Sentence, ctx: Context, inherited: DateHit | None = None
) -> list[EventDraft]:
    """The event a sentence reports (two for a two-year background phrase), or none."""
    chosen = _choose_trigger(sent, ctx)
    if chosen is None:
        return []
    trigger, token = chosen
    participants = actors_in(sent.text, ctx.actors)
    folded = event_lexicon.fold(sent.text)
    kinds = {a.kind for a in ctx.actors if a.name in participants}
    state_force = bool(kinds & {"armed_forces", "private_military"})
    kind = trigger.kind or event_lexicon.violence_kind(folded, state_force, trigger.end)
    if trigger.sub_event == "ambush":  # an ambushed bus is an attack on civilians
        kind = event_lexicon.violence_kind(folded, True, trigger.end)
    found = sentence_places(sent, ctx)
    place = places.event_place([p for p in found if p.rank > places.COUNTRY], trigger.start)
    country = (
        (place.country if place else None)
        or next((p.country for p in found if p.country), None)
        or next(iter(places.countries_named(sent.text)), None)
        or ctx.country
    )
    _add_described(sent.text, country, kind, trigger.sub_event, ctx, participants)
    persons = {a.name for a in [*ctx.actors, *ctx.new_actors] if a.kind == "person"}
    participants = [p for p in participants if p not in persons]  # groups act (guide)
    if kind in VIOLENT_KINDS:
        participants = participants[:3]
    dates = date_hits(sent.text, ctx.anchor)
    deaths = (
        []
        if kind in NO_TOLL_KINDS
        else tolls.find_tolls(sent.text, [(d.start, d.end) for d in dates])
    )
    quote = evidence(ctx, sent, trigger.start, trigger.end)
    # "announced the attack" echoes an event; "announced the city had been retaken" reports one
    echo = (
        bool(_ECHO.search(sent.text[: trigger.start]))
        or bool(_ECHO_AFTER.match(folded, trigger.end))
    ) and not _CLAUSE_TRIGGER.match(trigger.text)
    occurrences: list[Occurrence] = (
        [(ctx.undated_month, "month" if ctx.undated_month else None, None)]
        if echo
        else event_dates(sent, kind, trigger, token, ctx, inherited)
    )
    if kind == "coup" and len(occurrences) > 1 and "since" in trigger.text:
        country = None  # one coup per country of a list: the sentence's country fits none
    location = place.name if place else None
    own_date = bool(event_hits(sent.text, ctx))
    fresh = bool(_FRESH.search(folded[max(0, trigger.start - 40) : trigger.start]))
    drafts = [
        EventDraft(
            kind,
            d,
            p,
            e,
            location,
            country,
            list(participants),
            list(deaths),
            [quote],
            sent.index,
            sent.paragraph,
            echo,
            own_date,
            trigger.sub_event in GENERIC,
            trigger.sub_event,
        )  # fmt: skip
        for d, p, e in occurrences
    ]
    filed = dated_by_dateline(sent.text, event_hits(sent.text, ctx))
    for draft in drafts:
        draft.fresh, draft.filed_date = fresh, filed
    return drafts


def _add_coalitions(draft: EventDraft, ctx: Context) -> None:
    """The coalitions the event's groups belonged to on its day join it (extractor.coalitions),
    as actors of the article too."""
    for name in parents_on(draft.participants, draft.date):
        draft.participants.append(name)
        known = [*ctx.actors, *ctx.new_actors]
        if all(a.name != name for a in known) and (entry := load_registry().entry(name)):
            ctx.new_actors.append(
                Actor(name=entry.name, kind=entry.kind, country=entry.country,
                      evidence=draft.evidence[:1])
            )  # fmt: skip


# ---------------------------------------------------------------------------------- entry


def _events(sentences: Sequence[Sentence], ctx: Context) -> list[EventDraft]:
    """Every sentence's events; a sentence with a toll and no trigger adds it to the last
    event of its paragraph (or of the paragraph before, in a communiqué); a sentence with no
    date of its own takes the last day date of its paragraph (a report's later sentences go
    on about the same day)."""
    drafts: list[EventDraft] = []
    sizes = Counter(s.paragraph for s in sentences)
    last_day: DateHit | None = None
    last_place: places.Place | None = None
    paragraph = -1
    for sent in sentences:
        if sent.paragraph != paragraph:
            last_day, last_place, paragraph = None, None, sent.paragraph
        found = sentence_events(sent, ctx, last_day)
        if (
            sent.index == 0
            and sizes[sent.paragraph] == 1
            and len(sizes) > 1
            and not sent.text.rstrip().endswith((".", "!", "?"))
        ):
            for draft in found:
                draft.headline = True  # a title line above the body
        hits = [h for h in date_hits(sent.text, ctx.anchor) if h.precision == "day"]
        if hits:
            last_day = hits[-1]
        here = places.event_place(
            [p for p in sentence_places(sent, ctx) if p.rank > places.TOWN - 2]
        )
        for draft in found:
            if (
                draft.location is None
                and last_place is not None
                and not draft.echo
                and not (draft.bare and any(tolls_follow(d) for d in drafts))
                and (draft.kind in VIOLENT_KINDS or draft.sub_event in CROWD)
                and draft.country in (None, last_place.country)
            ):
                draft.location = last_place.name
                draft.country = draft.country or last_place.country
                draft.place_inherited = True
        if drafts and _SAME_DAY.search(sent.text) and drafts[-1].precision == "day":
            for draft in found:  # "that day", "le même jour": the day of the event before
                if not draft.own_date:
                    draft.date, draft.precision = drafts[-1].date, "day"
        if drafts:
            same_place_as_before(sent, found, drafts[-1])
        if here is not None:
            last_place = here
        if found:
            drafts += found
            continue
        previous = drafts[-1] if drafts else None
        if (
            previous is None
            or previous.paragraph != sent.paragraph
            and not (
                # A communiqué gives each sentence a paragraph of its own: the toll paragraph
                # right after the attack's is still about it.
                sent.paragraph == previous.paragraph + 1
                and sizes[sent.paragraph] == 1
                and sizes[previous.paragraph] <= 2
            )
        ):
            continue
        if tolls_follow(previous):
            spans = [(h.start, h.end) for h in date_hits(sent.text, ctx.anchor)]
            extra = tolls.find_tolls(sent.text, spans)
            previous.fatalities = add_claims(previous.fatalities, extra)
        else:
            extra = []
        if previous.sub_event in CROWD or (extra and previous.kind in VIOLENT_KINDS):
            # "Security forces used live fire.", "5 killed, incl. a police officer.": the side
            # facing the crowd, told after the protest or riot; "Three Senegalese
            # peacekeepers died": the victims' side, told with the toll.
            _add_described(
                sent.text, previous.country, previous.kind, previous.sub_event, ctx,
                previous.participants, follow_on=True,
            )  # fmt: skip
    return drafts


def find_event_candidates(
    text: str, published: str | None, actors: list[Actor], language: str | None = None
) -> ExtractionItems:
    """Rule-based treaty and event candidates of an article (see the module doc for the
    actors it returns)."""
    doc = parse(text, language)
    sentences = split_sentences(text, doc)
    labels = {"GPE", "LOC", "FAC"}
    ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in labels]
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"PERSON", "PER"}]
    facilities = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "FAC"]
    ctx = Context(
        text=text,
        published=published,
        anchor=reference_date(text, published),
        actors=actors,
        spans=[(s.start, s.end) for s in sentences],
        ents=ents,
        persons=persons,
        facilities=facilities,
        doc=doc,
        country=places.main_country(text),
    )
    treaty_drafts = [
        d
        for i, s in enumerate(sentences)
        for d in sentence_treaties(s, sentences[i - 1] if i else None, ctx)
    ]
    treaties = merge_treaties(treaty_drafts)
    treaty_of = {i: n for n, t in enumerate(treaties) for i in t.sentences}
    events = dedupe_events(_events(sentences, ctx), treaty_of)
    place_the_unplaced(events, article_place(sentences, ctx))
    for draft in events:
        _add_coalitions(draft, ctx)
    # Participants refer to the caller's actors, which this stage does not return, so the
    # cross-reference check is left to the caller (see the module doc). The actors found by
    # description are appended to the caller's list too, so that a caller that keeps its own
    # list (`ExtractionItems(actors=items.actors, events=found.events)`) stays valid.
    actors.extend(a for a in ctx.new_actors if all(a.name != b.name for b in actors))
    return ExtractionItems.model_construct(
        actors=list(ctx.new_actors),
        treaties=[t.treaty() for t in treaties],
        events=[e.event() for e in events],
    )


def candidate_items(
    text: str, published: str | None = None, language: str | None = None, with_events: bool = True
) -> ExtractionItems:
    """Both candidate stages as one extraction: the actors (registry + NER, plus those the
    event stage found by description), and with ``with_events`` the treaties and events."""
    from extractor.ner_baseline import ner_extraction

    items = ner_extraction(text, language)
    if not with_events:
        return items
    found = find_event_candidates(text, published, items.actors, language)  # extends actors
    return ExtractionItems(actors=items.actors, treaties=found.treaties, events=found.events)
