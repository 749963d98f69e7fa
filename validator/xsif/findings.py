"""Findings and the report that collects them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from xsif.catalog import Rule, Severity, catalog
from xsif.ruledocs import spec_link

# Findings kept per rule; past this a rule's further findings are counted,
# not stored, so that a hostile image cannot make the report grow without
# bound.
KEEP_PER_RULE = 100


@dataclass(frozen=True)
class Finding:
    """One breach of one rule, located in the image."""

    rule: Rule
    message: str
    offset: int | None
    record: int | None = None
    layer: str | None = None
    """xl, libxl or libxc: the format the record and offset belong to (None
    for a version-1 image)."""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule.id,
            "severity": self.rule.severity.value,
            "section": self.rule.section,
            "message": self.message,
            **({} if self.layer is None else {"layer": self.layer}),
            "record": self.record,
            "offset": self.offset,
            "spec": spec_link(self.rule.id),
        }


@dataclass(frozen=True)
class RecordSummary:
    """What `xsif validate -v` lists for each record."""

    index: int
    offset: int
    type: int
    name: str | None
    body_length: int
    checksum: str | None  # "valid", "bad", "none" (not set); None: no checksum in the layer
    layer: str | None = None
    depth: int = 0  # 1 for the libxc records inside a libxl stream, ...

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


@dataclass
class Report:
    """Everything one validation found out about one image."""

    findings: list[Finding] = field(default_factory=list)
    kept: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    header: dict[str, object] = field(default_factory=dict)
    records: int = 0
    octets: int = 0
    end_seen: bool = False
    kind: str | None = None
    """The container detected (or named by --format): see xsif.detect.Kind."""

    def add(self, finding: Finding) -> None:
        if self.kept[finding.rule.id] >= KEEP_PER_RULE:
            self.dropped[finding.rule.id] += 1
        else:
            self.kept[finding.rule.id] += 1
            self.findings.append(finding)

    def count(self, severity: Severity) -> int:
        if not self.kept and not self.dropped:
            return 0  # no findings: the catalog stays unread
        rules = catalog()
        return sum(n for counter in (self.kept, self.dropped)
                   for rid, n in counter.items() if rules[rid].severity is severity)

    @property
    def conformant(self) -> bool:
        return self.count(Severity.ERROR) == 0
