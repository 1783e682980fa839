"""Candidate treaties (agreements, pacts, charters) found by rules, before the LLM.

A treaty keyword (English or French: pact, charter, agreement, accord, alliance, truce,
ceasefire, pacte, charte, traité, trêve, cessez-le-feu) that is not part of an actor's name
proposes a treaty: its proper name when the text capitalises one ("Liptako-Gourma Charter"),
else a name built from its parties and keyword phrase; its kind from the words around it;
its status from the nearest status verb; its date from a year qualifying it ("the 2015 peace
agreement") or the date of the signing. Drafts about one agreement are merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.dates import DateHit
from extractor.participants import actors_in, mention_positions
from extractor.places import find_places
from extractor.schema import Actor, DatePrecision, Treaty, TreatyKind, TreatyStatus
from extractor.sentences import (
    TREATY_YEAR,
    Context,
    Sentence,
    date_hits,
    evidence,
    nearest,
    qualifies_treaty,
)
from extractor.text import fold

_TREATY_KEYWORD = re.compile(
    r"\b(pacts?|charters?|agreements?|accords?|alliances?|treat(?:y|ies)|truces?|cease-?fires?|"
    r"conventions?|pactes?|chartes?|trait[ée]s?|tr[êe]ves?|cessez-le-feu|"
    r"cessation\s+(?:of|des)\s+hostilit(?:ies|[ée]s))\b",
    re.IGNORECASE,
)
# Kind from the words around the keyword, in the brief's order (first hit wins).
_TREATY_KIND_WORDS_ROWS: tuple[tuple[TreatyKind, str], ...] = (
    ("defence_pact", r"\bdefen[cs](?:e|ive)\b|\bd[ée]fense\b"),
    (
        "mutual_assistance_pact",
        r"\bmutual\s+(?:military\s+)?assistance\b|\bassistance\s+mutuelle\b",
    ),
    ("non_aggression_pact", r"\bnon-?\s*aggression\b|\bnon-?\s*agression\b"),
    (
        "peace_agreement",
        r"\bpeace\s+(?:agreement|accords?|deal|treaty|pact)\b|\br[ée]conciliation\b|"
        r"\baccords?\s+(?:de|pour\s+la)\s+paix\b|\btrait[ée]\s+de\s+paix\b",
    ),
    (
        "ceasefire",
        r"\btruces?\b|\bcease-?fires?\b|\btr[êe]ves?\b|\bcessez-le-feu\b|\bcessation\s+(?:of|des)\s+"
        r"hostilit",
    ),
    ("confederation_treaty", r"\bconfedera|\bconf[ée]d[ée]ra"),
    ("cooperation_agreement", r"\bcooperation\b|\bcoop[ée]ration\b"),
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
        r"pulled\s+out\s+of|denounced|denounces|denouncing|terminating|scrapping|tore\s+up|tears\s+up|tearing\s+up|ripped\s+up|"
        r"scrap(?:s|ped)|revok(?:e|es|ed)|renounc(?:e|es|ed)|collapsed|rompu|d[ée]nonc[ée]s?|caduc|"
        r"abrog[ée]s?|retir[ée]s?\s+de|fin\s+de\s+l['’]accord|"
        r"(?:announced|declared)\s+(?:the\s+)?(?:end|termination)\s+of)\b",
    ),
    (
        "proposed",
        r"\b(?:wants?|wanted|want|need|needs|seeks?|seeking|sought|hopes?|plans?|intends?)\s+"
        r"(?:to\s+)?(?:\w+\s+)?(?:establish|sign|conclude|form|create|seal|reach)\b|"
        r"\b(?:will|would)\s+(?:sign|conclude|establish|form|create)\b|"
        r"\bcall(?:ed|s|ing)?\s+for\b|\bseeks?\b|\bseeking\b|\bsought\b|\bpropos(?:ed|es|al)\b|"
        r"\bappel(?:le|lent|é)?\s+à\b|\bpropos[ée]s?\b|\bsouhait\w*\s+(?:signer|conclure)\b",
    ),
    (
        "negotiating",
        r"\bdiscussions?\b|\bnegotiat\w*|\bmandated\s+to\s+obtain\b|\btalks\b|\bmediat\w*|"
        r"\bn[ée]goci\w*|\bpourparlers\b|\bm[ée]diation\b",
    ),
    (
        "signed",
        r"\b(?:signed|signing|signature|initiall?ed|adopted|concluded|formed|established|brokered|"
        r"sealed|ratified|created|set\s+up|sign[ée]s?|signature|paraph[ée]s?|adopt[ée]s?|"
        r"conclus?|ratifi[ée]s?|cr[ée]{2}s?)\b",
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
    r"collective|assistance|economic|political|and)\s+){1,4})$",
    re.IGNORECASE,
)
# French puts them after: "accords de coopération en matière de défense et de sécurité".
_MODIFIERS_AFTER = re.compile(
    r"(?:\s+(?:de|d['’]|en\s+mati[èe]re\s+de|et\s+de)\s*(?:coop[ée]ration|d[ée]fense|"
    r"s[ée]curit[ée]|partenariat|non-agression|assistance\s+mutuelle|cessez-le-feu)|"
    r"\s+(?:militaires?|techniques?|s[ée]curitaires?))+",
    re.IGNORECASE,
)
_PARTY_KINDS = ("state", "government", "armed_group")
_QUALIFIED_BEFORE = re.compile(
    r"(?<![\w'’])((?:(?:19|20)\d{2}\s+|(?!(?:The|A|An|This|That|Its|Their|In|On)\b)"
    r"[A-Z][\w'’-]+\s+){1,2})$"
)
_QUALIFIED_AFTER = re.compile(
    r"(?:\s+(?:de|d['’]|du|pour\s+la|of|on\s+the)\s*(?:paix|la\s+paix|r[ée]conciliation|"
    r"cessation\s+(?:of|des)\s+hostilit(?:ies|[ée]s)|[A-Z][\w'’-]+|(?:19|20)\d{2})){1,3}"
)


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
    anchor: Any,
) -> DateHit | None:
    """The year qualifying the agreement ("the 2015 peace agreement"), else, when the sentence
    reports the signing, the date phrase nearest the signing verb."""
    hits = date_hits(sent.text, anchor)
    qualifying = [
        h
        for h in hits
        if qualifies_treaty(sent.text, h)
        and TREATY_YEAR.fullmatch(sent.text[h.end : keyword.end()])
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


# An alliance that is an armed group, not an agreement between parties.
_GROUP_ALLIANCE = re.compile(
    r"\b(?:linked|affiliated|jihadist|islamist|armed|rebel|militant|separatist|insurgent)\s+"
    r"alliances?\b|\balliances?\s+(?:led\s+by|of\s+(?:armed|jihadist|rebel|islamist)|"
    r"(?:that|which)\s+(?:was\s+)?(?:hold|claim|fight|attack))|"
    # a people's alliance that speaks or fights is a coalition: "the Tuareg alliance said"
    r"\b(?:tuareg|touareg|arab|arabe|fulani|peul|dogon|songhai|bambara)\s+alliances?\b|"
    r"\balliances?\s+(?:said|says|claimed|announced|declared|attacked|fighters|forces)\b",
    re.IGNORECASE,
)


_NO_AGREEMENT = re.compile(
    r"\b(?:sans|without|no|aucun|aucune|pas\s+d['’]|ni)\s*(?:an?\s+|un\s+|une\s+)?"
    r"(?:(?:peace|ceasefire|defen[cs]e|paix)\s+)?$",
    re.IGNORECASE,
)


def sentence_treaties(
    sent: Sentence, previous: Sentence | None, ctx: Context
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
        if _NO_AGREEMENT.search(sent.text[: keyword.start()]):
            continue  # "Sans accord ni médiateur", "without a deal": no agreement exists
        if keyword[1].lower().startswith("alliance") and _GROUP_ALLIANCE.search(
            sent.text[max(0, keyword.start() - 40) : keyword.end() + 30]
        ):
            continue  # "the al-Qaeda-linked alliance led by Iyad Ag Ghaly" is a group
        drafts.append(_treaty_draft(sent, keyword, blocked, parties, ctx))
    return [d for d in drafts if d is not None]


def _treaty_draft(
    sent: Sentence,
    keyword: re.Match[str],
    blocked: Sequence[tuple[int, int]],
    parties: list[str],
    ctx: Context,
) -> _TreatyDraft | None:
    modifiers: re.Match[str] | None = _MODIFIERS.search(sent.text[: keyword.start()])
    if modifiers and modifiers[1].lower().startswith("and "):
        modifiers = None if len(modifiers[1].split()) == 1 else modifiers  # "X and pact"
    before_words = re.sub(r"^and\s+", "", modifiers[1], flags=re.I) if modifiers else ""
    modifiers = modifiers or _MODIFIERS_AFTER.match(sent.text, keyword.end())
    after_words = "" if before_words else (modifiers[0] if modifiers else "")
    phrase = (before_words + keyword.group() + after_words).strip()
    keyword_end = keyword.end() + len(after_words)
    # "the 2013 Ouagadougou agreement", "l'accord de paix d'Alger de 2015": a year or a place
    # qualifying the keyword makes the name news use for it.
    before = _QUALIFIED_BEFORE.search(sent.text[: keyword.start() - len(before_words)])
    after = _QUALIFIED_AFTER.match(sent.text, keyword_end)
    qualified = None
    if before and not _is_title_case(sent.text):
        qualified = (before[1] + phrase).strip()
    elif after:
        qualified = (phrase + after.group()).strip()
    proper = _proper_name(sent.text, keyword, blocked)
    status = _nearest_pattern(_STATUS_WORDS, sent.text, keyword.start())
    # A bare keyword ("the agreement") names nothing by itself: it needs a verb and two parties.
    if (
        proper is None
        and modifiers is None
        and qualified is None
        and (status is None or len(parties) < 2)
    ):
        return None
    window = sent.text[max(0, keyword.start() - 60) : keyword.end() + 40]
    hit = _treaty_date(sent, keyword, status, ctx.anchor)
    location = _signing_place(sent.text) if status and status[0] == "signed" else None
    quote = evidence(ctx, sent, keyword.start(), keyword.end())
    return _TreatyDraft(
        name=proper or qualified or _descriptive(phrase.lower(), parties, ctx.actors),
        proper=proper is not None or qualified is not None,
        phrase=phrase,
        kind=_proper_kind(proper, window),
        status=status[0] if status else None,
        parties=parties,
        date=hit.date if hit else None,
        precision=hit.precision if hit else None,
        location=location,
        sentence=sent.index,
        evidence=[quote],
        sentences={sent.index},
    )


def _signing_place(sentence: str) -> str | None:
    """A registry place right after "signed ... in"."""
    for place in find_places(sentence):
        if re.search(r"\bsign\w*\b[^.;]{0,80}\b(?:in|à)\s+$", sentence[: place.start]):
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
