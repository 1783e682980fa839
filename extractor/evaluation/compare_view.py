"""A comparison of two reports (extractor/evaluation/compare.py) as rich renderables.

The CLI prints them; nothing here computes a metric.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from extractor.evaluation.compare import CONFIDENCE
from extractor.evaluation.metrics import TYPES
from extractor.evaluation.models import Bootstrap, Comparison, ReportRef


def _fmt(value: object, signed: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:+.3f}" if signed else f"{value:.3f}"
    return f"{value:+d}" if signed and isinstance(value, int) else str(value)


def _ci(boot: Bootstrap) -> str:
    if boot.low is None or boot.high is None:
        return "–"
    return f"[{boot.low:+.3f}, {boot.high:+.3f}]"


def _shown(item: RenderableType) -> RenderableType:
    """Markup text as rich Text (so numbers are not re-coloured); tables as they are."""
    return Text.from_markup(item) if isinstance(item, str) else item


def _named(ref: ReportRef) -> str:
    return f"{ref.predictions} ({ref.prompt})" if ref.prompt else str(ref.predictions)


def terminal_comparison(cmp: Comparison) -> list[RenderableType]:
    """The comparison as rich renderables for a terminal; the CLI prints them."""
    shown: list[RenderableType] = []
    arts = cmp.articles
    shown.append(
        _shown(
            f"[bold]A[/bold] {_named(cmp.a)}  vs  [bold]B[/bold] {_named(cmp.b)}"
            f" · {arts.common} shared articles"
            + (f" · only in A: {len(arts.only_a)}" if arts.only_a else "")
            + (f" · only in B: {len(arts.only_b)}" if arts.only_b else "")
        )
    )
    pct = int(CONFIDENCE * 100)
    table = Table(title=f"Micro F1 (B − A), paired bootstrap {pct}% interval", title_justify="left")
    for name in ("type", "F1 A", "F1 B", "Δ F1", f"{pct}% CI", "Δ P", "Δ R", "Δ macro F1"):
        table.add_column(name, justify="left" if name == "type" else "right")
    for t in TYPES:
        row = cmp.types[t]
        mi = row.micro
        table.add_row(
            t,
            _fmt(mi["f1"].a),
            _fmt(mi["f1"].b),
            _fmt(mi["f1"].delta, True),
            _ci(row.f1_bootstrap),
            _fmt(mi["precision"].delta, True),
            _fmt(mi["recall"].delta, True),
            _fmt(row.macro["f1"].delta, True),
        )
    pooled = cmp.all_f1_bootstrap
    table.add_row("all", "", "", _fmt(pooled.delta, True), _ci(pooled), "", "", "")
    shown.append(_shown(table))

    attrs = Table(title="Attributes of matched pairs (B − A)", title_justify="left")
    for name in ("type", "attribute", "A", "B", "Δ"):
        attrs.add_column(name, justify="left" if name in ("type", "attribute") else "right")
    for t, names in cmp.attributes.items():
        for name, d in names.items():
            attrs.add_row(t, name, _fmt(d.a), _fmt(d.b), _fmt(d.delta, True))
    shown.append(_shown(attrs))

    if cmp.partial is not None:
        part = Table(title="Partial gold: recall and matched events (B − A)", title_justify="left")
        for name in ("measure", "A", "B", "Δ"):
            part.add_column(name, justify="left" if name == "measure" else "right")
        for name, d in cmp.partial.items():
            part.add_row(name, _fmt(d.a), _fmt(d.b), _fmt(d.delta, True))
        shown.append(_shown(part))

    per = Table(title="Per article F1 (B − A)", title_justify="left")
    per.add_column("article")
    for t in TYPES:
        per.add_column(f"Δ {t}", justify="right")
    for art in cmp.per_article:
        per.add_row(art.article, *(_fmt(getattr(art, t).delta, True) for t in TYPES))
    shown.append(_shown(per))

    for title, rows in (
        ("Gained (B matches, A missed)", cmp.gained),
        ("Lost (A matched, B misses)", cmp.lost),
        ("New false positives in B", cmp.spurious_added),
        ("False positives of A gone in B", cmp.spurious_removed),
    ):
        shown.append(_shown(f"[bold]{title}[/bold]: {len(rows)}"))
        for r in rows[:30]:
            shown.append(_shown(f"  {r.article} {r.type}: {r.name}"))
        if len(rows) > 30:
            shown.append(_shown(f"  … and {len(rows) - 30} more"))
    if arts.gold_changed:
        shown.append(
            _shown(f"Gold differs between the reports for: {', '.join(arts.gold_changed)}")
        )
    return shown
