"""JSONL output that survives interruption and can be resumed.

Each record is appended and flushed as soon as its article finishes, so an interrupted
run loses no finished record. On resume, the file is first rewritten atomically (temp
file + rename) keeping only the last successful record of each article; error records
and a torn last line are dropped, so those articles run again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from extractor.records import RunRecord
from extractor.schema import first_error


class OutputError(ValueError):
    """The output file exists but is not a JSONL file of run records."""


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make reports private to their writer
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_records(path: Path, tolerate_torn_tail: bool = True) -> list[RunRecord]:
    """Records of a JSONL file; the last record of an article wins."""
    by_article: dict[str, RunRecord] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = RunRecord.model_validate_json(line)
        except ValidationError as error:
            if tolerate_torn_tail and number == len(lines) and not line.rstrip().endswith("}"):
                continue  # a run killed mid-write: that article simply runs again
            raise OutputError(
                f"{path}:{number}: not a run record ({first_error(error, 'record')})"
            ) from None
        by_article[record.article] = record
    return list(by_article.values())


class RecordWriter:
    """Append records to a JSONL file, one flushed line each."""

    def __init__(self, path: Path, resume: bool = True) -> None:
        self.path = path
        self.done: dict[str, RunRecord] = {}
        if resume and path.exists():
            kept = [r for r in read_records(path) if r.status == "ok"]
            self.done = {r.article: r for r in kept}
            write_atomic(path, "".join(r.model_dump_json() + "\n" for r in kept))
        elif path.exists():
            write_atomic(path, "")
        self._handle: IO[str] | None = None

    def write(self, record: RunRecord) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(record.model_dump_json() + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
