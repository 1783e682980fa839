"""Ray Data engine on a local 2-CPU Ray instance: the model-free path over 3 seed articles.

Opt-in: needs the ray extra (pip install -e '.[ray]') and EXTRACTOR_TEST_RAY=1, since
starting Ray takes seconds and its workers load spaCy (see the measured times in
docs/scale.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.articles import read_article
from extractor.model_free import extract_model_free
from extractor.ray_engine import extract_with_ray
from extractor.records import RunRecord
from tests.conftest import SEEDS

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(
        os.environ.get("EXTRACTOR_TEST_RAY") != "1", reason="set EXTRACTOR_TEST_RAY=1 to run"
    ),
]

PATHS = sorted(SEEDS.glob("*.txt"))[:3]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _strip(record: RunRecord) -> dict:
    return record.model_dump(exclude={"latency_s", "source", "created"})


def test_model_free_records_match_a_local_run(local_ray: None) -> None:
    records = list(extract_with_ray(PATHS, model_free=True, num_workers=2, batch_size=1))
    assert sorted(r.article for r in records) == [p.stem for p in PATHS]
    by_id = {r.article: r for r in records}
    for path in PATHS:
        article = read_article(path, cache={})
        local = extract_model_free(article)  # type: ignore[arg-type]
        assert _strip(by_id[path.stem]) == _strip(local)
        assert by_id[path.stem].source == str(path)
        assert by_id[path.stem].extraction.actors  # type: ignore[union-attr]


def test_unreadable_file_is_an_error_record(local_ray: None, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    (record,) = extract_with_ray([bad], model_free=True, num_workers=1)
    assert record.status == "error" and "empty" in (record.error or "")


def test_extract_engine_ray_writes_jsonl(local_ray: None, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(
        app, ["extract", *map(str, PATHS), "--engine", "ray", "--backend", "candidates",
              "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == len(PATHS)
    assert {RunRecord.model_validate_json(line).article for line in lines} == {
        p.stem for p in PATHS
    }
