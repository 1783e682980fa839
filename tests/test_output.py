"""extractor/output.py: JSONL records that survive interruption and can be resumed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor import output
from extractor.output import OutputError, RecordWriter, read_records, write_atomic
from extractor.records import RunRecord
from extractor.schema import Actor, Extraction


def _ok(article: str, actor: str = "Assimi Goïta") -> RunRecord:
    extraction = Extraction(article=article, actors=[Actor(name=actor, kind="person")])
    return RunRecord(article=article, status="ok", extraction=extraction, latency_s=1.5)


def _error(article: str) -> RunRecord:
    return RunRecord(article=article, status="error", error="timeout after 600s")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_each_record_is_one_line_on_disk_as_soon_as_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "out" / "records.jsonl"  # the directory is made on first write
    with RecordWriter(path) as writer:
        writer.write(_ok("a1"))
        # read back through another handle while the writer is still open
        assert _lines(path) == [_ok("a1").model_dump_json()]
        writer.write(_error("a2"))
        assert _lines(path) == [_ok("a1").model_dump_json(), _error("a2").model_dump_json()]
    assert path.read_text(encoding="utf-8").endswith("}\n")
    assert writer._handle is None  # closed on leaving the block


def test_a_record_with_non_ascii_text_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    record = _ok("a1", actor="Goïta\nof Mali")
    with RecordWriter(path) as writer:
        writer.write(record)
    (line,) = _lines(path)
    assert RunRecord.model_validate_json(line) == record


def test_resume_keeps_ok_records_and_drops_error_ones(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    with RecordWriter(path) as writer:
        for record in (_ok("a1"), _error("a2"), _ok("a3"), _error("a4")):
            writer.write(record)

    with RecordWriter(path, resume=True) as again:
        assert sorted(again.done) == ["a1", "a3"]
        assert _lines(path) == [_ok("a1").model_dump_json(), _ok("a3").model_dump_json()]
        again.write(_ok("a2"))

    assert _lines(path) == [_ok(a).model_dump_json() for a in ("a1", "a3", "a2")]


def test_resume_keeps_the_last_record_of_an_article(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = [_ok("a1", "first").model_dump_json(), _ok("a1", "second").model_dump_json(),
             _ok("a2").model_dump_json(), _error("a2").model_dump_json()]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    writer = RecordWriter(path, resume=True)
    assert writer.done["a1"] == _ok("a1", "second")
    assert "a2" not in writer.done  # its last record failed: it runs again
    assert _lines(path) == [lines[1]]


def test_without_resume_an_existing_file_is_emptied(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_ok("a1").model_dump_json() + "\n", encoding="utf-8")
    writer = RecordWriter(path, resume=False)
    assert writer.done == {}
    assert path.read_text(encoding="utf-8") == ""


def test_write_atomic_replaces_the_content_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old content, longer than the new one\n", encoding="utf-8")
    write_atomic(path, "new ✓\n")
    assert path.read_text(encoding="utf-8") == "new ✓\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_write_atomic_failure_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_text("old\n", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        assert Path(src).read_text(encoding="utf-8") == "new\n"  # fully written first
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, "new\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_read_records_names_the_file_and_line_of_a_malformed_middle_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        _ok("a1").model_dump_json() + "\n"
        + '{"article": "a2", "status": "finished"}\n'
        + _ok("a3").model_dump_json() + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(OutputError) as caught:
        read_records(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: not a run record (status: ")
    assert "\n" not in message


def test_read_records_refuses_a_line_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_ok("a1").model_dump_json() + "\nnot json at all}\n\n", encoding="utf-8")
    with pytest.raises(OutputError, match=rf"^{re.escape(str(path))}:2: not a run record \("):
        read_records(path)


def test_a_torn_last_line_is_dropped_only_when_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(_ok("a1").model_dump_json() + '\n{"article": "a2", "sta', encoding="utf-8")
    assert read_records(path) == [_ok("a1")]
    with pytest.raises(OutputError, match=rf"^{re.escape(str(path))}:2: "):
        read_records(path, tolerate_torn_tail=False)


def test_a_resume_over_a_file_that_is_not_records_fails_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text('{"hello": "world"}\n{"article": "a1"}\n', encoding="utf-8")
    with pytest.raises(OutputError, match=rf"^{re.escape(str(path))}:1: "):
        RecordWriter(path, resume=True)
    assert path.read_text(encoding="utf-8") == '{"hello": "world"}\n{"article": "a1"}\n'
