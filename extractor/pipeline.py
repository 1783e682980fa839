"""Extract one article; extract many with bounded concurrency.

The model is asked for `ExtractionItems`. A validator checks every evidence quote against
the article (passed through instructor's validation context), so a quote that is not in
the article is sent back to the model as a re-ask. When the re-asks are spent, the last
answer is kept if it is otherwise valid: its unfound quotes are recorded as ``not_found``
and counted, never silently dropped.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import functools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import model_validator
from pydantic_core import from_json

from extractor import backends, guided
from extractor.cache import CacheStats
from extractor.chunking import chunk_text, estimate_tokens, merge_items
from extractor.failures import Failure, FatalEndpointError, classify, one_line, redact
from extractor.grounding import ArticleIndex, alignments, iter_evidence
from extractor.prompts import Prompt
from extractor.records import Endpoint, RunRecord, Usage
from extractor.salvage import salvage
from extractor.schema import ITEM_TYPES, Article, Extraction, ExtractionItems
from extractor.transport import Attempts, counting

log = logging.getLogger(__name__)


# The article being checked, for the grounding validator. It is NOT passed to instructor as
# `context=`: instructor renders every message as a Jinja template when a context is given,
# so an article holding "{{ 7*7 }}" reached the model as "49" and "{% for %}" loops ran
# unsandboxed. A context variable is per thread, so concurrent articles keep their own.
_ARTICLE_INDEX: contextvars.ContextVar[ArticleIndex | None] = contextvars.ContextVar(
    "extractor_article_index", default=None
)


@contextlib.contextmanager
def grounded_in(index: ArticleIndex) -> Iterator[None]:
    """Validate GroundedItems against this article inside the block (this thread only)."""
    token = _ARTICLE_INDEX.set(index)
    try:
        yield
    finally:
        _ARTICLE_INDEX.reset(token)


class GroundedItems(ExtractionItems):
    """ExtractionItems whose evidence quotes must occur in the article being extracted."""

    @model_validator(mode="after")
    def _quotes_in_article(self) -> GroundedItems:
        index = _ARTICLE_INDEX.get()
        if index is None:
            return self
        missing = [
            f"{path}: {quote!r}"
            for path, _, _, quote in iter_evidence(self)
            if not index.locate(quote).found
        ]
        if missing:
            raise ValueError(
                "these evidence quotes do not occur in the article; copy each quote word for "
                "word from the article text: " + "; ".join(missing)
            )
        return self


# What the model must always write, on top of the Pydantic schema: the three lists, and for
# every item at least one evidence quote plus the fields the scorer pairs items on. A
# grammar-constrained backend (llama.cpp) otherwise lets a small model skip whole lists.
# maxItems on evidence stops a small model that repeats one quote until max_tokens runs out
# (seen with SmolLM2-135M). Bounds on string lengths or list sizes are left out: llama.cpp
# unrolls them into large grammars, and sampling slowed sharply (docs/local-model.md).
_MAX_QUOTES = 3
_ALWAYS = {
    "ExtractionItems": list(ITEM_TYPES),
    "Actor": ["name", "kind", "evidence"],
    "Treaty": ["name", "kind", "status", "parties", "evidence"],
    "Event": ["kind", "date", "participants", "evidence"],
}


def response_schema() -> dict[str, Any]:
    """The JSON Schema sent with each request: ExtractionItems, tightened as above."""
    schema = ExtractionItems.model_json_schema()
    for name, required in _ALWAYS.items():
        target = schema if name == "ExtractionItems" else schema["$defs"][name]
        target["required"] = sorted(set(target.get("required", [])) | set(required))
        if "evidence" in required:
            evidence = target["properties"]["evidence"]
            evidence.update(minItems=1, maxItems=_MAX_QUOTES)
    return schema


@dataclass
class Session:
    """What every article of one run shares: endpoint, client and prompt."""

    config: backends.BackendConfig
    base_url: str
    prompt: Prompt
    client: openai.OpenAI
    # The context size in force: configured, stated by the server, or learned from an error
    # ("exceeds the context window of 8192"); shared by the run's articles.
    context_tokens: int = 0
    cache_stats: CacheStats = dataclasses.field(default_factory=CacheStats)

    def __post_init__(self) -> None:
        self.use_context(self.context_tokens or self.config.effective_context)

    def use_context(self, tokens: int) -> None:
        """Work within a context of `tokens`. Unless --max-tokens was given, the answer gets
        at most a quarter of it, so a small context (8k) still leaves room for the article."""
        self.context_tokens = tokens
        if self.config.max_tokens is None and self.config.effective_max_tokens > tokens // 4:
            self.config = dataclasses.replace(self.config, max_tokens=max(256, tokens // 4))

    @classmethod
    def open(cls, config: backends.BackendConfig, base_url: str, prompt: Prompt) -> Session:
        stats = CacheStats()
        client = backends.openai_client(config, base_url, stats)
        config = backends.fill_from_server(config, client)
        return cls(config, base_url, prompt, client, config.effective_context, stats)

    def describe(self, error: BaseException) -> Failure:
        """What failed, with the key redacted."""
        failure = classify(error, self.base_url)
        message = redact(one_line(failure.message), [self.config.api_key])
        return dataclasses.replace(failure, message=message)

    def endpoint(self) -> Endpoint:
        kind = self.config.endpoint_kind
        return Endpoint(kind=kind, base_url=self.base_url, mode=self.config.effective_mode)  # type: ignore[arg-type]


@dataclass
class _Attempt:
    items: ExtractionItems
    usage: Usage
    retries: int
    dropped: list[str]


class AskFailed(Exception):
    """A call that produced nothing usable; carries what it cost."""

    def __init__(self, cause: BaseException, usage: Usage, retries: int) -> None:
        super().__init__(str(cause))
        self.cause, self.usage, self.retries = cause, usage, retries


def now_utc() -> str:
    return (
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def _usage_of(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    return Usage(
        prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
        completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
        total_tokens=getattr(usage, "total_tokens", 0) or 0,
    )


def _last_answer(error: InstructorRetryException | IncompleteOutputException) -> str | None:
    completion = error.last_completion
    try:
        return completion.choices[0].message.content  # type: ignore[union-attr]
    except (AttributeError, IndexError, TypeError):
        return None


def _ask(session: Session, messages: list[dict[str, str]], index: ArticleIndex) -> _Attempt:
    """One structured call with re-asks; keeps a last answer whose only fault is grounding."""
    client = backends.instructor_client(session.config, session.client)
    responses: list[Any] = []
    client.on("completion:response", responses.append)
    kwargs = backends.request_kwargs(session.config, response_schema())

    def spent() -> Usage:
        return sum((_usage_of(r) for r in responses), Usage())

    try:
        with grounded_in(index):
            items, completion = client.chat.completions.create_with_completion(
                response_model=GroundedItems,
                messages=messages,  # type: ignore[arg-type]
                max_retries=session.config.effective_reasks,  # re-asks after the first attempt
                strict=False,
                **kwargs,
            )
        usage = spent() if responses else _usage_of(completion)
        plain = ExtractionItems.model_validate(items.model_dump())
        return _Attempt(plain, usage, max(len(responses) - 1, 0), [])
    except (InstructorRetryException, IncompleteOutputException) as error:
        retries = max(len(responses) - 1, 0)
        answer = _last_answer(error)
        try:
            # Re-asks spent, or the answer cut at max_tokens: keep the valid items of the
            # last answer (parsed as far as it goes). Grounding is not checked here, so its
            # unfound quotes are kept and reported as not_found.
            data = from_json(_json_text(answer or ""), allow_partial=True)
            kept, dropped = salvage(data)
        except ValueError:  # not JSON, or not an object: nothing to keep
            raise AskFailed(error, spent(), retries) from error
        if isinstance(error, IncompleteOutputException):
            dropped.insert(0, "answer cut at max_tokens: its unfinished last item is left out")
        log.info("re-asks spent; kept %d items, dropped %d", _count(kept), len(dropped))
        return _Attempt(kept, spent(), retries, dropped)
    except Exception as error:
        raise AskFailed(error, spent(), max(len(responses) - 1, 0)) from error


def _count(items: ExtractionItems) -> int:
    return len(items.actors) + len(items.treaties) + len(items.events)


_CONTROL = re.compile(r"[\x00-\x1f]")


def _json_text(answer: str) -> str:
    """The answer without markdown fences, control characters made spaces: a raw newline
    inside a string is invalid JSON, and between tokens a space means the same."""
    text = answer.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    return _CONTROL.sub(" ", text)


NOT_RECORDED = (
    "no recorded response matches this request (the prompt, article, schema or parameters "
    "changed since recording); re-record with: make record"
)


def _not_recorded(error: BaseException | None) -> bool:
    """True when vcrpy refused a request it has no recording for (replay mode)."""
    seen = 0
    while error is not None and seen < 10:
        if type(error).__name__ == "CannotOverwriteExistingCassetteException":
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _error_message(session: Session, error: BaseException) -> str:
    if _not_recorded(error):
        return NOT_RECORDED
    return session.describe(error).message


def prompt_variables(
    prompt: Prompt, article: Article
) -> tuple[dict[str, Any], ExtractionItems | None]:
    """Template variables but the article text, and the candidate actors if the prompt
    version declares candidate stages (its spec's `stages`, extractor.prompts)."""
    variables: dict[str, Any] = {"published": article.published or "unknown"}
    if not prompt.stages:
        return variables, None
    found, candidate_items = guided.prepare(
        article.text, article.published, prompt.stages, language=article.language
    )
    return {**variables, **found}, candidate_items


def prompt_overhead_tokens(session: Session, variables: dict[str, Any]) -> int:
    messages = session.prompt.render(**{**variables, "article": ""})
    return sum(estimate_tokens(m["content"]) for m in messages) + 16


def assemble(
    parts: list[ExtractionItems],
    candidate_items: ExtractionItems | None,
    text: str,
    index: ArticleIndex,
) -> tuple[ExtractionItems, list[str]]:
    """One article's items from its chunks' answers (a live run's or a batch's): merged
    across chunks, then linked to and completed with the candidate stages' items; with the
    notes on what was left out."""
    notes: list[str] = []
    if len(parts) > 1:
        items, notes = merge_items(parts, index)
    else:
        items = parts[0] if parts else ExtractionItems()
    if candidate_items is not None:
        items, combined = guided.combine(items, candidate_items, text)
        notes += combined
    return items, notes


def extract_article(session: Session, article: Article) -> RunRecord:
    """Extract one article into a RunRecord; failures become an error record.

    Raises FatalEndpointError when the endpoint cannot serve any article (down, or the key
    refused): the caller stops the run instead of writing the same error for every article.
    An article that overflows the endpoint's context is run once more, in chunks that fit
    the size the server's error states."""
    with counting() as attempts:
        record, failure = _extract_once(session, article, attempts)
        if failure is not None and _context_learned(session, failure):
            record, _ = _extract_once(session, article, attempts)
    return record


def _context_learned(session: Session, failure: Failure) -> bool:
    size = failure.context_tokens
    if size is None or size >= session.context_tokens:
        return False
    log.info("the endpoint's context is %d tokens; chunking for it", size)
    session.use_context(size)
    return True


def _extract_once(
    session: Session, article: Article, attempts: Attempts
) -> tuple[RunRecord, Failure | None]:
    started = time.perf_counter()
    record = functools.partial(
        RunRecord,
        article=article.id,
        prompt=session.prompt.ref(),
        model=session.config.effective_model,
        endpoint=session.endpoint(),
        created=now_utc(),
    )
    retried_before = attempts.retries
    index = ArticleIndex(article.text)
    candidate_items = None
    chunks: list[str] = []
    parts: list[ExtractionItems] = []
    usage, retries, dropped = Usage(), 0, list[str]()
    try:
        # Inside the try: an article too long to chunk, or metadata the Extraction refuses
        # (a bad published date), is this article's error record, not the batch's end.
        variables, candidate_items = prompt_variables(session.prompt, article)
        budget = session.context_tokens - session.config.effective_max_tokens
        budget -= prompt_overhead_tokens(session, variables)
        chunks = chunk_text(article.text, max_tokens=budget)
        for chunk in chunks:
            if len(chunks) > 1 and candidate_items is not None:
                # Each chunk carries the candidates found in it, not the whole article's:
                # the list alone would otherwise eat the room left for the text.
                chunk_article = article.model_copy(update={"text": chunk})
                variables, _ = prompt_variables(session.prompt, chunk_article)
            messages = session.prompt.render(article=chunk, **variables)
            try:
                attempt = _ask(session, messages, index)
            except AskFailed as failed:
                # Only an answer that came back unusable falls back; a timeout, an HTTP
                # error or a missing recording (no answer at all) is the article's error.
                invalid = (InstructorRetryException, IncompleteOutputException)
                answered = isinstance(failed.cause, invalid) and _last_answer(failed.cause)
                if candidate_items is None or not answered or _not_recorded(failed.cause):
                    raise
                # The candidate stage's items stand without the model: keep them, and say
                # that this chunk's answer was unusable.
                usage, retries = usage + failed.usage, retries + failed.retries
                dropped.append(
                    "model answer unusable, candidates kept: "
                    + _error_message(session, failed.cause)
                )
                continue
            parts.append(attempt.items)
            usage, retries = usage + attempt.usage, retries + attempt.retries
            dropped += attempt.dropped
        items, notes = assemble(parts, candidate_items, article.text, index)
        dropped += notes
        extraction = Extraction.of(article, items)
    except Exception as error:  # one article failing must not stop the batch
        cause: BaseException = error
        if isinstance(error, AskFailed):
            usage, retries, cause = usage + error.usage, retries + error.retries, error.cause
        failure = session.describe(cause)
        if failure.fatal and not _not_recorded(cause):
            raise FatalEndpointError(failure.message) from None
        log.info("article %s failed: %s", article.id, failure.message)
        transport = attempts.retries - retried_before
        return record(
            status="error", error=_error_message(session, cause), usage=usage,
            retries=retries + transport, transport_retries=transport,
            latency_s=round(time.perf_counter() - started, 3), chunks=len(chunks) or 1,
        ), failure  # fmt: skip
    grounding = alignments(extraction, article.text)
    transport = attempts.retries - retried_before
    secrets = [session.config.api_key]
    return record(
        status="ok", extraction=extraction, grounding=grounding, usage=usage,
        dropped=[redact(d, secrets) for d in dropped], retries=retries + transport,
        transport_retries=transport, latency_s=round(time.perf_counter() - started, 3),
        chunks=len(chunks),
    ), None  # fmt: skip


def extract_many(
    session: Session,
    articles: Iterable[Article],
    concurrency: int = 1,
    extract: Callable[[Session, Article], RunRecord] = extract_article,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[RunRecord]:
    """Yield records as articles finish, keeping at most `concurrency` in flight."""
    pending: set[Future[RunRecord]] = set()
    queue = iter(articles)
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency))
    try:
        for article in queue:
            if stop():  # a budget reached: start nothing new, finish what is in flight
                break
            pending.add(pool.submit(contextvars.copy_context().run, extract, session, article))
            if len(pending) >= concurrency:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
    finally:
        # A fatal error (endpoint down) or Ctrl-C: articles not started are not started.
        pool.shutdown(wait=True, cancel_futures=True)
