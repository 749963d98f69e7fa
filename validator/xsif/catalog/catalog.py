"""The rule catalog (rules.yaml): the one place where rule IDs, severities,
the specification sections that state them and their message texts live."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from xsif.catalog.releases import mask


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    section: str
    statement: str
    message: str
    xen: int | None = None
    """The releases whose restorer refuses an image breaking this rule, as a
    mask over xsif.catalog.releases.RELEASES; 0: a format requirement that no
    restorer checks; None: not about Xen's releases (version 1, xsif's own
    limits)."""
    restorer: tuple[str, ...] = ()
    """The entries of xen_restorer.yaml (Xen's restore code) that enforce it."""
    xen_source: str | None = None
    """Where Xen's code enforces it, when that is outside the files
    xen_restorer.yaml maps (file, function, message, tags)."""

    def format(self, **args: object) -> str:
        return self.message.format(**args)


CATALOG_PATH = Path(__file__).with_name("rules.yaml")


@cache
def catalog() -> dict[str, Rule]:
    """All rules, keyed by ID, in catalog order."""
    import yaml  # here: a run without findings never reads the catalog

    text = CATALOG_PATH.read_text(encoding="utf-8")
    rules: dict[str, Rule] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
    for entry in yaml.load(text, Loader=loader)["rules"]:
        rule = Rule(
            id=entry["id"],
            severity=Severity(entry["severity"]),
            section=entry["section"],
            statement=" ".join(entry["statement"].split()),
            message=entry["message"],
            xen=mask(entry.get("xen")),
            restorer=tuple(entry.get("restorer", ())),
            xen_source=entry.get("xen_source"),
        )
        if rule.id in rules:
            raise ValueError(f"rules.yaml: rule {rule.id} is declared twice")
        rules[rule.id] = rule
    return rules
