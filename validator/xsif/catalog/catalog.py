"""The rule catalog (rules.yaml): the one place where rule IDs, severities,
the specification sections that state them and their message texts live."""

from __future__ import annotations

import os
from enum import StrEnum
from functools import cache

from xsif.catalog.releases import mask


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Rule:
    """One rule of the catalog (a plain, frozen class: the dataclasses
    module would cost every run its import)."""

    __slots__ = ("id", "severity", "section", "statement", "message", "xen", "restorer",
                 "xen_source")
    _FIELDS = __slots__

    def __init__(self, id: str, severity: Severity, section: str, statement: str,
                 message: str, xen: int | None = None, restorer: tuple[str, ...] = (),
                 xen_source: str | None = None) -> None:
        values = (id, severity, section, statement, message, xen, restorer, xen_source)
        for name, value in zip(self._FIELDS, values, strict=True):
            object.__setattr__(self, name, value)
        # xen: the releases whose restorer refuses an image breaking this
        # rule, as a mask over xsif.catalog.releases.RELEASES; 0: a format
        # requirement that no restorer checks; None: not about Xen's
        # releases (version 1, xsif's own limits).
        # restorer: the entries of xen_restorer.yaml (Xen's restore code)
        # that enforce it. xen_source: where Xen's code enforces it, when
        # that is outside the files xen_restorer.yaml maps.

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Rule is frozen: cannot set {name}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Rule(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self._FIELDS) + ")"

    def format(self, **args: object) -> str:
        return self.message.format(**args)


CATALOG_FILE = os.path.join(os.path.dirname(__file__), "rules.yaml")


def __getattr__(name: str) -> object:
    if name == "CATALOG_PATH":  # the catalog's path as a Path (pathlib loaded on demand)
        from pathlib import Path
        return Path(CATALOG_FILE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def catalog() -> dict[str, Rule]:
    """All rules, keyed by ID, in catalog order."""
    import yaml  # here: a run without findings never reads the catalog

    with open(CATALOG_FILE, encoding="utf-8") as f:
        text = f.read()
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
