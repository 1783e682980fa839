"""What several commands share: the endpoint options, opening a backend, checking a
--published date, and the logging setup that keeps the API key out of every line."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Annotated

import typer

from extractor import backends, local
from extractor.backend import open_backend
from extractor.cli.common import err, fail
from extractor.datevalues import date_precision_of
from extractor.failures import FatalEndpointError, redact
from extractor.prompts import PromptError

if TYPE_CHECKING:
    from extractor.backend import Backend

BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint [env: EXTRACTOR_BASE_URL]; "
                 "unset: the bundled offline model."),
]  # fmt: skip
Model = Annotated[str | None, typer.Option("--model", help="Model name [env: EXTRACTOR_MODEL].")]
Mode = Annotated[
    str | None,
    typer.Option("--mode", help="How the schema is sent: json_schema_object (llama.cpp), tools, "
                 "json, json_schema, md_json [env: EXTRACTOR_MODE]."),
]  # fmt: skip
PromptOpt = Annotated[str, typer.Option("--prompt", help="Prompt template, name@version.")]


def backend_config(base_url: str | None, model: str | None, mode: str | None, **kw: object):
    try:
        return backends.config_from(base_url=base_url, model=model, mode=mode, **kw)
    except (backends.ConfigError, ValueError) as error:
        raise fail(str(error)) from None


def enter_backend(
    stack: contextlib.ExitStack, name: str, config: backends.BackendConfig, prompt_id: str
) -> Backend:
    """The backend `name`, open until `stack` closes (the bundled model is stopped then)."""

    def started(base_url: str) -> None:
        err.print(f"[dim]bundled model {local.MODEL_NAME} running on {base_url}[/]")

    try:
        return stack.enter_context(open_backend(name, config, prompt_id, started=started))
    except (PromptError, backends.ConfigError, FatalEndpointError,
            local.LocalModelUnavailable) as error:  # fmt: skip
        raise fail(str(error)) from None


def check_date(published: str | None) -> None:
    if published:
        try:
            date_precision_of(published)
        except ValueError as error:
            raise fail(f"--published: {error}") from None


class _RedactSecrets(logging.Filter):
    """Keeps the API key out of every log line (a server may echo it in an error)."""

    def __init__(self, secrets: list[str | None]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = ()
        return True


def configure_logging(verbose: bool, config: backends.BackendConfig | None = None) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, force=True)
    # instructor logs every failed attempt at ERROR, in several lines, even when the article
    # ends ok; the record and one stderr line per failed article say what matters.
    for noisy in ("instructor", "httpx", "httpx2", "openai"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.CRITICAL)
    if config is not None:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_RedactSecrets([config.api_key]))
