# Gmina Wąchock site. `make help` lists the commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help html publish rollback deploy serve test lint golden bench clean browser webserver stats demo-files hooks

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: $(INSTALLED) ## development build into output/
	$(PY) -m wachock build

publish: $(INSTALLED) ## production build (absolute URLs from SITEURL in publishconf.py)
	$(PY) -m wachock build --publish

rollback: $(INSTALLED) ## switch output/ back to the previous build (the last 5 are kept); TO=... rolls back a deploy target
	$(PY) -m wachock rollback $(if $(TO),--to "$(TO)")

deploy: $(INSTALLED) ## copy the built site to the server and switch it live: make deploy TO=wachock@serwer:/srv/wachock
	@test -n "$(TO)" || { echo 'Podaj, dokąd wysłać stronę, np. make deploy TO=wachock@serwer:/srv/wachock'; exit 2; }
	$(PY) -m wachock deploy --to "$(TO)"

hooks: ## install the git hooks (a BIP commit needs a reason: plugins/bip/reasons.py)
	@if git rev-parse --git-dir >/dev/null 2>&1; then git config core.hooksPath scripts/git-hooks; fi

serve: $(INSTALLED) hooks ## build, serve on http://127.0.0.1:8000 and rebuild on every change
	$(PY) -m wachock serve --port $(PORT)

browser: ## install Debian's Chromium for the browser tests when missing (as root)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium'"; fi; \
	fi

webserver: ## install Debian's nginx (with its brotli module) and rsync for the server tests when missing (as root)
	@if [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || ! command -v rsync >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static rsync >/dev/null; \
	  else echo "nginx is missing: run 'sudo apt-get install nginx-light libnginx-mod-http-brotli-static rsync'"; fi; \
	fi

test: $(INSTALLED) $(NODE_INSTALLED) browser webserver hooks ## lint and run the whole test suite, browser tests included
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(INSTALLED) ## ruff check and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

golden: $(INSTALLED) ## regenerate the golden output after an intended change
	$(PY) -m tests.golden

bench: $(INSTALLED) ## benchmark builds against stock Pelican and Hugo (10,000 documents; about 40 min) and record BENCHMARKS.md
	$(PY) -m wachock.bench

clean: ## remove build output, caches and the virtualenv
	rm -rf output .output-releases $(VENV) node_modules .pytest_cache .ruff_cache bench/corpus bench/out*

stats: $(INSTALLED) ## import web-server logs into the visit statistics: make stats LOGS="/var/log/nginx/access.log*"
	@test -n "$(LOGS)" || { echo 'Podaj pliki dziennika, np. make stats LOGS="/var/log/nginx/access.log*"'; exit 2; }
	$(PY) -m plugins.visit_statistics.logs $(LOGS)

demo-files: $(INSTALLED) ## regenerate the demo PDFs (and covers) from scripts/make_demo_files.py
	$(PY) scripts/make_demo_files.py
