"""Build version-1 images from Python: framing, padding and checksums done
right, in either byte order, streaming to any binary file object.

The writer is the one hand-written encoder of the layout; a test checks every
structure it writes against what the generated parser reads back, and its
field formats against the .ksy.

    with open("guest.xsi", "wb") as out:
        w = ImageWriter(out, big_endian=False)
        w.image_header()
        w.domain_header()
        w.x86_pv_info(guest_width=8, pt_levels=4)
        ...
        w.end()
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import crc32c

from xsif import gen
from xsif.rules import p2m_frames_needed

RT = gen.RecordType
PT = gen.PageType

MARKER = 0xFFFFFFFFFFFFFFFF
IMAGE_ID = 0x58454E46  # "XENF"
OPTION_BIG_ENDIAN = 0x0001
OPTION_CHECKSUM = 0x0001
PFN_TYPE_SHIFT = 60
PFN_MASK = (1 << 52) - 1

# struct formats of the fixed structures, without the byte-order prefix; a
# test derives the same from the .ksy.
FORMATS = {
    "image_header": "QIIH6s",
    "domain_header": "HHHH",
    "record_header": "IIH6s",
    "record_footer": "II",
    "page_data_header": "II",
    "pfn_entry": "Q",
    "vcpu_info_body": "II",
    "vcpu_context_head": "II",
    "x86_pv_info_body": "BB6s",
    "p2m_header": "QQ",
    "p2m_frame": "Q",
}


def crc32c_of(data: bytes) -> int:
    return crc32c.crc32c(data)


def pfn_entry(pfn: int, page_type: int = PT.notab, reserved: int = 0) -> int:
    """Pack a page type, reserved bits 59-52 and a pfn into one entry."""
    return (int(page_type) << PFN_TYPE_SHIFT) | ((reserved & 0xFF) << 52) | (pfn & PFN_MASK)


def carries_data(word: int) -> bool:
    """Whether a page of data follows this pfn entry, as the .ksy's
    `carries_data` instance decides it."""
    entry = gen.parse(gen.Body.PfnEntry, struct.pack("<" + FORMATS["pfn_entry"], word), True)
    return bool(entry.carries_data)


@dataclass
class Faults:
    """Deliberate errors for test images: each field left None is written
    correctly."""

    options: int | None = None
    reserved: bytes | None = None
    padding: bytes | None = None
    checksum: int | None = None
    footer_reserved: int | None = None
    body_length: int | None = None


class ImageWriter:
    """Writes one image to `out`, record by record."""

    def __init__(self, out: BinaryIO, big_endian: bool = False, checksums: bool = True,
                 page_shift: int = 12) -> None:
        self.out = out
        self.order = ">" if big_endian else "<"
        self.big_endian = big_endian
        self.checksums = checksums
        self.page_shift = page_shift
        self.offset = 0

    def _pack(self, name: str, *values: object, order: str | None = None) -> bytes:
        return struct.pack((order or self.order) + FORMATS[name], *values)

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.offset += len(data)

    # -- headers ---------------------------------------------------------------
    def image_header(self, version: int = 1, options: int | None = None,
                     reserved: bytes = bytes(6), marker: int = MARKER,
                     image_id: int = IMAGE_ID, extra_options: int = 0) -> None:
        """`options` replaces the whole field; `extra_options` adds bits to
        the byte-order bit the writer sets."""
        if options is None:
            options = (OPTION_BIG_ENDIAN if self.big_endian else 0) | extra_options
        self.write(self._pack("image_header", marker, image_id, version, options, reserved,
                              order=">"))

    def domain_header(self, arch: int = gen.Arch.x86, type: int = gen.X86DomainType.pv,
                      page_shift: int | None = None, reserved: int = 0) -> None:
        if page_shift is not None:
            self.page_shift = page_shift
        self.write(self._pack("domain_header", int(arch), int(type), self.page_shift,
                              reserved))

    # -- records ---------------------------------------------------------------
    def record(self, type: int, body: bytes | Iterable[bytes] = b"",
               checksum: bool | None = None, faults: Faults | None = None) -> None:
        """Write one record; `body` may be an iterable of chunks, in which
        case `faults.body_length` or the sum of the chunk lengths is used
        and the chunks are streamed (for images larger than memory)."""
        f = faults or Faults()
        chunks = [body] if isinstance(body, bytes | bytearray) else body
        if not isinstance(chunks, Sequence):
            chunks = list(chunks)
        length = sum(len(c) for c in chunks)
        declared = length if f.body_length is None else f.body_length
        use_crc = self.checksums if checksum is None else checksum
        options = (OPTION_CHECKSUM if use_crc else 0) if f.options is None else f.options
        self.write(self._pack("record_header", int(type), declared, options,
                              bytes(6) if f.reserved is None else f.reserved))
        crc = 0
        for chunk in chunks:
            self.write(chunk)
            crc = crc32c.crc32c(chunk, crc)
        padding = bytes((8 - length % 8) % 8) if f.padding is None else f.padding
        self.write(padding)
        crc = crc32c.crc32c(padding, crc)
        value = (crc if use_crc else 0) if f.checksum is None else f.checksum
        self.write(self._pack("record_footer", value,
                              0 if f.footer_reserved is None else f.footer_reserved))

    def end(self, **kw: object) -> None:
        self.record(RT.end, b"", **kw)

    def x86_pv_info(self, guest_width: int = 8, pt_levels: int = 4,
                    reserved: bytes = bytes(6), **kw: object) -> None:
        self.record(RT.x86_pv_info,
                    self._pack("x86_pv_info_body", guest_width, pt_levels, reserved), **kw)

    def vcpu_info(self, max_vcpu_id: int, reserved: int = 0, **kw: object) -> None:
        self.record(RT.vcpu_info, self._pack("vcpu_info_body", max_vcpu_id, reserved), **kw)

    def vcpu_context(self, vcpu_id: int, context: bytes, reserved: int = 0,
                     **kw: object) -> None:
        self.record(RT.vcpu_context,
                    self._pack("vcpu_context_head", vcpu_id, reserved) + context, **kw)

    def p2m(self, start: int, end: int, frames: Sequence[int] | None = None,
            guest_width: int = 8, **kw: object) -> None:
        """A P2M record; without `frames`, as many made-up frame numbers as
        the range needs."""
        if frames is None:
            n = p2m_frames_needed(start, end, self.page_shift, guest_width)
            frames = [0x1000 + i for i in range(n)]
        body = self._pack("p2m_header", start, end) + b"".join(
            self._pack("p2m_frame", f) for f in frames)
        self.record(RT.p2m, body, **kw)

    def page_data(self, entries: Sequence[int | tuple[int, int]],
                  pages: Sequence[bytes] | None = None, reserved: int = 0,
                  count: int | None = None, **kw: object) -> None:
        """A PAGE_DATA record. `entries` are packed words or (pfn, page type)
        pairs; without `pages`, each entry that carries data gets a page
        filled with a pattern of its pfn."""
        words = [e if isinstance(e, int) else pfn_entry(*e) for e in entries]
        if pages is None:
            size = 1 << self.page_shift
            pages = [(w & PFN_MASK).to_bytes(8, "little") * (size // 8)
                     for w in words if carries_data(w)]
        head = self._pack("page_data_header", len(words) if count is None else count, reserved)
        array = b"".join(self._pack("pfn_entry", w) for w in words)
        self.record(RT.page_data, [head + array, *pages], **kw)

    def optional(self, type: int, body: bytes = b"", **kw: object) -> None:
        self.record(type, body, **kw)


def minimal_image(out: BinaryIO, big_endian: bool = False, checksums: bool = True,
                  guest_width: int = 8, pt_levels: int = 4, vcpus: int = 1,
                  pages: int = 4) -> None:
    """Write a small conformant x86 PV image."""
    w = ImageWriter(out, big_endian, checksums)
    w.image_header()
    w.domain_header()
    w.x86_pv_info(guest_width, pt_levels)
    w.p2m(0, max(pages - 1, 0), guest_width=guest_width)
    w.page_data([(pfn, PT.notab) for pfn in range(pages)])
    w.vcpu_info(vcpus - 1)
    for v in range(vcpus):
        w.vcpu_context(v, bytes([v % 256]) * 5)
    w.end()
