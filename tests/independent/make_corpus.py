#!/usr/bin/env python3
"""Independent test corpus for the Xen domain save image, version 1
(format brief, Part I only).

A second implementation of the format, written from the brief alone without
reading xsif: its own writer, CRC-32C and reader. tests/test_independent.py
validates every image it makes with xsif and compares verdicts, so a
misreading of the brief shows up as a disagreement between the two.

    python3 make_corpus.py               # write images/ and manifest.json
    python3 make_corpus.py --self-check  # ... then re-read every file from disk
                                         # with an independent reader and check
                                         # the verdict / expected findings

Standard library only.
"""

import json
import os
import struct
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "images")
MANIFEST = os.path.join(HERE, "manifest.json")


# --------------------------------------------------------------------------
# CRC-32C (Castagnoli), reflected poly 0x82F63B78, init/xorout 0xFFFFFFFF
# --------------------------------------------------------------------------
def _crc_table():
    t = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


CRC_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283
assert crc32c(b"") == 0

# --------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------
END, PAGE_DATA, VCPU_INFO, VCPU_CONTEXT, X86_PV_INFO, P2M = range(6)
XENF = 0x58454E46
DATA_TYPES = {0x0, 0x1, 0x2, 0x3, 0x4, 0x9, 0xA, 0xB, 0xC}
NODATA_TYPES = {0xD, 0xE, 0xF}


def align8(n):
    return (n + 7) & ~7


# --------------------------------------------------------------------------
# writer
# --------------------------------------------------------------------------
@dataclass
class Rec:
    type: int
    body: bytes
    csum: bool = True
    opt_extra: int = 0  # extra bits OR-ed into record options
    reserved: bytes = bytes(6)  # record header reserved octets
    pad: bytes | None = None  # explicit padding octets (None: zeros)
    crc_mode: str = "normal"  # normal | flip | bodyonly | swapped | forced
    crc_forced: int = 0
    foot_res: int = 0


@dataclass
class Img:
    e: str = "<"  # '<' little, '>' big (image endianness)
    recs: list = field(default_factory=list)
    marker: bytes = b"\xff" * 8
    id: int = XENF
    version: int = 1
    hopts: int | None = None  # None: derived from e
    hres: bytes = bytes(6)
    arch: int = 1
    dtype: int = 1
    pshift: int = 12
    dres: int = 0
    tail: bytes = b""
    cut: int | None = None  # truncate to this many octets


def ser_rec(e, r: Rec) -> bytes:
    L = len(r.body)
    padlen = align8(L) - L
    pad = bytes(padlen) if r.pad is None else r.pad
    assert len(pad) == padlen
    opts = (1 if r.csum else 0) | r.opt_extra
    hdr = struct.pack(e + "IIH", r.type, L, opts) + r.reserved
    covered = r.body + pad
    if r.crc_mode == "forced":
        crc = r.crc_forced
    elif not r.csum:
        crc = 0
    elif r.crc_mode == "normal":
        crc = crc32c(covered)
    elif r.crc_mode == "flip":
        crc = crc32c(covered) ^ 0x00000100
    elif r.crc_mode == "bodyonly":
        crc = crc32c(r.body)
        assert crc != crc32c(covered)
    elif r.crc_mode == "swapped":
        crc = 0  # footer rebuilt below
    else:
        raise ValueError(r.crc_mode)
    foot = struct.pack(e + "II", crc, r.foot_res)
    if r.crc_mode == "swapped":  # correct value, wrong octet order
        crc = crc32c(covered)
        other = ">" if e == "<" else "<"
        foot = struct.pack(other + "I", crc) + struct.pack(e + "I", r.foot_res)
        assert foot[:4] != struct.pack(e + "I", crc)
    return hdr + r.body + pad + foot


def ser_img(im: Img) -> bytes:
    hopts = (1 if im.e == ">" else 0) if im.hopts is None else im.hopts
    out = im.marker + struct.pack(">IIH", im.id, im.version, hopts) + im.hres
    assert len(out) == 24
    out += struct.pack(im.e + "HHHH", im.arch, im.dtype, im.pshift, im.dres)
    for r in im.recs:
        out += ser_rec(im.e, r)
    out += im.tail
    if im.cut is not None:
        out = out[: im.cut]
    return out


# ---- bodies ---------------------------------------------------------------
def page_bytes(pfn, ptype, size=4096):
    seed = bytes([(pfn * 7 + ptype) & 0xFF, (pfn >> 8) & 0xFF, ptype, 0xA5])
    return (seed * (size // 4 + 1))[:size]


def pd_body(e, entries, *, count=None, reserved=0, psize=4096, drop_pages=0, extra=b""):
    """entries: list of (ptype, pfn) or (ptype, pfn, reserved_bits_59_52)."""
    ents = []
    data = []
    for ent in entries:
        ptype, pfn = ent[0], ent[1]
        rbits = ent[2] if len(ent) > 2 else 0
        ents.append(struct.pack(e + "Q", (ptype << 60) | (rbits << 52) | pfn))
        if ptype in DATA_TYPES:
            data.append(page_bytes(pfn, ptype, psize))
    if drop_pages:
        data = data[:-drop_pages]
    n = len(entries) if count is None else count
    return struct.pack(e + "II", n, reserved) + b"".join(ents) + b"".join(data) + extra


def vi_body(e, maxid, reserved=0):
    return struct.pack(e + "II", maxid, reserved)


def vc_body(e, vid, ctxlen, reserved=0):
    ctx = bytes((vid * 31 + i * 13 + 1) & 0xFF for i in range(ctxlen))
    return struct.pack(e + "II", vid, reserved) + ctx


def pv_body(width, levels, reserved=bytes(6), extra=b""):
    return bytes([width, levels]) + reserved + extra


def nframes(start, end, width, pshift=12):
    fpp = (1 << pshift) // width
    return end // fpp - start // fpp + 1


def p2m_body(e, start, end, width, *, pshift=12, frames=None, delta=0, frame_bits=0):
    F = nframes(start, end, width, pshift) + delta if frames is None else frames
    fr = [0x10000 + 3 * i + (start & 0xFF) for i in range(F)]
    if frame_bits and fr:
        fr[-1] |= frame_bits
    return struct.pack(e + "QQ", start, end) + b"".join(struct.pack(e + "Q", f) for f in fr)


def opt_rec(e, typ, n, csum=True):
    return Rec(typ, bytes((i * 5 + 3) & 0xFF for i in range(n)), csum)


# ---- the standard valid image ----------------------------------------------
def base(e="<", width=8, csum=True):
    levels = 4 if width == 8 else 3
    return Img(
        e=e,
        recs=[
            Rec(X86_PV_INFO, pv_body(width, levels), csum),
            Rec(P2M, p2m_body(e, 0, 1023, width), csum),
            Rec(PAGE_DATA, pd_body(e, [(0x1, 5), (0x0, 6), (0xF, 7)]), csum),
            Rec(VCPU_INFO, vi_body(e, 1), csum),
            Rec(VCPU_CONTEXT, vc_body(e, 0, 13), csum),
            Rec(VCPU_CONTEXT, vc_body(e, 1, 100), csum),
            Rec(END, b"", csum),
        ],
    )


def idx(im, typ, nth=0):
    return [i for i, r in enumerate(im.recs) if r.type == typ][nth]


def rec(im, typ, nth=0):
    return im.recs[idx(im, typ, nth)]


def offset_of_rec(im, i):
    """octet offset of record i in the serialized image"""
    off = 32
    for r in im.recs[:i]:
        off += 24 + align8(len(r.body))
    return off


def neutral(e="<", width=8, pshift=12):
    """Base image whose P2M and PAGE_DATA lengths do not depend on the guest
    width or the page size: P2M start == end (F = 1 for any fpp), and
    PAGE_DATA holding only entries that carry no data."""
    im = base(e, width)
    im.recs[idx(im, P2M)] = Rec(P2M, p2m_body(e, 3, 3, 8))
    im.recs[idx(im, PAGE_DATA)] = Rec(PAGE_DATA, pd_body(e, [(0xD, 3), (0xF, 4)]))
    im.pshift = pshift
    return im


# --------------------------------------------------------------------------
# the cases
# --------------------------------------------------------------------------
CASES = []  # (name, Img, verdict, category, broken, expected_codes)


def add(name, im, verdict, category, broken, errors=(), warnings=(), infos=()):
    CASES.append(
        dict(
            name=name,
            img=im,
            verdict=verdict,
            category=category,
            broken=broken,
            errors=set(errors),
            warnings=set(warnings),
            infos=set(infos),
        )
    )


def bad(name, im, category, broken, *codes):
    add(name, im, "invalid", category, broken, errors=codes)


def build_cases():
    # ======================= valid =========================================
    add(
        "valid_le_w8_csum_on",
        base("<", 8, True),
        "valid",
        "checksum",
        "none (LE, (8,4), every record checksummed)",
    )
    add(
        "valid_be_w8_csum_off",
        base(">", 8, False),
        "valid",
        "checksum",
        "none (BE, (8,4), no record checksummed)",
    )
    im = base("<", 4)
    for i, r in enumerate(im.recs):
        r.csum = bool(i % 2)
    add(
        "valid_le_w4_csum_mixed",
        im,
        "valid",
        "checksum",
        "none (LE, (4,3), checksum flag alternating per record)",
    )
    im = base(">", 4)
    for i, r in enumerate(im.recs):
        r.csum = not (i % 2)
    add(
        "valid_be_w4_csum_mixed",
        im,
        "valid",
        "checksum",
        "none (BE, (4,3), checksum flag alternating per record, END checksummed: CRC of empty = 0)",
    )

    # P2M arithmetic, width 8: fpp = 512
    e = "<"
    rng8 = [
        (500, 1030, 3),
        (511, 512, 2),
        (1023, 1023, 1),
        (0, 511, 1),
        (0, 512, 2),
        (1, 5000, 10),
        (1000, 1030, 2),
    ]
    recs = [Rec(X86_PV_INFO, pv_body(8, 4))]
    for k, (s, t, F) in enumerate(rng8):
        assert nframes(s, t, 8) == F
        recs.append(Rec(P2M, p2m_body(e, s, t, 8), csum=bool(k % 2)))
        recs.append(Rec(PAGE_DATA, pd_body(e, [(0x0, s), (0x1, t)] if s != t else [(0x0, s)])))
    recs += [Rec(VCPU_INFO, vi_body(e, 0)), Rec(VCPU_CONTEXT, vc_body(e, 0, 21)), Rec(END, b"")]
    add(
        "valid_le_w8_p2m_arith",
        Img(e=e, recs=recs),
        "valid",
        "p2m",
        "none ((8,4): fpp 512; P2M ranges 500-1030 F=3, 511-512 F=2, 1023-1023 F=1, "
        "0-511 F=1, 0-512 F=2, 1-5000 F=10, 1000-1030 F=2)",
    )

    # width 4: fpp = 1024
    e = ">"
    rng4 = [
        (1000, 3100, 4),
        (1023, 1024, 2),
        (2048, 2048, 1),
        (0, 1023, 1),
        (0, 1024, 2),
        (511, 512, 1),
        (100, 1000, 1),
        (1, 5000, 5),
    ]
    recs = [Rec(X86_PV_INFO, pv_body(4, 3))]
    for k, (s, t, F) in enumerate(rng4):
        assert nframes(s, t, 4) == F
        recs.append(Rec(P2M, p2m_body(e, s, t, 4), csum=bool(k % 2)))
        recs.append(Rec(PAGE_DATA, pd_body(e, [(0x0, s), (0x2, t)] if s != t else [(0x0, s)])))
    recs += [Rec(VCPU_INFO, vi_body(e, 0)), Rec(VCPU_CONTEXT, vc_body(e, 0, 7)), Rec(END, b"")]
    add(
        "valid_be_w4_p2m_arith",
        Img(e=e, recs=recs),
        "valid",
        "p2m",
        "none ((4,3): fpp 1024; P2M ranges 1000-3100 F=4, 1023-1024 F=2, 2048-2048 F=1, "
        "0-1023 F=1, 0-1024 F=2, 511-512 F=1, 100-1000 F=1, 1-5000 F=5)",
    )

    # all page types
    all_types = [0x0, 0x1, 0x2, 0x3, 0x4, 0x9, 0xA, 0xB, 0xC, 0xD, 0xE, 0xF]
    for e, nm in (("<", "le"), (">", "be")):
        im = base(e, 8, csum=(e == ">"))
        ents = [(t, 100 + i) for i, t in enumerate(all_types)]
        # interleave no-data types between data types too
        ents = ents[:2] + [ents[9]] + ents[2:5] + [ents[10]] + ents[5:9] + [ents[11]]
        im.recs[idx(im, P2M)] = Rec(P2M, p2m_body(e, 0, 200, 8), im.recs[1].csum)
        im.recs[idx(im, PAGE_DATA)] = Rec(PAGE_DATA, pd_body(e, ents), im.recs[1].csum)
        add(
            f"valid_{nm}_all_page_types",
            im,
            "valid",
            "page-data",
            "none (one PAGE_DATA with types 0x0-0x4, 0x9-0xC (page data) and 0xD/0xE/0xF "
            "(no page data), interleaved: 9 pages)",
        )

    # live migration rounds
    e = "<"
    im = Img(
        e=e,
        recs=[
            Rec(X86_PV_INFO, pv_body(8, 4)),
            Rec(P2M, p2m_body(e, 0, 511, 8)),
            Rec(PAGE_DATA, pd_body(e, [(0x0, 0), (0x0, 1), (0x4, 2), (0x0, 3)])),
            Rec(P2M, p2m_body(e, 0, 1023, 8), csum=False),
            Rec(PAGE_DATA, pd_body(e, [(0x0, 1), (0x1, 600), (0x0, 2)])),
            Rec(PAGE_DATA, pd_body(e, [(0x0, 1), (0xE, 3)]), csum=False),
            Rec(P2M, p2m_body(e, 0, 1500, 8)),
            Rec(PAGE_DATA, pd_body(e, [(0xC, 2), (0x0, 1200), (0x0, 1)])),
            Rec(VCPU_INFO, vi_body(e, 0)),
            Rec(VCPU_CONTEXT, vc_body(e, 0, 33)),
            Rec(END, b""),
        ],
    )
    add(
        "valid_le_live_migration",
        im,
        "valid",
        "page-data",
        "none (4 PAGE_DATA rounds re-sending pfn 1/2/3 in later records; P2M records between them)",
    )

    # optional records anywhere
    e = ">"
    im = base(e, 8)
    im.recs.insert(0, opt_rec(e, 0x80000000, 0))
    im.recs.insert(idx(im, PAGE_DATA), opt_rec(e, 0xFFFFFFFF, 3, csum=False))
    im.recs.insert(idx(im, VCPU_CONTEXT, 1), opt_rec(e, 0x80000005, 8))
    im.recs.insert(idx(im, END), opt_rec(e, 0xDEADBEEF, 17))
    add(
        "valid_be_optional_anywhere",
        im,
        "valid",
        "info",
        "none (unknown optional records 0x80000000 (first, before X86_PV_INFO), 0xFFFFFFFF, "
        "0x80000005 (between VCPU_CONTEXTs), 0xDEADBEEF (just before END); info expected)",
        infos={"optional"},
    )

    # vcpus in any order, odd context lengths
    e = "<"
    im = base(e, 8)
    vi = idx(im, VCPU_INFO)
    im.recs[vi] = Rec(VCPU_INFO, vi_body(e, 7))
    im.recs[vi + 1 : vi + 3] = [
        Rec(VCPU_CONTEXT, vc_body(e, 5, 1)),
        Rec(VCPU_CONTEXT, vc_body(e, 0, 9), csum=False),
        Rec(VCPU_CONTEXT, vc_body(e, 7, 4099)),
        Rec(VCPU_CONTEXT, vc_body(e, 2, 15)),
    ]
    add(
        "valid_le_vcpus_any_order",
        im,
        "valid",
        "vcpu-context",
        "none (max_vcpu_id 7; VCPU_CONTEXT ids 5,0,7,2 with context lengths 1,9,4099,15: "
        "body_length 9,17,4107,23 so padding 7,7,5,1)",
    )

    # everything checksummed incl. END, width 4, BE
    im = base(">", 4, True)
    add(
        "valid_be_w4_all_csum",
        im,
        "valid",
        "checksum",
        "none (BE, (4,3), all records incl. END checksummed; END's CRC-32C of empty input is 0)",
    )

    # VCPU_INFO early (dependencies, not a fixed order)
    e = "<"
    im = base(e, 8)
    r = im.recs.pop(idx(im, VCPU_INFO))
    im.recs.insert(1, r)
    add(
        "valid_le_vcpu_info_early",
        im,
        "valid",
        "layout",
        "none (order X86_PV_INFO, VCPU_INFO, P2M, PAGE_DATA, VCPU_CONTEXT x2, END)",
    )

    # PAGE_DATA with only no-data entries
    e = ">"
    im = base(e, 8)
    im.recs[idx(im, PAGE_DATA)] = Rec(PAGE_DATA, pd_body(e, [(0xD, 9), (0xE, 10), (0xF, 11)]))
    add(
        "valid_be_pagedata_no_pages",
        im,
        "valid",
        "page-data",
        "none (only PAGE_DATA has BROKEN, XALLOC, XTAB entries: body_length = 8+8*3 = 32)",
    )

    # large values
    e = "<"
    big = (1 << 52) - 1
    im = base(e, 8)
    im.recs[idx(im, P2M)] = Rec(P2M, p2m_body(e, big - 600, big, 8, frames=None))
    # frames near the 52-bit limit
    F = nframes(big - 600, big, 8)
    im.recs[idx(im, P2M)] = Rec(
        P2M,
        struct.pack(e + "QQ", big - 600, big)
        + b"".join(struct.pack(e + "Q", big - i) for i in range(F)),
    )
    im.recs[idx(im, PAGE_DATA)] = Rec(
        PAGE_DATA, pd_body(e, [(0x0, big), (0xF, big - 1), (0x9, big - 600)])
    )
    add(
        "valid_le_large_pfns",
        im,
        "valid",
        "p2m",
        "none (PFN 2^52-1 in pfn entries and P2M end, frame numbers up to 2^52-1: bits 63-52 zero)",
    )

    e = ">"
    im = base(e, 4)
    vi = idx(im, VCPU_INFO)
    im.recs[vi] = Rec(VCPU_INFO, vi_body(e, 0xFFFFFFFF))
    im.recs[vi + 1] = Rec(VCPU_CONTEXT, vc_body(e, 0xFFFFFFFF, 3))
    add(
        "valid_be_max_vcpu_id_ffffffff",
        im,
        "valid",
        "vcpu-info",
        "none (max_vcpu_id 0xFFFFFFFF; VCPU_CONTEXT ids 0xFFFFFFFF and 1)",
    )

    e = "<"
    im = Img(
        e=e,
        recs=[
            Rec(X86_PV_INFO, pv_body(4, 3), False),
            Rec(P2M, p2m_body(e, 0, 0, 4), False),
            Rec(PAGE_DATA, pd_body(e, [(0x0, 0)]), False),
            Rec(VCPU_INFO, vi_body(e, 0), False),
            Rec(VCPU_CONTEXT, vc_body(e, 0, 1), False),
            Rec(END, b"", False),
        ],
    )
    add(
        "valid_le_minimal",
        im,
        "valid",
        "layout",
        "none (minimal: (4,3), P2M start==end==0, one page, max_vcpu_id 0, context 1 octet)",
    )

    # ======================= warning / info ================================
    for e, nm in (("<", "le"), (">", "be")):
        im = base(e, 8)
        im.recs[idx(im, PAGE_DATA)] = Rec(PAGE_DATA, pd_body(e, [(0x1, 5), (0x0, 6), (0x0, 5)]))
        add(
            f"warn_{nm}_dup_pfn_in_record",
            im,
            "valid",
            "warning",
            'none; warning expected: "The same PFN may appear again in a later PAGE_DATA '
            'record ...; twice within one record is a warning" (pfn 5 twice in one record)',
            warnings={"pd-dup-pfn"},
        )
    im = base("<", 8)
    im.recs.insert(idx(im, VCPU_CONTEXT), opt_rec("<", 0x80000001, 8))
    add(
        "info_le_unknown_optional",
        im,
        "valid",
        "info",
        'none; info expected: optional type 0x80000001 "an unknown one may be skipped; '
        'report it as information, not as an error"',
        infos={"optional"},
    )

    # ======================= invalid: image header =========================
    im = base()
    im.marker = b"\xff" * 7 + b"\xfe"
    bad(
        "bad_marker_one_zero_bit",
        im,
        "image-header",
        'marker must be 0xFFFFFFFFFFFFFFFF: "If any of the first 8 octets has a zero bit, '
        'the file is not an image of this format" (last bit clear)',
        "marker",
    )
    im = base()
    im.marker = b"\x7f" + b"\xff" * 7
    bad(
        "bad_marker_top_bit_zero",
        im,
        "image-header",
        "marker with a zero bit (bit 63 clear): not an image of this format",
        "marker",
    )
    im = base()
    im.marker = struct.pack("<Q", 0x40000)
    bad(
        "legacy_64bit_toolstack",
        im,
        "legacy",
        'marker: octets 4-7 all zero, "suggests a legacy image from a 64-bit toolstack '
        '(p2m_size < 2^32)"',
        "marker",
    )
    im = base()
    im.marker = struct.pack("<I", 0x40000) + b"\xff" * 4
    bad(
        "legacy_32bit_toolstack",
        im,
        "legacy",
        'marker: octets 4-7 0xFFFFFFFF, "suggests a 32-bit toolstack PV image"',
        "marker",
    )
    im = base()
    im.id = 0x46454E58
    bad(
        "bad_id_byteswapped",
        im,
        "image-header",
        "id must be 0x58454E46 (\"XENF\"); here 'FNEX'",
        "id",
    )
    im = base()
    im.id = 0
    bad("bad_id_zero", im, "image-header", 'id must be 0x58454E46 ("XENF"); here 0', "id")
    for v, nm, why in (
        (0, "0", "0"),
        (0x02000000, "2_le", "0x02000000 (2 written little-endian)"),
        (0x01000000, "1_le", "0x01000000 (1 written little-endian)"),
        (99, "99", "99"),
    ):
        im = base(">")
        im.version = v
        bad(
            f"bad_version_{nm}",
            im,
            "image-header",
            f'version "1 for this part; 2 and 3 are Part II"; here {why}',
            "version",
        )
    im = base("<")
    im.hopts = 0x0002
    bad(
        "bad_hdr_options_bit1",
        im,
        "image-header",
        'image header options "bits 1-15 reserved": bit 1 set',
        "hdr-options",
    )
    im = base(">")
    im.hopts = 0x8001
    bad(
        "bad_hdr_options_bit15",
        im,
        "image-header",
        'image header options "bits 1-15 reserved": bit 15 set',
        "hdr-options",
    )
    im = base()
    im.hres = b"\x00\x00\x00\x00\x00\x01"
    bad(
        "bad_hdr_reserved_last",
        im,
        "image-header",
        'image header octets 18-23 "reserved: zero": octet 23 = 1',
        "hdr-reserved",
    )
    im = base(">")
    im.hres = b"\x80" + bytes(5)
    bad(
        "bad_hdr_reserved_first",
        im,
        "image-header",
        'image header octets 18-23 "reserved: zero": octet 18 = 0x80',
        "hdr-reserved",
    )

    # ======================= invalid: domain header ========================
    im = neutral()
    im.arch = 0
    bad(
        "bad_arch_0",
        im,
        "domain-header",
        'arch "0 reserved": (0,1) "not defined by version 1"',
        "arch-type",
    )
    im = neutral()
    im.arch = 2
    bad(
        "bad_arch_2_arm",
        im,
        "domain-header",
        'arch 2 ARM: "ARM: none defined in version 1"; (2,1) "not defined by version 1"',
        "arch-type",
    )
    im = neutral(">")
    im.arch = 7
    bad("bad_arch_7", im, "domain-header", 'arch 7 "others reserved"', "arch-type")
    im = neutral()
    im.dtype = 0
    bad(
        "bad_x86_type_0",
        im,
        "domain-header",
        'x86 type "0 and 2-0xFFFF reserved": type 0',
        "arch-type",
    )
    im = neutral(">")
    im.dtype = 2
    bad(
        "bad_x86_type_2",
        im,
        "domain-header",
        'x86 type "0 and 2-0xFFFF reserved": type 2',
        "arch-type",
    )
    im = neutral(pshift=13)
    bad(
        "bad_page_shift_13",
        im,
        "domain-header",
        'page_shift: "x86 requires 12"; here 13 (P2M start==end and no data pages so '
        "nothing else depends on the page size)",
        "page-shift",
    )
    im = neutral()
    im.dres = 1
    bad(
        "bad_domain_reserved",
        im,
        "domain-header",
        'domain header octets 6-7 "reserved: zero"',
        "dom-reserved",
    )

    # ======================= invalid: framing ==============================
    im = base()
    rec(im, VCPU_INFO).opt_extra = 0x2
    bad(
        "bad_rec_options_bit1",
        im,
        "framing",
        'record options "bits 1-15 reserved": bit 1 set on VCPU_INFO',
        "rec-options",
    )
    im = base(">")
    rec(im, END).opt_extra = 0x8000
    bad(
        "bad_rec_options_bit15",
        im,
        "framing",
        'record options "bits 1-15 reserved": bit 15 set on END',
        "rec-options",
    )
    im = base()
    rec(im, P2M).reserved = bytes(5) + b"\x01"
    bad(
        "bad_rec_reserved",
        im,
        "framing",
        'record header octets 10-15 "reserved: zero": octet 15 of P2M header = 1',
        "rec-reserved",
    )
    im = base(">")
    rec(im, X86_PV_INFO).reserved = b"\x01" + bytes(5)
    bad(
        "bad_rec_reserved_first",
        im,
        "framing",
        'record header octets 10-15 "reserved: zero": octet 10 of X86_PV_INFO header = 1',
        "rec-reserved",
    )
    im = base()
    r = rec(im, VCPU_CONTEXT)
    r.csum = False
    r.pad = b"\x00\x00\x01"
    assert len(r.body) % 8 == 5
    bad(
        "bad_padding_nonzero",
        im,
        "framing",
        'padding after body "zero": last padding octet of VCPU_CONTEXT = 1 (checksum flag clear)',
        "padding",
    )
    im = base()
    r = rec(im, VCPU_CONTEXT)
    r.pad = b"\xff\xff\xff"
    bad(
        "bad_padding_nonzero_csummed",
        im,
        "framing",
        'padding "zero": padding octets 0xFF; the record\'s CRC-32C is correct over body+padding as '
        'written ("It covers the body and the padding")',
        "padding",
    )
    im = base()
    rec(im, VCPU_INFO).foot_res = 1
    bad(
        "bad_footer_reserved",
        im,
        "framing",
        'footer octets 4-7 "reserved: zero"',
        "footer-reserved",
    )
    im = base(">")
    rec(im, END).foot_res = 0x80000000
    bad(
        "bad_footer_reserved_end",
        im,
        "framing",
        'footer reserved "zero" (END record)',
        "footer-reserved",
    )

    # ======================= invalid: checksum =============================
    im = base()
    rec(im, PAGE_DATA).crc_mode = "flip"
    bad(
        "bad_crc_flag_set",
        im,
        "checksum",
        'options bit 0 set but checksum != "CRC-32C of body + padding" (PAGE_DATA, one bit flipped)',
        "csum-bad",
    )
    im = base(">")
    r = rec(im, VCPU_CONTEXT)
    r.crc_mode = "bodyonly"
    bad(
        "bad_crc_body_only",
        im,
        "checksum",
        'checksum computed over the body only; it must "cover the body and the padding"',
        "csum-bad",
    )
    im = base(">")
    rec(im, X86_PV_INFO).crc_mode = "swapped"
    bad(
        "bad_crc_wrong_endianness",
        im,
        "checksum",
        'checksum written little-endian in a big-endian image (record framing is "image endianness")',
        "csum-bad",
    )
    im = base()
    r = rec(im, END)
    r.crc_mode = "forced"
    r.crc_forced = 0xE3069283
    bad(
        "bad_crc_end_nonzero",
        im,
        "checksum",
        "END checksummed: CRC-32C of empty body must be 0, stored 0xE3069283",
        "csum-bad",
    )
    im = base("<", 8, False)
    r = rec(im, VCPU_INFO)
    r.crc_mode = "forced"
    r.crc_forced = crc32c(r.body)
    bad(
        "bad_crc_nonzero_flag_clear",
        im,
        "checksum",
        'checksum "CRC-32C ... when options bit 0 is set; else 0": flag clear, correct CRC stored',
        "csum-nonzero",
    )

    # ======================= invalid: record types / END ===================
    for t in (0x6, 0x7FFFFFFF):
        im = base()
        im.recs.insert(idx(im, VCPU_INFO), Rec(t, bytes(8)))
        bad(
            f"bad_type_{t:#x}",
            im,
            "record-type",
            f'type {t:#x}: "0x00000006-0x7FFFFFFF reserved, mandatory: an unknown one is an error"',
            "type-unknown",
        )
    im = base()
    rec(im, END).body = bytes(8)
    bad("bad_end_length_8", im, "end", '"END: body_length 0"; here 8 (zero body)', "end-length")
    im = base(">")
    rec(im, END).body = b"\x00"
    bad("bad_end_length_1", im, "end", '"END: body_length 0"; here 1', "end-length")

    # ======================= invalid: PAGE_DATA ============================
    im = base()
    rec(im, PAGE_DATA).body = pd_body("<", [])
    bad(
        "bad_pd_count_0",
        im,
        "page-data",
        'PAGE_DATA "count u4 (> 0)": count 0, body_length 8',
        "pd-count",
    )
    im = base(">")
    rec(im, PAGE_DATA).body = pd_body(">", [(0x1, 5), (0x0, 6), (0xF, 7)], reserved=1)
    bad("bad_pd_reserved", im, "page-data", 'PAGE_DATA "reserved u4" non-zero', "pd-reserved")
    im = base()
    rec(im, PAGE_DATA).body = pd_body("<", [(0x1, 5), (0x0, 6, 0x01), (0xF, 7)])
    bad(
        "bad_pd_pfn_bit52",
        im,
        "page-data",
        'pfn entry "bits 59-52 reserved": bit 52 set',
        "pd-pfn-reserved",
    )
    im = base(">")
    rec(im, PAGE_DATA).body = pd_body(">", [(0x1, 5), (0x0, 6), (0xF, 7, 0x80)])
    bad(
        "bad_pd_pfn_bit59",
        im,
        "page-data",
        'pfn entry "bits 59-52 reserved": bit 59 set (on an XTAB entry)',
        "pd-pfn-reserved",
    )
    for t in (5, 6, 7, 8):
        e = "<" if t % 2 else ">"
        im = base(e)
        rec(im, PAGE_DATA).body = pd_body(e, [(0x1, 5), (t, 6), (0x0, 7)])
        bad(
            f"bad_pd_type_{t}",
            im,
            "page-data",
            f'page type {t:#x}: "0x5-0x8 invalid" (no page data written for it: only 0x0-0x4 and '
            f"0x9-0xC carry data)",
            "pd-type",
        )
    im = base()
    rec(im, PAGE_DATA).body = pd_body("<", [(0x1, 5), (0x0, 6), (0xF, 7)], drop_pages=1)
    bad(
        "bad_pd_length_short_page",
        im,
        "page-data",
        '"body_length = 8 + 8*count + N*2^page_shift exactly": one page missing',
        "pd-length",
    )
    im = base(">")
    rec(im, PAGE_DATA).body = pd_body(">", [(0x1, 5), (0x0, 6), (0xF, 7)], extra=bytes(8))
    bad(
        "bad_pd_length_long",
        im,
        "page-data",
        '"body_length = 8 + 8*count + N*2^page_shift exactly": 8 extra octets',
        "pd-length",
    )
    im = base()
    rec(im, PAGE_DATA).body = pd_body("<", [(0x1, 5), (0x0, 6), (0xD, 7)])
    rec(im, PAGE_DATA).body += page_bytes(7, 0xD)
    bad(
        "bad_pd_length_page_for_broken",
        im,
        "page-data",
        '"BROKEN, XALLOC and XTAB carry none": a page written for a BROKEN entry (body too long)',
        "pd-length",
    )
    im = base(">")
    im.recs.insert(
        idx(im, PAGE_DATA) + 1, Rec(PAGE_DATA, pd_body(">", [(0xF, 7), (0xE, 8)], count=3))
    )
    bad(
        "bad_pd_length_count_too_big",
        im,
        "page-data",
        "second PAGE_DATA: count 3 but body_length 24 holds only 2 pfn entries (< 8 + 8*count)",
        "pd-length",
    )

    # ======================= invalid: VCPU_INFO ============================
    im = base()
    rec(im, VCPU_INFO).body = vi_body("<", 1) + bytes(8)
    bad(
        "bad_vi_length_16",
        im,
        "vcpu-info",
        'VCPU_INFO "body_length exactly 8"; here 16',
        "vi-length",
    )
    im = base(">")
    rec(im, VCPU_INFO).body = struct.pack(">I", 1)
    bad(
        "bad_vi_length_4", im, "vcpu-info", 'VCPU_INFO "body_length exactly 8"; here 4', "vi-length"
    )
    im = base()
    rec(im, VCPU_INFO).body = vi_body("<", 1, reserved=0x100)
    bad("bad_vi_reserved", im, "vcpu-info", 'VCPU_INFO "reserved u4" non-zero', "vi-reserved")

    # ======================= invalid: VCPU_CONTEXT =========================
    im = base()
    rec(im, VCPU_CONTEXT, 1).body = vc_body("<", 1, 0)
    bad(
        "bad_vc_length_8",
        im,
        "vcpu-context",
        'VCPU_CONTEXT "context (opaque, non-empty); body_length > 8": body_length 8',
        "vc-length",
    )
    im = base(">")
    rec(im, VCPU_CONTEXT, 1).body = struct.pack(">I", 1)
    bad(
        "bad_vc_length_4",
        im,
        "vcpu-context",
        'VCPU_CONTEXT "body_length > 8": body_length 4 (vcpu_id only)',
        "vc-length",
    )
    im = base()
    rec(im, VCPU_CONTEXT, 0).body = vc_body("<", 0, 13, reserved=1)
    bad("bad_vc_reserved", im, "vcpu-context", 'VCPU_CONTEXT "reserved u4" non-zero', "vc-reserved")

    # ======================= invalid: X86_PV_INFO ==========================
    im = neutral()
    rec(im, X86_PV_INFO).body = pv_body(8, 4, extra=bytes(8))
    bad(
        "bad_pv_length_16",
        im,
        "x86-pv-info",
        'X86_PV_INFO "body_length exactly 8"; here 16',
        "pv-length",
    )
    im = neutral(">")
    rec(im, X86_PV_INFO).body = bytes([8, 4, 0, 0])
    bad(
        "bad_pv_length_4",
        im,
        "x86-pv-info",
        'X86_PV_INFO "body_length exactly 8"; here 4',
        "pv-length",
    )
    im = neutral()
    rec(im, X86_PV_INFO).body = pv_body(2, 4)
    bad("bad_pv_width_2", im, "x86-pv-info", '"guest_width u1 (4 or 8)": 2', "pv-width")
    im = neutral(">")
    rec(im, X86_PV_INFO).body = pv_body(8, 2)
    bad("bad_pv_levels_2", im, "x86-pv-info", '"pt_levels u1 (3 or 4)": 2', "pv-levels")
    im = neutral()
    rec(im, X86_PV_INFO).body = pv_body(8, 3)
    bad(
        "bad_pv_pair_8_3",
        im,
        "x86-pv-info",
        '"Only (4, 3) - 32-bit PAE - and (8, 4) - 64-bit - are valid pairs": (8,3)',
        "pv-pair",
    )
    im = neutral(">")
    rec(im, X86_PV_INFO).body = pv_body(4, 4)
    bad(
        "bad_pv_pair_4_4",
        im,
        "x86-pv-info",
        '"Only (4, 3) ... and (8, 4) ... are valid pairs": (4,4)',
        "pv-pair",
    )
    im = base()
    rec(im, X86_PV_INFO).body = pv_body(8, 4, reserved=bytes(5) + b"\x01")
    bad(
        "bad_pv_reserved",
        im,
        "x86-pv-info",
        'X86_PV_INFO "reserved 6 octets" non-zero',
        "pv-reserved",
    )

    # ======================= invalid: P2M ==================================
    im = base()
    rec(im, P2M).body = p2m_body("<", 7, 5, 8)
    bad(
        "bad_p2m_start_gt_end",
        im,
        "p2m",
        'P2M "(start <= end)": start 7, end 5 (same frame, body_length 24)',
        "p2m-order",
    )
    im = base()
    rec(im, P2M).body = p2m_body("<", 0, 1023, 8, delta=1)
    bad(
        "bad_p2m_length_extra_frame",
        im,
        "p2m",
        '"body_length = 16 + 8*F exactly": (8,4), 0..1023 needs F=2, 3 frames written',
        "p2m-length",
    )
    im = base(">", 4)
    rec(im, P2M).body = p2m_body(">", 100, 1000, 8)
    bad(
        "bad_p2m_length_w4_uses_fpp512",
        im,
        "p2m",
        '"body_length = 16 + 8*F exactly": (4,3), fpp 1024, 100..1000 needs F=1; 2 frames written '
        "(fpp 512 arithmetic)",
        "p2m-length",
    )
    im = base("<", 8)
    rec(im, P2M).body = p2m_body("<", 511, 512, 4)
    bad(
        "bad_p2m_length_w8_uses_fpp1024",
        im,
        "p2m",
        '"body_length = 16 + 8*F exactly": (8,4), fpp 512, 511..512 needs F=2; 1 frame written',
        "p2m-length",
    )
    im = base()
    rec(im, P2M).body = p2m_body("<", 0, 1023, 8, frame_bits=1 << 52)
    bad(
        "bad_p2m_frame_bit52",
        im,
        "p2m",
        '"Bits 63-52 of each frame number are zero": bit 52 set',
        "p2m-frame",
    )
    im = base(">")
    rec(im, P2M).body = p2m_body(">", 0, 1023, 8, frame_bits=1 << 63)
    bad(
        "bad_p2m_frame_bit63",
        im,
        "p2m",
        '"Bits 63-52 of each frame number are zero": bit 63 set',
        "p2m-frame",
    )

    # ======================= invalid: layout ===============================
    im = neutral()
    im.recs.pop(idx(im, X86_PV_INFO))
    bad("bad_layout_no_pv_info", im, "layout", 'rule 2 "Exactly one X86_PV_INFO": none', "L-no-pv")
    im = base()
    im.recs.insert(1, Rec(X86_PV_INFO, pv_body(8, 4)))
    bad(
        "bad_layout_two_pv_info",
        im,
        "layout",
        'rule 2 "Exactly one X86_PV_INFO": two identical ones, both before any P2M',
        "L-multi-pv",
    )
    im = neutral()
    r = im.recs.pop(idx(im, X86_PV_INFO))
    im.recs.insert(idx(im, P2M) + 1, r)
    bad(
        "bad_layout_pv_info_after_p2m",
        im,
        "layout",
        'rule 2 X86_PV_INFO "precedes every P2M, PAGE_DATA, VCPU_INFO and VCPU_CONTEXT": after the P2M '
        "(P2M start==end so its length is width-independent)",
        "L-pv-late",
    )
    im = base()
    im.recs.pop(idx(im, P2M))
    bad("bad_layout_no_p2m", im, "layout", 'rule 3 "At least one P2M": none', "L-no-p2m")
    im = base()
    r = im.recs.pop(idx(im, P2M))
    im.recs.insert(idx(im, PAGE_DATA) + 1, r)
    bad(
        "bad_layout_pd_before_p2m",
        im,
        "layout",
        'rule 3 "the first P2M precedes the first PAGE_DATA": PAGE_DATA, then P2M',
        "L-pd-before-p2m",
    )
    im = base()
    im.recs.pop(idx(im, PAGE_DATA))
    bad("bad_layout_no_page_data", im, "layout", 'rule 4 "At least one PAGE_DATA": none', "L-no-pd")
    im = base()
    im.recs.pop(idx(im, VCPU_INFO))
    bad("bad_layout_no_vcpu_info", im, "layout", 'rule 5 "Exactly one VCPU_INFO": none', "L-no-vi")
    im = base()
    im.recs.insert(idx(im, VCPU_INFO), Rec(VCPU_INFO, vi_body("<", 1)))
    bad(
        "bad_layout_two_vcpu_info",
        im,
        "layout",
        'rule 5 "Exactly one VCPU_INFO": two identical ones, both before any VCPU_CONTEXT',
        "L-multi-vi",
    )
    im = base()
    r = im.recs.pop(idx(im, VCPU_INFO))
    im.recs.insert(idx(im, VCPU_CONTEXT) + 1, r)
    bad(
        "bad_layout_vc_before_vi",
        im,
        "layout",
        'rule 5 VCPU_INFO "precedes every VCPU_CONTEXT": VCPU_CONTEXT 0, VCPU_INFO, VCPU_CONTEXT 1',
        "L-vc-before-vi",
    )
    im = base()
    im.recs = [r for r in im.recs if r.type != VCPU_CONTEXT]
    bad(
        "bad_layout_no_vcpu_context",
        im,
        "layout",
        'rule 6 "At least one VCPU_CONTEXT": none',
        "L-no-vc",
    )
    im = base()
    rec(im, VCPU_CONTEXT, 1).body = vc_body("<", 2, 100)
    bad(
        "bad_layout_vcpu_id_gt_max",
        im,
        "layout",
        'rule 6 "each vcpu_id <= max_vcpu_id": max 1, ids 0 and 2',
        "L-vcpu-range",
    )
    im = base(">")
    rec(im, VCPU_CONTEXT, 1).body = vc_body(">", 0, 100)
    bad(
        "bad_layout_vcpu_id_twice",
        im,
        "layout",
        'rule 6 each vcpu_id "appears once": id 0 twice',
        "L-vcpu-dup",
    )
    im = base()
    im.recs.insert(idx(im, VCPU_CONTEXT, 1), Rec(PAGE_DATA, pd_body("<", [(0x0, 6)])))
    bad(
        "bad_layout_pd_after_vc",
        im,
        "layout",
        'rule 7 "No PAGE_DATA or P2M after the first VCPU_CONTEXT": PAGE_DATA between the two '
        "VCPU_CONTEXTs",
        "L-pd-after-vc",
    )
    im = base(">")
    im.recs.insert(idx(im, END), Rec(P2M, p2m_body(">", 0, 1023, 8)))
    bad(
        "bad_layout_p2m_after_vc",
        im,
        "layout",
        'rule 7 "No PAGE_DATA or P2M after the first VCPU_CONTEXT": P2M after the last VCPU_CONTEXT',
        "L-p2m-after-vc",
    )
    im = base()
    im.recs.pop(idx(im, END))
    bad(
        "bad_layout_no_end",
        im,
        "end",
        'rule 8 "Exactly one END, last": none (file ends cleanly after a VCPU_CONTEXT record)',
        "L-no-end",
    )
    im = base()
    im.recs.append(Rec(END, b""))
    bad(
        "bad_layout_two_ends",
        im,
        "end",
        'rule 8 "Exactly one END": two END records at the end',
        "L-multi-end",
    )
    im = base()
    im.tail = bytes(8)
    bad(
        "bad_trailing_zeros_after_end",
        im,
        "trailing",
        'rule 8 "In a standalone image nothing follows it": 8 zero octets after END',
        "trailing",
    )
    im = base(">")
    im.tail = b"\x01"
    bad(
        "bad_trailing_octet_after_end",
        im,
        "trailing",
        'rule 8 "nothing follows" END: 1 octet after END',
        "trailing",
    )
    im = base()
    im.recs.append(opt_rec("<", 0x80000000, 8))
    bad(
        "bad_optional_after_end",
        im,
        "trailing",
        'rule 9 optional records "between the domain header and END" / rule 8 nothing follows END: '
        "an optional record after END",
        "trailing",
    )

    # ======================= invalid: truncation ===========================
    def trunc(name, im, cut, where):
        im.cut = cut
        bad(name, im, "truncation", f"truncated {where}: file is {cut} octets", "truncated")

    trunc("trunc_image_header", base(), 10, "inside the 24-octet image header")
    trunc("trunc_image_header_marker", base(">"), 4, "inside the marker")
    trunc("trunc_domain_header", base(), 28, "inside the 8-octet domain header")
    im = base()
    o = offset_of_rec(im, idx(im, END))
    trunc("trunc_mid_record_header", im, o + 8, "mid END record header (8 of 16 octets)")
    im = base(">")
    o = offset_of_rec(im, idx(im, VCPU_CONTEXT, 1))
    trunc("trunc_mid_body", im, o + 16 + 50, "mid VCPU_CONTEXT body (50 of 100 octets)")
    im = base()
    o = offset_of_rec(im, idx(im, VCPU_CONTEXT, 1))
    trunc("trunc_mid_padding", im, o + 16 + 102, "in the padding of a VCPU_CONTEXT (body 100)")
    im = base()
    o = offset_of_rec(im, idx(im, END))
    trunc("trunc_mid_footer", im, o + 16 + 4, "mid END footer (4 of 8 octets)")
    im = base(">")
    o = offset_of_rec(im, idx(im, PAGE_DATA))
    trunc("trunc_mid_page", im, o + 16 + 8 + 24 + 1000, "inside PAGE_DATA page data")


# --------------------------------------------------------------------------
# independent reader (used by --self-check)
# --------------------------------------------------------------------------
def read_image(data: bytes):
    """Return (errors, warnings, infos) as sets of short codes."""
    errs, warns, infos = set(), set(), set()
    if len(data) < 24:
        errs.add("truncated")
        if len(data) >= 1 and data[: min(8, len(data))] != b"\xff" * min(8, len(data)):
            errs.add("marker")
        return errs, warns, infos
    if data[:8] != b"\xff" * 8:
        errs.add("marker")
        # the rest is still examined, to prove the test changes one thing only
    ident, version, hopts = struct.unpack_from(">IIH", data, 8)
    if ident != XENF:
        errs.add("id")
    if version != 1:
        errs.add("version")
    if hopts & 0xFFFE:
        errs.add("hdr-options")
    if any(data[18:24]):
        errs.add("hdr-reserved")
    e = ">" if hopts & 1 else "<"
    if len(data) < 32:
        errs.add("truncated")
        return errs, warns, infos
    arch, dtype, pshift, dres = struct.unpack_from(e + "HHHH", data, 24)
    if (arch, dtype) != (1, 1):
        errs.add("arch-type")
    if arch == 1 and pshift != 12:
        errs.add("page-shift")
    if dres:
        errs.add("dom-reserved")
    psize = 1 << pshift

    seq = []  # record types in order (for layout)
    width = None
    vcpu_ids = []
    max_vcpu = None
    p2m_pending = []  # P2M bodies seen before width was known
    pos = 32
    truncated = False
    end_seen = False

    def check_p2m(body, w):
        start, end = struct.unpack_from(e + "QQ", body, 0)
        ws = [w] if w in (4, 8) else [4, 8]
        ok = False
        for ww in ws:
            fpp = psize // ww
            F = end // fpp - start // fpp + 1
            if len(body) == 16 + 8 * F:
                ok = True
        if not ok:
            errs.add("p2m-length")

    while pos < len(data):
        if end_seen:
            # something after END
            if len(data) - pos >= 24:
                t, L = struct.unpack_from(e + "II", data, pos)
                if t == END and L == 0 and len(data) - pos == 24:
                    errs.add("L-multi-end")
                    break
            errs.add("trailing")
            break
        if len(data) - pos < 16:
            truncated = True
            break
        t, L, opts = struct.unpack_from(e + "IIH", data, pos)
        if opts & 0xFFFE:
            errs.add("rec-options")
        if any(data[pos + 10 : pos + 16]):
            errs.add("rec-reserved")
        total = 24 + align8(L)
        if len(data) - pos < total:
            truncated = True
            break
        body = data[pos + 16 : pos + 16 + L]
        pad = data[pos + 16 + L : pos + 16 + align8(L)]
        crc, fres = struct.unpack_from(e + "II", data, pos + 16 + align8(L))
        pos += total
        if any(pad):
            errs.add("padding")
        if opts & 1:
            if crc != crc32c(body + pad):
                errs.add("csum-bad")
        elif crc != 0:
            errs.add("csum-nonzero")
        if fres:
            errs.add("footer-reserved")

        if t & 0x80000000:
            infos.add("optional")
            continue
        if t > P2M:
            errs.add("type-unknown")
            continue
        seq.append(t)
        if t == END:
            if L != 0:
                errs.add("end-length")
            end_seen = True
        elif t == PAGE_DATA:
            if L < 8:
                errs.add("pd-length")
                continue
            count, res = struct.unpack_from(e + "II", body, 0)
            if count == 0:
                errs.add("pd-count")
            if res:
                errs.add("pd-reserved")
            if L < 8 + 8 * count:
                errs.add("pd-length")
                continue
            n = 0
            seen = set()
            for i in range(count):
                (ent,) = struct.unpack_from(e + "Q", body, 8 + 8 * i)
                ptype, rbits, pfn = ent >> 60, (ent >> 52) & 0xFF, ent & ((1 << 52) - 1)
                if rbits:
                    errs.add("pd-pfn-reserved")
                if 5 <= ptype <= 8:
                    errs.add("pd-type")
                if ptype in DATA_TYPES:
                    n += 1
                if pfn in seen:
                    warns.add("pd-dup-pfn")
                seen.add(pfn)
            if L != 8 + 8 * count + n * psize:
                errs.add("pd-length")
        elif t == VCPU_INFO:
            if L != 8:
                errs.add("vi-length")
            if L >= 4 and max_vcpu is None:
                (max_vcpu,) = struct.unpack_from(e + "I", body, 0)
            if L >= 8 and struct.unpack_from(e + "I", body, 4)[0]:
                errs.add("vi-reserved")
        elif t == VCPU_CONTEXT:
            if L <= 8:
                errs.add("vc-length")
            if L >= 4:
                vcpu_ids.append(struct.unpack_from(e + "I", body, 0)[0])
            if L >= 8 and struct.unpack_from(e + "I", body, 4)[0]:
                errs.add("vc-reserved")
        elif t == X86_PV_INFO:
            if L != 8:
                errs.add("pv-length")
            if L >= 2:
                w, lv = body[0], body[1]
                if w not in (4, 8):
                    errs.add("pv-width")
                if lv not in (3, 4):
                    errs.add("pv-levels")
                if w in (4, 8) and lv in (3, 4) and (w, lv) not in ((4, 3), (8, 4)):
                    errs.add("pv-pair")
                if width is None:
                    width = w
                    for b in p2m_pending:
                        check_p2m(b, width)
                    p2m_pending = []
            if any(body[2:8]):
                errs.add("pv-reserved")
        elif t == P2M:
            if L < 16:
                errs.add("p2m-length")
                continue
            start, end = struct.unpack_from(e + "QQ", body, 0)
            if start > end:
                errs.add("p2m-order")
            if (L - 16) % 8:
                errs.add("p2m-length")
            else:
                for i in range((L - 16) // 8):
                    (fr,) = struct.unpack_from(e + "Q", body, 16 + 8 * i)
                    if fr >> 52:
                        errs.add("p2m-frame")
                if width is None:
                    p2m_pending.append(body)
                else:
                    check_p2m(body, width)

    for b in p2m_pending:
        check_p2m(b, None)
    if truncated:
        errs.add("truncated")
        return errs, warns, infos

    # layout (Part I rules 2-8)
    def first(t):
        return seq.index(t) if t in seq else None

    def count(t):
        return seq.count(t)

    if count(X86_PV_INFO) == 0:
        errs.add("L-no-pv")
    else:
        if count(X86_PV_INFO) > 1:
            errs.add("L-multi-pv")
        ipv = first(X86_PV_INFO)
        if any(t in (P2M, PAGE_DATA, VCPU_INFO, VCPU_CONTEXT) for t in seq[:ipv]):
            errs.add("L-pv-late")
    if count(P2M) == 0:
        errs.add("L-no-p2m")
    elif count(PAGE_DATA) and first(PAGE_DATA) < first(P2M):
        errs.add("L-pd-before-p2m")
    if count(PAGE_DATA) == 0:
        errs.add("L-no-pd")
    if count(VCPU_INFO) == 0:
        errs.add("L-no-vi")
    else:
        if count(VCPU_INFO) > 1:
            errs.add("L-multi-vi")
        if count(VCPU_CONTEXT) and first(VCPU_CONTEXT) < first(VCPU_INFO):
            errs.add("L-vc-before-vi")
    if count(VCPU_CONTEXT) == 0:
        errs.add("L-no-vc")
    else:
        if max_vcpu is not None and any(v > max_vcpu for v in vcpu_ids):
            errs.add("L-vcpu-range")
        if len(set(vcpu_ids)) != len(vcpu_ids):
            errs.add("L-vcpu-dup")
        ivc = first(VCPU_CONTEXT)
        if PAGE_DATA in seq[ivc:]:
            errs.add("L-pd-after-vc")
        if P2M in seq[ivc:]:
            errs.add("L-p2m-after-vc")
    if not end_seen:
        errs.add("L-no-end")
    return errs, warns, infos


# --------------------------------------------------------------------------
def main():
    build_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate names"
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".bin"):
            os.remove(os.path.join(OUT, f))
    manifest = []
    for c in CASES:
        fn = c["name"] + ".bin"
        with open(os.path.join(OUT, fn), "wb") as fh:
            fh.write(ser_img(c["img"]))
        manifest.append(
            {"file": fn, "verdict": c["verdict"], "broken": c["broken"], "category": c["category"]}
        )
    with open(MANIFEST, "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    cats = {}
    for m in manifest:
        cats.setdefault((m["category"], m["verdict"]), 0)
        cats[(m["category"], m["verdict"])] += 1
    print(f"wrote {len(manifest)} images to {OUT}")
    for (cat, v), n in sorted(cats.items()):
        print(f"  {cat:14s} {v:8s} {n}")

    if "--self-check" in sys.argv[1:]:
        with open(MANIFEST) as fh:
            man = {m["file"]: m for m in json.load(fh)}
        fails = 0
        for c in CASES:
            fn = c["name"] + ".bin"
            with open(os.path.join(OUT, fn), "rb") as fh:
                data = fh.read()
            errs, warns, infos = read_image(data)
            verdict = "invalid" if errs else "valid"
            ok = (
                verdict == man[fn]["verdict"]
                and errs == c["errors"]
                and warns == c["warnings"]
                and infos == c["infos"]
            )
            if not ok:
                fails += 1
                print(
                    f"SELF-CHECK FAIL {fn}: errors={sorted(errs)} warnings={sorted(warns)} "
                    f"infos={sorted(infos)}; expected errors={sorted(c['errors'])} "
                    f"warnings={sorted(c['warnings'])} infos={sorted(c['infos'])}"
                )
        print(f"self-check: {len(CASES) - fails}/{len(CASES)} images as expected")
        sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
