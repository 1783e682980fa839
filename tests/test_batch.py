"""Batch API: prepared requests are a live run's requests; collected records are a live run's.

The output fixture (tests/fixtures/batch/output.jsonl) holds the bundled model's real answers
to the prepared requests beside it; regenerate both with benchmarks/record_batch_fixture.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from extractor import backends
from extractor.batch import BATCH_URL, BatchError, Manifest, manifest_path, prepare
from extractor.batch_collect import NO_REASK, collect
from extractor.prompts import load_prompt
from extractor.records import RunRecord
from extractor.schema import Article
from tests.conftest import ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures" / "batch"
CASSETTES = ROOT / "tests" / "cassettes" / "eval"
SEED = "004_aae4b5823b7ace62"


def _article(seed: str = SEED) -> Article:
    from extractor.articles import read_article

    article = read_article(SEEDS / f"{seed}.txt", cache={})
    assert isinstance(article, Article)
    return article


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_prepared_body_is_the_recorded_live_request(tmp_path: Path, version: str) -> None:
    """The live run's first request for this article, as recorded in its cassette."""
    cassette = yaml.safe_load((CASSETTES / f"extract-{version}" / f"{SEED}.yaml").read_text())
    live = json.loads(cassette["interactions"][0]["request"]["body"])
    prepared = tmp_path / "run.jsonl"
    prepare([(_article(), None)], backends.BackendConfig(), load_prompt(f"extract@{version}"),
            prepared)  # fmt: skip
    (line,) = _lines(prepared)
    assert line == {"custom_id": SEED, "method": "POST", "url": BATCH_URL, "body": live}


def test_tools_and_json_schema_modes_for_openai(tmp_path: Path) -> None:
    prompt = load_prompt("extract@v1")
    for mode in ("tools", "json_schema"):
        config = backends.BackendConfig(base_url="https://api.openai.com/v1", mode=mode)
        prepare([(_article(), None)], config, prompt, tmp_path / f"{mode}.jsonl")
        (line,) = _lines(tmp_path / f"{mode}.jsonl")
        body = line["body"]
        assert body["model"] == "gpt-4o-mini" and body["temperature"] == 0
        assert body["messages"] == prompt.render(
            article=_article().text, published=_article().published
        )
        if mode == "tools":
            assert body["tool_choice"]["function"]["name"] == body["tools"][0]["function"]["name"]
            assert "actors" in body["tools"][0]["function"]["parameters"]["properties"]
            assert "response_format" not in body
        else:
            assert body["response_format"]["type"] == "json_schema"
            assert "tools" not in body


def test_a_long_article_is_one_request_per_chunk(tmp_path: Path) -> None:
    config = backends.BackendConfig(context_tokens=1200)
    manifest = prepare([(_article(), "seeds/x.txt")], config, load_prompt("extract@v1"),
                       tmp_path / "run.jsonl")  # fmt: skip
    ids = manifest.articles[0].custom_ids
    assert len(ids) > 1 and len(set(ids)) == len(ids)
    assert [line["custom_id"] for line in _lines(tmp_path / "run.jsonl")] == ids
    again = Manifest.read(manifest_path(tmp_path / "run.jsonl"))
    assert again.articles[0].custom_ids == ids and again.articles[0].text is None


def test_collect_the_real_model_answers() -> None:
    records = collect(FIXTURES / "prepared.jsonl", FIXTURES / "output.jsonl")
    manifest = Manifest.read(manifest_path(FIXTURES / "prepared.jsonl"))
    assert [r.article for r in records] == [a.id for a in manifest.articles]
    output = {line["custom_id"]: line for line in _lines(FIXTURES / "output.jsonl")}
    for record, entry in zip(records, manifest.articles, strict=True):
        RunRecord.model_validate_json(record.model_dump_json())  # what a live run writes
        assert record.status == "ok", record.error
        assert record.extraction is not None and record.extraction.actors
        assert record.chunks == len(entry.custom_ids)
        assert record.retries == 0
        spent = sum(
            output[c]["response"]["body"]["usage"]["total_tokens"] for c in entry.custom_ids
        )
        assert record.usage.total_tokens == spent > 0
        assert len(record.grounding) == sum(
            len(item.evidence)
            for item in [*record.extraction.actors, *record.extraction.treaties,
                         *record.extraction.events]
        )  # fmt: skip
    assert any(len(a.custom_ids) > 1 for a in manifest.articles), "a chunked article is covered"


def test_collect_says_what_was_not_reasked(tmp_path: Path) -> None:
    """The bundled model's answers fail validation somewhere (cut at max_tokens, a bad item):
    the record keeps the valid items and says the batch could not re-ask."""
    records = collect(FIXTURES / "prepared.jsonl", FIXTURES / "output.jsonl")
    notes = [note for r in records for note in r.dropped]
    finish = [
        line["response"]["body"]["choices"][0]["finish_reason"]
        for line in _lines(FIXTURES / "output.jsonl")
    ]
    if "length" in finish:
        assert any("cut at max_tokens" in note for note in notes)
    assert any(NO_REASK in note or "cut at max_tokens" in note for note in notes)


def _copy_fixture(tmp_path: Path) -> Path:
    for name in ("prepared.jsonl", "prepared.manifest.jsonl", "output.jsonl"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    return tmp_path / "prepared.jsonl"


def test_a_failed_or_missing_request_is_an_error_record(tmp_path: Path) -> None:
    prepared = _copy_fixture(tmp_path)
    lines = _lines(tmp_path / "output.jsonl")
    first, rest = lines[0], lines[1:]
    failed = {**first, "response": None, "error": {"code": "server_error", "message": "boom"}}
    (tmp_path / "errors.jsonl").write_text(json.dumps(failed) + "\n")
    (tmp_path / "output.jsonl").write_text("".join(json.dumps(x) + "\n" for x in rest[:-1]))
    records = {r.article: r for r in collect(prepared, tmp_path / "output.jsonl",
                                             tmp_path / "errors.jsonl")}  # fmt: skip
    by_request = {c: a.id for a in Manifest.read(manifest_path(prepared)).articles
                  for c in a.custom_ids}  # fmt: skip
    assert "boom" in (records[by_request[first["custom_id"]]].error or "")
    missing = records[by_request[rest[-1]["custom_id"]]]
    assert missing.status == "error" and "no line in the batch output" in (missing.error or "")


def test_collect_refuses_a_changed_article(tmp_path: Path) -> None:
    source = tmp_path / f"{SEED}.txt"
    source.write_text(_article().text)
    prepared = tmp_path / "run.jsonl"
    prepare([(_article(), str(source))], backends.BackendConfig(), load_prompt("extract@v1"),
            prepared)  # fmt: skip
    source.write_text(_article().text + "\nAn added line.")
    (tmp_path / "out.jsonl").write_text("")
    (record,) = collect(prepared, tmp_path / "out.jsonl")
    assert record.status == "error" and "changed since the batch was prepared" in (
        record.error or ""
    )


def test_collect_refuses_a_bad_output_file(tmp_path: Path) -> None:
    prepared = _copy_fixture(tmp_path)
    (tmp_path / "output.jsonl").write_text("not json\n")
    with pytest.raises(BatchError, match="output.jsonl:1"):
        collect(prepared, tmp_path / "output.jsonl")


def test_an_article_too_long_to_chunk_is_an_error_record(tmp_path: Path) -> None:
    config = backends.BackendConfig(context_tokens=600)  # no room left for the article
    prepared = tmp_path / "run.jsonl"
    manifest = prepare([(_article(), None)], config, load_prompt("extract@v1"), prepared)
    assert manifest.articles[0].custom_ids == [] and prepared.read_text() == ""
    (record,) = collect(prepared, prepared)
    assert record.status == "error" and "no room" in (record.error or "")
