"""Compare two reports: metric deltas, items gained and lost, a paired bootstrap for F1.

Both reports are reduced to the articles they share, and their metrics recomputed on those,
so a delta never comes from one run having covered more articles. "Gained" are gold items
B matched and A missed; "lost" the reverse (only where both reports carry the same gold for
the article; articles whose gold changed between the runs are listed apart).

The interval on the micro-F1 delta is a paired bootstrap over articles: resample the shared
articles with replacement (the same draw for A and B), recompute both micro F1s from the
resampled counts, take the delta; the 2.5th and 97.5th percentiles of BOOTSTRAP_RESAMPLES such
deltas form the 95% interval. The generator is seeded, so the interval is reproducible.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from extractor.evaluation.harness import HarnessError, aggregate, article_counts
from extractor.evaluation.metrics import ATTRIBUTES, TYPES

# 10,000 resamples put the Monte Carlo error of a 95% percentile bound well under 0.01 F1
# for the dataset sizes here, and take well under a second with numpy.
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 0
CONFIDENCE = 0.95
_CHUNK = 1000  # resamples drawn at a time, to bound memory on large datasets

REQUIRED_KEYS = ("schema_version", "config", "metrics", "articles")


def load_report(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarnessError(f"{path}: report file not found") from None
    except json.JSONDecodeError as exc:
        raise HarnessError(f"{path}: not valid JSON at line {exc.lineno}: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HarnessError(f"{path}: cannot read: {exc}") from None
    if not isinstance(report, dict) or any(k not in report for k in REQUIRED_KEYS):
        raise HarnessError(f"{path}: not an evaluation report (needs {', '.join(REQUIRED_KEYS)})")
    if report["schema_version"] != 1:
        raise HarnessError(
            f"{path}: report schema_version {report['schema_version']}; this compares version 1"
        )
    return report


# --- bootstrap ----------------------------------------------------------------------------


def f1_from_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """Vectorised F1 with the conventions of evaluation.metrics (empty vs empty is 1.0)."""
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), np.where(fn == 0, 1.0, 0.0))
        r = np.where(tp + fn > 0, tp / (tp + fn), np.where(fp == 0, 1.0, 0.0))
        return np.where(p + r > 0, 2 * p * r / (p + r), 0.0)


def paired_bootstrap(
    a: np.ndarray,
    b: np.ndarray,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    confidence: float = CONFIDENCE,
) -> dict[str, float | int | None]:
    """Interval for micro-F1(b) - micro-F1(a); a and b are (articles x 3) tp/fp/fn counts."""
    n = len(a)
    observed = float(f1_from_counts(*b.sum(0)) - f1_from_counts(*a.sum(0)))
    out: dict[str, float | int | None] = {
        "delta": observed,
        "low": None,
        "high": None,
        "share_positive": None,
        "resamples": resamples,
        "confidence": confidence,
        "seed": seed,
    }
    if n == 0 or resamples <= 0:
        return out
    rng = np.random.default_rng(seed)
    deltas = []
    for start in range(0, resamples, _CHUNK):
        idx = rng.integers(0, n, size=(min(_CHUNK, resamples - start), n))
        sa, sb = a[idx].sum(axis=1), b[idx].sum(axis=1)  # (chunk x 3)
        deltas.append(f1_from_counts(*sb.T) - f1_from_counts(*sa.T))
    d = np.concatenate(deltas)
    tail = (1 - confidence) / 2 * 100
    out["low"], out["high"] = (float(x) for x in np.percentile(d, [tail, 100 - tail]))
    out["share_positive"] = float((d > 0).mean())
    return out


# --- comparison ---------------------------------------------------------------------------


def _delta(a: object, b: object) -> dict[str, Any]:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return {"a": a, "b": b, "delta": b - a}
    return {"a": a, "b": b, "delta": None}


def _label(item: Mapping[str, Any]) -> str:
    shown = item["gold"] if item["outcome"] == "missed" else item["predicted"]
    if item["type"] == "events":
        return f"{shown['kind']}@{shown.get('date') or '?'} {shown.get('location') or ''}".strip()
    return str(shown["name"])


def _counts(entries: list[Mapping[str, Any]]) -> np.ndarray:
    """articles x types x (tp, fp, fn)."""
    rows = [[[c[t].tp, c[t].fp, c[t].fn] for t in TYPES] for c in map(article_counts, entries)]
    return np.array(rows, dtype=int).reshape(len(entries), len(TYPES), 3)


def _attribute_deltas(ma: Mapping[str, Any], mb: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {}
    for t, names in ATTRIBUTES.items():
        out[t] = {}
        for attribute in names:
            key = "mean" if attribute.endswith("_f1") else "accuracy"
            a_value = ma["attributes"][t][attribute][key]
            out[t][attribute] = _delta(a_value, mb["attributes"][t][attribute][key])
    return out


def _item_changes(article: str, ra: Mapping[str, Any], rb: Mapping[str, Any]) -> dict[str, list]:
    """Gold items gained and lost between two entries of one article, and spurious ones."""
    changes: dict[str, list] = {"gained": [], "lost": [], "added": [], "removed": []}
    gold_a = {(i["type"], i["gold_index"]): i for i in ra["items"] if i["gold"] is not None}
    gold_b = {(i["type"], i["gold_index"]): i for i in rb["items"] if i["gold"] is not None}
    for key in sorted(gold_a, key=lambda k: (TYPES.index(k[0]), k[1])):
        ia, ib = gold_a[key], gold_b[key]
        row = {"article": article, "type": key[0], "gold_index": key[1], "name": _label(ia)}
        if ia["outcome"] == "missed" and ib["outcome"] == "matched":
            changes["gained"].append({**row, "reason": ib["reason"]})
        elif ia["outcome"] == "matched" and ib["outcome"] == "missed":
            changes["lost"].append({**row, "reason": ib["reason"]})
    spur_a = Counter((i["type"], _label(i)) for i in ra["items"] if i["outcome"] == "spurious")
    spur_b = Counter((i["type"], _label(i)) for i in rb["items"] if i["outcome"] == "spurious")
    for side, diff in (("added", spur_b - spur_a), ("removed", spur_a - spur_b)):
        for (t, label), n in diff.items():
            changes[side].extend({"article": article, "type": t, "name": label} for _ in range(n))
    return changes


def _same_gold(ra: Mapping[str, Any], rb: Mapping[str, Any]) -> bool:
    def gold(r: Mapping[str, Any]) -> dict[tuple[str, int], Any]:
        return {
            (i["type"], i["gold_index"]): i["gold"] for i in r["items"] if i["gold"] is not None
        }

    return gold(ra) == gold(rb)


def compare_reports(
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """Deltas B − A on the articles both reports share (see the module docstring)."""
    a_articles = {x["article"]: x for x in a["articles"]}
    b_articles = {x["article"]: x for x in b["articles"]}
    common = sorted(set(a_articles) & set(b_articles))
    ea, eb = [a_articles[x] for x in common], [b_articles[x] for x in common]
    ma, mb = aggregate(ea), aggregate(eb)
    counts_a, counts_b = _counts(ea), _counts(eb)

    types: dict[str, Any] = {}
    for i, t in enumerate(TYPES):
        types[t] = {
            "micro": {
                k: _delta(ma["micro"][t][k], mb["micro"][t][k])
                for k in ("tp", "fp", "fn", "precision", "recall", "f1")
            },
            "macro": {
                k: _delta(ma["macro"][t][k], mb["macro"][t][k])
                for k in ("precision", "recall", "f1")
            },
            "f1_bootstrap": paired_bootstrap(counts_a[:, i], counts_b[:, i], resamples, seed),
        }

    per_article: list[dict[str, Any]] = []
    gold_changed: list[str] = []
    changes: dict[str, list] = {"gained": [], "lost": [], "added": [], "removed": []}
    for x, ra, rb in zip(common, ea, eb, strict=True):
        per_article.append(
            {
                "article": x,
                "status": {"a": ra["status"], "b": rb["status"]},
                **{t: _delta(ra["metrics"][t]["f1"], rb["metrics"][t]["f1"]) for t in TYPES},
            }
        )
        if not _same_gold(ra, rb):
            gold_changed.append(x)
            continue
        for key, rows in _item_changes(x, ra, rb).items():
            changes[key].extend(rows)

    out = {
        "a": {"predictions": a["config"].get("predictions"), "created": a["config"].get("created")},
        "b": {"predictions": b["config"].get("predictions"), "created": b["config"].get("created")},
        "articles": {
            "common": len(common),
            "only_a": sorted(set(a_articles) - set(b_articles)),
            "only_b": sorted(set(b_articles) - set(a_articles)),
            "gold_changed": gold_changed,
        },
        "types": types,
        "all_f1_bootstrap": paired_bootstrap(counts_a.sum(1), counts_b.sum(1), resamples, seed),
        "attributes": _attribute_deltas(ma, mb),
        "grounding": {
            key: _delta(ma["grounding"][key], mb["grounding"][key])
            for key in ("found_share", "items_without_found_quote")
        },
        "per_article": per_article,
        "gained": changes["gained"],
        "lost": changes["lost"],
        "spurious_added": changes["added"],
        "spurious_removed": changes["removed"],
    }
    if (
        "partial" in ma and "partial" in mb
    ):  # only for partial gold (extractor/evaluation/partial.py)
        out["partial"] = _partial_deltas(ma["partial"], mb["partial"])
    return out


def _partial_deltas(pa: Mapping[str, Any], pb: Mapping[str, Any]) -> dict[str, Any]:
    """Recall and matched-event attribute deltas of the partial-gold summaries."""
    out = {f"{t}_recall": _delta(pa[t]["recall"], pb[t]["recall"]) for t in ("events", "actors")}
    for name, cell in pa["attributes"].items():
        key = "mean" if "mean" in cell else "accuracy"
        out[name] = _delta(cell[key], pb["attributes"][name][key])
    return out


# --- terminal -----------------------------------------------------------------------------


def _fmt(value: object, signed: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:+.3f}" if signed else f"{value:.3f}"
    return f"{value:+d}" if signed and isinstance(value, int) else str(value)


def _ci(boot: Mapping[str, Any]) -> str:
    if boot["low"] is None:
        return "–"
    return f"[{boot['low']:+.3f}, {boot['high']:+.3f}]"


def _shown(item: RenderableType) -> RenderableType:
    """Markup text as rich Text (so numbers are not re-coloured); tables as they are."""
    return Text.from_markup(item) if isinstance(item, str) else item


def terminal_comparison(cmp: Mapping[str, Any]) -> list[RenderableType]:
    """The comparison as rich renderables for a terminal; the CLI prints them."""
    shown: list[RenderableType] = []
    arts = cmp["articles"]
    shown.append(
        _shown(
            f"[bold]A[/bold] {cmp['a']['predictions']}  vs  "
            f"[bold]B[/bold] {cmp['b']['predictions']}"
            f" · {arts['common']} shared articles"
            + (f" · only in A: {len(arts['only_a'])}" if arts["only_a"] else "")
            + (f" · only in B: {len(arts['only_b'])}" if arts["only_b"] else "")
        )
    )
    pct = int(CONFIDENCE * 100)
    table = Table(title=f"Micro F1 (B − A), paired bootstrap {pct}% interval", title_justify="left")
    for name in ("type", "F1 A", "F1 B", "Δ F1", f"{pct}% CI", "Δ P", "Δ R", "Δ macro F1"):
        table.add_column(name, justify="left" if name == "type" else "right")
    for t in TYPES:
        row = cmp["types"][t]
        mi = row["micro"]
        table.add_row(
            t,
            _fmt(mi["f1"]["a"]),
            _fmt(mi["f1"]["b"]),
            _fmt(mi["f1"]["delta"], True),
            _ci(row["f1_bootstrap"]),
            _fmt(mi["precision"]["delta"], True),
            _fmt(mi["recall"]["delta"], True),
            _fmt(row["macro"]["f1"]["delta"], True),
        )
    pooled = cmp["all_f1_bootstrap"]
    table.add_row("all", "", "", _fmt(pooled["delta"], True), _ci(pooled), "", "", "")
    shown.append(_shown(table))

    attrs = Table(title="Attributes of matched pairs (B − A)", title_justify="left")
    for name in ("type", "attribute", "A", "B", "Δ"):
        attrs.add_column(name, justify="left" if name in ("type", "attribute") else "right")
    for t, names in cmp["attributes"].items():
        for name, d in names.items():
            attrs.add_row(t, name, _fmt(d["a"]), _fmt(d["b"]), _fmt(d["delta"], True))
    shown.append(_shown(attrs))

    if "partial" in cmp:
        part = Table(title="Partial gold: recall and matched events (B − A)", title_justify="left")
        for name in ("measure", "A", "B", "Δ"):
            part.add_column(name, justify="left" if name == "measure" else "right")
        for name, d in cmp["partial"].items():
            part.add_row(name, _fmt(d["a"]), _fmt(d["b"]), _fmt(d["delta"], True))
        shown.append(_shown(part))

    per = Table(title="Per article F1 (B − A)", title_justify="left")
    per.add_column("article")
    for t in TYPES:
        per.add_column(f"Δ {t}", justify="right")
    for row in cmp["per_article"]:
        per.add_row(row["article"], *(_fmt(row[t]["delta"], True) for t in TYPES))
    shown.append(_shown(per))

    for title, rows in (
        ("Gained (B matches, A missed)", cmp["gained"]),
        ("Lost (A matched, B misses)", cmp["lost"]),
        ("New false positives in B", cmp["spurious_added"]),
        ("False positives of A gone in B", cmp["spurious_removed"]),
    ):
        shown.append(_shown(f"[bold]{title}[/bold]: {len(rows)}"))
        for r in rows[:30]:
            shown.append(_shown(f"  {r['article']} {r['type']}: {r['name']}"))
        if len(rows) > 30:
            shown.append(_shown(f"  … and {len(rows) - 30} more"))
    if arts["gold_changed"]:
        shown.append(
            _shown(f"Gold differs between the reports for: {', '.join(arts['gold_changed'])}")
        )
    return shown
