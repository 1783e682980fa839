"""Score `extractor consolidate` on the seeds: does it merge exactly the events that report
the same happening (evals/seed_happenings.yaml, labelled by hand from gold/*.yaml)?

Runs the merge on the gold events themselves (the merge alone, with perfect extraction), on
the model-free candidates backend, and on every prompt whose recorded answers still replay;
prints pair precision / recall / F1 (extractor/evaluation/consolidation.py says how pairs
are counted).

    .venv/bin/python benchmarks/bench_consolidation.py [--gold gold --seeds seeds
        --happenings evals/seed_happenings.yaml]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor import backends
from extractor.cli.evaluate import CASSETTES
from extractor.consolidate import consolidate
from extractor.evaluation import runner
from extractor.evaluation.consolidation import (
    DEFAULT_HAPPENINGS,
    load_happenings,
    score_consolidation,
)
from extractor.evaluation.harness import load_gold
from extractor.prompts import available_prompts
from extractor.records import RunRecord


def _sources(gold_dir: Path, seeds: Path) -> list[tuple[str, list[RunRecord] | str]]:
    gold = load_gold(gold_dir)
    out: list[tuple[str, list[RunRecord] | str]] = [
        ("gold events", [RunRecord(article=a, status="ok", extraction=g) for a, g in gold.items()])
    ]
    articles = runner.load_articles(seeds, gold_dir)
    config = backends.config_from()
    candidates = runner.run_extractions(articles, config, "", backend="candidates")
    out.append(("candidates (no model)", candidates))
    for prompt in available_prompts():
        try:
            out.append(
                (
                    f"{prompt} (replay)",
                    runner.run_extractions(
                        articles, config, prompt, mode="replay", cassettes=CASSETTES
                    ),
                )
            )
        except runner.EvalError as exc:  # a recording that no longer matches the request
            out.append((f"{prompt} (replay)", f"not replayable: {str(exc)[:60]}…"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--happenings", type=Path, default=DEFAULT_HAPPENINGS)
    args = parser.parse_args()
    gold = load_gold(args.gold)
    happenings = load_happenings(args.happenings)
    print(f"{'source':<28} {'events':>6} {'paired':>6} {'groups':>6}  pairs P / R / F1")
    for name, records in _sources(args.gold, args.seeds):
        if isinstance(records, str):
            print(f"{name:<28} {records}")
            continue
        _, events, groups = consolidate([(name, records)])
        s = score_consolidation(events, groups, gold, happenings)
        p = s["pairs"]
        print(
            f"{name:<28} {s['events']:>6} {s['paired_with_gold']:>6} {s['happenings']:>6}  "
            f"{p['precision']:.3f} ({p['correct']}/{p['merged']}) / "
            f"{p['recall']:.3f} ({p['correct']}/{p['same']}) / {p['f1']:.3f}"
        )
        for pair in s["false_merges"]:
            print(f"    false merge: {pair}")
        for pair in s["missed_merges"]:
            print(f"    missed merge: {pair}")


if __name__ == "__main__":
    main()
