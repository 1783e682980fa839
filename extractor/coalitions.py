"""Groups that act for a coalition they joined: an event of the member involves the parent.

Monitors code an attack by a coalition's member under the coalition too ("JNIM" with "Katiba
Macina"), and a group that took a new name under that name (Boko Haram, the Islamic State's
West Africa Province from 2015). The registry says which groups do and from when
(``member_of`` with ``member_since``); before that day the group acted alone ("Ansar Dine" in
2013 is no JNIM: JNIM was founded in 2017). Without a date nothing is added.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.registry import load_registry


def parents_on(names: Sequence[str], date: str | None) -> list[str]:
    """The coalitions the named groups belonged to on ``date`` (ISO, day or month) that are not
    among ``names`` already, in order."""
    if not date:
        return []
    registry = load_registry()
    found: list[str] = []
    for name in names:
        entry = registry.entry(name)
        if entry is None or entry.member_since is None or date < entry.member_since[: len(date)]:
            continue
        found += [p for p in entry.member_of if p not in names and p not in found]
    return found
