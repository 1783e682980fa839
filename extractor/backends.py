"""Which OpenAI-compatible endpoint to talk to, and the instructor client for it.

Configuration comes from flags, else the environment:

- ``--base-url`` / ``EXTRACTOR_BASE_URL``: the endpoint (OpenAI, Ollama, vLLM, llama.cpp ...).
  When it is unset, the bundled offline model is started (see extractor.local).
- ``--model`` / ``EXTRACTOR_MODEL``: the model name the endpoint expects.
- ``OPENAI_API_KEY``: sent as the bearer token (a placeholder is used for local servers).
- ``--mode`` / ``EXTRACTOR_MODE``: how the schema is sent. ``json_schema_object`` (the
  default for llama.cpp, including the bundled model) sends
  ``response_format={"type": "json_object", "schema": ...}``, which llama.cpp turns into a
  grammar; any instructor mode name (tools, json, json_schema, md_json) is passed through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlparse

import instructor
import openai

from extractor import local

SCHEMA_OBJECT_MODE = "json_schema_object"
DEFAULT_REMOTE_MODE = "tools"
PLACEHOLDER_KEY = "sk-no-key-needed"  # llama.cpp, Ollama and vLLM accept any key


class ConfigError(ValueError):
    """A backend setting that cannot work."""


@dataclass(frozen=True)
class BackendConfig:
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str | None = None
    timeout_s: float = 600.0
    http_retries: int = 2
    reasks: int | None = None
    temperature: float = 0.0
    seed: int = 0
    max_tokens: int | None = None
    context_tokens: int | None = None

    @property
    def is_local(self) -> bool:
        return self.base_url is None

    @property
    def endpoint_kind(self) -> str:
        if self.is_local:
            return "local"
        host = urlparse(self.base_url or "").hostname or ""
        return "openai" if host.endswith("api.openai.com") else "compatible"

    @property
    def effective_mode(self) -> str:
        return self.mode or (SCHEMA_OBJECT_MODE if self.is_local else DEFAULT_REMOTE_MODE)

    @property
    def effective_model(self) -> str:
        return self.model or (local.MODEL_NAME if self.is_local else "gpt-4o-mini")

    @property
    def effective_reasks(self) -> int:
        # Each re-ask of the bundled model costs a minute of CPU and rarely fixes anything.
        return self.reasks if self.reasks is not None else (1 if self.is_local else 2)

    @property
    def effective_max_tokens(self) -> int:
        # Bounds a tiny model that loops; large models get room for long articles.
        return self.max_tokens or (1024 if self.is_local else 4096)

    @property
    def effective_context(self) -> int:
        if self.context_tokens:
            return self.context_tokens
        return local.CONTEXT_TOKENS if self.is_local else 128_000


def config_from(
    base_url: str | None = None,
    model: str | None = None,
    mode: str | None = None,
    **overrides: Any,
) -> BackendConfig:
    """Flags win over the environment; unset values stay None so defaults can apply."""
    env = os.environ
    base_url = base_url or env.get("EXTRACTOR_BASE_URL") or None
    if base_url and not urlparse(base_url).scheme.startswith("http"):
        raise ConfigError(f"base URL {base_url!r} must start with http:// or https://")
    mode = mode or env.get("EXTRACTOR_MODE") or None
    if mode and mode != SCHEMA_OBJECT_MODE and mode.upper() not in instructor.Mode.__members__:
        choices = ", ".join([SCHEMA_OBJECT_MODE, "tools", "json", "json_schema", "md_json"])
        raise ConfigError(f"unknown mode {mode!r}; choose one of: {choices}")
    context = env.get("EXTRACTOR_CONTEXT_TOKENS")
    if context and "context_tokens" not in overrides:
        overrides["context_tokens"] = int(context)
    return BackendConfig(
        base_url=base_url,
        model=model or env.get("EXTRACTOR_MODEL") or None,
        api_key=env.get("OPENAI_API_KEY") or None,
        mode=mode,
        **overrides,
    )


def openai_client(config: BackendConfig, base_url: str) -> openai.OpenAI:
    if config.endpoint_kind == "openai" and not config.api_key:
        raise ConfigError("OPENAI_API_KEY is not set; it is needed for api.openai.com")
    return openai.OpenAI(
        base_url=base_url,
        api_key=config.api_key or PLACEHOLDER_KEY,
        max_retries=config.http_retries,
        timeout=config.timeout_s,
    )


# How llama.cpp's servers sign their /v1/models entries: llama-server says "llamacpp",
# llama-cpp-python's server says "me".
LLAMA_CPP_OWNERS = ("llamacpp", "me")


def served_model(client: openai.OpenAI) -> tuple[str, str] | None:
    """(id, owned_by) of the first model an OpenAI-compatible server lists (llama.cpp, vLLM
    and Ollama serve /v1/models), or None when it lists none or cannot say."""
    try:
        models = client.with_options(timeout=10.0, max_retries=0).models.list()
    except openai.OpenAIError:
        return None
    first = next(iter(models.data), None)
    return (first.id, str(getattr(first, "owned_by", "") or "")) if first else None


def fill_from_server(config: BackendConfig, client: openai.OpenAI) -> BackendConfig:
    """For an OpenAI-compatible server: record the model it really serves, and use the
    schema-object mode when it is llama.cpp (whose tools mode is far too slow on a CPU)."""
    if config.endpoint_kind != "compatible" or (config.model and config.mode):
        return config
    served = served_model(client)
    if served is None:
        return config
    model, owner = served
    mode = config.mode or (SCHEMA_OBJECT_MODE if owner in LLAMA_CPP_OWNERS else None)
    return replace(config, model=config.model or model, mode=mode)


def instructor_client(config: BackendConfig, client: openai.OpenAI) -> instructor.Instructor:
    mode = config.effective_mode
    # Our schema-object mode rides on instructor's JSON_SCHEMA mode (native schema, no schema
    # text pasted into the prompt, re-asks on validation errors); request_kwargs() rewrites
    # its response_format into the dialect llama.cpp accepts.
    if mode == SCHEMA_OBJECT_MODE:
        instructor_mode = instructor.Mode.JSON_SCHEMA
    else:
        instructor_mode = instructor.Mode[mode.upper()]
    return instructor.from_openai(client, mode=instructor_mode)


def request_kwargs(config: BackendConfig, schema: dict[str, Any]) -> dict[str, Any]:
    """Sampling parameters, plus the schema for llama.cpp's grammar in schema-object mode."""
    kwargs: dict[str, Any] = {
        "model": config.effective_model,
        "temperature": config.temperature,
        "max_tokens": config.effective_max_tokens,
        "seed": config.seed,
    }
    if config.effective_mode == SCHEMA_OBJECT_MODE:
        # extra_body is merged last into the request body, so it replaces instructor's
        # {"type": "json_schema", ...} (which llama.cpp's server rejects with HTTP 500) by
        # {"type": "json_object", "schema": ...}, which it compiles into a grammar.
        kwargs["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
    return kwargs
