"""Keep what is valid in a model answer that failed validation after its re-asks.

A small model's answer often has one bad item (a date that does not exist, a participant
missing from the actors list) among good ones. Rather than losing the article, every item
that validates on its own is kept, and every item or reference left out is listed with the
reason, in the run record's ``dropped`` field: nothing is dropped silently.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from extractor.schema import Actor, Event, ExtractionItems, Treaty, first_error
from extractor.text import fold

_MODELS: dict[str, type[BaseModel]] = {"actors": Actor, "treaties": Treaty, "events": Event}


def salvage(data: Any) -> tuple[ExtractionItems, list[str]]:
    """The valid items of a parsed answer, and one line per item or reference left out."""
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    dropped: list[str] = []
    kept: dict[str, list[Any]] = {key: [] for key in _MODELS}
    for key, model in _MODELS.items():
        values = data.get(key) or []
        for index, raw in enumerate(values if isinstance(values, list) else []):
            try:
                kept[key].append(model.model_validate(raw))
            except ValidationError as error:
                dropped.append(f"{key}[{index}] dropped: {first_error(error)}")
    known = {fold(name) for actor in kept["actors"] for name in actor.all_names()}
    for key, field in (("treaties", "parties"), ("events", "participants")):
        for index, item in enumerate(kept[key]):
            names = getattr(item, field)
            unknown = [n for n in names if fold(n) not in known]
            if unknown:
                dropped.extend(
                    f"{key}[{index}].{field}: {n!r} removed: not in actors" for n in unknown
                )
                kept[key][index] = item.model_copy(
                    update={field: [n for n in names if fold(n) in known]}
                )
    return ExtractionItems(**kept), dropped
