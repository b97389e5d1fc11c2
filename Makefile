# The two commands a newcomer runs are `make` and `make test`; both set up what they need.
.DEFAULT_GOAL := all
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
# Set up again when what is installed changes: requirements.txt or the requirements in pyproject.toml.
STAMP := $(VENV)/.setup-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
DEBIAN_PACKAGES := texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended \
	fonts-freefont-otf fonts-noto-core fonts-noto-cjk fonts-symbola chromium poppler-utils \
	librsvg2-bin libicu-dev pkg-config g++
# A tool each package provides, to tell whether it is missing.
DEBIAN_TOOLS := /usr/bin/xelatex /usr/bin/latexmk /usr/bin/chromium /usr/bin/pdftotext \
	/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf \
	/usr/share/fonts/opentype/freefont/FreeSerif.otf /usr/bin/rsvg-convert \
	/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf \
	/usr/include/unicode/coll.h /usr/bin/pkg-config /usr/bin/g++
# What an editor types after `make new` or `make guide` (TITLE="Costs of $5m", THEME=…) is text:
# kept as typed, never expanded by make (a `$(shell …)` in it would run), and handed to the
# commands in the environment, never spliced into a command line.
TYPED := THEME CELL PERSON YEAR PAPER DATE TITLE THEMES SLUG
$(foreach typed,$(TYPED),$(eval override $(typed) := $$(value $(typed))))
export $(TYPED)
SPHINXOPTS ?= -n --keep-going
PORT ?= 8000

.PHONY: all setup debian html pdf guide test new check serve linkcheck bench clean
# The printed guides first: the website links to them and publishes them (handbook_pdf_dir).
# A document that fails stops neither the others nor the website: everything that can be built
# is, then make exits 1 naming what failed.
all: setup
	@status=0; $(MAKE) --no-print-directory pdf || status=1; \
	$(MAKE) --no-print-directory html || status=1; \
	if [ -s _build/latex/not-printed.txt ]; then echo "Not printed:"; sed 's/^/  /' _build/latex/not-printed.txt; fi; \
	exit $$status

setup: debian $(STAMP)

debian:
	@missing=0; for tool in $(DEBIAN_TOOLS); do [ -e $$tool ] || missing=1; done; \
	if [ $$missing = 0 ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian packages: $(DEBIAN_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES); \
	else \
		echo "Some Debian packages the build needs are missing. Run:"; \
		echo "  sudo apt-get install --no-install-recommends $(DEBIAN_PACKAGES)"; \
		exit 1; \
	fi

$(STAMP): requirements.txt pyproject.toml
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@rm -f $(VENV)/.setup-*; touch $@

# Doctrees and caches live in _build/doctrees/, never in the folder that is published.
html: setup
	$(PY) -m sphinx -b html $(SPHINXOPTS) -d _build/doctrees/html . _build/html

# The printed handbook and one guide per theme, in _build/pdf/ and (make pdf's documents only, not
# make guide's) in the site's guides/ folder (the next html build links each theme's page to its guide). `python -m handbook typeset` runs
# latexmk on each document on its own (paranoid file access, a time limit), reports overfull boxes
# as located warnings and exits 1 naming each document that failed; the others are still printed.
# _build/latex/not-printed.txt, which `make` repeats at its end, is written anew by every run: emptied
# first, and naming the LaTeX build itself when that stops before any document is printed.
TYPESET := $(PY) -m handbook typeset --latex _build/latex --publish _build/pdf --paper "$${PAPER:-a4}"
LATEX_FAILED := { mkdir -p _build/latex; echo "every document: Sphinx's LaTeX build stopped (its error is above)" \
	> _build/latex/not-printed.txt; exit 1; }
# Paper the handbook does not know stops before anything is built, with one message.
PAPER_KNOWN := case "$${PAPER:-a4}" in a4|a5|letter) ;; \
	*) echo "PAPER=$$PAPER is not one of a4, a5, letter: nothing is printed" >&2; exit 2;; esac

pdf: setup
	@$(PAPER_KNOWN)
	@rm -f _build/latex/not-printed.txt
	$(PY) -m sphinx -b latex $(SPHINXOPTS) -d _build/doctrees/latex -D handbook_paper="$${PAPER:-a4}" . _build/latex \
		|| $(LATEX_FAILED)
	$(TYPESET) --publish _build/html/guides

# make guide THEME=health [CELL=leadership] [PERSON=caroline-slocock] [YEAR=2023]: the guide to the
# meetings with every facet given, as the website's search filters them (guide-health-cell-leadership;
# a theme's alone is guide-health, and other paper adds its name: guide-health-a5).
# PAPER=a5 (booklet) or PAPER=letter prints on other paper, here and in make pdf. Values are read
# from the environment, so nothing typed reaches the shell.
SELECT = "theme=$$THEME,cell=$$CELL,person=$$PERSON,year=$$YEAR"
guide: setup
	@if [ -z "$$THEME$$CELL$$PERSON$$YEAR" ]; then \
		echo "usage: make guide THEME=<theme> CELL=<cell> PERSON=<person> YEAR=<year> (any of them, combined)"; exit 2; fi
	@$(PAPER_KNOWN)
	@rm -f _build/latex/not-printed.txt
	$(PY) -m sphinx -b latex $(SPHINXOPTS) -d _build/doctrees/latex -D handbook_paper="$${PAPER:-a4}" \
		-D handbook_select=$(SELECT) . _build/latex || $(LATEX_FAILED)
	$(TYPESET) --select $(SELECT)

# Lint, format and types first (seconds), then the whole suite (minutes).
test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

# make new CELL=joining-forces DATE=2023-05 TITLE="Unequal alliances" [THEMES=health,power] [SLUG=…]
# (values are read from the environment, so a title may hold quotes and $).
new: setup
	@if [ -z "$$CELL" ] || [ -z "$$DATE" ] || [ -z "$$TITLE" ]; then \
		echo 'usage: make new CELL=<cell> DATE=<YYYY-MM-DD, YYYY-MM, YYYY or undated> TITLE="<title>" [THEMES=health,power] [SLUG=<file-name>]'; \
		echo '(python -m handbook new --help shows how to start a cell, a theme or a person)'; exit 2; fi
	@$(PY) -m handbook new meeting --cell "$$CELL" --date "$$DATE" --title "$$TITLE" --themes "$$THEMES" \
		$${SLUG:+--slug "$$SLUG"}

check: setup
	@$(PY) -m handbook check

# The build writes person, year and guide pages into the source tree: watched, each build that
# changes them would start another. -q leaves the editor's warnings alone on screen. A save
# reloads the page once its pages are written; the search index follows (see ARCHITECTURE.md, The editor's loop).
serve: setup
	$(PY) -m handbook serve --host 127.0.0.1 --port $(PORT) $(SPHINXOPTS) -q -d _build/doctrees/html \
		--ignore people --ignore archive --ignore guides --ignore tests --ignore bench . _build/html

# External links need the internet; without it, say so and skip rather than fail on every link.
linkcheck: setup
	@if getent hosts www.wikipedia.org >/dev/null 2>&1; then \
		$(PY) -m sphinx -b linkcheck . _build/linkcheck; \
	else \
		echo "linkcheck skipped: no internet connection here (it checks the external links the notes cite)."; \
	fi

# Synthetic archives of 300, 1,000 and 3,000 notes, built by the handbook, by plain Sphinx and by
# Hugo and MkDocs Material (installed into _build/bench/peers-venv), and previewed with make serve,
# in temporary folders: one table, and the raw figures in _build/bench.json (see bench/README.md).
bench: setup
	$(PY) -m bench

clean:
	rm -rf _build people archive guides
