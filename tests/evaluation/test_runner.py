"""The whole eval replayed from recorded responses: deterministic, gated by evals/baseline.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from extractor import backends
from extractor.evaluation import baseline, runner
from extractor.evaluation.harness import score_records
from extractor.evaluation.models import Metrics
from extractor.prompts import DEFAULT_PROMPT, available_prompts
from tests.conftest import CASSETTES, GOLD, ROOT, SEEDS

pytestmark = pytest.mark.recording
ENTRIES = baseline.load()
RECORDED = sorted(key for key in ENTRIES if "@" in key)


def replayed_report(prompt_id: str, cassettes: Path = CASSETTES) -> dict:
    """The replayed report as its JSON (what `extractor eval --out` writes)."""
    articles = runner.load_articles(SEEDS, GOLD)
    records = runner.run_extractions(
        articles, backends.BackendConfig(), prompt_id, mode="replay", cassettes=cassettes
    )
    report = score_records(records, GOLD, SEEDS, {"predictions": "replay", "git_commit": None})
    return report.model_dump(mode="json")


def test_every_prompt_version_has_a_baseline() -> None:
    assert set(RECORDED) == set(available_prompts()), "record and baseline every prompt version"


@pytest.mark.parametrize("prompt_id", RECORDED)
def test_replay_reproduces_the_baseline_exactly(prompt_id: str) -> None:
    report = replayed_report(prompt_id)
    assert report["config"]["prompt"]["sha256"] == ENTRIES[prompt_id]["prompt_sha256"]
    assert json.loads(json.dumps(report["metrics"])) == ENTRIES[prompt_id]["metrics"]


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_baseline_metrics_load_into_the_report_models(key: str) -> None:
    metrics = ENTRIES[key]["metrics"]
    assert Metrics.model_validate(metrics).model_dump(mode="json") == metrics


def test_replay_twice_gives_identical_metrics() -> None:
    first = replayed_report(DEFAULT_PROMPT)["metrics"]
    second = replayed_report(DEFAULT_PROMPT)["metrics"]
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_default_prompt_is_no_worse_than_the_best_baseline() -> None:
    best = baseline.best_f1(ENTRIES)
    default = ENTRIES[DEFAULT_PROMPT]["f1"]
    for kind in baseline.TYPES:
        assert default[kind] >= best[kind], f"{DEFAULT_PROMPT} is below the best {kind} F1"


def test_missing_recording_names_article_prompt_and_command(tmp_path: Path) -> None:
    with pytest.raises(runner.EvalError) as caught:
        replayed_report(DEFAULT_PROMPT, cassettes=tmp_path)
    message = str(caught.value)
    assert "000_b403c17cf9c6620e" in message and DEFAULT_PROMPT in message
    assert f"extractor eval --prompt {DEFAULT_PROMPT} --record" in message
    assert "\n" not in message


def test_a_changed_prompt_is_detected_as_not_recorded(tmp_path: Path, monkeypatch) -> None:
    # Edit one word of the committed prompt in a copy: the request body changes, so replay
    # must refuse with the re-record command instead of replaying a stale answer.
    prompts = tmp_path / "prompts"
    shutil.copytree(Path(ROOT, "prompts"), prompts)
    template = prompts / f"{DEFAULT_PROMPT.replace('@', '.')}.jinja"
    template.write_text(template.read_text().replace("Sahel", "Sahara", 1))
    monkeypatch.setattr("extractor.prompts.PROMPTS_DIR", prompts)
    with pytest.raises(runner.EvalError) as caught:
        replayed_report(DEFAULT_PROMPT)
    assert "does not match the request" in str(caught.value)
    assert f"extractor eval --prompt {DEFAULT_PROMPT} --record" in str(caught.value)


CREDENTIAL = re.compile(
    r"Bearer\s+[A-Za-z0-9._-]{8,}|sk-[A-Za-z0-9_-]{16,}|"
    r"(?i:\b(?:authorization|api[-_]?key|x-api-key|openai-organization|cookie)\b\s*:)"
)


def test_the_credential_scan_catches_planted_credentials() -> None:
    assert CREDENTIAL.search("authorization:\n      - Bearer sk-live-abcdefghijklmnop")
    assert CREDENTIAL.search('{"api_key": "x"}'.replace('"', "").replace("{", ""))
    assert CREDENTIAL.search("token sk-proj-ABCDEFGHIJKLMNOPQRSTUV")
    assert not CREDENTIAL.search("content-type:\n      - application/json")


def test_cassettes_hold_no_credentials() -> None:
    cassettes = sorted(Path(ROOT, "tests", "cassettes").rglob("*.yaml"))
    assert cassettes, "no cassettes found"
    for cassette in cassettes:
        hits = CREDENTIAL.findall(cassette.read_text(encoding="utf-8"))
        assert not hits, f"{cassette} may hold a credential: {hits[:3]}"
