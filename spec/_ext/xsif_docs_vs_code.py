"""Sphinx directive that renders validator/xsif/catalog/xen_docs_vs_code.yaml: every
place where Xen's documents (the pandoc specifications, xl's header comments,
the Python checker) and Xen's C code disagree, with citations at release tags
and xsif's decision.

    .. xsif-docs-vs-code::               one block per disagreement
       :part: entries                    (default)
    .. xsif-docs-vs-code::
       :part: summary                    a table: one row per disagreement

Every entry gets the anchor ``docs-vs-code-<id>``. Rule IDs the catalog knows
link to the rules index (as :rule: does). An ID the catalog does not know is
accepted only if the data file lists it under ``planned_rules`` (the lead's
plan for issue 10); it is then shown as planned. An ID in neither list is a
Sphinx warning (an error under -W). Set STRICT to True once the planned IDs
are in the catalog: a planned ID the catalog lacks then warns too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from xsif_catalog import _rule_ref
from xsif_nodes import para as _para  # shared with the other extensions

from xsif.catalog.catalog import catalog

DATA_PATH = (Path(__file__).resolve().parents[2] / "validator" / "xsif"
             / "catalog" / "xen_docs_vs_code.yaml")

# False while the lead's new rule IDs are not yet in the catalog of every branch;
# True makes a planned ID that the catalog lacks a warning (an error under -W).
STRICT = True

logger = logging.getLogger(__name__)


def load() -> dict[str, Any]:
    """The data, as the tests read it too."""
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


def anchor(entry_id: str) -> str:
    return "docs-vs-code-" + entry_id


def rule_status(rule_id: str, data: dict[str, Any], known: set[str] | None = None) -> str:
    """'catalog', 'planned' or 'unknown'."""
    known = set(catalog()) if known is None else known
    if rule_id in known:
        return "catalog"
    if rule_id in data.get("planned_rules", []):
        return "planned"
    return "unknown"


class DocsVsCodeDirective(SphinxDirective):
    option_spec = {"part": lambda arg: directives.choice(arg, ("entries", "summary"))}

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA_PATH))
        data = load()
        self._known = set(catalog())
        if self.options.get("part", "entries") == "summary":
            return [self._summary(data)]
        return self._entries(data)

    # --- rules ---------------------------------------------------------------

    def _rules(self, data: dict[str, Any], entry: dict[str, Any]) -> nodes.paragraph:
        para = nodes.paragraph()
        first = True
        for rule_id in entry.get("rules", []):
            if not first:
                para += nodes.Text(", ")
            first = False
            status = rule_status(rule_id, data, self._known)
            if status == "catalog":
                para += _rule_ref(rule_id)
                continue
            para += nodes.literal(text=rule_id)
            if status == "planned":
                para += nodes.emphasis(text=" (planned)")
                if STRICT:
                    logger.warning("xen_docs_vs_code.yaml: planned rule %s is not in the "
                                   "catalog", rule_id, location=self.get_location())
            else:
                logger.warning("xen_docs_vs_code.yaml: entry %s names unknown rule %s",
                               entry["id"], rule_id, location=self.get_location())
        for rule_id in entry.get("removed", []):
            if not first:
                para += nodes.Text(", ")
            first = False
            para += nodes.literal(text=rule_id)
            para += nodes.emphasis(text=" (retired)")
        if first:
            para += nodes.emphasis(text="none")
        return para

    # --- the blocks ------------------------------------------------------------

    def _entries(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        sources = data["sources"]
        for entry in data["entries"]:
            name = anchor(entry["id"])
            container = nodes.container(classes=["xsif-docs-vs-code"])
            target = nodes.target("", "", ids=[name], names=[name])
            self.state.document.note_explicit_target(target)
            container += target
            container += nodes.rubric(text=entry["title"])
            fields = nodes.field_list()
            doc = entry["document"]
            fields += self._field("Xen's document", [
                _para(nodes.strong(text=sources[doc["source"]]["path"]),
                      nodes.Text(f", {doc['section']}, at "),
                      nodes.literal(text=doc["tags"]), nodes.Text(":")),
                _para(text=doc["says"])])
            code_paras: list[nodes.Node] = []
            for cite in entry["code"]:
                code_paras.append(_para(nodes.strong(text=cite["file"]), nodes.Text(", "),
                                        nodes.literal(text=cite["function"]),
                                        nodes.Text(", at "), nodes.literal(text=cite["tags"]),
                                        nodes.Text(":")))
                code_paras.append(_para(text=cite["does"]))
            fields += self._field("Xen's code", code_paras)
            fields += self._field("Since", [_para(text=str(entry["since"]))])
            fields += self._field("xsif", [_para(text=entry["decision"])])
            fields += self._field("Rules", [self._rules(data, entry)])
            container += fields
            out.append(container)
        return out

    @staticmethod
    def _field(name: str, body: list[nodes.Node]) -> nodes.field:
        field = nodes.field()
        field += nodes.field_name(text=name)
        field += nodes.field_body("", *body)
        return field

    # --- the table -------------------------------------------------------------

    def _summary(self, data: dict[str, Any]) -> nodes.table:
        table = nodes.table(classes=["colwidths-given", "xsif-docs-vs-code-summary"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (34, 18, 14, 34):
            group += nodes.colspec(colwidth=width)
        row = nodes.row()
        for text in ("disagreement", "document", "since", "rules"):
            row += nodes.entry("", nodes.paragraph(text=text))
        group += nodes.thead("", row)
        body = nodes.tbody()
        group += body
        for entry in data["entries"]:
            row = nodes.row()
            ref = nodes.reference("", entry["title"], internal=True,
                                  refid=anchor(entry["id"]))
            row += nodes.entry("", _para(ref))
            source = data["sources"][entry["document"]["source"]]
            row += nodes.entry("", _para(text=source["short"]))
            row += nodes.entry("", _para(text=str(entry["since"])))
            row += nodes.entry("", self._rules(data, entry))
            body += row
        return table


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-docs-vs-code", DocsVsCodeDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
