"""Price table lookups, user overrides, and the run budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pricing import Budget, PriceError, cost_of, load_prices
from extractor.records import Usage

MILLION_EACH = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000)


def test_known_models_are_priced_and_local_ones_are_free() -> None:
    prices = load_prices()
    assert prices.updated
    assert cost_of("gpt-4o-mini", MILLION_EACH, prices) == pytest.approx(0.15 + 0.60)
    assert cost_of("gpt-4o", Usage(prompt_tokens=2000, completion_tokens=500), prices) == (
        pytest.approx((2000 * 2.50 + 500 * 10.00) / 1e6)
    )
    assert cost_of("SmolLM2-135M-Instruct", MILLION_EACH, prices) == 0


def test_snapshots_and_prefixes_find_their_model() -> None:
    prices = load_prices()
    base = cost_of("gpt-4o-mini", MILLION_EACH, prices)
    assert cost_of("gpt-4o-mini-2024-07-18", MILLION_EACH, prices) == base
    assert cost_of("openai/GPT-4o-mini", MILLION_EACH, prices) == base
    assert cost_of("claude-3-5-haiku-20241022", MILLION_EACH, prices) == pytest.approx(4.80)


def test_unknown_model_has_no_cost() -> None:
    assert cost_of("my-finetune", MILLION_EACH) is None
    assert cost_of(None, MILLION_EACH) is None


def test_batch_rate_is_half_by_default() -> None:
    full = cost_of("gpt-4.1-mini", MILLION_EACH)
    assert full is not None
    assert cost_of("gpt-4.1-mini", MILLION_EACH, batch=True) == pytest.approx(full / 2)


def test_user_file_overrides_and_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / "env.yaml"
    env_file.write_text(
        "models:\n  my-finetune: {input: 1, output: 2}\n  gpt-4o: {input: 9, output: 9}\n"
    )
    flag_file = tmp_path / "flag.yaml"
    flag_file.write_text("updated: 2030-01-01\nmodels:\n  gpt-4o: {input: 3, output: 4}\n")
    monkeypatch.setenv("EXTRACTOR_PRICES", str(env_file))
    prices = load_prices(flag_file)
    assert cost_of("my-finetune", MILLION_EACH, prices) == 3
    assert cost_of("gpt-4o", MILLION_EACH, prices) == 7  # the explicit file wins
    assert cost_of("gpt-4o-mini", MILLION_EACH, prices) == pytest.approx(0.75)
    assert prices.updated == "2030-01-01"


@pytest.mark.parametrize(
    "text",
    ["- a list", "models:\n  m: {input: 1}\n", "models:\n  m: {input: x, output: 1}\n", ": :"],
)
def test_bad_price_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(text)
    with pytest.raises(PriceError, match=str(path)):
        load_prices(path)


def test_budget_by_cost() -> None:
    budget = Budget(max_cost=0.01)
    budget.check("gpt-4o-mini")
    article = Usage(prompt_tokens=20_000, completion_tokens=5_000)  # $0.006
    assert budget.add("gpt-4o-mini", article) == pytest.approx(0.006)
    assert not budget.exhausted and budget.reason is None
    budget.add("gpt-4o-mini", article)
    assert budget.exhausted
    assert "cost budget reached" in (budget.reason or "")


def test_budget_by_tokens() -> None:
    budget = Budget(max_tokens=1000)
    budget.add("my-finetune", Usage(prompt_tokens=600, completion_tokens=300))
    assert not budget.exhausted
    budget.add("my-finetune", Usage(prompt_tokens=100, completion_tokens=0))
    assert budget.exhausted and "1,000 of 1,000" in (budget.reason or "")


def test_cost_budget_needs_a_price() -> None:
    budget = Budget(max_cost=1.0)
    with pytest.raises(PriceError, match="my-finetune"):
        budget.check("my-finetune")
    budget.add("my-finetune", Usage(prompt_tokens=1, completion_tokens=1))
    assert budget.exhausted and "no price for my-finetune" in (budget.reason or "")
    assert not Budget(max_tokens=10).exhausted
