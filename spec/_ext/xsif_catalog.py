"""Sphinx directives that render the rule catalog (validator/xsif/rules.yaml).

    .. xsif-rules:: v1-page-data     the rules a section states
    .. xsif-rule-index::             every rule, with a link to its section

Each rule gets the anchor `rule-<id>`, so findings can link to it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

CATALOG = Path(__file__).resolve().parents[2] / "validator" / "xsif" / "rules.yaml"


def load_rules() -> list[dict]:
    return yaml.safe_load(CATALOG.read_text(encoding="utf-8"))["rules"]


def anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def _rule_line(rule: dict) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.literal(text=rule["id"])
    para += nodes.Text(f" ({rule['severity']}): " + " ".join(rule["statement"].split()))
    return para


class RulesDirective(Directive):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(CATALOG))
        items = nodes.bullet_list()
        for rule in load_rules():
            if rule["section"] != self.arguments[0]:
                continue
            item = nodes.list_item(ids=[anchor(rule["id"])])
            item += _rule_line(rule)
            items += item
        if not items.children:
            return []
        title = nodes.paragraph()
        title += nodes.strong(text="Rules of this section")
        return [title, items]


def _label_pages(srcdir: Path) -> dict[str, str]:
    """The page (docname) of every `.. _label:` of the spec's sources."""
    pages = {}
    for rst in srcdir.glob("*.rst"):
        for line in rst.read_text(encoding="utf-8").splitlines():
            if line.startswith(".. _") and line.endswith(":"):
                pages[line[4:-1]] = rst.stem
    return pages


class RuleIndexDirective(Directive):
    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(CATALOG))
        pages = _label_pages(Path(env.srcdir))
        items = nodes.bullet_list()
        for rule in load_rules():
            item = nodes.list_item()
            para = _rule_line(rule)
            ref = nodes.reference(refid=None, internal=True, text=" [section]")
            page = pages.get(rule["section"], "format")
            ref["refuri"] = f"{page}.html#{anchor(rule['id'])}"
            para += ref
            item += para
            items += item
        return [items]


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-rules", RulesDirective)
    app.add_directive("xsif-rule-index", RuleIndexDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
