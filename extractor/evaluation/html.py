"""Render an evaluation report (docs/report-format.md) as one self-contained HTML page.

The page holds the run's configuration, the metrics tables and, per article, the article
text with gold and predicted evidence highlighted next to the matched / missed / spurious
items. Everything is inline (CSS and a little JS); nothing is fetched from the network.

Gold quotes are located in the text with `ArticleIndex`, since the report carries offsets
only for the predicted quotes; predicted quotes without offsets are located the same way.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extractor.grounding import ArticleIndex
from extractor.schema import ITEM_TYPES

TYPES = ITEM_TYPES  # one home: extractor.schema
OUTCOMES = ("matched", "missed", "spurious")
_PATH = re.compile(r"^(actors|treaties|events)\[(\d+)\]\.evidence\[(\d+)\]$")

# Field display order per item type; unknown fields follow in their own order.
_FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("kind", "country", "aliases", "role", "affiliation", "member_of"),
    "treaties": ("kind", "status", "date", "location", "parties", "aliases"),
    "events": ("summary", "date", "location", "country", "participants", "fatalities"),
}
_TITLE_FIELD = {"actors": "name", "treaties": "name", "events": "kind"}
_HIDDEN_FIELDS = {"evidence", "date_precision", "date_end"}


@dataclass(frozen=True)
class Quote:
    """One evidence quote of one item, with where it sits in the article (if anywhere)."""

    qid: str  # HTML id of its anchor in the text
    item_key: str  # e.g. a0-g-actors-2
    side: str  # "g" (gold) or "p" (predicted)
    text: str
    status: str
    start: int | None
    end: int | None

    @property
    def placed(self) -> bool:
        return bool(_spans([self]))


# --------------------------------------------------------------------------- small helpers


def _e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _num(value: object, digits: int = 3) -> str:
    if isinstance(value, bool) or value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return _e(value)


def _pct(value: object) -> str:
    return f"{value * 100:.1f}%" if isinstance(value, (int, float)) else "–"


def _bar(value: object) -> str:
    """A score with a small horizontal bar behind it (0..1)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "–"
    width = max(0.0, min(1.0, float(value))) * 100
    return (
        f'<span class="score"><span class="bar"><i style="width:{width:.0f}%"></i></span>'
        f"{value:.3f}</span>"
    )


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """Cells are HTML already (escaped by the caller)."""
    thead = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table>'


def _badge(text: str, cls: str) -> str:
    return f'<span class="badge {_e(cls)}">{_e(text)}</span>'


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# --------------------------------------------------------------------------- top of the page


def _config_section(config: dict[str, Any]) -> str:
    prompt = _d(config.get("prompt"))
    sha = prompt.get("sha256") or ""
    commit = config.get("git_commit") or ""
    rows = [
        ("Model", _e(config.get("model") or "–")),
        ("Endpoint", _e(config.get("endpoint_kind") or "–")),
        (
            "Prompt",
            _e(prompt.get("id") or "–")
            + (f' <code title="{_e(sha)}">{_e(sha[:12])}</code>' if sha else ""),
        ),
        ("Git commit", f'<code title="{_e(commit)}">{_e(commit[:12] or "–")}</code>'),
        ("Created", _e(config.get("created") or "–")),
        ("Predictions", f"<code>{_e(config.get('predictions') or '–')}</code>"),
        ("Gold", f"<code>{_e(config.get('gold_dir') or '–')}</code>"),
    ]
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<section class="card config"><h2>Configuration</h2><dl>{cells}</dl>'
        f"{_thresholds(config.get('thresholds'))}</section>"
    )


def _thresholds(thresholds: Any) -> str:
    if not thresholds:
        return ""
    body = _e(json.dumps(thresholds, indent=2, ensure_ascii=False))
    count = f" ({len(thresholds)})" if isinstance(thresholds, dict) else ""
    return (
        f'<details class="thresholds"><summary>Matching thresholds{count}</summary>'
        f"<pre>{body}</pre></details>"
    )


def _micro_table(micro: dict[str, Any]) -> str:
    rows = []
    for kind in TYPES:
        m = _d(micro.get(kind))
        rows.append(
            [
                f"<b>{kind}</b>",
                _num(m.get("tp")),
                _num(m.get("fp")),
                _num(m.get("fn")),
                _bar(m.get("precision")),
                _bar(m.get("recall")),
                _bar(m.get("f1")),
            ]
        )
    head = ["type", "TP", "FP", "FN", "precision", "recall", "F1"]
    return "<h3>Micro (pooled counts)</h3>" + _table(head, rows, "metrics")


def _macro_table(macro: dict[str, Any]) -> str:
    rows = []
    for kind in TYPES:
        m = _d(macro.get(kind))
        rows.append(
            [
                f"<b>{kind}</b>",
                _bar(m.get("precision")),
                _bar(m.get("recall")),
                _bar(m.get("f1")),
            ]
        )
    head = ["type", "precision", "recall", "F1"]
    return "<h3>Macro (mean over articles)</h3>" + _table(head, rows, "metrics")


def _attribute_rows(attributes: dict[str, Any]) -> list[list[str]]:
    rows = []
    for kind in TYPES:
        for position, (name, value) in enumerate(_d(attributes.get(kind)).items()):
            v = _d(value)
            if "accuracy" in v:
                counts = f"{_num(v.get('correct'))} / {_num(v.get('total'))}"
                score = _bar(v.get("accuracy"))
            else:
                counts = f"n = {_num(v.get('total'))}"
                score = _bar(v.get("mean"))
            label = f"<b>{_e(kind)}</b>" if position == 0 else ""
            rows.append([label, _e(name), counts, score])
    return rows


def _attributes_table(attributes: dict[str, Any]) -> str:
    rows = _attribute_rows(attributes)
    if not rows:
        return ""
    head = ["type", "attribute", "correct / n", "score"]
    return "<h3>Attributes (matched pairs)</h3>" + _table(head, rows, "metrics attrs")


def _grounding_table(grounding: dict[str, Any]) -> str:
    by_status = _d(grounding.get("by_status"))
    rows = [
        ["quotes", _num(grounding.get("quotes"))],
        ["found", f"{_num(grounding.get('found'))} ({_pct(grounding.get('found_share'))})"],
        *[[_badge(s, s), _num(n)] for s, n in by_status.items()],
        ["items without a found quote", _num(grounding.get("items_without_found_quote"))],
    ]
    by_type = _d(grounding.get("items_without_found_quote_by_type"))
    rows += [[f'<span class="indent">{_e(t)}</span>', _num(n)] for t, n in by_type.items()]
    return "<h3>Grounding (predicted quotes)</h3>" + _table(["", "count"], rows, "metrics narrow")


def _run_table(run: dict[str, Any]) -> str:
    if not run:
        return ""
    rows = [[_e(k.replace("_s", " (s)").replace("_", " ")), _num(v, 2)] for k, v in run.items()]
    return "<h3>Run</h3>" + _table(["", "value"], rows, "metrics narrow")


def _metrics_section(metrics: dict[str, Any]) -> str:
    columns = [
        _micro_table(_d(metrics.get("micro"))) + _macro_table(_d(metrics.get("macro"))),
        _attributes_table(_d(metrics.get("attributes"))),
        _grounding_table(_d(metrics.get("grounding"))) + _run_table(_d(metrics.get("run"))),
    ]
    cells = "".join(f"<div>{c}</div>" for c in columns)
    grid = f'<div class="metrics-grid">{cells}</div>'
    return f'<section class="card"><h2>Metrics</h2>{_partial_block(metrics)}{grid}</section>'


def _partial_block(metrics: dict[str, Any]) -> str:
    """The partial-gold notice and recall table; empty for complete gold."""
    part = _d(metrics.get("partial"))
    if not part:
        return ""
    rows = []
    for t, label in (("events", "event recall"), ("actors", "named-actor recall")):
        c = _d(part.get(t))
        rows.append([_e(label), f"{_num(c.get('found'))} / {_num(c.get('gold'))}",
                     _bar(c.get("recall"))])  # fmt: skip
    for name, value in _d(part.get("attributes")).items():
        v = _d(value)
        score = v.get("accuracy") if "accuracy" in v else v.get("mean")
        counts = (
            f"{_num(v.get('correct'))} / {_num(v.get('total'))}"
            if "accuracy" in v
            else (f"n = {_num(v.get('total'))}")
        )
        rows.append([f"matched events: {_e(name)}", counts, _bar(score)])
    unlisted = ", ".join(f"{_e(t)} {_num(n)}" for t, n in _d(part.get("unlisted")).items())
    rows.append(["unlisted predictions (not counted)", unlisted, ""])
    note = (
        f"<p><b>Partial gold.</b> {_num(part.get('articles'))} article(s) have partial gold "
        "(<code>complete: false</code>, e.g. made from ACLED or UCDP rows): they list some "
        "events and only their actors, so for them only recall and the attributes of matched "
        "events are scored, and predictions they do not list are <i>unlisted</i>, not false "
        "positives. Micro, macro and attribute tables pool complete gold only.</p>"
    )
    return note + "<h3>Partial gold (recall only)</h3>" + _table(["", "", "score"], rows, "metrics")


def _toc(articles: list[dict[str, Any]]) -> str:
    rows = []
    for ai, article in enumerate(articles):
        status = article.get("status") or "ok"
        m = _d(article.get("metrics"))
        f1s = [_bar(_d(m.get(kind)).get("f1")) if status == "ok" else "–" for kind in TYPES]
        counts = {o: 0 for o in OUTCOMES}
        for item in article.get("items") or []:
            if item.get("outcome") in counts:
                counts[item["outcome"]] += 1
        tally = " ".join(f'<span class="n {o}" title="{o}">{counts[o]}</span>' for o in OUTCOMES)
        link = f'<a href="#a{ai}">{_e(article.get("article"))}</a>'
        rows.append([link, _badge(status, status), *f1s, tally])
    head = [
        "article",
        "status",
        "actors F1",
        "treaties F1",
        "events F1",
        "matched · missed · spurious",
    ]
    table = _table(head, rows, "metrics toc")
    return f'<section class="card"><h2>Articles</h2>{table}</section>'


# --------------------------------------------------------------------------- quotes and spans


def _gold_items(ai: int, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.get("gold") is not None and item.get("gold_index") is not None:
            found[f"a{ai}-g-{item.get('type')}-{item['gold_index']}"] = item["gold"]
    return found


def _pred_items(ai: int, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.get("predicted") is not None and item.get("pred_index") is not None:
            found[f"a{ai}-p-{item.get('type')}-{item['pred_index']}"] = item["predicted"]
    return found


def _locate(index: ArticleIndex | None, text: str) -> tuple[str, int | None, int | None]:
    if index is None:
        return "no text", None, None
    found = index.locate(text)
    return found.status, found.start, found.end


def _gold_quotes(ai: int, items: list[dict[str, Any]], index: ArticleIndex | None) -> list[Quote]:
    quotes = []
    for key, gold in _gold_items(ai, items).items():
        for q, text in enumerate(gold.get("evidence") or []):
            status, start, end = _locate(index, text)
            quotes.append(Quote(f"{key}-q{q}", key, "g", text, status, start, end))
    return quotes


def _grounding_by_path(article: dict[str, Any]) -> dict[tuple[str, int, int], dict[str, Any]]:
    by_path = {}
    for entry in article.get("grounding") or []:
        match = _PATH.match(str(entry.get("path", "")))
        if match:
            by_path[(match[1], int(match[2]), int(match[3]))] = entry
    return by_path


def _pred_quotes(
    ai: int, article: dict[str, Any], index: ArticleIndex | None, length: int
) -> list[Quote]:
    by_path = _grounding_by_path(article)
    quotes = []
    for key, pred in _pred_items(ai, article.get("items") or []).items():
        _, _, kind, pred_index = key.split("-")
        for q, text in enumerate(pred.get("evidence") or []):
            entry = by_path.get((kind, int(pred_index), q), {})
            start, end = entry.get("start"), entry.get("end")
            status = entry.get("status") or "not_found"
            valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length
            if not valid or index is None:
                status, start, end = _locate(index, entry.get("quote") or text)
            quotes.append(Quote(f"{key}-q{q}", key, "p", text, status, start, end))
    return quotes


def _spans(quotes: list[Quote]) -> list[tuple[int, int, Quote]]:
    """(start, end, quote) for the quotes that sit somewhere in the text."""
    return [
        (q.start, q.end, q)
        for q in quotes
        if q.start is not None and q.end is not None and q.start < q.end
    ]


def _segments(length: int, quotes: list[Quote]) -> list[tuple[int, int, list[Quote]]]:
    """Split [0, length) at every span boundary; each piece lists the quotes covering it."""
    spans = _spans(quotes)
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    cuts = [c for c in cuts if 0 <= c <= length]
    pieces = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        pieces.append((a, b, [q for s, e, q in spans if s <= a and b <= e]))
    return pieces


def _mark(chunk: str, covering: list[Quote], labels: dict[str, str]) -> str:
    if not covering:
        return _e(chunk)
    sides = sorted({q.side for q in covering})
    keys = " ".join(sorted({q.item_key for q in covering}))
    title = "\n".join(sorted({labels.get(q.item_key, q.item_key) for q in covering}))
    return (
        f'<mark class="hl {" ".join(sides)}" data-items="{_e(keys)}" title="{_e(title)}">'
        f"{_e(chunk)}</mark>"
    )


def _highlight(text: str, quotes: list[Quote], labels: dict[str, str]) -> str:
    """The article text with every placed quote marked; an empty anchor opens each quote."""
    starts: dict[int, list[Quote]] = {}
    for start, _, q in _spans(quotes):
        starts.setdefault(start, []).append(q)
    out: list[str] = []
    for a, b, covering in _segments(len(text), quotes):
        out.extend(f'<span class="anchor" id="{_e(q.qid)}"></span>' for q in starts.get(a, []))
        out.append(_mark(text[a:b], covering, labels))
    return "".join(out)


# --------------------------------------------------------------------------- items


def _label(kind: str, side: str, index: Any, item: dict[str, Any]) -> str:
    who = "gold" if side == "g" else "predicted"
    name = item.get(_TITLE_FIELD.get(kind, "name")) or ""
    return f"{who} {kind}[{index}]: {name}"


def _item_labels(ai: int, items: list[dict[str, Any]]) -> dict[str, str]:
    labels = {}
    for item in items:
        kind = item.get("type", "")
        if item.get("gold") is not None:
            key = f"a{ai}-g-{kind}-{item.get('gold_index')}"
            labels[key] = _label(kind, "g", item.get("gold_index"), item["gold"])
        if item.get("predicted") is not None:
            key = f"a{ai}-p-{kind}-{item.get('pred_index')}"
            labels[key] = _label(kind, "p", item.get("pred_index"), item["predicted"])
    return labels


def _fmt_fatality(claim: Any) -> str:
    if not isinstance(claim, dict):
        return _e(claim)
    text = f"<b>{_e(claim.get('count'))}</b>"
    if claim.get("victims"):
        text += f" {_e(claim['victims'])}"
    if claim.get("claimed_by"):
        text += f' <span class="muted">(per {_e(claim["claimed_by"])})</span>'
    return text


def _fmt_value(field: str, value: Any) -> str:
    if field == "fatalities" and isinstance(value, list):
        return "; ".join(_fmt_fatality(c) for c in value)
    if isinstance(value, list):
        return ", ".join(_e(v) if not isinstance(v, dict) else _e(json.dumps(v)) for v in value)
    if isinstance(value, dict):
        return _e(json.dumps(value, ensure_ascii=False))
    return _e(value)


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
        badge = "" if q.status == "exact" else " " + _badge(q.status.replace("_", " "), q.status)
        body = f"“{_e(q.text)}”"
        if q.placed:
            body = f'<a class="quote {q.side}" href="#{_e(q.qid)}" title="show in text">{body}</a>'
        else:
            body = f'<span class="quote {q.side} unplaced">{body}</span>'
        out.append(f"<li>{body}{badge}</li>")
    return f'<ul class="quotes">{"".join(out)}</ul>'


def _item_cell(kind: str, item: dict[str, Any] | None, quotes: list[Quote], wrong: set[str]) -> str:
    if item is None:
        return '<span class="muted">—</span>'
    title = item.get(_TITLE_FIELD.get(kind, "name")) or "(unnamed)"
    rows = "".join(
        f'<dt>{_e(f)}</dt><dd class="{"wrong" if f in wrong else ""}">{_fmt_value(f, v)}</dd>'
        for f, v in _fields(kind, item)
    )
    raw = _e(json.dumps(item, ensure_ascii=False, indent=1))
    return (
        f'<div class="item-title">{_e(title)}</div><dl class="fields">{rows}</dl>'
        f"{_quote_list(quotes)}"
        f'<details class="raw"><summary>JSON</summary><pre>{raw}</pre></details>'
    )


def _attribute_marks(attributes: dict[str, Any]) -> str:
    marks = []
    for name, value in attributes.items():
        if value is True:
            marks.append(f'<span class="attr ok">{_e(name)} ✓</span>')
        elif value is False:
            marks.append(f'<span class="attr bad">{_e(name)} ✗</span>')
        elif isinstance(value, (int, float)):
            cls = "ok" if value >= 1 else ("part" if value > 0 else "bad")
            marks.append(f'<span class="attr {cls}">{_e(name)} {value:.2f}</span>')
        else:
            marks.append(f'<span class="attr">{_e(name)} –</span>')
    return " ".join(marks) or '<span class="muted">—</span>'


def _item_row(ai: int, item: dict[str, Any], quotes_by_item: dict[str, list[Quote]]) -> str:
    kind = item.get("type", "")
    outcome = item.get("outcome", "")
    gkey = f"a{ai}-g-{kind}-{item.get('gold_index')}" if item.get("gold") is not None else ""
    pkey = f"a{ai}-p-{kind}-{item.get('pred_index')}" if item.get("predicted") is not None else ""
    attributes = _d(item.get("attributes"))
    gold = _item_cell(kind, item.get("gold"), quotes_by_item.get(gkey, []), set())
    pred = _item_cell(
        kind, item.get("predicted"), quotes_by_item.get(pkey, []), _wrong_fields(attributes)
    )
    similarity = item.get("similarity")
    sim = (
        f'<div class="muted small">similarity {_num(similarity, 2)}</div>'
        if (isinstance(similarity, (int, float)) and outcome == "matched")
        else ""
    )
    ungrounded = ""
    if item.get("quote_found") is False:
        ungrounded = (
            '<div class="wrap" title="none of its evidence quotes is in the article">'
            + _badge("no quote found", "not_found")
            + "</div>"
        )
    keys = " ".join(k for k in (gkey, pkey) if k)
    return (
        f'<tr class="item {_e(outcome)}" data-items="{_e(keys)}">'
        f'<td class="gold">{gold}</td><td class="pred">{pred}</td>'
        f"<td>{_badge(outcome, outcome)}{sim}{ungrounded}</td>"
        f'<td class="reason">{_e(item.get("reason") or "")}</td>'
        f"<td>{_attribute_marks(attributes)}</td></tr>"
    )


def _items_table(
    ai: int, kind: str, items: list[dict[str, Any]], quotes_by_item: dict[str, list[Quote]]
) -> str:
    rank = {o: i for i, o in enumerate(OUTCOMES)}
    chosen = sorted(
        (i for i in items if i.get("type") == kind),
        key=lambda i: rank.get(str(i.get("outcome")), 9),
    )
    counts = " · ".join(f"{sum(1 for i in chosen if i.get('outcome') == o)} {o}" for o in OUTCOMES)
    heading = (
        f'<h4><span class="kind">{_e(kind)}</span> <span class="muted small">{counts}</span></h4>'
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


# --------------------------------------------------------------------------- articles


def _article_metrics(metrics: dict[str, Any]) -> str:
    chips = []
    for kind in TYPES:
        m = _d(metrics.get(kind))
        if m:
            chips.append(
                f'<span class="chip"><b>{kind}</b> P {_num(m.get("precision"), 2)} '
                f"R {_num(m.get('recall'), 2)} F1 {_num(m.get('f1'), 2)} "
                f'<span class="muted">({_num(m.get("tp"))}/{_num(m.get("fp"))}/'
                f"{_num(m.get('fn'))})</span></span>"
            )
    return f'<div class="chips">{"".join(chips)}</div>' if chips else ""


def _text_panel(text: str | None, quotes: list[Quote], labels: dict[str, str]) -> str:
    if text is None:
        return '<div class="text missing">Article text not available.</div>'
    return f'<div class="text">{_highlight(text, quotes, labels)}</div>'


def _article_head(ai: int, article: dict[str, Any], status: str) -> str:
    return (
        f'<h2><span class="aid">{_e(article.get("article"))}</span> {_badge(status, status)}'
        f'<a class="top" href="#top">↑ top</a></h2>'
    )


def _comparison(ai: int, items: list[dict[str, Any]], text: str | None, quotes: list[Quote]) -> str:
    """The highlighted text next to the item tables."""
    by_item: dict[str, list[Quote]] = {}
    for q in quotes:
        by_item.setdefault(q.item_key, []).append(q)
    tables = "".join(_items_table(ai, kind, items, by_item) for kind in TYPES)
    text_html = _text_panel(text, quotes, _item_labels(ai, items))
    return (
        f'<div class="article-grid"><div class="text-col">{_legend()}{text_html}</div>'
        f'<div class="items-col">{tables}</div></div>'
    )


def _failed_article(ai: int, article: dict[str, Any], status: str, text: str | None) -> str:
    """An article without a usable prediction: the error, and the gold items folded away."""
    default = "no prediction for this article" if status == "missing" else "extraction failed"
    error = article.get("error") or default
    items = article.get("items") or []
    index = ArticleIndex(text) if text is not None else None
    body = f'<div class="error-box"><b>{_e(status)}:</b> <pre>{_e(error)}</pre></div>'
    if items or text is not None:
        gold = sum(1 for item in items if item.get("gold") is not None)
        body += (
            f"<details><summary>Article text and its {gold} gold item{'' if gold == 1 else 's'} "
            "(counted as missed)</summary>"
            f"{_comparison(ai, items, text, _gold_quotes(ai, items, index))}</details>"
        )
    return body


def _article_section(ai: int, article: dict[str, Any], text: str | None) -> str:
    status = article.get("status") or "ok"
    if status != "ok":
        body = _failed_article(ai, article, status, text)
    else:
        items = article.get("items") or []
        index = ArticleIndex(text) if text is not None else None
        quotes = _gold_quotes(ai, items, index) + _pred_quotes(ai, article, index, len(text or ""))
        body = _article_metrics(_d(article.get("metrics"))) + _comparison(ai, items, text, quotes)
    head = _article_head(ai, article, status)
    return f'<section class="card article" id="a{ai}">{head}{body}</section>'


def _legend() -> str:
    return (
        '<div class="legend"><mark class="hl g">gold evidence</mark> '
        '<mark class="hl p">predicted evidence</mark> '
        '<mark class="hl g p">both</mark> '
        '<mark class="hl g p focus">selected item</mark></div>'
    )


def _toolbar() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-outcome="{o}" checked> {_badge(o, o)}</label>'
        for o in OUTCOMES
    )
    return f'<div class="toolbar">Show rows: {boxes}</div>'


# --------------------------------------------------------------------------- page


_CSS = """
:root{--gold:#f7c948;--gold-bg:rgba(247,201,72,.42);--pred:#2563eb;--focus:#db2777;
--ok:#15803d;--bad:#b91c1c;--warn:#b45309;--spur:#7c3aed;--ink:#1f2937;--muted:#6b7280;
--line:#e5e7eb;--bg:#f3f4f6}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);background:var(--bg)}
header{background:#111827;color:#f9fafb;padding:14px 24px}
header h1{margin:0;font-size:20px;font-weight:600}
header .sub{color:#9ca3af;font-size:13px}
main{padding:16px 24px;max-width:1800px;margin:0 auto}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;
margin:0 0 16px}
h2{font-size:17px;margin:0 0 10px;display:flex;align-items:center;gap:10px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
margin:14px 0 6px}
h4{font-size:15px;margin:16px 0 6px}h4 .kind{text-transform:capitalize}
.items-col h4:first-child{margin-top:0}
code{font:12px/1.3 ui-monospace,"DejaVu Sans Mono",monospace;background:#f3f4f6;
padding:1px 4px;border-radius:3px}
.config dl{display:grid;grid-template-columns:repeat(3,max-content minmax(0,1fr));
gap:4px 14px;margin:0}
.config dt{color:var(--muted)}.config dd{margin:0}
details.thresholds{margin-top:8px}details.thresholds summary{color:var(--muted);cursor:pointer}
details.thresholds pre{font-size:12px;background:#f9fafb;padding:8px;max-height:320px;
overflow:auto;border-radius:4px}
.metrics-grid{display:grid;grid-template-columns:minmax(0,10fr) minmax(0,8fr) minmax(0,6fr);
gap:24px}.metrics-grid h3:first-child{margin-top:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;background:#f9fafb}
table.metrics td{font-variant-numeric:tabular-nums}table.metrics th{white-space:nowrap}
table.attrs tr:has(td:first-child:not(:empty)) td{border-top:1px solid #cbd5e1}
table.narrow td:last-child{text-align:right;white-space:nowrap}
.score{display:inline-flex;align-items:center;gap:6px;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:40px;height:7px;background:#e5e7eb;border-radius:4px;
overflow:hidden}.bar i{display:block;height:100%;background:#3b82f6}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;font-weight:600;
background:#e5e7eb;color:#374151;white-space:nowrap}
.wrap .badge{white-space:normal;margin-top:3px}
.badge.ok,.badge.matched,.badge.exact{background:#dcfce7;color:var(--ok)}
.badge.error,.badge.missing,.badge.not_found{background:#fee2e2;color:var(--bad)}
.badge.missed{background:#ffedd5;color:var(--warn)}
.badge.spurious{background:#ede9fe;color:var(--spur)}
.badge.normalized{background:#e0f2fe;color:#0369a1}.badge.fuzzy{background:#fef9c3;color:#854d0e}
.chip{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:2px 8px;
margin:2px 6px 2px 0;font-size:12px;background:#fafafa}
.n{display:inline-block;min-width:22px;text-align:center;border-radius:4px;padding:0 4px;
font-weight:600}.n.matched{color:var(--ok)}.n.missed{color:var(--warn)}.n.spurious{color:var(--spur)}
.muted{color:var(--muted)}.small{font-size:12px}.indent{padding-left:14px;color:var(--muted)}
.aid{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
a.top{margin-left:auto;font-size:12px;font-weight:400;color:var(--muted)}
.article-grid{display:grid;grid-template-columns:minmax(320px,2fr) minmax(0,3fr);gap:20px;
margin-top:10px}
.text-col{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);display:flex;
flex-direction:column}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.75 Georgia,"DejaVu Serif",serif;
background:#fffdf7;border:1px solid var(--line);border-radius:6px;padding:12px 14px;
overflow:auto}
.text.missing{font-style:italic;color:var(--muted)}
mark.hl{background:none;color:inherit;border-radius:2px;cursor:pointer}
mark.hl.g{background:var(--gold-bg)}
mark.hl.p{text-decoration:underline 3px var(--pred);text-underline-offset:4px;
text-decoration-skip-ink:none}
mark.hl.focus{background:rgba(219,39,119,.22);outline:2px solid var(--focus);outline-offset:0}
.legend{font-size:12px;margin-bottom:6px;display:flex;gap:10px;flex-wrap:wrap}
.legend mark{padding:0 4px;font:12px/1.8 system-ui,sans-serif}
.anchor{scroll-margin-top:40vh}
table.items{table-layout:fixed;font-size:13px}
col.c-item{width:29%}col.c-out{width:11%}col.c-reason{width:15%}col.c-attr{width:16%}
tr.item td:first-child{border-left:4px solid transparent}
tr.item.matched td:first-child{border-left-color:#86efac}
tr.item.missed td:first-child{border-left-color:#fdba74}
tr.item.spurious td:first-child{border-left-color:#c4b5fd}
tr.item:hover,tr.item.focus{background:#fdf2f8}
td.reason{color:#374151;overflow-wrap:anywhere}
.item-title{font-weight:600;overflow-wrap:anywhere}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:0 8px;margin:2px 0 4px;
font-size:12px}
dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;overflow-wrap:break-word;min-width:0}
dl.fields dd.wrong{color:var(--bad);font-weight:600}
ul.quotes{margin:2px 0;padding-left:16px;font-size:12px}
ul.quotes li{margin:1px 0}
a.quote{color:inherit;text-decoration:none;border-bottom:1px dotted var(--muted)}
a.quote.g{background:var(--gold-bg)}
a.quote.p{text-decoration:underline 2px var(--pred);text-underline-offset:3px;border:0}
.quote.unplaced{color:var(--bad)}
details.raw summary{font-size:11px;color:var(--muted);cursor:pointer}
details.raw pre{font-size:11px;max-height:240px;overflow:auto;background:#f9fafb;padding:6px}
.attr{display:inline-block;font-size:11px;border-radius:4px;padding:0 5px;margin:1px;
background:#f3f4f6;overflow-wrap:anywhere}
.attr.ok{background:#dcfce7;color:var(--ok)}.attr.bad{background:#fee2e2;color:var(--bad)}
.attr.part{background:#fef9c3;color:#854d0e}
.error-box{background:#fef2f2;border:1px solid #fecaca;color:var(--bad);border-radius:6px;
padding:8px 12px;margin:6px 0}
.error-box pre{white-space:pre-wrap;margin:4px 0 0;font-size:12px}
.toolbar{font-size:13px;display:flex;gap:12px;align-items:center;margin:0 0 12px}
body.hide-matched tr.item.matched,body.hide-missed tr.item.missed,
body.hide-spurious tr.item.spurious{display:none}
@media (max-width:1100px){.article-grid,.metrics-grid{grid-template-columns:1fr}
.text-col{position:static;max-height:none}}
"""

_JS = """
(function(){
  function clear(){document.querySelectorAll('.focus').forEach(function(e){
    e.classList.remove('focus');});}
  function focus(keys, scroll){
    clear();
    var first=null;
    keys.forEach(function(k){
      document.querySelectorAll('[data-items~="'+k+'"]').forEach(function(e){
        e.classList.add('focus');
        if(!first && e.tagName==='MARK'){first=e;}
      });
    });
    if(scroll && first){first.scrollIntoView({block:'center',behavior:'smooth'});}
  }
  document.addEventListener('click', function(ev){
    if(ev.target.closest('a,summary,details,input,label')){return;}
    var row=ev.target.closest('tr.item');
    if(row){focus(row.dataset.items.split(' ').filter(Boolean), true);return;}
    var mark=ev.target.closest('mark.hl[data-items]');
    if(mark){
      var keys=mark.dataset.items.split(' ').filter(Boolean);
      focus(keys, false);
      var r=document.querySelector('tr.item[data-items~="'+keys[0]+'"]');
      if(r){r.scrollIntoView({block:'center',behavior:'smooth'});}
    }
  });
  document.querySelectorAll('input[data-outcome]').forEach(function(box){
    box.addEventListener('change', function(){
      document.body.classList.toggle('hide-'+box.dataset.outcome, !box.checked);
    });
  });
})();
"""


def render_html(report: dict[str, Any], texts: dict[str, str]) -> str:
    """One self-contained HTML page for an evaluation report.

    ``texts`` maps article ids to their text; articles without one are shown without
    highlighting.
    """
    config = _d(report.get("config"))
    articles = [a for a in report.get("articles") or [] if isinstance(a, dict)]
    title = f"Evaluation report: {config.get('model') or 'unknown model'}"
    sections = "".join(
        _article_section(ai, a, texts.get(str(a.get("article")))) for ai, a in enumerate(articles)
    )
    subtitle = " · ".join(
        _e(v)
        for v in (
            config.get("endpoint_kind"),
            _d(config.get("prompt")).get("id"),
            config.get("created"),
            f"{len(articles)} articles",
        )
        if v
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f'<body id="top"><header><h1>{_e(title)}</h1><div class="sub">{subtitle}</div></header>'
        f"<main>{_config_section(config)}{_metrics_section(_d(report.get('metrics')))}"
        f"{_toc(articles)}{_toolbar()}{sections}</main>"
        f"<script>{_JS}</script></body></html>\n"
    )
