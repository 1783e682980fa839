"""Milliseconds per article of the model-free path (candidate stages + grounding): wall and CPU.

Runs `extractor.model_free.extract_model_free` on every seed article, after one warm-up
pass (spaCy's model load is paid once per worker, not per article), `--repeat` times.

    .venv/bin/python benchmarks/bench_model_free.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.articles import read_article  # noqa: E402
from extractor.model_free import extract_model_free  # noqa: E402
from extractor.schema import Article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = [read_article(p, cache={}) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    good = [a for a in articles if isinstance(a, Article)]
    started = time.perf_counter()
    for article in good:
        extract_model_free(article)
    warm_up = time.perf_counter() - started
    # CPU time is what capacity planning needs (core-hours), and it holds on a shared
    # machine where the wall time also counts the waits for a core.
    per_article, cpu = [], []
    for _ in range(args.repeat):
        for article in good:
            started, started_cpu = time.perf_counter(), time.process_time()
            extract_model_free(article)
            per_article.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    chars = statistics.mean(len(a.text) for a in good)
    print(f"{len(good)} seed articles (mean {chars:,.0f} characters), {args.repeat} passes; "
          f"first pass (spaCy load included) {warm_up:.1f} s")  # fmt: skip
    for name, values in (("wall", per_article), ("CPU", cpu)):
        print(f"{name} ms/article: median {statistics.median(values):.1f}, "
              f"mean {statistics.mean(values):.1f}, max {max(values):.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
