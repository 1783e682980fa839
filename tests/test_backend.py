"""extractor/backend.py: one protocol for every backend, and the one function that picks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import backends
from extractor.backend import NAMES, choose, extract_all, open_backend
from extractor.model_call import AskFailed
from extractor.model_free import ModelFree, extract_model_free
from extractor.pipeline import LlmBackend, Session, extract_article
from extractor.prompts import load_prompt
from extractor.recording import Cassettes, NoCassette, Replaying
from extractor.records import Usage
from extractor.schema import Article

ARTICLE = Article(id="a1", text="JNIM fighters attacked an army post in Boulkessi.")
REMOTE = backends.BackendConfig(base_url="http://127.0.0.1:9/v1")


def test_auto_picks_the_model_only_when_an_endpoint_is_configured() -> None:
    assert choose("auto", backends.BackendConfig()) == "candidates"
    assert choose("auto", REMOTE) == "llm"
    assert choose("ner", REMOTE) == "ner"
    assert set(NAMES) == {"llm", "ner", "candidates"}


@pytest.mark.parametrize("name", ["ner", "candidates"])
def test_the_model_free_backends_call_no_model(name: str) -> None:
    with open_backend(name, backends.BackendConfig(), "extract@v4") as backend:
        assert isinstance(backend, ModelFree)
        assert (backend.name, backend.model, backend.concurrent) == (name, None, False)
        (record,) = extract_all(backend, [ARTICLE], concurrency=8)
    assert record.endpoint is not None and record.endpoint.kind == name
    assert record.model_dump(exclude={"created", "latency_s"}) == extract_model_free(
        ARTICLE, with_events=name == "candidates"
    ).model_dump(exclude={"created", "latency_s"})


def test_an_unknown_backend_is_refused() -> None:
    opened = open_backend("gpt", REMOTE, "extract@v1")
    with pytest.raises(ValueError, match="unknown backend 'gpt'"):
        opened.__enter__()


class _Miss(Exception):
    """Stands in for a replay's missing recording."""


def test_an_interruption_leaves_extract_article_instead_of_an_error_record() -> None:
    def ask(config, client, messages, index):
        # As openai does: the transport's exception is the cause of a connection error.
        try:
            try:
                raise _Miss("no recording")
            except _Miss as miss:
                raise RuntimeError("connection error") from miss
        except RuntimeError as error:
            raise AskFailed(error, Usage(), 0) from error

    prompt = load_prompt("extract@v1")
    session = Session(REMOTE, "http://127.0.0.1:9/v1", prompt, client=None, ask=ask)  # type: ignore[arg-type]
    assert extract_article(session, ARTICLE).status == "error"  # not an interruption: a record
    session.interrupts = (_Miss,)
    with pytest.raises(_Miss):
        extract_article(session, ARTICLE)


def test_replay_without_a_cassette_is_a_typed_error(tmp_path: Path) -> None:
    session = Session(REMOTE, "http://127.0.0.1:9/v1", load_prompt("extract@v1"), client=None)  # type: ignore[arg-type]
    replaying = Replaying(LlmBackend(session), Cassettes(tmp_path, "replay"), "extract@v1")
    assert (replaying.name, replaying.model, replaying.concurrent) == ("llm", "gpt-4o-mini", False)
    with pytest.raises(NoCassette, match="extractor eval --prompt extract@v1 --record"):
        replaying.extract(ARTICLE)


def test_the_model_free_record_names_the_language_it_read() -> None:
    from extractor.model_free import ModelFree
    from extractor.schema import Article

    article = Article(id="fr1", text="Des hommes armés ont tué quatre civils dimanche à Tillia.")
    record = ModelFree("candidates").extract(article)
    assert record.extraction is not None and record.extraction.language == "fr"
