# Two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cat requirements.lock requirements-pip.lock | sha256sum | cut -c1-16)
PORT ?= 8000
MAIL_EVERY ?= 60

.PHONY: run test install lint format lock messages bench check clean

# The locked pip first, then the whole lock without the resolver (scripts/install-lock
# says why): the same packages whatever pip the venv brought or the registry offers now.
$(INSTALLED): requirements.lock requirements-pip.lock
	@echo "==> Installing the Python packages into $(VENV) (requirements.lock; once, until it changes)"
	PYTHON=$(PYTHON) scripts/install-lock $(VENV)
	rm -f $(VENV)/.installed-*
	touch $@

install: $(INSTALLED)

## Set everything up and serve the site on http://127.0.0.1:$(PORT)/ (SQLite by default).
run: install
	@echo "==> Checking the Debian packages (fonts, PDF layout, Word readers)"
	@scripts/system-packages run
	@echo "==> Applying the database migrations (db.sqlite3 unless DATABASE_URL is set)"
	@$(BIN)/python manage.py migrate --noinput
	@$(BIN)/python manage.py setup_demo
	@echo "==> Serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops it; e-mails appear below)"
	@echo "==> Sending the issues' e-mails every $(MAIL_EVERY) s (send_issue_mail), as a timer does in production"
	@( while sleep $(MAIL_EVERY); do $(BIN)/python manage.py send_issue_mail -v 0; done ) & \
	sender=$$!; trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

## Re-resolve the lock from pyproject.toml against the registry as it is today:
## requirements.lock (every package, with hashes) and requirements-pip.lock (the pip
## that installs it). uv runs from a throwaway venv; the registry is the client's default.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check uv
	.lock-venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--custom-compile-command "make lock" -o requirements.lock
	# Pin fonttools with the extra WeasyPrint asks for: pip 23.2.1, resolving the
	# lock with its dependencies, otherwise looks past the pin for `fonttools[woff]`.
	sed -i 's/^fonttools==/fonttools[woff]==/' requirements.lock
	echo pip | .lock-venv/bin/uv pip compile - --generate-hashes --python-version 3.11 \
		--custom-compile-command "make lock" -o requirements-pip.lock
	rm -rf .lock-venv

## Extract and compile the Chinese translations.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) .lock-venv staticfiles db.sqlite3 db.sqlite3-* .pytest_cache
