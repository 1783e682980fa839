"""extractor/gold.py: the one loader of gold-format YAML files, strict about YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractor.gold import GoldFileError, load_gold_dir, load_gold_file, read_gold_yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = [ROOT / "gold", ROOT / "evals" / "corpus" / "dev" / "gold"]

VALID = "article: {stem}\nactors: []\n"


class OwnError(Exception):
    pass


def _write(tmp_path: Path, text: str, stem: str = "a1") -> Path:
    path = tmp_path / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("directory", GOLD_DIRS, ids=lambda d: d.parent.name)
def test_the_gold_sets_load(directory: Path) -> None:
    loaded = load_gold_dir(directory)
    assert loaded and all(e.article == article for article, e in loaded.items())


@pytest.mark.parametrize("directory", GOLD_DIRS, ids=lambda d: d.parent.name)
def test_strict_reading_keeps_the_data_of_safe_load(directory: Path) -> None:
    for path in sorted(directory.glob("*.yaml")):
        assert read_gold_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_valid_file(tmp_path: Path) -> None:
    extraction = load_gold_file(_write(tmp_path, VALID.format(stem="a1")))
    assert (extraction.article, extraction.actors) == ("a1", [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("article: a1\narticle: a1\n", "YAML error at line 2, column 1: duplicate key 'article'"),
        (
            "article: a1\npublished: 2024-02-30\n",
            "YAML error at line 2, column 12: 2024-02-30 is not a real calendar date",
        ),
        (
            "article: a1\nactors: [x\nb: c\n",
            "YAML syntax error at line 3, column 2: expected ',' or ']', but got ':'",
        ),
        ("", "a gold file is a YAML mapping (article, actors, ...), not empty"),
        ("- article: a1\n", "a gold file is a YAML mapping (article, actors, ...), not a list"),
        ("article: a2\n", "article is 'a2' but the file is named 'a1'"),
        ("article: a1\nactors: 3\n", "does not validate: actors: "),
        ("article: a1\nwhat: 1\nwho: 2\n", "(and 1 more problems)"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(GoldFileError) as raised:
        load_gold_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message
    assert raised.value.path == path


def test_not_utf8_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "a1.yaml"
    path.write_bytes(b"article: \xff\n")
    with pytest.raises(GoldFileError, match="not UTF-8 text"):
        load_gold_file(path)
    with pytest.raises(GoldFileError, match="no such file"):
        load_gold_file(tmp_path / "nothing.yaml")


def test_a_caller_keeps_its_own_error_class(tmp_path: Path) -> None:
    path = _write(tmp_path, "article: a1\narticle: a1\n")
    with pytest.raises(OwnError, match=r"a1\.yaml: YAML error at line 2, column 1: duplicate key"):
        load_gold_file(path, OwnError)
    with pytest.raises(OwnError, match=r"a1\.yaml: YAML error at line 2"):
        load_gold_dir(tmp_path, error=OwnError)
    with pytest.raises(OwnError, match=r"nowhere: prediction directory not found"):
        load_gold_dir(tmp_path / "nowhere", "prediction", OwnError)


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match=r": no gold files \(\*\.yaml\) in it"):
        load_gold_dir(tmp_path)
    _write(tmp_path, VALID.format(stem="a1"))
    (tmp_path / "b2.yml").write_text(VALID.format(stem="b2"), encoding="utf-8")
    assert sorted(load_gold_dir(tmp_path)) == ["a1", "b2"]
