"""JSONL output that survives interruption and can be resumed.

Each record is appended and flushed as soon as its article finishes, so an interrupted
run loses no finished record. On resume, the file is first rewritten atomically (temp
file + rename) keeping only the last successful record of each article; error records
and a torn last line are dropped, so those articles run again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from extractor.records import RunRecord
from extractor.schema import first_error
from extractor.store import check_target, read_lines, write_atomic

__all__ = ["OutputError", "RecordWriter", "read_records", "write_atomic"]


class OutputError(ValueError):
    """The output file exists but is not a JSONL file of run records."""


def read_records(path: Path, tolerate_torn_tail: bool = True) -> list[RunRecord]:
    """Records of a JSONL file; the last record of an article wins.

    A torn last line (no newline after it: a run killed mid-write) is skipped when
    ``tolerate_torn_tail``; any other line that is not a record is an error."""
    by_article: dict[str, RunRecord] = {}
    lines, torn = read_lines(path)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = RunRecord.model_validate_json(line)
        except ValidationError as error:
            if torn and tolerate_torn_tail and number == len(lines):
                break  # cut by a crash, whatever it ends with: that article runs again
            raise OutputError(
                f"{path}:{number}: not a run record ({first_error(error, 'record')})"
            ) from None
        by_article[record.article] = record
    return list(by_article.values())


class RecordWriter:
    """Append records to a JSONL file, one flushed line each."""

    def __init__(self, path: Path, resume: bool = True) -> None:
        self.path = check_target(path, "--out")
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
