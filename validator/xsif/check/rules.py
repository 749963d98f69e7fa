"""The rule functions: one a rule, registered against its catalog ID.

Each takes the context of its scope (see `xsif.check.engine`) and yields a hit for
every breach, located by the offset the generated parser recorded for the
offending field. Messages and severities live in rules.yaml.
"""

from __future__ import annotations

from array import array

from xsif.check.registry import hit, rule
from xsif.read import gen
from xsif.read.gen import field_offset as at

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from xsif.check.registry import Hit

RT = gen.Deferred("RecordType")
"""Version 1's record types, loaded when a rule first reads one: the rules
below name theirs by name ("page_data"), and the shared checks of this
module run on libxc and libxl streams without the version-1 parser."""

X86_PAGE_SHIFT = 12
"""x86 pages are 4096 octets."""

GUEST_WIDTHS = (4, 8)
PT_LEVELS = (3, 4)
PV_GUEST_KINDS = {(4, 3): "32-bit PAE", (8, 4): "64-bit"}
"""(guest_width, pt_levels) of the two x86 PV guest kinds."""

OPTIONAL_BIT = 0x80000000

MAX_PAGE_SHIFT = 32
"""A page of 2^32 octets or more cannot fit in a body (body_length is a u4)."""

TRACKED_VCPUS = 1 << 16
"""vcpu ids remembered for the duplicate check."""


def _octets(data: bytes) -> str:
    return data.hex(" ")


# --- image header --------------------------------------------------------------

@rule("image.version", "image_header")
def image_version(ctx: Any) -> Iterator[Hit]:
    version = int(ctx.header.version)
    if version != gen.FormatVersion.v1:
        hint = ""
        if version in (gen.FormatVersion.v2, gen.FormatVersion.v3):
            hint = (f": a version-{version} libxc stream (Xen 4.6 and later);"
                    " drop --format v1 to check it as one")
        yield hit(at(ctx.header, "version"), version=version, hint=hint)


KNOWN_VERSIONS = (gen.FormatVersion.v1, gen.FormatVersion.v2, gen.FormatVersion.v3)
"""The image header versions this specification defines (Part I, Part II)."""


@rule("image.version-unknown", "image_header")
def image_version_unknown(ctx: Any) -> Iterator[Hit]:
    if ctx.header.version not in KNOWN_VERSIONS:
        yield hit(at(ctx.header, "version"), version=int(ctx.header.version))


@rule("image.options-reserved", "image_header", layers=("v1", "libxc"))
def image_options_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.header.reserved_options:
        yield hit(at(ctx.header, "options"), bits=ctx.header.reserved_options << 1)


@rule("image.reserved", "image_header", layers=("v1", "libxc"))
def image_reserved(ctx: Any) -> Iterator[Hit]:
    if any(ctx.header.reserved):
        yield hit(at(ctx.header, "reserved"), octets=_octets(ctx.header.reserved))


# --- domain header ---------------------------------------------------------------

@rule("domain.arch", "domain_header")
def domain_arch(ctx: Any) -> Iterator[Hit]:
    arch = ctx.domain.arch
    if not isinstance(arch, gen.Arch) or arch == gen.Arch.reserved:
        yield hit(at(ctx.domain, "arch"), arch=int(arch))


@rule("domain.type", "domain_header")
def domain_type(ctx: Any) -> Iterator[Hit]:
    # not run when domain.arch is raised (rules.yaml): a reserved arch has no types
    arch = ctx.domain.arch
    if arch != gen.Arch.x86 or not isinstance(ctx.domain.x86_type, gen.X86DomainType):
        yield hit(at(ctx.domain, "type"), type=ctx.domain.type,
                  arch=getattr(arch, "name", int(arch)))


@rule("domain.page-shift", "domain_header")
def domain_page_shift(ctx: Any) -> Iterator[Hit]:
    if ctx.domain.arch == gen.Arch.x86 and ctx.domain.page_shift != X86_PAGE_SHIFT:
        yield hit(at(ctx.domain, "page_shift"), page_shift=ctx.domain.page_shift,
                  required=X86_PAGE_SHIFT)


@rule("domain.reserved", "domain_header")
def domain_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.domain.reserved:
        yield hit(at(ctx.domain, "reserved"), value=ctx.domain.reserved)


# --- record framing -------------------------------------------------------------

@rule("record.options-reserved", "record")
def record_options_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.header.reserved_options:
        yield hit(at(ctx.header, "options"), bits=ctx.header.reserved_options << 1)


@rule("record.reserved", "record")
def record_reserved(ctx: Any) -> Iterator[Hit]:
    if any(ctx.header.reserved):
        yield hit(at(ctx.header, "reserved"), octets=_octets(ctx.header.reserved))


@rule("record.padding", "record", layers=("v1", "libxc", "libxl"))
def record_padding(ctx: Any) -> Iterator[Hit]:
    if any(ctx.padding):
        yield hit(ctx.padding_offset, octets=_octets(ctx.padding))


@rule("record.footer-reserved", "record")
def record_footer_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.footer.reserved:
        yield hit(at(ctx.footer, "reserved"), value=ctx.footer.reserved)


@rule("record.checksum", "record")
def record_checksum(ctx: Any) -> Iterator[Hit]:
    if ctx.header.checksum_valid and ctx.footer.checksum != ctx.crc:
        yield hit(at(ctx.footer, "checksum"), stored=ctx.footer.checksum, computed=ctx.crc)


@rule("record.checksum-unset", "record")
def record_checksum_unset(ctx: Any) -> Iterator[Hit]:
    if not ctx.header.checksum_valid and ctx.footer.checksum:
        yield hit(at(ctx.footer, "checksum"), stored=ctx.footer.checksum)


# Every layer (version 1, libxc, libxl) marks optional record types with the
# same bit; these two checks serve the rules of all three.

def unknown_mandatory_type_hits(ctx: Any) -> Iterator[Hit]:
    """A record type the record's layer does not define, without the optional bit."""
    if ctx.state.layer.type_name(ctx.type) is None and not ctx.type & OPTIONAL_BIT:
        yield hit(at(ctx.header, "type"), type=ctx.type)


def unknown_optional_type_hits(ctx: Any) -> Iterator[Hit]:
    """A record type the record's layer does not define, with the optional bit."""
    if ctx.state.layer.type_name(ctx.type) is None and ctx.type & OPTIONAL_BIT:
        yield hit(at(ctx.header, "type"), type=ctx.type, length=ctx.body_length)


@rule("record.type-reserved", "record")
def record_type_reserved(ctx: Any) -> Iterator[Hit]:
    yield from unknown_mandatory_type_hits(ctx)


@rule("record.type-optional", "record")
def record_type_optional(ctx: Any) -> Iterator[Hit]:
    yield from unknown_optional_type_hits(ctx)


# --- record bodies: exact lengths ------------------------------------------------

def _exact_length(ctx: Any, cls: type) -> Iterator[Hit]:
    expected = gen.min_size(cls)
    if ctx.body_length != expected:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, expected=expected)


@rule("end.length", "record", ["end"])
def end_length(ctx: Any) -> Iterator[Hit]:
    if ctx.body_length != gen.min_size(gen.Body.EndBody):
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length)


@rule("vcpu-info.length", "record", ["vcpu_info"])
def vcpu_info_length(ctx: Any) -> Iterator[Hit]:
    yield from _exact_length(ctx, gen.Body.VcpuInfoBody)


@rule("x86-pv-info.length", "record", ["x86_pv_info"])
def x86_pv_info_length(ctx: Any) -> Iterator[Hit]:
    yield from _exact_length(ctx, gen.Body.X86PvInfoBody)


@rule("vcpu-context.length", "record", ["vcpu_context"])
def vcpu_context_length(ctx: Any) -> Iterator[Hit]:
    minimum = gen.min_size(gen.Body.VcpuContextBody)
    if ctx.body_length <= minimum:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, minimum=minimum)


# --- record bodies: fields ----------------------------------------------------------

def _reserved_word(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.reserved:
        yield hit(at(ctx.body, "reserved"), value=ctx.body.reserved)


@rule("vcpu-info.reserved", "record", ["vcpu_info"])
def vcpu_info_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("vcpu-context.reserved", "record", ["vcpu_context"])
def vcpu_context_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("page-data.reserved", "record", ["page_data"])
def page_data_reserved(ctx: Any) -> Iterator[Hit]:
    yield from _reserved_word(ctx)


@rule("x86-pv-info.guest-width", "record", ["x86_pv_info"])
def x86_pv_info_guest_width(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.guest_width not in GUEST_WIDTHS:
        yield hit(at(ctx.body, "guest_width"), guest_width=ctx.body.guest_width)


@rule("x86-pv-info.pt-levels", "record", ["x86_pv_info"])
def x86_pv_info_pt_levels(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.pt_levels not in PT_LEVELS:
        yield hit(at(ctx.body, "pt_levels"), pt_levels=ctx.body.pt_levels)


def pv_info_pair_hits(ctx: Any) -> Iterator[Hit]:
    """X86_PV_INFO's members not a pair of PV_GUEST_KINDS (the same check in
    version 1 and the libxc streams; not run when a member is out of range,
    which its own rule reports: rules.yaml)."""
    body = ctx.body
    if body is not None and (body.guest_width, body.pt_levels) not in PV_GUEST_KINDS:
        yield hit(at(body, "guest_width"), guest_width=body.guest_width,
                  pt_levels=body.pt_levels)


@rule("x86-pv-info.pair", "record", ["x86_pv_info"])
def x86_pv_info_pair(ctx: Any) -> Iterator[Hit]:
    yield from pv_info_pair_hits(ctx)


@rule("x86-pv-info.reserved", "record", ["x86_pv_info"])
def x86_pv_info_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and any(ctx.body.reserved):
        yield hit(at(ctx.body, "reserved"), octets=_octets(ctx.body.reserved))


# --- PAGE_DATA ----------------------------------------------------------------------

@rule("page-data.count", "record", ["page_data"])
def page_data_count(ctx: Any) -> Iterator[Hit]:
    if ctx.body is not None and ctx.body.count == 0:
        yield hit(at(ctx.body, "count"))


@rule("page-data.length", "record", ["page_data"])
def page_data_length(ctx: Any) -> Iterator[Hit]:
    yield from page_data_length_hits(ctx, gen.Body.PageDataHeader, gen.Body.PfnEntry)


def page_data_length_hits(ctx: Any, header_cls: type, entry_cls: type) -> Iterator[Hit]:
    """A PAGE_DATA body_length that is not its header, its pfn entries and a
    page for each entry that carries data (shared with the libxc layer)."""
    head = gen.min_size(header_cls)
    if ctx.body is None:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"at least {head}")
        return
    entries = head + ctx.body.count * gen.min_size(entry_cls)
    if ctx.body_length < entries:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"at least {entries} for {ctx.body.count} pfn entries")
        return
    shift = ctx.state.page_shift
    if shift >= MAX_PAGE_SHIFT and ctx.data_pages:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"{plural(ctx.data_pages, 'page')} of 2^{shift} octets, "
                           "more than a body holds")
        return
    expected = entries + ctx.data_pages * (1 << shift)
    if ctx.body_length != expected:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  expected=f"{expected} ({plural(ctx.data_pages, 'page')} of data)")


# The pfn-entry and frame rules see a chunk of entries at a time
# (xsif.read.fastpath.Chunk): they find the offending entries over the whole
# chunk at once and build each hit from the generated object of one entry.

def plural(n: int, word: str) -> str:
    """`n` and `word`, with an s unless n is 1 (for messages)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# The checks below are shared with the libxc layer, whose PAGE_DATA entries
# have the same fields (rules_libxc registers them under its own rule IDs).

def pfn_reserved_hits(ctx: Any) -> Iterator[Hit]:
    """Entries of the chunk whose reserved bits are not zero."""
    for k in ctx.entries.nonzero("reserved"):
        entry = ctx.entries[k]
        yield hit(at(entry, "word"), entry=ctx.first + k, pfn=entry.pfn, bits=entry.reserved)


def page_type_hits(ctx: Any, undefined: Callable[[Any], bool]) -> Iterator[Hit]:
    """Entries of the chunk whose page type is `undefined`. The predicate is
    a module-level function: the fast path keeps a table per predicate."""
    for k in ctx.entries.where("word.page_type", undefined):
        entry = ctx.entries[k]
        yield hit(at(entry, "word"), entry=ctx.first + k, pfn=entry.pfn,
                  page_type=entry.type_code)


def not_a_page_type(page_type: Any) -> bool:
    """The generated parser leaves a type code that the enum lacks as an int."""
    return not isinstance(page_type, gen.PageType)


@rule("page-data.pfn-reserved", "pfn_entries", ["page_data"])
def page_data_pfn_reserved(ctx: Any) -> Iterator[Hit]:
    yield from pfn_reserved_hits(ctx)


@rule("page-data.page-type", "pfn_entries", ["page_data"])
def page_data_page_type(ctx: Any) -> Iterator[Hit]:
    yield from page_type_hits(ctx, not_a_page_type)


DUPLICATE_TRACKING = 1 << 18
"""pfns of one record remembered for the duplicate check."""


@rule("page-data.duplicate-pfn", "pfn_entries", ["page_data"])
def page_data_duplicate_pfn(ctx: Any) -> Iterator[Hit]:
    yield from duplicate_pfn_hits(ctx)


def duplicate_pfn_hits(ctx: Any) -> Iterator[Hit]:
    """Entries whose pfn an earlier entry of the same record has.

    Up to DUPLICATE_TRACKING distinct pfns of a record are remembered, each
    as a key of one dict whose value is the number of the group of pfns it
    was first seen in: a small int the group shares, so a pfn costs its key
    and nothing more (a set of pfns beside a dict of their indices took
    ~70 MiB at the limit). A group keeps its pfns packed, 8 octets each, and
    where their entries are, so the first entry of a repeated pfn is found
    in its group. A chunk without a duplicate is checked and recorded by
    C-speed dict operations (it is one group); only a chunk with one is
    walked entry by entry, and the pfns new in it make a group. The chunk
    that is the whole of its record's entries (Xen's batches of 1024) only
    needs telling that it has no duplicate: a set of its pfns does, and
    nothing is remembered (a third of the cost, on every PAGE_DATA)."""
    memo = ctx.record.memo
    pfns = ctx.entries.values("pfn")
    if ctx.first == 0 and len(pfns) >= getattr(ctx.record.body, "count", -1) \
            and len(set(pfns)) == len(pfns):
        return
    first_in: dict[int, int] = memo.setdefault("pfn_first", {})
    groups: list[tuple[int, array[int], array[int] | None]] = memo.setdefault("pfn_groups", [])
    number = len(groups)
    if len(first_in) + len(pfns) <= DUPLICATE_TRACKING and first_in.keys().isdisjoint(pfns):
        before = len(first_in)
        first_in.update(dict.fromkeys(pfns, number))
        if len(first_in) - before == len(pfns):  # no duplicate: the common case
            groups.append((ctx.first, array("Q", pfns), None))  # entry = first + position
            return
        for pfn in pfns:  # a duplicate inside the chunk: walk it afresh
            first_in.pop(pfn, None)
    new_pfns, new_entries = array("Q"), array("Q")
    for i, pfn in enumerate(pfns, ctx.first):
        k = first_in.get(pfn)
        if k is not None:
            entry = ctx.entries[i - ctx.first]
            if k == number:
                first = new_entries[new_pfns.index(pfn)]
            else:
                start, packed, entries = groups[k]
                at_ = packed.index(pfn)
                first = start + at_ if entries is None else entries[at_]
            yield hit(at(entry, "word"), entry=i, pfn=entry.pfn, first=first)
        elif len(first_in) < DUPLICATE_TRACKING:
            first_in[pfn] = number
            new_pfns.append(pfn)
            new_entries.append(i)
        elif "pfns" not in memo.setdefault("limited", set()):
            memo["limited"].add("pfns")
            memo.setdefault("limits", []).append(
                f"more than {DUPLICATE_TRACKING} distinct pfns in one record: entries from "
                f"{i} on are not checked for duplicates")
    if new_pfns:
        groups.append((0, new_pfns, new_entries))


# --- P2M ----------------------------------------------------------------------------

@rule("p2m.range", "record", ["p2m"])
def p2m_range(ctx: Any) -> Iterator[Hit]:
    body = ctx.body
    if body is not None and body.p2m_start_pfn > body.p2m_end_pfn:
        yield hit(at(body, "p2m_start_pfn"), start=body.p2m_start_pfn, end=body.p2m_end_pfn)


def p2m_frames_needed(start: int, end: int, page_shift: int, guest_width: int) -> int:
    """Frames holding the p2m entries of pfns start..end inclusive."""
    per_frame = (1 << page_shift) // guest_width
    return end // per_frame - start // per_frame + 1


@rule("p2m.length", "record", ["p2m"])
def p2m_length(ctx: Any) -> Iterator[Hit]:
    head = gen.min_size(gen.Body.P2mHeader)
    body = ctx.body
    if body is None:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, start=0, end=0,
                  expected=f"at least {head}", frames="no")
        return
    # not run where the frame count is undefined (rules.yaml: the range
    # inverted, the guest width unknown, the page size wrong)
    width, shift = ctx.state.guest_width, ctx.state.page_shift
    frames = p2m_frames_needed(body.p2m_start_pfn, body.p2m_end_pfn, shift, width)
    expected = head + frames * gen.min_size(gen.Body.P2mFrame)
    if ctx.body_length != expected:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length,
                  start=body.p2m_start_pfn, end=body.p2m_end_pfn, expected=expected,
                  frames=frames)


@rule("p2m.frame-reserved", "p2m_frames", ["p2m"])
def p2m_frame_reserved(ctx: Any) -> Iterator[Hit]:
    for k in ctx.entries.nonzero("reserved"):
        frame = ctx.entries[k]
        yield hit(at(frame, "first_half"), frame_index=ctx.first + k, raw=frame.raw)


# --- x86 PV layout ---------------------------------------------------------------------

MEMORY = ("p2m", "page_data")
AFTER_PV_INFO = ("p2m", "page_data", "vcpu_info", "vcpu_context")


def _earliest(state: Any, names: tuple[str, ...]) -> tuple[int, int] | None:
    codes = [getattr(RT, name) for name in names]
    seen = [(state.first[c], c) for c in codes if c in state.first]
    return min(seen) if seen else None


@rule("layout.x86-pv-info-duplicate", "record", ["x86_pv_info"])
def x86_pv_info_duplicate(ctx: Any) -> Iterator[Hit]:
    if RT.x86_pv_info in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.x86_pv_info])


@rule("layout.x86-pv-info-late", "record", ["x86_pv_info"])
def x86_pv_info_late(ctx: Any) -> Iterator[Hit]:
    earlier = _earliest(ctx.state, AFTER_PV_INFO)
    if RT.x86_pv_info not in ctx.state.first and earlier is not None:
        yield hit(ctx.offset, first=earlier[0], name=gen.record_type_name(earlier[1]))


@rule("layout.p2m-late", "record", ["p2m"])
def p2m_late(ctx: Any) -> Iterator[Hit]:
    if RT.p2m not in ctx.state.first and RT.page_data in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.page_data])


@rule("layout.vcpu-info-duplicate", "record", ["vcpu_info"])
def vcpu_info_duplicate(ctx: Any) -> Iterator[Hit]:
    if RT.vcpu_info in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.vcpu_info])


@rule("layout.vcpu-info-late", "record", ["vcpu_info"])
def vcpu_info_late(ctx: Any) -> Iterator[Hit]:
    if RT.vcpu_info not in ctx.state.first and RT.vcpu_context in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.vcpu_context])


@rule("layout.vcpu-id-range", "record", ["vcpu_context"])
def vcpu_id_range(ctx: Any) -> Iterator[Hit]:
    top = ctx.state.max_vcpu_id
    if ctx.body is not None and top is not None and ctx.body.vcpu_id > top:
        yield hit(at(ctx.body, "vcpu_id"), vcpu_id=ctx.body.vcpu_id, max_vcpu_id=top)


@rule("layout.vcpu-id-duplicate", "record", ["vcpu_context"])
def vcpu_id_duplicate(ctx: Any) -> Iterator[Hit]:
    if ctx.body is None:
        return
    known = ctx.state.vcpu_records
    if ctx.body.vcpu_id in known:
        yield hit(at(ctx.body, "vcpu_id"), vcpu_id=ctx.body.vcpu_id,
                  first=known[ctx.body.vcpu_id])
    elif len(known) >= TRACKED_VCPUS and not ctx.state.vcpu_limit_reported:
        ctx.state.vcpu_limit_reported = True
        ctx.memo.setdefault("limits", []).append(
            f"more than {TRACKED_VCPUS} distinct vcpu ids: later ones are not checked "
            "for duplicates")


@rule("layout.memory-after-vcpu", "record", MEMORY)
def memory_after_vcpu(ctx: Any) -> Iterator[Hit]:
    if RT.vcpu_context in ctx.state.first:
        yield hit(ctx.offset, name=gen.record_type_name(ctx.type),
                  first=ctx.state.first[RT.vcpu_context])


def _required(rule_id: str, name: str) -> None:
    """Register the end-of-image rule that a record of type `name` was seen."""

    def required(ctx: Any) -> Iterator[Hit]:
        if getattr(RT, name) not in ctx.state.first:
            yield hit(None)

    required.__name__ = required.__qualname__ = rule_id.replace(".", "_").replace("-", "_")
    rule(rule_id, "end")(required)


for _rule_id, _name in (
    ("layout.x86-pv-info-missing", "x86_pv_info"),
    ("layout.p2m-missing", "p2m"),
    ("layout.page-data-missing", "page_data"),
    ("layout.vcpu-info-missing", "vcpu_info"),
    ("layout.vcpu-context-missing", "vcpu_context"),
):
    _required(_rule_id, _name)


@rule("layout.end-missing", "end")
def end_missing(ctx: Any) -> Iterator[Hit]:
    if not ctx.end_seen:
        yield hit(None)


# -- the validator's own limits (every layer's records) ----------------------
# Here, in the module every layer that has records loads (registry.RULE_MODULES):
# registered `last`, it runs after the rules of every layer on each record and
# sees every limit they noted in the record's memo, whatever order the layers'
# rule modules were loaded in.


@rule("validator.limit", "record", layers=("v1", "libxc", "libxl"), last=True)
def validator_limit(ctx: Any) -> Iterator[Hit]:
    for what in ctx.memo.get("limits", ()):
        yield hit(ctx.offset, what=what)
