"""The JSON record written for each article by `extractor extract` (one line of JSONL)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.schema import Extraction


class PromptRef(BaseModel):
    """Which prompt made an output: name, version and the sha256 of the template file."""

    id: str = Field(description="name@version, e.g. extract@v1")
    name: str
    version: str
    sha256: str


class Endpoint(BaseModel):
    kind: Literal["local", "openai", "compatible", "replay", "ner", "candidates"] = Field(
        description="local: the bundled model; openai: api.openai.com; compatible: any other "
        "OpenAI-compatible server; replay: recorded responses; ner: the NER baseline; "
        "candidates: the model-free candidate stages"
    )
    base_url: str | None = None
    mode: str | None = Field(default=None, description="instructor mode used")


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class QuoteAlignment(BaseModel):
    path: str = Field(description="where the quote sits, e.g. actors[2].evidence[0]")
    quote: str
    status: Literal["exact", "normalized", "fuzzy", "not_found"]
    start: int | None = None
    end: int | None = None
    score: float = 0.0


class RunRecord(BaseModel):
    """Everything needed to trace one article's result back to how it was made."""

    model_config = ConfigDict(extra="forbid")

    article: str
    source: str | None = Field(default=None, description="path of the article file")
    status: Literal["ok", "error"]
    error: str | None = None
    extraction: Extraction | None = None
    grounding: list[QuoteAlignment] = Field(default_factory=list)
    prompt: PromptRef | None = None
    model: str | None = None
    endpoint: Endpoint | None = None
    usage: Usage = Field(default_factory=Usage)
    retries: int = Field(
        default=0,
        description="extra calls: re-asks after invalid answers plus transport retries",
    )
    transport_retries: int = Field(
        default=0, description="calls repeated after a 429, 5xx, timeout or dropped connection"
    )
    dropped: list[str] = Field(
        default_factory=list,
        description="items or references of the model's last answer left out as invalid, "
        "with the reason (kept when re-asks are spent: valid items survive)",
    )
    cost_usd: float | None = Field(
        default=None,
        description="price of the tokens used (every attempt), from the price table; null "
        "when the model has no price",
    )
    latency_s: float = 0.0
    chunks: int = 1
    created: str | None = Field(default=None, description="UTC time the record was made")


def now_utc() -> str:
    """A record's creation time: UTC, to the second, ISO 8601 with a Z."""
    return (
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )
