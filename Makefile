# Two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-16)

.PHONY: run test install lint format lock messages bench check clean

$(INSTALLED): requirements.lock
	@echo "==> Installing the Python packages into $(VENV) (requirements.lock; once, until it changes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(INSTALLED)

## Set everything up and serve the site on http://127.0.0.1:8000/ (SQLite by default).
run: install
	@echo "==> Checking the Debian packages (fonts, PDF layout, Word readers)"
	@scripts/system-packages run
	@echo "==> Applying the database migrations (db.sqlite3 unless DATABASE_URL is set)"
	@$(BIN)/python manage.py migrate --noinput
	@$(BIN)/python manage.py setup_demo
	@echo "==> Serving http://127.0.0.1:8000/ (Ctrl-C stops it; e-mails appear below)"
	@$(BIN)/python manage.py runserver 127.0.0.1:8000

## Set everything up and run the whole suite on SQLite and PostgreSQL.
test: install
	scripts/system-packages test
	scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## Re-resolve the dependency lock from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--index-url https://pypi.org/simple -o requirements.lock

## Extract and compile the Chinese translations.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-* .pytest_cache
