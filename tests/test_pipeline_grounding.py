"""GroundedItems (extractor/model_call.py): an unfound evidence quote is a validation error, sent
back to the model as a re-ask, while the article is set with `grounded_in` (never through
instructor's `context=`, which would render the article as a Jinja template).

The real openai + instructor path is exercised from a recorded response in
tests/test_recorded_extraction.py; these tests need no HTTP at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from extractor.grounding import ArticleIndex
from extractor.model_call import GroundedItems, grounded_in
from extractor.schema import ExtractionItems

TEXT = (
    "CSP spokesman Mohamed Elmaouloud Ramadan confirmed the meeting to AFP on Monday.\n"
    "The meeting took place from August 25 to 29 in Tinzaouatène."
)


def _answer(*event_quotes: str) -> dict[str, Any]:
    return {
        "actors": [
            {"name": "Permanent Strategic Framework", "aliases": ["CSP"], "kind": "armed_group",
             "evidence": ["CSP spokesman"]},
            {"name": "Mohamed Elmaouloud Ramadan", "kind": "person",
             "evidence": ["mohamed elmaouloud  ramadan", "the spokesman of the FLA"]},
        ],
        "events": [{"kind": "meeting", "date": "2024-08-25", "location": "Tinzaouatène",
                    "participants": ["CSP"], "evidence": list(event_quotes)}],
    }  # fmt: skip


def test_an_unfound_quote_is_a_validation_error_naming_its_path() -> None:
    data = _answer("from August 25 to 29 in Tinzaouatène", "in Gao on Tuesday")
    with pytest.raises(ValidationError) as caught, grounded_in(ArticleIndex(TEXT)):
        GroundedItems.model_validate(data)
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert error["msg"] == (
        "Value error, these evidence quotes do not occur in the article; copy each quote word "
        "for word from the article text: actors[1].evidence[1]: 'the spokesman of the FLA'; "
        "events[0].evidence[1]: 'in Gao on Tuesday'"
    )


def test_found_quotes_of_every_tier_pass_with_the_article_in_context() -> None:
    data = _answer("from August 25 to 29 in Tinzaouatene")  # accent dropped: fuzzy, found
    data["actors"][1]["evidence"] = ["mohamed elmaouloud  ramadan"]  # normalized, found
    with grounded_in(ArticleIndex(TEXT)):
        items = GroundedItems.model_validate(data)
    assert [a.name for a in items.actors] == ["Permanent Strategic Framework",
                                              "Mohamed Elmaouloud Ramadan"]  # fmt: skip


def test_outside_grounded_in_the_grounding_check_is_skipped() -> None:
    data = _answer("in Gao on Tuesday")
    items = GroundedItems.model_validate(data)
    assert items.events[0].evidence == ["in Gao on Tuesday"]
    assert items.actors[1].evidence == ["mohamed elmaouloud  ramadan", "the spokesman of the FLA"]
    # and the plain model (what is kept when re-asks are spent) accepts the same answer
    assert ExtractionItems.model_validate(items.model_dump()).model_dump() == items.model_dump()


def test_other_schema_errors_still_apply_with_context() -> None:
    data = _answer("from August 25 to 29 in Tinzaouatène")
    data["events"][0]["participants"] = ["Wagner"]
    message = r"events\[0\]\.participants: 'Wagner' is not in"
    with pytest.raises(ValidationError, match=message), grounded_in(ArticleIndex(TEXT)):
        GroundedItems.model_validate(data)
