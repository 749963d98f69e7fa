"""Summarise a Part II image's structure, for comparing Xen's output with xsif's.

Reads xl save files, libxl streams and libxc streams (little-endian, as Xen
writes them on x86) with nothing but struct, so that what it reports does not
depend on xsif's parsers: the xl header and the configuration's framing, each
layer's records run-length grouped (type, count, body lengths), the vcpu
records' context sizes, HVM_CONTEXT's save records (typecode, instance,
length), HVM_PARAMS' (index, value) pairs and the octets after the END.

    python tools/xen_images/describe.py FILE...   (YAML on stdout)
"""

import struct
import sys

import yaml

LIBXC = {0: "END", 1: "PAGE_DATA", 2: "X86_PV_INFO", 3: "X86_PV_P2M_FRAMES", 4: "X86_PV_VCPU_BASIC",
         5: "X86_PV_VCPU_EXTENDED", 6: "X86_PV_VCPU_XSAVE", 7: "SHARED_INFO", 8: "X86_TSC_INFO",
         9: "HVM_CONTEXT", 10: "HVM_PARAMS", 11: "TOOLSTACK", 12: "X86_PV_VCPU_MSRS", 13: "VERIFY",
         14: "CHECKPOINT", 15: "CHECKPOINT_DIRTY_PFN_LIST", 16: "STATIC_DATA_END",
         17: "X86_CPUID_POLICY", 18: "X86_MSR_POLICY"}
LIBXL = {0: "END", 1: "LIBXC_CONTEXT", 2: "EMULATOR_XENSTORE_DATA", 3: "EMULATOR_CONTEXT",
         4: "CHECKPOINT_END", 5: "CHECKPOINT_STATE"}
HVM_SAVE = {0: "END", 1: "HEADER", 2: "CPU", 3: "PIC", 4: "IOAPIC", 5: "LAPIC", 6: "LAPIC_REGS",
            7: "PCI_IRQ", 8: "ISA_IRQ", 9: "PCI_LINK", 10: "PIT", 11: "RTC", 12: "HPET",
            13: "PMTIMER", 14: "MTRR", 15: "VIRIDIAN_DOMAIN", 16: "CPU_XSAVE", 17: "VIRIDIAN_VCPU",
            18: "VMCE_VCPU", 19: "TSC_ADJUST", 20: "CPU_MSR"}
# Xen's public/hvm/params.h
HVM_PARAM = {0: "CALLBACK_IRQ", 1: "STORE_PFN", 2: "STORE_EVTCHN", 4: "PAE_ENABLED", 5: "IOREQ_PFN",
             6: "BUFIOREQ_PFN", 9: "VIRIDIAN", 10: "TIMER_MODE", 11: "HPET_ENABLED", 12: "IDENT_PT",
             14: "ACPI_S_STATE", 15: "VM86_TSS", 16: "VPT_ALIGN", 17: "CONSOLE_PFN",
             18: "CONSOLE_EVTCHN", 19: "ACPI_IOPORTS_LOCATION", 24: "NESTEDHVM",
             26: "BUFIOREQ_EVTCHN",
             27: "PAGING_RING_PFN", 28: "MONITOR_RING_PFN", 29: "SHARING_RING_PFN",
             31: "TRIPLE_FAULT_REASON", 32: "IOREQ_SERVER_PFN", 33: "NR_IOREQ_SERVER_PAGES",
             34: "VM_GENERATION_ID_ADDR", 35: "ALTP2M", 36: "X87_FIP_WIDTH", 37: "VM86_TSS_SIZED",
             38: "MCA_CAP"}


class Reader:
    def __init__(self, f):
        self.f, self.pos = f, 0

    def read(self, n):
        b = self.f.read(n)
        self.pos += len(b)
        if len(b) < n:
            raise EOFError(f"truncated at {self.pos}")
        return b

    def skip(self, n):
        self.f.seek(n, 1)
        self.pos += n


def hvm_context(body):
    out, pos = [], 0
    while pos + 8 <= len(body):
        code, inst, length = struct.unpack_from("<HHI", body, pos)
        item = {"typecode": code, "name": HVM_SAVE.get(code, "?"), "instance": inst,
                "length": length}
        if code == 1:
            magic, version, changeset, cpuid, gtsc = struct.unpack_from("<IIQII", body, pos + 8)
            item.update(magic=hex(magic), version=version, cpuid=hex(cpuid), gtsc_khz=gtsc)
        out.append(item)
        pos += 8 + length
        if code == 0:
            break
    return out, len(body) - pos


def group(records):
    """Run-length group consecutive records of one type (PAGE_DATA rounds)."""
    out = []
    for r in records:
        if out and out[-1]["type"] == r["type"] and r["type"] == "PAGE_DATA":
            g = out[-1]
            g["count"] += 1
            g["pages_with_data"] += r["pages_with_data"]
            g["pfns"] += r["pfns"]
            g["body_lengths"].add(r["length"])
            continue
        if r["type"] == "PAGE_DATA":
            r = {"type": "PAGE_DATA", "count": 1, "pfns": r["pfns"],
                 "pages_with_data": r["pages_with_data"], "body_lengths": {r["length"]}}
        out.append(r)
    for g in out:
        if "body_lengths" in g:
            many = len(g["body_lengths"]) > 3
            g["body_lengths"] = sorted(g["body_lengths"])[:3] + (["..."] if many else [])
    return out


def libxc(r):
    head = r.read(24)
    marker, ident, version, options = struct.unpack(">QIIH", head[:18])
    dtype, pshift, _res, xmaj, xmin = struct.unpack("<IHHII", r.read(16))
    doc = {"version": version, "options": options, "domain_type": dtype, "page_shift": pshift,
           "xen": f"{xmaj}.{xmin}"}
    recs = []
    while True:
        rtype, length = struct.unpack("<II", r.read(8))
        name = LIBXC.get(rtype, hex(rtype))
        pad = (-length) % 8
        rec = {"type": name, "length": length}
        if name == "PAGE_DATA":
            count, _ = struct.unpack("<II", r.read(8))
            pfns = struct.unpack(f"<{count}Q", r.read(8 * count))
            data = sum(1 for p in pfns if (p >> 60) not in (0xD, 0xE, 0xF))   # XTAB, XALLOC, BROKEN
            rec.update(pfns=count, pages_with_data=data)
            r.skip(length - 8 - 8 * count + pad)
        else:
            body = r.read(length)
            r.read(pad)
            if name.startswith("X86_PV_VCPU_"):
                vcpu, _ = struct.unpack_from("<II", body)
                rec.update(vcpu_id=vcpu, context_size=length - 8)
            elif name == "X86_PV_INFO":
                rec.update(guest_width=body[0], pt_levels=body[1])
            elif name == "X86_TSC_INFO":
                mode, khz, nsec, inc, _ = struct.unpack("<IIqII", body)
                rec.update(mode=mode, khz=khz, nsec=nsec, incarnation=inc)
            elif name == "X86_CPUID_POLICY":
                rec.update(leaves=length // 24)
            elif name == "X86_MSR_POLICY":
                rec.update(msrs=length // 16,
                           # idx u32, flags u32, val u64
                           entries=[[hex(i), f, hex(v)] for i, f, v in
                                    (struct.unpack_from("<IIQ", body, o)
                                     for o in range(0, length, 16))])
            elif name == "HVM_CONTEXT":
                rec["save_records"], rest = hvm_context(body)
                rec["octets_after_save_end"] = rest
            elif name == "HVM_PARAMS":
                count, _ = struct.unpack_from("<II", body)
                rec["params"] = [[i, HVM_PARAM.get(i, "?"), hex(v)]
                                 for i, v in (struct.unpack_from("<QQ", body, 8 + 16 * k)
                                              for k in range(count))]
            elif name == "X86_PV_P2M_FRAMES":
                start, end = struct.unpack_from("<II", body)
                rec.update(start_pfn=start, end_pfn=end, frames=(length - 8) // 8)
            elif name == "SHARED_INFO":
                pass
        recs.append(rec)
        if name == "END":
            break
    doc["records"] = group(recs)
    return doc


def libxl(r):
    ident, version, options = struct.unpack(">8sII", r.read(16))
    doc = {"version": version, "options": options, "records": []}
    while True:
        rtype, length = struct.unpack("<II", r.read(8))
        name = LIBXL.get(rtype, hex(rtype))
        rec = {"type": name, "length": length}
        body = r.read(length)
        r.read((-length) % 8)
        if name == "LIBXC_CONTEXT":
            rec["libxc"] = libxc(r)
        elif name in ("EMULATOR_XENSTORE_DATA", "EMULATOR_CONTEXT"):
            rec["emulator_id"], rec["index"] = struct.unpack_from("<II", body)
        doc["records"].append(rec)
        if name == "END":
            return doc


def describe(path):
    with open(path, "rb") as f:
        r = Reader(f)
        head = f.read(8)
        f.seek(0)
        doc = {"file": path}
        if head.startswith(b"Xen save"):
            magic = r.read(32)
            bo, mflags, oflags, optlen = struct.unpack("<IIII", r.read(16))
            opt = r.read(optlen)
            (clen,) = struct.unpack_from("<I", opt)
            config = opt[4:4 + clen]
            doc["xl_header"] = {"magic": magic.decode("latin-1"), "byte_order_word": hex(bo),
                                "mandatory_flags": mflags, "optional_flags": oflags,
                                "optional_data_len": optlen, "config_length": clen,
                                "config_ends_with": config[-4:].decode("latin-1"),
                                "config_trailing_nul_counted": config.endswith(b"\0"),
                                "optional_data_after_config": optlen - 4 - clen}
            doc["libxl"] = libxl(r)
        elif head == b"LibxlFmt":
            doc["libxl"] = libxl(r)
        else:
            doc["libxc"] = libxc(r)
        tail = f.read()
        doc["after_end"] = {"octets": len(tail), "text": tail[:200].decode("latin-1")}
        doc["size"] = r.pos + len(tail)
    return doc


if __name__ == "__main__":
    yaml.safe_dump_all([describe(p) for p in sys.argv[1:]], sys.stdout, sort_keys=False, width=120,
                       default_flow_style=None)
