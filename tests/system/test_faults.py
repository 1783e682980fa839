"""Endpoint faults, injected by a loopback proxy in front of the real bundled model server.

Each fault class ends as a retried success or as a one-line error record naming the cause;
an endpoint that is down or refuses the key stops the run at once (exit 2) naming the URL;
a key the server echoes never reaches a record, a message or stderr. Answers come from the
real model (SmolLM2 via llama.cpp), cut at a few tokens to keep the suite quick: a cut
answer is salvaged, so the article still ends ok.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import backends, local
from extractor.cli import app
from extractor.failures import FatalEndpointError
from extractor.pipeline import Session, extract_article
from extractor.prompts import load_prompt
from extractor.schema import Article
from tests.fault_proxy import Proxy, running

pytestmark = pytest.mark.slow

TEXT = "On Sunday, JNIM fighters attacked an army post in Boulkessi, killing four soldiers.\n"
KEY = "sk-test-0123456789abcdefSECRET"


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    try:
        server = local.LocalServer().start()
    except local.LocalModelUnavailable as error:
        pytest.skip(str(error))
    try:
        yield server.base_url.removesuffix("/v1")
    finally:
        server.stop()


@pytest.fixture
def proxy(upstream: str) -> Iterator[Proxy]:
    with running(Proxy(upstream)) as started:
        yield started


def _session(proxy: Proxy, **overrides: object) -> Session:
    settings: dict = {"base_url": proxy.base_url, "max_tokens": 24, "http_retries": 2}
    config = backends.BackendConfig(**{**settings, **overrides})
    return Session.open(config, proxy.base_url, load_prompt("extract@v1"))


def _article(name: str = "a1") -> Article:
    return Article(id=name, text=TEXT, published="2024-05-06")


@pytest.mark.parametrize(
    "fault", ["429_retry_after", "429", "500", "503", "drop", "truncate", "not_json"]
)
def test_a_passing_fault_is_retried_and_counted(proxy: Proxy, fault: str) -> None:
    session = _session(proxy)
    proxy.script[:] = [fault]
    record = extract_article(session, _article())
    assert record.status == "ok", record.error
    assert record.transport_retries == 1
    assert record.retries >= 1
    assert proxy.chat_requests == 2


def test_a_stalled_answer_times_out_and_is_retried(proxy: Proxy) -> None:
    assert extract_article(_session(proxy), _article()).status == "ok"  # a real answer to reuse
    proxy.stall_s = 4.0
    session = _session(proxy, timeout_s=2.0)
    proxy.script[:] = ["stall", "replay_last"]
    record = extract_article(session, _article())
    assert record.status == "ok", record.error
    assert record.transport_retries == 1


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        ("500", "HTTP 500 from http://127.0.0.1:"),
        ("503", "HTTP 503 from http://127.0.0.1:"),
        ("429", "HTTP 429 from http://127.0.0.1:"),
        ("not_json", "malformed response body from http://127.0.0.1:"),
        ("drop", "dropped the connection"),
        ("truncate", "dropped the connection"),
    ],
)
def test_a_lasting_fault_is_one_error_record_naming_the_cause(
    proxy: Proxy, fault: str, cause: str
) -> None:
    session = _session(proxy, http_retries=1)
    proxy.script[:] = [fault] * 8  # more than the retries and re-asks together
    record = extract_article(session, _article())
    assert record.status == "error"
    assert record.error is not None and "\n" not in record.error
    assert cause in record.error
    assert "invalid output" not in record.error
    assert record.transport_retries >= 1


def test_a_lasting_timeout_names_the_timeout(proxy: Proxy) -> None:
    proxy.stall_s = 3.0
    session = _session(proxy, timeout_s=1.5, http_retries=0)
    proxy.script[:] = ["stall"]
    record = extract_article(session, _article())
    assert record.status == "error"
    assert record.error is not None and record.error.startswith("timeout:")


def test_an_echoed_key_is_fatal_and_redacted_everywhere(
    proxy: Proxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a1.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "run.jsonl"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    proxy.script[:] = ["401_echo"] * 5
    result = CliRunner().invoke(
        app, ["extract", str(article), "--base-url", proxy.base_url, "--backend", "llm",
              "--published", "2024-05-06", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: {proxy.base_url} rejected the API key (HTTP 401")
    assert "OPENAI_API_KEY" in lines[-1]
    assert KEY not in result.stderr and KEY not in result.stdout
    assert not out.exists() or KEY not in out.read_text(encoding="utf-8")
    assert proxy.chat_requests == 1  # stopped at once: no retry, no second article


def test_a_rejected_key_at_the_first_request_stops_the_session(proxy: Proxy) -> None:
    session = _session(proxy, api_key=KEY)
    proxy.script[:] = ["401_echo"]
    with pytest.raises(FatalEndpointError) as caught:
        extract_article(session, _article())
    assert KEY not in str(caught.value)
    assert "[redacted]" in str(caught.value)


def test_an_endpoint_that_is_down_stops_the_run_naming_the_url(tmp_path: Path) -> None:
    article = tmp_path / "a1.txt"
    article.write_text(TEXT, encoding="utf-8")
    down = f"http://127.0.0.1:{local.free_port()}/v1"
    result = CliRunner().invoke(app, ["extract", str(article), "--base-url", down, "--model", "m"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: cannot reach {down}: connection refused"


def test_the_batch_goes_on_after_a_failed_article(proxy: Proxy, tmp_path: Path) -> None:
    for name in ("a1", "a2"):
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "run.jsonl"
    proxy.script[:] = ["500"] * 3  # a1 fails with its retries spent; a2 is answered
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path), "--base-url", proxy.base_url, "--backend", "llm",
              "--published", "2024-05-06", "--out", str(out), "--answer-tokens", "24"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["article"], r["status"]) for r in records] == [("a1", "error"), ("a2", "ok")]
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "HTTP 500" in failed[0]


def test_a_server_with_a_small_context_is_learned_from_its_error_and_chunked() -> None:
    sentence = "Malian soldiers and Wagner fighters clashed with CSP rebels near Kidal on Monday. "
    article = Article(id="long", text=sentence * 60, published="2024-05-06")
    with local.LocalServer(context_tokens=1024) as server:
        config = backends.BackendConfig(base_url=server.base_url, max_tokens=16)
        session = Session.open(config, server.base_url, load_prompt("extract@v1"))
        assert session.context_tokens == 128_000  # llama-cpp-python's server does not say
        record = extract_article(session, article)
    assert record.status == "ok", record.error
    assert session.context_tokens == 1024  # learned from the server's HTTP 400
    assert record.chunks > 1


def test_a_second_run_of_an_unchanged_archive_makes_no_request(
    proxy: Proxy, tmp_path: Path
) -> None:
    for name in ("a1", "a2"):
        (tmp_path / f"{name}.txt").write_text(TEXT.replace("four", name), encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["extract", str(tmp_path), "--base-url", proxy.base_url, "--backend", "llm",
            "--published", "2024-05-06", "--answer-tokens", "24",
            "--cache-dir", str(cache)]  # fmt: skip
    first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "one.jsonl")])
    assert first.exit_code == 0, first.output
    asked = proxy.chat_requests
    assert asked == 2
    second = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "two.jsonl")])
    assert second.exit_code == 0, second.output
    assert proxy.chat_requests == asked  # every answer came from the cache
    assert "2 answered from the cache, 0 asked" in second.stderr
    uncached = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "three.jsonl"),
                                        "--no-cache"])  # fmt: skip
    assert uncached.exit_code == 0
    assert proxy.chat_requests == asked + 2


def test_a_token_budget_stops_the_run_cleanly_and_resumes(proxy: Proxy, tmp_path: Path) -> None:
    for name in ("a1", "a2", "a3"):
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "run.jsonl"
    args = ["extract", str(tmp_path), "--base-url", proxy.base_url, "--backend", "llm",
            "--published", "2024-05-06", "--answer-tokens", "24", "--no-cache",
            "--out", str(out)]  # fmt: skip
    stopped = CliRunner().invoke(app, [*args, "--max-tokens", "100"])
    assert stopped.exit_code == 1, stopped.output
    assert "token budget reached" in stopped.stderr and "2 article(s) not started" in stopped.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["article"] for r in records] == ["a1"]
    assert records[0]["cost_usd"] == 0.0  # the bundled model is free
    resumed = CliRunner().invoke(app, args)
    assert resumed.exit_code == 0, resumed.output
    done = [json.loads(line)["article"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(done) == ["a1", "a2", "a3"]


def test_faults_under_concurrency_lose_and_duplicate_nothing(proxy: Proxy, tmp_path: Path) -> None:
    names = [f"a{i}" for i in range(6)]
    for name in names:
        (tmp_path / f"{name}.txt").write_text(TEXT.replace("four", name), encoding="utf-8")
    out = tmp_path / "run.jsonl"
    proxy.script[:] = ["500", "429_retry_after", "drop", "truncate", "not_json", "503"]
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path), "--base-url", proxy.base_url, "--backend", "llm",
              "--published", "2024-05-06", "--answer-tokens", "24", "--no-cache",
              "--concurrency", "4", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["article"] for r in records) == names  # each exactly once
    assert all(r["status"] == "ok" for r in records)
    assert sum(r["transport_retries"] for r in records) == 6
