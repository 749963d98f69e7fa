"""Write the conformance corpus under conformance/ (make corpus).

Every image is built by the writer (xsif.codec.writer, through xsif.samples), so
the same files come out on every run and machine; conformance/manifest.yaml
gives each its format, its expected verdict, the exact set of rule IDs a
checker must raise, a one-line description, its size and its sha256.

Layout, one directory a format (`DIRS`), each with the same two parts:

    conformance/manifest.yaml
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

CORPUS_VERSION = 3
"""Raised whenever a file is added, removed or changed in a way a consumer
of the corpus would notice."""

PT = samples.PT
OPTIONAL_RULE = "record.type-optional"

FORMATS = {
    V1: "Xen domain save image, version 1 (draft B, x86 PV guests); xsif validate",
    LIBXC_V2: "A bare libxc stream, version 2 (Xen 4.6 to 4.13); xsif validate --format libxc",
    LIBXC_V3: "A bare libxc stream, version 3 (Xen 4.14 and later); "
              "xsif validate --format libxc",
    LIBXL: "A libxl stream with its libxc stream after LIBXC_CONTEXT; "
           "xsif validate --format libxl",
    XL: "An xl save file: xl header, configuration, libxl stream; xsif validate --format xl",
}
"""Formats in the corpus: the `format` key of the manifest entries, and the
command that checks them."""

VALIDATE_FORMAT = {V1: "auto", LIBXC_V2: "libxc", LIBXC_V3: "libxc", LIBXL: "libxl",
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


ENTRIES: list[Callable[[], list[Entry]]] = [v1_valid, shipped_valid, rules]
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
            "# of rule IDs (validator/xsif/rules.yaml) a checker raises on it.\n"
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
    return written


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "conformance")
    written = write(root)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} images ({total} octets) and {root / 'manifest.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
