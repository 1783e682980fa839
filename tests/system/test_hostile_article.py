"""An article full of Jinja syntax reaches the model byte for byte, through the real openai +
instructor path (replayed from a recording of the bundled model).

instructor renders every message as a Jinja template when it is given a validation
`context=`; the pipeline once passed one, so "{{ 7*7 }}" reached the model as "49", a nested
`{% for %}` burned minutes of CPU, and "{% if a is a %}" crashed. The grounding check now
finds the article through a context variable, so nothing re-renders the messages.

Re-record (bundled model, about a minute):
    EXTRACTOR_RECORD=1 pytest tests/system/test_hostile_article.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import vcr
import yaml

from extractor import backends, local
from extractor.pipeline import Session, extract_article
from extractor.prompts import load_prompt
from extractor.recording import MATCH_ON, REPLAY_URL, SECRET_HEADERS
from extractor.schema import Article

pytestmark = pytest.mark.recording

HERE = Path(__file__).parent.parent  # tests/
ARTICLE = HERE / "fixtures" / "hostile" / "jinja_article.txt"
CASSETTE = HERE / "cassettes" / "hostile" / "jinja_article.yaml"


def _extract(base_url: str) -> object:
    article = Article(id="jinja", text=ARTICLE.read_text(encoding="utf-8"), published="2024-05-06")
    config = backends.BackendConfig(http_retries=0, max_tokens=32, reasks=0)
    session = Session.open(config, base_url, load_prompt("extract@v1"))
    return extract_article(session, article)


def test_jinja_in_an_article_is_sent_verbatim() -> None:
    recorder = vcr.VCR(filter_headers=SECRET_HEADERS, match_on=MATCH_ON)
    if os.environ.get("EXTRACTOR_RECORD"):
        CASSETTE.unlink(missing_ok=True)
        with local.LocalServer() as server, recorder.use_cassette(str(CASSETTE), record_mode="all"):
            record = _extract(server.base_url)
    else:
        # Matched on the body: had anything rendered the article, this would not replay.
        with recorder.use_cassette(str(CASSETTE), record_mode="none"):
            record = _extract(REPLAY_URL)
    assert record.status == "ok", record.error
    text = ARTICLE.read_text(encoding="utf-8")
    (interaction,) = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"]
    body = json.loads(interaction["request"]["body"])
    user = body["messages"][-1]["content"]
    assert text.strip() in user
    assert "{{ 7*7 }}" in user and "49" not in user
