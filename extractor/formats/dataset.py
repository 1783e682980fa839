"""An evaluation set on disk: DIR/articles/<id>.txt + articles.yaml, DIR/gold/<id>.yaml.

Everything is written into a temporary directory beside DIR and renamed into place at the
end, so a failure leaves no half-written set (and, with replace=True, the old set intact
until the new one is complete).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from extractor.formats.table import FormatError
from extractor.schema import Extraction

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
# libyaml's emitter when PyYAML has it: the pure-Python one takes most of the time on a large
# export (about 10 ms a file).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def safe_id(text: str) -> str:
    """A file-name-safe article id from a dataset's event id."""
    return _UNSAFE.sub("_", text.strip()).strip("._") or "event"


@dataclass(frozen=True)
class DatasetItem:
    """One article and its partial gold."""

    gold: Extraction
    text: str
    title: str
    note: str

    @property
    def id(self) -> str:
        return self.gold.article


def _gold_yaml(gold: Extraction) -> str:
    data = gold.model_dump(mode="json", exclude_none=True)
    # Metadata first, as in the hand-written gold files.
    head = ("article", "published", "language", "complete", "reference")
    data = {**{k: data[k] for k in head if k in data}, **data}
    return "# yaml-language-server: $schema=schema.json\n" + _dump(data)


def _metadata_yaml(items: list[DatasetItem], origin: str) -> str:
    meta = {
        item.id: {
            "title": item.title,
            "published": item.gold.published,
            "language": item.gold.language,
            "note": item.note,
        }
        for item in items
    }
    head = f"# Made by `extractor dataset` from {origin}: id -> title, published, language.\n"
    return head + _dump(meta)


def _is_dataset(path: Path) -> bool:
    """A directory holding only articles/ and gold/ (what write_dataset makes)."""
    if not path.is_dir() or path.is_symlink():
        return False
    return all(p.is_dir() and p.name in {"articles", "gold"} for p in path.iterdir())


def write_dataset(items: list[DatasetItem], out: Path, origin: str, replace: bool) -> None:
    """Write the set to ``out`` atomically; FormatError if ``out`` exists and not ``replace``.
    ``replace`` only ever replaces a data set (a directory of exactly ``articles/`` and
    ``gold/``): --force must not delete a folder of the user's own."""
    empty_dir = out.is_dir() and not any(out.iterdir())
    if out.exists() and not empty_dir:
        if not replace:
            raise FormatError(f"{out}: already exists (use --force to replace it)")
        if not _is_dataset(out):
            raise FormatError(
                f"{out}: not a data set made by this command (only articles/ and gold/ may be "
                "in it); --force replaces data sets only"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        articles, gold = tmp / "articles", tmp / "gold"
        articles.mkdir()
        gold.mkdir()
        for item in items:
            (articles / f"{item.id}.txt").write_text(item.text, encoding="utf-8")
            (gold / f"{item.id}.yaml").write_text(_gold_yaml(item.gold), encoding="utf-8")
        (articles / "articles.yaml").write_text(_metadata_yaml(items, origin), encoding="utf-8")
        from extractor.goldcheck import schema_json  # the schema the gold files point to

        (gold / "schema.json").write_text(schema_json(), encoding="utf-8")
        tmp.chmod(0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
