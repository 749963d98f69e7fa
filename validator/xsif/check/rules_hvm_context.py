"""The rules of HVM_CONTEXT's save records: the blob of Xen's HVM state that
the libxc record HVM_CONTEXT carries, laid out in ksy/xen_hvm_context.ksy.

On restore libxc hands the blob unread to the hypervisor
(xc_domain_hvm_setcontext, XEN_DOMCTL_sethvmcontext), whose `hvm_load`
walks it: HEADER first, then one save record after another until END. The
rules below are the checks of that walk that do not depend on the release:

- 4.6-4.9: xen/common/hvm/save.c `hvm_load`, `_hvm_check_entry`, with the
  header's values checked by xen/arch/x86/hvm/save.c `arch_hvm_load`;
- 4.10-4.18: all of it in xen/arch/x86/hvm/save.c (`hvm_load`,
  `arch_hvm_load`, `_hvm_check_entry`);
- 4.19 and later: xen/arch/x86/hvm/save.c `hvm_load(d, real, h)` first
  checks the whole blob (`real` false), then loads it; the header's values
  go to `arch_hvm_check`, the header itself through `hvm_get_entry`.

Memory: an HVM_CONTEXT can run to hundreds of KiB, and the engine hands a
plain body's first 64 KiB (`ctx.prefix`) to the rules. `walk()` is called by
the engine while it reads the body: it reads the descriptors from the
prefix and then from the stream, forward only, 8 octets at a time, and
steps over each record's state (a seek on a regular file). What it finds is
kept in the record's memo (at most KEEP_PER_RULE hits a rule) and the rule
functions, run once the record is read, report it. Past MAX_SAVE_RECORDS
descriptors it stops and says so (`validator.limit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

from kaitaistruct import KaitaiStream, ValidationFailedError, ValidationNotEqualError

from xsif.check.registry import Hit, hit, rule
from xsif.generated.xen_hvm_context import XenHvmContext
from xsif.read import gen
from xsif.report.findings import KEEP_PER_RULE

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from typing import Any

HC = XenHvmContext
TC = HC.Typecode
RT = gen.LibxcRecordType
LIBXC = ("libxc",)



def satisfying(cls: type) -> bytes:
    """The octets of a fixed-size generated type of this (little-endian)
    format that pass its `valid` checks: zeros, but for each checked field
    the value the check wants (read from the check, not restated here)."""
    data = bytearray(256)
    while True:
        obj = cls(KaitaiStream(BytesIO(bytes(data))))
        try:
            obj._read()
        except ValidationNotEqualError as err:
            where = obj._debug[next(reversed(obj._debug))]
            start, end = where["start"], where["end"]
            data[start:end] = int(err.expected).to_bytes(end - start, "little")
            continue
        return bytes(data[:obj._io.pos()])


DESCRIPTOR = len(satisfying(HC.SaveDescriptor))
"""Octets of a save descriptor (struct hvm_save_descriptor)."""
HEADER_LENGTH = len(satisfying(HC.HeaderBody))
"""HEADER's length: hvm_load reads it with a strict length check."""
MAX_SAVE_RECORDS = 1 << 16
"""Save records walked in one blob. Xen writes about ten a vcpu and twenty
for the domain, so a blob of any guest Xen supports stays far below."""

MEMO = "hvm_context"


class Walk:
    """What the walk over one blob found, for the rule functions."""

    __slots__ = ("hits", "records")

    def __init__(self) -> None:
        self.hits: dict[str, list[Hit]] = {}
        self.records = 0

    def add(self, rule_id: str, h: Hit) -> None:
        kept = self.hits.setdefault(rule_id, [])
        if len(kept) < KEEP_PER_RULE:
            kept.append(h)


class _Cursor:
    """Reads the blob forward: from the prefix the engine kept, then from the
    stream, where positions only grow (what lies between is stepped over)."""

    def __init__(self, src: Any, ctx: Any) -> None:
        self.src, self.prefix, self.base = src, ctx.prefix, ctx.body_offset

    def read(self, pos: int, n: int) -> bytes | None:
        """`n` octets at blob offset `pos`; None when the data ends first."""
        if pos + n <= len(self.prefix):
            return self.prefix[pos:pos + n]
        here = self.src.offset - self.base  # blob offset the stream is at
        head = self.prefix[pos:here] if pos < here else b""
        if pos > here:
            got, _ = self.src.skip(pos - here)
            if got < pos - here:
                return None
        rest = self.src.read(n - len(head))
        return head + rest if len(head) + len(rest) == n else None


def _descriptor(raw: bytes, base: int) -> Any:
    return gen.parse(HC.SaveDescriptor, raw, base=base)


def _name(code: int) -> str:
    try:
        return TC(code).name.upper()
    except ValueError:
        return "not in save.h"


def _header_values(cursor: _Cursor, walk: Walk, pos: int, base: int) -> None:
    """HEADER's magic and version, checked by the generated parser's `valid`
    (the values Xen wants are read from the check, not restated here)."""
    data = cursor.read(pos, HEADER_LENGTH)
    if data is None:
        return
    body = HC.HeaderBody(KaitaiStream(BytesIO(data)))
    body._xsif_base = base
    try:
        body._read()
    except ValidationFailedError as err:
        failed = next(reversed(body._debug))
        walk.add("libxc.hvm-context.header", hit(
            gen.field_offset(body, failed),
            problem=f"is HEADER with {failed} {err.actual:#x}, not {err.expected:#x}"))


def walk(src: Any, ctx: Any) -> None:
    """Walk the save records of the HVM_CONTEXT record `ctx` (called by the
    engine after the body's prefix is read; see the module's doc)."""
    result = Walk()
    ctx.memo[MEMO] = result
    length = ctx.body_length
    if length == 0:
        return  # libxc.hvm-context.length reports it
    cursor = _Cursor(src, ctx)
    pos = 0
    while True:
        index = result.records
        left = length - pos
        if left < DESCRIPTOR:
            if left == 0:
                result.add("libxc.hvm-context.end", hit(ctx.body_offset + pos, count=index))
            else:
                result.add("libxc.hvm-context.framing", hit(
                    ctx.body_offset + pos, index=index, at=pos,
                    problem=f"the blob ends {left} octets into its descriptor"))
            return
        if index >= MAX_SAVE_RECORDS:
            ctx.memo.setdefault("limits", []).append(
                f"HVM_CONTEXT: save records after the first {MAX_SAVE_RECORDS} are not checked")
            return
        raw = cursor.read(pos, DESCRIPTOR)
        if raw is None:
            return  # the data ends inside the record: the engine reports it
        desc = _descriptor(raw, ctx.body_offset + pos)
        code = int(desc.typecode)
        body_at = pos + DESCRIPTOR
        if index == 0:
            if code != TC.header:
                result.add("libxc.hvm-context.header", hit(
                    gen.field_offset(desc, "typecode"),
                    problem=f"has typecode {code} ({_name(code)}), not HEADER"))
            elif desc.length != HEADER_LENGTH:
                result.add("libxc.hvm-context.header", hit(
                    gen.field_offset(desc, "length"),
                    problem=f"is HEADER of length {desc.length}, not {HEADER_LENGTH}"))
            elif HEADER_LENGTH <= length - body_at:
                _header_values(cursor, result, body_at, ctx.body_offset + body_at)
        if code == TC.end:
            if desc.length or body_at != length:
                result.add("libxc.hvm-context.trailing", hit(
                    gen.field_offset(desc, "length"), at=pos, length=desc.length,
                    after=length - body_at))
            return
        if desc.length > length - body_at:
            result.add("libxc.hvm-context.framing", hit(
                gen.field_offset(desc, "length"), index=index, at=pos,
                problem=f"its length {desc.length} runs "
                        f"{desc.length - (length - body_at)} octets past the blob's end"))
            return
        if index > 0 or code != TC.header:
            why = None
            if code == TC.header:
                why = "(HEADER) after the first save record: Xen loads HEADER only first"
            elif not isinstance(desc.typecode, TC):
                why = f"is not a save record type of save.h (the largest is {max(TC).value})"
            if why is not None:
                result.add("libxc.hvm-context.typecode", hit(
                    gen.field_offset(desc, "typecode"), index=index, at=pos, typecode=code,
                    why=why))
        pos = body_at + desc.length
        result.records += 1


def _register(rule_id: str) -> None:
    def check(ctx: Any) -> Iterator[Hit]:
        found = ctx.memo.get(MEMO)
        if found is not None:
            yield from found.hits.get(rule_id, ())

    check.__name__ = check.__qualname__ = rule_id.replace(".", "_").replace("-", "_")
    rule(rule_id, "record", [RT.hvm_context], layers=LIBXC)(check)


RULES = ("libxc.hvm-context.header", "libxc.hvm-context.framing", "libxc.hvm-context.end",
         "libxc.hvm-context.trailing", "libxc.hvm-context.typecode")
for _rule_id in RULES:
    _register(_rule_id)
