"""extractor/failures.py and extractor/transport.py: what failed, named in one line; the
key never shown; Retry-After read in both of its forms."""

from __future__ import annotations

import email.utils
import time

import httpx2
import openai
import pytest
from instructor.core.exceptions import InstructorRetryException

from extractor.failures import classify, redact
from extractor.transport import retry_after_s

URL = "http://127.0.0.1:8080/v1"


def _status_error(code: int, message: str) -> openai.APIStatusError:
    request = httpx2.Request("POST", URL + "/chat/completions")
    response = httpx2.Response(code, request=request, json={"error": {"message": message}})
    return openai.APIStatusError(message, response=response, body={"error": {"message": message}})


def _wrapped(error: BaseException) -> InstructorRetryException:
    """What instructor raises around an openai error: 'invalid output after 1 attempts'."""
    try:
        try:
            raise error
        except Exception as inner:
            raise InstructorRetryException(str(inner), n_attempts=1, total_usage=0) from inner
    except InstructorRetryException as outer:
        return outer


def test_an_http_error_wrapped_by_instructor_is_named_as_http() -> None:
    failure = classify(_wrapped(_status_error(500, "boom")), URL)
    assert failure.message == f"HTTP 500 from {URL}: boom"
    assert not failure.fatal


@pytest.mark.parametrize("code", [401, 403])
def test_a_rejected_key_is_fatal_and_names_the_variable(code: int) -> None:
    failure = classify(_wrapped(_status_error(code, "no")), URL)
    assert failure.fatal and failure.kind == "key_rejected"
    assert "OPENAI_API_KEY" in failure.message and URL in failure.message


@pytest.mark.parametrize(
    ("message", "size"),
    [
        ("Requested tokens (9100) exceed context window of 8192", 8192),
        ("This model's maximum context length is 2048 tokens. However, you requested 2221", 2048),
    ],
)
def test_a_context_overflow_states_the_size(message: str, size: int) -> None:
    failure = classify(_wrapped(_status_error(400, message)), URL)
    assert failure.kind == "context_exceeded" and failure.context_tokens == size


def test_a_refused_connection_is_fatal() -> None:
    request = httpx2.Request("POST", URL)
    try:
        try:
            raise httpx2.ConnectError("[Errno 111] Connection refused", request=request)
        except httpx2.ConnectError as inner:
            raise openai.APIConnectionError(request=request) from inner
    except openai.APIConnectionError as error:
        failure = classify(_wrapped(error), URL)
    assert failure.fatal and failure.message == f"cannot reach {URL}: connection refused"


def test_redact_hides_the_key_but_not_short_values() -> None:
    key = "sk-abcdef0123456789"
    assert redact(f"Incorrect API key provided: {key}.", [key, None, "ab"]) == (
        "Incorrect API key provided: [redacted]."
    )
    assert redact("a cab", ["ab"]) == "a cab"


def test_retry_after_seconds_date_and_milliseconds() -> None:
    assert retry_after_s(httpx2.Headers({"retry-after": "3"})) == 3.0
    assert retry_after_s(httpx2.Headers({"retry-after-ms": "1500"})) == 1.5
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after_s(httpx2.Headers({"retry-after": later})) or 0) <= 31
    assert retry_after_s(httpx2.Headers({})) is None
