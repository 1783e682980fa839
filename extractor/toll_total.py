"""One figure for an event's death toll, as a conflict monitor codes it (ACLED's
`fatalities`): the claims of extractor.tolls added up by side, the lowest source per side."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.numbers import fold as _fold
from extractor.schema import FatalityClaim

# Who died, by side, for adding up an event's toll the way a conflict monitor codes it.
_SIDES = (
    (
        "state",
        r"soldiers?|troops|servicem[ae]n|gendarmes?|police\w*|policiers?|officers?|guards?|"
        r"guardsmen|customs|agents?|douaniers?|"
        r"gardes?|volunteers?|vdps?|fama|fds|militaires?|soldats?|peacekeepers?|casques?\s+bleus?|"
        r"militiam[ae]n|miliciens?|hunters?|chasseurs?|dozos?|koglweogo|wagner|mercenaries",
    ),
    (
        "armed",
        r"militants?|jihadists?|djihadistes?|jihadistes?|terrorists?|terroristes?|assailants?|"
        r"assaillants?|attackers?|fighters?|combattants?|combatants?|insurgents?|rebels?|"
        r"rebelles?|gunmen|bandits?|elements?|commanders?|leaders?|emirs?|cadres?|suspects?|"
        r"bombers?|kamikazes?",
    ),
    (
        "civilian",
        r"civilians?|civils?|villagers?|villageois|women|femmes?|children|enfants?|herders?|"
        r"eleveurs?|farmers?|agriculteurs?|traders?|commercants?|worshippers?|fideles|"
        r"passengers?|miners?|orpailleurs?|students?|teachers?|enseignants?|drivers?|"
        r"chauffeurs?|shepherds?|bergers?|chiefs?|imams?|residents?|habitants?|displaced|"
        r"pastors?|priests?|pretres?|faithful|fideles|occupants?|journalists?|hostages?|"
        r"aid\s+workers?|pupils|teachers?|headmasters?|directors?|visitors?|companions?|sons|"
        r"engineers?|interpreters?|contractors?|nuns?|tourists?|humanitarians?|geologists?|"
        r"daughters|brothers|relatives|family|fils|freres|proches|pilgrims?|pelerins?|guests?|"
        r"invites?|mourners?|workers?|employees?|employes?|staff|officials?|guides?|mayors?|"
        r"maires?|councillors?|conseillers?|travailleurs?|ouvriers?",
    ),
)
_SIDE_PATTERNS = tuple((side, re.compile(rf"\b(?:{p})\b")) for side, p in _SIDES)


def _side(victims: str | None) -> str | None:
    folded = _fold(victims or "")
    if re.match(r"(?:\w+\s+)?(?:others?|more)\b", folded):
        return "others"  # "the chief and 5 others": a group of its own, added to the rest
    return next((side for side, pattern in _SIDE_PATTERNS if pattern.search(folded)), None)


def event_toll(claims: Sequence[FatalityClaim]) -> int:
    """One figure for an event, as a conflict monitor codes it: the deaths of each side
    added up (soldiers and attackers both count), the groups one source gives for a side
    added up too, the lowest source for each side (the most conservative report), and a
    toll naming no side ("30 people died") taken as the total when it is higher than the
    sides' sum, or as a rival figure (the lowest wins) when the claims come from different
    sources. 0 when no claim is made."""
    per_source: dict[str, dict[str | None, int]] = {}  # side -> source -> deaths
    unsided: list[FatalityClaim] = []
    for claim in claims:
        side = _side(claim.victims)
        if side is None:
            unsided.append(claim)
        else:
            sources = per_source.setdefault(side, {})
            sources[claim.claimed_by] = sources.get(claim.claimed_by, 0) + claim.count
    # One source's groups add up ("the pastor and five worshippers"); rival sources: lowest.
    by_side = {side: min(sources.values()) for side, sources in per_source.items()}
    sided = sum(by_side.values())
    if not unsided:
        return sided
    total = min(c.count for c in unsided)
    if not by_side:
        return total
    if set(by_side) == {"armed"}:
        # "30 people were killed, plus 3 attackers": the attackers die on top of the victims
        return total + by_side["armed"]
    # A side-less figure from another source is a rival claim, and the lowest one counts.
    named_sources = {c.claimed_by for c in claims if c.claimed_by}
    return min(sided, total) if len(named_sources) > 1 else max(sided, total)
