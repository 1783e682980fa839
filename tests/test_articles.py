"""extractor/articles.py: article files in, Articles or one-line problems out."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.articles import BadArticle, InputError, collect_paths, read_article
from extractor.schema import Article


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_text_file_is_an_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "kidal.txt", "Goïta spoke in Kidal.\n".encode())
    assert read_article(path) == Article(id="kidal", text="Goïta spoke in Kidal.\n")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = read_article(path)
    assert result == BadArticle(path, "binary file (NUL bytes), not a text article")
    assert str(result) == f"{path}: binary file (NUL bytes), not a text article"
    assert result.id == "photo"


def test_a_file_that_is_not_utf8_names_the_byte_and_offset(tmp_path: Path) -> None:
    path = _write(tmp_path / "latin1.txt", b"abc\xff")
    assert read_article(path) == BadArticle(path, "not UTF-8: invalid byte 0xff at offset 3")


def test_latin1_accents_are_reported_at_their_offset(tmp_path: Path) -> None:
    path = _write(tmp_path / "goita.txt", "Assimi Goïta".encode("latin-1"))
    assert read_article(path) == BadArticle(path, "not UTF-8: invalid byte 0xef at offset 9")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_and_blank_files_are_refused(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path / "blank.txt", data)
    assert read_article(path) == BadArticle(path, "empty file")


def test_a_byte_order_mark_is_stripped(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.txt", b"\xef\xbb\xbfMali, Niger and Burkina Faso.")
    article = read_article(path)
    assert isinstance(article, Article)
    assert article.text == "Mali, Niger and Burkina Faso."


def test_an_unreadable_path_is_a_bad_article(tmp_path: Path) -> None:
    result = read_article(tmp_path)  # a directory cannot be read as a file
    assert isinstance(result, BadArticle)
    assert result.problem.startswith("cannot read: ")


def test_metadata_beside_the_files_is_read(tmp_path: Path) -> None:
    (tmp_path / "articles.yaml").write_text(
        "# unquoted dates are YAML dates\n"
        "a1:\n"
        '  title: "Mali: CSP rebels seek a pact"\n'
        "  published: 2024-09-02\n"
        "  language: en\n"
        "a2:\n"
        '  published: "2023-09"\n',
        encoding="utf-8",
    )
    for stem in ("a1", "a2", "a3"):
        _write(tmp_path / f"{stem}.txt", b"Some text.")
    cache: dict = {}

    a1, a2, a3 = (read_article(tmp_path / f"{s}.txt", cache=cache) for s in ("a1", "a2", "a3"))

    assert a1 == Article(id="a1", text="Some text.", title="Mali: CSP rebels seek a pact",
                         published="2024-09-02", language="en")  # fmt: skip
    assert isinstance(a2, Article) and (a2.published, a2.title) == ("2023-09", None)
    assert isinstance(a3, Article) and (a3.published, a3.title, a3.language) == (None, None, None)
    assert list(cache) == [tmp_path]


def test_published_given_explicitly_wins_over_metadata(tmp_path: Path) -> None:
    (tmp_path / "articles.yaml").write_text("a1:\n  published: 2024-09-02\n", encoding="utf-8")
    path = _write(tmp_path / "a1.txt", b"Some text.")
    article = read_article(path, published="2024-09-03", cache={})
    assert isinstance(article, Article) and article.published == "2024-09-03"


def test_collect_paths_expands_directories_sorted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md"):
        _write(tmp_path / name, b"x")
    assert collect_paths([tmp_path, tmp_path / "a.txt"]) == [
        tmp_path / "a.txt",
        tmp_path / "b.txt",
        tmp_path / "sub" / "c.txt",
    ]


def test_collect_paths_refuses_missing_paths_and_empty_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        collect_paths([tmp_path / "nope.txt"])
    assert str(missing.value) == f"{tmp_path / 'nope.txt'}: no such file or directory"
    _write(tmp_path / "notes.md", b"x")
    with pytest.raises(InputError) as empty:
        collect_paths([tmp_path])
    assert str(empty.value) == f"{tmp_path}: directory holds no .txt articles"


def test_collect_paths_refuses_two_files_with_one_article_id(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    first = _write(tmp_path / "a.txt", b"x")
    second = _write(tmp_path / "x" / "a.txt", b"y")
    with pytest.raises(InputError) as caught:
        collect_paths([first, second])
    assert str(caught.value) == f"{second}: same article id 'a' as {first}"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("published: 2023-02-30", "published: date '2023-02-30' is not a real calendar date"),
        ("language: no-such", "language: 'no-such' is not an ISO 639-1 code such as en or fr"),
        ("title: [a, b]", "title: expected text, got a list"),
        ("colour: blue", "colour: unknown field"),
    ],
)
def test_bad_metadata_values_name_the_file_article_and_field(
    tmp_path: Path, line: str, problem: str
) -> None:
    article = tmp_path / "a1.txt"
    article.write_text("Malian soldiers clashed with JNIM near Boni.", encoding="utf-8")
    (tmp_path / "articles.yaml").write_text(f"a1:\n  {line}\n", encoding="utf-8")
    bad = read_article(article, cache={})
    assert isinstance(bad, BadArticle)
    assert str(bad).startswith(f"{article}: {tmp_path / 'articles.yaml'}: article a1: {problem}")


def test_yaml_typing_does_not_change_metadata(tmp_path: Path) -> None:
    article = tmp_path / "a1.txt"
    article.write_text("Malian soldiers clashed with JNIM near Boni.", encoding="utf-8")
    meta = "a1:\n  title: 2024\n  language: no\n  published: 2024-09-02\n"
    (tmp_path / "articles.yaml").write_text(meta, encoding="utf-8")
    loaded = read_article(article, cache={})
    assert isinstance(loaded, Article)
    assert (loaded.title, loaded.language, loaded.published) == ("2024", "no", "2024-09-02")
