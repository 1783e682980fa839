"""Batch APIs: write a run's requests as OpenAI Batch API JSONL, with the manifest that
lets `extractor.batch_collect` read the answers back into the run records a live run writes.

`prepare` renders each article (and each chunk of a long one) into exactly the request body
a live run sends: the request is built by instructor itself, through the same
`backends.instructor_client` and `backends.request_kwargs` as `pipeline`, and captured at the
HTTP layer instead of being sent. So every mode works as live: ``json_schema_object`` (the
llama.cpp dialect, ``response_format: {"type": "json_object", "schema": ...}``), ``tools``
(``tools`` + ``tool_choice`` as instructor writes them), ``json_schema``, ``json``,
``md_json``. One line per request::

    {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}

Beside it, a manifest (``<name>.manifest.jsonl``) records the prompt, the endpoint settings
and, per article, its source, the sha256 of its text and its requests' custom_ids, which
`extractor.batch_collect` reads the answers back with.

Submitting and polling use the openai SDK (``files.create``, ``batches.create``,
``batches.retrieve``, ``files.content``), see extractor.cli.batch. instructor 1.17 has a
``BatchProcessor``, but it writes its own request body (strict json_schema, no seed, not
the llama.cpp dialect) and parses answers without validation context, so neither the
requests nor the records would be those of a live run; only the SDK calls are reused.

The same JSONL runs through vLLM's offline batch runner on one's own GPUs::

    vllm run-batch -i prepared.jsonl -o output.jsonl --model Qwen/Qwen2.5-7B-Instruct

(prepare with ``--model`` set to the model vLLM serves, and ``--mode json_schema``, which
vLLM enforces as structured output), then ``extractor batch collect prepared.jsonl
--output output.jsonl``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import openai

from extractor import backends
from extractor.chunking import chunk_text
from extractor.model_call import GroundedItems, response_schema
from extractor.pipeline import Session, prompt_overhead_tokens, prompt_variables
from extractor.prompts import Prompt
from extractor.records import PromptRef, now_utc
from extractor.schema import Article

log = logging.getLogger(__name__)

BATCH_URL = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # OpenAI's limit per batch input file
_CAPTURE_URL = "http://batch.invalid/v1"  # never contacted: the transport stops the request


class BatchError(ValueError):
    """A prepared file, manifest or output that cannot be used; one line, for the CLI."""


def manifest_path(prepared: Path) -> Path:
    return prepared.with_name(f"{prepared.stem}.manifest.jsonl")


@dataclass
class ManifestArticle:
    id: str
    sha256: str
    custom_ids: list[str]
    source: str | None = None
    published: str | None = None
    language: str | None = None
    title: str | None = None
    text: str | None = None  # only when there is no source file to read it back from
    error: str | None = None  # why no request could be made for it (collect: error record)


@dataclass
class Manifest:
    prompt: PromptRef
    model: str
    mode: str
    endpoint_kind: str
    base_url: str | None
    created: str
    articles: list[ManifestArticle] = field(default_factory=list)

    def write(self, path: Path) -> None:
        header = {k: v for k, v in dataclasses.asdict(self).items() if k != "articles"}
        header["prompt"] = self.prompt.model_dump()
        lines = [json.dumps({"batch_manifest": 1, **header})]
        lines += [json.dumps(dataclasses.asdict(a), ensure_ascii=False) for a in self.articles]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            header = json.loads(lines[0])
            if header.pop("batch_manifest", None) != 1:
                raise ValueError("not a batch manifest")
            header["prompt"] = PromptRef.model_validate(header["prompt"])
            articles = [ManifestArticle(**json.loads(line)) for line in lines[1:] if line.strip()]
        except (OSError, IndexError, ValueError, TypeError, KeyError) as error:
            raise BatchError(f"{path}: not a batch manifest ({error})") from None
        return cls(**header, articles=articles)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Captured(Exception):
    """Raised by the capturing transport: the request is built, and not sent."""


@contextlib.contextmanager
def _quiet_instructor() -> Iterator[None]:
    # instructor logs every failed attempt; here the failure is the point.
    logger = logging.getLogger("instructor")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class RequestBuilder:
    """Request bodies exactly as a live run's instructor client would send them.

    `session` is a pipeline Session on a client whose transport captures each request and
    stops it: its config is the live run's (max_tokens fitted to the context as live)."""

    def __init__(self, config: backends.BackendConfig, prompt: Prompt) -> None:
        self._bodies: list[dict[str, Any]] = []
        http = httpx2.Client(transport=httpx2.MockTransport(self._capture))
        client = openai.OpenAI(base_url=_CAPTURE_URL, api_key="unused", max_retries=0,
                               http_client=http)  # fmt: skip
        self.session = Session(config, _CAPTURE_URL, prompt, client)
        self.instructor = backends.instructor_client(self.session.config, client)
        self.kwargs = backends.request_kwargs(self.session.config, response_schema())

    def _capture(self, request: httpx2.Request) -> httpx2.Response:
        self._bodies.append(json.loads(request.content))
        raise _Captured

    def body(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        self._bodies.clear()
        with _quiet_instructor(), contextlib.suppress(Exception):
            self.instructor.chat.completions.create(
                response_model=GroundedItems,
                messages=messages,  # type: ignore[arg-type]
                max_retries=1,
                strict=False,
                **self.kwargs,
            )
        if not self._bodies:
            raise BatchError("instructor built no request for these messages")
        return self._bodies[0]

    def requests(self, article: Article) -> list[dict[str, Any]]:
        """The article's request bodies, one per chunk, cut and rendered as
        `pipeline.extract_article` does (a ValueError when it cannot be chunked)."""
        session = self.session
        variables, candidates = prompt_variables(session.prompt, article)
        budget = session.context_tokens - session.config.effective_max_tokens
        budget -= prompt_overhead_tokens(session, variables)
        chunks = chunk_text(article.text, max_tokens=budget)
        bodies = []
        for chunk in chunks:
            if len(chunks) > 1 and candidates is not None:
                # As live: each chunk carries the candidates found in it.
                chunk_article = article.model_copy(update={"text": chunk})
                variables, _ = prompt_variables(session.prompt, chunk_article)
            bodies.append(self.body(session.prompt.render(article=chunk, **variables)))
        return bodies


def prepare(
    articles: Iterable[tuple[Article, str | None]],
    config: backends.BackendConfig,
    prompt: Prompt,
    out: Path,
) -> Manifest:
    """Write the Batch API JSONL for (article, source path) pairs to `out`, and its
    manifest beside it; returns the manifest. Refuses more than MAX_REQUESTS lines."""
    builder = RequestBuilder(config, prompt)
    manifest = Manifest(
        prompt=prompt.ref(), model=config.effective_model, mode=config.effective_mode,
        endpoint_kind=config.endpoint_kind, base_url=config.base_url, created=now_utc(),
    )  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for article, source in articles:
            entry = ManifestArticle(
                id=article.id,
                sha256=text_sha256(article.text),
                custom_ids=[],
                source=source,
                published=article.published,
                language=article.language,
                title=article.title,
                text=None if source else article.text,
            )
            manifest.articles.append(entry)
            try:
                # As in a live run, an article too long to chunk is that article's error.
                bodies = builder.requests(article)
            except ValueError as error:
                entry.error = f"ValueError: {error}"[:500]
                continue
            ids = [f"{article.id}/{n}" for n in range(len(bodies))] if len(bodies) > 1 else [
                article.id
            ]  # fmt: skip
            for custom_id, body in zip(ids, bodies, strict=True):
                line = {"custom_id": custom_id, "method": "POST", "url": BATCH_URL, "body": body}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
                if count > MAX_REQUESTS:
                    raise BatchError(
                        f"more than {MAX_REQUESTS:,} requests: the Batch API takes at most "
                        "that many per file; prepare the archive in parts"
                    )
            entry.custom_ids = ids
    manifest.write(manifest_path(out))
    return manifest
