"""Validate the hand-labelled gold files in gold/<article>.yaml (see docs/annotation.md).

A gold file must load as an `Extraction` (extra fields forbidden) and, beyond what the model
enforces, be canonical and grounded:

- ``article`` is the file stem and seeds/<article>.txt exists;
- every evidence quote occurs in the article, up to white space and case (grounding status
  ``exact`` or ``normalized``; ``fuzzy`` and ``not_found`` are problems);
- every actor, treaty and event has at least one evidence quote (not required in partial
  gold, ``complete: false``, made from ACLED or UCDP rows);
- event participants, treaty parties, person affiliations and ``member_of`` entries are
  exactly the ``name`` of an actor of the file (an alias or a case variant is not enough);
- dates are real calendar dates agreeing with their precision, and ``date_end`` is not
  before ``date``;
- no name or alias belongs to two actors.

`check_gold` returns `Problem`s and never raises on a bad file; the CLI lives in
extractor/cli/gold.py. The file is read by `extractor.gold` (the scorer's loader, strict YAML);
each kind of check has its module (gold_model_errors, gold_quotes, gold_references,
gold_dates); this one runs them on each file and checks the data set (a gold file per seed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extractor.articles import METADATA_FILE
from extractor.gold import GoldFileError, read_gold_yaml
from extractor.gold_dates import date_problem, date_problems
from extractor.gold_model_errors import DATED_SECTIONS, model_problems
from extractor.gold_quotes import evidence_problems
from extractor.gold_references import duplicate_names, reference_problems
from extractor.schema import ITEM_TYPES, Extraction

GOLD_DIR = Path("gold")
SEEDS_DIR = Path("seeds")
SCHEMA_PATH = GOLD_DIR / "schema.json"

_SECTIONS = ITEM_TYPES


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one gold file (or a seed that has no gold file)."""

    file: str
    field: str  # dotted path such as "actors.3.evidence.0"; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.message}"
        return f"{self.file}: {self.message}"


def schema_json() -> str:
    """JSON Schema of a gold file (`Extraction`), pretty-printed with sorted keys."""
    schema = Extraction.model_json_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def gold_files(paths: Iterable[Path] | None, gold_dir: Path = GOLD_DIR) -> list[Path]:
    """The gold files to check: every gold_dir/*.yaml, or the given files (directories expand
    to their *.yaml)."""
    if paths is None:
        return sorted(gold_dir.glob("*.yaml"))
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def check_gold(
    paths: list[Path] | None,
    gold_dir: Path = GOLD_DIR,
    seeds_dir: Path = SEEDS_DIR,
) -> list[Problem]:
    """Check gold files; with no paths, every gold_dir/*.yaml plus seeds that lack a gold file."""
    problems: list[Problem] = []
    for path in gold_files(paths, gold_dir):
        problems.extend(check_file(path, seeds_dir))
    if paths is None:
        for seed in sorted(Path(seeds_dir).glob("*.txt")):
            gold = Path(gold_dir) / f"{seed.stem}.yaml"
            if not gold.exists():
                problems.append(Problem(str(seed), "", f"no gold file: {gold} does not exist"))
    return problems


def check_file(path: Path, seeds_dir: Path = SEEDS_DIR) -> list[Problem]:
    """All problems of one gold file, ordered by field."""
    path = Path(path)
    try:
        data = read_gold_yaml(path)
    except GoldFileError as error:
        return [Problem(str(path), "", error.problem)]
    found = list(_semantic_problems(data, path.stem, Path(seeds_dir)))
    checked = {field for field, _ in found}
    # The model's own error about a field the checks above already explained is a repeat.
    found += [(field, message) for field, message in model_problems(data) if field not in checked]
    found.sort(key=lambda problem: _field_key(problem[0]))
    return [Problem(str(path), field, message) for field, message in found]


def _semantic_problems(
    data: dict[str, Any], stem: str, seeds_dir: Path
) -> Iterator[tuple[str, str]]:
    article = data.get("article")
    if isinstance(article, str) and article.strip() != stem:
        yield (
            "article",
            f"article is {article.strip()!r} but the file is {stem}.yaml; they must match",
        )
    seed = seeds_dir / f"{stem}.txt"
    text = seed.read_text(encoding="utf-8", errors="replace") if seed.is_file() else None
    if text is None:
        yield "article", f"no article text: {seed} does not exist"
    items = {section: _items(data, section) for section in _SECTIONS}
    yield from evidence_problems(items, text, required=data.get("complete") is not False)
    yield from reference_problems(items["actors"], items["treaties"], items["events"])
    yield from duplicate_names(items["actors"])
    published = data.get("published")
    if isinstance(published, str) and published.strip():
        message = date_problem(published.strip(), "published") or _metadata_disagrees(
            published.strip(), stem, seeds_dir
        )
        if message:
            yield "published", message
    for section in DATED_SECTIONS:
        for i, item in items[section]:
            for field, message in date_problems(item, section):
                yield f"{section}.{i}.{field}", message


def _metadata_disagrees(published: str, stem: str, seeds_dir: Path) -> str | None:
    """The gold's date must be the one seeds/articles.yaml gives, which extraction uses."""
    meta_path = seeds_dir / METADATA_FILE
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return f"{meta_path} is not valid YAML, so published cannot be checked against it"
    entry = meta.get(stem) if isinstance(meta, dict) else None
    listed = entry.get("published") if isinstance(entry, dict) else None
    if listed is not None and str(listed) != published:
        return f"published is {published} but {meta_path} gives {listed} for {stem}"
    return None


def _items(data: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    values = data.get(section)
    if not isinstance(values, list):
        return []
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)]


def _field_key(field: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting actors.2 before actors.10 and file-level problems first."""
    order = {name: n for n, name in enumerate(("article", *_SECTIONS))}
    parts = field.split(".") if field else []
    key: list[tuple[int, int | str]] = []
    for n, part in enumerate(parts):
        if part.isdigit():
            key.append((1, int(part)))
        elif n == 0 and part in order:
            key.append((0, order[part]))
        else:
            key.append((2, part))
    return tuple(key)
