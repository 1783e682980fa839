"""The real openai + instructor path, replayed from a response recorded from the bundled model.

The cassette is the eval recording of the first seed article under extract@v1
(tests/cassettes/eval/extract-v1/), made by `extractor eval --prompt extract@v1 --record`
(`make record`); this test only replays it, with the openai client's retries off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import backends
from extractor.articles import read_article
from extractor.pipeline import Session, extract_article
from extractor.prompts import load_prompt
from extractor.recording import REPLAY_URL
from tests.conftest import CASSETTES, SEEDS

pytestmark = pytest.mark.recording

ARTICLE = SEEDS / "000_b403c17cf9c6620e.txt"


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES / "extract-v1")


@pytest.fixture
def default_cassette_name() -> str:
    return Path(ARTICLE).stem


@pytest.mark.vcr(record_mode="none")
def test_extract_seed_article_through_openai_and_instructor() -> None:
    article = read_article(ARTICLE, cache={})
    config = backends.BackendConfig(http_retries=0)  # bundled-model settings, as `extract` uses
    session = Session.open(config, REPLAY_URL, load_prompt("extract@v1"))

    record = extract_article(session, article)

    assert record.status == "ok", record.error
    assert record.extraction is not None
    assert record.extraction.article == article.id
    assert record.extraction.published == "2024-09-03"  # from seeds/articles.yaml
    assert record.prompt is not None and record.prompt.id == "extract@v1"
    assert record.prompt.sha256 == load_prompt("extract@v1").sha256
    assert record.usage.total_tokens > record.usage.prompt_tokens > 0
    assert record.endpoint is not None and record.endpoint.mode == "json_schema_object"
    # every quote of the answer is located, or explicitly marked not_found
    quotes = [q for kind in ("actors", "treaties", "events")
              for item in getattr(record.extraction, kind) for q in item.evidence]  # fmt: skip
    assert [g.quote for g in record.grounding] == quotes
    assert all(g.status != "not_found" or g.start is None for g in record.grounding)
