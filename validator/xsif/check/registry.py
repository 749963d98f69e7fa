"""Rule registration: each rule of the catalog is one function registered
against its ID and the scope it looks at.

A rule function takes the context of its scope and yields a `Hit` for each
breach it sees; the engine turns hits into findings, with the rule's
severity and message from the catalog.
"""

from __future__ import annotations

from xsif.catalog.catalog import catalog

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    RuleFunction = Callable[[Any], Iterable["Hit"]]

SCOPES = ("image_header", "domain_header", "record", "pfn_entries", "p2m_frames", "end",
          "xl_header", "libxl_header", "hvm_params")

LAYERS = ("v1", "libxc", "libxl", "xl")
"""The formats a rule can apply to: the version-1 image, the libxc stream
(versions 2 and 3), the libxl stream and the xl save file."""

RULE_MODULES = {
    "v1": ("rules",),
    "libxc": ("rules", "rules_libxc", "rules_hvm_context"),
    "libxl": ("rules", "rules_libxl"),
    "xl": ("rules_libxl",),
}
"""The modules (beside this one) whose rules apply to each layer, loaded by
load() when a layer is first read, so that a run imports the rules (and the
generated parsers they name) of its image's layers only. Every layer with
records loads `rules`, which holds the rule of the validator's own limits."""

_LAYER_OBJECTS = {"v1": "V1", "libxc": "LIBXC", "libxl": "LIBXL"}
"""The `xsif.read.layers` description of each layer whose records a rule may
name."""


class Hit:
    """A breach seen by a rule: where, and the values its message names.
    (Plain classes here: these are loaded on every run, and the dataclasses
    module costs its import.)"""

    __slots__ = ("offset", "args", "xen")

    def __init__(self, offset: int | None, args: dict[str, Any], xen: str | None = None
                 ) -> None:
        self.offset = offset
        self.args = args
        self.xen = xen
        """Narrows the rule's releases for this breach (a catalog range,
        e.g. "4.12-"): TSC mode 3 is refused only from 4.12 on."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and (self.offset, self.args, self.xen) == (
            other.offset, other.args, other.xen)

    __hash__ = None  # type: ignore[assignment]  # args is a dict

    def __repr__(self) -> str:
        return f"Hit(offset={self.offset!r}, args={self.args!r}, xen={self.xen!r})"


class Registered:
    __slots__ = ("rule_id", "scope", "records", "function", "layers", "fact", "last",
                 "_codes")

    def __init__(self, rule_id: str, scope: str, records: tuple[int | str, ...] | None,
                 function: RuleFunction, layers: frozenset[str] = frozenset({"v1"}),
                 fact: bool = False, last: bool = False) -> None:
        self.rule_id = rule_id
        self.scope = scope
        self.records = records
        """The record types the rule looks at (None: every one), as codes or
        as the names of the layer's record types ("page_data")."""
        self.function = function
        self.layers = layers
        self.fact = fact
        """A fact about the stream that only some Xen releases cannot read
        (its version): its hits carry the releases that refuse it and
        become findings only when no judged release is left
        (Report.judge)."""
        self.last = last
        """Runs after every other rule of its scope (validator.limit)."""
        self._codes: dict[str, frozenset[int]] = {}

    def __repr__(self) -> str:
        return f"Registered({self.rule_id!r}, {self.scope!r})"

    def codes(self, layer: str) -> frozenset[int] | None:
        """The codes of `records` in `layer` (None: every record type). A
        name is looked up in the layer's record types when first needed."""
        if self.records is None:
            return None
        codes = self._codes.get(layer)
        if codes is None:
            types = None
            if any(isinstance(r, str) for r in self.records):
                from xsif.read import layers
                types = getattr(layers, _LAYER_OBJECTS[layer]).record_types
            codes = self._codes[layer] = frozenset(
                int(getattr(types, r)) if isinstance(r, str) else int(r)
                for r in self.records)
        return codes


_REGISTRY: list[Registered] = []
_IDS: set[str] = set()
"""The IDs in _REGISTRY (registering a rule checks it is new)."""


def rule(rule_id: str, scope: str, records: Iterable[int | str] | None = None,
         layers: Iterable[str] = ("v1",), fact: bool = False, last: bool = False
         ) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the implementation of `rule_id`.

    `records` limits a record-scope rule to those record types of the
    rule's layers, as codes or as names ("page_data": the generated parser
    is then loaded only when a stream of the layer is read); `layers` names
    the formats the rule applies to; a rule that is `last` runs after the
    others of its scope.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    wanted_layers = frozenset(layers)
    if not wanted_layers or not wanted_layers <= set(LAYERS):
        raise ValueError(f"unknown layers {sorted(wanted_layers)}")
    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in _IDS:
            raise ValueError(f"rule {rule_id} is implemented twice")
        _IDS.add(rule_id)
        wanted = None if records is None else tuple(
            r if isinstance(r, str) else int(r) for r in records)
        _REGISTRY.append(Registered(rule_id, scope, wanted, function, wanted_layers, fact,
                                    last))
        return function

    return register


_LOADED: set[str] = set()


def load(layer: str) -> None:
    """Import the rule modules of `layer` (RULE_MODULES), once."""
    if layer in _LOADED:
        return
    from importlib import import_module
    for name in RULE_MODULES[layer]:
        import_module(f"{__package__}.{name}")
    _LOADED.add(layer)


def registered() -> list[Registered]:
    """Every rule of every layer; raises ValueError when one is not in the
    catalog (checked here, not at registration, so that validating an image
    without findings never loads rules.yaml)."""
    for layer in LAYERS:
        load(layer)
    rules = catalog()
    for r in _REGISTRY:
        if r.rule_id not in rules:
            raise ValueError(f"rule {r.rule_id} is not in the catalog")
    return list(_REGISTRY)


def hit(offset: int | None, *, xen: str | None = None, **args: Any) -> Hit:
    return Hit(offset, args, xen)


def by_scope(scope: str, layer: str = "v1") -> Iterator[Registered]:
    """The rules of `scope` in `layer` (loaded beforehand: load()), the
    `last` ones after the others."""
    key = (scope, layer, len(_REGISTRY))  # a rule module loaded since: found anew
    found = _BY_SCOPE.get(key)
    if found is None:
        found = _BY_SCOPE[key] = sorted(
            (r for r in _REGISTRY if r.scope == scope and layer in r.layers),
            key=lambda r: r.last)
    return iter(found)


_BY_SCOPE: dict[tuple[str, str, int], list[Registered]] = {}
"""by_scope()'s answers, by scope, layer and the number of rules registered
when they were found (a handful: a run loads each layer's rules once)."""


_SCOPES: dict[str, str] = {}


def scope_of(rule_id: str) -> str | None:
    """The scope a registered rule looks at (None: the engine's own rules)."""
    if len(_SCOPES) != len(_REGISTRY):
        _SCOPES.update((r.rule_id, r.scope) for r in _REGISTRY)
    return _SCOPES.get(rule_id)
