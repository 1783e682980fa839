"""A candidate-guided prompt keeps its candidates when the model's answer is unusable.

The model is a stand-in passed to the Session (`ask`): no endpoint, no private patching."""

from __future__ import annotations

from types import SimpleNamespace

from instructor.core.exceptions import InstructorRetryException

from extractor import backends
from extractor.model_call import Asker, AskFailed
from extractor.pipeline import Session, extract_article
from extractor.prompts import load_prompt
from extractor.records import Usage
from extractor.schema import Article

TEXT = "The Malian army clashed with Jnim fighters near Boni on Tuesday."
ARTICLE = Article(id="a1", text=TEXT, published="2024-03-07")


def _session(prompt: str, ask: Asker) -> Session:
    config = backends.BackendConfig(base_url="http://127.0.0.1:9/v1")
    return Session(config, "http://127.0.0.1:9/v1", load_prompt(prompt), client=None, ask=ask)  # type: ignore[arg-type]


def _failing(answer: str | None) -> Asker:
    completion = None
    if answer is not None:
        completion = SimpleNamespace(
            choices=[SimpleNamespace(message=SimpleNamespace(content=answer))]
        )
    cause = InstructorRetryException("bad", last_completion=completion, n_attempts=2, total_usage=0)

    def ask(config, client, messages, index):
        raise AskFailed(cause, Usage(prompt_tokens=10, completion_tokens=5, total_tokens=15), 1)

    return ask


def test_an_unusable_answer_keeps_the_candidates() -> None:
    record = extract_article(_session("extract@v4", _failing("not json at all")), ARTICLE)
    assert record.status == "ok"
    assert record.extraction is not None
    assert "Malian Armed Forces" in [a.name for a in record.extraction.actors]
    assert [e.kind for e in record.extraction.events] == ["battle"]  # the event stage's
    assert record.dropped[0].startswith("model answer unusable, candidates kept: invalid output")
    assert record.usage.total_tokens == 15 and record.retries == 1


def test_no_answer_at_all_is_an_error_even_with_candidates() -> None:
    record = extract_article(_session("extract@v4", _failing(None)), ARTICLE)
    assert record.status == "error"
    assert record.usage.total_tokens == 15


def test_a_plain_prompt_has_no_fallback() -> None:
    record = extract_article(_session("extract@v1", _failing("not json at all")), ARTICLE)
    assert record.status == "error"
