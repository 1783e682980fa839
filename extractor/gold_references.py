"""Gold actor names: every reference to an actor (party, participant, affiliation, member_of)
is exactly the ``name`` of an actor of the file, and no name or alias belongs to two actors."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from extractor.text import fold


def reference_problems(
    actors: list[tuple[int, dict[str, Any]]],
    treaties: list[tuple[int, dict[str, Any]]],
    events: list[tuple[int, dict[str, Any]]],
) -> Iterator[tuple[str, str]]:
    names = _ActorNames(actors)
    for i, actor in actors:
        affiliation = actor.get("affiliation")
        if isinstance(affiliation, str) and affiliation.strip():
            message = names.problem(affiliation, "affiliation")
            if message:
                yield f"actors.{i}.affiliation", message
        yield from names.problems(actor.get("member_of"), f"actors.{i}.member_of", "member_of")
    for i, treaty in treaties:
        yield from names.problems(treaty.get("parties"), f"treaties.{i}.parties", "party")
    for i, event in events:
        yield from names.problems(
            event.get("participants"), f"events.{i}.participants", "participant"
        )


class _ActorNames:
    """The actors' canonical names, and what a non-canonical reference should have been."""

    def __init__(self, actors: list[tuple[int, dict[str, Any]]]) -> None:
        self.names: set[str] = set()
        self.by_fold: dict[str, tuple[str, bool]] = {}  # folded form -> (actor name, is alias)
        for _, actor in actors:
            name = actor.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = name.strip()
            self.names.add(name)
            self.by_fold.setdefault(fold(name), (name, False))
            aliases = actor.get("aliases")
            for alias in aliases if isinstance(aliases, list) else []:
                if isinstance(alias, str) and alias.strip():
                    self.by_fold.setdefault(fold(alias), (name, True))

    def problems(self, values: Any, where: str, role: str) -> Iterator[tuple[str, str]]:
        if not isinstance(values, list):
            return
        for k, value in enumerate(values):
            if isinstance(value, str):
                message = self.problem(value, role)
                if message:
                    yield f"{where}.{k}", message

    def problem(self, value: str, role: str) -> str | None:
        value = value.strip()
        if value in self.names:
            return None
        match = self.by_fold.get(fold(value))
        if match is not None:
            name, is_alias = match
            if is_alias:
                return (
                    f"{role} {value!r} is an alias of actor {name!r}; "
                    f"gold files use the actor's name: {name!r}"
                )
            return f"{role} {value!r} is not exactly an actor's name; write {name!r}"
        message = f"{role} {value!r} is not an actor of this file"
        close = difflib.get_close_matches(value, sorted(self.names), n=1, cutoff=0.6)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        return message


def duplicate_names(actors: list[tuple[int, dict[str, Any]]]) -> Iterator[tuple[str, str]]:
    owner: dict[str, tuple[int, str]] = {}  # folded name -> (actor index, actor name)
    for i, actor in actors:
        name = actor.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        aliases = actor.get("aliases")
        forms = [("name", name)] + [
            (f"aliases.{a}", alias)
            for a, alias in enumerate(aliases if isinstance(aliases, list) else [])
            if isinstance(alias, str) and alias.strip()
        ]
        mine: set[str] = set()
        for field, form in forms:
            key = fold(form)
            if key in owner and key not in mine:
                j, other = owner[key]
                yield (
                    f"actors.{i}.{field}",
                    f"{form.strip()!r} also names actors.{j} ({other!r}); "
                    "merge the two actors or drop the form from one",
                )
            else:
                owner.setdefault(key, (i, name.strip()))
                mine.add(key)
