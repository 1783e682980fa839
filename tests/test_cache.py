"""The response cache, through a real openai client against a loopback chat server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openai
import pytest

from extractor.cache import CacheStats, cache_key, cached_http_client

API_KEY = "sk-test-secret-0123456789"


class ChatServer(ThreadingHTTPServer):
    """Answers every chat completion with a fixed body; `fail_next` makes the next one 500."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.requests: list[dict] = []
        self.fail_next = False


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if self.server.fail_next:
            self.server.fail_next = False
            self._send(500, {"error": {"message": "boom", "type": "server_error"}})
            return
        number = len(self.server.requests)
        self._send(
            200,
            {
                "id": f"chatcmpl-{number}",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": f"answer {number}"},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
            },
        )

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ChatServer]:
    chat = ChatServer()
    thread = threading.Thread(target=chat.serve_forever, daemon=True)
    thread.start()
    yield chat
    chat.shutdown()
    chat.server_close()


def _client(server: ChatServer, cache_dir: Path, enabled: bool = True, key: str = API_KEY):
    stats = CacheStats()
    http = cached_http_client(cache_dir, enabled, stats=stats)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return openai.OpenAI(base_url=base_url, api_key=key, http_client=http, max_retries=0), stats


def _ask(client: openai.OpenAI, content: str = "hello", **kwargs: object) -> str:
    params: dict = {"model": "m", "temperature": 0, "seed": 0, "max_tokens": 16, **kwargs}
    params = {k: v for k, v in params.items() if v is not None}
    completion = client.chat.completions.create(
        messages=[{"role": "user", "content": content}], **params
    )
    return completion.choices[0].message.content or ""


def test_identical_request_is_served_from_the_cache(server: ChatServer, tmp_path: Path) -> None:
    client, stats = _client(server, tmp_path)
    first = _ask(client)
    second = _ask(client)
    assert first == second == "answer 1"
    assert len(server.requests) == 1
    assert (stats.hits, stats.misses, stats.stored) == (1, 1, 1)


def test_the_cache_outlives_the_client(server: ChatServer, tmp_path: Path) -> None:
    client, _ = _client(server, tmp_path)
    _ask(client)
    client.close()
    again, stats = _client(server, tmp_path, key="sk-another-users-key")
    assert _ask(again) == "answer 1"
    assert len(server.requests) == 1 and stats.hits == 1


@pytest.mark.parametrize(
    "change",
    [
        {"content": "hello, again"},
        {"response_format": {"type": "json_object", "schema": {"type": "object"}}},
        {"temperature": 0.5},
        {"max_tokens": 17},
        {"model": "other"},
    ],
)
def test_a_changed_request_is_sent(server: ChatServer, tmp_path: Path, change: dict) -> None:
    client, stats = _client(server, tmp_path)
    _ask(client)
    assert _ask(client, **change) == "answer 2"
    assert len(server.requests) == 2 and stats.hits == 0


def test_an_error_is_not_cached(server: ChatServer, tmp_path: Path) -> None:
    client, stats = _client(server, tmp_path)
    server.fail_next = True
    with pytest.raises(openai.InternalServerError):
        _ask(client)
    assert _ask(client) == "answer 2"
    assert _ask(client) == "answer 2"
    assert len(server.requests) == 2
    assert (stats.misses, stats.stored, stats.hits) == (2, 1, 1)


def test_sampling_without_a_seed_is_never_cached(server: ChatServer, tmp_path: Path) -> None:
    client, stats = _client(server, tmp_path)
    _ask(client, temperature=0.7, seed=None)
    _ask(client, temperature=0.7, seed=None)
    assert len(server.requests) == 2 and stats.uncacheable == 2
    _ask(client, temperature=0.7, seed=3)
    _ask(client, temperature=0.7, seed=3)
    assert len(server.requests) == 3 and stats.hits == 1


def test_disabled_cache_sends_every_request(server: ChatServer, tmp_path: Path) -> None:
    client, stats = _client(server, tmp_path, enabled=False)
    _ask(client)
    _ask(client)
    assert len(server.requests) == 2 and stats.hits == 0
    assert not any(tmp_path.iterdir())


def test_no_credential_in_key_or_store(server: ChatServer, tmp_path: Path) -> None:
    client, _ = _client(server, tmp_path)
    _ask(client)
    _ask(client, content="two")
    client.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert b"answer 1" in stored  # what is stored is readable here, so a key would be too
    assert API_KEY.encode() not in stored
    assert b"Bearer" not in stored


def test_on_top_of_the_retrying_transport(server: ChatServer, tmp_path: Path) -> None:
    """A 500 retried into a 200 is stored once; the next identical call sends nothing."""
    from extractor.transport import RetryingTransport, RetryPolicy

    stats = CacheStats()
    retrying = RetryingTransport(policy=RetryPolicy(retries=1, base_delay_s=0.0))
    http = cached_http_client(tmp_path, True, stats=stats, transport=retrying)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    client = openai.OpenAI(base_url=base_url, api_key=API_KEY, http_client=http, max_retries=0)
    server.fail_next = True
    assert _ask(client) == _ask(client) == "answer 2"
    assert len(server.requests) == 2 and (stats.misses, stats.hits) == (1, 1)


def test_key_ignores_headers_and_keys_on_body() -> None:
    import httpx2

    url = "http://h:1/v1/chat/completions"
    body = {"model": "m", "messages": [], "temperature": 0}
    plain = httpx2.Request("POST", url, json=body)
    with_key = httpx2.Request("POST", url, json=body, headers={"Authorization": "Bearer x"})
    reordered = httpx2.Request("POST", url, content=json.dumps(dict(reversed(body.items()))))
    assert cache_key(plain) == cache_key(with_key) == cache_key(reordered) is not None
    assert cache_key(httpx2.Request("POST", url + "?api-key=s1", json=body)) == cache_key(plain)
    assert cache_key(httpx2.Request("POST", "http://other:1/v1/chat/completions", json=body)) != (
        cache_key(plain)
    )
    assert cache_key(httpx2.Request("POST", url, json={**body, "stream": True})) is None
    assert cache_key(httpx2.Request("GET", "http://h:1/v1/models")) is None
