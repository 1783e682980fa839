"""Candidate actors found before the LLM: registry mentions merged with NER mentions.

Two sources of mentions (`extractor.registry`, `extractor.ner`) are merged: the registry's,
plus the NER spans that add something to them (an actor the registry does not list, a longer
name around a listed one). GPE spans are taken with kind ``state`` although a country is an
actor only when it acts; telling that needs the sentence's meaning, so a later stage decides.

Mentions are grouped into one `Candidate` per distinct actor: by registry entry, else by the
normalised text, then joined across "Long Name (ACRONYM)" and a person's surname used alone.
The NER baseline backend that turns them into actors is `extractor.ner_baseline`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from extractor.ner import ner_mentions
from extractor.nlp import parse
from extractor.places import gazetteer
from extractor.registry import (
    REGISTRY_LABEL,
    Mention,
    Registry,
    RegistryEntry,
    load_registry,
    registry_matches,
)
from extractor.schema import ActorKind
from extractor.text import fold, squash

# Titles, determiners and demonyms: words that may stand next to a registry name inside a
# longer NER span without making it a different actor ("Colonel Assimi Goïta", "the Nigerien
# Patriotic Liberation Front"). Compared folded.
_FILLER_TEXT = (
    "the le la les l de du des of and et a an au aux en in on at to from for by with "
    "after before dans pour par sur avec selon according "
    "Colonel Col Lieutenant-Colonel Lt-Col General Gen Général Major Captain Capt Capitaine "
    "Lieutenant Lt Commander Commandant Sergeant Sgt Brigadier Marshal Chief Sheikh Cheikh "
    "Imam Emir President Président Prime Minister Ministre Premier Mr Mrs Ms Dr M Mme "
    "Interim Transitional Junta Leader Head Spokesman Porte-parole "
    "Malian Nigerien Burkinabe Burkinabè Burkinabé Chadian Mauritanian Algerian Nigerian "
    "French Russian American Ivorian Senegalese Guinean Togolese Beninese Ghanaian Libyan "
    "Moroccan European African West Western North Northern South Southern East Eastern "
    "Central Sahelian Jihadist Islamist Tuareg Touareg Arab Fulani Peul"
)
_FILLER_WORDS = frozenset(fold(w) for w in _FILLER_TEXT.split())
# NER says ORG for armed groups, ministries, armies and intergovernmental bodies alike. An ORG
# the registry does not know is most often an armed group in this domain (new fronts, katibas,
# militias), unless its words say otherwise.
_ORG_KIND_HINTS: tuple[tuple[ActorKind, re.Pattern[str]], ...] = (
    (
        "government",
        re.compile(
            r"\b(ministry|minister|government|presidency|junta|ministere|gouvernement|"
            r"presidence|junte|council of ministers)\b"
        ),
    ),
    (
        "armed_forces",
        re.compile(
            r"\b(army|armed forces|air force|navy|gendarmerie|police|national guard|"
            r"armee|forces armees|garde nationale)\b"
        ),
    ),
    (
        "international_org",
        re.compile(
            r"\b(united nations|union|organi[sz]ation|community|commission|mission|"
            r"bank|agency|communaute|nations unies)\b"
        ),
    ),
)
_LABEL_KINDS: dict[str, ActorKind] = {"PERSON": "person", "GPE": "state", "ORG": "armed_group"}
_OUTLET = re.compile(
    r"\b(?:Wire|Presse|Press|News|Info|Infos|Tribune|Times|Post|Journal|Radio|TV|Télé|Media|"
    r"Média|Agency|Agence|Hebdo|Matin|Soir|Observateur|Reporter)\b"
)
# Agreements are named like organisations but belong to the treaty stage, not the actors.
_TREATY_WORDS = re.compile(
    r"\b(charter|charte|agreement|accords?|pact|pacte|treaty|traite|convention|protocol|"
    r"protocole|declaration|memorandum)\b"
)
# A lone generic word that NER took for a name (headline capitals, sentence starts).
_GENERIC_NAMES = frozenset(
    squash(word)
    for word in (
        "Alliance",
        "Coalition",
        "Council",
        "Government",
        "Army",
        "Junta",
        "Front",
        "Movement",
        "Group",
        "Union",
        "Parliament",
        "Assembly",
        "Ministry",
        "Presidency",
        "Confederation",
        "Federation",
        "Commission",
        "Mission",
        "Forces",
        "State",
        "States",
        "Military",
        "Police",
        "Authorities",
        "Regime",
        "Jihadists",
        "Rebels",
        "Separatists",
        "Islamists",
        "Charter",
        "Defence",
        "Defense",
        "Défense",
        "Security",
        "Sécurité",
    )
)
# The article's author is not an actor (annotation guide): "by Jane Doe" alone on its line.
_BYLINE_PREFIX = re.compile(r"[ \t]*(?:by|par|written by)[ \t]+", re.IGNORECASE)


_NAMED_AS_PLACE = re.compile(
    r"\b(?:village|villages|town|city|locality|commune|hamlet|municipality|mayor|outskirts|"
    r"ville|localit[ée]|hameau|maire|cercle|province|region|r[ée]gion|department|"
    r"d[ée]partement)\s+(?:of|de|du|d['’])\s*$",
    re.IGNORECASE,
)
_DISTRICTS_AFTER = re.compile(r"\s*\(([^()]{2,60})\)")


def _not_an_actor(text: str, mention: Mention, registry: Registry) -> bool:
    """Outlets, agencies, agreements, lone generic words and bylines (annotation guide)."""
    key = squash(mention.text)
    if key in registry.not_actors or key in _GENERIC_NAMES:
        return True
    # Spans across lines or lists ("Djibo\n\nFighters", "Intazayene, Bakorat") are NER noise;
    # outlets are often named "<Place> Wire", "<Place> Presse" (guide: outlets are no actors).
    if re.search(r"[\n(,>]| - ", mention.text) or _OUTLET.search(mention.text):
        return True
    # A title is no actor: "Chef d'État-major ...", "ministre de la Défense" (the body is).
    if re.match(r"(?i)(?:chef|chief|ministre|minister|secretary|secr[ée]taire)\b", mention.text):
        return True
    # A long all-capitals word is a heading ("COMMUNIQUÉ"), not an acronym.
    if re.fullmatch(r"[^\W\d_a-z]{6,}", mention.text):
        return True
    if key in gazetteer():
        return True  # a town or region of the Sahel that NER took for a name
    # A place no list holds, by its shape: "the village of X", "the mayor of X", and the
    # conflict-monitor note's "X (district, region)".
    if _NAMED_AS_PLACE.search(text[max(0, mention.start - 40) : mention.start]):
        return True
    districts = _DISTRICTS_AFTER.match(text, mention.end)
    if districts and any(squash(p) in gazetteer() for p in re.split(r"[,/]", districts[1])):
        return True
    if mention.label != "GPE" and _TREATY_WORDS.search(fold(mention.text)):
        return True
    line_start = text.rfind("\n", 0, mention.start) + 1
    return mention.label == "PERSON" and bool(
        _BYLINE_PREFIX.fullmatch(text[line_start : mention.start])
    )


# ------------------------------------------------------------------------ merging


@dataclass(frozen=True)
class Candidate:
    """One distinct actor of the text with all its mentions. `text`, `start` and `end` are
    those of the first mention; `label` is REGISTRY when the registry knows the actor, else
    the NER label most of its mentions got."""

    text: str
    start: int
    end: int
    label: str
    entry: RegistryEntry | None
    mentions: tuple[Mention, ...]

    @property
    def canonical_name(self) -> str | None:
        return self.entry.name if self.entry else None

    @property
    def name(self) -> str:
        """The registry's canonical name, else the longest surface form."""
        return self.entry.name if self.entry else self._longest().text

    @property
    def kind(self) -> ActorKind:
        if self.entry:
            return self.entry.kind
        if self.label == "ORG":
            folded = fold(self._longest().text)
            for kind, hint in _ORG_KIND_HINTS:
                if hint.search(folded):
                    return kind
        return _LABEL_KINDS.get(self.label, "armed_group")

    @property
    def country(self) -> str | None:
        return self.entry.country if self.entry else None

    @property
    def surface_forms(self) -> list[str]:
        """Distinct surface forms (by fold), in order of first appearance."""
        forms: dict[str, str] = {}
        for mention in self.mentions:
            forms.setdefault(fold(mention.text), mention.text)
        return list(forms.values())

    def _longest(self) -> Mention:
        return max(self.mentions, key=lambda m: (len(m.text), -m.start))


def _overlaps(mention: Mention, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if s < mention.end and mention.start < e]


def _within(mention: Mention, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= mention.start and mention.end <= e for s, e in spans)


def _residual_words(text: str, mention: Mention, covered: Sequence[tuple[int, int]]) -> list[str]:
    """Capitalised words of a NER span outside the registry names it contains, less fillers."""
    chars = list(text[mention.start : mention.end])
    for s, e in covered:
        for i in range(max(s, mention.start), min(e, mention.end)):
            chars[i - mention.start] = " "
    words = re.findall(r"[^\W\d_][\w'’-]*", "".join(chars))
    return [w for w in words if w[0].isupper() and fold(w) not in _FILLER_WORDS]


def _merge_sources(
    text: str, registry: Registry, ner: list[Mention]
) -> list[tuple[Mention, RegistryEntry | None]]:
    """Registry mentions plus the NER mentions that add something to them."""
    found, places = registry_matches(text, registry)
    spans = [(m.start, m.end) for m, _ in found]
    dropped: set[int] = set()
    merged: list[tuple[Mention, RegistryEntry | None]] = []
    for mention in ner:
        # Inside a place name ("Niger" of "Niger River"), but not around one: the "Sahel
        # Freedom Brigade" is an actor although "Sahel" is a place.
        if _within(mention, places) or _not_an_actor(text, mention, registry):
            continue
        inside = _overlaps(mention, spans)
        if inside and not _residual_words(text, mention, inside):
            continue  # the registry already has this mention
        # A longer name around a country ("Mali's National Guard"): the country only
        # qualifies it ("Russia's Wagner Group does not make Russia an actor").
        dropped |= {
            i for i, (m, e) in enumerate(found) if e.kind == "state" and (m.start, m.end) in inside
        }
        merged.append((mention, registry.entry(mention.text)))
    merged += [pair for i, pair in enumerate(found) if i not in dropped]
    return sorted(merged, key=lambda pair: pair[0].start)


class _Groups:
    """Union-find over group keys: one key per registry entry or normalised unknown name."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.entry: dict[str, RegistryEntry | None] = {}

    def add(self, key: str, entry: RegistryEntry | None) -> None:
        self.parent.setdefault(key, key)
        self.entry.setdefault(key, entry)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        ea, eb = self.entry[ra], self.entry[rb]
        if ra == rb or (ea is not None and eb is not None):
            return  # two registry actors are two actors, however they are written
        if ea is None:
            ra, rb = rb, ra
        self.parent[rb] = ra  # keep the root that carries a registry entry


def _key(mention: Mention, entry: RegistryEntry | None) -> str:
    return f"registry:{entry.name}" if entry else f"text:{squash(mention.text)}"


def _join_parentheses(
    text: str, pairs: list[tuple[Mention, RegistryEntry | None]], groups: _Groups
) -> None:
    """'Patriotic Liberation Front (FPL)' or 'FPL (Patriotic Liberation Front)': one actor."""
    for (a, ea), (b, eb) in zip(pairs, pairs[1:], strict=False):
        if re.fullmatch(r"\s*\(\s*", text[a.end : b.start]) and re.match(r"\s*\)", text[b.end :]):
            groups.union(_key(a, ea), _key(b, eb))


def _join_surnames(pairs: list[tuple[Mention, RegistryEntry | None]], groups: _Groups) -> None:
    """A person named by surname alone ("Traoré") after their full name: one actor, when only
    one full name of the text ends that way."""
    persons = [(m, e) for m, e in pairs if m.label == "PERSON" or (e and e.kind == "person")]
    for short, entry in persons:
        if entry is not None:
            continue
        words = short.text.split()
        targets = {
            _key(m, e)
            for m, e in persons
            if len(m.text.split()) > len(words) and m.text.split()[-len(words) :] == words
        }
        if len(targets) == 1:
            groups.union(targets.pop(), _key(short, entry))


def group_mentions(text: str, pairs: list[tuple[Mention, RegistryEntry | None]]) -> list[Candidate]:
    """One Candidate per distinct actor, ordered by first mention."""
    groups = _Groups()
    for mention, entry in pairs:
        groups.add(_key(mention, entry), entry)
    _join_parentheses(text, pairs, groups)
    _join_surnames(pairs, groups)
    members: dict[str, list[Mention]] = {}
    for mention, entry in pairs:
        members.setdefault(groups.find(_key(mention, entry)), []).append(mention)
    return sorted(
        (_candidate(groups.entry[k], ms) for k, ms in members.items()), key=lambda c: c.start
    )


def _candidate(entry: RegistryEntry | None, mentions: list[Mention]) -> Candidate:
    mentions = sorted(mentions, key=lambda m: m.start)
    first = mentions[0]
    label = REGISTRY_LABEL if entry else _majority_label(mentions)
    return Candidate(first.text, first.start, first.end, label, entry, tuple(mentions))


def _majority_label(mentions: Sequence[Mention]) -> str:
    """The label NER gave most often to the group (one odd "ORG" for a town is outvoted);
    on a tie, the label of the longest mention."""
    counts = Counter(m.label for m in mentions)
    longest = max(mentions, key=lambda m: len(m.text))
    return max(counts, key=lambda label: (counts[label], label == longest.label))


def analyse(text: str, language: str | None = None) -> tuple[list[Candidate], Any]:
    """The candidates of ``text`` and its parsed Doc (the baseline reads its sentences)."""
    doc = parse(text, language)
    registry = load_registry()
    return group_mentions(text, _merge_sources(text, registry, ner_mentions(doc))), doc


def find_candidates(text: str, language: str | None = None) -> list[Candidate]:
    """Every actor candidate of ``text``: registry matches merged with NER mentions."""
    return analyse(text, language)[0]
