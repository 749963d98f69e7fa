"""HVM_CONTEXT blobs as Xen's hvm_save writes them, and the images that break
each rule of HVM_CONTEXT's save records (xsif/rules_hvm_context.py).

`hvm_blob()` builds the blob of a small x86 HVM guest: HEADER, then the
save records in the order hvm_save emits them (ascending typecode, per-vcpu
state once for each vcpu), then END. The lengths are those Xen 4.17 wrote
(public/arch-x86/hvm/save.h); the state itself is zeros. The descriptor and
HEADER are encoded by the codec from ksy/xen_hvm_context.ksy, and the
HEADER's magic and version are read from the generated parser's checks;
tests/test_hvm_context.py reads the blob back with the generated parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from xsif.check.rules_hvm_context import HC, TC, satisfying
from xsif.codec.kaitai import ktype

SaveRecord = tuple[int, int, bytes]
"""typecode, instance, state."""

SAVE_DESCRIPTOR = ktype("xen_hvm_context::save_descriptor")
HEADER_BODY = ktype("xen_hvm_context::header_body")
"""The fixed types of the blob, compiled from the .ksy (always little-endian)."""

_satisfying = HEADER_BODY.decode(satisfying(HC.HeaderBody))
MAGIC, VERSION = _satisfying["magic"], _satisfying["version"]

PER_DOMAIN: dict[int, tuple[int, ...]] = {
    TC.pic: (8, 8),  # two 8259s, instances 0 and 1
    TC.ioapic: (400,),
    TC.pci_irq: (16,),
    TC.isa_irq: (8,),
    TC.pci_link: (8,),
    TC.pit: (56,),
    TC.rtc: (24,),
    TC.hpet: (1048,),
    TC.pmtimer: (8,),
}
"""State of the whole domain: the length of each instance."""

PER_VCPU: dict[int, int] = {
    TC.cpu: 1032,
    TC.lapic: 24,  # 4.22's is 32 (pending_esr), and it zero-extends the 24 of 4.6 to 4.21
    TC.lapic_regs: 1024,
    TC.mtrr: 240,
    TC.vmce_vcpu: 32,
    TC.tsc_adjust: 8,
}
"""State of each vcpu (instance = vcpu id): its length, as Xen 4.17 wrote it
for a guest on a host without XSAVE (the real images of conformance/xen-4.17).
CPU_XSAVE and CPU_MSR are left out: whether a hypervisor loads them depends
on its host's CPU, not on the stream."""


def descriptor(typecode: int, instance: int, length: int) -> bytes:
    return SAVE_DESCRIPTOR.pack(None, typecode, instance, length)


def header_body(magic: int = MAGIC, version: int = VERSION, changeset: int = (1 << 64) - 1,
                cpuid: int = 0x000906EA, gtsc_khz: int = 2_592_000) -> bytes:
    """HEADER's state; hvm_save writes an unknown changeset as all ones."""
    return HEADER_BODY.pack(None, magic, version, changeset, cpuid, gtsc_khz)


def guest_records(vcpus: int = 2) -> list[SaveRecord]:
    """The save records between HEADER and END, in hvm_save's order."""
    out: list[SaveRecord] = []
    for code in sorted({*PER_DOMAIN, *PER_VCPU}):
        if code in PER_VCPU:
            out += [(code, v, bytes(PER_VCPU[code])) for v in range(vcpus)]
        else:
            out += [(code, i, bytes(n)) for i, n in enumerate(PER_DOMAIN[code])]
    return out


def save_records(records: Iterable[SaveRecord]) -> bytes:
    """Descriptors and state, concatenated: no padding between records."""
    return b"".join(descriptor(code, inst, len(state)) + state
                    for code, inst, state in records)


def hvm_blob(vcpus: int = 2, records: Sequence[SaveRecord] | None = None,
             end: bool = True, **header: Any) -> bytes:
    """The HVM context of a guest with `vcpus` vcpus as Xen writes it: HEADER
    (`header` overrides its fields), the guest's records, END."""
    head = header_body(**header)
    body = [(TC.header, 0, head), *(guest_records(vcpus) if records is None else records)]
    if end:
        body.append((TC.end, 0, b""))
    return save_records(body)

