"""Where each rule of the catalog is documented, and the `xsif rules` listing.

The one place that knows the spec's anchor of a rule: the validator's
reports, `xsif rules` and the Sphinx extension that renders the catalog
(spec/_ext/xsif_catalog.py) all call `anchor()` / `spec_link()`.
"""

from __future__ import annotations

from typing import Any

from xsif.catalog import Rule, catalog

# The page of the built specification that lists every rule (spec/rules.rst),
# relative to the site's root (build/html).
RULES_PAGE = "rules.html"


def anchor(rule_id: str) -> str:
    """The HTML anchor of a rule: `rule-` and its ID with dots as dashes."""
    return "rule-" + rule_id.replace(".", "-")


def spec_link(rule_id: str) -> str:
    """The rule's place in the specification, relative to the site's root."""
    return f"{RULES_PAGE}#{anchor(rule_id)}"


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "section": rule.section,
        "statement": rule.statement,
        "message": rule.message,
        "anchor": anchor(rule.id),
        "spec": spec_link(rule.id),
    }


def rules_json() -> list[dict[str, Any]]:
    """Every rule of the catalog, in catalog order."""
    return [rule_json(r) for r in catalog().values()]


def rules_text() -> str:
    """Every rule, one paragraph each: ID, severity, section, link, statement."""
    out = []
    for r in catalog().values():
        out.append(f"{r.id} ({r.severity.value}, section {r.section}, {spec_link(r.id)})\n"
                   f"    {r.statement}")
    return "\n".join(out) + "\n"
