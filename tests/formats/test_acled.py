"""`extractor dataset from-acled`: invented rows in ACLED's public layout -> articles + gold."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluation.harness import load_gold
from extractor.formats import acled
from extractor.formats.actors import registry_entry, strip_period
from extractor.formats.table import FormatError
from extractor.goldcheck import check_gold
from extractor.registry import load_registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
SAMPLE = FIXTURES / "acled_sample.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("acled") / "set"
    result = runner.invoke(app, ["dataset", "from-acled", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_one_article_and_one_partial_gold_per_row_with_text(made: Path) -> None:
    gold = load_gold(made / "gold")
    # six rows; the Ayorou row has no notes and is skipped
    assert sorted(gold) == [
        "acled-BFO90005",
        "acled-MLI90001",
        "acled-MLI90002",
        "acled-MLI90003",
        "acled-MLI90004",
    ]
    assert all(not g.complete and len(g.events) == 1 for g in gold.values())
    text = (made / "articles" / "acled-MLI90001.txt").read_text(encoding="utf-8")
    assert text.startswith("On 14 February 2031, Malian soldiers")
    meta = yaml.safe_load((made / "articles" / "articles.yaml").read_text(encoding="utf-8"))
    assert meta["acled-MLI90001"]["published"] == "2031-02-17"  # event date + 3 days
    assert meta["acled-MLI90001"]["language"] == "en"


def test_the_made_gold_passes_gold_check(made: Path) -> None:
    problems = check_gold(None, gold_dir=made / "gold", seeds_dir=made / "articles")
    assert problems == []


def test_event_attributes_follow_the_documented_mapping(made: Path) -> None:
    gold = load_gold(made / "gold")
    battle = gold["acled-MLI90001"].events[0]
    assert (battle.kind, battle.date, battle.date_precision) == ("battle", "2031-02-14", "day")
    assert (battle.location, battle.country) == ("Tessit", "ML")
    assert [c.count for c in battle.fatalities] == [15]
    assert gold["acled-MLI90001"].reference.admin == ["Ansongo", "Gao"]
    assert (
        gold["acled-MLI90001"].reference.fatalities_low,
        gold["acled-MLI90001"].reference.fatalities_high,
    ) == (11, 19)
    strike = gold["acled-MLI90002"].events[0]  # time_precision 2: a week around the date
    assert strike.kind == "remote_violence"
    assert (strike.date, strike.date_end) == ("2031-02-17", "2031-02-23")
    truce = gold["acled-MLI90003"].events[0]  # time_precision 3: the month
    assert (truce.kind, truce.date, truce.fatalities) == ("agreement", "2031-03", [])
    assert truce.location == "Ségou"
    attack = gold["acled-MLI90004"].events[0]
    assert attack.kind == "violence_against_civilians"
    assert attack.participants == []  # unidentified gunmen and civilians name nobody


def test_actors_map_to_the_registry_and_unknown_ones_keep_acled_names(made: Path) -> None:
    gold = load_gold(made / "gold")
    battle = gold["acled-MLI90001"]
    assert battle.events[0].participants == [
        "Malian Armed Forces",
        "Wagner Group",
        "Group for Support of Islam and Muslims",
    ]
    army = battle.actor_named("Military Forces of Mali (2021-)")
    assert army is not None and army.name == "Malian Armed Forces"
    old = gold["acled-BFO90005"]  # pre-2019 type, numeric inter codes, two associated actors
    assert old.events[0].kind == "battle"
    kalkari = old.actor_named("Katiba Kalkari")
    assert kalkari is not None and kalkari.kind == "armed_group"
    assert len(old.events[0].participants) == 4


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "kind"),
    [
        ("Battles", "Armed clash", "battle"),
        ("Battles", "Government regains territory", "battle"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "remote_violence"),
        (
            "Violence against civilians",
            "Abduction/forced disappearance",
            "violence_against_civilians",
        ),
        ("Protests", "Excessive force against protesters", "violence_against_civilians"),
        ("Protests", "Peaceful protest", "other"),
        ("Riots", "Mob violence", "other"),
        ("Strategic developments", "Agreement", "agreement"),
        ("Strategic developments", "Non-violent transfer of territory", "territory_transfer"),
        ("Strategic developments", "Change to group/activity", "defection"),
        ("Strategic developments", "Arrests", "other"),
        ("Battle-No change of territory", "", "battle"),
        ("Battle-Government regains territory", "", "battle"),
        ("Battle-Non-state actor overtakes territory", "", "battle"),
        ("Remote violence", "", "remote_violence"),
        ("Violence against civilians", "", "violence_against_civilians"),
        ("Riots/Protests", "", "other"),
        ("Strategic development", "", "other"),
        ("Non-violent transfer of territory", "", "territory_transfer"),
        ("Headquarters or base established", "", "other"),
    ],
)
def test_event_type_mapping(event_type: str, sub_event_type: str, kind: str) -> None:
    row = acled.Row(
        Path("x.csv"), 1, 2, {"event_type": event_type, "sub_event_type": sub_event_type}
    )
    assert acled.event_kind(row) == kind


def test_period_tags_are_dropped_and_by_acled_is_asked_first() -> None:
    assert strip_period("Military Forces of Mali (2021-)") == "Military Forces of Mali"
    assert strip_period("Government of Mali (2012-2013)") == "Government of Mali"
    # a one-off actor carries a single year
    assert strip_period("Mutiny of Military Forces of Mali (2031)") == (
        "Mutiny of Military Forces of Mali"
    )
    assert load_registry().by_acled("Mutiny of Military Forces of Niger (2031)") is not None
    registry = load_registry()
    wanted = registry.entry("Wagner Group")

    class Fake:  # a registry whose ACLED names say something the aliases do not
        def by_acled(self, name: str):
            return wanted if name == "Some ACLED Name (2020-)" else None

        def entry(self, name: str):
            return None

    assert registry_entry("Some ACLED Name (2020-)", Fake()) is wanted  # type: ignore[arg-type]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(acled.COLUMNS)
GOOD = (
    "MLI1,2031-01-02,2031,1,Battles,Armed clash,JNIM,,2,,,,Mali,Gao,,,Gao,1,1,"
    'Wire,"Fighting in Gao.",0'
)


def _run(export: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["dataset", "from-acled", str(export), "--out", str(out)])
    return result.exit_code, result.output


def test_missing_column_is_one_line_naming_file_and_column(tmp_path: Path) -> None:
    export = _csv(tmp_path, HEADER.replace(",notes", "") + "\n")
    code, output = _run(export, tmp_path / "out")
    assert code == 2
    assert "export.csv" in output and "missing column(s) notes" in output
    assert not (tmp_path / "out").exists()


def test_bad_date_names_file_row_and_column_and_writes_nothing(tmp_path: Path) -> None:
    bad = GOOD.replace("MLI1,2031-01-02", "MLI2,2031-13-45")
    export = _csv(tmp_path, f"{HEADER}\n{GOOD}\n{bad}\n")
    code, output = _run(export, tmp_path / "out")
    assert code == 2
    assert "row 2" in output and "column event_date" in output and "'2031-13-45'" in output
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]  # no temporary left


def test_unreadable_csv_is_one_line(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(
        HEADER.encode() + b"\n" + GOOD.encode().replace(b"Gao.", b"Ga\xef\xbf") + b"\n"
    )
    code, output = _run(export, tmp_path / "out")
    assert code == 2 and "not UTF-8" in output
    code, output = _run(tmp_path / "absent.csv", tmp_path / "out")
    assert code == 2 and "cannot read" in output


def test_bad_time_precision_and_repeated_ids(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="column time_precision"):
        acled.read_acled(_csv(tmp_path, f"{HEADER}\n{GOOD.replace(',2031,1,', ',2031,7,')}\n"))
    with pytest.raises(FormatError, match="repeats row 1"):
        acled.read_acled(_csv(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD}\n"))


def test_an_existing_directory_is_kept_unless_forced(tmp_path: Path) -> None:
    export = _csv(tmp_path, f"{HEADER}\n{GOOD}\n")
    out = tmp_path / "out"
    (out / "gold").mkdir(parents=True)
    code, output = _run(export, out)
    assert code == 2 and "already exists" in output
    result = runner.invoke(
        app, ["dataset", "from-acled", str(export), "--out", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "gold" / "acled-MLI1.yaml").is_file()


def test_force_never_deletes_a_folder_or_file_of_the_users(tmp_path: Path) -> None:
    export = _csv(tmp_path, f"{HEADER}\n{GOOD}\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("my notes", encoding="utf-8")
    afile = tmp_path / "afile.txt"
    afile.write_text("keep me", encoding="utf-8")
    for out in (mine, afile):
        result = runner.invoke(
            app, ["dataset", "from-acled", str(export), "--out", str(out), "--force"]
        )
        assert result.exit_code == 2 and "replaces data sets only" in result.output
    assert (mine / "notes.md").read_text(encoding="utf-8") == "my notes"
    assert afile.read_text(encoding="utf-8") == "keep me"
