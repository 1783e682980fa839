"""Extract an archive on a Ray cluster with Ray Data: one machine is no longer the limit.

Articles (file paths, read where they are processed, or Article objects) become a Ray
Dataset with `ray.data.from_items`; `map_batches` runs the extraction on the cluster's
workers and yields one JSON run record per article, the same records a local run writes.

- model-free (``model_free=True``): `extractor.model_free.extract_model_free`, the
  candidate stages alone, in a pool of actors (each loads spaCy once): CPU-bound.
- LLM: a pool of `num_workers` actors, each holding one `Session` (client, prompt) for its
  life, each calling the endpoint for its articles. The endpoint must be reachable from
  every node (``--base-url``); without one, each actor starts the bundled model itself.

Ray is an optional extra (``pip install -e '.[ray]'``). On an existing cluster::

    python -m extractor.ray_engine ARCHIVE_DIR --out records.jsonl --address auto \
        --base-url http://vllm.internal:8000/v1 --model Qwen/Qwen2.5-7B-Instruct --workers 32

(``--address ray://head:10001`` from outside the cluster; article paths must be readable
on the workers, e.g. a shared file system.)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor import backends
from extractor.articles import BadArticle, read_article
from extractor.failures import FatalEndpointError
from extractor.model_free import extract_model_free
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
    def __init__(self, with_events: bool) -> None:
        self.with_events = with_events

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        return _run_batch(batch, lambda a: extract_model_free(a, self.with_events))


class _LlmWorker:
    """One actor: one session on the endpoint (or its own bundled model) for its lifetime."""

    def __init__(self, config: backends.BackendConfig, prompt_id: str) -> None:
        from extractor import local
        from extractor.pipeline import Session
        from extractor.prompts import load_prompt

        base_url = config.base_url
        self.server = None
        if base_url is None:
            self.server = local.LocalServer().start()  # stopped with the actor's process
            base_url = self.server.base_url
        self.session = Session.open(config, base_url, load_prompt(prompt_id))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        from extractor.pipeline import extract_article

        return _run_batch(batch, lambda a: extract_article(self.session, a))


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


def main(argv: list[str] | None = None) -> int:
    """``python -m extractor.ray_engine``: the documented entry point until the CLI has
    ``extractor extract --engine ray``."""
    from extractor.articles import collect_paths

    parser = argparse.ArgumentParser(prog="python -m extractor.ray_engine", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="article .txt files or directories")
    parser.add_argument("--out", type=Path, required=True, help="JSONL of run records")
    parser.add_argument("--address", default=None, help="Ray address: auto, ray://host:10001")
    parser.add_argument("--model-free", action="store_true", help="candidate stages only")
    parser.add_argument("--workers", type=int, default=2, help="actors (requests in flight)")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--prompt", default=DEFAULT_PROMPT)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--mode", default=None)
    parser.add_argument("--published", default=None)
    args = parser.parse_args(argv)
    files = collect_paths(args.paths)
    config = backends.config_from(base_url=args.base_url, model=args.model, mode=args.mode)
    failed = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in extract_with_ray(
            files, config, args.prompt, model_free=args.model_free, published=args.published,
            num_workers=args.workers, batch_size=args.batch_size, address=args.address,
        ):  # fmt: skip
            handle.write(record.model_dump_json() + "\n")
            handle.flush()  # a finished record survives an interrupted run
            failed += record.status != "ok"
    print(f"{len(files)} article(s), {failed} error record(s), written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
