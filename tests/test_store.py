"""extractor/store.py: output targets are checked before any work; writes never go through
a device or replace a symlink with a file; a torn JSONL tail is recognised by its missing
newline, whatever it ends with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.output import RecordWriter, read_records
from extractor.records import RunRecord
from extractor.store import TargetError, check_target, read_lines, write_atomic


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_refused_and_left_alone(device: str) -> None:
    before = os.stat(device)
    with pytest.raises(TargetError, match="not a regular file"):
        check_target(Path(device))
    with pytest.raises(TargetError):
        write_atomic(Path(device), "x")
    after = os.stat(device)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode, before.st_rdev, before.st_ino,
    )  # fmt: skip


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="is a directory"):
        check_target(tmp_path)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.jsonl"
    link.symlink_to("/dev/null")
    with pytest.raises(TargetError, match="not a regular file"):
        RecordWriter(link)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits")
def test_a_read_only_directory_is_refused_before_any_work(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        with pytest.raises(TargetError, match="cannot be written"):
            check_target(directory / "out.jsonl")
    finally:
        directory.chmod(0o700)


def test_a_read_only_file_system_is_refused_even_for_root() -> None:
    # /proc/sys is mounted read-only in containers and refuses writes to unknown names.
    target = Path("/proc/version")
    with pytest.raises(TargetError):
        check_target(target)


def test_extract_refuses_a_bad_out_before_reading_articles(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Malian soldiers clashed with JNIM near Boni.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--out", "/dev/full"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: /dev/full: --out is not a regular file (a device or pipe); give a file path"
    )


def test_a_torn_tail_ending_in_a_brace_does_not_block_resume(tmp_path: Path) -> None:
    done = RunRecord(article="a1", status="ok")
    path = tmp_path / "run.jsonl"
    path.write_text(done.model_dump_json() + "\n" + '{"article": "a2", "status": {}', "utf-8")
    assert read_lines(path)[1] is True
    assert [r.article for r in read_records(path)] == ["a1"]
    writer = RecordWriter(path)
    assert set(writer.done) == {"a1"}
    assert path.read_text(encoding="utf-8") == done.model_dump_json() + "\n"


def test_a_bad_line_inside_the_file_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text('{"nope": 1}\n' + RunRecord(article="a1", status="ok").model_dump_json() + "\n")
    with pytest.raises(ValueError, match=r"run.jsonl:1: not a run record"):
        read_records(path)
