"""Sample images built with the writer: a conformant x86 PV image described
as a list of steps, and for every rule of the catalog an image that breaks
that rule and no other.

The tests, `make examples` and the conformance work build on these.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xsif import gen
from xsif.writer import Faults, ImageWriter, pfn_entry

PT = gen.PageType
RT = gen.RecordType

Step = tuple[str, dict[str, Any]]


@dataclass
class Plan:
    """A recipe for one image: writer calls in order, then optional byte
    surgery on the result (truncation, trailing data)."""

    steps: list[Step]
    big_endian: bool = False
    checksums: bool = True
    after: list[Callable[[bytes], bytes]] = field(default_factory=list)

    def build(self) -> bytes:
        out = io.BytesIO()
        w = ImageWriter(out, self.big_endian, self.checksums)
        for method, kwargs in self.steps:
            getattr(w, method)(**kwargs)
        data = out.getvalue()
        for fix in self.after:
            data = fix(data)
        return data

    def index(self, method: str, nth: int = 0) -> int:
        found = [i for i, (m, _) in enumerate(self.steps) if m == method]
        return found[nth]

    def change(self, method: str, nth: int = 0, **kwargs: Any) -> Plan:
        i = self.index(method, nth)
        self.steps[i] = (method, {**self.steps[i][1], **kwargs})
        return self

    def drop(self, method: str, nth: int = 0) -> Plan:
        del self.steps[self.index(method, nth)]
        return self

    def insert(self, before: str, method: str, nth: int = 0, **kwargs: Any) -> Plan:
        self.steps.insert(self.index(before, nth), (method, kwargs))
        return self


def standard(big_endian: bool = False, checksums: bool = True, guest_width: int = 8,
             pt_levels: int = 4) -> Plan:
    """A small conformant x86 PV image: every record type, pages with and
    without data, two vcpus."""
    return Plan([
        ("image_header", {}),
        ("domain_header", {}),
        ("x86_pv_info", {"guest_width": guest_width, "pt_levels": pt_levels}),
        ("p2m", {"start": 0, "end": 7, "guest_width": guest_width}),
        ("page_data", {"entries": [(0, PT.notab), (1, PT.l1tab), (2, PT.l4tab_pin),
                                   (3, PT.xtab), (4, PT.broken), (5, PT.xalloc)]}),
        ("page_data", {"entries": [(6, PT.notab), (7, PT.l2tab)]}),
        ("vcpu_info", {"max_vcpu_id": 1}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"vcpu0 registers"}),
        ("vcpu_context", {"vcpu_id": 1, "context": b"vcpu1 registers!"}),
        ("end", {}),
    ], big_endian, checksums)


def live_migration(big_endian: bool = False) -> Plan:
    """Several rounds of pages with the p2m growing in between, a page sent
    again, optional records and per-record checksums on and off."""
    return Plan([
        ("image_header", {}),
        ("domain_header", {}),
        ("optional", {"type": 0x80000001, "body": b"toolstack note"}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": 511}),
        ("page_data", {"entries": [(p, PT.notab) for p in range(4)]}),
        ("page_data", {"entries": [(4, PT.l1tab), (5, PT.xtab), (6, PT.broken)],
                       "checksum": False}),
        ("p2m", {"start": 0, "end": 1023}),
        ("page_data", {"entries": [(2, PT.notab), (600, PT.xalloc), (601, PT.notab)]}),
        ("optional", {"type": 0xC0000000, "body": bytes(13), "checksum": False}),
        ("vcpu_info", {"max_vcpu_id": 3}),
        ("vcpu_context", {"vcpu_id": 2, "context": bytes(range(40))}),
        ("vcpu_context", {"vcpu_id": 0, "context": bytes(range(41))}),
        ("end", {}),
    ], big_endian)


def _truncate(n: int) -> Callable[[bytes], bytes]:
    return lambda data: data[:n]


def _append(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data + extra


def _cut_last_record(data: bytes) -> bytes:
    """Drop the final END record (empty body: just its header and footer)."""
    end_size = gen.min_size(gen.Body.RecordHeader) + gen.min_size(gen.Body.RecordFooter)
    return data[:-end_size]


def _patch(offset: int, value: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data[:offset] + value + data[offset + len(value):]


# One breaker a rule: each returns a plan that breaks that rule and no other.
BREAKERS: dict[str, Callable[[], Plan]] = {
    "stream.truncated": lambda: Plan(standard().steps, after=[_truncate(100)]),
    "stream.trailing": lambda: Plan(standard().steps, after=[_append(b"\0" * 8)]),
    "image.legacy": lambda: Plan(standard().steps, after=[_patch(0, bytes(4))]),
    "image.id": lambda: standard().change("image_header", image_id=0x58454E47),
    "image.version": lambda: standard().change("image_header", version=4),
    "image.options-reserved": lambda: standard().change("image_header", extra_options=4),
    "image.reserved": lambda: standard().change("image_header", reserved=b"\0\0\0\0\0\1"),
    "domain.arch": lambda: standard().change("domain_header", arch=3),
    "domain.type": lambda: standard().change("domain_header", type=2),
    "domain.page-shift": lambda: standard().change("domain_header", page_shift=13),
    "domain.reserved": lambda: standard().change("domain_header", reserved=1),
    "record.options-reserved": lambda: standard().change(
        "vcpu_info", faults=Faults(options=0x0003)),
    "record.reserved": lambda: standard().change(
        "vcpu_info", faults=Faults(reserved=b"\0\0\x01\0\0\0")),
    "record.padding": lambda: standard().change(
        "vcpu_context", checksum=False, faults=Faults(padding=b"\x01")),
    "record.footer-reserved": lambda: standard().change(
        "end", faults=Faults(footer_reserved=7)),
    "record.checksum": lambda: standard().change(
        "p2m", faults=Faults(checksum=0x12345678)),
    "record.checksum-unset": lambda: standard().change(
        "p2m", checksum=False, faults=Faults(checksum=0x12345678)),
    "record.type-reserved": lambda: standard().insert("vcpu_info", "optional", type=0x6,
                                                      body=b"x" * 3),
    "record.type-optional": lambda: standard().insert("vcpu_info", "optional",
                                                      type=0x80000006, body=b"x" * 3),
    "end.length": lambda: Plan(standard().steps[:-1] + [("optional", {"type": RT.end,
                                                                     "body": bytes(8)})]),
    "page-data.length": lambda: standard().change(
        "page_data", 1, pages=[bytes(4096), bytes(100)]),
    "page-data.count": lambda: standard().change("page_data", 1, entries=[], pages=[]),
    "page-data.reserved": lambda: standard().change("page_data", reserved=9),
    "page-data.pfn-reserved": lambda: standard().change(
        "page_data", 1, entries=[(6, PT.notab), pfn_entry(7, PT.l2tab, reserved=0x80)]),
    "page-data.page-type": lambda: standard().change(
        "page_data", 1, entries=[(6, PT.notab), pfn_entry(7, 6)], pages=[bytes(4096)]),
    "page-data.duplicate-pfn": lambda: standard().change(
        "page_data", 1, entries=[(6, PT.notab), (6, PT.notab)]),
    "vcpu-info.length": lambda: standard().insert(
        "vcpu_info", "optional", type=RT.vcpu_info, body=b"\x01" + bytes(11)).drop("vcpu_info"),
    "vcpu-info.reserved": lambda: standard().change("vcpu_info", reserved=1),
    "vcpu-context.length": lambda: standard().change("vcpu_context", 1, context=b""),
    "vcpu-context.reserved": lambda: standard().change("vcpu_context", reserved=0x100),
    "x86-pv-info.length": lambda: standard().insert(
        "x86_pv_info", "optional", type=RT.x86_pv_info,
        body=bytes([8, 4]) + bytes(14)).drop("x86_pv_info"),
    "x86-pv-info.guest-width": lambda: standard().change("x86_pv_info", guest_width=6),
    "x86-pv-info.pt-levels": lambda: standard().change("x86_pv_info", pt_levels=5),
    "x86-pv-info.pair": lambda: standard(guest_width=8, pt_levels=3),
    "x86-pv-info.reserved": lambda: standard().change(
        "x86_pv_info", reserved=b"\x01" + bytes(5)),
    "p2m.length": lambda: standard().change("p2m", frames=[0x1000, 0x1001]),
    "p2m.range": lambda: standard().change("p2m", start=8, end=7, frames=[0x1000]),
    "p2m.frame-reserved": lambda: standard().change("p2m", frames=[0x1000 | 1 << 60]),
    "layout.x86-pv-info-missing": lambda: standard().drop("x86_pv_info"),
    "layout.x86-pv-info-duplicate": lambda: standard().insert(
        "p2m", "x86_pv_info", guest_width=8, pt_levels=4),
    "layout.x86-pv-info-late": lambda: standard().drop("x86_pv_info").insert(
        "page_data", "x86_pv_info", guest_width=8, pt_levels=4),
    "layout.p2m-missing": lambda: standard().drop("p2m"),
    "layout.p2m-late": lambda: standard().drop("p2m").insert("page_data", "p2m", 1,
                                                            start=0, end=7),
    "layout.page-data-missing": lambda: standard().drop("page_data").drop("page_data"),
    "layout.vcpu-info-missing": lambda: standard().drop("vcpu_info"),
    "layout.vcpu-info-duplicate": lambda: standard().insert(
        "vcpu_context", "vcpu_info", max_vcpu_id=1),
    "layout.vcpu-info-late": lambda: standard().drop("vcpu_info").insert(
        "vcpu_context", "vcpu_info", 1, max_vcpu_id=1),
    "layout.vcpu-context-missing": lambda: standard().drop("vcpu_context").drop(
        "vcpu_context"),
    "layout.vcpu-id-range": lambda: standard().change("vcpu_context", 1, vcpu_id=2),
    "layout.vcpu-id-duplicate": lambda: standard().change("vcpu_context", 1, vcpu_id=0),
    "layout.memory-after-vcpu": lambda: standard().insert(
        "end", "page_data", entries=[(3, PT.notab)]),
    "layout.end-missing": lambda: Plan(standard().steps, after=[_cut_last_record]),
    "validator.limit": lambda: standard().change(
        "page_data", 1,
        entries=[(p, PT.xtab) for p in range((1 << 18) + 1)]).change(
        "p2m", start=0, end=(1 << 18)),
}


def broken(rule_id: str) -> bytes:
    """An image that breaks `rule_id` and no other rule."""
    return BREAKERS[rule_id]().build()
