"""`extractor dataset from-ucdp`: invented rows in UCDP GED's public layout -> articles + gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluation.harness import load_gold
from extractor.formats import ucdp
from extractor.formats.table import FormatError
from extractor.goldcheck import check_gold

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "ucdp_sample.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ucdp") / "set"
    result = runner.invoke(app, ["dataset", "from-ucdp", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_state_based_event_with_sides_tolls_and_headlines(made: Path) -> None:
    gold = load_gold(made / "gold")["ucdp-990001"]
    assert gold.complete is False
    event = gold.events[0]
    assert (event.kind, event.date, event.date_precision) == ("battle", "2031-01-10", "day")
    assert event.participants == ["Government of Mali", "Group for Support of Islam and Muslims"]
    assert [c.count for c in event.fatalities] == [9]  # best
    assert (gold.reference.fatalities_low, gold.reference.fatalities_high) == (9, 14)
    assert event.location == "Boni town"
    assert gold.reference.admin == ["Douentza cercle", "Mopti region", "Boni, Douentza cercle"]
    assert gold.published == "2031-01-12"  # the source date
    text = (made / "articles" / "ucdp-990001.txt").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "Mali army says it repelled JNIM attack on Boni camp, 9 killed",
        "Fighting near Boni leaves several dead",
    ]


def test_the_made_gold_passes_gold_check(made: Path) -> None:
    assert check_gold(None, gold_dir=made / "gold", seeds_dir=made / "articles") == []


def test_one_sided_violence_month_precision_and_no_civilian_actor(made: Path) -> None:
    gold = load_gold(made / "gold")["ucdp-990002"]
    event = gold.events[0]
    assert event.kind == "violence_against_civilians"
    assert (event.date, event.date_precision, event.date_end) == ("2031-02", "month", None)
    assert event.participants == ["Islamic State Sahel Province"]  # "Civilians" names nobody
    assert event.country == "BF"
    assert gold.published == "2031-03-03"  # no source date: date_end + 3 days


def test_bad_rows_are_one_line_errors(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([lines[0], lines[1].replace(",1,1,2031-01-10", ",1,9,2031-01-10")]),
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match=r"bad.csv: row 1 \(line 2\), column date_prec"):
        ucdp.read_ucdp(bad)
    missing = tmp_path / "missing.csv"
    missing.write_text(lines[0].replace(",best,", ",") + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="missing column.*best"):
        ucdp.read_ucdp(missing)


def test_a_spreadsheet_resave_with_semicolons_reads_the_same(tmp_path: Path) -> None:
    import csv

    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    resaved = tmp_path / "resaved.csv"
    with resaved.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    items, _ = ucdp.read_ucdp(resaved)
    original, _ = ucdp.read_ucdp(SAMPLE)
    assert [i.gold for i in items] == [i.gold for i in original]
