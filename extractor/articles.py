"""Read article files: paths and directories in, Articles or one-line problems out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from extractor.schema import Article, date_precision_of

METADATA_FILE = "articles.yaml"  # optional, beside the articles: title, published, language
_SNIFF_BYTES = 8192


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


def _metadata(directory: Path, cache: dict[Path, dict[str, dict[str, str]]]) -> dict:
    if directory not in cache:
        meta_path = directory / METADATA_FILE
        cache[directory] = {}
        if meta_path.is_file():
            try:
                loaded = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                mark = getattr(error, "problem_mark", None)
                where = f" (line {mark.line + 1})" if mark else ""
                raise InputError(f"{meta_path}: not valid YAML{where}") from None
            if not isinstance(loaded, dict) or not all(
                isinstance(v, dict) for v in loaded.values()
            ):
                raise InputError(
                    f"{meta_path}: expected a mapping of article id -> "
                    "{title, published, language}"
                )
            cache[directory] = loaded
    return cache[directory]


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
    if not published and meta.get("published") is not None:
        try:
            date_precision_of(str(meta["published"]))
        except ValueError as error:
            return BadArticle(path, f"{METADATA_FILE}: published: {error}")
    return Article(
        id=path.stem,
        text=text,
        title=meta.get("title"),
        published=published or _as_text(meta.get("published")),
        language=meta.get("language"),
    )


def _as_text(value: object) -> str | None:
    # YAML reads an unquoted 2024-09-02 as a date object.
    return None if value is None else str(value)
