# Everything a developer or CI runs goes through these targets.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# llama.cpp's native build crashes (general protection fault) on these machines;
# these flags build a portable CPU backend that works (see docs/local-model.md).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
SEED ?= seeds/000_b403c17cf9c6620e.txt

.PHONY: install demo test record baseline lint bench acled clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet -e '.[local,dev]'
	touch $@

## Extract one seed article offline (the model-free candidate stages) and show it as tables.
demo: install
	$(BIN)/extractor extract $(SEED)

## The whole test suite, offline: recorded HTTP responses are replayed.
test: install
	$(BIN)/pytest -q

PROMPTS := $(subst .,@,$(patsubst prompts/%.jinja,%,$(wildcard prompts/*.jinja)))

## Re-record every prompt version on the seeds against the bundled model (or
## EXTRACTOR_BASE_URL if set), then refresh evals/baseline.json from the replays.
record: install
	for p in $(PROMPTS); do $(BIN)/extractor eval --prompt $$p --record -q || exit 1; done
	$(MAKE) baseline

## Store the replayed scores of every prompt version (and the model-free rows) in evals/baseline.json.
baseline: install
	for p in $(PROMPTS); do $(BIN)/extractor eval --prompt $$p --replay --update-baseline -q || exit 1; done
	$(BIN)/extractor eval --backend ner --update-baseline -q
	$(BIN)/extractor eval --backend candidates --update-baseline -q

lint: install
	$(BIN)/ruff check extractor tests benchmarks
	$(BIN)/ruff format --check extractor tests benchmarks
	$(BIN)/mypy extractor

## The sets of incident notes in ACLED's layout, each converted, extracted and scored as partial
## gold (acled-dev, acled-dev2: tuned on; acled-style, acled-heldout: held out).
ACLED_SETS ?= acled-dev acled-dev2 acled-style acled-heldout
acled: install
	@set -e; for set in $(ACLED_SETS); do \
	  test -f evals/corpus/$$set/notes.csv || { echo "make acled: no evals/corpus/$$set/notes.csv" >&2; exit 2; }; \
	  out=$$(mktemp -d); \
	  $(BIN)/extractor dataset from-acled evals/corpus/$$set/notes.csv --out $$out/set >/dev/null 2>&1; \
	  $(BIN)/extractor extract $$out/set/articles --out $$out/run.jsonl >/dev/null 2>&1; \
	  echo "== $$set"; \
	  $(BIN)/extractor score $$out/run.jsonl --gold $$out/set/gold --seeds $$out/set/articles \
	    --markdown $$out/report.md -q; \
	  sed -n "/^## Partial/,/^## Grounding/p" $$out/report.md | grep "^|"; \
	  rm -rf $$out; \
	done

bench: install
	$(PY) benchmarks/bench_scoring.py
	$(PY) benchmarks/bench_replay.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
