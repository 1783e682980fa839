"""Extract one article with a model behind an OpenAI-compatible endpoint: the LLM backend.

An article is cut into chunks that fit the endpoint's context; each chunk is rendered with
the prompt (and the candidates its declared stages found) and asked for (extractor.model_call);
the answers are merged, combined with the candidates, and grounded in the article. Any
failure becomes the article's error record, except what ends the run: an endpoint that
cannot serve any article (FatalEndpointError), or an exception the session was told lets
through (`Session.interrupts`, e.g. a replay's missing recording).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from dataclasses import dataclass
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

from extractor import backends, guided
from extractor.cache import CacheStats
from extractor.chunking import chunk_text, estimate_tokens, merge_items
from extractor.failures import Failure, FatalEndpointError, classify, one_line, redact
from extractor.grounding import ArticleIndex, alignments
from extractor.model_call import Asker, AskFailed, ask_model, last_answer
from extractor.prompts import Prompt
from extractor.records import Endpoint, RunRecord, Usage, now_utc
from extractor.schema import Article, Extraction, ExtractionItems
from extractor.transport import Attempts, counting

log = logging.getLogger(__name__)


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
    ask: Asker = ask_model  # how a chunk is asked for; tests pass a stand-in
    # Exceptions that end extract_article instead of becoming the article's error record,
    # found anywhere in a failure's chain (a replay's missing recording: extractor.recording).
    interrupts: tuple[type[BaseException], ...] = ()

    def __post_init__(self) -> None:
        self.use_context(self.context_tokens or self.config.effective_context)

    def use_context(self, tokens: int) -> None:
        """Work within a context of `tokens`. Unless --max-tokens was given, the answer gets
        at most a quarter of it, so a small context (8k) still leaves room for the article."""
        self.context_tokens = tokens
        if self.config.max_tokens is None and self.config.effective_max_tokens > tokens // 4:
            self.config = dataclasses.replace(self.config, max_tokens=max(256, tokens // 4))

    @classmethod
    def open(
        cls,
        config: backends.BackendConfig,
        base_url: str,
        prompt: Prompt,
        interrupts: tuple[type[BaseException], ...] = (),
    ) -> Session:
        stats = CacheStats()
        client = backends.openai_client(config, base_url, stats)
        config = backends.fill_from_server(config, client)
        return cls(config, base_url, prompt, client, config.effective_context, stats,
                   interrupts=interrupts)  # fmt: skip

    def interruption(self, error: BaseException | None) -> BaseException | None:
        """The exception of `interrupts` in the chain of `error` (its causes), if any."""
        seen = 0
        while error is not None and seen < 10:
            if isinstance(error, self.interrupts):
                return error
            error, seen = error.__cause__ or error.__context__, seen + 1
        return None

    def describe(self, error: BaseException) -> Failure:
        """What failed, with the key redacted."""
        failure = classify(error, self.base_url)
        message = redact(one_line(failure.message), [self.config.api_key])
        return dataclasses.replace(failure, message=message)

    def endpoint(self) -> Endpoint:
        kind = self.config.endpoint_kind
        return Endpoint(kind=kind, base_url=self.base_url, mode=self.config.effective_mode)  # type: ignore[arg-type]


class LlmBackend:
    """A Backend (extractor.backend): the prompt and a model behind an endpoint."""

    name = "llm"
    concurrent = True  # the endpoint does the work: articles may be in flight side by side

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def model(self) -> str:
        return self.session.config.effective_model

    @property
    def cache_stats(self) -> CacheStats:
        return self.session.cache_stats

    def extract(self, article: Article) -> RunRecord:
        return extract_article(self.session, article)


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
                attempt = session.ask(session.config, session.client, messages, index)
            except AskFailed as failed:
                # Only an answer that came back unusable falls back; a timeout, an HTTP
                # error (no answer at all) or an interruption is the article's error.
                invalid = (InstructorRetryException, IncompleteOutputException)
                answered = isinstance(failed.cause, invalid) and last_answer(failed.cause)
                if candidate_items is None or not answered or session.interruption(failed.cause):
                    raise
                # The candidate stage's items stand without the model: keep them, and say
                # that this chunk's answer was unusable.
                usage, retries = usage + failed.usage, retries + failed.retries
                dropped.append(
                    "model answer unusable, candidates kept: "
                    + session.describe(failed.cause).message
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
        interruption = session.interruption(cause)
        if interruption is not None:
            raise interruption from None
        failure = session.describe(cause)
        if failure.fatal:
            raise FatalEndpointError(failure.message) from None
        log.info("article %s failed: %s", article.id, failure.message)
        transport = attempts.retries - retried_before
        return record(
            status="error", error=failure.message, usage=usage,
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
