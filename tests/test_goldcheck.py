"""The gold-file validator (extractor/goldcheck.py) and its CLI (extractor/cli/gold.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli.gold import gold_app
from extractor.goldcheck import SCHEMA_PATH, Problem, check_file, check_gold, schema_json

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gold_broken"
FIXTURE_SEEDS = FIXTURES / "seeds"

# fixture stem -> (field path, fragments the message must contain)
BROKEN: dict[str, tuple[str, list[str]]] = {
    "published_mismatch": (
        "published",
        ["published is 2024-09-05 but", "articles.yaml gives 2024-09-02 for published_mismatch"],
    ),
    "extra_field": (
        "actors.0.nationality",
        ["unknown field 'nationality' (extra fields are forbidden)", "allowed: name, aliases"],
    ),
    "bad_kind": (
        "actors.1.kind",
        ["'rebel_group' is not allowed", "'armed_group'", "'person'"],
    ),
    "quote_not_found": (
        "actors.0.evidence.0",
        ["quote not found in the article (status not_found): 'the FPL attacked an army convoy'"],
    ),
    "quote_fuzzy": (
        "events.0.evidence.0",
        [
            "quote only matches fuzzily (status fuzzy, score ",
            "the article has 'The meeting, which took place from August 25 to 29 in Tinzaouatene'",
        ],
    ),
    "participant_not_actor": (
        "events.0.participants.1",
        ["participant 'Malian army' is not an actor of this file"],
    ),
    "participant_alias": (
        "events.0.participants.0",
        [
            "participant 'FPL' is an alias of actor 'Patriotic Liberation Front'; "
            "gold files use the actor's name: 'Patriotic Liberation Front'"
        ],
    ),
    "party_case": (
        "treaties.0.parties.1",
        [
            "party 'permanent strategic framework' is not exactly an actor's name; "
            "write 'Permanent Strategic Framework'"
        ],
    ),
    "date_invalid": (
        "events.0.date",
        ["date '2024-02-30' is not a real calendar date (February 2024 has 29 days)"],
    ),
    "date_precision": (
        "events.0.date_precision",
        ["date '2024-08' has month precision (its shape) but date_precision is 'day'"],
    ),
    "date_end_before": (
        "events.0.date_end",
        ["date_end '2024-08-20' is before date '2024-08-25'"],
    ),
    "date_unquoted": (
        "events.0.date",
        ["input should be a valid string, got date 2024-08-25", "put this one in quotes"],
    ),
    "yaml_syntax": (
        "",
        ["YAML syntax error at line 9, column 9: expected ',' or ']', but got ':'"],
    ),
    "article_mismatch": (
        "article",
        ["article is 'valid' but the file is article_mismatch.yaml; they must match"],
    ),
    "missing_evidence": (
        "treaties.0.evidence",
        ["no evidence: every gold item needs at least one quote from the article"],
    ),
    "affiliation_unknown": (
        "actors.2.affiliation",
        ["affiliation 'Coordination of Azawad Movements' is not an actor of this file"],
    ),
    "member_of_unknown": (
        "actors.0.member_of.0",
        ["member_of 'Alliance of Sahel States' is not an actor of this file"],
    ),
    "duplicate_alias": (
        "actors.2.aliases.0",
        ["'CSP' also names actors.1 ('Permanent Strategic Framework')"],
    ),
}


def _check(*paths: Path) -> list[Problem]:
    return check_gold(list(paths), gold_dir=FIXTURES, seeds_dir=FIXTURE_SEEDS)


def _copy_fixture(stem: str, gold_dir: Path, seeds_dir: Path, article: str | None = None) -> Path:
    """Copy a fixture gold file (renamed to `article`) and its article into a scratch tree."""
    article = article or stem
    gold_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / f"{stem}.yaml").read_text(encoding="utf-8")
    gold = gold_dir / f"{article}.yaml"
    gold.write_text(text.replace(f"article: {stem}", f"article: {article}"), encoding="utf-8")
    shutil.copy(FIXTURE_SEEDS / f"{stem}.txt", seeds_dir / f"{article}.txt")
    return gold


def test_every_fixture_has_an_article_and_an_expectation() -> None:
    stems = {path.stem for path in FIXTURES.glob("*.yaml")}
    assert stems == {*BROKEN, "valid"}
    assert {path.stem for path in FIXTURE_SEEDS.glob("*.txt")} == stems


def test_valid_fixture_passes() -> None:
    assert _check(FIXTURES / "valid.yaml") == []


@pytest.mark.parametrize("stem", sorted(BROKEN))
def test_broken_fixture_is_caught_once_at_its_field(stem: str) -> None:
    field, fragments = BROKEN[stem]
    path = FIXTURES / f"{stem}.yaml"
    problems = _check(path)
    assert [problem.field for problem in problems] == [field], problems
    (problem,) = problems
    assert problem.file == str(path)
    for fragment in fragments:
        assert fragment in problem.message
    assert "Traceback" not in problem.message
    expected = f"{path}: {field}: {problem.message}" if field else f"{path}: {problem.message}"
    assert str(problem) == expected


def test_whole_fixture_directory_reports_each_broken_file_once() -> None:
    problems = check_gold(None, gold_dir=FIXTURES, seeds_dir=FIXTURE_SEEDS)
    assert sorted(Path(problem.file).stem for problem in problems) == sorted(BROKEN)


def test_seed_without_gold_file_is_reported(tmp_path: Path) -> None:
    gold_dir, seeds_dir = tmp_path / "gold", tmp_path / "seeds"
    _copy_fixture("valid", gold_dir, seeds_dir, article="000_aaaa")
    (seeds_dir / "001_bbbb.txt").write_text("An article nobody labelled yet.\n", encoding="utf-8")
    problems = check_gold(None, gold_dir=gold_dir, seeds_dir=seeds_dir)
    assert problems == [
        Problem(
            str(seeds_dir / "001_bbbb.txt"),
            "",
            f"no gold file: {gold_dir / '001_bbbb.yaml'} does not exist",
        )
    ]
    # Named files are checked alone: the unlabelled seed is not reported then.
    assert check_gold([gold_dir / "000_aaaa.yaml"], gold_dir=gold_dir, seeds_dir=seeds_dir) == []


def test_gold_file_without_seed_is_reported(tmp_path: Path) -> None:
    gold = _copy_fixture("valid", tmp_path / "gold", tmp_path / "seeds", article="002_cccc")
    (tmp_path / "seeds" / "002_cccc.txt").unlink()
    problems = check_file(gold, tmp_path / "seeds")
    assert [(p.field, p.message) for p in problems] == [
        ("article", f"no article text: {tmp_path / 'seeds' / '002_cccc.txt'} does not exist")
    ]


@pytest.mark.parametrize(
    ("yaml_text", "fragment"),
    [
        (
            "article: x\nevents:\n  - date: 2024-02-30\n",
            "line 3, column 11: 2024-02-30 is not a real calendar date",
        ),
        ("article: x\narticle: y\n", "line 2, column 1: duplicate key 'article'"),
        ("", "a gold file is a YAML mapping (article, actors, ...), not empty"),
        ("- article: x\n", "a gold file is a YAML mapping (article, actors, ...), not a list"),
    ],
)
def test_unloadable_yaml_is_one_located_problem(
    tmp_path: Path, yaml_text: str, fragment: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    problems = check_file(path, tmp_path)
    assert len(problems) == 1 and problems[0].field == ""
    assert fragment in problems[0].message


@pytest.mark.parametrize(
    ("replace", "by", "field", "message"),
    [
        (
            'published: "2024-09-02"',
            'published: "2024-13"',
            "published",
            "published '2024-13' is not a real calendar date (there is no month 13)",
        ),
        (
            '    date: "2024-08-25"',
            '    date: "25 August 2024"',
            "events.0.date",
            "date '25 August 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            '    date_end: "2024-08-29"',
            '    date_end: "2024-08-24"',
            "events.0.date_end",
            "date_end '2024-08-24' is before date '2024-08-25'",
        ),
        (
            "    date_precision: day\n    location: Tinzaouatene\n    evidence",
            "    date_precision: year\n    location: Tinzaouatene\n    evidence",
            "treaties.0.date_precision",
            "date '2024-08-29' has day precision (its shape) but date_precision is 'year'",
        ),
        (
            "    country: NE\n",
            "    country: NER\n",
            "actors.0.country",
            "country 'NER' is not an ISO 3166-1 alpha-2 code such as ML or NE",
        ),
        (
            "    country: NE\n",
            "    country: NO\n",
            "actors.0.country",
            "input should be a valid string, got bool False",
        ),
        (
            "  - kind: agreement\n",
            "  - kind: agreement\n    fatalities: [{count: -1}]\n",
            "events.1.fatalities.0.count",
            "Input should be greater than or equal to 0",
        ),
    ],
)
def test_more_problems_in_the_valid_fixture(
    tmp_path: Path, replace: str, by: str, field: str, message: str
) -> None:
    gold = _copy_fixture("valid", tmp_path / "gold", tmp_path / "seeds")
    text = gold.read_text(encoding="utf-8")
    assert replace in text
    gold.write_text(text.replace(replace, by, 1), encoding="utf-8")
    problems = check_file(gold, tmp_path / "seeds")
    assert [p.field for p in problems] == [field]
    assert message in problems[0].message


def test_an_actor_may_repeat_its_own_name_in_its_aliases(tmp_path: Path) -> None:
    gold = _copy_fixture("valid", tmp_path / "gold", tmp_path / "seeds")
    text = gold.read_text(encoding="utf-8")
    name = "  - name: Assimi Goïta\n"
    text = text.replace(name, name + "    aliases: [Goita]\n")
    gold.write_text(text, encoding="utf-8")
    assert check_file(gold, tmp_path / "seeds") == []


def test_problems_are_ordered_by_field(tmp_path: Path) -> None:
    gold = _copy_fixture("valid", tmp_path / "gold", tmp_path / "seeds")
    text = gold.read_text(encoding="utf-8")
    text = text.replace("affiliation: Government of Mali", "affiliation: Mali")
    text = text.replace("article: valid", "article: other")
    text = text.replace("      - led by Assimi Goïta\n", "      - led by Colonel Goïta\n")
    text = text.replace("participants: [Patriotic Liberation Front", "participants: [FPL")
    gold.write_text(text, encoding="utf-8")
    fields = [p.field for p in check_file(gold, tmp_path / "seeds")]
    assert fields == [
        "article",
        "actors.4.affiliation",
        "actors.4.evidence.0",
        "events.0.participants.0",
        "events.1.participants.0",
    ]


# --- the CLI ---------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_check_valid_file_exits_0() -> None:
    result = runner.invoke(
        gold_app,
        ["check", str(FIXTURES / "valid.yaml"), "--seeds-dir", str(FIXTURE_SEEDS)],
    )
    assert result.exit_code == 0, result.output
    assert result.output == "1 file checked, 0 problems\n"


def test_cli_check_broken_files_exits_1_one_line_per_problem() -> None:
    paths = [FIXTURES / "participant_alias.yaml", FIXTURES / "date_invalid.yaml"]
    result = runner.invoke(gold_app, ["check", *map(str, paths), "--seeds-dir", str(FIXTURE_SEEDS)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{paths[0]}: events.0.participants.0: participant 'FPL' is an")
    assert lines[1].startswith(f"{paths[1]}: events.0.date: date '2024-02-30' is not a real")
    assert lines[2:] == ["2 files checked, 2 problems"]


def test_cli_check_directory_and_default_dirs() -> None:
    args = ["check", "--gold-dir", str(FIXTURES), "--seeds-dir", str(FIXTURE_SEEDS)]
    result = runner.invoke(gold_app, args)
    assert result.exit_code == 1
    summary = f"{len(BROKEN) + 1} files checked, {len(BROKEN)} problems"
    assert result.output.splitlines()[-1] == summary
    by_dir = runner.invoke(gold_app, ["check", str(FIXTURES), "--seeds-dir", str(FIXTURE_SEEDS)])
    assert by_dir.output == result.output


def test_cli_check_missing_path_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(gold_app, ["check", str(missing)])
    assert result.exit_code == 2
    assert result.output == f"error: no such file or directory: {missing}\n"


def test_cli_schema_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "gold" / "schema.json"
    result = runner.invoke(gold_app, ["schema", "--out", str(out), "--check"])
    assert result.exit_code == 1 and "is missing" in result.output
    result = runner.invoke(gold_app, ["schema", "--out", str(out)])
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == schema_json()
    assert [p.name for p in out.parent.iterdir()] == ["schema.json"]  # no temporary left over
    result = runner.invoke(gold_app, ["schema", "--out", str(out), "--check"])
    assert result.exit_code == 0 and result.output == f"{out} is up to date\n"
    out.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(gold_app, ["schema", "--out", str(out), "--check"])
    assert result.exit_code == 1 and "is out of date" in result.output
    assert out.read_text(encoding="utf-8") == "{}\n"


# --- the real gold files -------------------------------------------------------------------------


def test_schema_json_on_disk_is_up_to_date() -> None:
    on_disk = ROOT / SCHEMA_PATH
    assert on_disk.is_file(), "run `extractor gold schema` to write gold/schema.json"
    assert on_disk.read_text(encoding="utf-8") == schema_json(), (
        "gold/schema.json is out of date: run `extractor gold schema`"
    )


def test_schema_json_is_sorted_pretty_json_of_extraction() -> None:
    text = schema_json()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    schema = json.loads(text)
    assert schema["title"] == "Extraction"
    assert schema["additionalProperties"] is False
    assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.skipif(
    not any((ROOT / "gold").glob("*.yaml")),
    reason="gold/ has no *.yaml files yet: nothing to check until the gold files are written",
)
def test_real_gold_files_have_no_problems() -> None:
    problems = check_gold(None, gold_dir=ROOT / "gold", seeds_dir=ROOT / "seeds")
    assert problems == [], "\n".join(map(str, problems))
