"""Time the scorer on 1,000 synthetic (gold, prediction) article pairs of seed size.

Each gold article has about 12 actors, 3 treaties and 8 events; its prediction drops, adds,
renames (alias, acronym, typo, accents), re-dates, re-kinds and shuffles items. Building the
data is not timed; the timed part (wall clock, and CPU time of this process, which other
load on the machine does not inflate) is `extractor.evaluation.harness.score_dataset`
(matching, metrics, the per-item report; with the collector paused, as the CLI runs it) and,
separately, serialising the report to JSON.

    .venv/bin/python benchmarks/bench_scoring.py [--articles 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from typing import Literal

from extractor.cli.score import paused_gc
from extractor.evaluation.harness import Source, predictions_from_records, score_dataset
from extractor.evaluation.report import to_json
from extractor.records import QuoteAlignment, RunRecord, Usage
from extractor.schema import ACTOR_KINDS, TREATY_STATUSES, Extraction
from extractor.schema import EVENT_KINDS as SCHEMA_EVENT_KINDS
from extractor.schema import TREATY_KINDS as SCHEMA_TREATY_KINDS

# The schema's own enumerations, as lists for random.choice.
KINDS = list(ACTOR_KINDS)
TREATY_KINDS = list(SCHEMA_TREATY_KINDS)
STATUSES = list(TREATY_STATUSES)
EVENT_KINDS = list(SCHEMA_EVENT_KINDS)
PLACES = [
    "Tinzaouatene",
    "Kidal",
    "Gao",
    "Menaka",
    "Timbuktu",
    "Niamey",
    "Bamako",
    "Ouagadougou",
    "Tillaberi",
    "Djibo",
    "Mopti",
    "Segou",
    "Agadez",
    "Diffa",
]
COUNTRIES = ["ML", "NE", "BF", "FR", "RU", "DZ"]
SYLLABLES = [
    "ma",
    "li",
    "ni",
    "ger",
    "ka",
    "ta",
    "sa",
    "hel",
    "az",
    "wad",
    "ou",
    "ga",
    "do",
    "bou",
    "ra",
    "tin",
    "za",
    "ke",
    "lo",
    "mar",
    "sou",
    "fa",
    "ba",
    "ko",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _date(rng: random.Random) -> str:
    y, m, d = rng.choice([2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}"])


def _quote(rng: random.Random) -> str:
    return " ".join(_word(rng).lower() for _ in range(6))


def make_gold(rng: random.Random, article: str) -> dict:
    actors: list[dict] = []
    used: set[str] = set()
    while len(actors) < rng.randint(10, 14):
        name = " ".join(_word(rng) for _ in range(rng.choice([1, 2, 2, 3, 3, 4])))
        if name.lower() in used:
            continue
        used.add(name.lower())
        aliases = []
        if " " in name and rng.random() < 0.6:
            aliases.append("".join(w[0] for w in name.split()).upper())
        if rng.random() < 0.3:
            aliases.append(f"the {name.split()[-1]} forces")
        actors.append(
            {
                "name": name,
                "aliases": aliases,
                "kind": rng.choice(KINDS),
                "country": rng.choice(COUNTRIES),
                "evidence": [_quote(rng)],
            }
        )
    names = [a["name"] for a in actors]
    treaties = []
    for _ in range(rng.randint(2, 4)):
        parties = rng.sample(names, 2)
        date = _date(rng)
        treaties.append(
            {
                "name": f"{parties[0]}-{parties[1]} {rng.choice(TREATY_KINDS)}",
                "kind": rng.choice(TREATY_KINDS),
                "parties": parties,
                "status": rng.choice(STATUSES),
                "date": date,
                "evidence": [_quote(rng)],
            }
        )
    events = []
    for _ in range(rng.randint(6, 10)):
        fatalities = [{"count": rng.randint(1, 50)} for _ in range(rng.choice([0, 0, 1, 2]))]
        events.append(
            {
                "kind": rng.choice(EVENT_KINDS),
                "summary": "",
                "date": _date(rng),
                "location": rng.choice(PLACES),
                "country": rng.choice(COUNTRIES),
                "participants": rng.sample(names, rng.randint(1, 3)),
                "fatalities": fatalities,
                "evidence": [_quote(rng)],
            }
        )
    return {"article": article, "actors": actors, "treaties": treaties, "events": events}


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 7:
        j = rng.randrange(1, len(w))
        words[i] = w[:j] + w[j - 1] + w[j:]  # doubled letter
    return " ".join(words)


def perturb(gold: dict, rng: random.Random) -> dict:
    pred = json.loads(json.dumps(gold))
    dropped = {a["name"] for a in pred["actors"] if rng.random() < 0.12}
    pred["actors"] = [a for a in pred["actors"] if a["name"] not in dropped]
    renamed: dict[str, str] = {}
    for a in pred["actors"]:
        r = rng.random()
        if r < 0.15 and a["aliases"]:
            a["name"], a["aliases"] = a["aliases"][0], [a["name"], *a["aliases"][1:]]
        elif r < 0.25:
            new = _typo(a["name"], rng)
            renamed[a["name"]] = new
            a["name"] = new
        elif r < 0.32:
            a["name"] = a["name"].upper()
        elif r < 0.4:
            accented = a["name"].replace("e", "é").replace("a", "à")
            renamed[a["name"]] = accented
            a["name"] = accented
        if rng.random() < 0.1:
            a["kind"] = rng.choice(KINDS)
        if rng.random() < 0.1:
            a["evidence"] = [_quote(rng)]  # not in the text
    for _ in range(rng.randint(0, 2)):
        pred["actors"].append(
            {
                "name": _word(rng) + " " + _word(rng),
                "kind": rng.choice(KINDS),
                "evidence": [_quote(rng)],
            }
        )

    def refs(names: list[str]) -> list[str]:
        return [renamed.get(n, n) for n in names if n not in dropped]

    for t in pred["treaties"]:
        t["parties"] = refs(t["parties"])
        if rng.random() < 0.2:
            t["status"] = rng.choice(STATUSES)
    pred["treaties"] = [t for t in pred["treaties"] if rng.random() > 0.1]
    for e in pred["events"]:
        e["participants"] = refs(e["participants"])
        if rng.random() < 0.15:
            e["kind"] = rng.choice(EVENT_KINDS)
        if rng.random() < 0.15:
            e["date"] = _date(rng)
            e.pop("date_precision", None)
        if rng.random() < 0.1:
            e["location"] = rng.choice(PLACES)
    pred["events"] = [e for e in pred["events"] if rng.random() > 0.1]
    for _ in range(rng.randint(0, 2)):
        pred["events"].append(
            {
                "kind": rng.choice(EVENT_KINDS),
                "date": _date(rng),
                "location": rng.choice(PLACES),
                "evidence": [],
            }
        )
    for key in ("actors", "treaties", "events"):
        rng.shuffle(pred[key])
    return pred


def _grounding(extraction: Extraction, rng: random.Random) -> list[QuoteAlignment]:
    out = []
    for t in ("actors", "treaties", "events"):
        for i, item in enumerate(getattr(extraction, t)):
            for q, quote in enumerate(item.evidence):
                status: Literal["exact", "not_found"] = (
                    "not_found" if rng.random() < 0.1 else "exact"
                )
                found = status != "not_found"
                out.append(
                    QuoteAlignment(
                        path=f"{t}[{i}].evidence[{q}]",
                        quote=quote,
                        status=status,
                        start=0 if found else None,
                        end=len(quote) if found else None,
                        score=100.0 if found else 0.0,
                    )
                )
    return out


def build(n: int, seed: int) -> tuple[dict[str, Extraction], list[RunRecord]]:
    rng = random.Random(seed)
    gold, records = {}, []
    for k in range(n):
        article = f"{k:04d}_" + "".join(rng.choice(string.hexdigits[:16]) for _ in range(8))
        g = make_gold(rng, article)
        gold[article] = Extraction.model_validate(g)
        p = Extraction.model_validate(perturb(g, rng))
        records.append(
            RunRecord(
                article=article,
                status="ok",
                extraction=p,
                grounding=_grounding(p, rng),
                usage=Usage(total_tokens=1000),
                latency_s=1.0,
            )
        )
    return gold, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    gold, records = build(args.articles, args.seed)
    sizes = [(len(g.actors), len(g.treaties), len(g.events)) for g in gold.values()]
    mean = [sum(s[i] for s in sizes) / len(sizes) for i in range(3)]
    config = {"predictions": "synthetic", "git_commit": None}

    predictions = predictions_from_records(records)
    start, cpu = time.perf_counter(), time.process_time()
    with paused_gc():  # as the CLI scores
        report = score_dataset(gold, predictions, {}, source=Source.run(records), config=config)
    scored, scored_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    text = to_json(report)
    dumped = time.perf_counter() - start

    micro = report.metrics.micro
    print(
        f"{args.articles} article pairs, gold means: {mean[0]:.1f} actors, "
        f"{mean[1]:.1f} treaties, {mean[2]:.1f} events"
    )
    print("micro F1: " + ", ".join(f"{t} {m.f1 or 0.0:.3f}" for t, m in micro.items()))
    print(
        f"scoring: {scored:.2f} s wall, {scored_cpu:.2f} s CPU "
        f"({scored / args.articles * 1000:.2f} ms/article wall)"
    )
    print(f"JSON serialisation: {dumped:.2f} s ({len(text) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
