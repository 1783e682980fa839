"""Endpoint configuration: flags over environment, defaults per endpoint kind, the served model."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from extractor import backends
from extractor.pipeline import Session
from extractor.prompts import load_prompt


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EXTRACTOR_BASE_URL", "EXTRACTOR_MODEL", "EXTRACTOR_MODE", "OPENAI_API_KEY",
                 "EXTRACTOR_CONTEXT_TOKENS"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def test_no_endpoint_means_the_bundled_model_with_its_defaults() -> None:
    config = backends.config_from()
    assert config.is_local and config.endpoint_kind == "local"
    assert config.effective_mode == "json_schema_object"
    assert (config.effective_reasks, config.effective_max_tokens) == (1, 1024)
    assert config.effective_context == 8192


def test_flags_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_BASE_URL", "http://env:1/v1")
    monkeypatch.setenv("EXTRACTOR_MODEL", "env-model")
    config = backends.config_from(base_url="https://api.openai.com/v1", model="gpt-x")
    assert config.base_url == "https://api.openai.com/v1" and config.model == "gpt-x"
    assert config.endpoint_kind == "openai" and config.effective_mode == "tools"
    assert (config.effective_reasks, config.effective_max_tokens) == (2, 4096)


def test_environment_applies_without_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("EXTRACTOR_MODE", "json_schema")
    config = backends.config_from()
    assert config.endpoint_kind == "compatible" and config.effective_mode == "json_schema"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": "ftp://x"}, "must start with http"),
        ({"mode": "telepathy"}, "unknown mode 'telepathy'"),
    ],
)
def test_bad_settings_are_refused_in_one_line(kwargs: dict, message: str) -> None:
    with pytest.raises(backends.ConfigError, match=message):
        backends.config_from(**kwargs)


def test_openai_needs_a_key() -> None:
    config = backends.config_from(base_url="https://api.openai.com/v1")
    with pytest.raises(backends.ConfigError, match="OPENAI_API_KEY"):
        backends.openai_client(config, config.base_url or "")


def test_schema_object_mode_sends_llama_cpp_response_format() -> None:
    kwargs = backends.request_kwargs(backends.config_from(), {"type": "object"})
    assert kwargs["extra_body"] == {
        "response_format": {"type": "json_object", "schema": {"type": "object"}}
    }
    remote = backends.request_kwargs(backends.config_from(base_url="http://h/v1"), {})
    assert "extra_body" not in remote


class _Models(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        body = self.server.body  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _open_against(body: bytes, **flags: str) -> Session:
    server = HTTPServer(("127.0.0.1", 0), _Models)
    server.body = body  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        return Session.open(
            backends.config_from(base_url=url, **flags), url, load_prompt("extract@v1")
        )
    finally:
        thread.join(timeout=5)
        server.server_close()


def test_a_compatible_endpoint_records_the_model_it_serves() -> None:
    body = b'{"data": [{"id": "qwen2.5:7b", "object": "model", "owned_by": "library"}]}'
    session = _open_against(body)
    assert session.config.effective_model == "qwen2.5:7b"
    assert session.config.effective_mode == "tools"


def test_a_llama_cpp_server_gets_the_schema_object_mode_unless_told_otherwise() -> None:
    body = b'{"object": "list", "data": [{"id": "m.gguf", "object": "model", "owned_by": "me"}]}'
    assert _open_against(body).config.effective_mode == "json_schema_object"
    assert _open_against(body, mode="json").config.effective_mode == "json"
