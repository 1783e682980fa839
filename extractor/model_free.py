"""The model-free backend: the candidate stages alone (registry + NER actors, rule-based
treaties and events), no model at all. The offline default of `extractor extract`.

Measured on the seeds, the bundled 135M model adds nothing to what these stages find while
it costs about 50 s per article (README, "Offline quality"), so without an endpoint the tool
runs this path; `--backend llm` starts the bundled model instead.
"""

from __future__ import annotations

import time
from typing import Any

from extractor.event_candidates import find_event_candidates
from extractor.grounding import alignments
from extractor.ner_baseline import ner_extraction
from extractor.pipeline import now_utc
from extractor.records import Endpoint, RunRecord
from extractor.schema import Article, Extraction, ExtractionItems

MODEL_NAME = "candidate-stages"  # no model: what the records name instead


def candidate_items(article: Article, with_events: bool = True) -> ExtractionItems:
    """Actors, and with `with_events` treaties and events, found without a model."""
    items = ner_extraction(article.text, article.language)
    if not with_events:
        return items
    # The event stage may add the actors its events name (e.g. "Malian soldiers") to the list.
    found = find_event_candidates(article.text, article.published, items.actors, article.language)
    return ExtractionItems(actors=items.actors, treaties=found.treaties, events=found.events)


def extract_model_free(article: Article, with_events: bool = True) -> RunRecord:
    """One article's record from the candidate stages; a failure is the article's error."""
    started = time.perf_counter()
    endpoint = Endpoint(kind="candidates" if with_events else "ner")
    common: dict[str, Any] = {"article": article.id, "model": MODEL_NAME, "endpoint": endpoint}
    try:
        items = candidate_items(article, with_events)
        extraction = Extraction.of(article, items)
    except Exception as error:  # one article failing must not stop the batch
        return RunRecord(
            status="error", error=f"{type(error).__name__}: {error}"[:500], created=now_utc(),
            latency_s=round(time.perf_counter() - started, 3), **common,
        )  # fmt: skip
    grounding = alignments(extraction, article.text)
    return RunRecord(
        status="ok", extraction=extraction, grounding=grounding, created=now_utc(),
        latency_s=round(time.perf_counter() - started, 3), **common,
    )  # fmt: skip
