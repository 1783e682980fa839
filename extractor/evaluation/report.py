"""Render a report: rich tables for the terminal, Markdown, and the JSON file.

Files are written atomically (a temporary file in the same directory, then os.replace), so
a reader never sees half a report and an interrupted run leaves the old file in place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from extractor.evaluation.metrics import ATTRIBUTES, TYPES
from extractor.evaluation.models import Accuracy, Report
from extractor.store import write_atomic


def write_text(path: str | Path, text: str) -> None:
    """Write a file atomically (readers see the old file or the new one, never half)."""
    write_atomic(Path(path), text)


def to_json(report: BaseModel) -> str:
    """The JSON file of a report (or a comparison): its model dumped, two-space indented."""
    # json.dumps rather than pydantic's serialiser: the same float spelling as ever (repr).
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def write_json(report: BaseModel, path: str | Path) -> None:
    write_text(path, to_json(report))


def _num(value: object, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


# --- rows shared by the terminal and Markdown renderers -----------------------------------


def summary_rows(report: Report) -> list[list[str]]:
    """type, tp, fp, fn, micro P/R/F1, macro P/R/F1."""
    metrics = report.metrics
    rows = []
    for t in TYPES:
        mi, ma = metrics.micro[t], metrics.macro[t]
        rows.append(
            [t, str(mi.tp), str(mi.fp), str(mi.fn), _num(mi.precision), _num(mi.recall),
             _num(mi.f1), _num(ma.precision), _num(ma.recall), _num(ma.f1)]
        )  # fmt: skip
    return rows


SUMMARY_HEADER = ["type", "TP", "FP", "FN", "P", "R", "F1", "macro P", "macro R", "macro F1"]


def attribute_rows(report: Report) -> list[list[str]]:
    """type, attribute, score, n (on matched pairs)."""
    attributes = report.metrics.attributes
    rows = []
    for t, names in ATTRIBUTES.items():
        for name in names:
            cell = attributes[t][name]
            if isinstance(cell, Accuracy):
                score = f"{_num(cell.accuracy)} ({cell.correct}/{cell.total})"
                rows.append([t, name, score, str(cell.total)])
            else:
                rows.append([t, name, _num(cell.mean), str(cell.total)])
    return rows


def article_rows(report: Report) -> list[list[str]]:
    """article, status, F1 per type (recall "R" for partial gold), quotes found / total."""
    rows = []
    for a in report.articles:
        quotes = a.grounding
        found = sum(1 for q in quotes if q.status != "not_found")
        cells = []
        for _, m in a.metrics.items():
            score = m.f1 if a.complete else m.recall
            prefix = "" if a.complete else "R "
            cells.append(f"{prefix}{_num(score, 2)} ({m.tp}/{m.fp}/{m.fn})")
        status = a.status if a.complete else f"{a.status} (partial)"
        rows.append([a.article, status, *cells, f"{found}/{len(quotes)}"])
    return rows


def partial_note(report: Report) -> str | None:
    """One sentence saying the set (or part of it) has partial gold; None when it has not."""
    part = report.metrics.partial
    if not part:
        return None
    n, total = part.articles, len(report.articles)
    which = "All" if n == total else f"{n} of {total}"
    text = (
        f"{which} articles have partial gold (complete: false, e.g. made from ACLED or UCDP "
        "rows): they list some events and only their actors, so for them only recall and the "
        "attributes of matched events are scored, and predictions they do not list are "
        "'unlisted', not false positives."
    )
    return text + (" Items and attributes above pool complete gold only." if n != total else "")


def partial_rows(report: Report) -> list[list[str]]:
    """measure, score for the partial-gold summary (metrics.partial)."""
    part = report.metrics.partial
    assert part is not None
    rows = []
    for c, label in ((part.events, "event recall"), (part.actors, "named-actor recall")):
        rows.append([label, f"{_num(c.recall)} ({c.found}/{c.gold})"])
    for name, cell in part.attributes.items():
        if isinstance(cell, Accuracy):
            score = f"{_num(cell.accuracy)} ({cell.correct}/{cell.total})"
            rows.append([f"matched events: {name}", score])
        else:
            rows.append([f"matched events: {name}", f"{_num(cell.mean)} (n={cell.total})"])
    unlisted = ", ".join(f"{t} {n}" for t, n in part.unlisted.items())
    rows.append(["unlisted predictions (not counted)", unlisted])
    return rows


def _only_partial(report: Report) -> bool:
    part = report.metrics.partial
    return part is not None and part.articles == len(report.articles)


ARTICLE_HEADER = [
    "article",
    "status",
    "actors F1 (tp/fp/fn)",
    "treaties F1 (tp/fp/fn)",
    "events F1 (tp/fp/fn)",
    "quotes found",
]


def other_rows(report: Report) -> list[list[str]]:
    g, run = report.metrics.grounding, report.metrics.run
    return [
        ["evidence quotes found", f"{_num(g.found_share)} ({g.found}/{g.quotes})"],
        ["by status", ", ".join(f"{k} {v}" for k, v in g.by_status.items())],
        ["predicted items without a found quote", str(g.items_without_found_quote)],
        ["articles / errors", f"{run.articles} / {run.errors}"],
        [
            "tokens (prompt + completion)",
            f"{run.total_tokens} ({run.prompt_tokens} + {run.completion_tokens})",
        ],
        ["retries", str(run.retries)],
        ["latency (s, summed)", _num(run.latency_s, 1)],
    ]


def _title(report: Report) -> str:
    c = report.config
    prompt = c.prompt.id if c.prompt else None
    parts = [
        str(c.predictions),
        f"model {c.model}" if c.model else "",
        f"prompt {prompt}" if prompt else "",
        str(c.endpoint_kind or ""),
    ]
    return " · ".join(p for p in parts if p)


# --- terminal -----------------------------------------------------------------------------


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _shown(item: RenderableType) -> RenderableType:
    """Markup text as rich Text (so numbers are not re-coloured); tables as they are."""
    return Text.from_markup(item) if isinstance(item, str) else item


def terminal_report(report: Report) -> list[RenderableType]:
    """The report as rich renderables for a terminal; the CLI prints them."""
    shown: list[RenderableType] = []
    shown.append(_shown(f"[bold]Scores[/bold] {_title(report)}"))
    if not _only_partial(report):
        shown.append(
            _shown(
                _table(
                    "Items (micro pools articles; macro averages them)",
                    SUMMARY_HEADER,
                    summary_rows(report),
                )
            )
        )
        shown.append(
            _shown(
                _table(
                    "Attributes of matched pairs",
                    ["type", "attribute", "score", "n"],
                    attribute_rows(report),
                )
            )
        )
    note = partial_note(report)
    if note:
        shown.append(_shown(f"[bold yellow]Partial gold.[/] {note}"))
        shown.append(_shown(_table("Partial gold (recall only)", ["", ""], partial_rows(report))))
    shown.append(_shown(_table("Grounding and run", ["", ""], other_rows(report))))
    shown.append(_shown(_table("Articles", ARTICLE_HEADER, article_rows(report))))
    return shown


# --- Markdown -----------------------------------------------------------------------------


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    align = "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"
    return "\n".join([line(header), align, *(line(r) for r in rows)])


_SINGULAR = {"actors": "actor", "treaties": "treaty", "events": "event"}


def _md_misses(report: Report, limit: int = 50) -> str:
    """One line per missed or spurious item (one per article when it was not scored)."""
    lines = []
    for a in report.articles:
        if a.status != "ok":
            reason = a.items[0].reason if a.items else a.status
            lines.append(f"- `{a.article}` ({a.status}): all {len(a.items)} gold items "
                         f"missed: {reason}")  # fmt: skip
            continue
        for item in a.items:
            if item.outcome in ("matched", "unlisted"):  # unlisted: not an error
                continue
            shown = (item.gold if item.outcome == "missed" else item.predicted) or {}
            name = shown.get("name") or f"{shown.get('kind')} {shown.get('date') or ''}".strip()
            lines.append(
                f"- `{a.article}` {item.outcome} {_SINGULAR[item.type]} **{name}**: {item.reason}"
            )
    more = f"\n- … and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more if lines else "None."


def _md_partial(report: Report) -> list[str]:
    note = partial_note(report)
    if not note:
        return []
    table = _md_table(["", ""], partial_rows(report))
    return ["## Partial gold (recall only)", "", f"**Partial gold.** {note}", "", table, ""]


def _md_items(report: Report) -> list[str]:
    return [
        "## Items",
        "",
        "Micro pools the counts of all articles; macro averages the per-article scores "
        "(articles with no gold and no predicted item of a type are left out).",
        "",
        _md_table(SUMMARY_HEADER, summary_rows(report)),
        "",
        "## Attributes of matched pairs",
        "",
        _md_table(["type", "attribute", "score", "n"], attribute_rows(report)),
        "",
    ]


def render_markdown(report: Report) -> str:
    c = report.config
    parts = [
        f"# Evaluation: {_title(report)}",
        "",
        f"Gold `{c.gold_dir}` · created {c.created} · commit `{c.git_commit or 'none'}`",
        "",
        *([] if _only_partial(report) else _md_items(report)),
        *_md_partial(report),
        "## Grounding and run",
        "",
        _md_table(["", ""], other_rows(report)),
        "",
        "## Articles",
        "",
        _md_table(ARTICLE_HEADER, article_rows(report)),
        "",
        "## Missed and spurious items",
        "",
        _md_misses(report),
        "",
    ]
    return "\n".join(parts)
