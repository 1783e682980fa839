"""One structured call to the model: the request, its re-asks, and what is kept of it.

The model is asked for `ExtractionItems`. A validator checks every evidence quote against
the article (the article reaches it through a context variable, see `grounded_in`), so a
quote that is not in the article is sent back to the model as a re-ask. When the re-asks
are spent, the last answer is kept if it is otherwise valid: its unfound quotes are
recorded as ``not_found`` and counted, never silently dropped.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import model_validator
from pydantic_core import from_json

from extractor import backends
from extractor.grounding import ArticleIndex, iter_evidence
from extractor.records import Usage
from extractor.salvage import salvage
from extractor.schema import ITEM_TYPES, ExtractionItems

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
class Attempt:
    """What one call (with its re-asks) produced and cost."""

    items: ExtractionItems
    usage: Usage
    retries: int
    dropped: list[str]


class AskFailed(Exception):
    """A call that produced nothing usable; carries what it cost."""

    def __init__(self, cause: BaseException, usage: Usage, retries: int) -> None:
        super().__init__(str(cause))
        self.cause, self.usage, self.retries = cause, usage, retries


# How a session asks the model: the endpoint's settings and client, the chat messages, and
# the article the answer's quotes must come from. Tests pass a stand-in for `ask_model`.
Asker = Callable[
    [backends.BackendConfig, openai.OpenAI, list[dict[str, str]], ArticleIndex], Attempt
]


def _usage_of(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    return Usage(
        prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
        completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
        total_tokens=getattr(usage, "total_tokens", 0) or 0,
    )


def last_answer(error: InstructorRetryException | IncompleteOutputException) -> str | None:
    completion = error.last_completion
    try:
        return completion.choices[0].message.content  # type: ignore[union-attr]
    except (AttributeError, IndexError, TypeError):
        return None


def ask_model(
    config: backends.BackendConfig,
    client: openai.OpenAI,
    messages: list[dict[str, str]],
    index: ArticleIndex,
) -> Attempt:
    """One structured call with re-asks; keeps a last answer whose only fault is grounding.
    Raises AskFailed when nothing usable came back."""
    structured = backends.instructor_client(config, client)
    responses: list[Any] = []
    structured.on("completion:response", responses.append)
    kwargs = backends.request_kwargs(config, response_schema())

    def spent() -> Usage:
        return sum((_usage_of(r) for r in responses), Usage())

    try:
        with grounded_in(index):
            items, completion = structured.chat.completions.create_with_completion(
                response_model=GroundedItems,
                messages=messages,  # type: ignore[arg-type]
                max_retries=config.effective_reasks,  # re-asks after the first attempt
                strict=False,
                **kwargs,
            )
        usage = spent() if responses else _usage_of(completion)
        plain = ExtractionItems.model_validate(items.model_dump())
        return Attempt(plain, usage, max(len(responses) - 1, 0), [])
    except (InstructorRetryException, IncompleteOutputException) as error:
        retries = max(len(responses) - 1, 0)
        answer = last_answer(error)
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
        return Attempt(kept, spent(), retries, dropped)
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
