"""Sphinx directive that lists the conformance corpus from its manifest
(conformance/manifest.yaml, written by tools/make_corpus.py).

    .. xsif-corpus::

One table a format: each file, its expected verdict, the rule IDs a checker
raises on it and its description; then the rules without an image and why.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

MANIFEST = Path(__file__).resolve().parents[2] / "conformance" / "manifest.yaml"


def load_manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def _cell(text: str) -> str:
    """Plain text in reST: no substitutions, emphasis or references
    (a word ending in "_", as in X86_PV_*, would be one)."""
    text = text.replace("|", "\\|").replace("*", "\\*")
    return re.sub(r"(\w)_(?=\W|$)", r"\1\\_", text)


class CorpusDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(MANIFEST))
        manifest = load_manifest()
        files = manifest["files"]
        total = sum(f["octets"] for f in files)
        lines = [
            f"Corpus version {manifest['corpus_version']}: {len(files)} files, "
            f"{total} octets.",
            "",
        ]
        for fmt, title in manifest["formats"].items():
            mine = [f for f in files if f["format"] == fmt]
            lines += [
                f".. list-table:: ``{fmt}``: {_cell(title)} ({len(mine)} files)",
                "   :header-rows: 1",
                "   :widths: 30 12 22 36",
                "",
                "   * - File",
                "     - Verdict",
                "     - Rules raised",
                "     - Description",
            ]
            for f in mine:
                rules = ", ".join(f"``{r}``" for r in f["rules"]) or "none"
                lines += [
                    f"   * - ``{f['path']}``",
                    f"     - {f['verdict']}",
                    f"     - {rules}",
                    f"     - {_cell(f['description'])}",
                ]
            lines.append("")
        skipped = manifest.get("not_covered") or []
        if skipped:
            lines += ["Rules of the catalog without an image in the corpus:", ""]
            lines += [f"- ``{s['rule']}``: {_cell(s['reason'])}" for s in skipped]
            lines.append("")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=str(MANIFEST)), self.content_offset,
                                container)
        return container.children


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-corpus", CorpusDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
