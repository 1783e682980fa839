"""The `Extraction` model's validation errors of a gold file, described for its author: the
field as a dotted path, an unknown field with its likely spelling, a YAML-converted value with
the advice to quote it."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from extractor.schema import Extraction

DATED_SECTIONS = ("treaties", "events")
# The model's reference check; the gold checks report each reference, more strictly.
_REFERENCES_ERROR = "Value error, every party and participant must name an actor"


def model_problems(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
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
        and loc[0] in DATED_SECTIONS
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


def _dotted(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
