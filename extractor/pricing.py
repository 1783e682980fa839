"""What a run costs: a per-model price table, and a budget that stops a run at a limit.

Prices are USD per million tokens, input and output, from ``extractor/data/prices.yaml``
(dated inside). A user's file in the same layout overrides it model by model: the file
named by ``$EXTRACTOR_PRICES``, then one given explicitly (``--prices FILE``), which wins.

A model is looked up by its exact name, then case-insensitively, then without a provider
prefix (``openai/gpt-4o-mini``) and without a date suffix (``gpt-4o-mini-2024-07-18``,
``claude-3-5-haiku-20241022``), since endpoints report dated snapshots of a priced model.
An unknown model has no price: `cost_of` returns None rather than a made-up 0.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

PRICES_ENV = "EXTRACTOR_PRICES"
_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8})$")


class PriceError(ValueError):
    """A price file that cannot be read, or a budget that cannot be enforced."""


class TokenUsage(Protocol):
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Price:
    input: float  # USD per million prompt tokens
    output: float  # USD per million completion tokens
    batch_factor: float = 0.5  # share of the price a provider's batch API charges

    def cost(self, prompt_tokens: int, completion_tokens: int, batch: bool = False) -> float:
        usd = (prompt_tokens * self.input + completion_tokens * self.output) / 1_000_000
        return usd * self.batch_factor if batch else usd


@dataclass(frozen=True)
class PriceTable:
    prices: dict[str, Price]
    updated: str | None = None

    def lookup(self, model: str | None) -> Price | None:
        if not model:
            return None
        folded = {name.lower(): price for name, price in self.prices.items()}
        for candidate in _names_of(model):
            price = self.prices.get(candidate) or folded.get(candidate.lower())
            if price is not None:
                return price
        return None


def _names_of(model: str) -> list[str]:
    """The name, then without provider prefix, then without date suffix."""
    bare = model.rsplit("/", 1)[-1]
    return list(dict.fromkeys([model, bare, _DATE_SUFFIX.sub("", bare)]))


def _parse(data: Any, where: str) -> tuple[dict[str, Price], str | None]:
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        raise PriceError(f"{where}: expected a mapping with 'models: {{name: {{input, output}}}}'")
    default_factor = float(data.get("batch_factor", 0.5))
    prices: dict[str, Price] = {}
    for name, entry in data["models"].items():
        if not isinstance(entry, dict) or not {"input", "output"} <= entry.keys():
            raise PriceError(f"{where}: model {name!r} needs 'input' and 'output' (USD / 1M)")
        try:
            price = Price(
                float(entry["input"]),
                float(entry["output"]),
                float(entry.get("batch_factor", default_factor)),
            )
        except (TypeError, ValueError):
            raise PriceError(f"{where}: model {name!r}: prices must be numbers") from None
        if min(price.input, price.output, price.batch_factor) < 0:
            raise PriceError(f"{where}: model {name!r}: prices cannot be negative")
        prices[str(name)] = price
    updated = data.get("updated")
    return prices, None if updated is None else str(updated)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PriceError(f"{path}: cannot read: {error.strerror or error}") from None
    except yaml.YAMLError:
        raise PriceError(f"{path}: not valid YAML") from None


def load_prices(path: Path | None = None) -> PriceTable:
    """The bundled table, overridden by $EXTRACTOR_PRICES, then by `path`."""
    bundled = resources.files("extractor").joinpath("data/prices.yaml").read_text("utf-8")
    prices, updated = _parse(yaml.safe_load(bundled), "extractor/data/prices.yaml")
    overrides = [Path(p) for p in (os.environ.get(PRICES_ENV), path) if p]
    for override in overrides:
        extra, extra_updated = _parse(_read(override), str(override))
        prices.update(extra)
        updated = extra_updated or updated
    return PriceTable(prices, updated)


_DEFAULT: PriceTable | None = None


def default_prices() -> PriceTable:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_prices()
    return _DEFAULT


def cost_of(
    model: str | None,
    usage: TokenUsage,
    prices: PriceTable | None = None,
    batch: bool = False,
) -> float | None:
    """USD for `usage` (anything with prompt_tokens and completion_tokens, e.g. a record's
    Usage) on `model`, or None when the model has no price. `batch`: at batch-API rates."""
    price = (prices or default_prices()).lookup(model)
    if price is None:
        return None
    return price.cost(usage.prompt_tokens, usage.completion_tokens, batch)


@dataclass
class Budget:
    """Running totals against optional limits, shared by the threads of one run.

    The run loop calls `add` with each finished article's usage (every attempt included)
    and starts no new article once `exhausted`; articles already in flight finish and are
    kept, so a run can overshoot by at most what its in-flight articles spend."""

    max_cost: float | None = None
    max_tokens: int | None = None
    prices: PriceTable = field(default_factory=default_prices)
    batch: bool = False
    tokens: int = 0
    cost: float = 0.0
    unpriced: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self, model: str | None) -> None:
        """Raise before a run starts if `max_cost` is set but `model` has no price."""
        if self.max_cost is not None and self.prices.lookup(model) is None:
            raise PriceError(
                f"--max-cost needs a price for model {model!r}, and the price table has none; "
                f"add it to a prices file (${PRICES_ENV} or --prices)"
            )

    def add(self, model: str | None, usage: TokenUsage) -> float | None:
        """Count one article's usage; returns its cost (None when the model is unpriced)."""
        spent = cost_of(model, usage, self.prices, self.batch)
        with self._lock:
            self.tokens += usage.prompt_tokens + usage.completion_tokens
            if spent is None:
                self.unpriced.add(str(model))
            else:
                self.cost += spent
        return spent

    @property
    def exhausted(self) -> bool:
        return self.reason is not None

    @property
    def reason(self) -> str | None:
        """Why the budget is exhausted, in one line; None while it is not."""
        if self.max_tokens is not None and self.tokens >= self.max_tokens:
            return f"token budget reached: {self.tokens:,} of {self.max_tokens:,} tokens used"
        if self.max_cost is not None and self.unpriced:
            # Spending that cannot be priced cannot be held under a cost limit.
            return f"cost budget cannot be checked: no price for {', '.join(sorted(self.unpriced))}"
        if self.max_cost is not None and self.cost >= self.max_cost:
            return f"cost budget reached: ${self.cost:.4f} of ${self.max_cost:.4f} spent"
        return None
