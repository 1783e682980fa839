"""The HTML report's item tables: gold next to predicted, outcome, reason and attributes."""

from __future__ import annotations

import json
from typing import Any

from extractor.evaluation.html_parts import OUTCOMES, badge, esc, num
from extractor.evaluation.html_text import Quote
from extractor.evaluation.models import ItemOutcome

# Field display order per item type; unknown fields follow in their own order.
_FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("kind", "country", "aliases", "role", "affiliation", "member_of"),
    "treaties": ("kind", "status", "date", "location", "parties", "aliases"),
    "events": ("summary", "date", "location", "country", "participants", "fatalities"),
}
_TITLE_FIELD = {"actors": "name", "treaties": "name", "events": "kind"}
_HIDDEN_FIELDS = {"evidence", "date_precision", "date_end"}


def gold_key(ai: int, item: ItemOutcome) -> str:
    """The HTML key of an outcome's gold item ("" when it has none): a0-g-actors-2."""
    return f"a{ai}-g-{item.type}-{item.gold_index}" if item.gold is not None else ""


def pred_key(ai: int, item: ItemOutcome) -> str:
    return f"a{ai}-p-{item.type}-{item.pred_index}" if item.predicted is not None else ""


def _label(kind: str, side: str, index: Any, item: dict[str, Any]) -> str:
    who = "gold" if side == "g" else "predicted"
    name = item.get(_TITLE_FIELD.get(kind, "name")) or ""
    return f"{who} {kind}[{index}]: {name}"


def item_labels(ai: int, items: list[ItemOutcome]) -> dict[str, str]:
    labels = {}
    for item in items:
        if item.gold is not None:
            labels[gold_key(ai, item)] = _label(item.type, "g", item.gold_index, item.gold)
        if item.predicted is not None:
            labels[pred_key(ai, item)] = _label(item.type, "p", item.pred_index, item.predicted)
    return labels


def _fmt_fatality(claim: Any) -> str:
    if not isinstance(claim, dict):
        return esc(claim)
    text = f"<b>{esc(claim.get('count'))}</b>"
    if claim.get("victims"):
        text += f" {esc(claim['victims'])}"
    if claim.get("claimed_by"):
        text += f' <span class="muted">(per {esc(claim["claimed_by"])})</span>'
    return text


def _fmt_value(field: str, value: Any) -> str:
    if field == "fatalities" and isinstance(value, list):
        return "; ".join(_fmt_fatality(c) for c in value)
    if isinstance(value, list):
        return ", ".join(esc(v) if not isinstance(v, dict) else esc(json.dumps(v)) for v in value)
    if isinstance(value, dict):
        return esc(json.dumps(value, ensure_ascii=False))
    return esc(value)


def _date_text(item: dict[str, Any]) -> str | None:
    date = item.get("date")
    if not date:
        return None
    if item.get("date_end"):
        date = f"{date} → {item['date_end']}"
    return f"{date} ({item['date_precision']})" if item.get("date_precision") else date


def _fields(kind: str, item: dict[str, Any]) -> list[tuple[str, Any]]:
    title = _TITLE_FIELD.get(kind, "name")
    order = list(_FIELDS.get(kind, ()))
    order += [k for k in item if k not in order and k != title and k not in _HIDDEN_FIELDS]
    pairs = []
    for field in order:
        value = _date_text(item) if field == "date" else item.get(field)
        if value not in (None, "", [], {}):
            pairs.append((field, value))
    return pairs


def _wrong_fields(attributes: dict[str, Any]) -> set[str]:
    wrong = set()
    for name, value in attributes.items():
        field = name.removesuffix("_f1")
        if value is False or (isinstance(value, (int, float)) and value < 1):
            wrong.add(field)
    return wrong


def _quote_list(quotes: list[Quote]) -> str:
    if not quotes:
        return '<div class="muted small">no evidence quotes</div>'
    out = []
    for q in quotes:
        flag = "" if q.status == "exact" else " " + badge(q.status.replace("_", " "), q.status)
        body = f"“{esc(q.text)}”"
        if q.placed:
            body = f'<a class="quote {q.side}" href="#{esc(q.qid)}" title="show in text">{body}</a>'
        else:
            body = f'<span class="quote {q.side} unplaced">{body}</span>'
        out.append(f"<li>{body}{flag}</li>")
    return f'<ul class="quotes">{"".join(out)}</ul>'


def _item_cell(kind: str, item: dict[str, Any] | None, quotes: list[Quote], wrong: set[str]) -> str:
    if item is None:
        return '<span class="muted">—</span>'
    title = item.get(_TITLE_FIELD.get(kind, "name")) or "(unnamed)"
    rows = "".join(
        f'<dt>{esc(f)}</dt><dd class="{"wrong" if f in wrong else ""}">{_fmt_value(f, v)}</dd>'
        for f, v in _fields(kind, item)
    )
    raw = esc(json.dumps(item, ensure_ascii=False, indent=1))
    return (
        f'<div class="item-title">{esc(title)}</div><dl class="fields">{rows}</dl>'
        f"{_quote_list(quotes)}"
        f'<details class="raw"><summary>JSON</summary><pre>{raw}</pre></details>'
    )


def _attribute_marks(attributes: dict[str, Any]) -> str:
    marks = []
    for name, value in attributes.items():
        if value is True:
            marks.append(f'<span class="attr ok">{esc(name)} ✓</span>')
        elif value is False:
            marks.append(f'<span class="attr bad">{esc(name)} ✗</span>')
        elif isinstance(value, (int, float)):
            cls = "ok" if value >= 1 else ("part" if value > 0 else "bad")
            marks.append(f'<span class="attr {cls}">{esc(name)} {value:.2f}</span>')
        else:
            marks.append(f'<span class="attr">{esc(name)} –</span>')
    return " ".join(marks) or '<span class="muted">—</span>'


def _item_row(ai: int, item: ItemOutcome, quotes_by_item: dict[str, list[Quote]]) -> str:
    kind, outcome = item.type, item.outcome
    gkey, pkey = gold_key(ai, item), pred_key(ai, item)
    attributes: dict[str, Any] = item.attributes or {}
    gold = _item_cell(kind, item.gold, quotes_by_item.get(gkey, []), set())
    pred = _item_cell(kind, item.predicted, quotes_by_item.get(pkey, []), _wrong_fields(attributes))
    similarity = item.similarity
    sim = (
        f'<div class="muted small">similarity {num(similarity, 2)}</div>'
        if (isinstance(similarity, (int, float)) and outcome == "matched")
        else ""
    )
    ungrounded = ""
    if item.quote_found is False:
        ungrounded = (
            '<div class="wrap" title="none of its evidence quotes is in the article">'
            + badge("no quote found", "not_found")
            + "</div>"
        )
    keys = " ".join(k for k in (gkey, pkey) if k)
    return (
        f'<tr class="item {esc(outcome)}" data-items="{esc(keys)}">'
        f'<td class="gold">{gold}</td><td class="pred">{pred}</td>'
        f"<td>{badge(outcome, outcome)}{sim}{ungrounded}</td>"
        f'<td class="reason">{esc(item.reason or "")}</td>'
        f"<td>{_attribute_marks(attributes)}</td></tr>"
    )


def items_table(
    ai: int, kind: str, items: list[ItemOutcome], quotes_by_item: dict[str, list[Quote]]
) -> str:
    rank = {o: i for i, o in enumerate(OUTCOMES)}
    chosen = sorted((i for i in items if i.type == kind), key=lambda i: rank.get(i.outcome, 9))
    counts = " · ".join(f"{sum(1 for i in chosen if i.outcome == o)} {o}" for o in OUTCOMES)
    heading = (
        f'<h4><span class="kind">{esc(kind)}</span> <span class="muted small">{counts}</span></h4>'
    )
    if not chosen:
        return heading + '<p class="muted small">no gold or predicted items</p>'
    rows = "".join(_item_row(ai, item, quotes_by_item) for item in chosen)
    head = (
        '<colgroup><col class="c-item"><col class="c-item"><col class="c-out">'
        '<col class="c-reason"><col class="c-attr"></colgroup>'
        "<thead><tr><th>gold</th><th>predicted</th><th>outcome</th>"
        "<th>reason</th><th>attributes</th></tr></thead>"
    )
    return f'{heading}<table class="items">{head}<tbody>{rows}</tbody></table>'
