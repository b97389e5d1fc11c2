# The two commands a newcomer runs are `make` and `make test`; both set up what they need.
.DEFAULT_GOAL := all
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-$(shell sha1sum requirements.txt | cut -c1-12)
DEBIAN_PACKAGES := texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended \
	fonts-freefont-otf fonts-noto-core chromium poppler-utils
# A tool each package provides, to tell whether it is missing.
DEBIAN_TOOLS := /usr/bin/xelatex /usr/bin/latexmk /usr/bin/chromium /usr/bin/pdftotext \
	/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf \
	/usr/share/fonts/opentype/freefont/FreeSerif.otf
SPHINXOPTS ?= -n --keep-going
PORT ?= 8000

.PHONY: all setup debian html test check serve linkcheck clean
all: html

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
	@rm -f $(VENV)/.setup-*; touch $@

html: setup
	$(PY) -m sphinx -b html $(SPHINXOPTS) . _build/html

test: setup
	$(PY) -m pytest

serve: setup
	$(PY) -m sphinx_autobuild --host 127.0.0.1 --port $(PORT) . _build/html

# External links need the internet; without it, say so and skip rather than fail on every link.
linkcheck: setup
	@if getent hosts www.wikipedia.org >/dev/null 2>&1; then \
		$(PY) -m sphinx -b linkcheck . _build/linkcheck; \
	else \
		echo "linkcheck skipped: no internet connection here (it checks the external links the notes cite)."; \
	fi

clean:
	rm -rf _build people archive guides
