"""Sphinx directive that renders validator/xsif/catalog/xen_checker.yaml: every check
of Xen's own stream checker (verify-stream-v2 and xen/migration/*.py) with
the xsif rules that make the same check, and where the two differ.

    .. xsif-xen-checker::                 one table of every check
       :part: checks                      (default)
    .. xsif-xen-checker::
       :part: not-in-xen                  the rules Xen's checker lacks, and why
    .. xsif-xen-checker::
       :part: sources                     the revisions of Xen's files read

Rule IDs link to their anchors (as :rule: does); an ID the catalog does not
know fails the build. Nothing here is typed into the prose: editing the YAML
rebuilds the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from xsif_catalog import _rule_ref
from xsif_nodes import para as _para  # shared with the other extensions
from xsif_nodes import table as _table

from xsif.catalog.catalog import catalog

CHECKER_PATH = (Path(__file__).resolve().parents[2] / "validator" / "xsif"
                / "catalog" / "xen_checker.yaml")

# what each `raises` value means for a user of Xen's checker
RAISES = {
    "StreamError": "fails (exit 1)",
    "RecordError": "fails (exit 1)",
    "IOError": "fails (exit 1)",
    "RuntimeError": "script error (exit 2)",
    "DeprecationWarning": "uncaught exception (traceback)",
    "TypeError": "script error (exit 2)",
    "info": "prints a warning, goes on",
    "decision": "decides how to read on",
}


def load() -> dict[str, Any]:
    """The checker table, as the tests read it too."""
    return yaml.safe_load(CHECKER_PATH.read_text(encoding="utf-8"))


def _linked(text: str) -> nodes.paragraph:
    """A paragraph of `text` in which every rule ID of the catalog is a link."""
    ids = sorted(catalog(), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(i) for i in ids)
                         + r")(?![\w-]|\.\w)")
    para = nodes.paragraph()
    pos = 0
    for match in pattern.finditer(text):
        para += nodes.Text(text[pos:match.start()])
        para += _rule_ref(match.group(1))
        pos = match.end()
    para += nodes.Text(text[pos:])
    return para


class XenCheckerDirective(SphinxDirective):
    option_spec = {"part": lambda arg: directives.choice(arg, ("checks", "not-in-xen",
                                                               "sources"))}

    def _rules(self, ids: list[str]) -> nodes.paragraph:
        para = nodes.paragraph()
        known = catalog()
        for i, rule_id in enumerate(ids):
            if rule_id not in known:
                raise self.error(f"xen_checker.yaml names unknown rule {rule_id!r}")
            if i:
                para += nodes.Text(", ")
            para += _rule_ref(rule_id)
        if not ids:
            para += nodes.emphasis(text="none (see the difference)")
        return para

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(CHECKER_PATH))
        table = load()
        part = self.options.get("part", "checks")
        if part == "sources":
            return [self._sources(table)]
        if part == "not-in-xen":
            return [self._not_in_xen(table)]
        return [self._checks(table)]

    def _checks(self, table: dict[str, Any]) -> nodes.table:
        out, body = _table((20, 30, 18, 32), ("Xen's check", "what it checks",
                                              "xsif rules", "difference"),
                           ["xsif-xen-checker"])
        for check in table["checks"]:
            row = nodes.row()
            name = "xen-check-" + check["id"].replace(".", "-")
            target = nodes.target("", "", ids=[name], names=[name])
            self.state.document.note_explicit_target(target)
            # a check's name is this page's, not a rule ID: set apart from the
            # literal rule IDs of the next column
            where = _para(target, nodes.emphasis(text=f"check {check['id']}"))
            source = table["sources"][check["file"]]
            where2 = _para(nodes.inline(text=f"{source['path'].rsplit('/', 1)[-1]}: "),
                           nodes.literal(text=check["function"]))
            row += nodes.entry("", where, where2)
            what = [_para(text=check["checks"]),
                    _para(nodes.emphasis(text=f"{check['raises']}: "
                                              f"{RAISES.get(check['raises'], '')}"))]
            row += nodes.entry("", *what)
            row += nodes.entry("", self._rules(check["rules"]))
            diff = []
            if check.get("difference"):
                diff.append(_linked(check["difference"]))
            if check.get("revision"):
                note = f"Only in the revision {check['revision']}"
                note += f" ({table['sources'][check['revision']].get('release', 'later')})."
                diff.append(_para(nodes.strong(text=note)))
                if check.get("confirmed"):
                    diff.append(_para(nodes.emphasis(text="Public text: "),
                                      nodes.Text(check["confirmed"])))
            row += nodes.entry("", *diff)
            body += row
        return out

    def _not_in_xen(self, table: dict[str, Any]) -> nodes.table:
        out, body = _table((35, 65), ("xsif rule", "why xsif checks it"),
                           ["xsif-xen-checker-extra"])
        for rule_id, reason in table["not_in_xen"].items():
            row = nodes.row()
            row += nodes.entry("", self._rules([rule_id]))
            row += nodes.entry("", _linked(reason))
            body += row
        return out

    def _sources(self, table: dict[str, Any]) -> nodes.table:
        out, body = _table((22, 48, 30), ("name", "file of xen-project/xen", "revision"),
                           ["xsif-xen-checker-sources"])
        repo = table["sources"].get("repository", "")
        for name, source in table["sources"].items():
            if not isinstance(source, dict):
                continue
            row = nodes.row()
            row += nodes.entry("", _para(nodes.literal(text=name)))
            row += nodes.entry("", _para(nodes.literal(text=f"{repo}: {source['path']}")))
            commit = source.get("commit")
            rev = [_para(nodes.literal(text=commit[:12]) if commit
                         else nodes.emphasis(text="no stored revision"))]
            if source.get("note"):
                rev.append(_para(text=source["note"]))
            row += nodes.entry("", *rev)
            body += row
        return out


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-xen-checker", XenCheckerDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
