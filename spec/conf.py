"""Sphinx configuration of the xsif specification."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "Xen domain save image format"
author = "the xsif authors"
copyright = "2026, the xsif authors"
# the specification's revision: bump it, and add a row to revisions.rst,
# whenever the format, a rule or the text changes in a way a reviewer should see
release = "7"
xsif_revision_date = "2026-11-29"

extensions = ["xsif_catalog", "xsif_ksy", "xsif_corpus", "xsif_xen_checker", "xsif_xen_restorer",
              "xsif_docs_vs_code", "xsif_implementations", "xsif_text"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "Xen domain save image format"
nitpicky = True
html_static_path = ["_static"]
html_css_files = ["xsif.css"]
# data-labels and break points for readable tables at every width (see the file)
html_js_files = ["xsif.js"]
# the .ksy files the xsif_ksy directives read (default: ../ksy)
xsif_ksy_dir = str(HERE.parent / "ksy")
xsif_restorer_strict = True
# plain ASCII quotes in the text build (Sphinx's own text builder is excluded too)
smartquotes_excludes = {"languages": ["ja"], "builders": ["man", "text", "xsiftext"]}

# --- PDF (make spec-pdf): Sphinx's LaTeX builder with XeLaTeX, whose fonts
# (GNU FreeFont) have the few non-ASCII signs the text uses (⌊ ⌋ × · −)
latex_engine = "xelatex"
latex_use_xindy = False  # makeindex comes with TeX Live; xindy is another package
latex_documents = [("index", "xsif-spec.tex", project, author, "manual")]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    # the octet diagrams are 57 columns: keep code at a size where 80 fit
    "fvset": r"\fvset{fontsize=\footnotesize}",
}
