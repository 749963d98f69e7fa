"""The public Python API: `xsif.validate()` and what it returns.

The names are those of the JSON report (`xsif validate --json`): a
Report's `conformant`, `findings`, `restorable`; a Finding's `rule`,
`severity`, `message`, `layer`, `record`, `offset`, `spec`, `refused_by`.
Sets of Xen releases are lists of names ("4.17"), not the engine's masks.
These classes are views over the engine's report (`Report.raw`), made when
asked for: the engine's own types may change, these stay.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from xsif.catalog import releases

__all__ = ["Finding", "Report", "validate", "UnknownRule"]


class UnknownRule(ValueError):
    """A rule ID that the catalog does not have (in `ignore`)."""


@dataclass(frozen=True)
class Finding:
    """One breach of one rule, located in the image."""

    rule: str
    """The rule's ID, e.g. "record.checksum" (`xsif rules ID` tells more)."""
    severity: str
    """"error", "warning" or "info", as judged for the releases asked about."""
    message: str
    layer: str | None
    """"xl", "libxl" or "libxc": the format the record and offset belong to
    (None for a version-1 image)."""
    record: int | None
    """The index of the record in its layer (None: not about one record)."""
    offset: int | None
    """The absolute offset of the offending field in the image."""
    spec: str
    """The rule's place in the specification (see `spec_url`)."""
    refused_by: list[str] | None
    """The Xen releases whose restorer refuses the image for this finding
    (None: no restorer is known to check it)."""
    section: str
    waived: bool = False
    """Waived by `ignore`: listed, but not part of the verdict."""

    @property
    def rule_id(self) -> str:
        """The same as `rule` (the engine's name)."""
        return self.rule


class Report:
    """What one validation found out about one image."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        """The engine's report (xsif.report.findings.Report): not a stable API."""

    @property
    def conformant(self) -> bool:
        """No error, waived ones aside (warnings and notes allowed)."""
        return bool(self.raw.conformant)

    @property
    def findings(self) -> list[Finding]:
        return [Finding(f.rule.id, str(f.severity.value), f.message, f.layer, f.record,
                        f.offset, _spec(f.rule.id),
                        None if f.refused_by is None else releases.members(f.refused_by),
                        f.rule.section, f.waived)
                for f in self.raw.findings]

    @property
    def restorable(self) -> list[str] | None:
        """The Xen releases (of those judged) whose restorer would take the
        image, as far as the stream decides; None for a version-1 image or
        data that is no format Xen writes."""
        r = self.raw.restorable
        return None if r is None else releases.members(r)

    @property
    def judged(self) -> list[str]:
        """The releases the verdict is about: all, or the one `xen` names."""
        return releases.members(self.raw.judged)

    @property
    def kind(self) -> str | None:
        """The container read: "xl save file", "libxc stream, version 3", ..."""
        return None if self.raw.kind is None else str(self.raw.kind)

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity, waived ones aside (see `waived`)."""
        from xsif.catalog.catalog import Severity
        return {s.value: self.raw.count(s) for s in Severity}

    @property
    def waived(self) -> int:
        return self.raw.count_waived()

    @property
    def octets(self) -> int:
        return int(self.raw.octets)

    @property
    def records(self) -> int:
        return int(self.raw.records)

    @property
    def end_seen(self) -> bool:
        return bool(self.raw.end_seen)

    def __repr__(self) -> str:
        verdict = "conformant" if self.conformant else "not conformant"
        return f"<xsif.Report {verdict}, {self.kind}, {len(self.raw.findings)} findings>"


def _spec(rule_id: str) -> str:
    from xsif.report.ruledocs import spec_link
    return spec_link(rule_id)


def check_rules(rule_ids: Iterable[str]) -> frozenset[str]:
    """The rule IDs, each checked against the catalog (UnknownRule if not)."""
    ids = frozenset(rule_ids)
    if ids:
        from xsif.catalog.catalog import catalog
        unknown = sorted(ids - catalog().keys())
        if unknown:
            raise UnknownRule(f"unknown rule ID {', '.join(unknown)} (see `xsif rules`)")
    return ids


def validate(source: str | os.PathLike[str] | BinaryIO, *, format: str = "auto",
             xen: str | None = None, ignore: Iterable[str] = ()) -> Report:
    """Validate the image at the path `source`, or read from the binary
    file object `source` (a file, a pipe, io.BytesIO), in bounded memory.

    `format` names the container: "auto" (detect it), "xl", "libxl",
    "libxc" (versions 2 and 3) or "v1". `xen` ("4.17") judges an xl, libxl
    or libxc image for that release's restorer instead of every release's.
    `ignore` waives rules by ID: their findings stay listed, marked
    `waived`, and do not count. An unreadable path raises OSError; an
    unknown release or rule ID, ValueError.
    """
    from xsif.check import engine
    from xsif.read.detect import FORMATS
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: one of {', '.join(FORMATS)}")
    if xen is not None:
        releases.release_index(xen)  # ValueError naming the known releases
    waived = check_rules(ignore)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return Report(engine.validate(f, format=format, xen=xen, ignore=waived))
    return Report(engine.validate(source, format=format, xen=xen, ignore=waived))
