"""`extractor export`: events in ACLED's layout and plain CSV / JSONL that round-trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from extractor.formats.acled import COLUMNS
from extractor.records import PromptRef, QuoteAlignment, RunRecord
from extractor.schema import Actor, Event, Extraction, FatalityClaim

runner = CliRunner()
SUMMARY = 'The army said "12 dead, 3 wounded",\nthen retook Ménaka; Tuareg fighters disputed it.'


def _record() -> RunRecord:
    extraction = Extraction(
        article="a1",
        actors=[
            Actor(name="Malian army", aliases=["FAMa"], kind="armed_forces", country="ML"),
            Actor(name="Coordination des Mouvements de l'Azawad", kind="armed_group"),
        ],
        events=[
            Event(
                kind="battle",
                summary=SUMMARY,
                date="2031-05",
                location="Ménaka",
                country="ML",
                participants=["FAMa", "Coordination des Mouvements de l'Azawad"],
                fatalities=[
                    FatalityClaim(count=12, claimed_by="the army"),
                    FatalityClaim(count=30, victims='soldiers, "mostly"', claimed_by="CMA"),
                ],
                evidence=['The army said "12 dead'],
            )
        ],
    )
    return RunRecord(
        article="a1",
        source="runs/a1.txt",
        status="ok",
        extraction=extraction,
        model="m-1",
        prompt=PromptRef(id="extract@v4", name="extract", version="v4", sha256="0" * 64),
        grounding=[
            QuoteAlignment(path="events[0].evidence[0]", quote="x", status="exact", start=4, end=26)
        ],
    )


def _run(tmp_path: Path) -> Path:
    path = tmp_path / "run.jsonl"
    path.write_text(_record().model_dump_json() + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_acled_csv_has_acled_columns_first_and_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = runner.invoke(
        app, ["export", str(_run(tmp_path)), "--format", "acled-csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header[: len(COLUMNS)]) == COLUMNS
    assert header[len(COLUMNS)] == "article"
    [row] = _read(out)
    assert row["notes"] == SUMMARY  # quotes, commas, a newline and accents survive
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2031-05-01", "2031", "3")
    assert (row["event_type"], row["country"], row["location"]) == ("Battles", "Mali", "Ménaka")
    assert row["actor1"] == "Military Forces of Mali"  # the registry's ACLED name
    assert row["actor2"] == "CMA: Coordination of Azawad Movements"
    assert row["fatalities"] == "12"  # rival claims of two sources: the lowest
    claims = json.loads(row["fatality_claims"])
    assert [(c["count"], c["claimed_by"]) for c in claims] == [(12, "the army"), (30, "CMA")]
    assert claims[1]["victims"] == 'soldiers, "mostly"'
    assert json.loads(row["evidence"]) == ['The army said "12 dead']
    assert json.loads(row["evidence_offsets"]) == ["4-26"]
    assert (row["date"], row["prompt"], row["model"]) == ("2031-05", "extract@v4", "m-1")
    assert row["source"] == "runs/a1.txt"


def test_plain_csv_of_actors_and_jsonl_of_everything(tmp_path: Path) -> None:
    run = _run(tmp_path)
    out = tmp_path / "actors.csv"
    result = runner.invoke(
        app, ["export", str(run), "--format", "csv", "--items", "actors", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert [r["name"] for r in rows] == ["Malian army", "Coordination des Mouvements de l'Azawad"]
    assert json.loads(rows[0]["aliases"]) == ["FAMa"]
    assert rows[1]["country"] == ""
    out = tmp_path / "all.jsonl"
    result = runner.invoke(
        app, ["export", str(run), "--format", "jsonl", "--items", "all", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["type"] for line in lines] == ["actors", "actors", "events"]
    assert lines[2]["summary"] == SUMMARY


def test_csv_of_all_types_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "export",
            str(_run(tmp_path)),
            "--format",
            "csv",
            "--items",
            "all",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "one item type" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_an_acled_csv_export_reads_back_as_an_acled_export(tmp_path: Path) -> None:
    from extractor.formats.acled import read_acled

    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", str(_run(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    [item] = read_acled(out)[0]
    event = item.gold.events[0]
    assert (event.kind, event.date, event.location, event.country) == (
        "battle", "2031-05", "Ménaka", "ML"
    )  # fmt: skip
    assert [c.count for c in event.fatalities] == [12]
    assert item.gold.actors[0].name == "Malian Armed Forces"  # back through the registry


def test_a_summary_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    record = _record()
    assert record.extraction is not None
    event = record.extraction.events[0]
    record.extraction.events[0] = event.model_copy(update={"summary": '=HYPERLINK("x","y")'})
    path = tmp_path / "run.jsonl"
    path.write_text(record.model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", str(path), "--format", "acled-csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (row,) = _read(out)
    assert row["notes"] == '\'=HYPERLINK("x","y")'


def test_an_output_that_cannot_be_written_is_one_line_before_any_work(tmp_path: Path) -> None:
    run = _run(tmp_path)
    for command in (["export", str(run)], ["consolidate", str(run)]):
        result = runner.invoke(app, [*command, "--out", str(tmp_path)])
        assert result.exit_code == 2
        assert "output is a directory" in result.output
        assert "Traceback" not in result.output
