"""The model-free backends: the candidate stages alone (registry + NER actors, rule-based
treaties and events), no model at all. `candidates` runs every stage and is the offline
default of `extractor extract`; `ner` runs the actor stage alone (the eval's baseline).

Measured on the seeds, the bundled 135M model adds nothing to what these stages find while
it costs about 50 s per article (README, "Offline quality"), so without an endpoint the tool
runs this path; `--backend llm` starts the bundled model instead.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from extractor import guided
from extractor.grounding import alignments
from extractor.nlp import detect_language
from extractor.records import Endpoint, RunRecord, now_utc
from extractor.schema import Article, Extraction

if TYPE_CHECKING:
    from extractor.cache import CacheStats

MODEL_NAME = "candidate-stages"  # no model: what the records name instead
# Each model-free backend by name, with the candidate stages it runs.
STAGES = {"ner": frozenset({"actors"}), "candidates": guided.ALL_STAGES}


class ModelFree:
    """A Backend (extractor.backend) made of candidate stages alone: `ner` or `candidates`."""

    model: str | None = None  # no model is called, so nothing is priced
    concurrent = False  # CPU-bound: articles run one after another, as before
    cache_stats: CacheStats | None = None

    def __init__(self, name: str = "candidates") -> None:
        if name not in STAGES:
            raise ValueError(f"no model-free backend {name!r}; choose {' or '.join(STAGES)}")
        self.name = name
        self.stages = STAGES[name]

    def extract(self, article: Article) -> RunRecord:
        """One article's record; a failure is the article's error, not the run's end."""
        started = time.perf_counter()
        common: dict[str, Any] = {
            "article": article.id, "model": MODEL_NAME, "endpoint": Endpoint(kind=self.name),  # type: ignore[arg-type]
        }  # fmt: skip
        if article.language is None:  # the record says which language the stages read
            article = article.model_copy(update={"language": detect_language(article.text)})
        try:
            items = guided.stage_items(article.text, article.published, self.stages,
                                       article.language)  # fmt: skip
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


def extract_model_free(article: Article, with_events: bool = True) -> RunRecord:
    """One article through the `candidates` backend (`ner` without `with_events`)."""
    return ModelFree("candidates" if with_events else "ner").extract(article)
