"""A run killed with SIGKILL at any moment resumes to exactly one record per article."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COUNT = 300


def _start(articles: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "extract", str(articles), "--published",
         "2024-05-06", "--out", str(out), "--no-show"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_kill_9_then_resume_gives_one_record_per_article(tmp_path: Path) -> None:
    articles = tmp_path / "archive"
    articles.mkdir()
    for i in range(COUNT):
        (articles / f"n{i:04d}.txt").write_text(
            f"On Sunday, JNIM fighters attacked an army post in Boulkessi, killing {i} soldiers.\n"
        )
    out = tmp_path / "run.jsonl"
    rng = random.Random(7)
    kills = 0
    for _ in range(3):  # killed three times at random moments, mid-run
        before = _lines(out)
        run = _start(articles, out)
        # Kill once the run has written a random number of new records (not after a fixed
        # time: the run's speed varies with the machine), tearing a write if it lands there.
        wanted = before + rng.randint(5, 60)
        while run.poll() is None and _lines(out) < wanted:
            time.sleep(0.005)
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            kills += 1
        run.wait()
    final = _start(articles, out)
    assert final.wait(timeout=600) == 0
    assert kills >= 1
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    per_article = Counter(r["article"] for r in records)
    assert set(per_article) == {f"n{i:04d}" for i in range(COUNT)}
    assert max(per_article.values()) == 1
    assert all(r["status"] == "ok" for r in records)
