"""The built wheel works outside the repository: prompts and data are package data.

Builds the wheel, installs it (without dependencies) into a fresh virtual environment that
borrows the test environment's dependencies through a .pth file, and runs `extractor prompt
show` and `extractor extract` from a directory that is not the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "On Sunday, JNIM fighters attacked an army post in Boulkessi, killing four soldiers.\n"


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only the wheel's code
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )


def test_the_installed_wheel_runs_outside_the_repository(tmp_path: Path) -> None:
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist",
                 ROOT, cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("extractor-*.whl")
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                     "-q", wheel, cwd=tmp_path)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                cwd=tmp_path).stdout.strip()  # fmt: skip
    # The dependencies come from this test environment; the wheel's own `extractor` is found
    # first (the editable install's finder, if any, runs after the path search).
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    where = _run(python, "-c", "import extractor; print(extractor.__file__)", cwd=outside)
    assert where.stdout.startswith(site), where.stdout + where.stderr
    extractor = venv / "bin" / "extractor"

    shown = _run(extractor, "prompt", "show", "extract@v1", "a1.txt", cwd=outside)
    assert shown.returncode == 0, shown.stderr
    assert "Boulkessi" in shown.stdout
    listed = _run(extractor, "prompt", "list", cwd=outside)
    assert "extract@v4" in listed.stdout

    out = outside / "run.jsonl"
    ran = _run(extractor, "extract", "a1.txt", "--published", "2024-05-06", "--out", out,
               cwd=outside)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert '"status":"ok"' in out.read_text(encoding="utf-8")
