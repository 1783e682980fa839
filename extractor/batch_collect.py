"""Batch APIs, the way back: `collect` reads the Batch API's output file (and its error
file) into `RunRecord`s, as a live run writes them (the requests: `extractor.batch`).

The answer is parsed by instructor's own response parser for the mode, validated with the
evidence-grounding check, and when validation fails its valid items are kept by
`salvage`, as a live run does once its re-asks are spent. A batch cannot re-ask: the
record's ``dropped`` says so for every answer that would have been re-asked live, and
``retries`` is 0. Candidate-guided prompts get their candidate stage run again at collect
time (it is model-free and deterministic), and combined with the answer as live.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instructor.core.exceptions import IncompleteOutputException
from instructor.processing.response import process_response
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from pydantic_core import from_json

from extractor import backends
from extractor.articles import BadArticle, read_article
from extractor.batch import (
    BatchError,
    Manifest,
    ManifestArticle,
    RequestBuilder,
    manifest_path,
    text_sha256,
)
from extractor.grounding import ArticleIndex, alignments
from extractor.model_call import GroundedItems, grounded_in
from extractor.pipeline import assemble, prompt_variables
from extractor.prompts import Prompt, load_prompt
from extractor.records import Endpoint, RunRecord, Usage, now_utc
from extractor.salvage import salvage
from extractor.schema import Article, Extraction, ExtractionItems, first_error

NO_REASK = "a batch cannot re-ask"


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
    if text_sha256(text) != entry.sha256:
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
