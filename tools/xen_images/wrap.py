"""Make corpus files restorable by `xl restore`, for the restorer oracle.

`xl restore` reads only xl save files. A bare libxl stream is given an xl
header and a configuration; a bare libxc stream is first put into a libxl
stream (libxl header, LIBXC_CONTEXT record, the libxc stream, libxl END) and
then given the same. The configuration is the one xl wrote into a real image
of `make xen-images` (pv-save.xsi for x86 PV streams, pvh-save.xsi for x86
HVM ones: a PVH guest restores through the HVM path without a device model),
with the domain renamed "oracle" so the job can destroy it. The wrapping's
own octets are little-endian, as xl writes them on x86; a big-endian libxl or
libxc stream stays big-endian inside, so the oracle tests how Xen's restorer
treats the stream itself. xl save files are restored as they are and, when
their header reads, also with their configuration replaced by the template,
so an unusable configuration does not hide what the restorer makes of the
stream.

The corpus's PV streams carry 23-octet vcpu contexts and its HVM streams a
3-octet HVM_CONTEXT; Xen refuses those before it reaches most records a rule
image breaks. So each little-endian stream is also restored as a "realctx"
variant: every non-empty X86_PV_VCPU_BASIC / EXTENDED context and HVM_CONTEXT
body is replaced by the one Xen wrote in the real image (XSAVE and MSRS
records with contexts are dropped: Xen wrote none for these guests), and the
configuration allows 2 vcpus. Everything else, the rule's breakage included,
stays as it is.

Writes DIR/*.xsi and DIR/wrapped.yaml (source, restored name, wrapping, the
manifest's verdict and rules).
"""

import argparse
import json
import struct
import sys
from pathlib import Path

import yaml

XL_MAGIC = b"Xen saved domain, xl format\n \0 \r"
LIBXL_IDENT = b"LibxlFmt"
LIBXC_MARKER = b"\xff" * 8
REC_LIBXC_CONTEXT = 1
REC_END = 0
X86_PV, X86_HVM = 1, 2


def xl_parts(data):
    """(byte order prefix, mandatory flags, optional data, rest) of an xl save file, or None."""
    if not data.startswith(XL_MAGIC) or len(data) < 48:
        return None
    bo = data[32:36]
    e = "<" if bo == b"\x04\x03\x02\x01" else ">" if bo == b"\x01\x02\x03\x04" else None
    if e is None:
        return None
    mflags, _oflags, optlen = struct.unpack(e + "III", data[36:48])
    if 48 + optlen > len(data):
        return None
    return e, mflags, data[48:48 + optlen], data[48 + optlen:]


def config_of(optional, e="<"):
    """The configuration text inside xl's optional data (u32 length, then the text)."""
    (n,) = struct.unpack(e + "I", optional[:4])
    return optional[4:4 + n]


def xl_file(config, libxl_stream):
    """An xl save file as xl writes it on x86: JSON config (flag 0) and a libxl stream (flag 1)."""
    optional = struct.pack("<I", len(config)) + config
    head = struct.pack("<IIII", 0x01020304, 3, 0, len(optional))
    return XL_MAGIC + head + optional + libxl_stream


def libxl_wrap(libxc_stream):
    """A little-endian libxl stream whose LIBXC_CONTEXT carries the given libxc stream."""
    head = LIBXL_IDENT + struct.pack(">II", 2, 0)   # version 2, options 0: little-endian records
    return (head + struct.pack("<II", REC_LIBXC_CONTEXT, 0) + libxc_stream
            + struct.pack("<II", REC_END, 0))


def libxc_domain_type(data, at=0):
    """The domain type of the libxc stream starting at `at`, or None."""
    if data[at:at + 8] != LIBXC_MARKER or len(data) < at + 28:
        return None
    (options,) = struct.unpack(">H", data[at + 16:at + 18])
    e = ">" if options & 1 else "<"
    return struct.unpack(e + "I", data[at + 24:at + 28])[0]


def libxl_domain_type(data, at=0):
    """The domain type of the libxc stream after a libxl stream's LIBXC_CONTEXT, or None."""
    if data[at:at + 8] != LIBXL_IDENT or len(data) < at + 16:
        return None
    (options,) = struct.unpack(">I", data[at + 12:at + 16])
    e = ">" if options & 1 else "<"
    pos = at + 16
    while pos + 8 <= len(data):
        rtype, length = struct.unpack(e + "II", data[pos:pos + 8])
        if rtype == REC_LIBXC_CONTEXT:
            return libxc_domain_type(data, pos + 8)
        if rtype == REC_END:
            return None
        pos += 8 + ((length + 7) & ~7)
    return None


LIBXC_VCPU = {4: "basic", 5: "extended", 6: "xsave", 12: "msrs"}
LIBXC_HVM_CONTEXT, LIBXC_END, LIBXC_CHECKPOINT, LIBXC_PAGE_DATA = 9, 0, 14, 1


def libxc_records(f, at):
    """(type, body offset, length) of the little-endian libxc stream at `at` in file f, to END."""
    f.seek(at + 40)
    pos = at + 40
    while True:
        head = f.read(8)
        if len(head) < 8:
            return
        rtype, length = struct.unpack("<II", head)
        yield rtype, pos + 8, length
        pos += 8 + length + (-length) % 8
        if rtype in (LIBXC_END, LIBXC_CHECKPOINT):
            return
        f.seek(pos)


def real_contexts(pv_image, pvh_image):
    """The vcpu contexts and HVM_CONTEXT body Xen wrote into the real images."""
    ctx = {}
    for image in (pv_image, pvh_image):
        with open(image, "rb") as f:
            parts = xl_parts(f.read(1 << 16))
            at = 32 + 16 + len(parts[2]) + 16 + 8      # xl header, libxl header, LIBXC_CONTEXT
            for rtype, body, length in list(libxc_records(f, at)):
                if rtype in (4, 5, LIBXC_HVM_CONTEXT) and rtype not in ctx:
                    f.seek(body)
                    data = f.read(length)
                    ctx[rtype] = data if rtype == LIBXC_HVM_CONTEXT else data[8:]
    return ctx


def realctx(data, at, ctx):
    """`data` with the libxc stream at `at` given Xen's real vcpu and HVM contexts, or None."""
    if data[at:at + 8] != LIBXC_MARKER or struct.unpack(">H", data[at + 16:at + 18])[0] & 1:
        return None                                   # big-endian: Xen refuses it before anything
    out, pos, changed = bytearray(data[:at + 40]), at + 40, False
    while pos + 8 <= len(data):
        rtype, length = struct.unpack("<II", data[pos:pos + 8])
        end = pos + 8 + length + (-length) % 8
        body = data[pos + 8:pos + 8 + length]
        if rtype in (4, 5) and length > 8:
            body = body[:8] + ctx[rtype]
        elif rtype in (6, 12) and length > 8:
            body, changed = None, True
        elif rtype == LIBXC_HVM_CONTEXT and length > 0:
            body = ctx[LIBXC_HVM_CONTEXT]
        if body is None:
            pass
        elif body is not data[pos + 8:pos + 8 + length] and end <= len(data):
            out += struct.pack("<II", rtype, len(body)) + body + bytes((-len(body)) % 8)
            changed = True
        else:
            out += data[pos:end]
        pos = end
        if rtype in (LIBXC_END, LIBXC_CHECKPOINT):
            break
    out += data[pos:]
    return bytes(out) if changed else None


def libxc_offset_in_libxl(data, at=0):
    """Offset of the libxc stream after a little-endian libxl stream's LIBXC_CONTEXT, or None."""
    if data[at:at + 8] != LIBXL_IDENT or struct.unpack(">I", data[at + 12:at + 16])[0] & 1:
        return None
    pos = at + 16
    while pos + 8 <= len(data):
        rtype, length = struct.unpack("<II", data[pos:pos + 8])
        if rtype == REC_LIBXC_CONTEXT:
            return pos + 8
        if rtype == REC_END:
            return None
        pos += 8 + ((length + 7) & ~7)
    return None


def has_emulator(data, at):
    """Whether the little-endian libxl stream at `at` has an EMULATOR_* record."""
    pos, inner = at + 16, None
    while pos + 8 <= len(data):
        rtype, length = struct.unpack("<II", data[pos:pos + 8])
        if rtype in (2, 3):
            return True
        if rtype == REC_END:
            return False
        if rtype == REC_LIBXC_CONTEXT:       # step over the libxc stream to its END
            inner = pos + 8
            pos = inner + 40
            while pos + 8 <= len(data):
                t, n = struct.unpack("<II", data[pos:pos + 8])
                pos += 8 + n + (-n) % 8
                if t in (LIBXC_END, LIBXC_CHECKPOINT):
                    break
            continue
        pos += 8 + length + (-length) % 8
    return False


def template_config(path):
    parts = xl_parts(Path(path).read_bytes()[:1 << 16])
    if parts is None:
        sys.exit(f"wrap.py: {path} is not an xl save file")
    text = config_of(parts[2], parts[0])
    nul = text.endswith(b"\0")
    cfg = json.loads(text.rstrip(b"\0"))
    cfg["c_info"]["name"] = "oracle"
    cfg["c_info"].pop("uuid", None)
    cfg["b_info"]["max_vcpus"] = 2                  # the corpus's PV streams have vcpus 0 and 1
    cfg["b_info"]["avail_vcpus"] = [0, 1]
    out = json.dumps(cfg, indent=4).encode()
    return out + b"\0" if nul else out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--templates", required=True, help="directory with pv-save.xsi and pvh-save.xsi")
    p.add_argument("--out", required=True)
    p.add_argument("--manifest", default=None)
    p.add_argument("--only", default="", help="keep only the restores whose name contains this")
    p.add_argument("dirs", nargs="+")
    a = p.parse_args()
    cfg = {X86_PV: template_config(Path(a.templates) / "pv-save.xsi"),
           X86_HVM: template_config(Path(a.templates) / "pvh-save.xsi")}
    kind = {X86_PV: "pv", X86_HVM: "pvh"}
    # An HVM guest's config (a device model, QEMU) for the libxl streams that
    # carry EMULATOR_* records: restored as PVH, libxl refuses those records.
    hvm_image = Path(a.templates) / "hvm-save.xsi"
    hvm_cfg = template_config(hvm_image) if hvm_image.exists() else None
    ctx = real_contexts(Path(a.templates) / "pv-save.xsi", Path(a.templates) / "pvh-save.xsi")
    manifest = {}
    if a.manifest and Path(a.manifest).exists():
        for f in yaml.safe_load(Path(a.manifest).read_text())["files"]:
            manifest[f["path"]] = f
    base = Path(a.manifest).parent if a.manifest else None
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    items = []
    for d in a.dirs:
        for src in sorted(Path(d).rglob("*.xsi")):
            data = src.read_bytes()
            try:
                rel = str(src.resolve().relative_to(base.resolve())) if base else str(src)
            except ValueError:
                rel = str(src)
            m = manifest.get(rel, {})
            stem = rel.replace("/", "__").removesuffix(".xsi")
            common = {"source": rel, "verdict": m.get("verdict"), "rules": m.get("rules")}
            variants = []
            if data.startswith(XL_MAGIC):
                variants.append(("as-is", "the xl save file as it is", data, None))
                parts = xl_parts(data)
                if parts is not None and parts[1] & 2:
                    t = libxl_domain_type(parts[3])
                    t = t if t in cfg else X86_PV
                    variants.append(("xlcfg", "its libxl stream under an xl header with the "
                                     f"{kind[t]} template config",
                                     xl_file(cfg[t], parts[3]), kind[t]))
            elif data.startswith(LIBXL_IDENT):
                t = libxl_domain_type(data)
                t = t if t in cfg else X86_PV
                variants.append(("xl", "libxl stream under an xl header with the "
                                 f"{kind[t]} template config",
                                 xl_file(cfg[t], data), kind[t]))
            elif data.startswith(LIBXC_MARKER):
                t = libxc_domain_type(data)
                t = t if t in cfg else X86_PV
                variants.append(("libxl-xl", "libxc stream in a libxl stream "
                                 "(header, LIBXC_CONTEXT, END) "
                                 f"under an xl header with the {kind[t]} template config",
                                 xl_file(cfg[t], libxl_wrap(data)), kind[t]))
            else:
                continue   # version 1 and legacy images: xl restore cannot read them at all
            for tag, how, blob, config in list(variants):
                if tag == "as-is":
                    continue
                # blob is an xl save file we wrote: LE header, template config, then libxl.
                start = 48 + len(xl_parts(blob)[2])
                at = libxc_offset_in_libxl(blob, start)
                real = realctx(blob, at, ctx) if at is not None else None
                if real is not None:
                    variants.append((tag + ".realctx",
                                     how + "; vcpu and HVM contexts from Xen's real images",
                                     real, config))
                if real is not None and hvm_cfg and config == "pvh" and has_emulator(real, start):
                    parts = xl_parts(real)
                    variants.append((tag + ".realctx.hvmcfg",
                                     how + "; contexts from Xen's real images; the HVM guest's "
                                     "config (QEMU as device model)",
                                     xl_file(hvm_cfg, parts[3]), "hvm"))
            for tag, how, blob, config in variants:
                name = f"{stem}.{tag}.xsi"
                if a.only not in name:
                    continue
                (out / name).write_bytes(blob)
                items.append({**common, "restored": name, "wrapping": how, "config": config})
    (out / "wrapped.yaml").write_text(yaml.safe_dump(items, sort_keys=False, width=100))
    print(f"wrap.py: {len(items)} files to restore in {out}")


if __name__ == "__main__":
    main()
