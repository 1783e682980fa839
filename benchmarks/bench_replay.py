"""Time `extractor eval` on the seeds as a user runs it: a cold process each time, wall clock.

For each prompt version with recorded responses (tests/cassettes/eval/<name>-<version>):

    extractor eval --prompt name@version --replay -q

and the model-free run, `extractor eval --backend candidates -q`. Each command runs
--runs times after one untimed run that warms the OS file cache; the median is
printed, and for the replayed runs whether it is under the target (4 s on a 2-core machine).
Other load on the machine inflates wall clock: compare runs made on an idle machine.

    .venv/bin/python benchmarks/bench_replay.py [--runs 5] [--target 4.0]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes" / "eval"
EXTRACTOR = Path(sys.executable).with_name("extractor")


def recorded_versions() -> list[str]:
    """name@version of every prompt with recorded responses, e.g. extract@v4."""
    return sorted(p.name.replace("-", "@", 1) for p in CASSETTES.iterdir() if p.is_dir())


def wall_clock(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(EXTRACTOR), *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def median_seconds(args: list[str], runs: int) -> float:
    wall_clock(args)  # warm-up: the OS file cache, not the process (each run is a new one)
    return statistics.median(wall_clock(args) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--target", type=float, default=4.0, help="seconds, replayed runs")
    options = parser.parse_args()
    print(f"median wall clock of {options.runs} cold runs, seeds")
    for prompt in recorded_versions():
        seconds = median_seconds(["eval", "--prompt", prompt, "--replay", "-q"], options.runs)
        verdict = f"{'under' if seconds < options.target else 'OVER'} {options.target:g} s"
        print(f"  eval --prompt {prompt} --replay  {seconds:5.2f} s  ({verdict})")
    seconds = median_seconds(["eval", "--backend", "candidates", "-q"], options.runs)
    print(f"  eval --backend candidates        {seconds:5.2f} s")


if __name__ == "__main__":
    main()
