"""A fault-injecting HTTP proxy on loopback, in front of a real OpenAI-compatible server.

Each POST to .../chat/completions takes the next fault of the script (a list shared with the
test) and, when the script is empty, is forwarded to the upstream server unchanged; every
other request (GET /models) is forwarded. Faults are what real endpoints do: 429 with and
without Retry-After, 500, 503, a stall past the client's timeout, a connection closed with
no answer, a body cut short, a 200 whose body is not JSON, a 401 that echoes the key.
"replay_last" answers at once with the upstream's last real answer, so a test with a short
timeout does not wait for the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

FAULTS = (
    "429_retry_after", "429", "500", "503", "stall", "drop", "truncate", "not_json", "401_echo",
)  # fmt: skip


@dataclass
class Proxy:
    upstream: str  # e.g. http://127.0.0.1:PORT (no /v1)
    script: list[str] = field(default_factory=list)
    stall_s: float = 5.0
    chat_requests: int = 0
    port: int = 0
    last_answer: bytes = b""  # the upstream's last real answer, for "replay_last"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def _handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _forward(self, method: str, body: bytes | None) -> None:
            headers = {"Content-Type": "application/json"}
            answer = httpx.request(
                method, proxy.upstream + self.path, content=body, headers=headers, timeout=300
            )
            if method == "POST" and answer.status_code == 200:
                proxy.last_answer = answer.content
            self._send(answer.status_code, answer.content)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._forward("GET", None)

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if not self.path.endswith("/chat/completions"):
                self._forward("POST", body)
                return
            proxy.chat_requests += 1
            fault = proxy.script.pop(0) if proxy.script else None
            if fault is None:
                self._forward("POST", body)
            elif fault == "429_retry_after":
                self._send(429, b'{"error": {"message": "slow down"}}', {"Retry-After": "1"})
            elif fault == "429":
                self._send(429, b'{"error": {"message": "rate limited"}}')
            elif fault in ("500", "503"):
                self._send(int(fault), b'{"error": {"message": "server trouble"}}')
            elif fault == "replay_last":  # the model's last real answer, without the wait
                self._send(200, proxy.last_answer)
            elif fault == "stall":
                time.sleep(proxy.stall_s)
                self.close_connection = True
            elif fault == "drop":
                self.close_connection = True  # no status line at all
            elif fault == "truncate":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "5000")
                self.end_headers()
                self.wfile.write(b'{"id": "chatcmpl-1", "choices": [')
                self.close_connection = True
            elif fault == "not_json":
                self._send(200, b"<html>Bad gateway page</html>")
            elif fault == "401_echo":
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                message = f'{{"error": {{"message": "Incorrect API key provided: {key}"}}}}'
                self._send(401, message.encode())
            else:  # pragma: no cover - a typo in a test
                raise ValueError(f"unknown fault {fault!r}")

    return Handler


@contextmanager
def running(proxy: Proxy) -> Iterator[Proxy]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    server.daemon_threads = True
    proxy.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
