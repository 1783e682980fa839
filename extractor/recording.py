"""Recorded HTTP: a backend's exchanges saved as cassettes, or served from them (vcrpy).

`Recording` and `Replaying` wrap a backend (extractor.backend); the backend does not know it
is recorded. Each article of a prompt version has its cassette,
``<directory>/<prompt id with @ as ->/<article>.yaml``, plus a small metadata file with the
latency measured while recording. While replaying, requests are matched on method, path and
body, so a changed prompt, schema or parameter shows up as `NotRecorded`, never as a stale
answer; and the recorded latencies are reported, so a replay is byte-identical run to run.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from extractor.output import write_atomic
from extractor.records import Endpoint, RunRecord
from extractor.schema import Article

if TYPE_CHECKING:
    from extractor.backend import Backend
    from extractor.cache import CacheStats

REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted: vcrpy answers or refuses first
SECRET_HEADERS = [
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project",
    "cookie", "set-cookie",
]  # fmt: skip
MATCH_ON = ["method", "path", "body"]


class CassetteError(RuntimeError):
    """Recorded HTTP cannot serve this run; one line, naming the command that fixes it."""


class NoCassette(CassetteError):
    """No cassette was recorded for this article and prompt version."""


class NotRecorded(CassetteError):
    """The cassette holds no response for a request (the prompt, article, schema or
    parameters changed since recording)."""


def _vcr() -> Any:  # imported lazily: vcrpy is a dev dependency, needed only here
    try:
        import vcr
    except ImportError as error:
        raise CassetteError("recording and replay need vcrpy: pip install -e '.[dev]'") from error
    return vcr.VCR(
        filter_headers=SECRET_HEADERS,
        decode_compressed_response=True,
        match_on=MATCH_ON,
    )


@dataclass(frozen=True)
class Cassettes:
    """Where the cassettes live, and whether to record them or replay them."""

    directory: Path
    mode: Literal["record", "replay"]

    @property
    def replay(self) -> bool:
        return self.mode == "replay"

    def misses(self) -> tuple[type[BaseException], ...]:
        """What vcrpy raises for a request it has no recording for."""
        _vcr()
        from vcr.errors import CannotOverwriteExistingCassetteException

        return (CannotOverwriteExistingCassetteException,)

    def of(self, prompt_id: str, article: str) -> Path:
        return self.directory / prompt_id.replace("@", "-") / f"{article}.yaml"


def _meta(cassette: Path) -> Path:
    return cassette.with_suffix(".meta.json")


def _rerecord_hint(prompt_id: str) -> str:
    return f"extractor eval --prompt {prompt_id} --record"


class _Wrapper:
    """Passes the Backend protocol through to the wrapped backend. One article at a time:
    vcrpy patches the HTTP client for the whole process while a cassette is in use."""

    concurrent = False

    def __init__(self, backend: Backend, cassettes: Cassettes, prompt_id: str) -> None:
        self.backend, self.cassettes, self.prompt_id = backend, cassettes, prompt_id
        self.name = backend.name

    @property
    def model(self) -> str | None:
        return self.backend.model

    @property
    def cache_stats(self) -> CacheStats | None:
        return self.backend.cache_stats


class Replaying(_Wrapper):
    """Serves every request of the wrapped backend from its cassettes, network blocked.
    Raises NoCassette or NotRecorded instead of making an article's error record."""

    def extract(self, article: Article) -> RunRecord:
        cassette = self.cassettes.of(self.prompt_id, article.id)
        hint = _rerecord_hint(self.prompt_id)
        if not cassette.is_file():
            raise NoCassette(
                f"no recording for article {article.id} with prompt {self.prompt_id} "
                f"({cassette}); record it with: {hint}"
            )
        try:
            with _vcr().use_cassette(str(cassette), record_mode="none"):
                record = self.backend.extract(article)
        except self.cassettes.misses():
            raise NotRecorded(
                f"article {article.id}, prompt {self.prompt_id}: the recording does not match "
                f"the request (prompt, schema or parameters changed); re-record with: {hint}"
            ) from None
        if _meta(cassette).is_file():
            record.latency_s = json.loads(_meta(cassette).read_text())["latency_s"]
        mode = record.endpoint.mode if record.endpoint else None
        record.endpoint = Endpoint(kind="replay", base_url=None, mode=mode)
        record.created = None
        return record


class Recording(_Wrapper):
    """Calls the wrapped backend and saves each article's HTTP exchange as its cassette."""

    def extract(self, article: Article) -> RunRecord:
        """Record into a temporary cassette; move it into place when the article is done."""
        cassette = self.cassettes.of(self.prompt_id, article.id)
        cassette.parent.mkdir(parents=True, exist_ok=True)
        temporary = cassette.with_name(f".{cassette.name}.recording.yaml")
        temporary.unlink(missing_ok=True)
        try:
            with _vcr().use_cassette(str(temporary), record_mode="all"):
                record = self.backend.extract(article)
            # A failed extraction is a result too: it is recorded, and replays as the same error.
            os.replace(temporary, cassette)
        finally:
            temporary.unlink(missing_ok=True)
        meta = {
            "latency_s": record.latency_s,
            "model": record.model,
            "prompt_sha256": record.prompt.sha256 if record.prompt else None,
        }
        write_atomic(_meta(cassette), json.dumps(meta, indent=2) + "\n")
        return record
