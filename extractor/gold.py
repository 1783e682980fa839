"""Reading gold-format YAML files (gold/<article>.yaml; also a second annotator's files).

One loader for `extractor gold check` and the scorer, so a file one accepts the other does too.
The YAML is read strictly: a repeated key or an impossible unquoted date (2024-02-30) is an
error with its line, where plain ``yaml.safe_load`` keeps the last value or raises a bare
ValueError. Every problem raises `GoldFileError`, one line naming the file.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractor.schema import Extraction, first_error


class GoldFileError(ValueError):
    """A gold file that cannot be loaded: ``str()`` is "<path>: <problem>" on one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


class _StrictConstruction:
    """Constructors that turn what safe_load lets through or leaves unlocated into located
    YAML errors. Mixed into both loaders below."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value} is not a real calendar date ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]
                if not isinstance(key, typing.Hashable):
                    continue  # the base class reports an unhashable key
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc,no-any-return]


class _StrictLoader(_StrictConstruction, yaml.SafeLoader):
    pass


# libyaml's parser when PyYAML has it: ten times faster than the pure-Python one, which matters
# for evaluation sets made from large ACLED or UCDP exports (thousands of files).
_FAST_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastStrictLoader(_StrictConstruction, _FAST_SAFE_LOADER):
    pass


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_StrictLoader.add_constructor(_TIMESTAMP, _StrictLoader.construct_yaml_timestamp)  # type: ignore[type-var]
_FastStrictLoader.add_constructor(_TIMESTAMP, _FastStrictLoader.construct_yaml_timestamp)


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastStrictLoader)
    except yaml.YAMLError:
        # PyYAML's own messages are clearer than libyaml's ("expected ',' or ']', but got
        # ':'"); a broken file is rare, so it is read again for the better message.
        return yaml.load(text, Loader=_StrictLoader)


def _yaml_problem(exc: yaml.YAMLError) -> str:
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


def read_gold_yaml(path: Path) -> dict[str, Any]:
    """The mapping a gold file holds, read strictly but not validated (the gold checks report
    every problem of the content themselves); GoldFileError if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise GoldFileError(path, "no such file")
    try:
        data = _parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise GoldFileError(path, f"not UTF-8 text: {exc}") from None
    except OSError as exc:
        raise GoldFileError(path, f"cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise GoldFileError(path, _yaml_problem(exc)) from None
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor PyYAML did not wrap
        raise GoldFileError(path, f"YAML could not be loaded: {exc}") from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise GoldFileError(
            path, f"a gold file is a YAML mapping (article, actors, ...), not {kind}"
        )
    return data


def _validated(path: Path) -> Extraction:
    try:
        extraction = Extraction.model_validate(read_gold_yaml(path))
    except ValidationError as exc:
        more = exc.error_count() - 1
        problem = first_error(exc) + (f" (and {more} more problems)" if more else "")
        raise GoldFileError(path, f"does not validate: {problem}") from None
    if extraction.article != path.stem:
        raise GoldFileError(
            path, f"article is {extraction.article!r} but the file is named {path.stem!r}"
        )
    return extraction


def _error(error: type[Exception], path: Path, problem: str) -> Exception:
    return GoldFileError(path, problem) if error is GoldFileError else error(f"{path}: {problem}")


def load_gold_file(path: Path, error: type[Exception] = GoldFileError) -> Extraction:
    """One gold-format file as a validated `Extraction` whose `article` is the file's stem.
    A problem raises ``error`` (a caller may keep its own class, constructed with the one-line
    message) or by default GoldFileError."""
    try:
        return _validated(Path(path))
    except GoldFileError as exc:
        raise _error(error, exc.path, exc.problem) from None


def load_gold_dir(
    directory: Path, what: str = "gold", error: type[Exception] = GoldFileError
) -> dict[str, Extraction]:
    """Every <article>.yaml (or .yml) of a directory, by article id. ``what`` names the files
    in messages ("gold", "prediction"); ``error`` as for `load_gold_file`."""
    directory = Path(directory)
    if not directory.is_dir():
        raise _error(error, directory, f"{what} directory not found")
    paths = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not paths:
        raise _error(error, directory, f"no {what} files (*.yaml) in it")
    return {p.stem: load_gold_file(p, error) for p in paths}
