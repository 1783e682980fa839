"""Read article files: paths and directories in, Articles or one-line problems out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from extractor.datevalues import date_precision_of
from extractor.schema import Article

METADATA_FILE = "articles.yaml"  # optional, beside the articles: title, published, language
_SNIFF_BYTES = 8192
_LANGUAGE = re.compile(r"[A-Za-z]{2}")


class InputError(ValueError):
    """Nothing could be done with an input path (missing, or a directory with no articles)."""


@dataclass(frozen=True)
class BadArticle:
    """An article file that cannot be used, with a one-line reason."""

    path: Path
    problem: str

    @property
    def id(self) -> str:
        return self.path.stem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def collect_paths(paths: list[Path]) -> list[Path]:
    """Expand directories to their .txt files (sorted); refuse missing paths and empty dirs."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{path}: directory holds no .txt articles")
            files.extend(found)
        else:
            files.append(path)
    unique = list(dict.fromkeys(files))
    stems: dict[str, Path] = {}
    for path in unique:
        if path.stem in stems:
            raise InputError(f"{path}: same article id {path.stem!r} as {stems[path.stem]}")
        stems[path.stem] = path
    return unique


_FIELDS = ("title", "published", "language", "note")


def _metadata(directory: Path, cache: dict[Path, dict[str, dict[str, str]]]) -> dict:
    """articles.yaml beside the articles, every value read as text.

    YAML's own typing would turn ``published: 2023-02-30`` into a crash, ``title: 2024``
    into a number and ``language: no`` into False; read as strings, each value is checked
    here and a bad one is named with its file, article and field."""
    if directory not in cache:
        meta_path = directory / METADATA_FILE
        cache[directory] = {}
        if meta_path.is_file():
            try:
                loaded = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                mark = getattr(error, "problem_mark", None)
                where = f" (line {mark.line + 1})" if mark else ""
                raise InputError(f"{meta_path}: not valid YAML{where}") from None
            loaded = loaded or {}
            if not isinstance(loaded, dict) or not all(
                isinstance(v, dict) for v in loaded.values()
            ):
                raise InputError(
                    f"{meta_path}: expected a mapping of article id -> "
                    "{title, published, language}"
                )
            cache[directory] = loaded
    return cache[directory]


def _meta_problem(meta: dict) -> str | None:
    """The first bad field of one article's metadata, as 'field: problem'."""
    for name, value in meta.items():
        if name not in _FIELDS:
            return f"{name}: unknown field (expected one of {', '.join(_FIELDS)})"
        if not isinstance(value, str):
            return (
                f"{name}: expected text, got a {'list' if isinstance(value, list) else 'mapping'}"
            )
    if meta.get("published"):
        try:
            date_precision_of(meta["published"])
        except ValueError as error:
            return f"published: {error}"
    language = meta.get("language")
    if language and not _LANGUAGE.fullmatch(language):
        return f"language: {language!r} is not an ISO 639-1 code such as en or fr"
    return None


def read_article(
    path: Path, published: str | None = None, cache: dict | None = None
) -> Article | BadArticle:
    """An Article, or a BadArticle naming what is wrong with the file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return BadArticle(path, f"cannot read: {error.strerror or error}")
    if b"\x00" in raw[:_SNIFF_BYTES]:
        return BadArticle(path, "binary file (NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        return BadArticle(path, f"not UTF-8: invalid byte 0x{byte:02x} at offset {error.start}")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return BadArticle(path, "empty file")
    meta = _metadata(path.parent, cache if cache is not None else {}).get(path.stem) or {}
    problem = _meta_problem(meta)
    if problem:
        meta_path = path.parent / METADATA_FILE
        return BadArticle(path, f"{meta_path}: article {path.stem}: {problem}")
    return Article(
        id=path.stem,
        text=text,
        title=meta.get("title") or None,
        published=published or meta.get("published") or None,
        language=(meta.get("language") or "").lower() or None,
    )
