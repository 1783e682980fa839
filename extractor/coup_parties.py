"""Who takes part in a coup: the soldiers who seize power, and the government they depose.

A coup note rarely names either side ("mutinous soldiers arrested the president"); monitors
code the soldiers as the mutinous part of the country's army ("Mutiny of Military Forces of
Mali") and the deposed side as its government. `coup_parties` maps the sentence's words to the
registry names of both, for the country of the event (Mali, Burkina Faso, Niger):

- soldiers, troops, officers, guard units, "mutineers", "les militaires" who go on to detain
  the president or seize the palace -> the mutineers; the army itself when the sentence says
  the military already rules ("the transition president") and no "mutin-" word: then it is
  the junta's own army that acts. A sentence that recalls a coup ("the junta which overthrew
  the president", "the military, in power since 2020") names no soldiers.
- the president, prime minister, ministers, government, presidential palace or constitution
  they seize or suspend -> the government.
"""

from __future__ import annotations

import re

_ARMIES = {
    "ML": "Malian Armed Forces",
    "BF": "Burkinabe Armed Forces",
    "NE": "Nigerien Armed Forces",
}
_MUTINEERS = {
    "ML": "Malian Army Mutineers",
    "BF": "Burkinabe Army Mutineers",
    "NE": "Nigerien Army Mutineers",
}
_GOVERNMENTS = {
    "ML": "Government of Mali",
    "BF": "Government of Burkina Faso",
    "NE": "Government of Niger",
}
# Patterns run on the accent-folded, lower-case sentence.
_MUTINY = re.compile(r"\bmutin(?:y|ous|eers?|ied|ies|s|es?|erie|eries)\b")
_PUTSCHISTS = re.compile(
    r"\b(?:soldiers|troops|army(?:\s+(?:units?|officers))?|officers|"
    r"the\s+military|presidential\s+guard|guard\s+units|guardsmen|regiment|putschists?|"
    r"militaires|soldats|l'armee|garde\s+presidentielle|putschistes?)\b"
)
_FORCES = re.compile(f"{_MUTINY.pattern}|{_PUTSCHISTS.pattern}")
# The military already rules: the soldiers who act are the junta's army.
_MILITARY_RULE = re.compile(
    r"\btransition(?:al)?\s+president\b|\bpresident\s+de\s+la\s+transition\b"
)
# The soldiers act on the state in this sentence ("detained the president", "seized the
# presidential palace"): a sentence that recalls past coups ("the military, in power since
# the 2020 coup") names no party.
_SEIZED = re.compile(
    r"\b(?:arrest(?:ed|ing)?|detain(?:ed|ing)?|seiz(?:ed|ing)|confin(?:ed|ing)|held|holding|"
    r"removed|ousted|overthrew|deposed|stormed|burst\s+into|surrounded|suspended|dissolved|"
    r"arrete|detenu|sequestre|renverse|destitue|dissous|suspendu)\b[^.;]{0,80}?\b(?P<target>president|"
    r"prime\s+minister|pm|head\s+of\s+state|ministers?|government|cabinet|palace|presidency|"
    r"constitution|broadcaster|premier\s+ministre|chef\s+de\s+l'etat|gouvernement|palais)\b"
)
Span = tuple[int, int]
# ... or the state's side is said to fall, whoever did it ("the constitution was suspended").
_FELL = re.compile(
    r"\b(?P<target>president|prime\s+minister|government|cabinet|constitution|gouvernement)\b"
    r"(?:\s+[\w'-]+){0,6}?\s+(?:was|were|had\s+been|has\s+been|have\s+been|a\s+ete|ont\s+ete)\s+"
    r"(?:suspended|dissolved|removed|ousted|deposed|overthrown|arrested|detained|suspendue?|"
    r"dissous|renverse|arrete|destitue)\b"
)
_REACH = 200  # characters from the soldiers to what they seize ("..., led by Captain X, seized")


def _seized(folded: str, forces: re.Match[str]) -> re.Match[str] | None:
    """What the soldiers of ``forces`` seize of the state just after, if anything."""
    return _SEIZED.search(folded, forces.start(), forces.end() + _REACH)


def coup_parties(
    folded: str, country: str | None, army_named: bool = False
) -> list[tuple[str, Span]]:
    """(registry name, span of the words that stand for it) of the coup's parties in a folded
    sentence: the soldiers who act (unless the sentence names the army: ``army_named``), then
    the government they depose."""
    if country not in _ARMIES:
        return []
    found: list[tuple[str, Span]] = []
    acting = ((m, seized) for m in _FORCES.finditer(folded) if (seized := _seized(folded, m)))
    forces, seized = next(acting, (None, None))
    if forces is not None and not army_named:
        own_army = _MUTINY.search(folded) is None and _MILITARY_RULE.search(folded)
        found.append(((_ARMIES if own_army else _MUTINEERS)[country], forces.span()))
    if deposed := seized or _FELL.search(folded):  # else a coup recalled, not told
        found.append((_GOVERNMENTS[country], deposed.span("target")))
    return found
