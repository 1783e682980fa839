"""An article's sentences and the evidence quotes cut from them (every candidate stage quotes
this way), plus what the event and treaty stages share: the article's context and the date
helpers both apply to one sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.dates import DateHit, TextDay, find_dates, parse_iso
from extractor.registry import Mention
from extractor.schema import Actor


@dataclass(frozen=True)
class Sentence:
    """One spaCy sentence cut at newlines; offsets into the article, end exclusive.
    ``paragraph`` counts blank-line-separated blocks."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


# Lines the annotation guide says are not article text: link lines, photo credits, bylines.
_BOILERPLATE = re.compile(
    r"^(?:read\s+more|read\s+also|see\s+also|more\s*:|also\s+read|lire\s+aussi|a\s+lire\s+aussi|"
    r"photo\b|\(photo|archive\s+image|the\s+cover\s+photo|cover\s+photo|credits?\s*:|image\s*:|"
    r"(?:by|par|written\s+by)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*$)",
    re.IGNORECASE,
)


def split_sentences(text: str, doc: Any) -> list[Sentence]:
    """spaCy's sentences, each also cut at newlines, without boilerplate lines."""
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        position = sent.start_char
        for number, line in enumerate(text[sent.start_char : sent.end_char].split("\n")):
            if number == 0 and pieces and _runs_on(text, pieces[-1], position):
                pieces[-1] = (pieces[-1][0], position + len(line))  # a parser's false cut
            else:
                pieces.append((position, position + len(line)))
            position += len(line) + 1
    sentences: list[Sentence] = []
    for start, end in pieces:
        raw = text[start:end]
        start, end = start + len(raw) - len(raw.lstrip()), start + len(raw.rstrip())
        if end > start and not _BOILERPLATE.match(text[start:end]):
            paragraph = len(re.findall(r"\n\s*\n", text[:start]))
            sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
    return sentences


def _runs_on(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether a sentence the parser began at ``start`` goes on with the one before: same
    line, the one before ends with no stop, and this one begins in lower case ("... d'Arbinda,
    | dans la province du Soum, ont été la cible")."""
    before = text[previous[0] : start]
    following = text[start : start + 1]
    if "\n" in before:
        return False
    if start and not text[start - 1].isspace():
        return True  # a cut inside a word ("L'état" | "-major")
    return not re.search(r"[.!?:;»\"”]\s*$", before) and following.islower()


# An evidence quote is the sentence of a mention, cut to this many characters around it when a
# sentence runs on (headlines and lists without full stops).
_MAX_EVIDENCE = 300


def evidence_for(text: str, sentences: Sequence[tuple[int, int]], mention: Mention) -> str:
    """The sentence holding ``mention``, verbatim, kept within its line and _MAX_EVIDENCE."""
    start, end = next(((s, e) for s, e in sentences if s <= mention.start < e), (0, len(text)))
    start = max(start, text.rfind("\n", 0, mention.start) + 1)
    line_end = text.find("\n", mention.end)
    end = min(end, line_end if line_end >= 0 else len(text))
    if end - start > _MAX_EVIDENCE:
        start, end = _window(text, start, end, mention)
    return text[start:end].strip()


def _window(text: str, start: int, end: int, mention: Mention) -> tuple[int, int]:
    """A stretch of about _MAX_EVIDENCE characters of [start, end) centred on the mention,
    cut at spaces so that no word is split."""
    half = max(0, _MAX_EVIDENCE - (mention.end - mention.start)) // 2
    lo, hi = max(start, mention.start - half), min(end, mention.end + half)
    if lo > start and (space := text.find(" ", lo, mention.start)) >= 0:
        lo = space + 1
    if hi < end and (space := text.rfind(" ", mention.end, hi)) >= 0:
        hi = space
    return lo, hi


@dataclass
class Context:
    """What every sentence's rules need from the article."""

    text: str
    published: str | None
    anchor: dt.date | None  # the day relative dates resolve against (dates.reference_date)
    actors: Sequence[Actor]
    spans: Sequence[tuple[int, int]]  # all sentences, for evidence_for
    ents: Sequence[tuple[int, int]]  # spaCy place spans (GPE/LOC/FAC, French LOC)
    doc: Any = None
    persons: Sequence[tuple[int, int]] = ()  # spaCy person spans
    facilities: Sequence[tuple[int, int]] = ()  # spaCy facility spans
    country: str | None = None  # the article's country when it has one
    new_actors: list[Actor] = field(default_factory=list)  # actors found by description

    @property
    def undated_month(self) -> str | None:
        """The month an undated current event gets: publication month, else the anchor's."""
        if self.published and len(self.published) >= 7:
            return self.published[:7]
        if self.anchor is None or isinstance(self.anchor, TextDay):
            return None  # a date the text gives for something else dates nothing undated
        return self.anchor.isoformat()[:7]


def evidence(ctx: Context, sent: Sentence, start: int, end: int) -> str:
    """The sentence around a span of it (offsets in the sentence), verbatim."""
    mention = Mention(sent.text[start:end], sent.start + start, sent.start + end, "TRIGGER")
    return evidence_for(ctx.text, ctx.spans, mention)


def date_hits(sentence: str, published: str | dt.date | None) -> list[DateHit]:
    """Every date phrase of a sentence, resolved against a day (or a YYYY-MM-DD string)."""
    anchor = parse_iso(published) if isinstance(published, str) or published is None else published
    return find_dates(sentence, anchor)


def nearest(hits: Sequence[DateHit], start: int, end: int) -> DateHit | None:
    """The date phrase closest to a span (a time adverbial dates its own clause)."""
    if not hits:
        return None
    return min(hits, key=lambda h: max(h.start - end, start - h.end, 0))


# A year that qualifies an agreement ("the 2015 peace agreement") dates the agreement, not the
# event the sentence reports.
TREATY_YEAR = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:pacts?|charter|agreements?|accords?|alliance|treaty|truce|"
    r"ceasefire|convention|deal|charte|pacte|traite)\b",
    re.IGNORECASE,
)


def qualifies_treaty(sentence: str, hit: DateHit) -> bool:
    return hit.precision == "year" and bool(TREATY_YEAR.match(sentence, hit.end))
