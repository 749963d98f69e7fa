"""The rule catalog (rules.yaml): the one place where rule IDs, severities,
the specification sections that state them and their message texts live."""

from __future__ import annotations

import re
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
    not_raised_when: tuple[str, ...] = ()
    """When the rule is not raised although its check would fail: rule IDs
    (another rule already reports the cause: raised on the same record, for
    a rule of a record, otherwise on the same layer's headers or end) and
    names of CONDITIONS. The engine follows it in one place
    (xsif.check.engine.Validator.run); the spec prints it beside the statement."""
    stops: bool = False
    """After a finding of this rule nothing further of the image is read:
    the findings of the same header are reported, later ones are not."""

    def format(self, **args: object) -> str:
        return self.message.format(**args)


CATALOG_PATH = Path(__file__).with_name("rules.yaml")


@cache
def conditions() -> dict[str, str]:
    """The named conditions a rule's `not_raised_when` may give, each with
    the sentence the specification prints for it (rules.yaml `conditions`)."""
    catalog()
    return dict(_CONDITIONS)


_CONDITIONS: dict[str, str] = {}


@dataclass(frozen=True)
class Interaction:
    """What the engine needs of a rule before running it: when it is not
    raised and whether it stops the reading (see Rule)."""

    not_raised_when: tuple[str, ...] = ()
    stops: bool = False


_ID = re.compile(r"^  - id: (\S+)$")
_NOT_RAISED = re.compile(r"^    not_raised_when: \[(.*)\]$")
_STOPS = re.compile(r"^    stops: true$")


@cache
def interactions() -> dict[str, Interaction]:
    """Each rule's `not_raised_when` and `stops`, read from rules.yaml
    without PyYAML: the engine needs them on every run, and a run on a
    conformant image does not load the catalog. They are written in flow
    style on one line; catalog() checks that this reading agrees with it."""
    found: dict[str, Interaction] = {}
    current = None
    for line in CATALOG_PATH.read_text(encoding="utf-8").splitlines():
        if m := _ID.match(line):
            current = m.group(1)
        elif current is not None and (m := _NOT_RAISED.match(line)):
            names = tuple(n.strip() for n in m.group(1).split(",") if n.strip())
            found[current] = Interaction(names, found.get(current, Interaction()).stops)
        elif current is not None and _STOPS.match(line):
            found[current] = Interaction(found.get(current, Interaction()).not_raised_when,
                                         True)
    return found


@cache
def catalog() -> dict[str, Rule]:
    """All rules, keyed by ID, in catalog order."""
    import yaml  # here: a run without findings never reads the catalog

    text = CATALOG_PATH.read_text(encoding="utf-8")
    rules: dict[str, Rule] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
    document = yaml.load(text, Loader=loader)
    _CONDITIONS.clear()
    _CONDITIONS.update({name: " ".join(said.split())
                        for name, said in document.get("conditions", {}).items()})
    for entry in document["rules"]:
        rule = Rule(
            id=entry["id"],
            severity=Severity(entry["severity"]),
            section=entry["section"],
            statement=" ".join(entry["statement"].split()),
            message=entry["message"],
            xen=mask(entry.get("xen")),
            restorer=tuple(entry.get("restorer", ())),
            xen_source=entry.get("xen_source"),
            not_raised_when=tuple(entry.get("not_raised_when", ())),
            stops=bool(entry.get("stops", False)),
        )
        if rule.id in rules:
            raise ValueError(f"rules.yaml: rule {rule.id} is declared twice")
        rules[rule.id] = rule
    for rule in rules.values():
        said = interactions().get(rule.id, Interaction())
        if (said.not_raised_when, said.stops) != (rule.not_raised_when, rule.stops):
            raise ValueError(f"rules.yaml: write rule {rule.id}'s not_raised_when as a "
                             "flow list on one line and stops as 'stops: true'")
        for name in rule.not_raised_when:
            if name not in rules and name not in _CONDITIONS:
                raise ValueError(f"rules.yaml: rule {rule.id} is not raised when {name!r}, "
                                 "which is neither a rule nor a condition")
    return rules
