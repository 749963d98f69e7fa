"""The rules of the libxc stream, versions 2 and 3 (Xen 4.6 and later).

One function a rule, registered for the libxc layer; messages and
severities live in rules.yaml. The contexts are the engine's (xsif.check.engine);
`observe()` notes what each record establishes for the layout rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from xsif.check import rules as v1
from xsif.check.registry import Hit, hit, rule
from xsif.check.rules import (  # the same facts as in version 1, stated once there
    GUEST_WIDTHS,
    MAX_PAGE_SHIFT,
    PT_LEVELS,
    X86_PAGE_SHIFT,
)
from xsif.read import gen
from xsif.read.gen import field_offset as at

RT = gen.LibxcRecordType
DT = gen.LibxcDomainType
B = gen.Libxc
LIBXC = ("libxc",)


VERSIONS = (gen.FormatVersion.v2, gen.FormatVersion.v3)
V3_ONLY = (RT.static_data_end, RT.x86_cpuid_policy, RT.x86_msr_policy)
VCPU = (RT.x86_pv_vcpu_basic, RT.x86_pv_vcpu_extended, RT.x86_pv_vcpu_xsave,
        RT.x86_pv_vcpu_msrs)
PV_ONLY = (RT.x86_pv_info, RT.x86_pv_p2m_frames, *VCPU, RT.shared_info)
HVM_ONLY = (RT.hvm_context, RT.hvm_params)
POLICIES = (RT.x86_cpuid_policy, RT.x86_msr_policy)
DYNAMIC = (RT.page_data, RT.x86_pv_p2m_frames, *VCPU, RT.shared_info, RT.x86_tsc_info,
           RT.hvm_params, RT.hvm_context)
"""Memory and register state: after STATIC_DATA_END in version 3."""
X86 = (DT.x86_pv, DT.x86_hvm, DT.x86_pvh)
RESTORABLE_TYPES = (DT.x86_pv, DT.x86_hvm)
"""The domain types a restorer takes: x86_pv_setup and x86_hvm_setup refuse
any other (PVH guests are saved as HVM)."""


def _name(code: int) -> str:
    return RT(code).name.upper()


def _octets(data: bytes) -> str:
    return data.hex(" ")


def _earliest(state: Any, codes: tuple[int, ...]) -> tuple[int, int] | None:
    seen = [(state.first[c], c) for c in codes if c in state.first]
    return min(seen) if seen else None


def observe(state: Any, ctx: Any) -> None:
    """Note what a libxc record establishes, after its rules have run."""
    code = ctx.type
    if state.layer.type_name(code) is None:
        return  # no rule asks about unknown types; keeping them would cost memory per record
    state.seen[code] += 1
    state.first.setdefault(code, ctx.index)
    if code == RT.checkpoint:
        state.track.pop("vcpu", None)  # a new checkpoint may send memory again
    elif code in VCPU:
        state.track.setdefault("vcpu", (ctx.index, code))
        if (code == RT.x86_pv_vcpu_basic and ctx.body is not None and ctx.body.vcpu_id == 0
                and ctx.body_length > gen.min_size(B.X86PvVcpuBody)):
            state.track["vcpu0_basic"] = True
    if code == RT.x86_pv_info and ctx.body is not None and state.guest_width is None:
        state.guest_width = ctx.body.guest_width


# --- headers ------------------------------------------

@rule("libxc.image.version", "image_header", layers=LIBXC)
def image_version(ctx: Any) -> Iterator[Hit]:
    if ctx.header.version not in VERSIONS:
        yield hit(at(ctx.header, "version"), version=int(ctx.header.version))


@rule("libxc.image.version-3", "image_header", layers=LIBXC, fact=True)
def image_version_3(ctx: Any) -> Iterator[Hit]:
    if ctx.header.version == gen.FormatVersion.v3:
        yield hit(at(ctx.header, "version"), xen=VERSION_3_UNREAD)


VERSION_3_UNREAD = "4.6-4.13"
"""The releases whose read_headers takes version 2 only (IHDR_VERSION);
4.14 (6501e46ca7) reads versions 2 and 3."""


@rule("libxc.image.big-endian", "image_header", layers=LIBXC)
def image_big_endian(ctx: Any) -> Iterator[Hit]:
    if ctx.header.is_big_endian:
        yield hit(at(ctx.header, "options"))


@rule("libxc.domain.type", "domain_header", layers=LIBXC)
def domain_type(ctx: Any) -> Iterator[Hit]:
    kind = ctx.domain.type
    if kind not in RESTORABLE_TYPES:
        yield hit(at(ctx.domain, "type"), type=int(kind))


@rule("libxc.domain.page-shift", "domain_header", layers=LIBXC)
def domain_page_shift(ctx: Any) -> Iterator[Hit]:
    if ctx.domain.type in X86 and ctx.domain.page_shift != X86_PAGE_SHIFT:
        yield hit(at(ctx.domain, "page_shift"), page_shift=ctx.domain.page_shift,
                  required=X86_PAGE_SHIFT)


@rule("libxc.domain.reserved", "domain_header", layers=LIBXC)
def domain_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.domain.reserved:
        yield hit(at(ctx.domain, "reserved"), value=ctx.domain.reserved)


@rule("libxc.domain.legacy-converted", "domain_header", layers=LIBXC)
def domain_legacy_converted(ctx: Any) -> Iterator[Hit]:
    if ctx.domain.is_legacy_converted:
        yield hit(at(ctx.domain, "xen_major"), minor=ctx.domain.xen_minor)


# --- record types ------------------------------------------

@rule("libxc.record.type-reserved", "record", layers=LIBXC)
def record_type_reserved(ctx: Any) -> Iterator[Hit]:
    yield from v1.unknown_mandatory_type_hits(ctx)


@rule("libxc.record.type-optional", "record", layers=LIBXC)
def record_type_optional(ctx: Any) -> Iterator[Hit]:
    yield from v1.unknown_optional_type_hits(ctx)


@rule("libxc.record.v3-only", "record", V3_ONLY, layers=LIBXC)
def record_v3_only(ctx: Any) -> Iterator[Hit]:
    if ctx.state.version < gen.FormatVersion.v3:
        yield hit(at(ctx.header, "type"), name=_name(ctx.type))


# --- bodies: lengths ------------------------------------------

def _exact(ctx: Any, expected: int) -> Iterator[Hit]:
    if ctx.body_length != expected:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, expected=expected)


def _empty(ctx: Any) -> Iterator[Hit]:
    if ctx.body_length != 0:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length)


def _register_empty(rule_id: str, code: int) -> None:
    def empty(ctx: Any) -> Iterator[Hit]:
        yield from _empty(ctx)

    empty.__name__ = empty.__qualname__ = rule_id.replace(".", "_").replace("-", "_")
    rule(rule_id, "record", [code], layers=LIBXC)(empty)


for _rule_id, _code in (("libxc.end.length", RT.end), ("libxc.verify.length", RT.verify),
                        ("libxc.checkpoint.length", RT.checkpoint),
                        ("libxc.static-data-end.length", RT.static_data_end)):
    _register_empty(_rule_id, _code)


def _reserved_word(ctx: Any) -> Iterator[Hit]:
    body = ctx.body
    head = getattr(body, "header", body)
    if head is not None and head.reserved:
        yield hit(at(head, "reserved"), value=head.reserved)


# --- PAGE_DATA ------------------------------------------

@rule("libxc.page-data.count", "record", [RT.page_data], layers=LIBXC)
def page_data_count(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.count == 0:
        yield hit(at(ctx.body, "count"))


@rule("libxc.page-data.reserved", "record", [RT.page_data], layers=LIBXC)
def page_data_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("libxc.page-data.length", "record", [RT.page_data], layers=LIBXC)
def page_data_length(ctx: Any) -> Iterator[Hit]:
    yield from v1.page_data_length_hits(ctx, B.PageDataHeader, B.PfnEntry)


# The pfn entries come a chunk at a time (xsif.read.fastpath.Chunk), and the
# checks are version 1's: the entries have the same fields.

def not_a_page_type(page_type: Any) -> bool:
    """The generated parser leaves a type code that the enum lacks as an int."""
    return not isinstance(page_type, gen.LibxcPageType)


@rule("libxc.page-data.pfn-reserved", "pfn_entries", [RT.page_data], layers=LIBXC)
def page_data_pfn_reserved(ctx: Any) -> Iterator[Hit]:
    yield from v1.pfn_reserved_hits(ctx)


@rule("libxc.page-data.page-type", "pfn_entries", [RT.page_data], layers=LIBXC)
def page_data_page_type(ctx: Any) -> Iterator[Hit]:
    yield from v1.page_type_hits(ctx, not_a_page_type)


PAGE_TABLES = frozenset(t for t in gen.LibxcPageType
                        if t.name.startswith(("l1tab", "l2tab", "l3tab", "l4tab")))


def is_page_table(page_type: Any) -> bool:
    """L1TAB to L4TAB, pinned or not (module level: the fast path keeps a
    table per predicate)."""
    return isinstance(page_type, gen.LibxcPageType) and page_type in PAGE_TABLES


@rule("libxc.page-data.page-table-in-hvm", "pfn_entries", [RT.page_data], layers=LIBXC)
def page_data_page_table_in_hvm(ctx: Any) -> Iterator[Hit]:
    # only in an HVM guest's stream: not-x86-hvm in rules.yaml
    yield from v1.page_type_hits(ctx, is_page_table)


@rule("libxc.page-data.duplicate-pfn", "pfn_entries", [RT.page_data], layers=LIBXC)
def page_data_duplicate_pfn(ctx: Any) -> Iterator[Hit]:
    yield from v1.duplicate_pfn_hits(ctx)


# --- X86_PV_INFO ------------------------------------------

@rule("libxc.x86-pv-info.length", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_length(ctx: Any) -> Iterator[Hit]:
    expected = gen.min_size(B.X86PvInfoBody)
    if ctx.body_length != expected:
        # handle_x86_pv_info refuses a short body only: a longer one is a
        # format error no restorer notices
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, expected=expected,
                  xen=None if ctx.body_length < expected else "none")


@rule("libxc.x86-pv-info.pair", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_pair(ctx: Any) -> Iterator[Hit]:
    for h in v1.pv_info_pair_hits(ctx):
        # 4.6 to 4.13 refused a 64-bit guest with 3 levels, but took a 32-bit
        # one with 4 (the level check sat in an else branch width 4 skipped)
        yield h if ctx.body.guest_width == 8 else replace(h, xen=PAIR_WIDTH_4)


PAIR_WIDTH_4 = "4.14-"


@rule("libxc.x86-pv-info.guest-width", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_guest_width(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.guest_width not in GUEST_WIDTHS:
        yield hit(at(ctx.body, "guest_width"), guest_width=ctx.body.guest_width)


@rule("libxc.x86-pv-info.pt-levels", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_pt_levels(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.pt_levels not in PT_LEVELS:
        yield hit(at(ctx.body, "pt_levels"), pt_levels=ctx.body.pt_levels)


@rule("libxc.x86-pv-info.reserved", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and any(ctx.body.reserved):
        yield hit(at(ctx.body, "reserved"), octets=_octets(ctx.body.reserved))


# --- X86_PV_P2M_FRAMES ------------------------------------------

def p2m_frames_needed(start: int, end: int, page_shift: int, guest_width: int) -> int:
    """Frames holding the p2m entries of pfns start..end inclusive."""
    per_frame = (1 << page_shift) // guest_width
    return end // per_frame - start // per_frame + 1


@rule("libxc.x86-pv-p2m-frames.range", "record", [RT.x86_pv_p2m_frames], layers=LIBXC)
def p2m_frames_range(ctx: Any) -> Iterator[Hit]:
    body = ctx.body
    if body is not None and body.p2m_start_pfn > body.p2m_end_pfn:
        yield hit(at(body, "p2m_start_pfn"), start=body.p2m_start_pfn, end=body.p2m_end_pfn)


@rule("libxc.x86-pv-p2m-frames.length", "record", [RT.x86_pv_p2m_frames], layers=LIBXC)
def p2m_frames_length(ctx: Any) -> Iterator[Hit]:
    head = gen.min_size(B.X86PvP2mFramesHeader)
    frame = gen.min_size(B.P2mFrame)
    body = ctx.body
    if body is None:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"at least {head}")
        return
    width, shift = ctx.state.guest_width, ctx.state.page_shift
    if (width not in GUEST_WIDTHS or body.p2m_start_pfn > body.p2m_end_pfn
            or (1 << shift) < width):
        if (ctx.body_length - head) % frame:
            yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                      expected=f"{head} + a multiple of {frame}")
        return  # the frame count is undefined; another rule reports why
    frames = p2m_frames_needed(body.p2m_start_pfn, body.p2m_end_pfn, shift, width)
    expected = head + frames * frame
    if ctx.body_length != expected:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"{expected} ({v1.plural(frames, 'frame')})")


# --- X86_PV_VCPU_* ------------------------------------------

@rule("libxc.x86-pv-vcpu.length", "record", VCPU, layers=LIBXC)
def x86_pv_vcpu_length(ctx: Any) -> Iterator[Hit]:
    minimum = gen.min_size(B.X86PvVcpuBody)
    if ctx.body_length < minimum:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, minimum=minimum)


@rule("libxc.x86-pv-vcpu.reserved", "record", VCPU, layers=LIBXC)
def x86_pv_vcpu_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("libxc.x86-pv-vcpu.empty", "record", VCPU, layers=LIBXC)
def x86_pv_vcpu_empty(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body_length == gen.min_size(B.X86PvVcpuBody):
        yield hit(at(ctx.header, "body_length"), name=_name(ctx.type),
                  vcpu_id=ctx.body.vcpu_id)


def _context_size(ctx: Any) -> int | None:
    """Octets of vcpu context after the vcpu_id and reserved field; None when
    the record has none (the empty and short records have rules of their own)."""
    size = ctx.body_length - gen.min_size(B.X86PvVcpuBody)
    return size if ctx.body is not None and size > 0 else None


@rule("libxc.x86-pv-vcpu.basic-size", "record", [RT.x86_pv_vcpu_basic], layers=LIBXC)
def x86_pv_vcpu_basic_size(ctx: Any) -> Iterator[Hit]:
    size = _context_size(ctx)
    width = ctx.state.guest_width  # known: not run otherwise (rules.yaml)
    if size is None:
        return
    expected = (ctx.body.len_basic_context_x86_64 if width == 8
                else ctx.body.len_basic_context_x86_32)
    if size != expected:
        yield hit(at(ctx.header, "body_length"), size=size, width=8 * width,
                  expected=expected)


@rule("libxc.x86-pv-vcpu.extended-size", "record", [RT.x86_pv_vcpu_extended],
      layers=LIBXC)
def x86_pv_vcpu_extended_size(ctx: Any) -> Iterator[Hit]:
    size = _context_size(ctx)
    if size is not None and size > ctx.body.len_extended_context_max:
        yield hit(at(ctx.header, "body_length"), size=size)


@rule("libxc.x86-pv-vcpu.xsave-size", "record", [RT.x86_pv_vcpu_xsave], layers=LIBXC)
def x86_pv_vcpu_xsave_size(ctx: Any) -> Iterator[Hit]:
    size = _context_size(ctx)
    if size is None:
        return
    problems, refused = [], []
    if size % ctx.body.len_msr_entry:
        problems.append(f"not a multiple of {ctx.body.len_msr_entry} (Xen 4.6 to 4.13)")
        refused.append("4.6-4.13")
    if size < ctx.body.len_xsave_context_min:
        problems.append(f"less than {ctx.body.len_xsave_context_min} (Xen 4.14 and later)")
        refused.append("4.14-")
    if problems:
        yield hit(at(ctx.header, "body_length"), size=size, problem="; ".join(problems),
                  xen=",".join(refused))


@rule("libxc.x86-pv-vcpu.msrs-size", "record", [RT.x86_pv_vcpu_msrs], layers=LIBXC)
def x86_pv_vcpu_msrs_size(ctx: Any) -> Iterator[Hit]:
    size = _context_size(ctx)
    if size is not None and size % ctx.body.len_msr_entry:
        yield hit(at(ctx.header, "body_length"), size=size)


# --- other bodies ------------------------------------------

@rule("libxc.shared-info.length", "record", [RT.shared_info], layers=LIBXC)
def shared_info_length(ctx: Any) -> Iterator[Hit]:
    shift = ctx.state.page_shift
    if shift is not None and shift < MAX_PAGE_SHIFT:
        yield from _exact(ctx, 1 << shift)


@rule("libxc.x86-tsc-info.length", "record", [RT.x86_tsc_info], layers=LIBXC)
def x86_tsc_info_length(ctx: Any) -> Iterator[Hit]:
    yield from _exact(ctx, gen.min_size(B.X86TscInfoBody))


@rule("libxc.x86-tsc-info.mode", "record", [RT.x86_tsc_info], layers=LIBXC)
def x86_tsc_info_mode(ctx: Any) -> Iterator[Hit]:
    mode = None if ctx.body is None else ctx.body.mode
    if mode is None:
        return
    if not isinstance(mode, gen.TscMode) or mode == gen.TscMode.pvrdtscp:
        yield hit(at(ctx.body, "mode"), mode=int(mode))


@rule("libxc.x86-tsc-info.reserved", "record", [RT.x86_tsc_info], layers=LIBXC)
def x86_tsc_info_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("libxc.hvm-context.length", "record", [RT.hvm_context], layers=LIBXC)
def hvm_context_length(ctx: Any) -> Iterator[Hit]:
    if ctx.body_length == 0:
        yield hit(at(ctx.header, "body_length"))


@rule("libxc.hvm-params.length", "record", [RT.hvm_params], layers=LIBXC)
def hvm_params_length(ctx: Any) -> Iterator[Hit]:
    head = ctx.body  # the fixed start: the parameters are an array body
    size = gen.min_size(B.HvmParamsHeader)
    if head is None:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"at least {size}")
        return
    expected = size + head.count * gen.min_size(B.HvmParam)
    if ctx.body_length != expected:
        # handle_hvm_params checks the exact length from Xen 4.9 on; 4.6 to
        # 4.8 only that the fixed start is there (the else above)
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, expected=expected,
                  xen=HVM_PARAMS_EXACT)


HVM_PARAMS_EXACT = "4.9-"


@rule("libxc.hvm-params.reserved", "record", [RT.hvm_params], layers=LIBXC)
def hvm_params_reserved(ctx: Any) -> Iterator[Hit]:
    head = ctx.body
    if head is not None and head.reserved:
        yield hit(at(head, "reserved"), value=head.reserved)


@rule("libxc.hvm-params.empty", "record", [RT.hvm_params], layers=LIBXC)
def hvm_params_empty(ctx: Any) -> Iterator[Hit]:
    head = ctx.body
    if head is not None and head.count == 0:
        yield hit(at(head, "count"))


@rule("libxc.toolstack.unhandled", "record", [RT.toolstack], layers=LIBXC)
def toolstack_unhandled(ctx: Any) -> Iterator[Hit]:
    yield hit(ctx.offset, length=ctx.body_length)


@rule("libxc.checkpoint-dirty-pfn-list.unexpected", "record", [RT.checkpoint_dirty_pfn_list],
      layers=LIBXC)
def dirty_pfn_list_unexpected(ctx: Any) -> Iterator[Hit]:
    yield hit(ctx.offset)


def _array_length(ctx: Any, element: type) -> Iterator[Hit]:
    size = gen.min_size(element)
    if ctx.body_length == 0 or ctx.body_length % size:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, size=size)


@rule("libxc.x86-cpuid-policy.length", "record", [RT.x86_cpuid_policy], layers=LIBXC)
def cpuid_policy_length(ctx: Any) -> Iterator[Hit]:
    yield from _array_length(ctx, B.CpuidLeaf)


@rule("libxc.x86-msr-policy.length", "record", [RT.x86_msr_policy], layers=LIBXC)
def msr_policy_length(ctx: Any) -> Iterator[Hit]:
    yield from _array_length(ctx, B.MsrEntry)


@rule("libxc.x86-msr-policy.flags", "record", [RT.x86_msr_policy], layers=LIBXC)
def msr_policy_flags(ctx: Any) -> Iterator[Hit]:
    for i, entry in enumerate(getattr(ctx.body, "msrs", None) or ()):
        if entry.flags:
            yield hit(at(entry, "flags"), entry=i, index=entry.index, flags=entry.flags)


# --- layout ------------------------------------------

@rule("libxc.layout.pv-record-in-hvm", "record", PV_ONLY, layers=LIBXC)
def pv_record_in_hvm(ctx: Any) -> Iterator[Hit]:
    # only in an HVM guest's stream: not-x86-hvm in rules.yaml
    yield hit(ctx.offset, name=_name(ctx.type),
              domain=ctx.state.domain.type.name.replace("_", " "))


@rule("libxc.layout.hvm-record-in-pv", "record", HVM_ONLY, layers=LIBXC)
def hvm_record_in_pv(ctx: Any) -> Iterator[Hit]:
    # only in a PV guest's stream: not-x86-pv in rules.yaml
    yield hit(ctx.offset, name=_name(ctx.type))


@rule("libxc.layout.x86-pv-info-duplicate", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_duplicate(ctx: Any) -> Iterator[Hit]:
    if RT.x86_pv_info in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.x86_pv_info])


@rule("libxc.layout.x86-pv-info-late", "record", [RT.x86_pv_info], layers=LIBXC)
def x86_pv_info_late(ctx: Any) -> Iterator[Hit]:
    earlier = _earliest(ctx.state, (RT.x86_pv_p2m_frames, RT.page_data, RT.shared_info, *VCPU))
    if RT.x86_pv_info not in ctx.state.first and earlier is not None:
        yield hit(ctx.offset, first=earlier[0], name=_name(earlier[1]))


@rule("libxc.layout.p2m-frames-late", "record", [RT.x86_pv_p2m_frames], layers=LIBXC)
def p2m_frames_late(ctx: Any) -> Iterator[Hit]:
    state = ctx.state
    if RT.x86_pv_p2m_frames not in state.first and RT.page_data in state.first:
        yield hit(ctx.offset, first=state.first[RT.page_data])


@rule("libxc.layout.memory-after-vcpu", "record", [RT.page_data], layers=LIBXC)
def memory_after_vcpu(ctx: Any) -> Iterator[Hit]:
    vcpu = ctx.state.track.get("vcpu")
    if vcpu is not None:
        yield hit(ctx.offset, name=_name(vcpu[1]), first=vcpu[0])


@rule("libxc.layout.static-data-end-duplicate", "record", [RT.static_data_end], layers=LIBXC)
def static_data_end_duplicate(ctx: Any) -> Iterator[Hit]:
    if RT.static_data_end in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.static_data_end])


@rule("libxc.layout.x86-pv-info-after-static-data-end", "record", [RT.x86_pv_info],
      layers=LIBXC)
def x86_pv_info_after_static_data_end(ctx: Any) -> Iterator[Hit]:
    if ctx.state.version >= gen.FormatVersion.v3 and RT.static_data_end in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.static_data_end])


@rule("libxc.layout.static-data-end-late", "record", [RT.static_data_end], layers=LIBXC)
def static_data_end_late(ctx: Any) -> Iterator[Hit]:
    earlier = _earliest(ctx.state, DYNAMIC)
    if (ctx.state.version >= gen.FormatVersion.v3 and RT.static_data_end not in ctx.state.first
            and earlier is not None):
        yield hit(ctx.offset, first=earlier[0], name=_name(earlier[1]))


@rule("libxc.layout.policy-late", "record", POLICIES, layers=LIBXC)
def policy_late(ctx: Any) -> Iterator[Hit]:
    if RT.static_data_end in ctx.state.first:
        yield hit(ctx.offset, name=_name(ctx.type), first=ctx.state.first[RT.static_data_end])


def _required(rule_id: str, code: int) -> None:
    """Register the end-of-stream rule that a record of type `code` was seen
    (for which guests, and whether on a cut stream: rules.yaml)."""

    def required(ctx: Any) -> Iterator[Hit]:
        if code not in ctx.state.first:
            yield hit(None)

    required.__name__ = required.__qualname__ = rule_id.replace(".", "_").replace("-", "_")
    rule(rule_id, "end", layers=LIBXC)(required)


for _rule_id, _code in (
    ("libxc.layout.x86-pv-info-missing", RT.x86_pv_info),
    ("libxc.layout.p2m-frames-missing", RT.x86_pv_p2m_frames),
    ("libxc.layout.vcpu-missing", RT.x86_pv_vcpu_basic),
    ("libxc.layout.hvm-context-missing", RT.hvm_context),
):
    _required(_rule_id, _code)


@rule("libxc.layout.vcpu0-basic-missing", "end", layers=LIBXC)
def vcpu0_basic_missing(ctx: Any) -> Iterator[Hit]:
    if not ctx.state.track.get("vcpu0_basic"):
        yield hit(None)


@rule("libxc.layout.static-data-end-missing", "end", layers=LIBXC)
def static_data_end_missing(ctx: Any) -> Iterator[Hit]:
    if ctx.state.version >= gen.FormatVersion.v3 and RT.static_data_end not in ctx.state.first:
        yield hit(None)


@rule("libxc.layout.end-missing", "end", layers=LIBXC)
def end_missing(ctx: Any) -> Iterator[Hit]:
    if not ctx.end_seen:
        yield hit(None)
