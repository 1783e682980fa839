"""Validate the hand-labelled gold files in gold/<article>.yaml (see docs/annotation.md).

A gold file must load as an `Extraction` (extra fields forbidden) and, beyond what the model
enforces, be canonical and grounded:

- ``article`` is the file stem and seeds/<article>.txt exists;
- every evidence quote occurs in the article, up to white space and case (grounding status
  ``exact`` or ``normalized``; ``fuzzy`` and ``not_found`` are problems);
- every actor, treaty and event has at least one evidence quote (not required in partial
  gold, ``complete: false``, made from ACLED or UCDP rows);
- event participants, treaty parties, person affiliations and ``member_of`` entries are
  exactly the ``name`` of an actor of the file (an alias or a case variant is not enough);
- dates are real calendar dates agreeing with their precision, and ``date_end`` is not
  before ``date``;
- no name or alias belongs to two actors.

`check_gold` returns `Problem`s and never raises on a bad file; the CLI lives in
extractor/cli/gold.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from extractor.articles import METADATA_FILE
from extractor.grounding import ArticleIndex
from extractor.schema import ITEM_TYPES, Extraction, fold

GOLD_DIR = Path("gold")
SEEDS_DIR = Path("seeds")
SCHEMA_PATH = GOLD_DIR / "schema.json"

_SECTIONS = ITEM_TYPES
_DATED_SECTIONS = ("treaties", "events")
_REFERENCES_ERROR = "Value error, every party and participant must name an actor"
_SHOWN_QUOTE = 80


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one gold file (or a seed that has no gold file)."""

    file: str
    field: str  # dotted path such as "actors.3.evidence.0"; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.message}"
        return f"{self.file}: {self.message}"


def schema_json() -> str:
    """JSON Schema of a gold file (`Extraction`), pretty-printed with sorted keys."""
    schema = Extraction.model_json_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def gold_files(paths: Iterable[Path] | None, gold_dir: Path = GOLD_DIR) -> list[Path]:
    """The gold files to check: every gold_dir/*.yaml, or the given files (directories expand
    to their *.yaml)."""
    if paths is None:
        return sorted(gold_dir.glob("*.yaml"))
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def check_gold(
    paths: list[Path] | None,
    gold_dir: Path = GOLD_DIR,
    seeds_dir: Path = SEEDS_DIR,
) -> list[Problem]:
    """Check gold files; with no paths, every gold_dir/*.yaml plus seeds that lack a gold file."""
    problems: list[Problem] = []
    for path in gold_files(paths, gold_dir):
        problems.extend(check_file(path, seeds_dir))
    if paths is None:
        for seed in sorted(Path(seeds_dir).glob("*.txt")):
            gold = Path(gold_dir) / f"{seed.stem}.yaml"
            if not gold.exists():
                problems.append(Problem(str(seed), "", f"no gold file: {gold} does not exist"))
    return problems


def check_file(path: Path, seeds_dir: Path = SEEDS_DIR) -> list[Problem]:
    """All problems of one gold file, ordered by field."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        return [Problem(name, "", "no such file")]
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_GoldLoader)
    except UnicodeDecodeError as exc:
        return [Problem(name, "", f"not UTF-8 text: {exc}")]
    except yaml.YAMLError as exc:
        return [Problem(name, "", _yaml_error(exc))]
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor PyYAML did not wrap
        return [Problem(name, "", f"YAML could not be loaded: {exc}")]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return [
            Problem(name, "", f"a gold file is a YAML mapping (article, actors, ...), not {kind}")
        ]

    found = list(_semantic_problems(data, path.stem, Path(seeds_dir)))
    checked = {field for field, _ in found}
    # The model's own error about a field the checks above already explained is a repeat.
    found += [(field, message) for field, message in _model_problems(data) if field not in checked]
    found.sort(key=lambda problem: _field_key(problem[0]))
    return [Problem(name, field, message) for field, message in found]


# --- YAML ------------------------------------------------------------------------------------


class _GoldLoader(yaml.SafeLoader):
    """safe_load, but an impossible unquoted date or a repeated key is a located YAML error."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value} is not a real calendar date ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)  # type: ignore[arg-type]
                if not isinstance(key, typing.Hashable):
                    continue  # the base class reports an unhashable key
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


_GoldLoader.add_constructor("tag:yaml.org,2002:timestamp", _GoldLoader.construct_yaml_timestamp)


def _yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    what = (
        "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
    )
    if mark is None:
        return f"{what}: {detail}"
    return f"{what} at line {mark.line + 1}, column {mark.column + 1}: {detail}"


# --- the model ---------------------------------------------------------------------------------


def _model_problems(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, message) for each error `Extraction.model_validate` reports."""
    try:
        Extraction.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            if not error["loc"] and error["msg"].startswith(_REFERENCES_ERROR):
                continue  # the semantic checks report each reference, more strictly
            yield _describe_error(error)


def _describe_error(error: Any) -> tuple[str, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    message = error["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        message = f"unknown field {loc[-1]!r} (extra fields are forbidden)"
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        elif allowed:
            message += f"; allowed: {', '.join(allowed)}"
    elif kind == "literal_error":
        message = f"{value!r} is not allowed; {_lower_first(message)}"
    elif kind == "missing":
        message = "required field is missing"
    elif kind in {"string_type", "list_type", "int_type", "dict_type", "model_type"}:
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        message = f"{_lower_first(message)}, got {type(value).__name__} {shown}"
        if kind == "string_type" and isinstance(value, (dt.date, int, float, bool)):
            message += " (YAML converts some unquoted values: put this one in quotes)"
    elif (
        kind == "value_error"
        and len(loc) == 2
        and loc[0] in _DATED_SECTIONS
        and isinstance(loc[1], int)
    ):
        # A model validator of a treaty or event: point at the date field it is about.
        if "date_precision is" in message:
            field = "date_precision"
        elif message.startswith("date_end"):
            field = "date_end"
        else:
            field = "date"
        loc = (*loc, field)
    return _dotted(loc), message


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at a location of an Extraction ([] if unknown)."""
    model: Any = Extraction
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            model = _inner_model(arg)
            if model is not None:
                return model
    return None


# --- checks the model does not make ---------------------------------------------------------------


def _semantic_problems(
    data: dict[str, Any], stem: str, seeds_dir: Path
) -> Iterator[tuple[str, str]]:
    article = data.get("article")
    if isinstance(article, str) and article.strip() != stem:
        yield (
            "article",
            f"article is {article.strip()!r} but the file is {stem}.yaml; they must match",
        )
    seed = seeds_dir / f"{stem}.txt"
    text = seed.read_text(encoding="utf-8", errors="replace") if seed.is_file() else None
    if text is None:
        yield "article", f"no article text: {seed} does not exist"
    items = {section: _items(data, section) for section in _SECTIONS}
    yield from _evidence_problems(items, text, required=data.get("complete") is not False)
    yield from _reference_problems(items["actors"], items["treaties"], items["events"])
    yield from _duplicate_names(items["actors"])
    published = data.get("published")
    if isinstance(published, str) and published.strip():
        message = _date_problem(published.strip(), "published") or _metadata_disagrees(
            published.strip(), stem, seeds_dir
        )
        if message:
            yield "published", message
    for section in _DATED_SECTIONS:
        for i, item in items[section]:
            for field, message in _date_problems(item, section):
                yield f"{section}.{i}.{field}", message


def _metadata_disagrees(published: str, stem: str, seeds_dir: Path) -> str | None:
    """The gold's date must be the one seeds/articles.yaml gives, which extraction uses."""
    meta_path = seeds_dir / METADATA_FILE
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return f"{meta_path} is not valid YAML, so published cannot be checked against it"
    entry = meta.get(stem) if isinstance(meta, dict) else None
    listed = entry.get("published") if isinstance(entry, dict) else None
    if listed is not None and str(listed) != published:
        return f"published is {published} but {meta_path} gives {listed} for {stem}"
    return None


def _items(data: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    values = data.get(section)
    if not isinstance(values, list):
        return []
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)]


def _evidence_problems(
    items: dict[str, list[tuple[int, dict[str, Any]]]], text: str | None, required: bool = True
) -> Iterator[tuple[str, str]]:
    """Quotes that are missing or not in the article. Partial gold made from a dataset row
    (``complete: false``) may lack quotes: its actors are named as the dataset names them."""
    index = ArticleIndex(text) if text is not None else None
    for section, entries in items.items():
        for i, item in entries:
            evidence = item.get("evidence")
            if evidence is None or evidence == [] or evidence == "":
                if required:
                    yield (
                        f"{section}.{i}.evidence",
                        "no evidence: every gold item needs at least one quote from the article",
                    )
                continue
            if index is None or not isinstance(evidence, list):
                continue
            for q, quote in enumerate(evidence):
                if not isinstance(quote, str):
                    continue
                where = f"{section}.{i}.evidence.{q}"
                alignment = index.locate(quote)
                if not quote.strip():
                    yield where, "empty quote"
                elif alignment.status == "fuzzy":
                    assert alignment.start is not None and alignment.end is not None
                    closest = text[alignment.start : alignment.end]  # type: ignore[index]
                    yield (
                        where,
                        (
                            "quote only matches fuzzily "
                            f"(status fuzzy, score {alignment.score:g}); "
                            f"the article has {_shorten(closest)!r}, copy it exactly"
                        ),
                    )
                elif alignment.status == "not_found":
                    yield (
                        where,
                        (f"quote not found in the article (status not_found): {_shorten(quote)!r}"),
                    )


def _reference_problems(
    actors: list[tuple[int, dict[str, Any]]],
    treaties: list[tuple[int, dict[str, Any]]],
    events: list[tuple[int, dict[str, Any]]],
) -> Iterator[tuple[str, str]]:
    names = _ActorNames(actors)
    for i, actor in actors:
        affiliation = actor.get("affiliation")
        if isinstance(affiliation, str) and affiliation.strip():
            message = names.problem(affiliation, "affiliation")
            if message:
                yield f"actors.{i}.affiliation", message
        yield from names.problems(actor.get("member_of"), f"actors.{i}.member_of", "member_of")
    for i, treaty in treaties:
        yield from names.problems(treaty.get("parties"), f"treaties.{i}.parties", "party")
    for i, event in events:
        yield from names.problems(
            event.get("participants"), f"events.{i}.participants", "participant"
        )


class _ActorNames:
    """The actors' canonical names, and what a non-canonical reference should have been."""

    def __init__(self, actors: list[tuple[int, dict[str, Any]]]) -> None:
        self.names: set[str] = set()
        self.by_fold: dict[str, tuple[str, bool]] = {}  # folded form -> (actor name, is alias)
        for _, actor in actors:
            name = actor.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = name.strip()
            self.names.add(name)
            self.by_fold.setdefault(fold(name), (name, False))
            aliases = actor.get("aliases")
            for alias in aliases if isinstance(aliases, list) else []:
                if isinstance(alias, str) and alias.strip():
                    self.by_fold.setdefault(fold(alias), (name, True))

    def problems(self, values: Any, where: str, role: str) -> Iterator[tuple[str, str]]:
        if not isinstance(values, list):
            return
        for k, value in enumerate(values):
            if isinstance(value, str):
                message = self.problem(value, role)
                if message:
                    yield f"{where}.{k}", message

    def problem(self, value: str, role: str) -> str | None:
        value = value.strip()
        if value in self.names:
            return None
        match = self.by_fold.get(fold(value))
        if match is not None:
            name, is_alias = match
            if is_alias:
                return (
                    f"{role} {value!r} is an alias of actor {name!r}; "
                    f"gold files use the actor's name: {name!r}"
                )
            return f"{role} {value!r} is not exactly an actor's name; write {name!r}"
        message = f"{role} {value!r} is not an actor of this file"
        close = difflib.get_close_matches(value, sorted(self.names), n=1, cutoff=0.6)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        return message


def _duplicate_names(actors: list[tuple[int, dict[str, Any]]]) -> Iterator[tuple[str, str]]:
    owner: dict[str, tuple[int, str]] = {}  # folded name -> (actor index, actor name)
    for i, actor in actors:
        name = actor.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        aliases = actor.get("aliases")
        forms = [("name", name)] + [
            (f"aliases.{a}", alias)
            for a, alias in enumerate(aliases if isinstance(aliases, list) else [])
            if isinstance(alias, str) and alias.strip()
        ]
        mine: set[str] = set()
        for field, form in forms:
            key = fold(form)
            if key in owner and key not in mine:
                j, other = owner[key]
                yield (
                    f"actors.{i}.{field}",
                    f"{form.strip()!r} also names actors.{j} ({other!r}); "
                    "merge the two actors or drop the form from one",
                )
            else:
                owner.setdefault(key, (i, name.strip()))
                mine.add(key)


# --- dates -------------------------------------------------------------------------------------

_DATE_SHAPE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISIONS = ("year", "month", "day")


def _parse_date(value: str) -> tuple[str, dt.date, dt.date]:
    """(precision, first day, last day) of a YYYY, YYYY-MM or YYYY-MM-DD string.

    ValueError with a message naming the date when it has another shape or is not a
    real calendar date."""
    match = _DATE_SHAPE.match(value)
    if not match or not value.isascii():
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < 1:
        raise ValueError(f"{value!r} is not a real calendar date (there is no year 0)")
    if month is None:
        return "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} is not a real calendar date (there is no month {month})")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return "month", dt.date(year, month, 1), dt.date(year, month, last)
    if not 1 <= day <= last:
        month_name = f"{calendar.month_name[month]} {year}"
        raise ValueError(f"{value!r} is not a real calendar date ({month_name} has {last} days)")
    return "day", dt.date(year, month, day), dt.date(year, month, day)


def _date_problem(value: str, field: str) -> str | None:
    try:
        _parse_date(value)
    except ValueError as exc:
        return f"{field} {exc}"
    return None


def _date_problems(item: dict[str, Any], section: str) -> Iterator[tuple[str, str]]:
    raw_date = item.get("date")
    date = raw_date.strip() if isinstance(raw_date, str) else ""
    precision = item.get("date_precision")
    date_end = item.get("date_end") if section == "events" else None
    start: tuple[str, dt.date, dt.date] | None = None
    if date:
        try:
            start = _parse_date(date)
        except ValueError as exc:
            yield "date", f"date {exc}"
    elif raw_date in (None, "") and isinstance(precision, str) and precision.strip():
        yield "date_precision", f"date_precision is {precision.strip()!r} but there is no date"
    if start is not None and precision in _PRECISIONS and precision != start[0]:
        yield (
            "date_precision",
            (
                f"date {date!r} has {start[0]} precision (its shape) but date_precision is "
                f"{precision!r}; write {start[0]!r} or a date of {precision} precision"
            ),
        )
    if isinstance(date_end, str) and date_end.strip():
        try:
            end = _parse_date(date_end.strip())
        except ValueError as exc:
            yield "date_end", f"date_end {exc}"
            return
        if start is not None and end[2] < start[1]:
            yield "date_end", f"date_end {date_end.strip()!r} is before date {date!r}"


# --- helpers -----------------------------------------------------------------------------------


def _dotted(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _field_key(field: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting actors.2 before actors.10 and file-level problems first."""
    order = {name: n for n, name in enumerate(("article", *_SECTIONS))}
    parts = field.split(".") if field else []
    key: list[tuple[int, int | str]] = []
    for n, part in enumerate(parts):
        if part.isdigit():
            key.append((1, int(part)))
        elif n == 0 and part in order:
            key.append((0, order[part]))
        else:
            key.append((2, part))
    return tuple(key)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_QUOTE else text[: _SHOWN_QUOTE - 3] + "..."
