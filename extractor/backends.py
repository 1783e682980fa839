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

import contextlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import instructor  # a lazy package: its clients load only in instructor_client

from extractor import local
from extractor.failures import KEY_VARIABLE, FatalEndpointError, classify

if TYPE_CHECKING:
    import openai

    from extractor.cache import CacheStats

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
    # The user's response cache (extractor/cache.py): off unless asked for (the CLI's
    # `extract` turns it on); recording and replay never use it.
    cache: bool = False
    cache_dir: str | None = None

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


def openai_client(
    config: BackendConfig, base_url: str, stats: CacheStats | None = None
) -> openai.OpenAI:
    # The openai SDK takes ~0.7 s to import: only a run that calls a model pays for it.
    import openai

    from extractor.cache import cached_http_client
    from extractor.transport import RetryingTransport, RetryPolicy

    if config.endpoint_kind == "openai" and not config.api_key:
        raise ConfigError(f"{KEY_VARIABLE} is not set; it is needed for api.openai.com")
    # The client's own retries are off: RetryingTransport retries where it can count them;
    # the cache sits above it, so a stored answer costs neither a request nor a retry.
    transport = RetryingTransport(policy=RetryPolicy(retries=config.http_retries))
    http = cached_http_client(
        Path(config.cache_dir) if config.cache_dir else None,
        enabled=config.cache,
        stats=stats,
        transport=transport,
        timeout=config.timeout_s,
        # The bundled model's port changes every run; its answers do not.
        endpoint=f"bundled:{local.MODEL_FILE}" if config.is_local else None,
    )
    return openai.OpenAI(
        base_url=base_url,
        api_key=config.api_key or PLACEHOLDER_KEY,
        max_retries=0,
        timeout=config.timeout_s,
        http_client=http,
    )


# How llama.cpp's servers sign their /v1/models entries: llama-server says "llamacpp",
# llama-cpp-python's server says "me".
LLAMA_CPP_OWNERS = ("llamacpp", "me")


@dataclass(frozen=True)
class ServerInfo:
    """What an OpenAI-compatible server says of itself (each part None when it does not)."""

    model: str | None = None
    owner: str | None = None
    context_tokens: int | None = None


def _context_of(entry: object) -> int | None:
    """The context size a /v1/models entry states: vLLM's max_model_len, llama-server's meta."""
    extra: dict = getattr(entry, "model_extra", None) or {}
    meta: dict = extra["meta"] if isinstance(extra.get("meta"), dict) else {}
    for value in (extra.get("max_model_len"), meta.get("n_ctx"), meta.get("n_ctx_train")):
        if isinstance(value, int) and value > 0:
            return value
    return None


def _props_context(client: openai.OpenAI) -> int | None:
    """llama-server's /props gives the context it was started with (n_ctx)."""
    root = str(client.base_url).rstrip("/").removesuffix("/v1")
    with contextlib.suppress(Exception):
        answer = client._client.get(f"{root}/props", timeout=5.0)  # noqa: SLF001 - same transport
        if answer.status_code == 200:
            value = answer.json().get("default_generation_settings", {}).get("n_ctx")
            if isinstance(value, int) and value > 0:
                return value
    return None


def probe_server(client: openai.OpenAI, base_url: str) -> ServerInfo:
    """Ask /v1/models what the server serves. An endpoint that refuses the connection or the
    key is fatal (every article would fail alike); one that cannot say is unknown, not wrong."""
    import openai  # already loaded: `client` is an openai.OpenAI

    try:
        models = client.with_options(timeout=10.0).models.list()
    except openai.OpenAIError as error:
        failure = classify(error, base_url)
        if failure.fatal:
            raise FatalEndpointError(failure.message) from None
        return ServerInfo()
    first = next(iter(models.data), None)
    if first is None:
        return ServerInfo()
    owner = str(getattr(first, "owned_by", "") or "")
    context = _context_of(first)
    if context is None and owner in LLAMA_CPP_OWNERS:
        context = _props_context(client)
    return ServerInfo(first.id, owner, context)


def served_model(client: openai.OpenAI) -> tuple[str, str] | None:
    """(id, owned_by) of the first model the server lists, or None."""
    info = probe_server(client, str(client.base_url))
    return (info.model, info.owner or "") if info.model else None


def fill_from_server(config: BackendConfig, client: openai.OpenAI) -> BackendConfig:
    """For a remote endpoint: check it answers and takes the key, record the model it really
    serves, use the schema-object mode for llama.cpp (whose tools mode is far too slow on a
    CPU), and learn its context size when it states one."""
    if config.is_local:
        return config
    info = probe_server(client, config.base_url or str(client.base_url))
    if config.endpoint_kind != "compatible":
        return config
    if info.model is None and not config.model:
        raise ConfigError(
            f"{config.base_url} does not list the model it serves (GET /models); "
            "name it with --model or EXTRACTOR_MODEL"
        )
    llama = info.owner in LLAMA_CPP_OWNERS
    mode = config.mode or (SCHEMA_OBJECT_MODE if llama else None)
    context = config.context_tokens or info.context_tokens
    return replace(config, model=config.model or info.model, mode=mode, context_tokens=context)


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
