"""Write the conformance corpus under conformance/ (make corpus).

Every image is built by the writer (xsif.codec.writer, through xsif.samples), so
the same files come out on every run and machine; conformance/manifest.yaml
gives each its format, its expected verdict, the exact set of rule IDs a
checker must raise, a one-line description, its size and its sha256.

Layout, one directory a format (`DIRS`), each with the same two parts:

    conformance/manifest.yaml
    conformance/manifest.json          the same data as JSON, for conformance/run
    conformance/FORMAT/valid/NAME.xsi  conformant images of designed shapes
    conformance/FORMAT/rules/RULE.xsi  one image a catalog rule: it breaks that
                                       rule and no other (RULE-be.xsi: the same
                                       in big-endian order)

    FORMAT: v1 (version-1 images), libxc-v2 and libxc-v3 (bare libxc
    streams), libxl (libxl streams, the libxc stream inside), xl (xl save
    files). A rule's image goes where its container is: a libxc rule that
    only shows inside an xl save file is under xl/rules.

To add a format: its entries in `ENTRIES`, its directory in `DIRS`, its
checker in `CHECKERS`. Nothing else changes.

    python tools/make_corpus.py [DIR]     write the corpus into DIR (conformance)
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from xsif import samples
from xsif.catalog import releases
from xsif.catalog.catalog import catalog
from xsif.check.engine import validate_bytes
from xsif.codec.dump import LIBXC_V2, LIBXC_V3, LIBXL, V1, XL
from xsif.read.detect import Kind, detect
from xsif.report.findings import Report
from xsif.samples import Plan, standard

CORPUS_VERSION = 4
"""Raised whenever a file is added, removed or changed in a way a consumer
of the corpus would notice."""

PT = samples.PT
OPTIONAL_RULE = "record.type-optional"

FORMATS = {
    V1: "Xen domain save image, version 1 (draft B, x86 PV guests); xsif validate --format v1",
    LIBXC_V2: "A bare libxc stream, version 2 (Xen 4.6 to 4.13); xsif validate --format libxc",
    LIBXC_V3: "A bare libxc stream, version 3 (Xen 4.14 and later); "
              "xsif validate --format libxc",
    LIBXL: "A libxl stream with its libxc stream after LIBXC_CONTEXT; "
           "xsif validate --format libxl",
    XL: "An xl save file: xl header, configuration, libxl stream; xsif validate --format xl",
}
"""Formats in the corpus: the `format` key of the manifest entries, and the
command that checks them."""

VALIDATE_FORMAT = {V1: "v1", LIBXC_V2: "libxc", LIBXC_V3: "libxc", LIBXL: "libxl",
                   XL: "xl"}
"""What `xsif validate --format` says for each format of the corpus."""

CHECKERS: dict[str, Callable[..., Report]] = {
    name: (lambda data, xen=None, f=fmt: validate_bytes(data, f, xen))
    for name, fmt in VALIDATE_FORMAT.items()}
"""The reference checker of each format, as the tests run it: (data, xen
release to judge for or None) -> Report."""

DIRS = {V1: "v1", LIBXC_V2: "libxc-v2", LIBXC_V3: "libxc-v3", LIBXL: "libxl", XL: "xl"}
"""The corpus directory of each format."""

KINDS = {Kind.XL: XL, Kind.LIBXL: LIBXL, Kind.LIBXC_V2: LIBXC_V2, Kind.LIBXC_V3: LIBXC_V3}
"""The format of a Part II image, from what xsif.read.detect finds."""


@dataclass
class Entry:
    path: str
    format: str
    description: str
    make: Callable[[], bytes]
    rules: list[str] = field(default_factory=list)
    xen: str | None = None
    """The one Xen release the entry is judged for (`xsif validate --xen`);
    None: every release."""


# --- version 1: conformant shapes ----------------------------------------------------

def smallest(big_endian: bool = False) -> Plan:
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": 0}),
        ("page_data", {"entries": [(0, PT.notab)]}),
        ("vcpu_info", {"max_vcpu_id": 0}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"ctx0"}),
        ("end", {}),
    ], big_endian)


def mixed_checksums(big_endian: bool) -> Plan:
    plan = standard(big_endian)
    for method, nth in (("p2m", 0), ("page_data", 1), ("vcpu_context", 0)):
        plan.change(method, nth, checksum=False)
    return plan


def live_rounds(big_endian: bool) -> Plan:
    """Four rounds of pages: the p2m grows, then shrinks; pages are sent
    again across rounds; every kind of page without data."""
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": 511}),
        ("page_data", {"entries": [(0, PT.notab), (1, PT.l1tab), (2, PT.l4tab_pin)]}),
        ("page_data", {"entries": [(1, PT.l1tab), (3, PT.xtab)], "checksum": False}),
        ("p2m", {"start": 0, "end": 1535, "checksum": False}),
        ("page_data", {"entries": [(1000, PT.xalloc), (1001, PT.notab), (0, PT.notab)]}),
        ("page_data", {"entries": [(4, PT.broken), (1500, PT.l2tab)]}),
        ("p2m", {"start": 0, "end": 1023}),
        ("page_data", {"entries": [(1, PT.l1tab_pin)], "checksum": False}),
        ("vcpu_info", {"max_vcpu_id": 1}),
        ("vcpu_context", {"vcpu_id": 1, "context": b"vcpu1 after four rounds"}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"vcpu0 after four rounds"}),
        ("end", {}),
    ], big_endian)


def every_page_type() -> Plan:
    kinds = [t for t in PT]
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": len(kinds) - 1}),
        ("page_data", {"entries": [(pfn, t) for pfn, t in enumerate(kinds)]}),
        ("vcpu_info", {"max_vcpu_id": 0}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"registers"}),
        ("end", {}),
    ])


def no_page_data(big_endian: bool) -> Plan:
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": 2}),
        ("page_data", {"entries": [(0, PT.xtab), (1, PT.xalloc)]}),
        ("page_data", {"entries": [(2, PT.broken)]}),
        ("vcpu_info", {"max_vcpu_id": 0}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"r"}),
        ("end", {}),
    ], big_endian)


def optional_everywhere(big_endian: bool) -> Plan:
    def opt(code: int, body: bytes, checksum: bool = True) -> tuple[str, dict[str, Any]]:
        return ("optional", {"type": code, "body": body, "checksum": checksum})

    return Plan([
        ("image_header", {}), ("domain_header", {}),
        opt(0x80000000, b""),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        opt(0x80000005, b"\x01"),
        ("p2m", {"start": 0, "end": 3}),
        ("page_data", {"entries": [(0, PT.notab), (1, PT.xtab)]}),
        opt(0xFFFFFFFF, b"8 octets", checksum=False),
        ("page_data", {"entries": [(2, PT.notab), (3, PT.l1tab)]}),
        ("vcpu_info", {"max_vcpu_id": 1}),
        opt(0x80000001, b"thirteen octs"),
        ("vcpu_context", {"vcpu_id": 0, "context": b"vcpu0"}),
        opt(0xC0000000, bytes(range(24)), checksum=False),
        ("vcpu_context", {"vcpu_id": 1, "context": b"vcpu1"}),
        opt(0x80000002, b"last"),
        ("end", {}),
    ], big_endian)


def sparse_vcpus() -> Plan:
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": 8, "pt_levels": 4}),
        ("p2m", {"start": 0, "end": 1}),
        ("page_data", {"entries": [(0, PT.notab), (1, PT.l4tab)]}),
        ("vcpu_info", {"max_vcpu_id": 7}),
        ("vcpu_context", {"vcpu_id": 5, "context": bytes(range(16))}),
        ("vcpu_context", {"vcpu_id": 0, "context": bytes(range(200))}),
        ("vcpu_context", {"vcpu_id": 7, "context": b"\xff"}),
        ("end", {}),
    ])


def high_pfns(big_endian: bool, width: int, levels: int, start: int, end: int) -> Plan:
    top = (1 << 52) - 1
    return Plan([
        ("image_header", {}), ("domain_header", {}),
        ("x86_pv_info", {"guest_width": width, "pt_levels": levels}),
        ("p2m", {"start": start, "end": end, "guest_width": width}),
        ("page_data", {"entries": [(start, PT.notab), (end, PT.l3tab), (top, PT.xtab)]}),
        ("vcpu_info", {"max_vcpu_id": 0}),
        ("vcpu_context", {"vcpu_id": 0, "context": b"high"}),
        ("end", {}),
    ], big_endian)


def _built(plan: Callable[[], Plan]) -> Callable[[], bytes]:
    return lambda: plan().build()


def v1_valid() -> list[Entry]:
    def e(name: str, description: str, plan: Callable[[], Plan],
          rules: list[str] | None = None) -> Entry:
        return Entry(f"v1/valid/{name}.xsi", V1, description, _built(plan), rules or [])

    out = []
    for order, be in (("le", False), ("be", True)):
        endian = "little-endian" if order == "le" else "big-endian"
        out += [
            e(f"standard-{order}", f"Every mandatory record type, pages with and without data, "
              f"two vcpus, checksums on, {endian}", lambda be=be: standard(be)),
            e(f"no-checksums-{order}", f"The standard image with no record checksummed, "
              f"{endian}", lambda be=be: standard(be, checksums=False)),
            e(f"mixed-checksums-{order}", f"The standard image with some records checksummed "
              f"and some not, {endian}", lambda be=be: mixed_checksums(be)),
            e(f"pae32-{order}", f"A 32-bit PAE guest (guest_width 4, pt_levels 3), {endian}",
              lambda be=be: standard(be, guest_width=4, pt_levels=3)),
            e(f"live-migration-{order}", "Live migration: two rounds of pages, the p2m grows "
              "between them, a page sent again, XTAB/XALLOC/BROKEN pages, optional records, "
              f"checksums mixed, {endian}", lambda be=be: samples.live_migration(be),
              [OPTIONAL_RULE]),
            e(f"live-rounds-{order}", "Live migration in four rounds: the p2m grows then "
              "shrinks, pfns re-sent across records, every page type without data, "
              f"{endian}", lambda be=be: live_rounds(be)),
            e(f"optional-everywhere-{order}", "Optional records (bit 31) before X86_PV_INFO, "
              "between memory records, between vcpu records and just before END; empty, odd "
              f"and 8-octet bodies, {endian}", lambda be=be: optional_everywhere(be),
              [OPTIONAL_RULE]),
            e(f"no-page-data-{order}", "PAGE_DATA records whose entries carry no data (XTAB, "
              f"XALLOC, BROKEN only), {endian}", lambda be=be: no_page_data(be)),
        ]
    out += [
        e("smallest-le", "The smallest shape: one page, one vcpu, one record of each "
          "mandatory type", lambda: smallest()),
        e("smallest-be", "The smallest shape, big-endian", lambda: smallest(True)),
        e("every-page-type-le", "One PAGE_DATA with one entry of each of the 12 defined "
          "page types, data pages in entry order", every_page_type),
        e("sparse-vcpus-le", "max_vcpu_id 7 with contexts for vcpus 5, 0 and 7 only, out of "
          "order, of 1, 16 and 200 octets", sparse_vcpus),
        e("high-pfns-le", "pfns up to 2^52-1 and a p2m range high up that spans a frame "
          "boundary (64-bit, 512 entries a frame)",
          lambda: high_pfns(False, 8, 4, (1 << 40) + 500, (1 << 40) + 1100)),
        e("high-pfns-pae32-be", "A 32-bit PAE p2m range spanning four frames (1024 entries "
          "a frame), pfns up to 2^52-1, big-endian",
          lambda: high_pfns(True, 4, 3, 1000, 3100)),
    ]
    return out


# --- Xen 4.6 and later: conformant shapes ------------------------------------------

LXC = samples.LXC


def pae32_stream() -> Plan:
    plan = Plan(samples.libxc_steps(3, guest_width=4), stream=True)
    return plan.change("x86_pv_info", guest_width=4, pt_levels=3).change(
        "p2m_frames", start=0, end=2047, guest_width=4)


def as_written_by(plan: Plan, release: str) -> Plan:
    """The plan with the domain header naming the Xen release that wrote it."""
    major, minor = (int(p) for p in release.split("."))
    return plan.change("libxc_domain_header", xen_major=major, xen_minor=minor)


SAVERS = {
    (False, 2): "x86_pv_start_of_stream (X86_PV_INFO, X86_PV_P2M_FRAMES), the memory, "
                "x86_pv_end_of_checkpoint (TSC_INFO, SHARED_INFO, each vcpu's BASIC, "
                "EXTENDED, XSAVE, MSRS) in tools/libxc/xc_sr_save_x86_pv.c",
    (True, 2): "the memory, then x86_hvm_end_of_checkpoint (TSC_INFO, HVM_CONTEXT, "
               "HVM_PARAMS) in tools/libxc/xc_sr_save_x86_hvm.c",
    (False, 3): "x86_pv_static_data (X86_PV_INFO, X86_CPUID_POLICY, X86_MSR_POLICY), "
                "STATIC_DATA_END, X86_PV_P2M_FRAMES, the memory, x86_pv_end_of_checkpoint "
                "in tools/libs/guest/xg_sr_save_x86_pv.c",
    (True, 3): "x86_hvm_static_data (the CPUID and MSR policies), STATIC_DATA_END, the "
               "memory, x86_hvm_end_of_checkpoint (X86_TSC_INFO, HVM_CONTEXT, HVM_PARAMS) in "
               "tools/libs/guest/xg_sr_save_x86_hvm.c",
}
"""The save functions each shape of libxc stream follows, by (HVM, version)."""

WRITERS = {2: ("4.6", "4.13"), 3: ("4.14", "4.22")}
"""The first and last releases whose savers write each libxc stream version."""


def libxc_optional() -> Plan:
    plan = samples.libxc_stream(3, hvm=True)
    plan.insert("page_data", "libxc_optional", type=0x80000013, body=b"")
    plan.insert("libxc_end", "libxc_optional", type=0xFFFFFFFF, body=b"nine octs")
    return plan


def toolstack_v2() -> Plan:
    return samples.libxc_stream(2).insert("libxc_end", "toolstack")


def verify_pass() -> Plan:
    """VERIFY after the last round of pages, then the memory again for the
    receiver to compare, before the vcpu state."""
    plan = samples.libxc_stream(3)
    plan.insert("tsc_info", "verify")
    plan.insert("tsc_info", "page_data", entries=[(0, PT.notab), (1, PT.l1tab)])
    return plan


def libxl_optional() -> Plan:
    return samples.libxl_stream().insert("libxl_end", "libxl_record", type=0x80000006,
                                         body=b"xyz")


def shipped_valid() -> list[Entry]:
    def e(fmt: str, name: str, description: str, plan: Callable[[], Plan],
          rules: list[str] | None = None) -> Entry:
        return Entry(f"{DIRS[fmt]}/valid/{name}.xsi", fmt, description, _built(plan),
                     rules or [])

    out = []
    for version, fmt in ((2, LIBXC_V2), (3, LIBXC_V3)):
        first, last = WRITERS[version]
        for hvm, kind in ((False, "pv"), (True, "hvm")):
            out.append(e(fmt, f"{kind}-le", f"An x86 {kind.upper()} guest as Xen {first} to "
                         f"{last} write it: {SAVERS[hvm, version]}",
                         lambda v=version, h=hvm, r=first: as_written_by(
                             samples.libxc_stream(v, h), r)))
    for release in ("4.6", "4.14", "4.22"):
        version = 2 if release == "4.6" else 3
        for hvm, kind in ((False, "pv"), (True, "hvm")):
            layers = ("libxl stream (libxl_stream_write.c: LIBXC_CONTEXT, the libxc stream, "
                      + ("EMULATOR_XENSTORE_DATA, EMULATOR_CONTEXT, " if hvm else "")
                      + "END)")
            out.append(e(XL, f"{kind}-{release}-le", f"xl save of an x86 {kind.upper()} "
                         f"guest by Xen {release}: xl header and JSON configuration "
                         f"(save_domain_core_writeconfig), {layers}, libxc v{version}: "
                         f"{SAVERS[hvm, version]}",
                         lambda v=version, h=hvm, r=release: as_written_by(
                             samples.xl_save(v, h), r)))
    out += [
        e(LIBXL, "hvm-le", "An HVM guest's libxl stream: LIBXC_CONTEXT, the libxc v3 stream, "
          "then the emulator's xenstore data and context, END",
          lambda: as_written_by(samples.libxl_stream(3, True), "4.22")),
        e(LIBXL, "pv-v2-le", "A PV guest's libxl stream as Xen 4.6 writes it: the libxc v2 "
          "stream, no emulator records", lambda: as_written_by(
              samples.libxl_stream(2, False), "4.6")),
        e(XL, "remus-hvm-le", "A Remus stream of an HVM guest (xl remus): after the first "
          "state, two checkpoints, each a libxc CHECKPOINT, the device model's records and "
          "CHECKPOINT_END (libxl__stream_write_start_checkpoint), then dirty pages, X86_TSC_INFO, "
          "HVM_CONTEXT and HVM_PARAMS again", lambda: samples.checkpointed()),
        e(XL, "remus-pv-le", "A Remus stream of a PV guest: each checkpoint a libxc CHECKPOINT "
          "and CHECKPOINT_END alone (a PV guest has no device model), then dirty pages, "
          "X86_TSC_INFO, SHARED_INFO and the vcpu records again",
          lambda: samples.checkpointed(hvm=False)),
        e(XL, "colo-hvm-le", "The stream a COLO primary sends: as Remus, with a "
          "CHECKPOINT_STATE of a new checkpoint after each CHECKPOINT_END "
          "(libxl_colo_save.c colo_start_new_checkpoint)",
          lambda: samples.checkpointed(colo=True)),
        e(LIBXC_V3, "pae32-le", "A 32-bit PAE PV guest: guest_width 4, pt_levels 3, two P2M "
          "frames of 1024 entries, 2800-octet vcpu_guest_context_x86_32", pae32_stream),
        e(LIBXC_V3, "optional-le", "Optional records (bit 31) in an HVM stream: an empty one "
          "before the pages, a 9-octet one before END", libxc_optional,
          ["libxc.record.type-optional"]),
        e(LIBXC_V3, "verify-le", "A VERIFY record followed by pages sent again for the "
          "receiver to compare", verify_pass),
    ]
    return out


# --- version 1 and later: one image a rule -----------------------------------------------------

BIG_ENDIAN_TOO = [
    "record.checksum", "record.padding", "record.options-reserved", "end.length",
    "page-data.length", "page-data.count", "page-data.pfn-reserved", "page-data.page-type",
    "p2m.length", "p2m.range", "p2m.frame-reserved", "vcpu-info.length",
    "layout.vcpu-id-range", "x86-pv-info.pair",
]
"""Rules whose image is also in the corpus in big-endian order: those that
read multi-octet fields of the body or the framing."""

NOT_COVERED = {
    "validator.limit": "reached only past this validator's memory bounds: more than 2^18 "
                       "distinct pfns in one PAGE_DATA record (2 MiB of pfn entries) or more "
                       "than 2^16 vcpu ids; its image is xsif.samples.BREAKERS and "
                       "tests/test_rules.py checks it, but it is too large for the corpus. It "
                       "is about this validator, not the format: other checkers need not "
                       "raise it.",
}
"""Catalog rules without a corpus image, each with the reason."""


SHIPPED_PREFIXES = ("libxc.", "libxl.", "xl.")



def format_of(rule_id: str) -> str:
    """The format of a rule's image: version 1 for the rules of Part I, else
    the container xsif.read.detect finds (or the one the breaker names)."""
    if not rule_id.startswith(SHIPPED_PREFIXES):
        return V1
    plan = samples.BREAKERS[rule_id]()
    if plan.format == "xl":
        return XL
    return KINDS[detect(plan.build()[:64])]


def rules() -> list[Entry]:
    out = []
    for rule_id, rule in catalog().items():
        if rule_id in NOT_COVERED:
            continue
        fmt = format_of(rule_id)
        where = DIRS[fmt]
        what = f"Breaks only {rule_id}: {rule.statement}"
        xen = samples.BREAKERS[rule_id]().xen
        if xen is not None:
            what = f"Judged for Xen {xen}, breaks only {rule_id}: {rule.statement}"
        out.append(Entry(f"{where}/rules/{rule_id}.xsi", fmt, what,
                         lambda r=rule_id: samples.broken(r), [rule_id], xen))
        if rule_id in BIG_ENDIAN_TOO:
            def make(r: str = rule_id) -> bytes:
                plan = samples.BREAKERS[r]()
                plan.big_endian = True
                return plan.build()
            out.append(Entry(f"{where}/rules/{rule_id}-be.xsi", fmt, what.replace(
                ":", " (big-endian):", 1), make, [rule_id]))
    return out


# --- the readings: files that decide how the rules go together --------------------------
#
# One image breaking one rule cannot tell apart two readings of when a rule
# applies: these can. Each file has two or three faults at once, or a shape at
# the edge of a rule (data cut between records, a guest that is not x86 PV,
# a header fault before later ones), and its description says which reading
# its expected rules decide. tests/test_interactions.py requires a file here
# (or elsewhere in the corpus) for every interaction rules.yaml states.

L = samples.libxc_stream
WRITER_FAULTS = samples.Faults
XC_DT = samples.gen.LibxcDomainType


def _steps_until(plan: Plan, method: str, nth: int = 0) -> Plan:
    """The plan's steps before its `nth` `method` step: data that stops
    cleanly between two records."""
    return Plan(plan.steps[:plan.index(method, nth)], plan.big_endian, plan.checksums,
                stream=plan.stream)


def _cut_at(plan: Plan, method: str, into: int, nth: int = 0) -> Plan:
    """The plan with its data cut `into` octets after the start of its
    `nth` `method` record: inside that record."""
    keep = len(_steps_until(plan, method, nth).build()) + into
    plan.after.append(lambda data: data[:keep])
    return plan


def _move(plan: Plan, method: str, before: str, nth: int = 0, before_nth: int = 0) -> Plan:
    """The `nth` `method` step moved just before the `before_nth` `before` step."""
    step = plan.steps.pop(plan.index(method, nth))
    plan.steps.insert(plan.index(before, before_nth), step)
    return plan


def _domain(plan: Plan, kind: int) -> Plan:
    return plan.change("libxc_domain_header", type=kind)


def _pv_out_of_order() -> Plan:
    """A version-2 PV stream whose X86_PV_INFO comes after the first
    PAGE_DATA, its X86_PV_P2M_FRAMES after the second and a PAGE_DATA after
    the vcpu records."""
    plan = L(2)
    _move(plan, "x86_pv_info", "page_data", 0, 1)
    _move(plan, "p2m_frames", "page_data", 0, 1)
    return plan.insert("libxc_end", "page_data", entries=[(6, PT.notab)])


def _remus_params_first() -> Plan:
    """A Remus stream whose second checkpoint sends HVM_PARAMS before HVM_CONTEXT."""
    plan = samples.checkpointed()
    return _move(plan, "hvm_params", "hvm_context", 2, 2)


def _header_faults(plan: Plan, method: str, **kwargs: Any) -> Plan:
    return plan.change(method, **kwargs)


@dataclass
class Reading:
    fmt: str
    name: str
    point: str
    """The open point (issue 14) or interaction the file decides, and how."""
    plan: Callable[[], Plan]
    rules: list[str]
    xen: str | None = None


READINGS: list[Reading] = [
    # -- a header fault, then later faults: the reading stops, or goes on ----------
    Reading(V1, "image-id-then-faults", "image.id stops the reading: the reserved domain "
            "and PAGE_DATA fields after it are not reported",
            lambda: standard().change("image_header", image_id=0x58454E47).change(
                "domain_header", reserved=1).change("page_data", reserved=9),
            ["image.id"]),
    Reading(V1, "image-version-then-faults", "A libxc stream (version 2) read as a "
            "version-1 image (--format v1): image.version stops the reading after the "
            "header's own findings (image.reserved), not the PAGE_DATA fault after it",
            lambda: L(2).change("libxc_header", reserved=b"\0\0\0\0\0\1").change(
                "page_data", reserved=9),
            ["image.reserved", "image.version"]),
    Reading(V1, "image-version-unknown-then-faults", "An unknown version (4) is "
            "image.version-unknown, not image.version; it stops the reading after the "
            "header's reserved option bit, before the PAGE_DATA fault",
            lambda: standard().change("image_header", version=4, extra_options=4).change(
                "page_data", reserved=9),
            ["image.options-reserved", "image.version-unknown"]),
    Reading(V1, "header-faults-then-record-fault", "Reserved bits in the image and domain "
            "headers do not stop the reading: the PAGE_DATA fault after them is reported "
            "too", lambda: standard().change("image_header", extra_options=4).change(
                "domain_header", reserved=1).change("page_data", reserved=9),
            ["domain.reserved", "image.options-reserved", "page-data.reserved"]),
    Reading(XL, "libxc-version-then-faults", "A libxc stream of version 4 inside an xl "
            "file: libxc.image.version stops the reading after the libxc header's "
            "findings; the PAGE_DATA fault and the missing libxl END are not reported",
            lambda: samples.xl_save().change("libxc_header", version=4,
                                             reserved=b"\0\0\0\0\0\1").change(
                "page_data", reserved=9),
            ["image.reserved", "libxc.image.version"]),
    Reading(LIBXC_V3, "big-endian-then-faults", "A big-endian libxc stream: "
            "libxc.image.big-endian stops the reading (read_headers refuses it), the "
            "PAGE_DATA fault is not reported",
            lambda: L(big_endian=True).change("page_data", reserved=9),
            ["libxc.image.big-endian"]),
    Reading(XL, "libxl-ident-then-faults", "A wrong libxl ident stops the reading: the "
            "libxc fault after it is not reported",
            lambda: samples.xl_save().change("libxl_header",
                                             ident=0x4D6962786C466D74).change(
                "page_data", reserved=9),
            ["libxl.header.ident"]),
    Reading(LIBXL, "libxl-version-then-faults", "libxl.header.version stops the reading "
            "after the header's own findings (reserved option bits): the libxc fault "
            "after it is not reported",
            lambda: samples.libxl_stream().change("libxl_header", version=3,
                                                  extra_options=4).change(
                "page_data", reserved=9),
            ["libxl.header.options-reserved", "libxl.header.version"]),
    Reading(LIBXL, "libxl-big-endian-then-faults", "A big-endian libxl stream: "
            "libxl.header.big-endian stops the reading (libxl refuses it), the libxc "
            "fault after it is not reported",
            lambda: samples.libxl_stream(big_endian=True).change("page_data", reserved=9),
            ["libxl.header.big-endian"]),
    Reading(LIBXL, "libxl-options-then-faults", "Reserved libxl option bits do not stop "
            "the reading: the libxc fault after them is reported too",
            lambda: samples.libxl_stream().change("libxl_header", extra_options=4).change(
                "page_data", reserved=9),
            ["libxc.page-data.reserved", "libxl.header.options-reserved"]),
    Reading(XL, "stream-legacy-then-faults", "Without mandatory flag bit 1 the stream is "
            "legacy and not read: xl.stream-legacy is a warning (the file conforms as "
            "far as it is checked) and stops the reading, so the libxc fault after it "
            "is not reported",
            lambda: samples.xl_save().change("xl_header", mandatory_flags=1).change(
                "page_data", reserved=9),
            ["xl.stream-legacy"]),
    # -- which layout rules apply to a guest that is not x86 PV ---------------------
    Reading(V1, "type-reserved-no-pv-records", "x86 domain type 2, which version 1 does "
            "not define, without X86_PV_INFO, P2M, PAGE_DATA, VCPU_INFO or VCPU_CONTEXT: "
            "domain.type only, the x86 PV layout rules are not raised",
            lambda: Plan(standard().change("domain_header", type=2).steps[:2]
                         + [("end", {})]), ["domain.type"]),
    Reading(V1, "arm-no-pv-records", "An ARM domain (arch 2, for which version 1 defines "
            "no type) with no record but END: domain.type only; no layout rule, and "
            "domain.page-shift is for x86 only",
            lambda: Plan(standard().change("domain_header", arch=2, page_shift=16).steps[:2]
                         + [("end", {})]), ["domain.type"]),
    Reading(LIBXC_V2, "arm-pv-records-out-of-order", "Domain type 4 (ARM, never "
            "restorable) with PV records out of order: libxc.domain.type only; the PV "
            "layout rules (X86_PV_INFO and X86_PV_P2M_FRAMES late, memory after the vcpu "
            "records) apply to type 1 only",
            lambda: _domain(_pv_out_of_order(), 4), ["libxc.domain.type"]),
    Reading(LIBXC_V2, "pv-out-of-order", "The same stream with domain type 1: the three "
            "PV layout rules are raised",
            _pv_out_of_order,
            ["libxc.layout.memory-after-vcpu", "libxc.layout.p2m-frames-late",
             "libxc.layout.x86-pv-info-late"]),
    Reading(LIBXC_V3, "pvh-type-without-hvm-context", "Domain type 3 (PVH in the old "
            "document, never restorable) in an HVM stream without HVM_CONTEXT: "
            "libxc.domain.type only, libxc.layout.hvm-context-missing is for type 2",
            lambda: _domain(L(hvm=True), XC_DT.x86_pvh).drop("hvm_context"),
            ["libxc.domain.type"]),
    Reading(LIBXC_V3, "arm-hvm-records", "Domain type 4 with HVM records and a page-table "
            "type: libxc.domain.type only (the HVM-only and PV-only rules apply to types "
            "2 and 1)",
            lambda: _domain(L(hvm=True), 4).change(
                "page_data", entries=[(0, PT.notab), (1, PT.l1tab), (2, PT.notab),
                                      (3, PT.xtab)]),
            ["libxc.domain.type"]),
    # -- P2M's length when its frame count is undefined -----------------------------
    Reading(V1, "p2m-range-inverted-with-frames", "P2M with p2m_start_pfn after "
            "p2m_end_pfn and two frames: p2m.range only, p2m.length is not raised (the "
            "frame count is undefined)",
            lambda: standard().change("p2m", start=8, end=7, frames=[0x1000, 0x1001]),
            ["p2m.range"]),
    Reading(V1, "p2m-before-x86-pv-info", "P2M (three frames for one frame's range) "
            "before X86_PV_INFO: layout.x86-pv-info-late only, P2M's length is not judged "
            "without the guest width",
            lambda: _move(standard().change("p2m", frames=[1, 2, 3]), "x86_pv_info",
                          "page_data"),
            ["layout.x86-pv-info-late"]),
    Reading(V1, "guest-width-bad-p2m-frames", "guest_width 6 (pt_levels 4) and a P2M of "
            "three frames: x86-pv-info.guest-width only; neither x86-pv-info.pair nor "
            "p2m.length (no guest width to count frames with)",
            lambda: standard().change("x86_pv_info", guest_width=6).change(
                "p2m", frames=[1, 2, 3]),
            ["x86-pv-info.guest-width"]),
    Reading(V1, "pt-levels-bad", "pt_levels 5 with guest_width 8: x86-pv-info.pt-levels "
            "only, not x86-pv-info.pair", lambda: standard().change("x86_pv_info",
                                                                     pt_levels=5),
            ["x86-pv-info.pt-levels"]),
    Reading(V1, "page-shift-bad-p2m-frames", "page_shift 13 and a P2M of three frames: "
            "domain.page-shift only, P2M's length is not judged with a wrong page size",
            lambda: standard().change("domain_header", page_shift=13).change(
                "p2m", frames=[1, 2, 3]),
            ["domain.page-shift"]),
    Reading(V1, "type-reserved-p2m-frames", "x86 type 2 and a P2M of three frames: "
            "domain.type only, P2M's length is an x86 PV matter",
            lambda: standard().change("domain_header", type=2).change(
                "p2m", frames=[1, 2, 3]),
            ["domain.type"]),
    Reading(LIBXC_V3, "p2m-frames-range-inverted", "X86_PV_P2M_FRAMES with the range "
            "inverted and two whole frames: libxc.x86-pv-p2m-frames.range only; the "
            "length is then only checked to be whole frames, which it is",
            lambda: L().change("p2m_frames", start=8, end=7, frames=[0x2000, 0x2001]),
            ["libxc.x86-pv-p2m-frames.range"]),
    Reading(LIBXC_V2, "p2m-frames-before-x86-pv-info", "X86_PV_P2M_FRAMES of three frames "
            "for a one-frame range before X86_PV_INFO: libxc.layout.x86-pv-info-late only, "
            "the frame count needs the guest width",
            lambda: _move(L(2).change("p2m_frames", frames=[1, 2, 3]), "x86_pv_info",
                          "page_data"),
            ["libxc.layout.x86-pv-info-late"]),
    Reading(LIBXC_V3, "guest-width-bad-vcpu-basic", "guest_width 6: "
            "libxc.x86-pv-info.guest-width only; not the pair, and X86_PV_VCPU_BASIC's "
            "size is not judged without a guest width",
            lambda: L().change("x86_pv_info", guest_width=6),
            ["libxc.x86-pv-info.guest-width"]),
    Reading(LIBXC_V3, "pt-levels-bad", "pt_levels 5 with guest_width 8: "
            "libxc.x86-pv-info.pt-levels only, not the pair",
            lambda: L().change("x86_pv_info", pt_levels=5),
            ["libxc.x86-pv-info.pt-levels"]),
    # -- the shared Part I rules in Part II -------------------------------------------
    Reading(LIBXC_V3, "padding-libxc", "Non-zero padding after a libxc record (a 60-octet "
            "X86_PV_VCPU_EXTENDED context): record.padding, the Part I rule, in a libxc "
            "stream", lambda: L().change("vcpu", 1, context=bytes(60),
                                         faults=WRITER_FAULTS(padding=b"\0\0\1\0")),
            ["record.padding"]),
    Reading(LIBXL, "padding-libxl", "Non-zero padding after a libxl record "
            "(EMULATOR_CONTEXT): record.padding in a libxl stream",
            lambda: samples.libxl_stream().change(
                "emulator_context", faults=WRITER_FAULTS(padding=b"\x01")),
            ["record.padding"]),
    # -- empty vcpu records --------------------------------------------------------------
    Reading(LIBXC_V2, "empty-basic-vcpu1", "An empty X86_PV_VCPU_BASIC for vcpu 1: "
            "libxc.x86-pv-vcpu.empty, a warning for every release (4.6 to 4.8 refuse it, "
            "4.9 and later skip it and leave vcpu 1 offline)",
            lambda: L(2).change("vcpu", 4, context=b""), ["libxc.x86-pv-vcpu.empty"]),
    Reading(LIBXC_V2, "empty-basic-vcpu0", "An empty X86_PV_VCPU_BASIC for vcpu 0: "
            "libxc.x86-pv-vcpu.empty and libxc.layout.vcpu0-basic-missing, an error (no "
            "release restores vcpu 0 without state)",
            lambda: L(2).change("vcpu", 0, context=b""),
            ["libxc.layout.vcpu0-basic-missing", "libxc.x86-pv-vcpu.empty"]),
    # -- checkpoints ------------------------------------------------------------------------
    Reading(XL, "remus-hvm-params-first", "A Remus stream whose second checkpoint sends "
            "HVM_PARAMS before HVM_CONTEXT: conformant (the rule "
            "libxc.layout.hvm-params-late was removed; the restorer loads the context at "
            "the end of each checkpoint)", _remus_params_first, []),
    # -- emulator records ------------------------------------------------------------------
    Reading(LIBXL, "emulator-id-0", "EMULATOR_CONTEXT with emulator_id 0 (unknown) in a "
            "stream not converted from a legacy one: libxl.emulator.id",
            lambda: samples.libxl_stream().change("emulator_context", emulator_id=0),
            ["libxl.emulator.id"]),
    Reading(LIBXL, "emulator-id-0-legacy-converted", "emulator_id 0 in a stream whose "
            "libxl header marks it converted from a legacy one: allowed (only the "
            "note libxl.header.legacy-converted)",
            lambda: samples.libxl_stream().change("libxl_header", extra_options=2).change(
                "emulator_context", emulator_id=0).change("emulator_xenstore_data",
                                                          emulator_id=0),
            ["libxl.header.legacy-converted"]),
    Reading(LIBXL, "xenstore-data-empty", "EMULATOR_XENSTORE_DATA with nothing after its "
            "8-octet header: conformant (no pair; libxl's loop does not run)",
            lambda: samples.libxl_stream().change("emulator_xenstore_data", data=b""), []),
    Reading(LIBXL, "xenstore-data-unterminated", "EMULATOR_XENSTORE_DATA whose data does "
            "not end with a NUL, with an odd count of strings and an invalid key: "
            "libxl.emulator-xenstore-data.nul only (pairs and keys are not judged "
            "without the final NUL)",
            lambda: samples.libxl_stream().change("emulator_xenstore_data",
                                                  data=b"bad key\0value\0lonely"),
            ["libxl.emulator-xenstore-data.nul"]),
    Reading(LIBXL, "emulator-before-libxc-context", "EMULATOR_XENSTORE_DATA before "
            "LIBXC_CONTEXT and EMULATOR_CONTEXT after the libxc stream: "
            "libxl.layout.emulator-before-libxc for the first only",
            lambda: _move(samples.libxl_stream(), "emulator_xenstore_data", "libxc_context"),
            ["libxl.layout.emulator-before-libxc"]),
    # -- the xl configuration's NUL --------------------------------------------------------
    Reading(XL, "config-nul-outside-length", "The JSON configuration's NUL written after "
            "config_length (inside optional_data_len): xl.config-nul; the JSON itself is "
            "fine",
            lambda: samples.xl_save().change("xl_header",
                                             config=samples.xl_config(False)[:-1] + b"\0",
                                             config_length=len(samples.xl_config(False)) - 1),
            ["xl.config-nul"]),
    Reading(XL, "config-octets-after-nul", "Octets after the configuration's NUL, inside "
            "config_length: xl.config-nul; libxl reads the JSON up to the NUL, which is "
            "fine", lambda: samples.xl_save().change(
                "xl_header", config=samples.xl_config(False) + b"more"),
            ["xl.config-nul"]),
    Reading(XL, "config-not-json", "A configuration that is not JSON (but ends with its "
            "NUL): xl.config-json only; the guest type is not looked for",
            lambda: samples.xl_save().change("xl_header", config=b"{\"c_info\": \0"),
            ["xl.config-json"]),
    # -- data that stops: between records, or inside one, for each layout family ----------
    Reading(V1, "cut-after-p2m", "A version-1 image that stops cleanly after its P2M "
            "record: layout.end-missing only; what the image lacks is not judged on part "
            "of it", lambda: _steps_until(standard(), "page_data"), ["layout.end-missing"]),
    Reading(V1, "cut-after-domain-header", "A version-1 image that stops after its domain "
            "header: layout.end-missing only",
            lambda: _steps_until(standard(), "x86_pv_info"), ["layout.end-missing"]),
    Reading(V1, "cut-inside-page-data", "A version-1 image cut inside its first PAGE_DATA: "
            "stream.truncated only (the end is not judged)",
            lambda: _cut_at(standard(), "page_data", 40), ["stream.truncated"]),
    Reading(LIBXC_V3, "cut-pv-after-domain-header", "A PV libxc stream that stops after "
            "its domain header: libxc.layout.end-missing only, none of the PV or version-3 "
            "'missing' rules", lambda: _steps_until(L(), "x86_pv_info"),
            ["libxc.layout.end-missing"]),
    Reading(LIBXC_V3, "cut-pv-inside-vcpu", "A PV libxc stream cut inside a vcpu record: "
            "stream.truncated only", lambda: _cut_at(L(), "vcpu", 100, 2),
            ["stream.truncated"]),
    Reading(LIBXC_V3, "cut-hvm-after-page-data", "An HVM libxc stream that stops after its "
            "memory: libxc.layout.end-missing only, not hvm-context-missing",
            lambda: _steps_until(L(hvm=True), "tsc_info"), ["libxc.layout.end-missing"]),
    Reading(LIBXC_V2, "cut-hvm-inside-hvm-context", "An HVM libxc stream cut inside "
            "HVM_CONTEXT: stream.truncated only",
            lambda: _cut_at(L(2, hvm=True), "hvm_context", 64), ["stream.truncated"]),
    Reading(LIBXL, "cut-inside-libxc", "A libxl stream that stops between two records of "
            "its libxc stream: the end-missing rule of each layer, nothing else",
            lambda: _steps_until(samples.libxl_stream(), "tsc_info"),
            ["libxc.layout.end-missing", "libxl.layout.end-missing"]),
    Reading(XL, "cut-after-libxl-header", "An xl file that stops after the libxl header: "
            "libxl.layout.end-missing only, not libxl.layout.libxc-context-missing",
            lambda: _steps_until(samples.xl_save(), "libxc_context"),
            ["libxl.layout.end-missing"]),
    Reading(XL, "cut-inside-config", "An xl file cut inside its configuration: "
            "stream.truncated only",
            lambda: Plan(samples.xl_save().steps[:1], stream=True,
                         after=[lambda data: data[:60]]), ["stream.truncated"]),
    # -- rules that fire together ---------------------------------------------------------
    Reading(V1, "arch-reserved-type-reserved", "arch 3 (reserved), type 2 and a non-zero "
            "reserved field: domain.arch and domain.reserved; domain.type is not judged "
            "for a reserved arch",
            lambda: standard().change("domain_header", arch=3, type=2, reserved=1),
            ["domain.arch", "domain.reserved"]),
    Reading(LIBXC_V2, "v3-record-in-v2", "STATIC_DATA_END in a version-2 stream, judged "
            "for every release: libxc.record.v3-only (a warning: 4.14 and later read it), "
            "not libxc.record.type-reserved",
            lambda: L(2).insert("p2m_frames", "static_data_end"), ["libxc.record.v3-only"]),
    Reading(LIBXL, "libxc-context-twice-then-fault", "A second LIBXC_CONTEXT whose libxc "
            "stream has a fault of its own: the duplicate, and the fault (the second "
            "stream is checked as a stream)",
            lambda: Plan(samples.libxl_steps()[:-1] + [("libxc_context", {})]
                         + samples.libxc_steps(3, True)[:-1]
                         + [("page_data", {"entries": [(9, PT.notab)], "reserved": 9}),
                            ("libxc_end", {}), ("libxl_end", {})], stream=True),
            ["libxc.page-data.reserved", "libxl.layout.libxc-context-duplicate"]),
    Reading(LIBXC_V3, "x86-pv-info-twice-after-static-data-end", "A second X86_PV_INFO, "
            "after STATIC_DATA_END: libxc.layout.x86-pv-info-duplicate only",
            lambda: L().insert("p2m_frames", "x86_pv_info"),
            ["libxc.layout.x86-pv-info-duplicate"]),
    Reading(LIBXC_V3, "x86-pv-info-in-hvm-after-static-data-end", "X86_PV_INFO in an HVM "
            "stream, after STATIC_DATA_END: libxc.layout.pv-record-in-hvm only",
            lambda: L(hvm=True).insert("page_data", "x86_pv_info"),
            ["libxc.layout.pv-record-in-hvm"]),
    Reading(LIBXC_V3, "page-table-in-hvm-and-pv-record", "An HVM stream with an L1TAB page "
            "and a SHARED_INFO: both rules, which do not depend on each other",
            lambda: L(hvm=True).change("page_data", entries=[
                (0, PT.notab), (1, PT.l1tab), (2, PT.notab), (3, PT.xtab)]).insert(
                "libxc_end", "shared_info"),
            ["libxc.layout.pv-record-in-hvm", "libxc.page-data.page-table-in-hvm"]),
]
"""The readings of the corpus (conformance/FORMAT/readings/)."""


def readings() -> list[Entry]:
    return [Entry(f"{DIRS[r.fmt]}/readings/{r.name}.xsi", r.fmt, r.point,
                  _built(r.plan), r.rules, r.xen) for r in READINGS]


ENTRIES: list[Callable[[], list[Entry]]] = [v1_valid, shipped_valid, rules, readings]
"""Every part of the corpus; a new format adds its functions here."""


def entries() -> list[Entry]:
    return [e for part in ENTRIES for e in part()]


def build() -> tuple[dict[str, bytes], str]:
    """The corpus: file contents by path, and the manifest's text."""
    files: dict[str, bytes] = {}
    listed = []
    for entry in entries():
        if entry.path in files:
            raise ValueError(f"{entry.path} is defined twice")
        data = entry.make()
        files[entry.path] = data
        report = CHECKERS[entry.format](data, entry.xen)
        found = sorted({f.rule_id for f in report.findings})
        if found != sorted(set(entry.rules)):
            raise ValueError(f"{entry.path}: xsif finds {found}, the entry says {entry.rules}")
        restorable = {} if report.restorable is None else {
            "restorable": releases.describe(report.restorable)}
        listed.append({
            "path": entry.path,
            "format": entry.format,
            **({} if entry.xen is None else {"xen": entry.xen}),
            "verdict": "conformant" if report.conformant else "not conformant",
            **restorable,
            "rules": sorted(set(entry.rules)),
            "description": entry.description,
            "octets": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    manifest = {
        "corpus_version": CORPUS_VERSION,
        "formats": FORMATS,
        "files": listed,
        "not_covered": [{"rule": r, "reason": why} for r, why in NOT_COVERED.items()],
    }
    head = ("# The xsif conformance corpus: each file's expected verdict and the exact set\n"
            "# of rule IDs (validator/xsif/catalog/rules.yaml) a checker raises on it.\n"
            "# Written by tools/make_corpus.py (make corpus); do not edit by hand.\n")
    text = head + yaml.safe_dump(manifest, sort_keys=False, width=100, allow_unicode=True)
    return files, text


def write(root: Path) -> list[Path]:
    files, manifest = build()
    written = []
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    # files of a previous corpus that this one no longer has
    for old in root.rglob("*.xsi"):
        if str(old.relative_to(root)) not in files:
            old.unlink()
    (root / "manifest.yaml").write_text(manifest, encoding="utf-8")
    # its twin for readers without a YAML library (conformance/run: stdlib only)
    twin = json.dumps(yaml.safe_load(manifest), indent=1, ensure_ascii=False)
    (root / "manifest.json").write_text(twin + "\n", encoding="utf-8")
    return written


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "conformance")
    written = write(root)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} images ({total} octets) and {root / 'manifest.yaml'} (.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
