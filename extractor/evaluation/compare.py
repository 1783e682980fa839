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
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from extractor.evaluation.loading import HarnessError
from extractor.evaluation.metrics import ATTRIBUTES, TYPES
from extractor.evaluation.models import (
    SCHEMA_VERSION,
    Accuracy,
    ArticleDelta,
    ArticleResult,
    Bootstrap,
    Comparison,
    Coverage,
    Delta,
    ItemChange,
    ItemOutcome,
    Metrics,
    PartialSummary,
    PerType,
    Report,
    ReportRef,
    RunTotals,
    StatusPair,
    TypeComparison,
)
from extractor.evaluation.summary import article_counts, summarise

# 10,000 resamples put the Monte Carlo error of a 95% percentile bound well under 0.01 F1
# for the dataset sizes here, and take well under a second with numpy.
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 0
CONFIDENCE = 0.95
_CHUNK = 1000  # resamples drawn at a time, to bound memory on large datasets

REQUIRED_KEYS = ("config", "metrics", "articles")


def load_report(path: str | Path) -> Report:
    """A report JSON file as a `Report`; a report without schema_version is read as version 1."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarnessError(f"{path}: report file not found") from None
    except json.JSONDecodeError as exc:
        raise HarnessError(f"{path}: not valid JSON at line {exc.lineno}: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HarnessError(f"{path}: cannot read: {exc}") from None
    if not isinstance(raw, dict) or any(k not in raw for k in REQUIRED_KEYS):
        raise HarnessError(f"{path}: not an evaluation report (needs {', '.join(REQUIRED_KEYS)})")
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise HarnessError(
            f"{path}: report schema_version {version}; this compares version {SCHEMA_VERSION}"
        )
    try:
        return Report.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise HarnessError(f"{path}: not a valid report: {where}: {problem['msg']}") from None


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
) -> Bootstrap:
    """Interval for micro-F1(b) - micro-F1(a); a and b are (articles x 3) tp/fp/fn counts."""
    n = len(a)
    observed = float(f1_from_counts(*b.sum(0)) - f1_from_counts(*a.sum(0)))
    out = Bootstrap(delta=observed, low=None, high=None, share_positive=None,
                    resamples=resamples, confidence=confidence, seed=seed)  # fmt: skip
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
    out.low, out.high = (float(x) for x in np.percentile(d, [tail, 100 - tail]))
    out.share_positive = float((d > 0).mean())
    return out


# --- comparison ---------------------------------------------------------------------------


def _ref(report: Report) -> ReportRef:
    config = report.config
    prompt = config.prompt.id if config.prompt else None
    return ReportRef(predictions=config.predictions, created=config.created, prompt=prompt)


def _label(item: ItemOutcome) -> str:
    shown = (item.gold if item.outcome == "missed" else item.predicted) or {}
    if item.type == "events":
        return f"{shown['kind']}@{shown.get('date') or '?'} {shown.get('location') or ''}".strip()
    return str(shown["name"])


def _counts(entries: list[ArticleResult]) -> np.ndarray:
    """articles x types x (tp, fp, fn)."""
    rows = [[[c[t].tp, c[t].fp, c[t].fn] for t in TYPES] for c in map(article_counts, entries)]
    return np.array(rows, dtype=int).reshape(len(entries), len(TYPES), 3)


def _attribute_deltas(ma: Metrics, mb: Metrics) -> PerType[dict[str, Delta]]:
    out: dict[str, dict[str, Delta]] = {}
    for t, names in ATTRIBUTES.items():
        out[t] = {name: Delta.of(_score(ma.attributes[t][name]), _score(mb.attributes[t][name]))
                  for name in names}  # fmt: skip
    return PerType[dict[str, Delta]](**out)


def _score(cell: object) -> float | None:
    """An attribute cell's headline number: accuracy, or the mean of a 0..1 score."""
    return cell.accuracy if isinstance(cell, Accuracy) else getattr(cell, "mean", None)


def _gold_items(result: ArticleResult) -> dict[tuple[str, int], ItemOutcome]:
    return {
        (i.type, i.gold_index): i
        for i in result.items
        if i.gold is not None and i.gold_index is not None
    }


def _item_changes(
    article: str, ra: ArticleResult, rb: ArticleResult
) -> dict[str, list[ItemChange]]:
    """Gold items gained and lost between two results of one article, and spurious ones."""
    changes: dict[str, list[ItemChange]] = {"gained": [], "lost": [], "added": [], "removed": []}
    gold_a, gold_b = _gold_items(ra), _gold_items(rb)
    for key in sorted(gold_a, key=lambda k: (TYPES.index(k[0]), k[1])):
        ia, ib = gold_a[key], gold_b[key]
        change = ItemChange(
            article=article, type=key[0], gold_index=key[1], name=_label(ia), reason=ib.reason
        )
        if ia.outcome == "missed" and ib.outcome == "matched":
            changes["gained"].append(change)
        elif ia.outcome == "matched" and ib.outcome == "missed":
            changes["lost"].append(change)
    spur_a = Counter((i.type, _label(i)) for i in ra.items if i.outcome == "spurious")
    spur_b = Counter((i.type, _label(i)) for i in rb.items if i.outcome == "spurious")
    for side, diff in (("added", spur_b - spur_a), ("removed", spur_a - spur_b)):
        for (t, label), n in diff.items():
            changes[side].extend(ItemChange(article=article, type=t, name=label) for _ in range(n))
    return changes


def _same_gold(ra: ArticleResult, rb: ArticleResult) -> bool:
    def gold(r: ArticleResult) -> dict[tuple[str, int], object]:
        return {key: item.gold for key, item in _gold_items(r).items()}

    return gold(ra) == gold(rb)


def _type_comparison(t: str, ma: Metrics, mb: Metrics, boot: Bootstrap) -> TypeComparison:
    a_micro, b_micro = ma.micro[t], mb.micro[t]
    a_macro, b_macro = ma.macro[t], mb.macro[t]
    return TypeComparison(
        micro={k: Delta.of(getattr(a_micro, k), getattr(b_micro, k))
               for k in ("tp", "fp", "fn", "precision", "recall", "f1")},
        macro={k: Delta.of(getattr(a_macro, k), getattr(b_macro, k))
               for k in ("precision", "recall", "f1")},
        f1_bootstrap=boot,
    )  # fmt: skip


def _shared_metrics(entries: list[ArticleResult]) -> Metrics:
    """The metrics of a subset of a report's articles (run totals are not compared)."""
    return summarise(entries, RunTotals(articles=len(entries), errors=0, prompt_tokens=0,
                                        completion_tokens=0, total_tokens=0, retries=0,
                                        latency_s=0.0))  # fmt: skip


def compare_reports(
    a: Report,
    b: Report,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Comparison:
    """Deltas B − A on the articles both reports share (see the module docstring)."""
    a_articles = {x.article: x for x in a.articles}
    b_articles = {x.article: x for x in b.articles}
    common = sorted(set(a_articles) & set(b_articles))
    ea, eb = [a_articles[x] for x in common], [b_articles[x] for x in common]
    ma, mb = _shared_metrics(ea), _shared_metrics(eb)
    counts_a, counts_b = _counts(ea), _counts(eb)

    types = {
        t: _type_comparison(t, ma, mb, paired_bootstrap(counts_a[:, i], counts_b[:, i],
                                                        resamples, seed))
        for i, t in enumerate(TYPES)
    }  # fmt: skip

    per_article: list[ArticleDelta] = []
    gold_changed: list[str] = []
    changes: dict[str, list[ItemChange]] = {"gained": [], "lost": [], "added": [], "removed": []}
    for x, ra, rb in zip(common, ea, eb, strict=True):
        per_article.append(
            ArticleDelta(
                article=x,
                status=StatusPair(a=ra.status, b=rb.status),
                **{t: Delta.of(ra.metrics[t].f1, rb.metrics[t].f1) for t in TYPES},
            )
        )
        if not _same_gold(ra, rb):
            gold_changed.append(x)
            continue
        for key, rows in _item_changes(x, ra, rb).items():
            changes[key].extend(rows)

    return Comparison(
        a=_ref(a),
        b=_ref(b),
        articles=Coverage(
            common=len(common),
            only_a=sorted(set(a_articles) - set(b_articles)),
            only_b=sorted(set(b_articles) - set(a_articles)),
            gold_changed=gold_changed,
        ),
        types=PerType[TypeComparison](**types),
        all_f1_bootstrap=paired_bootstrap(counts_a.sum(1), counts_b.sum(1), resamples, seed),
        attributes=_attribute_deltas(ma, mb),
        grounding={
            key: Delta.of(getattr(ma.grounding, key), getattr(mb.grounding, key))
            for key in ("found_share", "items_without_found_quote")
        },
        per_article=per_article,
        gained=changes["gained"],
        lost=changes["lost"],
        spurious_added=changes["added"],
        spurious_removed=changes["removed"],
        # only for partial gold (extractor/evaluation/partial.py)
        partial=_partial_deltas(ma.partial, mb.partial) if ma.partial and mb.partial else None,
    )


def _partial_deltas(pa: PartialSummary, pb: PartialSummary) -> dict[str, Delta]:
    """Recall and matched-event attribute deltas of the partial-gold summaries."""
    out = {
        "events_recall": Delta.of(pa.events.recall, pb.events.recall),
        "actors_recall": Delta.of(pa.actors.recall, pb.actors.recall),
    }
    for name, cell in pa.attributes.items():
        out[name] = Delta.of(_score(cell), _score(pb.attributes[name]))
    return out
