"""Death tolls of a sentence, in English and French, as `FatalityClaim`s.

A toll is a number (digits, number words, or the vague words the annotation guide converts:
"several"/"plusieurs" 3, "dozens"/"des dizaines" 12, "hundreds"/"des centaines" 100, French
approximations "une dizaine" 10, "une vingtaine" 20 ...) tied to death: followed by a victim
noun and a death word ("12 soldiers were killed", "N morts", "4 civils tués"), or governed by a
killing verb ("killing 12", "tuant 4 soldats", "left 30 dead", "faisant 5 morts"). Ranges and
"more than N" give the lower figure (ACLED: the lowest reported figure). "No casualties",
"aucune victime" and the like are a claim of 0. Numbers of wounded, of vehicles, of dates are
not tolls.

Each claim keeps its `victims` (the noun as written) and its `claimed_by` source ("according
to the army", "selon des sources locales", "the ministry said"); claims for several victim
groups or from several sources stay side by side (guide, fatalities).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.numbers import NUMBER, number_value
from extractor.numbers import fold as _fold
from extractor.schema import FatalityClaim
from extractor.toll_sources import claimed_by

# "at least", "more than", "about": the number as reported (guide), the lowest of a range.
_HEDGE = (
    r"(?:(?:at\s+least|more\s+than|over|about|around|some|nearly|almost|up\s+to|an\s+estimated|"
    r"no\s+fewer\s+than|not\s+less\s+than|as\s+many\s+as|pas\s+moins\s+de|"
    r"approximately|roughly|au\s+moins|plus\s+de|pres\s+de|environ|all|tous\s+les|"
    r"quelque|jusqu'a|"
    r"entre|between|a\s+total\s+of|au\s+total)\s+|(?:plus|pres)\s+d')?"
)
# "sept (07) terroristes": a communiqué repeats a number in digits; "15+ killed".
_RANGE_TAIL = (
    r"\+?(?:\s*\(\d+\))?(?:\s*(?:-|–|to|and|a|et|ou|or)\s*\d+|"
    rf"\s+(?:to|or|ou|a)\s+(?!(?:a|an|un|une)\b){NUMBER}(?!\w))?"
)
# "35 civilians, including 31 women, were killed": an aside between the victims and the verb.
_ASIDE = re.compile(
    r"\s*,\s*(?:(?:including|among\s+them|among\s+whom|of\s+whom|dont|parmi\s+lesquels|"
    r"parmi\s+eux)\b[^,.;]{1,60}|[\w-]+\s+of\s+(?:them|whom)\s+[\w-]+(?:\s+[\w-]+)?),"
)
# Singular victims, for "killing a farmer", "un soldat tue" (one list for both uses below).
_SINGULAR_WORDS = (
    "civilian|soldier|fighter|person|militant|jihadist|rebel|member|assailant|attacker|"
    "terrorist|villager|combatant|insurgent|serviceman|child|woman|man|herder|farmer|trader|"
    "imam|chief|gendarme|policeman|officer|guard|volunteer|peacekeeper|militiaman|hunter|"
    "miner|student|teacher|driver|shepherd|passenger|worshipper|civil|soldat|militaire|"
    "combattant|personne|terroriste|villageois|eleveur|berger|agriculteur|commercant|chef|"
    "enseignant|chauffeur|policier|garde|volontaire|casque bleu|milicien|chasseur|orpailleur|"
    "individu|habitant|commander|leader|emir|official|mayor|councillor|cadre|responsable|"
    "chef militaire|notable|customs officer|douanier|elu|maire|conseiller|protester|"
    "demonstrator|manifestant|pastor|priest|pretre|pasteur|bomber|kamikaze|occupant|guide|"
    "agent|director|directeur|headmaster|geologist|doctor|nurse|pilot|pilote|bodyguard|resident|"
    "worker|visitor|brother|son|relative|koglweogo|dozo|vdp|engineer|interpreter|contractor|"
    "nun|tourist|humanitarian|journalist"
)
_VICTIM_WORDS = (
    "civilians|soldiers|fighters|people|persons|militants|jihadists|djihadistes|jihadistes|"
    "rebels|members|troops|assailants|attackers|terrorists|villagers|combatants|gunmen|"
    "insurgents|servicemen|mercenaries|children|women|men|herders|farmers|traders|worshippers|"
    "passengers|gendarmes|policemen|police officers|officers|guards|volunteers|vdps?|"
    "peacekeepers|militiamen|hunters|miners|students|teachers|individuals|suspects|elements|"
    "civils|soldats|militaires|combattants|personnes|terroristes|assaillants|villageois|"
    "rebelles|hommes|femmes|enfants|eleveurs|agriculteurs|commercants|fideles|gendarmes|"
    "policiers|gardes|volontaires|casques bleus|miliciens|chasseurs|orpailleurs|elements|"
    "individus|membres|habitants|residents|victims|victimes|bandits|wagner|fama|commanders|"
    "leaders|officials|cadres|responsables|notables|douaniers|protesters|demonstrators|"
    "manifestants|hostages|otages|guardsmen|aid workers|workers|employees|staff|journalists|"
    "cadets|pupils|companions|occupants|faithful|fideles|agents|customs agents|others|sons|"
    "daughters|brothers|relatives|family members|fils|freres|proches|"
    "bombers|pilgrims|pelerins|guests|invites|mourners|koglweogos?|dozos|engineers|"
    "interpreters|contractors|nuns|tourists|humanitarians|geologists|doctors|nurses|drivers|"
    "guides|bodyguards|pilots|chauffeurs|" + _SINGULAR_WORDS
)
_DEATH_NOUNS = r"dead|deaths|bodies|fatalities|killed|morts|tues|deces|cadavres|corps"
# Up to three words before the victim noun, each starting with a letter ("Dec 11 - Seventy-one
# soldiers": the dash and the number belong to no description).
_VICTIM = rf"(?:(?:[^\W\d_][\w'-]*\s+){{0,3}}?(?:{_VICTIM_WORDS}|{_DEATH_NOUNS})\b)"
_KILL_VERB = (
    r"(?:kill(?:ed|ing|s)?|(?:shot|shooting)(?=[^.;]{1,80}?\bdead\b)|gunned\s+down|left|leaving|claiming\s+the\s+lives\s+of|claimed\s+the\s+lives\s+of|"
    r"massacred|executed|neutrali[sz](?:ed|ing)|slaughtered|shot\s+dead|lost|losing|"
    r"assassinated|murdered|assassine|assassines|assassinant|egorge|egorges|"
    r"tuant|tue|tues|tuee|tuees|faisant|fait|ont\s+fait|coutant\s+la\s+vie\s+a|"
    r"coute\s+la\s+vie\s+a|neutralise|neutralises|neutralisant|neutraliser|execute|executes|abattu|"
    r"abattus|perdu|perdant|massacre|massacres|deaths?\s+of|la\s+mort\s+de|la\s+mort\s+d')"
)
# "killing 12 soldiers", "tuant au moins 4 civils", "left 30 dead", "faisant 5 morts"
# "ont tué dimanche 15 villageois", "killed on Tuesday 12 soldiers": a day between verb and toll
_DAY_BETWEEN = (
    r"(?:(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
)
_AFTER_KILL = re.compile(
    rf"\b{_KILL_VERB}\s+{_DAY_BETWEEN}(?:(?:at\s+least|au\s+moins)\s+)?{_HEDGE}({NUMBER})(?!\w)"
    rf"{_RANGE_TAIL}"
    rf"(?:\s+(?:of\s+(?:the\s+|their\s+)?|de\s+(?:leurs\s+|ses\s+)?|d')?({_VICTIM}))?"
)
# "12 soldiers were killed", "30 people died", "N morts", "4 civils ont ete tues"
_BEFORE_DEATH = re.compile(
    rf"{_HEDGE}\b({NUMBER})(?!\w){_RANGE_TAIL}\s+(?:of\s+(?:the\s+|their\s+|his\s+|her\s+|its\s+)?|de\s+|d')?"
    rf"({_VICTIM})"
)
_DEATH_AFTER = re.compile(
    r"(?:(?!\band\b|\bet\b)[^.;,]){0,30}?\b(?:were|have\s+been|had\s+been|was|are|been)?\s*"
    r"(?:(?:also|later|reportedly|allegedly|subsequently|aussi|egalement)\s+)?(?:killed|dead|died|"
    r"slain|die|dies|lost\s+their\s+lives|executed|massacred|perished|murdered|shot\s+dead|"
    r"tues|tuees|tue|morts?|mortes|decedes|tombes|tombees|ont\s+peri|succombe|ont\s+succombe|ont\s+perdu\s+la\s+vie|"
    r"ont\s+trouve\s+la\s+mort|trouve\s+la\s+mort|perdu\s+la\s+vie|assassines|abattus|"
    r"executes|neutralises|neutrali[sz]ed)\b"
)
# "four armed men shot dead the chief": a death verb with an object is active, and the figure
# before it counts the killers ("killed the day before" is no object).
_ACTIVE_OBJECT = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|le|la|les|un|une|des|\d+|two|three|four|five|six|deux|"
    r"trois|quatre|cinq|six)\s+(?!(?:day|days|week|weeks|night|morning|evening|month|year|"
    r"previous|following|next|same|last|jour|veille|lendemain|soir|matin|nuit|mois|semaine)\b)"
    r"[a-z]"
)
_PASSIVE = re.compile(r"\b(?:were|was|been|are|is|ete|etaient|sont|est|a|ont\s+ete)\s*$")
# "killed the mayor, Oumarou Dicko, and three companions": the victim's name after his role.
_NAME_AFTER = re.compile(r",?(?:\s+[A-Z][\w'’-]*){1,3},?")
_TOLL = re.compile(
    rf"\b(?:death\s+toll|toll|bilan|number\s+(?:of\s+)?(?:[\w-]+\s+){{0,2}}?(?:killed|dead|deaths)|"
    rf"nombre\s+de\s+(?:morts|tues|victimes))\s+(?:\w+\s+){{0,4}}?(?:of|to|at|is|was|de|a|est|fait\s+etat\s+de|above|over)\s+"
    rf"{_HEDGE}({NUMBER})"
)
_WOUND = re.compile(r"\s*(?:\w+\s+){0,2}?(?:wounded|injured|hurt|blesses?|blessees?)\b")
_NONE = re.compile(
    r"\b(?:no\s+(?:casualties|deaths|fatalities|one\s+was\s+killed|losses|victims)|"
    r"without\s+(?:any\s+)?casualties|nobody\s+was\s+killed|no\s+one\s+(?:was\s+)?killed|"
    r"pas\s+de\s+(?:victimes?|morts?|pertes)|aucune?\s+(?:victime|perte|mort)s?|"
    r"sans\s+faire\s+de\s+victimes?|sans\s+(?:faire\s+de\s+)?pertes?)\b"
)
_NOT_DEATH_NOUN = re.compile(
    r"\b(?:vehicles?|motorcycles?|motos?|trucks?|cattle|heads?|km|kilometres?|kilometers?|"
    r"hours?|days?|years?|heures?|jours?|ans|vehicules?|camions?|betail|tetes?)\b"
)

# "killing four soldiers and two civilians": the groups after the first.
_MORE_VICTIMS = re.compile(
    # "19 civilians attending a wedding as well as three militants": a participle in between
    r"(?:\s+(?:attending|travelling|traveling|working|gathered|living|who\s+were|with)\b[^,.;]{0,40}?)?"
    rf"\s*(?:,|and|et|as\s+well\s+as|ainsi\s+que|plus|along\s+with)\s+(?:(?:at\s+least|au\s+moins)\s+)?"
    rf"(?:(?:their|his|her|its|leurs|ses)\s+)?{_HEDGE}"
    rf"({NUMBER})(?!\w){_RANGE_TAIL}\s+(?:of\s+(?:his|her|their|the)\s+|of\s+|de\s+(?:ses\s+|leurs\s+)?|"
    rf"d')?({_VICTIM})"
)
# "killing four soldiers and a civilian", "the priest and five worshippers": one more victim.
_MORE_ONE = re.compile(
    r"\s*(?:,|and|et|as\s+well\s+as|plus|along\s+with)\s+(?:a|an|the|one|his|her|their|un|une|"
    rf"le|la|another|un\s+autre|une\s+autre)\s+((?:[\w'-]+\s+){{0,3}}?(?:{_SINGULAR_WORDS}))\b"
)
# "killing the village chief", "shot dead the mayor": a victim named by role is one death.
_KILL_THE = re.compile(
    rf"\b{_KILL_VERB}\s+(?:the|his|her|their|its|le|la|[\w-]+['’]s)\s+((?:[\w'-]+\s+|\w+-){{0,2}}?"
    rf"(?:{_SINGULAR_WORDS}))\b(?:\s+(?:of|de|du)\s+[\w'-]+(?:\s*\([^)]{{1,40}}\))?)?"
)
# "the Koglweogo chief was killed", "his bodyguard was killed", "the attacker died": one death.
_THE_ONE_DIED = re.compile(
    rf"\b(?:the|his|her|their|its|le|la|son|sa)\s+((?:[\w'-]+\s+){{0,2}}?(?:{_SINGULAR_WORDS}))\s+"
    r"(?:was\s+|has\s+been\s+|had\s+been\s+|a\s+ete\s+|est\s+)?(?:also\s+|later\s+)?"
    r"(?:killed|shot\s+dead|executed|died|tue|tuee|abattu|abattue|decede|mort)\b"
)
# "the priest and 5 faithful were shot dead": one victim named before a counted group.
_ONE_BEFORE = re.compile(
    rf"\b(?:the|a|an|his|her|le|la|un|une)\s+((?:[\w'-]+\s+){{0,2}}?(?:{_SINGULAR_WORDS}))\s+"
    r"(?:and|et)\s+$"
)
_ANY_ONE = re.compile(
    r"\s*(?:and|et)\s+(?:a|an|one|un|une)\s+((?:[a-z][\w'-]*\s+){0,2}[a-z][\w'-]*)"
    r"(?=\s+(?:were\s+|was\s+)?(?:killed|dead|died|tues?|morts?)\b)"
)
# "He was found dead the next day": a pronoun's death is one.
_HE_DIED = re.compile(
    r"\b(?:he|she|il|elle)\s+(?:was|a\s+ete|est)\s+(?:later\s+)?(?:found\s+dead|killed|executed|"
    r"retrouve\s+mort|retrouvee\s+morte|tue|tuee|execute|executee)\b"
)
# "two of whom later died", "the bodies of two teachers were found"
_OF_WHOM = re.compile(
    rf"\b({NUMBER})\s+of\s+(?:whom|them)\s+(?:later\s+|subsequently\s+)?(?:died|succumbed|"
    r"were\s+killed)\b"
)
_BODIES_OF = re.compile(rf"\bbod(?:y|ies)\s+of\s+({NUMBER})(?!\w)\s+({_VICTIM})")
_PLUS_AFTER = re.compile(
    rf"\s*,?\s*(?:plus|as\s+well\s+as|along\s+with|ainsi\s+que)\s+{_HEDGE}({NUMBER})(?!\w)"
    rf"\s+({_VICTIM})"
)
# "the government put the toll at 132; local sources said about 160": a rival source's bare
# figure, taken only when the sentence already gives a toll.
_RIVAL = re.compile(
    rf"\b(?:said|says|spoke\s+of|reported|counted|gave|claimed|estimated|evoquent|parlent\s+de|"
    rf"avancent|font\s+etat\s+de|put\s+the\s+figure\s+at|"
    rf"(?:revised|raised|raising|lowered|revising|corrected)\s+(?:the\s+|its\s+|that\s+)?"
    rf"(?:figure|toll|count|number|it)\s+to)\s+{_HEDGE}({NUMBER})(?:\s+{_VICTIM})?"
    r"(?=\s*(?:[.;)]|,(?!\d)|$))"
)
# "Fatalities: 137 (government); 40 (local count)": a log's toll field, one claim per item
# ("Fatalities: 0" or "none reported" is the field left empty, no claim).
_LABEL = re.compile(r"\b(?:fatalities|deaths|death\s+toll|casualties|victimes|morts)\s*:\s*")
_LABEL_ITEM = re.compile(rf"{_HEDGE}({NUMBER})(?!\w)(?:\s+({_VICTIM}))?(?:\s*\(([^)]{{1,60}})\))?")
# "had killed 76 peacekeepers since it was deployed": a running total, not this event's toll.
_RUNNING_TOTAL = re.compile(
    r"[^.;]{0,40}?\b(?:since\s+(?:it\b|its\b|the\s+(?:start|beginning|launch|creation)|"
    r"(?:19|20)\d\d\b|(?:the\s+)?\w+(?:\s+\w+)?\s+(?:began|started|was\s+deployed|arrived))|depuis\s+(?:le\s+debut|sa\s+creation|son\s+deploiement|(?:19|20)\d\d\b))"
)
# "reported a fourth death": the ordinal is the toll that source gives.
_ORDINAL_DEATH = re.compile(
    r"\b(?:a|an|un|une)\s+(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"deuxieme|troisieme|quatrieme|cinquieme|sixieme)\s+(?:death|victim|fatality|deces|mort|"
    r"victime|(?:[\w-]+\s+)?(?:died|was\s+killed|succumbed|est\s+decede|a\s+succombe))\b"
)
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5,
    "sixieme": 6,
}  # fmt: skip


def _clean_victims(text: str | None) -> str | None:
    if not text:
        return None
    words = text.split()
    # "dead", "morts": a death word is no description of who died.
    if _fold(words[-1]) in {"dead", "deaths", "bodies", "fatalities", "killed", "morts", "tues"}:
        words = words[:-1]
    words = [w for w in words if _fold(w) not in {"were", "have", "been", "ont", "ete"}]
    if words and _fold(words[0]) in {"on", "in", "at", "of", "among", "parmi", "de", "du", "des"}:
        return None  # "twenty on each side dead": no description of who died
    cleaned = " ".join(words).strip(" ,")
    return cleaned or None


_SINGULAR = re.compile(rf"(?:[\w'-]+\s+|\w+-){{0,3}}?(?:{_SINGULAR_WORDS})")


def _single_victim(text: str) -> bool:
    """ "a farmer", "un soldat", "a Spanish priest": up to four words ending in a singular
    victim noun, none elided ("n'a reconnu qu'un soldat": "a" is a verb there)."""
    return "'" not in text and bool(_SINGULAR.fullmatch(text.strip()))


_CLAUSE_BREAK = re.compile(r"\b(?:while|whereas|but|tandis\s+qu|alors\s+qu|mais)\b|;")


_QUOTES_TO_SPACE = str.maketrans({c: " " for c in '«»“”"'})
# "203 'terrorists' were neutralised": single quotes at a word's edge, not an elision (d'Arbinda)
_SINGLE_QUOTES = re.compile(r"(?<!\w)['‘’]|['‘’](?!\w)")


def find_tolls(
    sentence: str, taken: Sequence[tuple[int, int]] = (), source: str | None = None
) -> list[FatalityClaim]:
    """Every death toll of a sentence; numbers inside ``taken`` spans (dates) are skipped.
    ``source`` overrides the sentence's own attribution (a claim reported in a quote)."""
    # Quote marks around a word ("« neutralisé » sept assaillants") are no part of the phrase;
    # a space for each keeps every offset.
    folded = _SINGLE_QUOTES.sub(" ", _fold(sentence).translate(_QUOTES_TO_SPACE))
    given = source
    source = source if source is not None else claimed_by(sentence)
    # Each clause may have its own source ("the army said 20, while local sources said 12").
    breaks = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(folded)), len(folded)]
    clause_sources = [
        claimed_by(sentence[a:b]) if given is None else given
        for a, b in zip(breaks, breaks[1:], strict=False)
    ]

    def source_at(position: int) -> str | None:
        for (a, b), own in zip(zip(breaks, breaks[1:], strict=False), clause_sources, strict=True):
            if a <= position < b and own:
                return own
        return source

    spans: list[tuple[int, int]] = list(taken)
    claim_spans: list[tuple[int, int]] = []
    claims: list[FatalityClaim] = []

    def add(
        number: str,
        at: tuple[int, int],
        victims_span: tuple[int, int] | None,
        whole: tuple[int, int],
        any_noun: bool = False,
    ) -> None:
        start, end = at
        if any(s < end and start < e for s, e in spans):
            return
        count = number_value(number)
        if victims_span and (
            re.search(r"\d", folded[victims_span[0] : victims_span[1]])
            or (
                count == 1
                and not any_noun
                and not _single_victim(folded[victims_span[0] : victims_span[1]])
            )
        ):
            return
        if count == 1 and not victims_span:
            return
        if _RUNNING_TOTAL.match(folded, whole[1]):
            return
        if count is None or (1900 <= count <= 2100 and number.isdigit()):
            return
        spans.append(whole)
        claim_spans.append(whole)
        original = sentence[victims_span[0] : victims_span[1]] if victims_span else None
        claims.append(
            FatalityClaim(
                count=count, victims=_clean_victims(original), claimed_by=source_at(start)
            )
        )

    def more_victims(position: int) -> None:
        """The groups listed after a first one: "killing 4 soldiers and 2 civilians"."""
        while True:
            if more := _MORE_VICTIMS.match(folded, position):
                if _WOUND.match(folded, more.end(1)) or _NOT_DEATH_NOUN.search(more[2]):
                    return
                add(more[1], more.span(1), more.span(2), more.span())
            elif one := _MORE_ONE.match(folded, position):
                if _WOUND.match(folded, one.end()):
                    return
                add("one", one.span(1), one.span(1), one.span())
                more = one
            else:
                return
            position = more.end()

    for m in _AFTER_KILL.finditer(folded):
        if _WOUND.match(folded, m.end(1)) or (m[2] and _NOT_DEATH_NOUN.search(m[2])):
            continue
        # "lost three vehicles": a number after "lost" / "left" needs a victim noun
        if (
            m[2] is None
            and re.match(r"\s*(?:of|de|d')?\s*[a-z]", folded[m.end() :])
            and re.match(r"(?:lost|losing|left|leaving|fait|faisant|perdu|perdant)", m[0])
        ):
            continue
        add(m[1], m.span(1), m.span(2) if m[2] else None, m.span())
        if m[2]:
            more_victims(m.end())
    for m in _KILL_THE.finditer(folded):
        if not _WOUND.match(folded, m.end()):
            add("one", m.span(1), m.span(1), m.span())
            name = _NAME_AFTER.match(sentence, m.end())
            more_victims(name.end() if name else m.end())
    for m in _THE_ONE_DIED.finditer(folded):
        add("one", m.span(1), m.span(1), m.span())
    if not claims and (he := _HE_DIED.search(folded)):
        claims.append(FatalityClaim(count=1, victims=None, claimed_by=source_at(he.start())))
    for m in _OF_WHOM.finditer(folded):
        add(m[1], m.span(1), None, m.span())
    for m in _BODIES_OF.finditer(folded):
        add(m[1], m.span(1), m.span(2), m.span())
    for m in _BEFORE_DEATH.finditer(folded):
        words = m[2]
        death_noun = re.search(rf"\b(?:{_DEATH_NOUNS})\s*$", words)
        # "89 soldiers and 77 militants were killed": the death word after the last group.
        end = m.end()
        singles: list[re.Match[str]] = []
        last_one: re.Match[str] | None = None
        while True:
            if aside := _ASIDE.match(folded, end):
                end = aside.end()  # ", 31 of them women,": the verb comes after the aside
                break
            if more := _MORE_VICTIMS.match(folded, end):
                end = more.end()
                if re.search(rf"\b(?:{_DEATH_NOUNS})\s*$", more[2]):
                    # "two journalists and an Irish conservationist killed": the death word
                    # ends the last group, whatever noun names it
                    death_noun = death_noun or re.search(r"\w+\s*$", more[2])
                    if number_value(more[1]) == 1:
                        last_one = more
                    break
            elif one := _MORE_ONE.match(folded, end):
                singles.append(one)  # "one soldier and the bomber were killed"
                end = one.end()
            else:
                break
        death = _DEATH_AFTER.match(folded, end)
        anyone = None if death else _ANY_ONE.match(folded, end)
        if anyone:
            # "two journalists and an Irish conservationist killed": any noun, when death follows
            death = _DEATH_AFTER.match(folded, anyone.end())
        if death and re.search(r"\b(?:number|toll|figure|bilan|nombre)\b", death[0]):
            death = None  # "a councillor put the number of dead at 160": a source, no victim
        if (
            death
            and _ACTIVE_OBJECT.match(folded, death.end())
            and not _PASSIVE.search(folded, 0, death.end() - len(death[0].split()[-1]))
        ):
            death = None  # "four armed men shot dead the chief": the killers, not the dead
        if not death_noun and not death:
            continue
        if _NOT_DEATH_NOUN.search(words) or _WOUND.match(folded, m.end(1)):
            continue
        # "one of his guards was shot dead": the count is said outright
        add(m[1], m.span(1), m.span(2), m.span(), any_noun=" of " in folded[m.end(1) : m.start(2)])
        if before := _ONE_BEFORE.search(folded, max(0, m.start() - 60), m.start()):
            add("one", before.span(1), before.span(1), before.span())
        for one in singles:
            add("one", one.span(1), one.span(1), one.span())
        if anyone:
            add("one", anyone.span(1), anyone.span(1), anyone.span(), any_noun=True)
        if last_one:
            add("one", last_one.span(1), last_one.span(2), last_one.span(), any_noun=True)
        # "30 people were killed, plus 3 attackers"
        if death and (plus := _PLUS_AFTER.match(folded, death.end())):
            add(plus[1], plus.span(1), plus.span(2), plus.span())
    for m in _TOLL.finditer(folded):
        add(m[1], m.span(1), None, m.span())
    for m in _RIVAL.finditer(folded):
        # a rival of a toll: the figure just before it must be one ("40 tankers ... put the
        # figure at 80" is no toll)
        figures = [
            n
            for n in re.finditer(rf"(?<!\w){NUMBER}(?!\w)", folded[: m.start()])
            if n[0] not in {"a", "an", "un", "une"}  # articles, not figures
        ]
        if figures and any(s <= figures[-1].start() < e for s, e in claim_spans):
            add(m[1], m.span(1), None, m.span())
    for m in _ORDINAL_DEATH.finditer(folded):
        add(str(_ORDINALS[m[1]]), m.span(1), None, m.span())
    if label := _LABEL.search(folded):
        position = label.end()
        while item := _LABEL_ITEM.match(folded, position):
            own = sentence[item.start(3) : item.end(3)] if item[3] else None
            count = number_value(item[1])
            # "Fatalities: 0" is the log's empty field, not a report that nobody died.
            if count and not any(s < item.end(1) and item.start(1) < e for s, e in spans):
                spans.append(item.span())
                victims = sentence[item.start(2) : item.end(2)] if item[2] else None
                claims.append(
                    FatalityClaim(
                        count=count,
                        victims=_clean_victims(victims),
                        claimed_by=own or source_at(item.start()),
                    )
                )
            separator = re.match(r"\s*(?:;|,|and|et|or|ou)\s*", folded[item.end() :])
            if not separator:
                break
            position = item.end() + separator.end()
    if not claims and _NONE.search(folded):
        claims.append(FatalityClaim(count=0, victims=None, claimed_by=source))
    return claims
