"""Reading a CSV export row by row, with one-line errors that name the file, row and column."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


class FormatError(ValueError):
    """A bad export: the message is one line naming the file (and row and column)."""


@dataclass(frozen=True)
class Row:
    """One data row: its values by column name, and where it sits for messages."""

    path: Path
    number: int  # 1 = the first row after the header
    line: int  # the file line the row ends on (quoted fields may span lines)
    values: dict[str, str]

    def where(self, column: str) -> str:
        return f"{self.path}: row {self.number} (line {self.line}), column {column}"

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, problem: str) -> FormatError:
        return FormatError(f"{self.where(column)}: {problem}")

    def integer(self, column: str, default: int | None = None) -> int | None:
        text = self.get(column)
        if not text:
            return default
        try:
            value = int(float(text))  # some exports write 3.0
        except ValueError:
            raise self.fail(column, f"{text!r} is not a number") from None
        if value < 0:
            raise self.fail(column, f"{text!r} is negative")
        return value

    def date(self, column: str) -> dt.date:
        text = self.get(column)
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise self.fail(column, f"{text!r} is not a date (expected YYYY-MM-DD or 5 March 2024)")


# ISO is what ACLED's and UCDP's current exports write; the others are older ACLED exports
# and what a spreadsheet re-saves. UCDP may add a time ("2024-03-05 00:00:00.000").
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S.%f",
                 "%Y-%m-%d %H:%M:%S")  # fmt: skip


def _delimiter(handle: TextIO) -> str:
    """The delimiter: a comma as the datasets write it, or ";" as spreadsheets in many locales
    re-save it."""
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        first = ""  # reported by the reader, with the rest
    handle.seek(0)
    return ";" if first.count(";") > first.count(",") else ","


def read_rows(path: Path, required: Sequence[str], what: str) -> Iterator[Row]:
    """The rows of a CSV export; FormatError if it cannot be read or lacks a required column.

    Extra columns are kept (and ignored by the readers). A byte-order mark is skipped, since
    spreadsheets write one.
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FormatError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        reader = csv.DictReader(handle, delimiter=_delimiter(handle))
        try:
            header = reader.fieldnames
            if not header:
                raise FormatError(f"{path}: empty file, expected a CSV in the {what} layout")
            columns = {name.strip() for name in header if name}
            missing = [c for c in required if c not in columns]
            if missing:
                raise FormatError(
                    f"{path}: missing column(s) {', '.join(missing)} of the {what} layout"
                )
            for number, raw in enumerate(reader, start=1):
                if None in raw:
                    raise FormatError(
                        f"{path}: row {number} (line {reader.line_num}): more cells than columns"
                    )
                values = {(k or "").strip(): v or "" for k, v in raw.items()}
                yield Row(path, number, reader.line_num, values)
        except UnicodeDecodeError as exc:
            raise FormatError(f"{path}: cannot read: not UTF-8 text ({exc.reason})") from None
        except csv.Error as exc:
            raise FormatError(f"{path}: line {reader.line_num}: not valid CSV: {exc}") from None
