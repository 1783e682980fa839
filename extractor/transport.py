"""HTTP retries under the openai client: back-off that honours Retry-After, counted per article.

The openai client's own retries are invisible to the caller (an article that needed three
tries reported ``retries: 0``), and instructor then wraps whatever finally failed as
"invalid output". So the client runs with ``max_retries=0`` and this transport retries
instead, where every attempt can be seen:

- retried: 429, 500, 502, 503, 504, timeouts, dropped connections, a truncated body (the
  body is read here, so a cut shows up inside the loop) and a 200 whose body is not JSON;
- Retry-After (seconds or an HTTP date) is honoured, capped; without it the delay doubles
  from `base_delay_s`. A 429 or 503 with Retry-After pauses every thread of the run, not
  only the one that got it, so concurrent articles back off together;
- each retry is counted in the article's `Attempts` (a context variable set per article, so
  concurrent articles on threads keep their own counts).
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx2

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_NETWORK_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


@dataclass
class Attempts:
    """What the transport did for one article: retries and why."""

    retries: int = 0
    causes: list[str] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[Attempts | None] = contextvars.ContextVar(
    "extractor_attempts", default=None
)


@contextlib.contextmanager
def counting() -> Iterator[Attempts]:
    """Count the transport's retries for the calls made inside this block (this thread)."""
    attempts = Attempts()
    token = _CURRENT.set(attempts)
    try:
        yield attempts
    finally:
        _CURRENT.reset(token)


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    max_retry_after_s: float = 120.0


def retry_after_s(headers: httpx2.Headers) -> float | None:
    """Seconds to wait from Retry-After (seconds or HTTP date) or retry-after-ms; else None."""
    if (ms := headers.get("retry-after-ms")) is not None:
        with contextlib.suppress(ValueError):
            return max(0.0, float(ms) / 1000)
    value = headers.get("retry-after")
    if value is None:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    parsed = email.utils.parsedate_to_datetime(value) if value.strip() else None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _is_json(response: httpx2.Response) -> bool:
    try:
        json.loads(response.content)
    except ValueError:
        return False
    return True


class RetryingTransport(httpx2.BaseTransport):
    """Wraps a transport; retries what a later attempt can fix (see the module doc)."""

    def __init__(
        self,
        inner: httpx2.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner or httpx2.HTTPTransport()
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._pause_until = 0.0
        self._lock = threading.Lock()

    def _delay(self, attempt: int) -> float:
        delay = self.policy.base_delay_s * (2**attempt)
        return min(self.policy.max_delay_s, delay * (0.75 + random.random() / 2))

    def _wait_shared_pause(self) -> None:
        with self._lock:
            wait = self._pause_until - time.monotonic()
        if wait > 0:
            self._sleep(wait)

    def _note(self, cause: str, delay: float) -> None:
        attempts = _CURRENT.get()
        if attempts is not None:
            attempts.retries += 1
            attempts.causes.append(cause)
        log.info("retrying in %.1fs after %s", delay, cause)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        last = self.policy.retries
        for attempt in range(last + 1):
            self._wait_shared_pause()
            try:
                response = self.inner.handle_request(request)
                response.read()  # a body cut short fails here, where it can be retried
            except _NETWORK_ERRORS as error:
                if attempt == last:
                    raise
                delay = self._delay(attempt)
                self._note(f"{type(error).__name__}: {error}", delay)
                self._sleep(delay)
                continue
            status = response.status_code
            if status in RETRY_STATUSES and attempt < last:
                hinted = retry_after_s(response.headers)
                capped = min(hinted, self.policy.max_retry_after_s) if hinted is not None else None
                if capped is not None and status in (429, 503):
                    delay = capped
                    with self._lock:  # everyone waits: the server asked for room
                        self._pause_until = max(self._pause_until, time.monotonic() + delay)
                    self._note(f"HTTP {status} (Retry-After {delay:.1f}s)", delay)
                    response.close()
                    continue
                delay = self._delay(attempt) if capped is None else capped
                self._note(f"HTTP {status}", delay)
                response.close()
                self._sleep(delay)
                continue
            if (
                status == 200
                and request.url.path.endswith("/chat/completions")
                and not _is_json(response)
                and attempt < last
            ):
                delay = self._delay(attempt)
                self._note("a response body that is not JSON", delay)
                response.close()
                self._sleep(delay)
                continue
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    def close(self) -> None:
        self.inner.close()
