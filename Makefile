# `make test` and `make demo` each do every set-up step from a fresh clone, reusing .venv when it exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install test test-unit demo bench compose-check clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

test: $(INSTALLED)
	scripts/with-redis $(BIN)/pytest -q -p no:cacheprovider

test-unit: $(INSTALLED)
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

demo: $(INSTALLED)
	scripts/with-redis --optional $(BIN)/amzbus demo

bench: $(INSTALLED)
	$(BIN)/python bench/bus_throughput.py
	$(BIN)/python bench/orders_throughput.py

compose-check:
	docker-compose -f deploy/docker-compose.yml config -q

clean:
	rm -rf $(VENV) build src/*.egg-info
