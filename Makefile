# The two commands a newcomer runs are `make` and `make test`; both set up what they need.
.DEFAULT_GOAL := all
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-$(shell sha1sum requirements.txt | cut -c1-12)
DEBIAN_PACKAGES := texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended \
	fonts-freefont-otf fonts-noto-core fonts-noto-cjk fonts-symbola chromium poppler-utils \
	libicu-dev pkg-config g++
# A tool each package provides, to tell whether it is missing.
DEBIAN_TOOLS := /usr/bin/xelatex /usr/bin/latexmk /usr/bin/chromium /usr/bin/pdftotext \
	/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf \
	/usr/share/fonts/opentype/freefont/FreeSerif.otf \
	/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf \
	/usr/include/unicode/coll.h /usr/bin/pkg-config /usr/bin/g++
SPHINXOPTS ?= -n --keep-going
PORT ?= 8000

.PHONY: all setup debian html pdf guide test new check serve linkcheck bench clean
# The printed guides first: the website links to them and publishes them (handbook_pdf_dir).
all: pdf
	@$(MAKE) --no-print-directory html

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

$(STAMP): requirements.txt
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@# `python -m handbook` (new, check) works with the venv's python from any folder.
	@echo "$(CURDIR)/_ext" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/handbook-ext.pth"
	@rm -f $(VENV)/.setup-*; touch $@

html: setup
	$(PY) -m sphinx -b html $(SPHINXOPTS) . _build/html

# The printed handbook and one guide per theme, in _build/pdf/ and in the site's guides/ folder
# (the next html build links each theme's page to its guide). xelatex stops at an error instead of
# waiting for an answer.
LATEX_RUN := $(MAKE) -C _build/latex LATEXMKOPTS=-quiet \
	LATEXOPTS="-interaction=nonstopmode -halt-on-error"
PUBLISH_PDF = mkdir -p _build/pdf _build/html/guides && cp $(1) _build/pdf/ && cp $(1) _build/html/guides/

pdf: setup
	$(PY) -m sphinx -b latex $(SPHINXOPTS) . _build/latex
	$(LATEX_RUN) -j2 all-pdf
	$(call PUBLISH_PDF,_build/latex/*.pdf)

# make guide THEME=health: one theme's guide only.
guide: setup
	@if [ ! -f "themes/$(THEME).md" ]; then \
		echo "usage: make guide THEME=<theme>, one of: $$(ls themes | sed -n 's/\.md$$//p' | grep -vx index | tr '\n' ' ')"; exit 2; fi
	$(PY) -m sphinx -b latex $(SPHINXOPTS) -D handbook_print=guide-$(THEME) . _build/latex
	$(LATEX_RUN) guide-$(THEME).pdf
	$(call PUBLISH_PDF,_build/latex/guide-$(THEME).pdf)

test: setup
	$(PY) -m pytest

# make new CELL=joining-forces DATE=2023-05 TITLE="Unequal alliances" [THEMES=health,power] [SLUG=…]
# (values are read from the environment, so a title may hold quotes and $).
new: setup
	@if [ -z "$$CELL" ] || [ -z "$$DATE" ] || [ -z "$$TITLE" ]; then \
		echo 'usage: make new CELL=<cell> DATE=<YYYY-MM-DD, YYYY-MM, YYYY or undated> TITLE="<title>" [THEMES=health,power] [SLUG=<file-name>]'; \
		echo '(python -m handbook new --help shows how to start a cell, a theme or a person)'; exit 2; fi
	@PYTHONPATH=_ext $(PY) -m handbook new meeting --cell "$$CELL" --date "$$DATE" --title "$$TITLE" --themes "$$THEMES" \
		$${SLUG:+--slug "$$SLUG"}

check: setup
	@PYTHONPATH=_ext $(PY) -m handbook check

# The build writes person, year and guide pages into the source tree: watched, each build that
# changes them would start another. -q leaves the editor's warnings alone on screen.
serve: setup
	$(PY) -m sphinx_autobuild --host 127.0.0.1 --port $(PORT) $(SPHINXOPTS) -q \
		--ignore people --ignore archive --ignore guides --ignore tests --ignore bench . _build/html

# External links need the internet; without it, say so and skip rather than fail on every link.
linkcheck: setup
	@if getent hosts www.wikipedia.org >/dev/null 2>&1; then \
		$(PY) -m sphinx -b linkcheck . _build/linkcheck; \
	else \
		echo "linkcheck skipped: no internet connection here (it checks the external links the notes cite)."; \
	fi

# Synthetic archives of 300, 1,000 and 3,000 notes, built by the handbook and by plain Sphinx, in
# temporary folders: one table, and the raw figures in _build/bench.json (see README, Scale).
bench: setup
	$(PY) -m bench

clean:
	rm -rf _build people archive guides
