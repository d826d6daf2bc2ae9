# tuachua — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test install lint format messages run check-deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate, load the Tủa Chùa 2024 plan, its classes, sample lists and demo accounts, serve
demo: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_demo --with-registrations
	@echo "Mở http://$(HOST):$(PORT)/ — open http://$(HOST):$(PORT)/ (Ctrl+C để dừng / to stop)"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, then the whole suite (DATABASE_URL picks the database; SQLite by default)
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh the translation catalogues and compile them (needs GNU gettext)
messages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages -l en --no-obsolete --add-location file --ignore '.venv/*' --ignore 'staticfiles/*'
	DEBUG=true $(PY) manage.py compilemessages -l en --ignore '.venv/*'

run: $(STAMP)
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

check-deploy: $(STAMP)
	DEBUG=false $(PY) manage.py collectstatic --no-input --verbosity 0
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=tuachua.example.vn CSRF_TRUSTED_ORIGINS=https://tuachua.example.vn \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
