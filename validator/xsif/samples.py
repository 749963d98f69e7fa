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

from xsif import samples_hvm_context as _hvm
from xsif.codec.writer import Faults, ImageWriter, StreamWriter, pfn_entry
from xsif.read import gen
from xsif.read.source import XL_MIGRATE_GO_AHEAD

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
    stream: bool = False
    """Written by the StreamWriter (libxc v2/v3, libxl, xl) instead of version 1's."""
    format: str = "auto"
    """What `xsif validate --format` must say for the breach to show."""
    xen: str | None = None
    """The Xen release to judge the image for (`xsif validate --xen`): a
    breach that only some releases' restorers refuse is an error for one
    of them; None judges for every release."""

    def build(self) -> bytes:
        out = io.BytesIO()
        writer = StreamWriter if self.stream else ImageWriter
        w = writer(out, self.big_endian, self.checksums)
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
    # a libxc stream (version 2) read as a version-1 image (--format v1); an
    # unknown version (4) is image.version-unknown
    "image.version": lambda: Plan(libxc_stream(2).steps, stream=True, format="v1"),
    "image.version-unknown": lambda: standard().change("image_header", version=4),
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


# --- Xen 4.6 and later: libxc streams, libxl streams, xl save files ---------------

LXC = gen.LibxcRecordType
LXL = gen.LibxlRecordType
VCPU_TYPES = (LXC.x86_pv_vcpu_basic, LXC.x86_pv_vcpu_extended, LXC.x86_pv_vcpu_xsave,
              LXC.x86_pv_vcpu_msrs)


_VCPU_SIZES = gen.parse(gen.Libxc.X86PvVcpuBody, bytes(gen.min_size(gen.Libxc.X86PvVcpuBody)),
                        True)
"""The context sizes a restorer checks, from ksy/xen_libxc_stream.ksy."""


def vcpu_context(type: int, vcpu_id: int, guest_width: int = 8) -> bytes:
    """Context of the size Xen's restorer takes for an X86_PV_VCPU record:
    a whole vcpu_guest_context of the guest's width for BASIC, the largest
    EXTENDED, XSAVE and MSRS of whole 16-octet units; recognisable filler."""
    if type == LXC.x86_pv_vcpu_basic:
        size = (_VCPU_SIZES.len_basic_context_x86_64 if guest_width == 8
                else _VCPU_SIZES.len_basic_context_x86_32)
    elif type == LXC.x86_pv_vcpu_extended:
        size = _VCPU_SIZES.len_extended_context_max // 2  # what Xen 4.17 wrote
    elif type == LXC.x86_pv_vcpu_xsave:
        size = 36 * _VCPU_SIZES.len_msr_entry  # legacy area, header, AVX state
    else:
        size = 2 * _VCPU_SIZES.len_msr_entry
    label = f"vcpu{vcpu_id} {LXC(type).name} ".encode()
    return (label * (size // len(label) + 1))[:size]


def end_of_checkpoint(hvm: bool, vcpus: int = 2, guest_width: int = 8,
                      vcpu_types: tuple[int, ...] = VCPU_TYPES) -> list[Step]:
    """What x86_pv_end_of_checkpoint / x86_hvm_end_of_checkpoint
    (xg_sr_save_x86_pv.c, xg_sr_save_x86_hvm.c) write after the memory of
    each checkpoint: X86_TSC_INFO, then SHARED_INFO and the vcpu records of
    each vcpu (PV), or HVM_CONTEXT then HVM_PARAMS (HVM)."""
    steps: list[Step] = [("tsc_info", {})]
    if hvm:
        return steps + [("hvm_context", {"context": _hvm.hvm_blob(vcpus)}),
                        ("hvm_params", {})]
    steps.append(("shared_info", {}))
    for v in range(vcpus):
        for t in vcpu_types:
            steps.append(("vcpu", {"type": t, "vcpu_id": v,
                                   "context": vcpu_context(t, v, guest_width)}))
    return steps


def libxc_steps(version: int = 3, hvm: bool = False, vcpus: int = 2,
                guest_width: int = 8) -> list[Step]:
    """A libxc stream in the order Xen's save code writes it for an x86 PV
    or HVM guest (xg_sr_save.c save(), with the x86_pv / x86_hvm hooks):
    the static data (X86_PV_INFO; from version 3 the CPUID and MSR
    policies, then STATIC_DATA_END), the P2M frames (PV), the memory, then
    end_of_checkpoint's records, then END."""
    kind = gen.LibxcDomainType.x86_hvm if hvm else gen.LibxcDomainType.x86_pv
    steps: list[Step] = [("libxc_header", {"version": version}),
                         ("libxc_domain_header", {"type": kind})]
    if not hvm:
        steps.append(("x86_pv_info", {}))
    if version >= 3:
        steps += [("cpuid_policy", {}), ("msr_policy", {}), ("static_data_end", {})]
    if not hvm:
        steps.append(("p2m_frames", {"start": 0, "end": 7}))
    if hvm:  # no page tables to pin; the pages HVM_PARAMS names are sent
        steps += [
            ("page_data", {"entries": [(0, PT.notab), (1, PT.notab), (2, PT.notab),
                                       (3, PT.xtab)]}),
            ("page_data", {"entries": [(4, PT.notab), (5, PT.notab)]}),
        ]
    else:
        steps += [
            ("page_data", {"entries": [(0, PT.notab), (1, PT.l1tab), (2, PT.l4tab_pin),
                                       (3, PT.xtab)]}),
            ("page_data", {"entries": [(4, PT.notab), (5, PT.broken)]}),
        ]
    steps += [
        *end_of_checkpoint(hvm, vcpus, guest_width),
        ("libxc_end", {}),
    ]
    return steps


def libxc_stream(version: int = 3, hvm: bool = False, big_endian: bool = False) -> Plan:
    """A bare libxc stream (version 2 or 3)."""
    return Plan(libxc_steps(version, hvm), big_endian, stream=True)


def libxl_steps(version: int = 3, hvm: bool = False) -> list[Step]:
    steps: list[Step] = [("libxl_header", {}), ("libxc_context", {}),
                         *libxc_steps(version, hvm)]
    if hvm:
        steps += [("emulator_xenstore_data", {}), ("emulator_context", {})]
    steps.append(("libxl_end", {}))
    return steps


def libxl_stream(version: int = 3, hvm: bool = True, big_endian: bool = False) -> Plan:
    """A libxl stream with its libxc stream inside."""
    return Plan(libxl_steps(version, hvm), big_endian, stream=True)


def xl_save(version: int = 3, hvm: bool = False, big_endian: bool = False) -> Plan:
    """What `xl save` writes: the xl header, the configuration, the libxl stream."""
    return Plan([("xl_header", {"config": xl_config(hvm)}), *libxl_steps(version, hvm)],
                big_endian, stream=True)


def xl_config(hvm: bool) -> bytes:
    """A configuration as xl writes it (libxl's JSON, its NUL counted in
    config_length), with what xl needs to create the domain it restores
    into: the guest type (without it, "Unknown guest type") and the
    vcpus and memory."""
    kind = b"hvm" if hvm else b"pv"
    return (b'{\n    "c_info": {\n        "type": "%s",\n        "name": "guest"\n    },\n'
            b'    "b_info": {\n        "max_vcpus": 2,\n        "avail_vcpus": [\n'
            b'            0,\n            1\n        ],\n        "max_memkb": 131072,\n'
            b'        "target_memkb": 131072,\n        "type.%s": {\n\n        }\n'
            b'    }\n}\n\0' % (kind, kind))


def checkpointed(big_endian: bool = False, hvm: bool = True, colo: bool = False) -> Plan:
    """A Remus stream as `xl remus` sends it: the xl header, the libxl
    stream, the libxc stream's first state; then, for each checkpoint, the
    libxc CHECKPOINT record, libxl's records of the checkpoint (the device
    model's state for an HVM guest: libxl__stream_write_start_checkpoint)
    and CHECKPOINT_END, then the libxc stream's dirty pages and
    end_of_checkpoint records again. A COLO primary (`colo`) also sends a
    CHECKPOINT_STATE of a new checkpoint after each CHECKPOINT_END."""
    first = libxc_steps(3, hvm)[:-1]  # up to the end of the first checkpoint, without END
    again = end_of_checkpoint(hvm)
    emulator = [("emulator_xenstore_data", {}), ("emulator_context", {})] if hvm else []
    steps: list[Step] = [("xl_header", {"config": xl_config(hvm)}), ("libxl_header", {}),
                         ("libxc_context", {}),
                         *first]
    for round_ in range(2):
        steps += [("checkpoint", {}), *emulator, ("checkpoint_end", {})]
        if colo:  # libxl_colo_save.c colo_start_new_checkpoint, on the main stream
            steps.append(("checkpoint_state", {"control_id": 0}))
        steps += [("page_data", {"entries": [(round_, PT.notab), (3, PT.xtab)]}), *again]
    steps += [("libxc_end", {}), *emulator, ("libxl_end", {})]
    return Plan(steps, big_endian, stream=True)


def _cut(n: int) -> Callable[[bytes], bytes]:
    return lambda data: data[:-n]


def _without(plan: Plan, *methods: str) -> Plan:
    plan.steps = [s for s in plan.steps if s[0] not in methods]
    return plan


def _replace(plan: Plan, method: str, nth: int, new: str, **kwargs: Any) -> Plan:
    i = plan.index(method, nth)
    plan.steps[i] = (new, kwargs)
    return plan


def _judged(plan: Plan, release: str) -> Plan:
    """The plan, to be judged for one Xen release: its breach is refused by
    some releases only."""
    plan.xen = release
    return plan


L = libxc_stream
RAW = "libxc_optional"

BREAKERS.update({
    # libxc: headers and record types
    "libxc.image.version": lambda: xl_save().change("libxc_header", version=4),
    "libxc.image.version-3": lambda: _judged(L(), "4.13"),
    "libxc.image.big-endian": lambda: L(big_endian=True),
    "libxc.domain.type": lambda: L().change("libxc_domain_header", type=7),
    "libxc.domain.page-shift": lambda: L().change("libxc_domain_header", page_shift=13),
    "libxc.domain.reserved": lambda: L().change("libxc_domain_header", reserved=1),
    "libxc.domain.legacy-converted": lambda: L().change("libxc_domain_header", xen_major=0,
                                                        xen_minor=1),
    "libxc.record.type-reserved": lambda: L().insert("libxc_end", RAW, type=0x13,
                                                     body=b"abc"),
    "libxc.record.type-optional": lambda: L().insert("libxc_end", RAW, type=0x80000013,
                                                     body=b"abc"),
    "libxc.record.v3-only": lambda: _judged(L(2).insert("p2m_frames", "static_data_end"),
                                            "4.13"),
    "libxc.record.length-max": lambda: Plan(
        L().steps[:-1] + [(RAW, {"type": LXC.verify, "body": b"",
                                 "faults": Faults(body_length=0x08000001)})], stream=True),
    # libxc: bodies
    "libxc.end.length": lambda: _replace(L(), "libxc_end", 0, RAW, type=LXC.end,
                                         body=bytes(8)),
    "libxc.page-data.length": lambda: L().change("page_data", 1,
                                                 pages=[bytes(4096), bytes(100)]),
    "libxc.page-data.count": lambda: L().change("page_data", 1, entries=[], pages=[]),
    "libxc.page-data.reserved": lambda: L().change("page_data", reserved=9),
    "libxc.page-data.pfn-reserved": lambda: L().change(
        "page_data", 1, entries=[(4, PT.notab), pfn_entry(5, PT.broken, reserved=0x80)]),
    "libxc.page-data.page-type": lambda: L().change(
        "page_data", 1, entries=[(4, PT.notab), pfn_entry(5, 6)], pages=[bytes(4096)]),
    "libxc.page-data.duplicate-pfn": lambda: L().change(
        "page_data", 1, entries=[(4, PT.notab), (4, PT.notab)]),
    "libxc.page-data.page-table-in-hvm": lambda: L(hvm=True).change(
        "page_data", entries=[(0, PT.notab), (1, PT.l1tab), (2, PT.notab), (3, PT.xtab)]),
    "libxc.x86-pv-info.length": lambda: _replace(L(), "x86_pv_info", 0, RAW,
                                                 type=LXC.x86_pv_info,
                                                 body=bytes([8, 4]) + bytes(14)),
    "libxc.x86-pv-info.guest-width": lambda: L().change("x86_pv_info", guest_width=6),
    "libxc.x86-pv-info.pt-levels": lambda: L().change("x86_pv_info", pt_levels=5),
    "libxc.x86-pv-info.reserved": lambda: L().change("x86_pv_info",
                                                     reserved=b"\x01" + bytes(5)),
    "libxc.x86-pv-info.pair": lambda: _judged(L().change("x86_pv_info", pt_levels=3), "4.17"),
    "libxc.x86-pv-p2m-frames.length": lambda: L().change("p2m_frames", frames=[1, 2]),
    "libxc.x86-pv-p2m-frames.range": lambda: L().change("p2m_frames", start=8, end=7,
                                                        frames=[0x2000]),
    "libxc.x86-pv-vcpu.length": lambda: _replace(L(), "vcpu", 3, RAW,
                                                 type=LXC.x86_pv_vcpu_msrs, body=bytes(4)),
    "libxc.x86-pv-vcpu.reserved": lambda: L().change("vcpu", 1, reserved=1),
    "libxc.x86-pv-vcpu.empty": lambda: _judged(L(2).change("vcpu", 2, context=b""), "4.8"),
    "libxc.x86-pv-vcpu.basic-size": lambda: L().change("vcpu", 0, context=bytes(23)),
    "libxc.x86-pv-vcpu.extended-size": lambda: L().change("vcpu", 1, context=bytes(136)),
    "libxc.x86-pv-vcpu.xsave-size": lambda: L().change("vcpu", 2, context=bytes(8)),
    "libxc.x86-pv-vcpu.msrs-size": lambda: _judged(L().change("vcpu", 3, context=bytes(24)),
                                                   "4.17"),
    "libxc.shared-info.length": lambda: L().change("shared_info", size=100),
    "libxc.x86-tsc-info.length": lambda: _replace(L(), "tsc_info", 0, RAW,
                                                  type=LXC.x86_tsc_info, body=bytes(16)),
    "libxc.x86-tsc-info.mode": lambda: _judged(L().change("tsc_info", mode=3), "4.17"),
    "libxc.x86-tsc-info.reserved": lambda: L().change("tsc_info", reserved=1),
    "libxc.hvm-context.length": lambda: L(hvm=True).change("hvm_context", context=b""),
    "libxc.hvm-params.length": lambda: _judged(L(hvm=True).change("hvm_params", count=4),
                                               "4.17"),
    "libxc.hvm-params.reserved": lambda: L(hvm=True).change("hvm_params", reserved=1),
    "libxc.hvm-params.empty": lambda: L(hvm=True).change("hvm_params", params=[]),
    "libxc.toolstack.unhandled": lambda: L().insert("libxc_end", "toolstack"),
    "libxc.verify.length": lambda: L().insert("libxc_end", RAW, type=LXC.verify, body=b"x"),
    "libxc.checkpoint.length": lambda: L().insert("libxc_end", RAW, type=LXC.checkpoint,
                                                  body=b"x"),
    "libxc.checkpoint-dirty-pfn-list.unexpected": lambda: L().insert("libxc_end",
                                                                     "dirty_pfn_list"),
    "libxc.static-data-end.length": lambda: _replace(L(), "static_data_end", 0, RAW,
                                                     type=LXC.static_data_end, body=b"x"),
    "libxc.x86-cpuid-policy.length": lambda: L().change("cpuid_policy", leaves=[]),
    "libxc.x86-msr-policy.length": lambda: _replace(L(), "msr_policy", 0, RAW,
                                                    type=LXC.x86_msr_policy, body=bytes(20)),
    "libxc.x86-msr-policy.flags": lambda: L().change("msr_policy", entries=[(0xCE, 1, 0)]),
    # libxc: layout
    "libxc.layout.pv-record-in-hvm": lambda: L(hvm=True).insert("libxc_end", "shared_info"),
    "libxc.layout.hvm-record-in-pv": lambda: L().insert("libxc_end", "hvm_context",
                                                        context=_hvm.hvm_blob()),
    "libxc.layout.x86-pv-info-missing": lambda: L().drop("x86_pv_info"),
    "libxc.layout.x86-pv-info-late": lambda: L(2).drop("x86_pv_info").insert(
        "page_data", "x86_pv_info"),
    "libxc.layout.x86-pv-info-after-static-data-end": lambda: L().drop("x86_pv_info").insert(
        "p2m_frames", "x86_pv_info"),
    "libxc.layout.x86-pv-info-duplicate": lambda: L().insert("page_data", "x86_pv_info"),
    "libxc.layout.p2m-frames-missing": lambda: L().drop("p2m_frames"),
    "libxc.layout.p2m-frames-late": lambda: L().drop("p2m_frames").insert(
        "page_data", "p2m_frames", 1),
    "libxc.layout.memory-after-vcpu": lambda: L().insert(
        "libxc_end", "page_data", entries=[(6, PT.notab)]),
    "libxc.layout.vcpu-missing": lambda: _without(L(), "vcpu").insert(
        "libxc_end", "vcpu", type=LXC.x86_pv_vcpu_extended),
    # vcpu 0's BASIC record names vcpu 1: vcpu 1 has two, vcpu 0 none
    "libxc.layout.vcpu0-basic-missing": lambda: L().change("vcpu", 0, vcpu_id=1),
    "libxc.layout.hvm-context-missing": lambda: L(hvm=True).drop("hvm_context"),
    "libxc.layout.static-data-end-missing": lambda: L().drop("static_data_end"),
    "libxc.layout.static-data-end-late": lambda: L().drop("static_data_end").insert(
        "libxc_end", "static_data_end"),
    "libxc.layout.static-data-end-duplicate": lambda: L().insert("p2m_frames",
                                                                 "static_data_end"),
    "libxc.layout.policy-late": lambda: L().drop("msr_policy").insert("p2m_frames",
                                                                      "msr_policy"),
    "libxc.layout.end-missing": lambda: Plan(L().steps, stream=True, after=[_cut(8)]),
    # libxl
    "libxl.header.ident": lambda: xl_save().change("libxl_header", ident=0x4C6962786C466D75),
    "libxl.header.version": lambda: libxl_stream().change("libxl_header", version=3),
    "libxl.header.options-reserved": lambda: libxl_stream().change("libxl_header",
                                                                   extra_options=4),
    "libxl.header.legacy-converted": lambda: libxl_stream().change("libxl_header",
                                                                   extra_options=2),
    "libxl.header.big-endian": lambda: libxl_stream(big_endian=True),
    "libxl.record.type-reserved": lambda: libxl_stream().insert(
        "libxl_end", "libxl_record", type=6, body=b"ab"),
    "libxl.end.length": lambda: _replace(libxl_stream(), "libxl_end", 0, "libxl_record",
                                         type=LXL.end, body=bytes(8)),
    "libxl.libxc-context.length": lambda: _replace(libxl_stream(), "libxc_context", 0,
                                                   "libxl_record", type=LXL.libxc_context,
                                                   body=bytes(8)),
    "libxl.emulator.length": lambda: _replace(libxl_stream(), "emulator_context", 0,
                                              "libxl_record", type=LXL.emulator_context,
                                              body=b"\0\0"),
    "libxl.emulator.id": lambda: libxl_stream().change("emulator_context", emulator_id=5),
    "libxl.layout.emulator-in-pv": lambda: _judged(
        libxl_stream(hvm=False).insert("libxl_end", "emulator_context"), "4.17"),
    "libxl.emulator-xenstore-data.nul": lambda: libxl_stream().change(
        "emulator_xenstore_data", data=b"key\0value"),
    "libxl.emulator-xenstore-data.pairs": lambda: libxl_stream().change(
        "emulator_xenstore_data", data=b"key\0value\0lonely\0"),
    "libxl.emulator-xenstore-data.key": lambda: libxl_stream().change(
        "emulator_xenstore_data", pairs=[(b"bad key", b"v")]),
    "libxl.checkpoint-end.length": lambda: _replace(checkpointed(), "checkpoint_end", 0,
                                                    "libxl_record", type=LXL.checkpoint_end,
                                                    body=bytes(8)),
    "libxl.checkpoint-state.control-id": lambda: checkpointed(colo=True).change(
        "checkpoint_state", 1, control_id=2),
    "libxl.layout.checkpoint-state-unexpected": lambda: libxl_stream().insert(
        "libxl_end", "checkpoint_state", control_id=0),
    "libxl.layout.libxc-context-missing": lambda: Plan(
        [("libxl_header", {}), ("libxl_end", {})], stream=True),
    "libxl.layout.emulator-before-libxc": lambda: libxl_stream().drop(
        "emulator_context").insert("libxc_context", "emulator_context"),
    "libxl.layout.libxc-context-duplicate": lambda: Plan(
        libxl_steps()[:-1] + [("libxc_context", {}), *libxc_steps(3, True),
                              ("libxl_end", {})], stream=True),
    "libxl.layout.checkpoint-end-unexpected": lambda: libxl_stream().insert(
        "libxl_end", "checkpoint_end"),
    "libxl.layout.end-missing": lambda: Plan(libxl_stream().steps, stream=True,
                                             after=[_cut(8)]),
    # xl
    "xl.magic": lambda: Plan(xl_save().change("xl_header", magic=b"X" * 32).steps,
                             stream=True, format="xl"),
    "xl.byte-order": lambda: xl_save().change("xl_header", byte_order_word=0x01020305),
    "xl.mandatory-flags": lambda: xl_save().change("xl_header", mandatory_flags=7),
    "xl.optional-flags": lambda: xl_save().change("xl_header", optional_flags=1),
    "xl.optional-data-length": lambda: xl_save().change("xl_header", config_length=1000),
    "xl.config-json": lambda: xl_save().change("xl_header", config=b"name = 'guest'\0"),
    "xl.config-nul": lambda: xl_save().change("xl_header", config=xl_config(False)[:-1]),
    "xl.config-guest-type": lambda: _judged(xl_save().change(
        "xl_header", config=b'{"c_info": {"name": "guest"}}\0'), "4.17"),
    "xl.stream-legacy": lambda: xl_save().change("xl_header", mandatory_flags=1),
    "xl.migration-go-ahead": lambda: Plan(xl_save().steps, stream=True,
                                          after=[_append(XL_MIGRATE_GO_AHEAD)]),
})

def _in_stream(blob: bytes) -> Plan:
    """A version-3 HVM stream whose HVM_CONTEXT is `blob`."""
    return libxc_stream(3, hvm=True).change("hvm_context", context=blob)


# HVM_CONTEXT's save records (xsif/rules_hvm_context.py), each broken alone
BREAKERS.update({
    "libxc.hvm-context.header": lambda: _in_stream(_hvm.hvm_blob(magic=_hvm.MAGIC ^ 1)),
    # the blob ends 4 octets into its last record's state (and without END)
    "libxc.hvm-context.framing": lambda: _in_stream(_hvm.hvm_blob(end=False)[:-4]),
    "libxc.hvm-context.end": lambda: _in_stream(_hvm.hvm_blob(end=False)),
    "libxc.hvm-context.trailing": lambda: _in_stream(_hvm.hvm_blob() + bytes(8)),
    # typecode 22: the first of the range public/arch-x86/hvm/save.h
    # reserves for Amazon (since 4.14); no Xen release defines it
    "libxc.hvm-context.typecode": lambda: _in_stream(
        _hvm.hvm_blob(records=[*_hvm.guest_records(), (22, 0, bytes(16))])),
})
