"""One concept of "backend": what turns an article into a RunRecord, and the one place a run
picks it.

Every backend offers the `Backend` protocol; the CLI and the eval runner open one with
`open_backend` and then only talk to the protocol:

- ``llm``: the prompt and a model behind an OpenAI-compatible endpoint
  (`extractor.pipeline.LlmBackend`); without a base URL the bundled model is started on
  loopback for the block (extractor.local), as any other endpoint;
- ``candidates`` / ``ner``: the model-free candidate stages (`extractor.model_free.ModelFree`);
- recorded HTTP wraps an ``llm`` backend: each article's exchange is saved as a cassette, or
  served from one (`extractor.recording.Recording` / `Replaying`).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Protocol

from extractor import local
from extractor.backends import BackendConfig
from extractor.model_free import STAGES, ModelFree
from extractor.prompts import load_prompt
from extractor.records import RunRecord
from extractor.schema import Article

if TYPE_CHECKING:
    from extractor.cache import CacheStats
    from extractor.recording import Cassettes

NAMES = ("llm", *STAGES)  # llm, ner, candidates


class Backend(Protocol):
    """Turns one article into its RunRecord; a failed article is an error record, and only
    what ends the whole run raises (e.g. FatalEndpointError: the endpoint is down)."""

    name: str  # llm, ner or candidates
    concurrent: bool  # whether articles may be extracted side by side

    @property
    def model(self) -> str | None:
        """The model whose tokens are paid for (prices, budgets); None: no model is called."""

    @property
    def cache_stats(self) -> CacheStats | None:
        """The response cache's counts, when there is one."""

    def extract(self, article: Article) -> RunRecord: ...


def choose(name: str, config: BackendConfig) -> str:
    """`auto`: the model when an endpoint is configured, else the candidate stages."""
    if name != "auto":
        return name
    return "candidates" if config.is_local else "llm"


@contextlib.contextmanager
def open_backend(
    name: str,
    config: BackendConfig,
    prompt_id: str,
    cassettes: Cassettes | None = None,
    started: Callable[[str], None] = lambda base_url: None,
) -> Iterator[Backend]:
    """The backend `name` for one block: the bundled model (when `llm` has no base URL) runs
    until the block ends. With `cassettes`, an `llm` backend records or replays its HTTP;
    the model-free backends make no requests, so there is nothing to record. `started` is
    told the bundled model's URL once it answers."""
    if name in STAGES:
        yield ModelFree(name)
        return
    if name != "llm":
        raise ValueError(f"unknown backend {name!r}; choose one of: {', '.join(NAMES)}")
    # The LLM path (openai, instructor, vcrpy) loads only when a model is called.
    from extractor.pipeline import LlmBackend, Session
    from extractor.recording import REPLAY_URL, Recording, Replaying

    prompt = load_prompt(prompt_id)
    if cassettes is not None and cassettes.replay:
        # No retries while replaying: a missing recording must fail at once, not retry.
        config = dataclasses.replace(config, http_retries=0)
        session = Session.open(config, REPLAY_URL, prompt, interrupts=cassettes.misses())
        yield Replaying(LlmBackend(session), cassettes, prompt.id)
        return
    with _endpoint(config, started) as base_url:
        backend = LlmBackend(Session.open(config, base_url, prompt))
        yield Recording(backend, cassettes, prompt.id) if cassettes is not None else backend


@contextlib.contextmanager
def _endpoint(config: BackendConfig, started: Callable[[str], None]) -> Iterator[str]:
    """The configured base URL, else the bundled model's, started (and always stopped)."""
    if not config.is_local:
        yield config.base_url or ""
        return
    with local.LocalServer() as server:
        started(server.base_url)
        yield server.base_url


def extract_all(
    backend: Backend,
    articles: Iterable[Article],
    concurrency: int = 1,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[RunRecord]:
    """Yield records as articles finish, keeping at most `concurrency` in flight (one at a
    time for a backend that is not concurrent)."""
    width = max(1, concurrency if backend.concurrent else 1)
    pending: set[Future[RunRecord]] = set()
    pool = ThreadPoolExecutor(max_workers=width)
    try:
        for article in articles:
            if stop():  # a budget reached: start nothing new, finish what is in flight
                break
            pending.add(pool.submit(contextvars.copy_context().run, backend.extract, article))
            if len(pending) >= width:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
    finally:
        # A fatal error (endpoint down) or Ctrl-C: articles not started are not started.
        pool.shutdown(wait=True, cancel_futures=True)
