"""The bundled model's server dies with the CLI, even when the CLI is killed with SIGKILL,
and leaves no log file behind."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from extractor import local

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.split("/")[2]))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_cli_takes_the_server_with_it(tmp_path: Path) -> None:
    try:
        local.find_bundled_model()
        local.check_server_installed()
    except local.LocalModelUnavailable as error:
        pytest.skip(str(error))
    logs_before = set(glob.glob(os.path.join(tempfile.gettempdir(), "extractor-llama-*")))
    article = tmp_path / "a.txt"
    article.write_text("Malian soldiers clashed with JNIM fighters near Boni on Sunday.\n")
    cli = subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "extract", str(article), "--backend", "llm",
         "--published", "2024-05-06", "--out", str(tmp_path / "run.jsonl")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        servers: list[int] = []
        while time.monotonic() < deadline and not servers:
            servers = [
                pid
                for pid in _children(cli.pid)
                if b"llama_cpp.server" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
            time.sleep(0.2)
        assert servers, "the bundled server did not start"
        time.sleep(3)  # let it load the model and take the request
        cli.send_signal(signal.SIGKILL)
        cli.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(p) for p in servers):
            time.sleep(0.1)
        assert not any(_alive(p) for p in servers), "the server outlived the killed CLI"
    finally:
        if cli.poll() is None:
            cli.kill()
    logs_after = set(glob.glob(os.path.join(tempfile.gettempdir(), "extractor-llama-*")))
    assert logs_after == logs_before
