"""Sphinx configuration of the xsif specification."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "Xen domain save image format"
author = "the xsif authors"
copyright = "2026, the xsif authors"
release = "version 1 (draft)"

extensions = ["xsif_catalog", "xsif_corpus"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "Xen domain save image format"
nitpicky = True
