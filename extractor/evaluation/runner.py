"""`extractor eval`: extract every seed article, then score it against the gold.

Three ways to get the model's answers:

- live: call the configured endpoint (or the bundled model);
- record: the same, saving each article's HTTP exchange as a cassette
  (tests/cassettes/eval/<prompt>/<article>.yaml) plus a small metadata file with the
  latency measured while recording;
- replay: serve every request from those cassettes with vcrpy, network blocked. Requests
  are matched on method, path and body, so a changed prompt, schema or parameter shows up
  as "not recorded", never as a stale answer.

A replayed run reports the recorded latencies, so its metrics are byte-identical run to run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor import backends, local
from extractor.articles import read_article
from extractor.output import write_atomic
from extractor.pipeline import NOT_RECORDED, Session, extract_article
from extractor.prompts import Prompt, load_prompt
from extractor.records import Endpoint, RunRecord
from extractor.schema import Article

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]  # the repository: tests/cassettes lives there
CASSETTES = ROOT / "tests" / "cassettes" / "eval"
REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted: vcrpy answers or refuses first
SECRET_HEADERS = [
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project",
    "cookie", "set-cookie",
]  # fmt: skip
MATCH_ON = ["method", "path", "body"]


class EvalError(RuntimeError):
    """The eval cannot run as asked (e.g. a recording is missing); one line, for the CLI."""


@dataclass(frozen=True)
class Recording:
    prompt_id: str
    article: str
    directory: Path = CASSETTES

    @property
    def cassette(self) -> Path:
        return self.directory / self.prompt_id.replace("@", "-") / f"{self.article}.yaml"

    @property
    def meta(self) -> Path:
        return self.cassette.with_suffix(".meta.json")

    def rerecord_hint(self) -> str:
        return f"extractor eval --prompt {self.prompt_id} --record"


def _vcr():  # imported lazily: vcrpy is a dev dependency, needed only to record or replay
    try:
        import vcr
    except ImportError as error:
        raise EvalError("recording and replay need vcrpy: pip install -e '.[dev]'") from error
    return vcr.VCR(
        filter_headers=SECRET_HEADERS,
        decode_compressed_response=True,
        match_on=MATCH_ON,
    )


def load_articles(seeds_dir: Path, gold_dir: Path) -> list[Article]:
    """The seed articles that have a gold file, in id order."""
    gold_ids = {p.stem for p in gold_dir.glob("*.yaml")}
    if not gold_ids:
        raise EvalError(f"{gold_dir}: no gold files")
    articles = []
    for article_id in sorted(gold_ids):
        path = seeds_dir / f"{article_id}.txt"
        if not path.is_file():
            raise EvalError(f"{path}: article of gold file {gold_dir / article_id}.yaml is missing")
        article = read_article(path, cache={})
        if not isinstance(article, Article):
            raise EvalError(str(article))
        articles.append(article)
    return articles


def _replay_one(session: Session, article: Article, recording: Recording) -> RunRecord:
    if not recording.cassette.is_file():
        raise EvalError(
            f"no recording for article {article.id} with prompt {recording.prompt_id} "
            f"({recording.cassette}); record it with: {recording.rerecord_hint()}"
        )
    with _vcr().use_cassette(str(recording.cassette), record_mode="none"):
        record = extract_article(session, article)
    if record.error == NOT_RECORDED:
        raise EvalError(
            f"article {article.id}, prompt {recording.prompt_id}: the recording does not match "
            f"the request (prompt, schema or parameters changed); re-record with: "
            f"{recording.rerecord_hint()}"
        )
    if recording.meta.is_file():
        record.latency_s = json.loads(recording.meta.read_text())["latency_s"]
    record.endpoint = Endpoint(kind="replay", base_url=None, mode=session.config.effective_mode)
    record.created = None
    return record


def _record_one(session: Session, article: Article, recording: Recording) -> RunRecord:
    """Record into a temporary cassette and move it into place only when the article is done."""
    recording.cassette.parent.mkdir(parents=True, exist_ok=True)
    temporary = recording.cassette.with_name(f".{recording.cassette.name}.recording.yaml")
    temporary.unlink(missing_ok=True)
    try:
        with _vcr().use_cassette(str(temporary), record_mode="all"):
            record = extract_article(session, article)
        # A failed extraction is a result too: it is recorded, and replays as the same error.
        os.replace(temporary, recording.cassette)
    finally:
        temporary.unlink(missing_ok=True)
    meta = {
        "latency_s": record.latency_s,
        "model": record.model,
        "prompt_sha256": record.prompt.sha256 if record.prompt else None,
    }
    write_atomic(recording.meta, json.dumps(meta, indent=2) + "\n")
    return record


@contextlib.contextmanager
def _session(config: backends.BackendConfig, prompt: Prompt, replay: bool) -> Iterator[Session]:
    if replay:
        # No retries while replaying: a missing recording must fail at once, not retry.
        config = dataclasses.replace(config, http_retries=0)
        yield Session.open(config, REPLAY_URL, prompt)
    elif config.is_local:
        with local.LocalServer() as server:
            yield Session.open(config, server.base_url, prompt)
    else:
        yield Session.open(config, config.base_url or "", prompt)


def run_extractions(
    articles: list[Article],
    config: backends.BackendConfig,
    prompt_id: str,
    mode: str = "live",
    cassettes: Path = CASSETTES,
    on_record: Callable[[RunRecord], None] | None = None,
) -> list[RunRecord]:
    """Records for every article: live, recorded (mode="record") or replayed (mode="replay")."""
    prompt = load_prompt(prompt_id)
    records: list[RunRecord] = []
    with _session(config, prompt, replay=mode == "replay") as session:
        for article in articles:
            recording = Recording(prompt.id, article.id, cassettes)
            if mode == "replay":
                record = _replay_one(session, article, recording)
            elif mode == "record":
                record = _record_one(session, article, recording)
            else:
                record = extract_article(session, article)
            records.append(record)
            if on_record:
                on_record(record)
    return records


def ner_records(articles: list[Article], with_events: bool = False) -> list[RunRecord]:
    """The candidate stages alone as a backend, no model: actors (registry + NER), and with
    `with_events` the parse-based treaties and events as well (extractor.model_free)."""
    from extractor.model_free import extract_model_free

    return [extract_model_free(article, with_events) for article in articles]
