"""Extract an archive on a Ray cluster with Ray Data: one machine is no longer the limit.

Articles (file paths, read where they are processed, or Article objects) become a Ray
Dataset with `ray.data.from_items`; `map_batches` runs the extraction on the cluster's
workers and yields one JSON run record per article, the same records a local run writes.

- model-free (``model_free=True``): the `extractor.model_free.ModelFree` backend, the
  candidate stages alone, in a pool of actors (each loads spaCy once): CPU-bound.
- LLM: a pool of `num_workers` actors, each holding one `Session` (client, prompt) for its
  life, each calling the endpoint for its articles. The endpoint must be reachable from
  every node (``--base-url``); without one, each actor starts the bundled model itself.

Ray is an optional extra (``pip install -e '.[ray]'``). On an existing cluster::

    extractor extract ARCHIVE_DIR --out records.jsonl --engine ray --ray-address auto \
        --base-url http://vllm.internal:8000/v1 --model Qwen/Qwen2.5-7B-Instruct --concurrency 32

(``--ray-address ray://head:10001`` from outside the cluster; article paths must be readable
on the workers, e.g. a shared file system.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor import backends
from extractor.articles import BadArticle, read_article
from extractor.failures import FatalEndpointError
from extractor.model_free import ModelFree
from extractor.prompts import DEFAULT_PROMPT
from extractor.records import RunRecord
from extractor.schema import Article


def _load(row: dict[str, Any]) -> tuple[Article | None, RunRecord | None]:
    """The row's article, or the error record of an unreadable file."""
    if row.get("article"):
        return Article.model_validate_json(row["article"]), None
    path = Path(row["path"])
    loaded = read_article(path, row.get("published") or None, cache={})
    if isinstance(loaded, BadArticle):
        return None, RunRecord(
            article=loaded.id, source=str(path), status="error", error=loaded.problem
        )
    return loaded, None


def _rows(batch: dict[str, Any]) -> list[dict[str, Any]]:
    keys = list(batch)
    return [dict(zip(keys, values, strict=True)) for values in zip(*batch.values(), strict=True)]


def _run_batch(batch: dict[str, Any], extract: Any) -> dict[str, list[str]]:
    records = []
    for row in _rows(batch):
        article, record = _load(row)
        if article is not None:
            try:
                record = extract(article)
            except FatalEndpointError:
                raise  # the endpoint is down or refuses the key: stop the job, as a live run
            except Exception as error:  # one article failing must not fail the dataset
                record = RunRecord(
                    article=article.id, status="error", error=f"{type(error).__name__}: {error}"
                )
            record.source = row.get("path") or None
        assert record is not None
        records.append(record.model_dump_json())
    return {"record": records}


class _ModelFree:
    """One worker with a model-free Backend (extractor.backend)."""

    def __init__(self, with_events: bool) -> None:
        self.backend = ModelFree("candidates" if with_events else "ner")

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        return _run_batch(batch, self.backend.extract)


class _LlmWorker:
    """One actor: one session on the endpoint (or its own bundled model) for its lifetime."""

    def __init__(self, config: backends.BackendConfig, prompt_id: str) -> None:
        from extractor import local
        from extractor.pipeline import LlmBackend, Session
        from extractor.prompts import load_prompt

        base_url = config.base_url
        self.server = None
        if base_url is None:
            self.server = local.LocalServer().start()  # stopped with the actor's process
            base_url = self.server.base_url
        self.backend = LlmBackend(Session.open(config, base_url, load_prompt(prompt_id)))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        return _run_batch(batch, self.backend.extract)


def _items(paths_or_articles: Iterable[Path | str | Article], published: str | None) -> list:
    items = []
    for entry in paths_or_articles:
        if isinstance(entry, Article):
            items.append({"path": "", "article": entry.model_dump_json(), "published": ""})
        else:
            items.append({"path": str(entry), "article": "", "published": published or ""})
    return items


def extract_with_ray(
    paths_or_articles: Iterable[Path | str | Article],
    config: backends.BackendConfig | None = None,
    prompt_id: str = DEFAULT_PROMPT,
    model_free: bool = False,
    with_events: bool = True,
    published: str | None = None,
    num_workers: int = 2,
    batch_size: int = 4,
    address: str | None = None,
    ray_init_kwargs: dict[str, Any] | None = None,
) -> Iterator[RunRecord]:
    """Yield one RunRecord per article (in completion order) as the cluster finishes them.

    `address`: None starts (or joins) a local Ray instance; "auto" or "ray://host:10001"
    joins a cluster. `num_workers`: actors; for the LLM path the requests in flight, for the
    model-free path processes (one per CPU). `batch_size`: articles handed to an actor at a
    time."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, **(ray_init_kwargs or {}))
    items = _items(paths_or_articles, published)
    if not items:
        return
    # One block per batch, so the work spreads over the workers even for a small archive.
    dataset = ray.data.from_items(items, override_num_blocks=max(1, -(-len(items) // batch_size)))
    if model_free:
        mapped = dataset.map_batches(
            _ModelFree,
            fn_constructor_kwargs={"with_events": with_events},
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, num_workers)),
        )
    else:
        mapped = dataset.map_batches(
            _LlmWorker,
            fn_constructor_kwargs={
                "config": config or backends.config_from(),
                "prompt_id": prompt_id,
            },
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, num_workers)),
        )
    for row in mapped.iter_rows():
        yield RunRecord.model_validate_json(str(row["record"]))
