"""Dataset actor names (ACLED, UCDP) -> gold actors named as the registry names them.

ACLED names carry a period tag ("Military Forces of Mali (2021-)") and UCDP uses its own
forms ("Government of Mali", "JNIM"). The registry (extractor/data/actors.yaml) maps them
to canonical actors: first by its ACLED-name field (`Registry.by_acled`), then by its names
and aliases. An actor the registry lacks keeps the dataset's name (without the period tag).
"""

from __future__ import annotations

import re

from extractor.registry import Registry, RegistryEntry
from extractor.schema import Actor, ActorKind, union_folded

# "(2021-)", "(2012-2013)", and a single year for one-off actors: "Mutiny of ... (2012)".
_PERIOD_TAG = re.compile(r"\s*\(\s*\d{4}\s*(?:-\s*(?:\d{4})?)?\s*\)\s*$")
_OF_PLACE = re.compile(r"\bof\s+(.+)$", re.IGNORECASE)

# ACLED's interaction codes (numeric in older exports, words in newer ones) -> our kinds.
# Codes 5-7 (rioters, protesters, civilians) are not named actors: they are left out of the
# gold, which scores named-actor recall.
_INTER_KINDS: dict[str, ActorKind | None] = {
    "1": "armed_forces", "state forces": "armed_forces",
    "2": "armed_group", "rebel group": "armed_group", "rebel groups": "armed_group",
    "3": "armed_group", "political militia": "armed_group", "political militias": "armed_group",
    "4": "armed_group", "identity militia": "armed_group", "identity militias": "armed_group",
    "5": None, "rioters": None,
    "6": None, "protesters": None,
    "7": None, "civilians": None,
    "8": "armed_forces", "external/other forces": "armed_forces",
}  # fmt: skip
# Names that stand for unnamed people, whatever the code says.
_UNNAMED = re.compile(r"^(civilians|protesters|rioters|unidentified\b|unknown\b)", re.IGNORECASE)


def strip_period(name: str) -> str:
    """ "Military Forces of Mali (2021-)" -> "Military Forces of Mali"."""
    return _PERIOD_TAG.sub("", name).strip()


# "Koglweogo Communal Militia (Burkina Faso)": a country tag after the name.
_COUNTRY_TAG = re.compile(r"\s*\((?:Mali|Burkina Faso|Niger|Nigeria|Chad|International)\)\s*$")
# "Military Forces of Russia (2000-) Wagner Group": a state's forces, then the unit itself.
_UNIT_OF_FORCES = re.compile(r"^(?:Military|Police) Forces of [^()]+\(\d{4}-(?:\d{4})?\)\s+(.+)$")
_MILITIA = re.compile(r"^(.+?)\s+(?:Communal|Ethnic)\s+Militia$", re.IGNORECASE)


def registry_entry(name: str, registry: Registry) -> RegistryEntry | None:
    """The registry actor a dataset name stands for: by its ACLED name, then by alias; then
    without a country tag, as the unit a state's forces name, and as "<community> militia"."""
    by_acled = getattr(registry, "by_acled", None)  # the ACLED-name field may be absent
    entry = by_acled(name) if by_acled else None
    entry = entry or registry.entry(name) or registry.entry(strip_period(name))
    if entry is not None:
        return entry
    bare = _COUNTRY_TAG.sub("", strip_period(name))
    if unit := _UNIT_OF_FORCES.match(name):
        return registry_entry(unit[1], registry)
    if militia := _MILITIA.match(bare):
        return registry.entry(f"{militia[1]} militia") or registry.entry(militia[1])
    return registry.entry(bare) if bare != name else None


def is_named(name: str, inter: str = "") -> bool:
    """Does a dataset actor name a real actor (not civilians, protesters, "unidentified")?"""
    if not name.strip() or _UNNAMED.match(strip_period(name)):
        return False
    return _INTER_KINDS.get(inter.strip().casefold(), "armed_group") is not None


def _guess_kind(name: str, inter: str) -> ActorKind:
    bare = strip_period(name).casefold()
    if bare.startswith("government of"):
        return "government"
    if bare.startswith(("military forces of", "police forces of", "armed forces of")):
        return "armed_forces"
    return _INTER_KINDS.get(inter.strip().casefold()) or "armed_group"


def _guess_country(name: str, registry: Registry) -> str | None:
    """ "Government of Mali" -> ML when the registry knows the state."""
    match = _OF_PLACE.search(strip_period(name))
    entry = registry.entry(match.group(1)) if match else None
    return entry.country if entry and entry.kind == "state" else None


def gold_actor(name: str, registry: Registry, inter: str = "") -> Actor | None:
    """The gold actor for a dataset actor name, or None when it names nobody in particular."""
    if not is_named(name, inter):
        return None
    entry = registry_entry(name, registry)
    if entry is None:
        bare = strip_period(name)
        return Actor(
            name=bare,
            aliases=[name] if name != bare else [],
            kind=_guess_kind(name, inter),
            country=_guess_country(name, registry),
        )
    # The registry's aliases let the matcher pair any form a model may use with this actor.
    aliases = [a for a in union_folded(list(entry.aliases), [name]) if a != entry.name]
    return Actor(name=entry.name, aliases=aliases, kind=entry.kind, country=entry.country)


def split_names(cell: str) -> list[str]:
    """ACLED's associated-actor cells list several names separated by semicolons."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def merge_actors(actors: list[Actor]) -> list[Actor]:
    """One actor per canonical name (two dataset names can map to the same actor)."""
    by_name: dict[str, Actor] = {}
    for actor in actors:
        seen = by_name.get(actor.name)
        if seen is None:
            by_name[actor.name] = actor
        else:
            aliases = [a for a in union_folded(seen.aliases, actor.aliases) if a != seen.name]
            by_name[actor.name] = seen.model_copy(update={"aliases": aliases})
    return list(by_name.values())


def country_code(name: str, registry: Registry) -> str | None:
    """ISO alpha-2 code of a country named as the datasets name it ("Burkina Faso" -> BF)."""
    entry = registry.entry(name.strip()) if name.strip() else None
    return entry.country if entry and entry.kind == "state" else None
