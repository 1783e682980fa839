"""evals/baseline.json: the scores of each committed prompt version on the recorded responses.

Replay is deterministic, so a replayed eval must reproduce its entry exactly; the default
prompt must be at least as good as the best entry on micro-F1 per type. Changing an entry is
a reviewed change to that file (`extractor eval --replay --update-baseline`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.output import write_atomic
from extractor.schema import ITEM_TYPES

BASELINE = Path(__file__).resolve().parents[2] / "evals" / "baseline.json"
TYPES = ITEM_TYPES  # one home: extractor.schema


def load(path: Path = BASELINE) -> dict[str, Any]:
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def micro_f1(metrics: dict[str, Any]) -> dict[str, float]:
    return {t: metrics["micro"][t]["f1"] for t in TYPES}


def entry_for(report: dict[str, Any]) -> dict[str, Any]:
    config = report["config"]
    return {
        "prompt_sha256": (config.get("prompt") or {}).get("sha256"),
        "model": config.get("model"),
        "f1": micro_f1(report["metrics"]),
        "metrics": report["metrics"],
    }


def update(key: str, report: dict[str, Any], path: Path = BASELINE) -> dict[str, Any]:
    entries = load(path)
    entries[key] = entry_for(report)
    write_atomic(path, json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return entries[key]


def best_f1(entries: dict[str, Any]) -> dict[str, float]:
    """Per type, the best micro-F1 among the committed prompt versions (NER rows excluded)."""
    prompts = [e for key, e in entries.items() if "@" in key]
    return {t: max((e["f1"][t] for e in prompts), default=0.0) for t in TYPES}
