"""The HTML report: escaping, completeness, highlight marks, and a real headless browser."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluation.html import render_html
from extractor.evaluation.metrics import run_totals
from extractor.evaluation.models import Report, ReportConfig
from extractor.evaluation.summary import summarise

ARTICLE = "000_b403c17cf9c6620e"
TEXT = (
    "Nigerien, Malian rebel groups forge 'stronger ties'\n"
    "A delegation from the Nigerien rebel group Patriotic Liberation Front (FPL) met with the "
    'Malian rebel movement Permanent Strategic Framework (CSP) in late August to "strengthen" '
    "their ties.\n"
    "CSP spokesman Mohamed Elmaouloud Ramadan confirmed the meeting to AFP on Monday.\n"
    "The meeting, which took place from August 25 to 29 in Tinzaouatene, a town in northern "
    "Mali near the Algerian border, saw the two groups discussing mutual interests & "
    "cooperation.\n"
    "A post read <script>alert('pwned')</script> and {{ config.secret }} - nothing more.\n"
)

GOLD_CSP: dict[str, Any] = {
    "name": "Permanent Strategic Framework",
    "aliases": ["CSP"],
    "kind": "armed_group",
    "country": "ML",
    "evidence": ["the Malian rebel movement Permanent Strategic Framework (CSP)"],
}
PRED_CSP: dict[str, Any] = {
    "name": "CSP",
    "aliases": [],
    "kind": "armed_group",
    "country": "ML",
    # overlaps the gold quote without being equal to it
    "evidence": ["Permanent Strategic Framework (CSP) in late August"],
}
GOLD_FPL: dict[str, Any] = {
    "name": "Patriotic Liberation Front",
    "aliases": ["FPL"],
    "kind": "armed_group",
    "country": "NE",
    "evidence": ["the Nigerien rebel group Patriotic Liberation Front (FPL)"],
}
PRED_FPL: dict[str, Any] = {
    "name": "Patriotic Liberation Front",
    "aliases": ["FPL"],
    "kind": "armed_forces",
    "country": "NE",
    "evidence": ["Patriotic Liberation Front (FPL)"],
}
GOLD_SPOKESMAN: dict[str, Any] = {
    "name": "Mohamed Elmaouloud Ramadan",
    "aliases": [],
    "kind": "person",
    "country": "ML",
    "role": "CSP spokesman",
    "affiliation": "Permanent Strategic Framework",
    "evidence": ["CSP spokesman Mohamed Elmaouloud Ramadan"],
}
PRED_AFP: dict[str, Any] = {
    "name": "AFP <b>news</b>",
    "aliases": [],
    "kind": "international_org",
    "evidence": ["confirmed the meeting to AFP"],
}
GOLD_MEETING: dict[str, Any] = {
    "kind": "meeting",
    "summary": "FPL and CSP delegations met in Tinzaouatene.",
    "date": "2024-08-25",
    "date_precision": "day",
    "date_end": "2024-08-29",
    "location": "Tinzaouatene",
    "country": "ML",
    "participants": ["Patriotic Liberation Front", "Permanent Strategic Framework"],
    "fatalities": [],
    "evidence": ["The meeting, which took place from August 25 to 29 in Tinzaouatene"],
}
PRED_MEETING: dict[str, Any] = {
    "kind": "meeting",
    "summary": "Rebels met; post said <script>x</script> {{ y }}",
    "date": "2024-08",
    "date_precision": "month",
    "location": "Tinzaouatene",
    "country": "ML",
    "participants": ["CSP", "Patriotic Liberation Front"],
    "fatalities": [{"count": 3, "victims": "fighters", "claimed_by": "local sources"}],
    "evidence": [
        "from August 25 to 29 in Tinzaouatene",  # offsets given in the grounding
        "a town in northern Mali near the Algerian border",  # no offsets: not placed
        "The two groups signed a mutual defence pact",  # hallucinated: not found
    ],
}
GOLD_FAILED: dict[str, Any] = {
    "name": "Malian Armed Forces",
    "aliases": ["FAMa"],
    "kind": "armed_forces",
    "country": "ML",
    "evidence": ["the <text> of FAMa"],
}
PRED_TREATY: dict[str, Any] = {
    "name": "CSP-FPL alliance",
    "aliases": [],
    "kind": "cooperation_agreement",
    "parties": ["CSP", "Patriotic Liberation Front"],
    "status": "proposed",
    "evidence": ['to "strengthen" their ties'],
}


FAILED_TEXT = "Short: the <text> of FAMa, failed article."


def _span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def _grounding(path: str, quote: str, offsets: bool = True) -> dict[str, Any]:
    start, end = _span(quote) if offsets else (None, None)
    return {
        "path": path,
        "quote": quote,
        "status": "exact",
        "start": start,
        "end": end,
        "score": 100.0,
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def _gold_quotes(item_type: str, index: int, item: dict[str, Any], text: str) -> list[dict]:
    """What the harness gives a gold item: its quotes located in the article text."""
    quotes = []
    for q, quote in enumerate(item["evidence"]):
        start = text.index(quote)
        path = f"{item_type}[{index}].evidence[{q}]"
        quotes.append({"path": path, "quote": quote, "status": "exact", "start": start,
                       "end": start + len(quote), "score": 100.0})  # fmt: skip
    return quotes


def make_report() -> Report:
    return Report.model_validate(make_report_json())


def make_report_json() -> dict[str, Any]:
    items = [
        {
            "type": "actors",
            "outcome": "matched",
            "gold_index": 0,
            "pred_index": 0,
            "similarity": 1.0,
            "reason": "alias 'CSP' = name 'CSP'",
            "gold": GOLD_CSP,
            "predicted": PRED_CSP,
            "attributes": {"kind": True},
        },
        {
            "type": "actors",
            "outcome": "matched",
            "gold_index": 1,
            "pred_index": 1,
            "similarity": 1.0,
            "reason": "name 'Patriotic Liberation Front' = name",
            "gold": GOLD_FPL,
            "predicted": PRED_FPL,
            "attributes": {"kind": False},
        },
        {
            "type": "actors",
            "outcome": "missed",
            "gold_index": 2,
            "pred_index": None,
            "similarity": None,
            "reason": "no predicted actor shares a name",
            "gold": GOLD_SPOKESMAN,
            "predicted": None,
            "attributes": None,
        },
        {
            "type": "actors",
            "outcome": "spurious",
            "gold_index": None,
            "pred_index": 2,
            "similarity": None,
            "reason": "no gold actor named 'AFP <b>news</b>' & co",
            "gold": None,
            "predicted": PRED_AFP,
            "attributes": None,
            "quote_found": False,
        },
        {
            "type": "treaties",
            "outcome": "spurious",
            "gold_index": None,
            "pred_index": 0,
            "similarity": None,
            "reason": "no gold treaty",
            "gold": None,
            "predicted": PRED_TREATY,
            "attributes": None,
        },
        {
            "type": "events",
            "outcome": "matched",
            "gold_index": 0,
            "pred_index": 0,
            "similarity": 0.8,
            "reason": "same kind, overlapping dates, shared participants",
            "gold": GOLD_MEETING,
            "predicted": PRED_MEETING,
            "attributes": {
                "kind": True,
                "date": False,
                "location": True,
                "fatalities": False,
                "participants_f1": 1.0,
            },
        },
    ]
    grounding = [
        _grounding("actors[0].evidence[0]", PRED_CSP["evidence"][0]),
        _grounding("actors[1].evidence[0]", PRED_FPL["evidence"][0]),
        _grounding("actors[2].evidence[0]", PRED_AFP["evidence"][0]),
        _grounding("treaties[0].evidence[0]", PRED_TREATY["evidence"][0]),
        _grounding("events[0].evidence[0]", PRED_MEETING["evidence"][0]),
        _grounding("events[0].evidence[1]", PRED_MEETING["evidence"][1], offsets=False),
        {
            "path": "events[0].evidence[2]",
            "quote": PRED_MEETING["evidence"][2],
            "status": "not_found",
            "start": None,
            "end": None,
            "score": 0.0,
        },
    ]
    per_article = {"actors": _prf(2, 1, 1), "treaties": _prf(0, 1, 0), "events": _prf(1, 0, 0)}
    acc = {"correct": 1, "total": 2, "accuracy": 0.5}
    return {
        "schema_version": 1,
        "config": {
            "predictions": "runs/<x>.jsonl",
            "gold_dir": "gold",
            "model": "SmolLM2-135M-Instruct",
            "endpoint_kind": "local",
            "prompt": {"id": "extract@v1", "sha256": "ab" * 32},
            "git_commit": "0123456789abcdef0123456789abcdef01234567",
            "created": "2026-11-22T07:00:00Z",
            "thresholds": {"actor_name": 0.85, "event_date_days": 3},
        },
        "metrics": {
            "micro": per_article,
            "macro": {
                k: {m: v[m] for m in ("precision", "recall", "f1")} for k, v in per_article.items()
            },
            "attributes": {
                "actors": {"kind": acc},
                "treaties": {
                    "kind": acc,
                    "status": acc,
                    "date": acc,
                    "parties_f1": {"mean": 0.0, "total": 0},
                },
                "events": {
                    "kind": acc,
                    "date": acc,
                    "location": acc,
                    "fatalities": acc,
                    "participants_f1": {"mean": 1.0, "total": 1},
                },
            },
            "grounding": {
                "quotes": 7,
                "found": 6,
                "found_share": 6 / 7,
                "by_status": {"exact": 6, "normalized": 0, "fuzzy": 0, "not_found": 1},
                "items_without_found_quote": 0,
            },
            "run": {
                "articles": 3,
                "errors": 1,
                "prompt_tokens": 12345,
                "completion_tokens": 2345,
                "total_tokens": 14690,
                "retries": 1,
                "latency_s": 42.5,
            },
        },
        "articles": [
            {
                "article": ARTICLE,
                "status": "ok",
                "error": None,
                "metrics": per_article,
                "items": [
                    {**i, "gold_quotes": _gold_quotes(i["type"], i["gold_index"], i["gold"], TEXT)}
                    if i["gold"]
                    else i
                    for i in items
                ],
                "grounding": grounding,
            },
            {
                "article": "001_4f3cddc50e930001",
                "status": "error",
                "error": "ValidationError: kind 'rebels' <not allowed> & retried 3 times",
                "metrics": {
                    "actors": _prf(0, 0, 1),
                    "treaties": _prf(0, 0, 0),
                    "events": _prf(0, 0, 0),
                },
                "items": [
                    {
                        "type": "actors",
                        "outcome": "missed",
                        "gold_index": 0,
                        "pred_index": None,
                        "similarity": None,
                        "reason": "extraction failed",
                        "gold": GOLD_FAILED,
                        "predicted": None,
                        "attributes": None,
                        "gold_quotes": _gold_quotes("actors", 0, GOLD_FAILED, FAILED_TEXT),
                    }
                ],
                "grounding": [],
            },
            {
                "article": "002_304f24d45dc7f28e",
                "status": "missing",
                "error": None,
                "metrics": {t: _prf(0, 0, 0) for t in ("actors", "treaties", "events")},
                "items": [],
                "grounding": [],
            },
        ],
    }


TEXTS = {ARTICLE: TEXT, "001_4f3cddc50e930001": FAILED_TEXT}


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(make_report(), TEXTS)


# --------------------------------------------------------------------------- no browser


class _TagBalance(HTMLParser):
    VOID = {"meta", "col", "input", "br", "hr", "img", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.hrefs.append((found["href"] or "")[1:])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_article_text_is_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "{{ config.secret }}" in page
    assert "mutual interests &amp; cooperation" in page
    assert page.count("<script") == 1  # only the page's own inline script
    assert "<b>news</b>" not in page and "AFP &lt;b&gt;news&lt;/b&gt;" in page
    assert "&lt;not allowed&gt; &amp; retried" in page  # error message escaped
    assert "runs/&lt;x&gt;.jsonl" in page


def test_page_is_self_contained_and_well_formed(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    parser = _TagBalance()
    parser.feed(page)
    assert parser.errors == []
    assert parser.stack == []
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    assert set(parser.hrefs) <= set(parser.ids), "a link points at no anchor"


def test_every_item_appears(page: str) -> None:
    report = make_report_json()
    for article in report["articles"]:
        assert html.escape(article["article"]) in page
        for item in article["items"]:
            assert html.escape(item["reason"]) in page
            for side in ("gold", "predicted"):
                body = item[side]
                if body is None:
                    continue
                title = body.get("name") or body["kind"]
                assert html.escape(title) in page
                for quote in body["evidence"]:
                    assert html.escape(quote) in page
    assert "SmolLM2-135M-Instruct" in page and "extract@v1" in page
    assert "0123456789ab" in page and "2026-11-22T07:00:00Z" in page


def test_highlights_gold_and_predicted_with_overlap(page: str) -> None:
    assert '<mark class="hl g"' in page
    assert '<mark class="hl p"' in page
    assert '<mark class="hl g p"' in page  # the CSP quotes overlap
    # gold quotes get anchors (from the report's gold_quotes), predicted ones too; a quote
    # the report gave no offsets for is listed but not placed, nor is the hallucinated one
    assert 'id="a0-g-actors-0-q0"' in page
    assert 'id="a0-p-actors-0-q0"' in page
    assert 'id="a0-p-events-0-q0"' in page
    assert 'id="a0-p-events-0-q1"' not in page
    assert 'id="a0-p-events-0-q2"' not in page
    assert 'href="#a0-p-events-0-q0"' in page
    assert "not found" in page
    # an item row names the items whose quotes it can highlight
    assert 'data-items="a0-g-actors-0 a0-p-actors-0"' in page


def test_error_and_missing_articles_show_the_error_first(page: str) -> None:
    failed = page.split('id="a1"', 1)[1].split('id="a2"', 1)[0]
    shown, folded = failed.split("<details>", 1)
    assert "ValidationError: kind &#x27;rebels&#x27; &lt;not allowed&gt;" in shown
    assert 'class="items"' not in shown and "<mark" not in shown
    # the gold items (all missed) and the text stay available, folded away
    assert "its 1 gold item (counted as missed)" in folded
    assert "Malian Armed Forces" in folded
    assert '<mark class="hl g"' in folded and "Short: " in folded
    missing = page.split('id="a2"', 1)[1]
    assert "no prediction for this article" in missing
    assert "<details>" not in missing.split("</section>", 1)[0]


def test_wrong_attributes_are_marked(page: str) -> None:
    assert '<span class="attr bad">kind ✗</span>' in page
    assert '<span class="attr ok">participants_f1 1.00</span>' in page
    assert 'class="wrong"' in page
    assert "no quote found" in page  # the spurious AFP item has quote_found: false


def test_renders_minimal_report() -> None:
    empty = Report(config=ReportConfig(), metrics=summarise([], run_totals([])), articles=[])
    page = render_html(empty, {})
    assert page.startswith("<!DOCTYPE html>")
    assert "unknown model" in page


# --------------------------------------------------------------------------- browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_browser_renders_page(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text(render_html(make_report(), TEXTS), encoding="utf-8")

    dumped = _chromium(tmp_path, "--dump-dom", target.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    assert '<mark class="hl g"' in dom and '<mark class="hl p"' in dom
    assert '<mark class="hl g p"' in dom
    assert "Permanent Strategic Framework" in dom and "Mohamed Elmaouloud Ramadan" in dom
    assert "CSP-FPL alliance" in dom
    assert dom.count('<tr class="item ') == sum(len(a.items) for a in make_report().articles)
    assert "&lt;script&gt;alert" in dom and "{{ config.secret }}" in dom
    assert "ValidationError" in dom

    # the page's script: clicking an item row highlights that item's spans in the text
    clicked = tmp_path / "clicked.html"
    click = "<script>document.querySelector('tr.item').click();</script></body>"
    clicked.write_text(target.read_text(encoding="utf-8").replace("</body>", click))
    dumped = _chromium(tmp_path, "--dump-dom", clicked.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    focused = re.findall(r'<mark class="hl ([gp ]+) focus" data-items="([^"]*)"', dumped.stdout)
    assert focused, "clicking a row highlighted nothing"
    assert all("a0-g-actors-0" in keys or "a0-p-actors-0" in keys for _, keys in focused)
    assert '<tr class="item matched focus"' in dumped.stdout

    shot = tmp_path / "shot.png"
    taken = _chromium(
        tmp_path,
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        "--hide-scrollbars",
        target.as_uri(),
    )
    assert taken.returncode == 0, taken.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kB
