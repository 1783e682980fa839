"""Trigger lexicon of the event stage, organised like a conflict-event codebook.

Each row is a sub-event type (ACLED's Battles / Explosions-Remote violence / Violence against
civilians / Protests / Riots / Strategic developments, in their own words) with English and
French word forms, and the schema kind it maps to. Patterns run on the accent-folded, lower-case
sentence (``fold``), so "attaqué" and "attaque" are one form. Word forms rather than lemmas: the
lemmatizer is the slowest spaCy component, and a stem with its endings is as good for verbs
whose forms are few.

Generic violence ("attacked", "killed", "opened fire", "attaque", "tué") has no kind of its
own: `violence_kind` decides from what the sentence says of the target (a military post,
soldiers, a convoy -> battle; villagers, a market, civilians -> violence against civilians).

Rows are tried in order and the first that fires gives the sentence's trigger, so the order
settles mixed sentences: "an airstrike killed civilians" is remote violence, "soldiers seized
power" a coup, "ambushed a convoy, killing five civilians" a battle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.schema import EventKind
from extractor.text import fold_lower


def fold(text: str) -> str:
    """Lower case without accents, one character for one (extractor.text.fold_lower)."""
    return fold_lower(text)


@dataclass(frozen=True)
class Trigger:
    sub_event: str
    kind: EventKind | None  # None: generic violence, kind from the target
    start: int
    end: int
    text: str


_TREATY_NOUNS = (
    r"(?:charter|charte|pact|pacte|agreement|accord|alliance|treaty|traite|convention|protocol|"
    r"protocole|declaration|deal|ceasefire|truce|treve|cessez-le-feu|text|texte|document|"
    r"memorandum)"
)
_MIL_TARGET = (
    r"(?:(?:camp|base|position|post|outpost|barrack|garrison|checkpoint|patrol|convoy|unit|"
    r"detachment|soldier|troop|gendarmerie|police\s+station|brigade|poste|avant-poste|caserne|"
    r"garnison|patrouille|convoi|unite|detachement|soldat|militaire|escorte|escort|force|"
    r"emprise|cantonnement|military|army|armee|fama|fds|vdp)s?)"
)
# A conflict monitor's note may open with its sub-event type ("Looting: On 6 May ...",
# "Disrupted weapons use: ..."): the coder's label says the kind outright.
_CODED_LABELS: tuple[tuple[str, EventKind, str], ...] = (
    ("looting", "other", r"looting|property\s+destruction"),
    ("disrupted_weapons", "other", r"disrupted\s+weapons\s+use"),
    ("arrest", "other", r"arrests?"),
    ("agreement", "agreement", r"agreement"),
    ("handover", "territory_transfer", r"non-violent\s+transfer\s+of\s+territory"),
    ("base_established", "other", r"headquarters\s+or\s+base\s+established"),
    ("defection", "defection", r"change\s+to\s+group/activity"),
    ("non_violent", "other", r"non-violent\s+activity|other"),
)
_ROWS: tuple[tuple[str, EventKind | None, str], ...] = (
    *((sub, kind, rf"^\s*(?:{label})\s*:(?=\s)") for sub, kind, label in _CODED_LABELS),
    (
        "coup",
        "coup",
        # "the coup leaders" name people, not a coup
        r"\bcoups?\b(?!\s+attempt)(?!\s+(?:leaders?|makers?|plotters?|regime|government|"
        r"authorities)\b)(?!\s+d['e]\s*etat\s+manque)|\bcoup\s+d['e]\s*etat\b|"
        r"\bputsch(?:es)?\b|\bseized\s+power\b|\bseizure\s+of\s+power\b|\boverthr(?:ew|own)\b|"
        r"\bousted\b|\bdeposed\b|\bpris\s+le\s+pouvoir\b|\bprise\s+du\s+pouvoir\b|"
        r"\brenverse\b|\bdepose\b|\bremoved\s+(?:[\w'-]+\s+){0,6}?from\s+power\b|"
        r"\btook\s+power\b|\b(?:had|have|has)\s+taken\s+power\b|\ba\s+pris\s+le\s+pouvoir\b|\bdemis\s+de\s+ses\s+fonctions\b|"
        r"\bmutinous\s+soldiers\s+(?:detained|arrested|seized)\b|"
        r"\b(?:had|have|has)\s+removed\s+(?:the\s+)?president\b|"
        r"\b(?:mutinous\s+soldiers|mutineers)\b[^.;]{0,60}?\bseized\s+(?:[\w'-]+\s+){0,4}?"
        r"(?:palace|broadcaster|television|radio|ortm|rtb|ortn)\b|"
        # soldiers who arrest the head of state take power, whatever the verb before it
        r"\b(?:soldiers|military|mutineers|troops|mutin(?:ied|y)|presidential\s+guard|guards|"
        r"guardsmen|officers|units|regiment)\b"
        r"[^.;]{0,80}?\b(?:arrested|detained|seized|confined|held|sequestered)\s+(?:the\s+)?"
        r"(?:(?:transition(?:al)?\s+|interim\s+)?(?:president|prime\s+minister|head\s+of\s+state)\b|"
        r"(?:[\w'-]+\s+){1,3}?(?:at|in)\s+(?:his|her|the)\s+(?:residence|palace|presidential))|"
        r"\b(?:prenaient|prennent|ont\s+pris|avaient\s+pris)\s+le\s+pouvoir\b|"
        r"\b(?:military|junta|army|soldiers)\b[^.;]{0,60}?\bin\s+power\s+"
        r"(?:in\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+)?since\b",
    ),
    (
        "agreement",
        "agreement",
        # "the movements that signed the 2015 agreement" describe a party, they report nothing
        rf"(?<!that\s)(?<!which\s)(?<!who\s)(?<!qui\s)"
        rf"\b(?:signed|initiall?ed|adopted|signe|signent|signerent|paraphe|ont\s+signe)\b"
        rf"[^.;]{{0,80}}?\b{_TREATY_NOUNS}|"
        rf"\b{_TREATY_NOUNS}s?\b[^.;]{{0,60}}?\b(?:was|were|been|a\s+ete|ont\s+ete)\s+"
        r"(?:signed|initiall?ed|adopted|signe|signes|signee|paraphe)\b|"
        r"\b(?:denounced|denouncing|revoked|terminated|tore\s+up|scrapped|denonce|denoncent|abroge|rompu|"
        r"revoque)\s+(?:[\w'-]+\s+){0,5}?(?:agreements?|accords?|pacts?|treaty|treaties|pactes?|"
        r"traites?|conventions?)\b|"
        # "announced the end of the 2015 agreement", "a annonce la fin de l'accord"
        r"\b(?:announced|declared|annonce|annoncent|declare)\s+(?:[\w'-]+\s+){0,4}?(?:the\s+|la\s+)?"
        r"(?:end|termination|fin)\b[^.;]{0,40}?\b(?:of|de)\s+(?:[\w'-]+\s+){0,6}?"
        r"(?:agreements?|accords?|pacts?|treaty|treaties|"
        r"pactes?|traites?)\b",
    ),
    (
        "air_strike",
        "remote_violence",
        r"\bdrone\s+(?:strikes?|attacks?)\b|\bair\s*-?\s*strikes?\b|\bairstrikes?\b|"
        r"\baerial\s+(?:bombardment|strikes?|attacks?)\b|\bfrappes?\s+(?:aeriennes?|de\s+drones?)\b|"
        r"\bfrappe\s+aerienne\b|\bbombardements?\b|\bbombarde\b|\bbombed\b|\bbombing\s+raids?\b|"
        r"\bhelicopter\s+(?:strikes?|fire)\b|\bdrones?\s+(?:struck|hit|targeted|fired)\b|"
        # "a drone operated by the army struck a market": the strike, however far its verb
        r"\bdrones?\b[^.;]{0,60}?\b(?:struck|hit|targeted|fired\s+on|bombed)\b|"
        r"\bdrone\s+a\s+(?:frappe|cible)\b|\bhelicopters?\s+(?:raid|attack|gunships?)\b|"
        r"\braids?\s+(?:d'|de\s+)?(?:helicopteres?|aeriens?)\b|\b(?:ont|a)\s+(?:ensuite\s+)?frappe\s+"
        r"(?:[\w'-]+\s+){0,3}?(?:objectifs|positions|cibles|bases|colonnes?)\b|"
        r"\bstruck\s+(?:[\w'-]+\s+){0,3}?(?:targets|positions)\b|"
        r"\b(?:air\s+force|drone|military|army|aerial|helicopter)\s+strikes?\b|"
        # "the air force carried out strikes on ...", "strikes against terrorist positions"
        r"\b(?:carried\s+out|conducted|launched)\s+(?:a\s+|an\s+|several\s+|new\s+|)"
        r"(?:[\w-]+\s+){0,2}?strikes?\b(?!\s+(?:by|of)\s+(?:teachers|workers|unions))|"
        r"\bstrikes?\s+(?:against|on|targeting)\s+(?:[\w'-]+\s+){0,3}?(?:positions?|targets?|"
        r"bases?|hideouts?|camps?|convoys?|fighters|militants|terrorists|jihadists)\b|"
        # "its aircraft destroyed a terrorist hideout", "un aeronef a frappe"
        r"\b(?:aircraft|planes?|jets?|warplanes?|fighter\s+jets?|aeronefs?|avions?|vecteurs?\s+"
        r"aeriens?)\b[^.;]{0,60}?\b(?:destroyed|struck|hit|bombed|targeted|neutrali[sz]ed|"
        r"detruit|frappe|neutralise|cible)\b",
    ),
    (
        "shelling",
        "remote_violence",
        r"\bshell(?:ing|ed|s)\b|\bmortars?\b|\brockets?\b|\bobus\b|\bartillery\b|\bartillerie\b|"
        r"\btirs?\s+(?:de\s+)?(?:roquettes?|mortiers?|obus)\b|\broquettes?\b|\bmortiers?\b",
    ),
    (
        # a device defused or found before it went off: no explosion (ACLED's "disrupted
        # weapons use", a strategic development)
        "disrupted_weapons",
        "other",
        r"\b(?:defused|dismantled|disarmed|deactivated|neutrali[sz]ed|found|discovered|"
        r"desamorce|desamorces|neutralise|neutralises|decouvert|decouverts)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:(?<![a-z])ieds?\b|improvised\s+explosive\s+devices?|explosive\s+devices?|landmines?|"
        r"engins?\s+explosifs?|mines?\s+artisanales?|eei)",
    ),
    (
        "ied",
        "remote_violence",
        r"(?<![a-z])ieds?\b|\bvbied\b|\bimprovised\s+explosive\s+devices?\b|"
        r"\bexplosive\s+devices?\b|\blandmines?\b|\broadside\s+bombs?\b|\bmines?\s+(?:blast|explosion)\b|"
        r"\bengins?\s+explosifs?\b|\beei\b|\bmines?\s+artisanales?\b|\bhit\s+a\s+mine\b|"
        r"\bstruck\s+a\s+mine\b|\bsaute\s+sur\s+une\s+mine\b|\bcar\s+bombs?\b|\bsuicide\s+"
        r"(?:bomb(?:er|ers|ing|ings)?|attacks?|car)\b|\bkamikazes?\b|\bvehicule\s+piege\b|"
        r"\bexplosion\b|\bexploded\b|\b(?:device|bomb|mine|charge)s?\s+went\s+off\b|\bblew\s+(?:himself|herself|themselves|itself)\s+up\b|"
        r"\bdetonated\b|\bs'est\s+fait\s+exploser\b|\b(?:homemade|home-made|roadside)\s+bombs?\b|"
        r"\bbombs?\s+(?:struck|exploded|went\s+off|hit)\b|\bbombes?\s+artisanales?\b",
    ),
    (
        "riot",
        "other",
        # crowds that burn, stone or ransack: a riot, not an armed attack
        r"\b(?:crowds?|mobs?|rioters|protesters|demonstrators|youths|supporters|"
        r"manifestants|foule|jeunes)\b[^.;]{0,120}?\b(?:torched|set\s+fire|stormed|broke\s+into|"
        r"set\s+(?:it|them|[\w-]+)\s+(?:alight|ablaze)|"
        r"set\s+(?:[\w-]+\s+){0,4}?on\s+fire|setting\s+(?:[\w-]+\s+){0,4}?"
        r"fire|set\s+fires|burn(?:ed|t|ing)|rampag\w*|threw\s+stones|stoned|ransack\w*|loot(?:ed|ing)|"
        r"attacked|blocked|stopped|erected\s+barricades|incendie|saccage)\b|"
        r"\brampag(?:ed|ing|e)\b|\bthrew\s+stones\b|\bstone-throwing\b|\brioted\b",
    ),
    (
        "armed_clash",
        "battle",
        r"\bclash(?:es|ed)?\b|\bskirmish(?:es|ed)?\b|\bfirefights?\b|\bexchanged?\s+fire\b|"
        r"\bexchanges?\s+of\s+fire\b|\bgunfight\b|\bgun\s+battle\b|"
        r"\b(?:heavy|fierce|violent|new|renewed|intense)\s+fighting\b|"
        r"\bfighting\s+(?:broke\s+out|erupted|took\s+place|between|raged)\b|"
        r"\bbattle\s+(?:for|of)\b|\baffrontements?\b|\baccrochages?\b|\bcombats?\b(?!\s+contre\s+le\s+terrorisme)|"
        r"\bs'?affronte(?:nt|rent)?\b|\bechanges?\s+de\s+tirs\b|\brepelled\b|\brepulsed\b|"
        r"\brepousse(?:s|e|es|r)?\b|\briposte\b|\bengaged\s+(?:in\s+)?(?:combat|fighting)\b|"
        r"\bfought\s+(?:each\s+other|one\s+another|with|against|near|in|at|around|for|over)\b|"
        r"\b(?:fought|engag(?:ed|ing))\s+(?:[\w'-]+\s+){0,2}?(?:militants|jihadists|fighters|"
        r"rebels|troops|soldiers|forces|army|gunmen|assailants|aqim|jnim|gsim|isgs|issp|mnla|"
        r"mujao|fama|vdp|cma|csp(?:-[a-z]+)?)\b",
    ),
    (
        "ambush",
        "battle",
        r"\bambush(?:es|ed)?\b|\bembuscades?\b|\btendu\s+une\s+embuscade\b",
    ),
    (
        "shot_down",
        "battle",
        r"\bshot\s+down\b|\babattu\s+un\s+(?:avion|helicoptere|drone|appareil)\b",
    ),
    (
        "territory_taken",
        "battle",
        r"\b(?:captured|seized|took\s+control\s+of|retook|retaken|recaptured|overran|overrun|"
        r"overrunning|took)\s+"
        r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:town(?!\s+hall)|city(?!\s+hall)|base|camp|locality|"
        r"village|stronghold|positions?|military\s+post|post|garrison|airport)\b|\btook\s+control\s+of\s+it\b|"
        r"\b(?:had\s+been|was|been)\s+retaken\b|\bretaken\s+(?:the\s+)?(?:town|city)\b|"
        r"\b(?:pris|repris)\s+(?:[\w'-]+\s+){0,5}?(?:le\s+)?controle\b|\bregain(?:ed)?\s+control\s+of\b|"
        r"\b(?:taken|seized|seize|gained|gain|took|take|wrested|assumed)\s+(?:full\s+|total\s+|"
        r"complete\s+)?control\s+of\b|"
        # "drove them out of town" in a car is no conquest: the object is a force, not a pronoun
        r"\b(?:drove|driven|chased|pushed|forced)\s+(?!(?:them|him|her)\b)(?:[\w'-]+\s+){1,4}?out\s+of\b|"
        r"\bfell\s+(?:in)?to\s+(?:the\s+hands\s+of\s+)?(?:the\s+)?(?:[\w'-]+\s+){0,3}?"
        r"(?:militants|jihadists|rebels|islamists|fighters|insurgents|army|troops|forces|mnla|"
        r"mujao|aqim|jnim|gsim|ansar|isgs|cma|csp(?:-[a-z]+)?)\b|"
        r"\btomb(?:e|ee|es|ees)\s+(?:aux|entre\s+les)\s+mains\b|\bpass(?:e|ee)\s+sous\s+(?:le\s+)?"
        r"controle\b|"
        r"\bretook\s+(?:control\s+of\s+)?|\brecaptured?\b|\breprise\s+de\b|\bs'?(?:est|sont)\s+empares?\b|\bemparer\b|"
        r"\bprise\s+de\s+(?:la\s+ville|la\s+localite|la\s+base|du\s+camp)\b|"
        r"\b(?:chased|drove|driven|expelled|pushed)\s+(?:[\w-]+\s+){0,4}?(?:from|out\s+of)\s+"
        r"(?:its|their|the|his)\s+(?:[\w-]+\s+){0,2}?(?:stronghold|town|city|base|camp|"
        r"positions?|bastion)\b",
    ),
    (
        "attack_on_military",
        "battle",
        # "stormed the village" is an attack whose target decides its kind; a base, a battle
        rf"\b(?:hit|struck|raided|stormed|overran|overrunning)\s+(?:a|an|the|their|its|two|several)?\s*"
        rf"(?:[\w'/-]+\s+){{0,3}}?{_MIL_TARGET}\b|"
        rf"\battack(?:s|ed|ing)?\s+(?:on\s+|against\s+)?(?:a|an|the|their|its|two|several)?\s*"
        rf"(?:[\w'-]+\s+){{0,3}}?{_MIL_TARGET}\b|"
        rf"\battaques?\s+(?:contre|d'|de)\s*(?:un|une|le|la|les|l'|des|deux)?\s*"
        rf"(?:[\w'-]+\s+){{0,3}}?{_MIL_TARGET}\b|"
        rf"\b(?:ont|a)\s+attaque\s+(?:un|une|le|la|les|l'|des|deux)?\s*(?:[\w'-]+\s+){{0,3}}?"
        rf"{_MIL_TARGET}\b",
    ),
    (
        "mass_killing",
        "violence_against_civilians",
        r"\bmassacr(?:e|es|ed|ing)\b|\bmassacres?\b|\btueries?\b|\bexecuted\b|\bexecutions?\b|"
        r"\bexecute(?:s|es)?\b|\bsummarily\b|\begorge(?:s|es)?\b|\bslaughtered\b|"
        r"\bkill(?:ed|ing)\s+(?:(?!(?:and|et|but|while)\b)[\w-]+\s+){0,4}?(?:civilians|villagers|herders|farmers|"
        r"worshippers|traders|people|residents|inhabitants)\b|\bcivilians\s+(?:were|have\s+been|had\s+been)\s+killed\b|"
        r"\btue\s+(?:[\w-]+\s+){0,3}?(?:civils|villageois|eleveurs|personnes|habitants)\b",
    ),
    (
        "release",
        "other",
        r"(?<!videos\s)(?<!video\s)(?<!images\s)(?<!footage\s)"
        r"\b(?:freed|released|liberes?|liberees?|relaches?)\b(?!\s+(?:a\s+)?(?:statement|"
        r"communique|video|report))|\b(?:release|liberation)\s+of\s+(?:the\s+)?(?:hostages?|"
        r"[\w-]+\s+hostages?)\b|\bliberation\s+(?:de|des|du)\b",
    ),
    (
        "abduction",
        "violence_against_civilians",
        r"\babduct(?:ed|ing|ion|ions|s)?\b|\bkidnapp?(?:ed|ing|ings?|s)?\b|"
        r"\btaken\s+hostage\b|\bhostages?\b|\benlev(?:e|es|ee|ees|ement|ements)\b|"
        r"\brapts?\b|\bpris\s+en\s+otage\b|\bprises?\s+d'otages?\b|\benleve\b|"
        r"\bsnatch(?:ed|ing)\b|\btook\s+(?:[\w'-]+\s+){1,8}?from\s+(?:their|his|her)\s+"
        r"(?:home|house|compound|car|vehicle)\b|"
        r"\bseized\s+(?:[\w'-]+\s+){0,3}?(?:journalists?|hostages?|teachers?|aid\s+workers?|"
        r"nationals?|citizens?|priests?|nuns?|tourists?|engineers?|workers?|mayors?|officials?|"
        r"women|men|people|civilians|traders|passengers|drivers?|villagers|children)\b|"
        r"\b(?:was|were)\s+(?:seized|snatched|taken\s+away)\s+(?:[\w'-]+\s+){0,5}?by\s+"
        r"(?:[\w'-]+\s+){0,3}?(?:men|gunmen|individuals|militants|assailants)\b",
    ),
    (
        "attack",
        None,
        r"\battack(?:ed|s|ing)?\b|\braid(?:ed|s)?\b|\bassault(?:ed|s)?\b|\bstormed\b|"
        r"\bopened\s+fire\b|\bshot\s+dead\b|\bfired\s+(?:on|at|upon|into)\b|"
        r"\b(?:wounded|injured|blesse(?:s|e|es)?)\s+(?:[\w-]+\s+){0,2}?(?:by|par)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:bullets?|gunfire|gunmen|shots|balles?|tirs|assailants)\b|"
        r"\bmachine-?gunn(?:ed|ing)\b|\bflogg(?:ed|ing)\b|\bwhipped\b|\btortured\b|"
        r"\bbod(?:y|ies)\s+of\b[^.;]{0,80}?\bfound\b|\bfound\s+dead\b|"
        r"\bshot\s+(?:the|a|an|his|her|their|two|three|four|five|\d+)\s|\bsprayed\s+(?:[\w-]+\s+)?(?:gunfire|bullets)\b|"
        r"\bshooting\s+(?:dead\s+)?(?:the\s+)?(?:men|people|civilians|villagers|residents|"
        r"worshippers|passengers)\b|\bhouse\s+to\s+house\b|\bgunned\s+down\b|\bkill(?:ed|ing|s)\b|"
        r"\bmurdered\b|\bassassinat(?:ed|ion)?\b|\battaqu(?:e|es|ee|ees|ent|erent|ant)\b|"
        r"\bassauts?\b|\bouvert\s+le\s+feu\b|\btue(?:s|e|es)?\b|\btuant\b|\babattu(?:s|e|es)?\b|"
        r"\bassassine(?:s|e|es)?\b|\bneutralis(?:ed|e|es|ant|er)\b|\bcible\s+d'une\s+attaque\b|"
        r"\b(?:a|ont|avait|avaient)\s+vise\b(?!\s+a\b)|\bvise\s+par\b|\bs'en\s+sont\s+pris\b|\bpris\s+pour\s+cible\b|\bincursions?\b|"
        r"\bburn(?:ed|t)\s+(?:down\s+)?(?:the\s+)?(?:village|houses|homes|market)\b|"
        r"\bincendi(?:e|es|ees|erent|ant)\b|\bset\s+(?:fire\s+to|on\s+fire)\b",
    ),
    (
        "protest",
        "other",
        r"\bprotest(?:ed|ers|s|ing)?\b|\bdemonstrat(?:ion|ions|ors|ed)\b|\bmarched\b|\brally\b|"
        r"\brall(?:ied|ies|ying)\b|\btook\s+to\s+the\s+streets\b|\bmassed\b|"
        r"\bmanifest(?:ation|ations|ants|e|erent)\b|\bmarche\s+(?:de\s+protestation|pacifique)\b|"
        r"\bsit-in\b|\bgreve\b|\btear\s*gas\b|\bgaz\s+lacrymogenes?\b|\bstrike\s+(?:by|of)\s+(?:teachers|workers|unions)\b",
    ),
    (
        "withdrawal",
        "withdrawal",
        r"\bwithdrawal\s+of\b|\bwithdr(?:ew|awn|aws|aw|awing)\s+from\s+"
        rf"(?!(?:the\s+)?(?:[\w-]+\s+){{0,3}}?(?:{_TREATY_NOUNS}|deal|talks)\b)|"
        r"\bpull(?:ed|s|ing)?\s+(?:[\w'-]+\s+){0,4}?out\s+of\b|\bpullout\b|\b(?:leave|left|leaving)\s+the\s+country\b|"
        r"\bleft\s+(?:mali|niger|burkina(?:\s+faso)?|chad|ecowas)\b|"
        r"\b(?:troops|soldiers|forces|contingent|detachment)\b[^.;]{0,40}?\bfl(?:ew|own)\s+out\s+of\b|"
        # "the last detachment left Gao": a force leaving a place
        r"\b(?:troops|forces|detachment|contingent|soldiers|mission|peacekeepers|convoy)\s+"
        r"(?:[\w'-]+\s+){0,3}?left\s+(?:the\s+)?(?:base\s+(?:of|at|in)\s+|town\s+of\s+|camp\s+(?:of|at)\s+)?"
        r"(?!(?:behind|dead|wounded|the\s+area\s+after|at\s+least|one|two|three|four|five|six|"
        r"seven|eight|nine|ten|several|dozens|many|some|no)\b)[a-z]|"
        r"\bquitt(?:e|ent|aient|er|ait|ent|erent)\s+(?:la\s+|le\s+|l')?(?:cedeao|ecowas|mali|"
        r"niger|burkina|pays|minusma|g5)\b|\b(?:leave|leaving|exit\s+from|withdraw\s+from)\s+"
        r"(?:ecowas|the\s+bloc|the\s+g5)\b|"
        r"\bdeparture\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:troops|forces|soldiers|mission|contingent)\b|\bretrait\s+(?:de|du|des)\b|"
        r"\bse\s+(?:sont\s+)?retire(?:s|nt)?\b|\bdepart\s+(?:de|du|des)\s+(?:la\s+)?"
        r"(?:force|mission|troupes|soldats|minusma|barkhane|forces)\b",
    ),
    (
        "handover",
        "territory_transfer",
        r"\bhanded\s+over\b|\bhanded\s+(?:back\s+)?to\s+the\s+(?:[\w'-]+\s+){0,2}?(?:army|armed\s+forces|"
        r"authorities|military|forces|troops)\b|\bhanded\s+back\b|\bhanded\s+(?:[\w'-]+\s+){1,3}?over\s+to\b|\bhandover\s+of\b|\bhanding\s+over\b|\bceded\b|"
        r"\btransferr?(?:ed|ing)\s+(?:the\s+)?(?:management\s+of\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:camps?|bases?)\b|\bretrocession\b|\bretrocede\b|\bremis\s+(?:le\s+camp|la\s+base)\b",
    ),
    (
        "defection",
        "defection",
        r"\bdefect(?:ed|ion|ions)\b|\bsplit\s+(?:from|with|off)\b|"
        r"\brallied\s+(?:to|behind)\b|\bbroke\s+away\b|\bfait\s+defection\b|\brallie\b|"
        r"\bralliement\b|\bdissidence\b|\bscission\b|\bmerger\b|\bmerged\s+(?:into|under)\b|"
        r"\bfusion\b",
    ),
    (
        "meeting",
        "meeting",
        r"\bmet\s+with\b|\bmeetings?\b|\btalks\b|\bsummit\b|\bnegotiations?\b|"
        r"\bdelegations?\s+(?:visited|(?:was|were)\s+in)\b|\breunions?\b|\bsommet\b|"
        r"\bpourparlers\b|\bnegociations\b|\brencontre\b|\bs'est\s+entretenu\b|\ba\s+recu\b|"
        r"\bled\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?delegation\b|\bvisit(?:ed)?\s+(?:to\s+)?"
        r"(?:the\s+)?(?:area|region|town|site|capital)\b|\bvisite\s+(?:de\s+travail|officielle)\b",
    ),
    (
        "decision",
        "other",
        r"\bstate\s+of\s+emergency\b|\betat\s+d'urgence\b|\bnational\s+mourning\b|"
        r"\bdeuil\s+national\b|\bcurfew\b|\bcouvre-feu\b|\bdissol(?:ved|ution|u|ue|us)\b|"
        r"\bsuspend(?:ed|u|ue|us)\b|\bsuspension\s+(?:of|des|de)\b|\bexpel(?:led)?\b|"
        r"\bexpulse\b|\bexpulsion\b|\bblockade\b|\bblocus\b|\bdecreed\b|\bdecrete\b|"
        r"\b(?:imposed|put|placed)\s+(?:a\s+)?blockade\b|\bblockaded\s+(?:the\s+)?(?:town|city|road|village)\b|"
        r"\bmutin(?:y|ied|ies|erie|es)\b|\bplaced\s+in\s+detention\b|\bplace\s+en\s+detention\b|"
        r"\babrogat(?:ed|ion)\b|\bbanned\b|\binterdit\b|"
        r"\b(?:imposed|lifted|levee?s?|impose(?:es)?)\s+(?:[\w'-]+\s+){0,3}?(?:sanctions|embargo)\b|"
        r"\b(?:recalled|summoned|convoque|rappele)\s+(?:[\w'-]+\s+){0,3}?(?:ambassadors?|ambassadeurs?|"
        r"envoys?)\b",
    ),
    (
        "looting",
        "other",
        r"\bloot(?:ed|ing)\b|\bpillag(?:e|ed|ing)\b|\bpille(?:s|e|es|rent)?\b|"
        r"\bstole\b|\bstolen\b|\brustl(?:ed|ing)\b|\bvol\s+de\s+betail\b|\bemporte\b|"
        r"\bdestroyed\s+(?:a\s+|the\s+)?(?:telecommunications?|mast|antenna|bridge|school)\b|"
        # property destruction: "torched the house of a chief", "burned shops"
        r"\bburn(?:ed|t)\s+(?:[\w',-]+\s+){0,5}?(?:vehicles?|trucks?|cranes?|generators?|"
        r"machines?|equipment|tankers?)\b|\btorch(?:ed|es|ing)?\b|\b(?:tear(?:ing|s)?|tore|torn)\s+down\b|\bdemolish(?:ed|ing)\b|\bset\s+ablaze\b|\bburn(?:ed|t|s|ing)?\s+(?:down\s+)?"
        r"(?:[\w'-]+\s+){0,3}?(?:houses?|homes?|huts?|granar(?:y|ies)|shops?|schools?|"
        r"town\s+hall|church|mosque|vehicles?|trucks?|crops|fields|property)\b",
    ),
    (
        "arrest",
        "other",
        r"\barrest(?:ed|s)?\b|\bdetained\b|\binterpell(?:e|es|ation)\b|\barrete(?:s|e|es)?\s+"
        r"(?!(?:portant|ministeriel|du|de\s+la))|\barrestations?\b|\bapprehended\b",
    ),
    (
        "mob_violence",
        "other",
        r"\blynch(?:ed|ing)\b|\bmob\b|\bturned\s+on\b|\blynchage\b|\bvindicte\s+populaire\b|\brioters?\b|"
        r"\briots?\b|\bemeutes?\b",
    ),
)
_TRIGGERS = tuple((sub, kind, re.compile(p)) for sub, kind, p in _ROWS)

# What the generic "attack" hits: soldiers and posts make a battle, civilians a VAC.
_MILITARY_TARGET = re.compile(rf"\b{_MIL_TARGET}\b|\bgendarmes?\b|\bpolice\b|\bpoliciers\b")
_CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|villagers?|village|villages|market|marche|herders?|farmers?|worshippers|"
    r"mosque|church|eglise|school|ecole|passengers|bus|traders?|miners?|gold\s+mine|site\s+d'orpaillage|"
    r"civils?|villageois|eleveurs?|bergers?|agriculteurs?|fideles|mosquee|commercants?|"
    r"population|populations|habitants|residents|displaced|deplaces|wedding|mariage|"
    r"teachers?|enseignants?|chief|chef\s+(?:de\s+)?village|imam|family|famille|women|femmes|"
    r"children|enfants|people|personnes|settlements?|hamlets?|campements?|hameaux?|"
    r"(?<!armed\s)(?<!masked\s)(?<!unidentified\s)men|hommes(?!\s+armes)|"
    r"localites?|customers|clients|guests|hotel|restaurant|cafe|journalists?|aid\s+workers?|"
    r"hostages?|buses|vehicle\s+(?:carrying|taking)|boat|unarmed|preachers?|pilgrims?|students?|"
    r"doctors?|nurses?|patients?|priests?|nuns?|tourists?|engineers?|geologists?|mourners?|"
    r"drivers?|shepherds?|pelerins?|eleves?|etudiants?|protesters?|demonstrators?|manifestants?|"
    r"marchers|crowds?|foule|youths)\b"
)


def find_triggers(folded: str) -> list[Trigger]:
    """Every lexicon match of a folded sentence, in row order (the first is the strongest)."""
    found = []
    for sub, kind, pattern in _TRIGGERS:
        for m in pattern.finditer(folded):
            found.append(Trigger(sub, kind, m.start(), m.end(), m.group()))
    return found


# "the convoy was attacked", "a ete la cible d'une attaque": the target comes first.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|a\s+ete|ont\s+ete|la\s+cible|the\s+target|victims?\s+of|"
    r"victimes?\s+d)\b[^.;]{0,40}$"
)


def violence_kind(folded: str, has_state_force: bool, after: int = 0) -> EventKind:
    """The kind of a generic attack or killing, from its target: soldiers or a military post
    -> battle; civilians, a village or a market -> violence against civilians; otherwise a
    battle when state forces take part, else violence against civilians. The words after the
    trigger (``after``) name the target first: in "soldiers killed residents" the soldiers
    are the attackers."""
    passive = _PASSIVE_BEFORE.search(folded[max(0, after - 60) : after])
    military = None if passive else _MILITARY_TARGET.search(folded, after)
    civilian = None if passive else _CIVILIAN_TARGET.search(folded, after)
    if not (military or civilian):
        military = _MILITARY_TARGET.search(folded)
        civilian = _CIVILIAN_TARGET.search(folded)
    if military and not civilian:
        return "battle"
    if civilian and not military:
        return "violence_against_civilians"
    if military and civilian:
        return "battle" if military.start() < civilian.start() else "violence_against_civilians"
    return "battle" if has_state_force else "violence_against_civilians"
