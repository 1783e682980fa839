"""Render an evaluation `Report` as one self-contained HTML page.

The page holds the run's configuration, the metrics tables and, per article, the article
text with gold and predicted evidence highlighted next to the matched / missed / spurious
items. Everything is inline (CSS and a little JS); nothing is fetched from the network. The
page's parts live in html_metrics (metrics card), html_articles (article cards), html_items
(item tables) and html_text (the highlighted text); this module lays out the page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from extractor.evaluation.html_articles import article_section
from extractor.evaluation.html_assets import CSS, JS
from extractor.evaluation.html_metrics import metrics_section
from extractor.evaluation.html_parts import OUTCOMES, badge, bar, esc, table
from extractor.evaluation.models import ArticleResult, Report, ReportConfig
from extractor.schema import ITEM_TYPES


def _thresholds(thresholds: Mapping[str, Any]) -> str:
    if not thresholds:
        return ""
    body = esc(json.dumps(thresholds, indent=2, ensure_ascii=False))
    return (
        f'<details class="thresholds"><summary>Matching thresholds ({len(thresholds)})</summary>'
        f"<pre>{body}</pre></details>"
    )


def _config_section(config: ReportConfig) -> str:
    sha = (config.prompt.sha256 if config.prompt else None) or ""
    prompt_id = config.prompt.id if config.prompt else None
    commit = config.git_commit or ""
    rows = [
        ("Model", esc(config.model or "–")),
        ("Endpoint", esc(config.endpoint_kind or "–")),
        (
            "Prompt",
            esc(prompt_id or "–")
            + (f' <code title="{esc(sha)}">{esc(sha[:12])}</code>' if sha else ""),
        ),
        ("Git commit", f'<code title="{esc(commit)}">{esc(commit[:12] or "–")}</code>'),
        ("Created", esc(config.created or "–")),
        ("Predictions", f"<code>{esc(config.predictions or '–')}</code>"),
        ("Gold", f"<code>{esc(config.gold_dir or '–')}</code>"),
    ]
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<section class="card config"><h2>Configuration</h2><dl>{cells}</dl>'
        f"{_thresholds(config.thresholds)}</section>"
    )


def _toc(articles: list[ArticleResult]) -> str:
    rows = []
    for ai, article in enumerate(articles):
        status = article.status
        f1s = [bar(m.f1) if status == "ok" else "–" for _, m in article.metrics.items()]
        counts = {o: sum(1 for item in article.items if item.outcome == o) for o in OUTCOMES}
        tally = " ".join(f'<span class="n {o}" title="{o}">{counts[o]}</span>' for o in OUTCOMES)
        link = f'<a href="#a{ai}">{esc(article.article)}</a>'
        rows.append([link, badge(status, status), *f1s, tally])
    head = ["article", "status", *(f"{t} F1" for t in ITEM_TYPES), "matched · missed · spurious"]
    return f'<section class="card"><h2>Articles</h2>{table(head, rows, "metrics toc")}</section>'


def _toolbar() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-outcome="{o}" checked> {badge(o, o)}</label>'
        for o in OUTCOMES
    )
    return f'<div class="toolbar">Show rows: {boxes}</div>'


def render_html(report: Report, texts: Mapping[str, str]) -> str:
    """One self-contained HTML page for an evaluation report.

    ``texts`` maps article ids to their text; articles without one are shown without
    highlighting.
    """
    config, articles = report.config, report.articles
    title = f"Evaluation report: {config.model or 'unknown model'}"
    sections = "".join(
        article_section(ai, a, texts.get(a.article)) for ai, a in enumerate(articles)
    )
    subtitle = " · ".join(
        esc(v)
        for v in (
            config.endpoint_kind,
            config.prompt.id if config.prompt else None,
            config.created,
            f"{len(articles)} articles",
        )
        if v
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f'<body id="top"><header><h1>{esc(title)}</h1><div class="sub">{subtitle}</div></header>'
        f"<main>{_config_section(config)}{metrics_section(report.metrics)}"
        f"{_toc(articles)}{_toolbar()}{sections}</main>"
        f"<script>{JS}</script></body></html>\n"
    )
