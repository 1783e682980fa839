"""The `extractor` app: `prompt`, and the registration of every other command."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated

import typer

from extractor.articles import BadArticle, InputError, read_article
from extractor.cli.common import fail, out
from extractor.cli.options import check_date, configure_logging
from extractor.prompts import PromptError, load_prompt

app = typer.Typer(
    help="Extract actors, treaties and events from Sahel conflict news, and score them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
prompt_app = typer.Typer(help="Inspect versioned prompt templates.", no_args_is_help=True)
app.add_typer(prompt_app, name="prompt")


@app.callback()
def _every_command() -> None:
    """Extract actors, treaties and events from Sahel conflict news, and score them."""
    configure_logging(verbose=False)  # `extract -v` turns the detail back on


@prompt_app.command("show")
def prompt_show(
    prompt_id: Annotated[str, typer.Argument(help="name@version, e.g. extract@v1")],
    article: Annotated[Path, typer.Argument(help="An article .txt file.")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
) -> None:
    """Print the chat messages a prompt renders for an article."""
    check_date(published)
    try:
        prompt = load_prompt(prompt_id)
    except PromptError as error:
        raise fail(str(error)) from None
    if article.is_dir():
        raise fail(f"{article}: is a directory; give one article .txt file")
    if not article.is_file():
        raise fail(f"{article}: no such file")
    try:
        loaded = read_article(article, published, {})
    except InputError as error:
        raise fail(str(error)) from None
    if isinstance(loaded, BadArticle):
        raise fail(str(loaded))
    # The LLM pipeline (openai, instructor) loads only for this command, not for every one.
    from extractor.pipeline import prompt_variables

    out.print(f"[bold]{prompt.id}[/]  sha256 {prompt.sha256}", highlight=False, soft_wrap=True)
    variables, _ = prompt_variables(prompt, loaded)
    for message in prompt.render(article=loaded.text, **variables):
        out.rule(f"[bold]{message['role']}[/]")
        # soft_wrap: the text exactly as the model gets it, not re-wrapped to the terminal
        out.print(message["content"], markup=False, highlight=False, soft_wrap=True)


@prompt_app.command("list")
def prompt_list() -> None:
    """List the prompt templates available."""
    from extractor.prompts import available_prompts

    for prompt_id in available_prompts():
        out.print(f"{prompt_id}  {load_prompt(prompt_id).sha256[:12]}", highlight=False)


def _register_commands() -> None:
    # Each command group lives in its own module of this package; the CLI is the only layer
    # that assembles the library and the harness (tests/system/test_layering.py checks it).
    from extractor.cli import batch, evaluate, extract, formats, gold, score

    app.command()(extract.extract)
    app.add_typer(gold.gold_app, name="gold")
    app.add_typer(batch.app, name="batch")
    score.register(app)
    app.command("eval")(evaluate.eval_command)
    formats.register(app)  # dataset, export, consolidate


_register_commands()


def main() -> None:
    # Loading the SDKs and models a command needs allocates hundreds of thousands of objects;
    # with the default first-generation threshold (700) the collector runs ~700 times in a
    # replayed eval, rescanning them. 10,000 cuts that to ~60 runs and the command by ~8%;
    # cycles are still collected, and the library keeps the default for long-lived callers.
    gc.set_threshold(10_000, 10, 10)
    app()
