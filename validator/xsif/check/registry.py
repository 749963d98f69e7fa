"""Rule registration: each rule of the catalog is one function registered
against its ID and the scope it looks at.

A rule function takes the context of its scope and yields a `Hit` for each
breach it sees; the engine turns hits into findings, with the rule's
severity and message from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from xsif.catalog.catalog import catalog

SCOPES = ("image_header", "domain_header", "record", "pfn_entries", "p2m_frames", "end",
          "xl_header", "libxl_header", "hvm_params")

LAYERS = ("v1", "libxc", "libxl", "xl")
"""The formats a rule can apply to: the version-1 image, the libxc stream
(versions 2 and 3), the libxl stream and the xl save file."""


@dataclass(frozen=True)
class Hit:
    """A breach seen by a rule: where, and the values its message names."""

    offset: int | None
    args: dict[str, Any]
    xen: str | None = None
    """Narrows the rule's releases for this breach (a catalog range, e.g.
    "4.12-"): TSC mode 3 is refused only from 4.12 on."""


RuleFunction = Callable[[Any], Iterable[Hit]]


@dataclass(frozen=True)
class Registered:
    rule_id: str
    scope: str
    records: frozenset[int] | None
    function: RuleFunction
    layers: frozenset[str] = frozenset({"v1"})
    fact: bool = False
    """A fact about the stream that only some Xen releases cannot read (its
    version): its hits carry the releases that refuse it and become
    findings only when no judged release is left (Report.judge)."""


_REGISTRY: list[Registered] = []


def rule(rule_id: str, scope: str, records: Iterable[int] | None = None,
         layers: Iterable[str] = ("v1",), fact: bool = False
         ) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the implementation of `rule_id`.

    `records` limits a record-scope rule to those record type codes (of the
    rule's layers); `layers` names the formats the rule applies to.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    wanted_layers = frozenset(layers)
    if not wanted_layers or not wanted_layers <= set(LAYERS):
        raise ValueError(f"unknown layers {sorted(wanted_layers)}")
    def register(function: RuleFunction) -> RuleFunction:
        if any(r.rule_id == rule_id for r in _REGISTRY):
            raise ValueError(f"rule {rule_id} is implemented twice")
        wanted = None if records is None else frozenset(int(r) for r in records)
        _REGISTRY.append(Registered(rule_id, scope, wanted, function, wanted_layers, fact))
        return function

    return register


def registered() -> list[Registered]:
    """Every registered rule; raises ValueError when one is not in the
    catalog (checked here, not at registration, so that validating an image
    without findings never loads rules.yaml)."""
    rules = catalog()
    for r in _REGISTRY:
        if r.rule_id not in rules:
            raise ValueError(f"rule {r.rule_id} is not in the catalog")
    return list(_REGISTRY)


def hit(offset: int | None, *, xen: str | None = None, **args: Any) -> Hit:
    return Hit(offset, args, xen)


def by_scope(scope: str, layer: str = "v1") -> Iterator[Registered]:
    return (r for r in _REGISTRY if r.scope == scope and layer in r.layers)


_SCOPES: dict[str, str] = {}


def scope_of(rule_id: str) -> str | None:
    """The scope a registered rule looks at (None: the engine's own rules)."""
    if len(_SCOPES) != len(_REGISTRY):
        _SCOPES.update((r.rule_id, r.scope) for r in _REGISTRY)
    return _SCOPES.get(rule_id)
