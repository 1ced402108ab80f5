# The two commands of the README:  make run  (serve the app)  and  make test  (run the suite).
# Only Python 3.11+ is needed: everything else is installed into .venv by these targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= tamduong_cchc.settings.local

.PHONY: run test install install-dev lint css backup restore

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Migrate, load Công văn 345 and the units, add demo accounts, then serve the site with a Celery
# worker and beat beside it. Ctrl-C stops all three (the worker and beat are stopped, and waited
# for, whenever the web server ends, even if it could not start).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_cv345
	$(PY) manage.py seed_sipas
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py seed_sipas --demo
	@echo ""
	@echo "  Site:      http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Accounts:  vanphong (office), chutich (chairman), and each unit's code (e.g. xa-ban-bo)"
	@echo "  Password:  $$($(PY) manage.py shell -v 0 -c 'from django.conf import settings; print(settings.DEMO_PASSWORD)' 2>/dev/null | tail -n 1)"
	@echo "  E-mails:   written as files to var/mail/"
	@echo ""
	@$(VENV)/bin/celery -A tamduong_cchc worker --loglevel=INFO --pool=solo & worker=$$!; \
	$(VENV)/bin/celery -A tamduong_cchc beat --loglevel=INFO --schedule=var/celerybeat-schedule & beat=$$!; \
	trap 'kill -TERM $$worker $$beat 2>/dev/null; wait $$worker $$beat' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Runs the whole suite. Services are used when DATABASE_URL / CELERY_BROKER_URL point at them;
# CI sets CCHC_REQUIRE_SERVICES=1 so tests that need them fail instead of skipping.
# --ds: the exported DJANGO_SETTINGS_MODULE above (local settings, for run) would otherwise win over
# pytest.ini and run the suite with real e-mail files, queued Celery tasks and slow password hashing.
test: install-dev
	$(VENV)/bin/pytest --ds=tamduong_cchc.settings.test $(PYTEST_ARGS)

# The site's Bootstrap (static/css/bootstrap-cchc.css), rebuilt from ops/css/cchc.scss with only the
# classes the templates use. Run it after using a Bootstrap class no template used before, and commit
# the result; CI fails while the committed file differs from what this builds.
css: install-dev
	cd ops/css && npm ci --no-audit --no-fund --loglevel=error
	node ops/css/build.mjs

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Database (SQLite or PostgreSQL, as DATABASE_URL says) + uploaded files into one archive under
# BACKUP_DIR (var/backups/). Restore: stop the site and the workers, then
#   make restore BACKUP=var/backups/cchc-backup-....tar.gz
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/cchc-backup-....tar.gz"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"
