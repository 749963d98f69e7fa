"""Where each rule of the catalog is documented, and the `xsif rules` listing.

The one place that knows the spec's anchor of a rule: the validator's
reports, `xsif rules` and the Sphinx extension that renders the catalog
(spec/_ext/xsif_catalog.py) all call `anchor()` / `spec_link()`.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any

from xsif.catalog.catalog import Rule, catalog

# The page of the built specification that lists every rule (spec/rules.rst),
# relative to the site's root (build/html).
RULES_PAGE = "rules.html"

SPEC_URL_ENV = "XSIF_SPEC_URL"
"""The environment variable that gives the root of a published copy of the
specification (`xsif validate --spec-url` overrides it)."""

_spec_url: str | None = None


def set_spec_url(base: str | None) -> None:
    """Root the links at `base` (a URL or a directory; None: back to the
    environment's XSIF_SPEC_URL, or relative links without it)."""
    global _spec_url
    _spec_url = base


def spec_base() -> str:
    """The root links are made from, ending in "/" ("": relative links)."""
    base = _spec_url if _spec_url is not None else os.environ.get(SPEC_URL_ENV, "")
    return base if not base or base.endswith("/") else base + "/"


def anchor(rule_id: str) -> str:
    """The HTML anchor of a rule: `rule-` and its ID with dots as dashes."""
    return "rule-" + rule_id.replace(".", "-")


def spec_link(rule_id: str) -> str:
    """The rule's place in the specification: under the root that
    --spec-url or XSIF_SPEC_URL names, else relative to the site's root
    (`make docs` builds the site into build/html)."""
    return f"{spec_base()}{RULES_PAGE}#{anchor(rule_id)}"


def refused_text(rule: Rule) -> str:
    """Which Xen releases refuse an image breaking `rule`, in words."""
    from xsif.catalog import releases
    if rule.xen is None:
        return "not judged per Xen release (a version-1 rule, or xsif's own limit)"
    if rule.xen == 0:
        return "no release's restorer checks it (a format requirement)"
    return f"refused by the restorer of {releases.describe(rule.xen)}"


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "section": rule.section,
        "statement": rule.statement,
        "message": rule.message,
        "anchor": anchor(rule.id),
        "spec": spec_link(rule.id),
        "xen": None if rule.xen is None else _members(rule.xen),
        "restorer": list(rule.restorer),
        "xen_source": rule.xen_source,
        "not_raised_when": list(rule.not_raised_when),
        "stops": rule.stops,
    }


def _members(bits: int) -> list[str]:
    from xsif.catalog import releases
    return releases.members(bits)


def rule_text(rule: Rule) -> str:
    """One rule in full, as `xsif rules ID` prints it."""
    wrap = textwrap.TextWrapper(width=78, initial_indent="  ", subsequent_indent="  ")
    lines = [rule.id,
             f"  severity:  {rule.severity.value}",
             f"  section:   {rule.section}",
             f"  spec:      {spec_link(rule.id)}",
             f"  Xen:       {refused_text(rule)}"]
    for entry in rule.restorer:
        lines.append(f"  restorer:  {entry} (validator/xsif/catalog/xen_restorer.yaml)")
    if rule.xen_source:
        lines.append(f"  Xen code:  {' '.join(str(rule.xen_source).split())}")
    if rule.not_raised_when:
        lines.append(f"  not raised when: {', '.join(rule.not_raised_when)}")
    if rule.stops:
        lines.append("  stops:     nothing after its header is read")
    lines += ["", wrap.fill(rule.statement), "", f"  message: {rule.message}"]
    return "\n".join(lines) + "\n"


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
