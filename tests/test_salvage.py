"""Keeping the valid items of an answer that failed validation."""

from __future__ import annotations

import pytest

from extractor.salvage import salvage


def test_valid_items_are_kept_and_each_invalid_one_is_listed() -> None:
    answer = {
        "actors": [
            {"name": "CSP", "kind": "armed_group", "evidence": ["The CSP"]},
            {"name": "Bamako", "kind": "city", "evidence": ["In Bamako"]},
        ],
        "treaties": [],
        "events": [
            {"kind": "battle", "date": "2023-19-25", "participants": ["CSP"]},
            {"kind": "meeting", "date": "2024-08", "participants": ["CSP", "FPL"]},
        ],
    }
    items, dropped = salvage(answer)
    assert [a.name for a in items.actors] == ["CSP"]
    assert [e.kind for e in items.events] == ["meeting"]
    assert items.events[0].participants == ["CSP"]
    assert len(dropped) == 3
    assert dropped[0].startswith("actors[1] dropped: kind:")
    assert dropped[1] == (
        "events[0] dropped: Value error, date '2023-19-25' is not a real calendar date"
    )
    assert dropped[2] == "events[0].participants: 'FPL' removed: not in actors"


def test_partial_answer_keeps_finished_items() -> None:
    from pydantic_core import from_json

    cut = '{"actors": [{"name": "JNIM", "kind": "armed_group", "evidence": ["Jnim"]}, {"name": "Wag'
    items, dropped = salvage(from_json(cut, allow_partial=True))
    assert [a.name for a in items.actors] == ["JNIM"]
    assert dropped == ["actors[1] dropped: name: Field required"]  # the cut string is lost


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError):
        salvage(["actors"])
