# xsif — run `make demo` to set up and try it, `make test` for the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KSY := $(wildcard ksy/*.ksy)
GEN_CHECK := build/check-generated

.PHONY: all demo test lint generate check-generated examples check-examples docs clean help \
	bench fuzz hostile xen-images xen-restore-oracle spec-text spec-diff spec-pdf compare

all: demo

help:
	@echo "make demo             set up .venv and the compiler, validate the sample images"
	@echo "make test             check generated/, lint, build the spec, run the test suite"
	@echo "make generate         regenerate generated/ from ksy/ with the pinned compiler"
	@echo "make check-generated  fail if generated/ is not what the compiler makes of ksy/"
	@echo "make examples         rewrite the sample images under examples/"
	@echo "make corpus           rewrite the conformance corpus under conformance/"
	@echo "make docs             build the HTML specification into build/html"
	@echo "make spec-text        the whole spec as 80-column plain text: build/text/xsif-spec.txt"
	@echo "make spec-diff BASE=  unified diff of that text between a git revision and the work tree"
	@echo "make spec-pdf         the whole spec as PDF: build/pdf/xsif-spec.pdf"
	@echo "make bench            time xsif validate on a guest-sized image (SIZE=1G RUNS=5 XEN_PY=)"
	@echo "make fuzz             fuzz the validator (FUZZ_SECONDS=600 or FUZZ_EXAMPLES=)"
	@echo "make hostile          issue 11's hostile inputs at full size (5 MB to 512 MiB, minutes)"
	@echo "make xen-images       boot Debian's Xen 4.17 in QEMU/TCG, let xl save/migrate real guests (root, ~5 min)"
	@echo "make xen-restore-oracle  xl restore -p every *.xsi under DIR=... in that machine (after xen-images)"
	@echo "make compare          run Debian's verify-stream-v2 on the corpus, rewrite spec/implementations-data.yaml"

# --- set-up ---------------------------------------------------------------------
$(BIN)/xsif: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(BIN)/xsif
compiler: node_modules/.package-lock.json

# --- generated parsers ------------------------------------------------------------
generate: node_modules/.package-lock.json
	node tools/ksc.js generated $(KSY)

check-generated: node_modules/.package-lock.json
	@rm -rf $(GEN_CHECK) && mkdir -p $(GEN_CHECK)
	@node tools/ksc.js $(GEN_CHECK) $(KSY)
	@status=0; \
	for f in $(GEN_CHECK)/*.py $(GEN_CHECK)/SOURCES; do \
	  g=generated/$$(basename $$f); \
	  if ! cmp -s $$f $$g; then echo "generated/ is stale: $$g differs from what ksy/ compiles to"; status=1; fi; \
	done; \
	for g in generated/*.py; do \
	  case $$(basename $$g) in __init__.py) continue;; esac; \
	  [ -f $(GEN_CHECK)/$$(basename $$g) ] || { echo "generated/ has $$g, which no .ksy produces"; status=1; }; \
	done; \
	if [ $$status -ne 0 ]; then echo "run 'make generate' and commit the result"; exit 1; fi
	@echo "generated/ matches ksy/"

# --- samples ------------------------------------------------------------------------
examples: $(BIN)/xsif
	$(BIN)/python tools/make_examples.py examples

demo: $(BIN)/xsif node_modules/.package-lock.json
	@echo "== conformant samples"
	$(BIN)/xsif validate examples/valid/*.xsi
	@echo "   exit status 0"
	@echo "== broken samples, each named after the rule it breaks"
	@$(BIN)/xsif validate examples/invalid/*.xsi; echo "   exit status $$? (1: not conformant)"
	@echo "== a directory is not an image"
	@$(BIN)/xsif validate examples; echo "   exit status $$? (2: could not be read)"

# --- conformance corpus ------------------------------------------------------------
.PHONY: corpus
corpus: $(BIN)/xsif
	$(BIN)/python tools/make_corpus.py conformance

# --- checks ---------------------------------------------------------------------------
lint: $(BIN)/xsif
	$(BIN)/ruff check validator tests tools spec

# -E: read every page afresh (about 6 s), so a label that moved from one page
# to another is not reported twice by a stale saved environment.
docs: $(BIN)/xsif
	$(BIN)/sphinx-build -q -E -W --keep-going -b html spec build/html
	@echo "spec built: build/html/index.html"

# the whole specification as one plain-text document, 80 columns (for xen-devel)
spec-text: $(BIN)/xsif
	$(BIN)/python tools/spec_text.py --out build/text/xsif-spec.txt
	@echo "spec text: build/text/xsif-spec.txt"

# what changed in that text since a git revision (nothing printed: nothing changed)
BASE ?= HEAD
spec-diff: $(BIN)/xsif
	@$(BIN)/python tools/spec_diff.py --base '$(BASE)'

# the whole specification as PDF: Sphinx's LaTeX builder and XeLaTeX, from
# Debian's TeX Live (about 110 MB, installed once with apt-get; not in make test)
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended fonts-freefont-otf latexmk
spec-pdf: $(BIN)/xsif
	@if ! command -v xelatex >/dev/null || ! command -v latexmk >/dev/null \
	    || ! [ -f /usr/share/fonts/opentype/freefont/FreeSerif.otf ]; then \
	  echo "installing $(TEX_PACKAGES)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $(TEX_PACKAGES); \
	fi
	$(BIN)/sphinx-build -M latexpdf spec build/latex -q -E
	@mkdir -p build/pdf && cp build/latex/latex/xsif-spec.pdf build/pdf/xsif-spec.pdf
	@echo "spec PDF: build/pdf/xsif-spec.pdf"

test: $(BIN)/xsif check-generated lint docs
	$(BIN)/pytest -q

# --- performance and robustness (not part of make test) -------------------------------
SIZE ?= 1G
RUNS ?= 5
bench: $(BIN)/xsif
	$(BIN)/python tools/bench.py --size $(SIZE) --runs $(RUNS) $(if $(XEN_PY),--xen-py $(XEN_PY))

FUZZ_SECONDS ?= $(if $(FUZZ_EXAMPLES),0,600)
fuzz: $(BIN)/xsif
	XSIF_FUZZ=1 XSIF_FUZZ_SECONDS=$(FUZZ_SECONDS) XSIF_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
	  $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

# issue 11's inputs at the sizes they were reported at: peak RSS, exit codes
hostile: $(BIN)/xsif
	XSIF_HOSTILE=1 $(BIN)/pytest -q -s -p no:cacheprovider tests/test_hostile_large.py

# --- images written by Xen itself (not part of make test; root, apt, ~5 min) ------------
# See docs/xen-images.md. Writes build/xen-images/*.xsi and index.yaml.
xen-images: $(BIN)/xsif
	tools/xen_images/run.sh images

# Xen 4.17's restorer as an oracle: xl restore -p each *.xsi under DIR (default:
# the corpus's Part II folders); writes build/xen-images/oracle.yaml.
ORACLE_DIRS ?= $(if $(DIR),$(DIR),conformance/libxc-v2 conformance/libxc-v3 conformance/libxl conformance/xl)
xen-restore-oracle: $(BIN)/xsif
	tools/xen_images/run.sh oracle $(ORACLE_DIRS)

# --- Xen's own checker on the corpus: the report card (not part of make test) -----------
# apt-get download of Debian's xen-utils-4.17 (or DEB=path/to/the.deb) into build/compare/;
# rewrites spec/implementations-data.yaml, which the page "Implementations" shows.
compare: $(BIN)/xsif
	$(BIN)/python tools/compare.py $(if $(DEB),--deb $(DEB))

clean:
	rm -rf build .pytest_cache .hypothesis
