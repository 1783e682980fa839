"""What every command shares: the two consoles and the one way to fail."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

# Piped output (CI logs, files) would otherwise be cut to 80 columns, folding every table.
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 120)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear line to stderr and return the Exit to raise.

    Exit codes: 2 when nothing could be done (bad flags, input or output), 1 when the work
    ran and found problems (a gold file, a report that cannot be read, failed articles)."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)
