"""Findings and the report that collects them."""

from __future__ import annotations

from collections import Counter

from xsif.catalog import releases
from xsif.catalog.catalog import Severity, catalog

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from xsif.catalog.catalog import Rule

# Findings kept per rule; past this a rule's further findings are counted,
# not stored, so that a hostile image cannot make the report grow without
# bound.
KEEP_PER_RULE = 100


class Finding:
    """One breach of one rule, located in the image. (The classes here are
    plain: they are loaded on every run, and the dataclasses module would
    cost every run its import.)"""

    __slots__ = ("rule", "message", "offset", "record", "layer", "refused_by", "severity",
                 "waived")

    def __init__(self, rule: Rule, message: str, offset: int | None,
                 record: int | None = None, layer: str | None = None,
                 refused_by: int | None = None, severity: Severity | None = None,
                 waived: bool = False) -> None:
        self.rule = rule
        self.message = message
        self.offset = offset
        self.record = record
        self.layer = layer
        """xl, libxl or libxc: the format the record and offset belong to
        (None for a version-1 image)."""
        self.refused_by = refused_by
        """The Xen releases whose restorer refuses the image for this breach
        (a mask over xsif.catalog.releases.RELEASES); None when the rule is not
        about Xen's releases or no restorer checks it."""
        self.severity = rule.severity if severity is None else severity
        """As judged for the releases asked about (Report.judge); the
        catalog's severity until then."""
        self.waived = waived
        """Waived by the caller (`xsif validate --ignore RULE`): still
        listed, counted apart, never part of the verdict."""

    def _values(self) -> tuple[object, ...]:
        return (self.rule, self.message, self.offset, self.record, self.layer,
                self.refused_by, self.severity, self.waived)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return (f"Finding({self.rule.id!r}, {self.message!r}, offset={self.offset!r}, "
                f"record={self.record!r}, layer={self.layer!r}, "
                f"severity={self.severity!r}, waived={self.waived!r})")

    @property
    def rule_id(self) -> str:
        return self.rule.id

    def to_json(self) -> dict[str, object]:
        from xsif.report.ruledocs import spec_link  # only with findings: not on every run
        refused = {} if self.refused_by is None else {
            "refused_by": releases.members(self.refused_by)}
        return {
            "rule": self.rule.id,
            "severity": self.severity.value,  # type: ignore[union-attr]
            "section": self.rule.section,
            "message": self.message,
            **({} if self.layer is None else {"layer": self.layer}),
            "record": self.record,
            "offset": self.offset,
            **refused,
            "spec": spec_link(self.rule.id),
            **({"waived": True} if self.waived else {}),
        }


class Fact:
    """What a fact rule saw (registry.Registered.fact): where, and the Xen
    releases that cannot read the stream for it."""

    __slots__ = ("rule_id", "offset", "record", "layer", "refused_by", "args")

    def __init__(self, rule_id: str, offset: int | None, record: int | None,
                 layer: str | None, refused_by: int, args: dict[str, object]) -> None:
        self.rule_id = rule_id
        self.offset = offset
        self.record = record
        self.layer = layer
        self.refused_by = refused_by
        self.args = args


class RecordSummary:
    """What `xsif validate -v` lists for each record."""

    __slots__ = ("index", "offset", "type", "name", "body_length", "checksum", "layer",
                 "depth")

    def __init__(self, index: int, offset: int, type: int, name: str | None,
                 body_length: int, checksum: str | None, layer: str | None = None,
                 depth: int = 0) -> None:
        self.index = index
        self.offset = offset
        self.type = type
        self.name = name
        self.body_length = body_length
        self.checksum = checksum
        """"valid", "bad", "none" (not set); None: no checksum in the layer."""
        self.layer = layer
        self.depth = depth
        """1 for the libxc records inside a libxl stream, ..."""

    def __repr__(self) -> str:
        return f"RecordSummary({self.to_json()!r})"

    def to_json(self) -> dict[str, object]:
        nesting = {} if self.layer is None else {"layer": self.layer, "depth": self.depth}
        return {
            **nesting,
            "index": self.index,
            "offset": self.offset,
            "type": self.type,
            "name": self.name,
            "body_length": self.body_length,
            "checksum": self.checksum,
        }


class Report:
    """Everything one validation found out about one image."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.kept: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.header: dict[str, object] = {}
        self.records = 0
        self.octets = 0
        self.end_seen = False
        self.kind: str | None = None
        """The container detected (or named by --format): see xsif.read.detect.Kind."""
        self.detected: str | None = None
        """What the first octets look like (xsif.read.detect.Kind), whatever --format says."""
        self.forced = False
        """The container was named (--format), not detected."""
        self.waived_rules: frozenset[str] = frozenset()
        """The rule IDs the caller waived (waive())."""
        self.judged: int = releases.ALL
        """The Xen releases the verdict is about: all of them, or the one
        `--xen` names."""
        self.xen_format = False
        """The image is of a format Xen writes (xl, libxl, libxc v2/v3): its
        verdict is about the releases that would restore it."""
        self.restorable: int | None = None
        """After judge(): the releases of `judged` whose restorer would take
        the image, as far as the stream decides (None: not a Xen format)."""
        self.dropped_refused = 0
        """The releases refused by findings counted but not listed."""
        self.facts: list[Fact] = []
        """Facts about the stream that some releases cannot read (its
        version); judge() lists one as a finding only when it alone leaves
        no judged release to restore the image."""

    def add(self, finding: Finding) -> None:
        if self.kept[finding.rule.id] >= KEEP_PER_RULE:
            self.dropped[finding.rule.id] += 1
            if finding.refused_by:
                self.dropped_refused |= finding.refused_by
        else:
            self.kept[finding.rule.id] += 1
            self.findings.append(finding)

    def judge(self) -> None:
        """Settle each finding's severity for the releases judged.

        A finding of a rule that Xen's restorers enforce refuses the image
        in some releases. The image is restorable by the judged releases
        that no finding refuses. Such a finding is an error when nothing
        judged is left to restore the image, a warning when some judged
        release refuses the image for it but another would restore it, and
        a note when no judged release refuses it. A fact (the stream's
        version) narrows the releases too, and becomes a finding only when
        it alone leaves no judged release to restore the image.
        """
        if not self.xen_format:
            return
        refused = self.dropped_refused
        for f in self.findings:
            if f.refused_by:
                refused |= f.refused_by
        unread = 0
        for fact in self.facts:
            unread |= fact.refused_by
        self.restorable = self.judged & ~(refused | unread)
        if self.facts and not self.judged & ~unread:  # nothing judged reads the stream
            rules = catalog()
            for fact in self.facts:
                rule = rules[fact.rule_id]
                self.add(Finding(rule, rule.format(**fact.args), fact.offset, fact.record,
                                 fact.layer, fact.refused_by))
        for f in self.findings:
            if f.refused_by:
                if not f.refused_by & self.judged:
                    severity = Severity.INFO
                elif not self.restorable:
                    severity = Severity.ERROR
                else:
                    severity = Severity.WARNING
                f.severity = severity

    def waive(self, rule_ids: frozenset[str] | set[str] | tuple[str, ...]) -> None:
        """Waive the findings of these rules: they stay listed, marked
        waived, and count neither towards the verdict nor a severity."""
        self.waived_rules = frozenset(rule_ids)
        for f in self.findings:
            if f.rule.id in self.waived_rules:
                f.waived = True

    def count(self, severity: Severity) -> int:
        """The findings of `severity` that are not waived."""
        if not self.kept and not self.dropped:
            return 0  # no findings: the catalog stays unread
        rules = catalog()
        listed = sum(1 for f in self.findings if f.severity is severity and not f.waived)
        return listed + sum(n for rid, n in self.dropped.items()
                            if rid not in self.waived_rules
                            and self._dropped_severity(rules[rid]) is severity)

    def count_waived(self) -> int:
        """The findings waived, listed or not."""
        return sum(1 for f in self.findings if f.waived) + sum(
            n for rid, n in self.dropped.items() if rid in self.waived_rules)

    def _dropped_severity(self, rule: Rule) -> Severity:
        if self.restorable is None or not rule.xen:
            return rule.severity
        if not rule.xen & self.judged:
            return Severity.INFO
        return Severity.WARNING if self.restorable else Severity.ERROR

    @property
    def conformant(self) -> bool:
        return self.count(Severity.ERROR) == 0
