"""Sphinx directives and a role that render the rule catalog
(validator/xsif/catalog/rules.yaml, read through xsif.catalog.catalog).

    .. xsif-rules:: v1-page-data     the rules a section states (argument: the
                                     section's label, as rules.yaml names it)
    .. xsif-rule-index::             every rule: ID, severity, statement, and a
                                     link to the section that states it
    :rule:`page-data.count`          cites a rule, linking to the index; an
                                     unknown ID fails the build

Each rule's anchor is `rule-<id with dots as dashes>` (xsif.report.ruledocs.anchor),
both in its section's list and in the index (rules.html), so that the
validator's reports can link to it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from xsif.catalog import releases
from xsif.catalog.catalog import CATALOG_PATH, Rule, catalog, conditions
from xsif.report.ruledocs import anchor


def xen_lines(rule: Rule) -> list[nodes.Node]:
    """Which Xen releases refuse an image that breaks the rule, and where
    their code does: the restorer map's entries as links, or the source."""
    if rule.xen is None:
        return []
    para = nodes.paragraph(classes=["xsif-rule-xen"])
    if rule.xen == 0:
        para += nodes.Text("Xen's restorers: no release checks it (a requirement of "
                           "the format).")
        return [para]
    para += nodes.Text(f"Refused by {releases.describe(rule.xen)}")
    if rule.restorer:
        from xsif_xen_restorer import site_anchor  # its page's anchors (it imports this)
        para += nodes.Text(": ")
        for i, site in enumerate(rule.restorer):
            if i:
                para += nodes.Text(", ")
            para += addnodes.pending_xref("", nodes.literal(text=site), refdomain="std",
                                          reftype="ref", reftarget=site_anchor(site),
                                          refexplicit=True, refwarn=True)
    if rule.xen_source:
        para += nodes.Text(f" ({rule.xen_source})")
    para += nodes.Text(".")
    return [para]


def interaction_lines(rule: Rule) -> list[nodes.Node]:
    """When the rule is not raised although its check fails, and whether it
    stops the reading (rules.yaml `not_raised_when`, `stops`)."""
    out: list[nodes.Node] = []
    if rule.not_raised_when:
        para = nodes.paragraph(classes=["xsif-rule-unless"])
        para += nodes.Text("Not raised when ")
        said = conditions()
        for i, name in enumerate(rule.not_raised_when):
            if i:
                para += nodes.Text("; or when " if i == len(rule.not_raised_when) - 1
                                   else "; when ")
            if name in said:
                para += nodes.Text(said[name])
            else:
                para += _rule_ref(name)
                para += nodes.Text(" is raised (it reports the cause)")
        para += nodes.Text(".")
        out.append(para)
    if rule.stops:
        para = nodes.paragraph(classes=["xsif-rule-stops"])
        para += nodes.Text("Stops the reading: the other findings of the same header are "
                           "reported, nothing after it is read.")
        out.append(para)
    return out


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
            for line in [*interaction_lines(rule), *xen_lines(rule)]:
                item += line
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
            row += nodes.entry("", nodes.paragraph(text=rule.statement),
                               *interaction_lines(rule), *xen_lines(rule))
            where = nodes.paragraph()
            where += addnodes.pending_xref("", nodes.inline(text=rule.section),
                                           refdomain="std", reftype="ref",
                                           reftarget=rule.section, refexplicit=False,
                                           refwarn=True)
            row += nodes.entry("", where)
            body += row
        return [*targets, table]


class ConditionsDirective(SphinxDirective):
    """The named conditions of the catalog's `not_raised_when`, with the
    rules that name each."""

    def run(self) -> list[nodes.Node]:
        rules = _rules(self.env)
        items = nodes.definition_list(classes=["xsif-rule-conditions"])
        for name, said in conditions().items():
            item = nodes.definition_list_item()
            item += nodes.term("", "", nodes.literal(text=name))
            body = nodes.paragraph()
            body += nodes.Text(f"{said[0].upper()}{said[1:]}. Named by ")
            named = [r.id for r in rules if name in r.not_raised_when]
            for i, rule_id in enumerate(named):
                if i:
                    body += nodes.Text(", ")
                body += _rule_ref(rule_id)
            body += nodes.Text(".")
            item += nodes.definition("", body)
            items += item
        return [items]


class StopsDirective(SphinxDirective):
    """The rules after whose finding nothing further is read."""

    def run(self) -> list[nodes.Node]:
        para = nodes.paragraph(classes=["xsif-rule-stops"])
        para += nodes.Text("The rules that stop the reading: ")
        stopping = [r.id for r in _rules(self.env) if r.stops]
        for i, rule_id in enumerate(stopping):
            if i:
                para += nodes.Text(", ")
            para += _rule_ref(rule_id)
        para += nodes.Text(".")
        return [para]


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
    app.add_directive("xsif-rule-conditions", ConditionsDirective)
    app.add_directive("xsif-rule-stops", StopsDirective)
    app.add_role("rule", RuleRole())
    return {"parallel_read_safe": True, "version": "0.2"}
