"""Regenerate tests/fixtures/batch/: a prepared batch, and its output from the real model.

Prepares two short seed articles with the default prompt for the bundled model (each of them
cut into two chunks by a smaller context, so a multi-request article is covered), sends each
prepared body unchanged to the bundled SmolLM2 (llama.cpp) with httpx, and writes each answer
in the OpenAI Batch API output-line shape. Nothing in the output is written by hand.

    .venv/bin/python benchmarks/record_batch_fixture.py [--threads 1]   # minutes on 2 CPUs
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import backends, local  # noqa: E402
from extractor.articles import read_article  # noqa: E402
from extractor.batch import manifest_path, prepare  # noqa: E402
from extractor.prompts import DEFAULT_PROMPT, load_prompt  # noqa: E402
from extractor.schema import Article  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "batch"
SEEDS = ["004_aae4b5823b7ace62", "000_b403c17cf9c6620e"]
# Small enough that both seeds are cut into two chunks each, as a long article is (the
# answer gets a quarter of the context, 600 tokens, as in a live run).
CONTEXT_TOKENS = 2400


def articles() -> list[tuple[Article, str | None]]:
    loaded = []
    for seed in SEEDS:
        article = read_article(ROOT / "seeds" / f"{seed}.txt", cache={})
        assert isinstance(article, Article), article
        loaded.append((article, None))  # no source: the manifest keeps the text
    return loaded


def main() -> None:
    # llama.cpp's threads wait for each other at every token: on a machine shared with other
    # work, one thread is far faster than two (--threads 1).
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else None
    FIXTURES.mkdir(parents=True, exist_ok=True)
    prepared = FIXTURES / "prepared.jsonl"
    config = backends.BackendConfig(context_tokens=CONTEXT_TOKENS)  # the bundled model
    prepare(articles(), config, load_prompt(DEFAULT_PROMPT), prepared)
    lines = [json.loads(line) for line in prepared.read_text().splitlines()]
    print(f"{len(lines)} requests prepared in {prepared}, manifest {manifest_path(prepared)}")
    out = []
    with local.LocalServer(threads=threads) as server:
        for number, line in enumerate(lines, start=1):
            started = time.perf_counter()
            response = httpx.post(
                f"{server.base_url}/chat/completions", json=line["body"], timeout=900.0
            )
            body = response.json()
            took = time.perf_counter() - started
            status, usage = response.status_code, body.get("usage")
            print(f"{line['custom_id']}: HTTP {status} in {took:.1f}s, {usage}")
            ok = response.status_code == 200
            out.append(
                {
                    "id": f"batch_req_local_{number}",
                    "custom_id": line["custom_id"],
                    "response": {
                        "status_code": response.status_code,
                        "request_id": body.get("id", ""),
                        "body": body,
                    },
                    "error": None if ok else {"code": str(response.status_code), "message": ""},
                }
            )
    output = FIXTURES / "output.jsonl"
    output.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out))
    print(f"answers written to {output}")


if __name__ == "__main__":
    main()
