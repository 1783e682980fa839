"""`extractor extract` (extractor/cli/app.py), the backend runner it drives
(backend.extract_all) and the LLM backend (pipeline.py).

No test here may start the bundled model: an autouse fixture replaces LocalServer.start by
a stub that records the call and raises AssertionError, and each test checks the record.

typer 0.29 vendors its own click; its CliRunner has no ``mix_stderr`` argument and always
captures the two streams apart: ``result.stdout`` and ``result.stderr`` each hold one
stream, ``result.output`` both interleaved. Error lines go to stderr, the summary to stdout.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner, Result

from extractor import backends, local
from extractor.backend import extract_all
from extractor.cli import app
from extractor.model_call import Attempt
from extractor.pipeline import LlmBackend, Session
from extractor.prompts import available_prompts, load_prompt
from extractor.records import QuoteAlignment, RunRecord, Usage
from extractor.schema import Actor, Article, Extraction, ExtractionItems


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail any attempt to start the bundled model; the list shows whether one was made."""
    started: list[str] = []

    def start(self: local.LocalServer) -> local.LocalServer:
        started.append("start")
        raise AssertionError("the bundled model must not be started")

    monkeypatch.setattr(local.LocalServer, "start", start)
    for name in ("EXTRACTOR_BASE_URL", "EXTRACTOR_MODEL", "EXTRACTOR_MODE",
                 "EXTRACTOR_CONTEXT_TOKENS", "EXTRACTOR_PROMPTS_DIR"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return started


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["extract", *map(str, args)])


def _articles(directory: Path, *stems: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem in stems:
        path = directory / f"{stem}.txt"
        path.write_text(f"Colonel Assimi Goïta met the CSP in Kidal ({stem}).\n", encoding="utf-8")
        paths.append(path)
    return paths


def _ok_record(path: Path) -> RunRecord:
    quote = "Assimi Goïta"
    return RunRecord(
        article=path.stem,
        source=str(path),
        status="ok",
        extraction=Extraction(
            article=path.stem,
            published="2024-09-02",
            actors=[
                Actor(
                    name="Assimi Goïta",
                    aliases=["Goïta"],
                    kind="person",
                    country="ML",
                    evidence=[quote],
                )
            ],
        ),  # fmt: skip
        grounding=[
            QuoteAlignment(
                path="actors[0].evidence[0]",
                quote=quote,
                status="exact",
                start=8,
                end=20,
                score=100.0,
            )
        ],  # fmt: skip
        prompt=load_prompt("extract@v1").ref(),
        model="SmolLM2-135M-Instruct",
        usage=Usage(prompt_tokens=900, completion_tokens=120, total_tokens=1020),
        latency_s=3.25,
        created="2026-11-21T09:30:00Z",
    )


def _error_record(article: str) -> RunRecord:
    return RunRecord(article=article, status="error", error="HTTP 500 from the endpoint: boom")


# --- inputs refused before anything runs -----------------------------------------------------


def test_a_missing_path_exits_2_with_one_line_naming_it(tmp_path: Path, no_model: list) -> None:
    missing = tmp_path / "nope.txt"
    result = run(missing)
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file or directory\n"
    assert result.stdout == ""
    assert no_model == []


def test_a_directory_without_articles_exits_2_naming_it(tmp_path: Path, no_model: list) -> None:
    (tmp_path / "notes.md").write_text("not an article")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: directory holds no .txt articles\n"
    assert no_model == []


def test_bad_files_only_are_reported_without_starting_the_model(
    tmp_path: Path, no_model: list
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    binary = articles / "photo.txt"
    binary.write_bytes(b"GIF89a\x00\x01\x00")
    empty = articles / "blank.txt"
    empty.write_bytes(b"  \n")
    out = tmp_path / "records.jsonl"

    result = run(articles, "--out", out)

    assert result.exit_code == 2  # nothing could be done
    assert not isinstance(result.exception, AssertionError)
    assert no_model == []
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {empty}: empty file",  # collect_paths sorts: blank before photo
        f"error: {binary}: binary file (NUL bytes), not a text article",
    ]
    assert "0 ok, 2 failed" in result.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [RunRecord.model_validate_json(line) for line in lines]
    assert [(r.article, r.status, r.error, r.source) for r in records] == [
        ("blank", "error", "empty file", str(empty)),
        ("photo", "error", "binary file (NUL bytes), not a text article", str(binary)),
    ]


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ("2 September 2024", "error: --published: date '2 September 2024' is not YYYY, "
                             "YYYY-MM or YYYY-MM-DD\n"),
        ("2024-13-01", "error: --published: date '2024-13-01' is not a real calendar date\n"),
        ("2024-02-30", "error: --published: date '2024-02-30' is not a real calendar date\n"),
    ],
)  # fmt: skip
def test_a_bad_published_date_exits_2(
    tmp_path: Path, no_model: list, published: str, message: str
) -> None:
    (article,) = _articles(tmp_path, "a1")
    result = run(article, "--published", published)
    assert result.exit_code == 2
    assert result.stderr == message
    assert no_model == []


def test_an_unknown_prompt_version_exits_2_listing_the_available_ones(
    tmp_path: Path, no_model: list
) -> None:
    (article,) = _articles(tmp_path, "a1")
    result = run(article, "--prompt", "extract@v9")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: prompt 'extract@v9' not found: no ")
    assert line.endswith(f"(available: {', '.join(available_prompts())})")
    assert "extract@v1" in line
    assert no_model == []


def test_a_base_url_that_is_not_http_exits_2(tmp_path: Path, no_model: list) -> None:
    (article,) = _articles(tmp_path, "a1")
    result = run(article, "--base-url", "ftp://x")
    assert result.exit_code == 2
    assert result.stderr == "error: base URL 'ftp://x' must start with http:// or https://\n"
    assert no_model == []


# --- resuming ----------------------------------------------------------------------------------


def test_resume_skips_done_articles_and_drops_errors_and_a_torn_line(
    tmp_path: Path, no_model: list
) -> None:
    first, second = _articles(tmp_path / "articles", "a1", "a2")
    ok_lines = [_ok_record(first).model_dump_json() + "\n",
                _ok_record(second).model_dump_json() + "\n"]  # fmt: skip
    out = tmp_path / "records.jsonl"
    earlier_failure = _error_record("a1").model_dump_json() + "\n"  # since redone: ok below
    no_longer_given = _error_record("gone").model_dump_json() + "\n"
    torn = '{"article": "a3", "status": "ok", "extrac'  # a run killed mid-write
    out.write_text(
        earlier_failure + ok_lines[0] + no_longer_given + ok_lines[1] + torn, encoding="utf-8"
    )

    result = run(tmp_path / "articles", "--out", out)

    assert result.exit_code == 0, result.output
    assert no_model == []
    assert out.read_text(encoding="utf-8") == "".join(ok_lines)
    assert result.stdout.splitlines()[-1] == "0 ok, 0 failed, 2 already done (skipped)"
    stderr = " ".join(result.stderr.split())  # rich may wrap the long temporary path
    assert f"resuming {out}: 2 article(s) already done" in stderr
    assert "nothing to do" in stderr


# --- extract_all + the LLM backend -----------------------------------------------------------


def _backend(**config: object) -> LlmBackend:
    """The LLM backend on a stand-in model (`_answer`): no endpoint is contacted."""
    settings = backends.BackendConfig(base_url="http://127.0.0.1:9/v1", **config)  # type: ignore[arg-type]
    prompt = load_prompt("extract@v1")
    return LlmBackend(Session(settings, settings.base_url or "", prompt, client=None, ask=_answer))  # type: ignore[arg-type]


def _answer(
    config: object, client: object, messages: list[dict[str, str]], index: object
) -> Attempt:
    """Stands in for the model: fails on one article, else finds Goïta."""
    if "BROKEN" in messages[-1]["content"]:
        raise RuntimeError("the model fell over")
    time.sleep(0.02)
    actor = Actor(name="Assimi Goïta", kind="person", evidence=["Assimi Goïta", "Goïta in Bamako"])
    usage = Usage(prompt_tokens=100, completion_tokens=20, total_tokens=120)
    return Attempt(ExtractionItems(actors=[actor]), usage, retries=1, dropped=[])


def test_extract_all_keeps_at_most_n_in_flight_and_survives_failures() -> None:
    concurrency = 3
    articles = [Article(id=f"a{i}", text=f"Colonel Assimi Goïta spoke ({i}).") for i in range(9)]
    articles[4] = Article(id="a4", text="BROKEN article about Goïta.")
    # one giant sentence (Article strips the trailing space: 179,999 characters)
    articles[6] = Article(id="a6", text="Goïta " * 30_000)
    llm = _backend(context_tokens=8000, max_tokens=1000)

    lock = threading.Lock()
    in_flight, peak, calls = 0, 0, []
    everyone_started = threading.Barrier(concurrency, timeout=10)

    def tracked(article: Article) -> RunRecord:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
            calls.append(article.id)
            first_wave = len(calls) <= concurrency
        if first_wave:
            everyone_started.wait()  # the first N really run side by side
        try:
            return llm.extract(article)
        finally:
            with lock:
                in_flight -= 1

    pulled: list[str] = []

    def source() -> Iterator[Article]:
        for article in articles:
            pulled.append(article.id)
            yield article

    records: list[RunRecord] = []
    backend = SimpleNamespace(name="llm", concurrent=True, extract=tracked)
    for record in extract_all(backend, source(), concurrency=concurrency):  # type: ignore[arg-type]
        # never more articles taken from the input than finished plus N
        assert len(pulled) - len(records) <= concurrency
        records.append(record)

    assert peak == concurrency
    assert sorted(calls) == sorted(a.id for a in articles)
    by_id = {r.article: r for r in records}
    assert sorted(by_id) == sorted(a.id for a in articles)
    assert by_id["a4"].status == "error"
    assert by_id["a4"].error == "RuntimeError: the model fell over"
    assert by_id["a6"].status == "error"
    assert by_id["a6"].error is not None
    assert re.match(r"ValueError: one sentence of 6000\d tokens exceeds the ", by_id["a6"].error)
    ok = [r for r in records if r.status == "ok"]
    assert len(ok) == 7
    record = by_id["a0"]
    assert record.extraction is not None
    assert record.extraction.article == "a0"
    assert [(g.status, g.start, g.end) for g in record.grounding] == [
        ("exact", 8, 20),
        ("not_found", None, None),
    ]
    assert (record.usage.total_tokens, record.retries, record.chunks) == (120, 1, 1)
    assert record.model == "gpt-4o-mini"
    assert record.endpoint is not None and record.endpoint.kind == "compatible"


def test_a_bad_published_date_is_the_article_error_not_the_batch_end() -> None:
    articles = [
        Article(id="bad", text="Assimi Goïta spoke.", published="September 2024"),
        Article(id="good", text="Assimi Goïta spoke.", published="2024-09"),
    ]
    records = {r.article: r for r in extract_all(_backend(), articles, concurrency=1)}
    assert records["bad"].status == "error"
    assert "date 'September 2024' is not YYYY, YYYY-MM or YYYY-MM-DD" in str(records["bad"].error)
    assert records["good"].status == "ok"
    assert records["good"].extraction is not None
    assert records["good"].extraction.published == "2024-09"


def test_prompt_show_of_a_directory_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["prompt", "show", "extract@v1", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path}: is a directory; give one article .txt file"


def test_without_an_endpoint_extract_runs_the_candidate_stages_without_a_model(
    tmp_path: Path, no_model: list
) -> None:
    (article,) = _articles(tmp_path, "a1")
    out = tmp_path / "run.jsonl"
    result = run(article, "--out", out, "--published", "2024-05-06")
    assert result.exit_code == 0, result.output
    assert no_model == []
    (record,) = [RunRecord.model_validate_json(line) for line in out.read_text().splitlines()]
    assert record.status == "ok"
    assert record.endpoint is not None and record.endpoint.kind == "candidates"
    assert record.model == "candidate-stages"
    assert record.extraction is not None
    assert "Assimi Goïta" in [a.name for a in record.extraction.actors]
