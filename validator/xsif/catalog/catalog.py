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
    module would cost every run its import).

    `xen`: the releases whose restorer refuses an image breaking this rule,
    as a mask over xsif.catalog.releases.RELEASES; 0: a format requirement
    that no restorer checks; None: not about Xen's releases (version 1,
    xsif's own limits). `restorer`: the entries of xen_restorer.yaml (Xen's
    restore code) that enforce it. `xen_source`: where Xen's code enforces
    it, when that is outside the files xen_restorer.yaml maps (file,
    function, message, tags). `not_raised_when`: when the rule is not
    raised although its check would fail: rule IDs (another rule already
    reports the cause: raised on the same record, for a rule of a record,
    otherwise on the same layer's headers or end) and names of CONDITIONS;
    the engine follows it in one place (xsif.check.engine.Validator.run);
    the spec prints it beside the statement. `stops`: after a finding of
    this rule nothing further of the image is read: the findings of the
    same header are reported, later ones are not."""

    __slots__ = ("id", "severity", "section", "statement", "message", "xen", "restorer",
                 "xen_source", "not_raised_when", "stops")
    _FIELDS = __slots__

    def __init__(self, id: str, severity: Severity, section: str, statement: str,
                 message: str, xen: int | None = None, restorer: tuple[str, ...] = (),
                 xen_source: str | None = None, not_raised_when: tuple[str, ...] = (),
                 stops: bool = False) -> None:
        values = (id, severity, section, statement, message, xen, restorer, xen_source,
                  not_raised_when, stops)
        for name, value in zip(self._FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

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
def conditions() -> dict[str, str]:
    """The named conditions a rule's `not_raised_when` may give, each with
    the sentence the specification prints for it (rules.yaml `conditions`)."""
    catalog()
    return dict(_CONDITIONS)


_CONDITIONS: dict[str, str] = {}


class Interaction:
    """What the engine needs of a rule before running it: when it is not
    raised and whether it stops the reading (see Rule)."""

    __slots__ = ("not_raised_when", "stops")

    def __init__(self, not_raised_when: tuple[str, ...] = (), stops: bool = False) -> None:
        self.not_raised_when = not_raised_when
        self.stops = stops

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interaction) and (self.not_raised_when, self.stops) == (
            other.not_raised_when, other.stops)

    def __hash__(self) -> int:
        return hash((self.not_raised_when, self.stops))

    def __repr__(self) -> str:
        return f"Interaction({self.not_raised_when!r}, stops={self.stops!r})"


_ID = b"\n  - id: "
_NOT_RAISED_WHEN = b"\n    not_raised_when: ["
_STOPS = b"\n    stops: true\n"


@cache
def interactions() -> dict[str, Interaction]:
    """Each rule's `not_raised_when` and `stops`, read from rules.yaml
    without PyYAML: the engine needs them on every run, and a run on a
    conformant image does not load the catalog. They are written in flow
    style on one line; catalog() checks that this reading agrees with it.

    The file's octets are searched for those two lines only, each then
    matched to the rule whose `- id:` line last precedes it (bytes.find and
    rfind: a pass over its lines in Python, a regular expression, or even
    decoding the whole file cost every run a millisecond or more)."""
    with open(CATALOG_FILE, "rb") as f:
        text = f.read()
    start = text.find(b"\nrules:\n")
    said: dict[str, list] = {}

    def rule_before(at: int) -> list:
        line = text.rfind(_ID, start, at) + len(_ID)
        rule_id = text[line:text.index(b"\n", line)].strip().decode()
        return said.setdefault(rule_id, [(), False])

    at = text.find(_NOT_RAISED_WHEN, start)
    while at >= 0:
        names = text[at + len(_NOT_RAISED_WHEN):text.index(b"]", at)].decode()
        rule_before(at)[0] = tuple(n.strip() for n in names.split(",") if n.strip())
        at = text.find(_NOT_RAISED_WHEN, at + 1)
    at = text.find(_STOPS, start)
    while at >= 0:
        rule_before(at)[1] = True
        at = text.find(_STOPS, at + 1)
    return {rule_id: Interaction(names, stops) for rule_id, (names, stops) in said.items()}


@cache
def catalog() -> dict[str, Rule]:
    """All rules, keyed by ID, in catalog order."""
    import yaml  # here: a run without findings never reads the catalog

    with open(CATALOG_FILE, encoding="utf-8") as f:
        text = f.read()
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
