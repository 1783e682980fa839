"""The HTML report's metrics card: item scores, attributes, grounding, run and partial gold."""

from __future__ import annotations

from extractor.evaluation.html_parts import badge, bar, esc, num, pct, table
from extractor.evaluation.models import (
    Accuracy,
    AttributeScore,
    GroundingSummary,
    MacroScores,
    Metrics,
    PartialSummary,
    PerType,
    RunTotals,
    TypeScores,
)


def _scores_table(title: str, scores: PerType[TypeScores] | PerType[MacroScores]) -> str:
    """P/R/F1 per type, with the tp/fp/fn columns when the scores carry counts (micro)."""
    counted = isinstance(scores.actors, TypeScores)
    rows = []
    for kind, m in scores.items():
        counts = [num(m.tp), num(m.fp), num(m.fn)] if isinstance(m, TypeScores) else []
        rows.append([f"<b>{kind}</b>", *counts, bar(m.precision), bar(m.recall), bar(m.f1)])
    head = ["type", *(["TP", "FP", "FN"] if counted else []), "precision", "recall", "F1"]
    return f"<h3>{title}</h3>" + table(head, rows, "metrics")


def _cell(score: AttributeScore) -> tuple[str, str]:
    """(counts, score bar) of one attribute cell."""
    if isinstance(score, Accuracy):
        return f"{num(score.correct)} / {num(score.total)}", bar(score.accuracy)
    return f"n = {num(score.total)}", bar(score.mean)


def _attributes_table(attributes: PerType[dict[str, AttributeScore]]) -> str:
    rows = []
    for kind, cells in attributes.items():
        for position, (name, score) in enumerate(cells.items()):
            label = f"<b>{esc(kind)}</b>" if position == 0 else ""
            rows.append([label, esc(name), *_cell(score)])
    if not rows:
        return ""
    head = ["type", "attribute", "correct / n", "score"]
    return "<h3>Attributes (matched pairs)</h3>" + table(head, rows, "metrics attrs")


def _grounding_table(grounding: GroundingSummary) -> str:
    rows = [
        ["quotes", num(grounding.quotes)],
        ["found", f"{num(grounding.found)} ({pct(grounding.found_share)})"],
        *[[badge(s, s), num(n)] for s, n in grounding.by_status.items()],
        ["items without a found quote", num(grounding.items_without_found_quote)],
    ]
    by_type = grounding.items_without_found_quote_by_type
    rows += [[f'<span class="indent">{esc(t)}</span>', num(n)] for t, n in by_type.items()]
    return "<h3>Grounding (predicted quotes)</h3>" + table(["", "count"], rows, "metrics narrow")


def _run_table(run: RunTotals) -> str:
    rows = [
        [esc(k.replace("_s", " (s)").replace("_", " ")), num(v, 2)]
        for k, v in run.model_dump().items()
    ]
    return "<h3>Run</h3>" + table(["", "value"], rows, "metrics narrow")


def _partial_block(part: PartialSummary | None) -> str:
    """The partial-gold notice and recall table; empty for complete gold."""
    if part is None:
        return ""
    rows = []
    for c, label in ((part.events, "event recall"), (part.actors, "named-actor recall")):
        rows.append([esc(label), f"{num(c.found)} / {num(c.gold)}", bar(c.recall)])
    for name, score in part.attributes.items():
        rows.append([f"matched events: {esc(name)}", *_cell(score)])
    unlisted = ", ".join(f"{esc(t)} {num(n)}" for t, n in part.unlisted.items())
    rows.append(["unlisted predictions (not counted)", unlisted, ""])
    note = (
        f"<p><b>Partial gold.</b> {num(part.articles)} article(s) have partial gold "
        "(<code>complete: false</code>, e.g. made from ACLED or UCDP rows): they list some "
        "events and only their actors, so for them only recall and the attributes of matched "
        "events are scored, and predictions they do not list are <i>unlisted</i>, not false "
        "positives. Micro, macro and attribute tables pool complete gold only.</p>"
    )
    return note + "<h3>Partial gold (recall only)</h3>" + table(["", "", "score"], rows, "metrics")


def metrics_section(metrics: Metrics) -> str:
    columns = [
        _scores_table("Micro (pooled counts)", metrics.micro)
        + _scores_table("Macro (mean over articles)", metrics.macro),
        _attributes_table(metrics.attributes),
        _grounding_table(metrics.grounding) + _run_table(metrics.run),
    ]
    cells = "".join(f"<div>{c}</div>" for c in columns)
    grid = f'<div class="metrics-grid">{cells}</div>'
    return (
        f'<section class="card"><h2>Metrics</h2>{_partial_block(metrics.partial)}{grid}</section>'
    )
