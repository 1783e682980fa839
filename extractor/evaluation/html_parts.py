"""Small HTML pieces shared by the report page's sections: escaping, numbers, tables, badges."""

from __future__ import annotations

import html
from collections.abc import Iterable

OUTCOMES = ("matched", "missed", "spurious")


def esc(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def num(value: object, digits: int = 3) -> str:
    if isinstance(value, bool) or value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return esc(value)


def pct(value: object) -> str:
    return f"{value * 100:.1f}%" if isinstance(value, (int, float)) else "–"


def bar(value: object) -> str:
    """A score with a small horizontal bar behind it (0..1)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "–"
    width = max(0.0, min(1.0, float(value))) * 100
    return (
        f'<span class="score"><span class="bar"><i style="width:{width:.0f}%"></i></span>'
        f"{value:.3f}</span>"
    )


def table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """Cells are HTML already (escaped by the caller)."""
    thead = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table>'


def badge(text: str, cls: str) -> str:
    return f'<span class="badge {esc(cls)}">{esc(text)}</span>'
