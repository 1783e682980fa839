"""Batch APIs: write a run's requests as OpenAI Batch API JSONL, and read the answers back
into the run records a live run writes.

`prepare` renders each article (and each chunk of a long one) into exactly the request body
a live run sends: the request is built by instructor itself, through the same
`backends.instructor_client` and `backends.request_kwargs` as `pipeline`, and captured at the
HTTP layer instead of being sent. So every mode works as live: ``json_schema_object`` (the
llama.cpp dialect, ``response_format: {"type": "json_object", "schema": ...}``), ``tools``
(``tools`` + ``tool_choice`` as instructor writes them), ``json_schema``, ``json``,
``md_json``. One line per request::

    {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}

Beside it, a manifest (``<name>.manifest.jsonl``) records the prompt, the endpoint settings
and, per article, its source, the sha256 of its text and its requests' custom_ids.

`collect` reads the Batch API's output file (and its error file) into `RunRecord`s: the
answer is parsed by instructor's own response parser for the mode, validated with the
evidence-grounding check, and when validation fails its valid items are kept by
`salvage`, as a live run does once its re-asks are spent. A batch cannot re-ask: the
record's ``dropped`` says so for every answer that would have been re-asked live, and
``retries`` is 0. Candidate-guided prompts get their candidate stage run again at collect
time (it is model-free and deterministic), and combined with the answer as live.

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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import openai
from instructor.core.exceptions import IncompleteOutputException
from instructor.processing.response import process_response
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from pydantic_core import from_json

from extractor import backends
from extractor.articles import BadArticle, read_article
from extractor.chunking import chunk_text
from extractor.grounding import ArticleIndex, alignments
from extractor.model_call import GroundedItems, grounded_in, response_schema
from extractor.pipeline import (
    Session,
    assemble,
    now_utc,
    prompt_overhead_tokens,
    prompt_variables,
)
from extractor.prompts import Prompt, load_prompt
from extractor.records import Endpoint, PromptRef, RunRecord, Usage
from extractor.salvage import salvage
from extractor.schema import Article, Extraction, ExtractionItems, first_error

log = logging.getLogger(__name__)

BATCH_URL = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # OpenAI's limit per batch input file
NO_REASK = "a batch cannot re-ask"
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


def _sha256(text: str) -> str:
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
                sha256=_sha256(article.text),
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


# --- collect ---------------------------------------------------------------------------


@dataclass
class _Answer:
    """One request's outcome in the batch output."""

    body: dict[str, Any] | None  # the chat completion, when the request got a 200
    error: str | None  # why there is no usable completion


def read_output(*paths: Path) -> dict[str, _Answer]:
    """custom_id -> answer, from Batch API output and error files (same line shape)."""
    answers: dict[str, _Answer] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                custom_id = data["custom_id"]
            except (ValueError, KeyError, TypeError):
                raise BatchError(f"{path}:{number}: not a Batch API output line") from None
            response = data.get("response") or {}
            status = response.get("status_code")
            if data.get("error") or status != 200:
                detail = data.get("error") or (response.get("body") or {}).get("error") or {}
                message = detail.get("message") if isinstance(detail, dict) else str(detail)
                answers[custom_id] = _Answer(None, f"HTTP {status}: {message or 'no answer'}")
            else:
                answers[custom_id] = _Answer(response["body"], None)
    return answers


_CONTROL = re.compile(r"[\x00-\x1f]")


def _raw_answer(completion: ChatCompletion) -> str:
    """The answer's JSON text: the message content, or the first tool call's arguments."""
    message = completion.choices[0].message
    if message.tool_calls:
        return message.tool_calls[0].function.arguments  # type: ignore[union-attr]
    text = (message.content or "").strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    return _CONTROL.sub(" ", text)  # a raw newline inside a string is invalid JSON


def _usage(body: dict[str, Any]) -> Usage:
    usage = body.get("usage") or {}
    return Usage(
        prompt_tokens=usage.get("prompt_tokens") or 0,
        completion_tokens=usage.get("completion_tokens") or 0,
        total_tokens=usage.get("total_tokens") or 0,
    )


class _Unusable(Exception):
    """An answer that came back but from which nothing could be kept."""


def parse_answer(
    body: dict[str, Any], mode: Any, index: ArticleIndex
) -> tuple[ExtractionItems, list[str]]:
    """Items of one completion, validated as live (grounding included); on failure, the
    valid items of the answer, with what was left out and why it was not re-asked."""
    completion = ChatCompletion.model_validate(body)
    try:
        with grounded_in(index):  # the grounding validator's article, as in a live run
            items = process_response(
                completion, response_model=GroundedItems, stream=False, strict=False, mode=mode
            )
        return ExtractionItems.model_validate(items.model_dump()), []
    except IncompleteOutputException:
        reason = "answer cut at max_tokens: its unfinished last item is left out"
    except ValidationError as error:
        reason = f"{NO_REASK}: {first_error(error, 'answer')}"
    except Exception as error:  # instructor wraps some parse failures in its own types
        reason = f"{NO_REASK}: {(str(error).strip().splitlines() or ['invalid'])[0]}"
    try:
        kept, dropped = salvage(from_json(_raw_answer(completion), allow_partial=True))
    except ValueError as error:
        raise _Unusable(f"invalid output, and {NO_REASK}: {reason}") from error
    return kept, [reason, *dropped]


def _article_of(entry: ManifestArticle) -> Article | str:
    """The article as prepared, or why it cannot be had any more."""
    if entry.text is not None:
        text = entry.text
    else:
        loaded = read_article(Path(entry.source or ""), entry.published, cache={})
        if isinstance(loaded, BadArticle):
            return str(loaded)
        text = loaded.text
    if _sha256(text) != entry.sha256:
        return f"{entry.source}: the article changed since the batch was prepared"
    return Article(
        id=entry.id, text=text, title=entry.title, published=entry.published,
        language=entry.language,
    )  # fmt: skip


def collect(prepared: Path, output: Path, errors: Path | None = None) -> list[RunRecord]:
    """One RunRecord per article of the prepared batch, from the batch output file(s)."""
    manifest = Manifest.read(manifest_path(prepared))
    prompt = load_prompt(manifest.prompt.id)
    if prompt.sha256 != manifest.prompt.sha256:
        raise BatchError(
            f"prompt {prompt.id} changed since the batch was prepared (sha256 "
            f"{manifest.prompt.sha256[:12]} -> {prompt.sha256[:12]}): collect with that version"
        )
    answers = read_output(*[p for p in (output, errors) if p is not None])
    config = backends.BackendConfig(base_url=manifest.base_url, model=manifest.model,
                                    mode=manifest.mode)  # fmt: skip
    mode = RequestBuilder(config, prompt).instructor.mode
    endpoint = Endpoint(kind=manifest.endpoint_kind, base_url=manifest.base_url,  # type: ignore[arg-type]
                        mode=manifest.mode)  # fmt: skip
    return [
        _collect_article(entry, answers, prompt, mode, manifest, endpoint)
        for entry in manifest.articles
    ]


def _collect_article(
    entry: ManifestArticle,
    answers: dict[str, _Answer],
    prompt: Prompt,
    mode: Any,
    manifest: Manifest,
    endpoint: Endpoint,
) -> RunRecord:
    def record(**fields: Any) -> RunRecord:
        return RunRecord(
            article=entry.id, source=entry.source, prompt=manifest.prompt, model=manifest.model,
            endpoint=endpoint, created=now_utc(), chunks=max(1, len(entry.custom_ids)), **fields,
        )  # fmt: skip

    if entry.error:
        return record(status="error", error=entry.error)
    article = _article_of(entry)
    if isinstance(article, str):
        return record(status="error", error=article)
    index = ArticleIndex(article.text)
    _, candidate_items = prompt_variables(prompt, article)
    usage, dropped, parts = Usage(), list[str](), list[ExtractionItems]()
    for custom_id in entry.custom_ids:
        answer = answers.get(custom_id) or _Answer(None, "no line in the batch output")
        if answer.body is None:
            # No answer at all is the article's error, as a failed call is in a live run.
            return record(status="error", error=f"request {custom_id}: {answer.error}",
                          usage=usage)  # fmt: skip
        usage += _usage(answer.body)
        try:
            items, notes = parse_answer(answer.body, mode, index)
        except _Unusable as unusable:
            if candidate_items is None:
                return record(status="error", error=str(unusable)[:500], usage=usage)
            dropped.append(f"model answer unusable, candidates kept: {unusable}")
            continue
        parts.append(items)
        dropped += notes
    items, notes = assemble(parts, candidate_items, article.text, index)
    dropped += notes
    try:
        extraction = Extraction.of(article, items)
    except ValidationError as error:
        return record(status="error", error=first_error(error, "extraction"), usage=usage)
    grounding = alignments(extraction, article.text)
    return record(status="ok", extraction=extraction, grounding=grounding, usage=usage,
                  dropped=dropped)  # fmt: skip
