"""Shared fixtures: recorded HTTP (pytest-recording) and the endpoint to record against."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "gold"
REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted: every request is served by a cassette

SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie", "set-cookie"]


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "filter_headers": SECRET_HEADERS,
        "decode_compressed_response": True,
        # A changed prompt, schema or sampling parameter changes the body: it must show up
        # as "no recording", never as a stale answer replayed.
        "match_on": ["method", "path", "body"],
    }


def recording(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--record-mode") not in ("none", None)


@pytest.fixture(scope="session")
def endpoint_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Where requests go: a real model while recording, nowhere while replaying.

    Session-scoped so the bundled model starts once, before any cassette opens: its
    start-up probes are not recorded.
    """
    if not recording(request):
        yield REPLAY_URL
        return
    if os.environ.get("EXTRACTOR_BASE_URL"):
        yield os.environ["EXTRACTOR_BASE_URL"]
        return
    from extractor.local import LocalServer

    with LocalServer() as server:
        yield server.base_url
