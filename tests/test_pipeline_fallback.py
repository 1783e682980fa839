"""A candidate-guided prompt keeps its candidates when the model's answer is unusable."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from instructor.core.exceptions import InstructorRetryException

from extractor import backends, pipeline
from extractor.pipeline import AskFailed, Session, extract_article
from extractor.prompts import load_prompt
from extractor.records import Usage
from extractor.schema import Actor, Article, ExtractionItems

TEXT = "The Malian army clashed with Jnim fighters near Boni on Tuesday."
ARTICLE = Article(id="a1", text=TEXT, published="2024-03-07")
CANDIDATE = Actor(
    name="Malian Armed Forces", aliases=["Malian army"], kind="armed_forces", evidence=[TEXT]
)


def _session(prompt: str) -> Session:
    config = backends.BackendConfig(base_url="http://127.0.0.1:9/v1")
    return Session(config, "http://127.0.0.1:9/v1", load_prompt(prompt), client=None)  # type: ignore[arg-type]


def _failing(answer: str | None):
    completion = None
    if answer is not None:
        completion = SimpleNamespace(
            choices=[SimpleNamespace(message=SimpleNamespace(content=answer))]
        )
    cause = InstructorRetryException("bad", last_completion=completion, n_attempts=2, total_usage=0)

    def ask(session, messages, index):
        raise AskFailed(cause, Usage(prompt_tokens=10, completion_tokens=5, total_tokens=15), 1)

    return ask


@pytest.fixture
def candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pipeline.guided, "prepare",
        lambda text, published=None, with_events=False, language=None: (
            {"candidates": [], "event_candidates": [], "treaty_candidates": []},
            ExtractionItems(actors=[CANDIDATE]),
        ),
    )  # fmt: skip


def test_an_unusable_answer_keeps_the_candidates(monkeypatch, candidates) -> None:
    monkeypatch.setattr(pipeline, "_ask", _failing("not json at all"))
    record = extract_article(_session("extract@v4"), ARTICLE)
    assert record.status == "ok"
    assert [a.name for a in record.extraction.actors] == ["Malian Armed Forces"]
    assert record.dropped[0].startswith("model answer unusable, candidates kept: invalid output")
    assert record.usage.total_tokens == 15 and record.retries == 1


def test_no_answer_at_all_is_an_error_even_with_candidates(monkeypatch, candidates) -> None:
    monkeypatch.setattr(pipeline, "_ask", _failing(None))
    record = extract_article(_session("extract@v4"), ARTICLE)
    assert record.status == "error"
    assert record.usage.total_tokens == 15


def test_a_plain_prompt_has_no_fallback(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "_ask", _failing("not json at all"))
    record = extract_article(_session("extract@v1"), ARTICLE)
    assert record.status == "error"
