"""The `extractor` command: the only layer that prints or exits (library <- harness <- CLI).

One module per command group: `app` (extract, prompt), `gold`, `score` (score, compare),
`evaluate` (eval), `formats` (dataset, export, consolidate); `view` renders records and
summaries for the terminal.
"""

from extractor.cli.app import app, main

__all__ = ["app", "main"]
