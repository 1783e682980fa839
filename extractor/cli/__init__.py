"""The `extractor` command: the only layer that prints or exits (library <- harness <- CLI).

One module per command group: `app` (the app, prompt, and the registration of the rest),
`extract`, `gold`, `score` (score, compare), `evaluate` (eval), `formats` (dataset, export,
consolidate), `batch`; `options` holds what several commands share (endpoint options,
opening a backend, logging), `view` renders records and summaries for the terminal.
"""

from extractor.cli.app import app, main

__all__ = ["app", "main"]
