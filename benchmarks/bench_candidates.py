"""Milliseconds per article of the candidate stages (actors, then events and treaties).

Times `extractor.candidates.ner_extraction` and `extractor.event_candidates.find_event_candidates`
on the seed articles and on the development corpus (evals/corpus/dev/articles), after a
warm-up pass; the load of the spaCy models (English, and French for French articles) is timed
separately, in a fresh process as a user's first run pays it.

    .venv/bin/python benchmarks/bench_candidates.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import nlp  # noqa: E402
from extractor.articles import read_article  # noqa: E402
from extractor.event_candidates import find_event_candidates  # noqa: E402
from extractor.ner_baseline import ner_extraction  # noqa: E402
from extractor.schema import Article  # noqa: E402

SETS = {"seeds": ROOT / "seeds", "dev": ROOT / "evals" / "corpus" / "dev" / "articles"}


def _articles(folder: Path) -> list[Article]:
    cache: dict = {}
    found = [read_article(p, cache=cache) for p in sorted(folder.glob("*.txt"))]
    return [a for a in found if isinstance(a, Article)]


def _time(articles: list[Article], repeat: int) -> tuple[list[float], list[float]]:
    """Per-article milliseconds of the actor stage and of the event stage (median of runs)."""
    actor_ms: list[float] = []
    event_ms: list[float] = []
    for article in articles:
        a_runs, e_runs = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            items = ner_extraction(article.text, article.language)
            middle = time.perf_counter()
            find_event_candidates(article.text, article.published, items.actors, article.language)
            a_runs.append((middle - started) * 1000)
            e_runs.append((time.perf_counter() - middle) * 1000)
            nlp._parse.cache_clear()  # each run parses again, as a new article would
        actor_ms.append(statistics.median(a_runs))
        event_ms.append(statistics.median(e_runs))
    return actor_ms, event_ms


def _cold_start() -> float:
    """Seconds for a fresh process to import the stages, load the English model and extract
    one seed with events (what `extractor extract --backend candidates` pays once)."""
    code = (
        "import time; t=time.perf_counter();"
        "from extractor.event_candidates import candidate_items;"
        "import pathlib; text=pathlib.Path('seeds/000_b403c17cf9c6620e.txt').read_text();"
        "candidate_items(text, '2024-09-03', 'en'); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return float(out.stdout.strip() or "nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"cold start, one seed with events (s): {_cold_start():.2f}")
    for language in ("en", "fr"):
        started = time.perf_counter()
        nlp.load_pipeline(language)
        print(f"load {nlp.MODELS[language]} (s, warm process): {time.perf_counter() - started:.2f}")
    for name, folder in SETS.items():
        articles = _articles(folder)
        if not articles:
            print(f"{name}: no articles")
            continue
        for article in articles:  # warm-up
            ner_extraction(article.text, article.language)
        actor_ms, event_ms = _time(articles, args.repeat)
        total = [a + e for a, e in zip(actor_ms, event_ms, strict=True)]
        chars = statistics.mean(len(a.text) for a in articles)
        print(
            f"{name}: {len(articles)} articles, mean {chars:.0f} chars | ms per article: "
            f"actors {statistics.mean(actor_ms):.0f}, events {statistics.mean(event_ms):.0f}, "
            f"total mean {statistics.mean(total):.0f}, median {statistics.median(total):.0f}, "
            f"max {max(total):.0f}"
        )


if __name__ == "__main__":
    main()
