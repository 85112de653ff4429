# `make test` and `make demo` each do every set-up step from a fresh clone, reusing .venv when it exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The suite's processes: its end-to-end tests spend most of their time waiting for real intervals, so two
# share the machine's two cores well (each test has its own Redis namespace, simulators and ports).
TEST_PROCESSES ?= 2

.PHONY: install test test-unit demo bench compose-check browser clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

test: $(INSTALLED) browser
	scripts/with-redis $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_PROCESSES) --dist worksteal

test-unit: $(INSTALLED)
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

demo: $(INSTALLED)
	scripts/with-redis --optional $(BIN)/amzbus demo

bench: $(INSTALLED)
	$(BIN)/python bench/bus_throughput.py
	$(BIN)/python bench/orders_throughput.py
	$(BIN)/python bench/orders_catch_up.py

# The browser tests drive Debian's chromium (Playwright cannot download its own browsers here); without it
# they skip, saying why.
browser:
	scripts/ensure-apt-package --optional chromium /usr/bin/chromium

# Validates docker-compose.yml with Debian's docker-compose (nothing here runs containers), with the
# variables of .env.example and a stand-in dashboard token.
compose-check:
	scripts/ensure-apt-package docker-compose docker-compose
	AMZBUS_DASHBOARD_TOKEN=compose-check docker-compose --env-file .env.example config -q
	AMZBUS_DASHBOARD_TOKEN=compose-check docker-compose --env-file .env.example --profile monitoring config -q
	AMZBUS_DASHBOARD_TOKEN=compose-check docker-compose --env-file .env.example --profile push config -q
	@echo "docker-compose.yml is valid"

clean:
	rm -rf $(VENV) build src/*.egg-info
