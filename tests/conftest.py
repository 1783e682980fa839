"""Shared fixtures: paths, and pytest-recording's configuration for replayed HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.recording import MATCH_ON, SECRET_HEADERS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "gold"
# The recorded HTTP of the seed articles (extractor eval --record), per prompt version.
CASSETTES = ROOT / "tests" / "cassettes" / "eval"


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "filter_headers": SECRET_HEADERS,
        "decode_compressed_response": True,
        # A changed prompt, schema or sampling parameter changes the body: it must show up
        # as "no recording", never as a stale answer replayed.
        "match_on": MATCH_ON,
    }
