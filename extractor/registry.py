"""The curated actor registry (``extractor/data/actors.yaml``) and its names found in text.

Canonical names and their English and French aliases are matched case- and accent-insensitively
on word boundaries (so "Niger" never fires inside "Nigeria"), with case rules that keep
"un"/"au" (French words) from reading as UN/AU. The registry's places are matched too: a name
inside a place ("Niger" of "Niger River") is no actor.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from extractor.schema import ActorKind, CountryCode
from extractor.text import fold_chars, squash

REGISTRY_PATH = Path(__file__).parent / "data" / "actors.yaml"
REGISTRY_LABEL = "REGISTRY"


class RegistryEntry(BaseModel):
    """One actor of the curated registry."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    kind: ActorKind
    country: CountryCode = None
    member_of: tuple[str, ...] = ()
    # The day (ISO) a group joined its ``member_of`` coalition or took its name: from then on
    # monitors code its actions for the parent too (extractor.coalitions). Absent: never.
    member_since: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    affiliation: str | None = None
    case_sensitive: tuple[str, ...] = ()
    # ACLED's names for this actor, without the period tag ("Military Forces of Mali").
    acled: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# ACLED appends the period of a government or army to its name: "(2021-)", "(2012-2013)",
# a single year for a one-off actor ("Mutiny of Military Forces of Mali (2012)"), and mid-name
# too: "Police Forces of Burkina Faso (2015-2022) Gendarmerie".
_ACLED_PERIOD = re.compile(r"\s*\(\s*(?:\d{4}\s*(?:-\s*(?:\d{4})?)?|-\s*\d{4})\s*\)\s*")


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
        bare = _ACLED_PERIOD.sub(" ", name).strip()
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
    # libyaml's parser, when installed: the same values as yaml.safe_load, ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    registry = Registry(
        entries=tuple(RegistryEntry.model_validate(item) for item in raw["actors"]),
        places=tuple(raw.get("places") or ()),
        not_actors=frozenset(squash(n) for n in raw.get("not_actors") or ()),
    )
    problems = registry_problems(registry)
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return registry


# ------------------------------------------------------------------- matching


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
