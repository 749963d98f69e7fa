"""Sphinx directives and a role that render the rule catalog
(validator/xsif/rules.yaml, read through xsif.catalog).

    .. xsif-rules:: v1-page-data     the rules a section states (argument: the
                                     section's label, as rules.yaml names it)
    .. xsif-rule-index::             every rule: ID, severity, statement, and a
                                     link to the section that states it
    :rule:`page-data.count`          cites a rule, linking to the index; an
                                     unknown ID fails the build

Each rule's anchor is `rule-<id with dots as dashes>` (xsif.ruledocs.anchor),
both in its section's list and in the index (rules.html), so that the
validator's reports can link to it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from xsif.catalog import CATALOG_PATH, Rule, catalog
from xsif.ruledocs import anchor


def _rules(env) -> list[Rule]:  # type: ignore[no-untyped-def]
    env.note_dependency(str(CATALOG_PATH))
    return list(catalog().values())


def _rule_ref(rule_id: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", nodes.literal(text=rule_id), refdomain="std",
                                reftype="ref", reftarget=anchor(rule_id), refexplicit=True,
                                refwarn=True)
    return ref


class RulesDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["xsif-rules"])
        for rule in _rules(self.env):
            if rule.section != self.arguments[0]:
                continue
            item = nodes.list_item(ids=[anchor(rule.id)])
            para = nodes.paragraph()
            para += _rule_ref(rule.id)
            para += nodes.Text(f" ({rule.severity.value}): {rule.statement}")
            item += para
            items += item
        if not items.children:
            return []
        title = nodes.rubric(text="Rules of this section")
        return [title, items]


class RuleIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        table = nodes.table(classes=["xsif-rule-index", "colwidths-given"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (25, 12, 43, 20):
            group += nodes.colspec(colwidth=width)
        head = nodes.row()
        for text in ("rule", "severity", "statement", "stated in"):
            head += nodes.entry("", nodes.paragraph(text=text))
        group += nodes.thead("", head)
        body = nodes.tbody()
        group += body
        targets: list[nodes.Node] = []
        for rule in _rules(self.env):
            target = nodes.target("", "", ids=[anchor(rule.id)], names=[anchor(rule.id)])
            self.state.document.note_explicit_target(target)
            row = nodes.row()
            first = nodes.paragraph()
            first += target
            first += nodes.literal(text=rule.id)
            row += nodes.entry("", first)
            row += nodes.entry("", nodes.paragraph(text=rule.severity.value))
            row += nodes.entry("", nodes.paragraph(text=rule.statement))
            where = nodes.paragraph()
            where += addnodes.pending_xref("", nodes.inline(text=rule.section),
                                           refdomain="std", reftype="ref",
                                           reftarget=rule.section, refexplicit=False,
                                           refwarn=True)
            row += nodes.entry("", where)
            body += row
        return [*targets, table]


class RuleRole(SphinxRole):
    """:rule:`id` — a link to the rule in the index; an unknown ID is an error."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.text not in catalog():
            msg = self.inliner.reporter.error(f"unknown rule ID {self.text!r}",
                                              line=self.lineno)
            return [], [msg]
        self.env.note_dependency(str(CATALOG_PATH))
        return [_rule_ref(self.text)], []


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-rules", RulesDirective)
    app.add_directive("xsif-rule-index", RuleIndexDirective)
    app.add_role("rule", RuleRole())
    return {"parallel_read_safe": True, "version": "0.2"}
