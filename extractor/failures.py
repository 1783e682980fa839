"""What failed, in one line: endpoint failures told apart, secrets kept out of every message.

instructor wraps every openai error in ``InstructorRetryException``, so a refused
connection, a 401 and a truly invalid answer all read "invalid output after 1 attempts".
`classify` walks the exception chain to the first cause that says what happened and names
it: ``endpoint down`` and ``key rejected`` are fatal for the whole run (every other article
would fail the same way), the rest are one article's error record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from extractor.schema import first_error

if TYPE_CHECKING:
    import openai
    from instructor.core.exceptions import InstructorRetryException

KEY_VARIABLE = "OPENAI_API_KEY"
REDACTED = "[redacted]"
# What servers say when the prompt does not fit (llama.cpp, llama-cpp-python, vLLM, OpenAI).
# The size follows the words ("context window of 8192") or, failing that, precedes them.
_CONTEXT_LIMIT = (
    re.compile(r"(?:context (?:window|length|size)|n_ctx|maximum context)\D{0,40}?(\d{3,7})", re.I),
    re.compile(r"(\d{3,7})\D{0,40}?(?:context (?:window|length|size)|n_ctx)", re.I),
)


class FatalEndpointError(RuntimeError):
    """The endpoint cannot serve any article (down, or the key refused): stop the run."""


@dataclass(frozen=True)
class Failure:
    kind: str  # endpoint_down, key_rejected, context_exceeded, http, timeout, dropped, ...
    message: str
    fatal: bool = False
    context_tokens: int | None = None  # for context_exceeded: the size the server states


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error, then its causes and contexts, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _first(error: BaseException, kinds: type | tuple[type, ...]) -> BaseException | None:
    return next((e for e in causes(error) if isinstance(e, kinds)), None)


def _status_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())
    return " ".join(str(error.message).split())


def classify(error: BaseException, base_url: str | None) -> Failure:
    """Name what failed (see the module doc)."""
    # Imported here, not at the top: these are loaded by then (the error came from them), and
    # a run that calls no model (candidates, scoring) should not pay ~0.9 s to import them.
    import httpx2
    import openai
    from instructor.core.exceptions import InstructorRetryException

    where = base_url or "the endpoint"
    status = _first(error, openai.APIStatusError)
    if isinstance(status, openai.APIStatusError):
        code, text = status.status_code, _status_message(status)
        if code in (401, 403):
            return Failure(
                "key_rejected",
                f"{where} rejected the API key (HTTP {code}; the key is read from "
                f"{KEY_VARIABLE}): {text}",
                fatal=True,
            )
        limit = next((m for p in _CONTEXT_LIMIT if (m := p.search(text))), None)
        if code in (400, 413) and limit:
            size = int(limit.group(1))
            return Failure(
                "context_exceeded",
                f"the prompt exceeds the endpoint's context: {text}",
                False,
                size,
            )
        return Failure("http", f"HTTP {code} from {where}: {text}")
    if _first(error, (openai.APITimeoutError, httpx2.TimeoutException)) is not None:
        return Failure("timeout", f"timeout: {where} did not answer in time")
    if _first(error, httpx2.ConnectError) is not None:
        return Failure("endpoint_down", f"cannot reach {where}: connection refused", fatal=True)
    dropped = _first(error, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.WriteError))
    if dropped is not None:
        return Failure("dropped", f"{where} dropped the connection: {dropped}")
    if (connection := _first(error, openai.APIConnectionError)) is not None:
        inner = connection.__cause__ or connection
        return Failure("connection", f"connection to {where} failed: {inner}")
    malformed = _first(error, (openai.APIResponseValidationError, json.JSONDecodeError))
    if isinstance(error, InstructorRetryException) and error.failed_attempts:
        return Failure("invalid_output", _invalid_output(error))
    if malformed is not None:
        return Failure("malformed", f"malformed response body from {where}: {malformed}")
    if isinstance(error, InstructorRetryException):
        return Failure("invalid_output", _invalid_output(error))
    return Failure("other", f"{type(error).__name__}: {error}")


def _invalid_output(error: InstructorRetryException) -> str:
    attempts = getattr(error, "failed_attempts", None) or []
    cause = attempts[-1].exception if attempts else (error.__cause__ or error)
    if isinstance(cause, ValidationError):
        detail = f"{cause.error_count()} validation error(s), first: {first_error(cause, 'output')}"
    else:
        detail = (str(cause).strip().splitlines() or ["unknown"])[0]
    return f"invalid output after {error.n_attempts} attempts: {detail}"


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret (and its Bearer form) replaced; short values are ignored,
    since redacting a 3-character "key" would shred ordinary words."""
    for secret in secrets:
        if secret and len(secret) >= 8:
            text = text.replace(secret, REDACTED)
    return text


def one_line(text: str, limit: int = 500) -> str:
    return " ".join(text.split())[:limit]
