"""Build version-1 images from Python: framing, padding and checksums done
right, in either byte order, streaming to any binary file object.

Every structure goes through the ksy-driven codec (`xsif.codec.kaitai`): the
writer names the .ksy type of what it writes and gives the values; field
order, sizes and byte order come from the .ksy. A test reads what it writes
back with the generated top-level parser.

    with open("guest.xsi", "wb") as out:
        w = ImageWriter(out, big_endian=False)
        w.image_header()
        w.domain_header()
        w.x86_pv_info(guest_width=8, pt_levels=4)
        ...
        w.end()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import crc32c

from xsif.check.rules import p2m_frames_needed
from xsif.codec import kaitai
from xsif.read import fastpath, gen

RT = gen.RecordType
PT = gen.PageType

MARKER: int = gen.first_check(gen.XenImageHeader)  # type: ignore[assignment]
IMAGE_ID = 0x58454E46  # "XENF"; every image written is parsed against the .ksy's `valid`
OPTION_BIG_ENDIAN = 0x0001
OPTION_CHECKSUM = 0x0001

# The pfn entry's bit fields, as the fast path learns them from the generated
# parser (xsif/fastpath.py): nothing about the split is stated here.
_PFN_BITS = fastpath.layout(gen.Body.PfnEntry).bits
PFN_MASK = _PFN_BITS["pfn"].mask

V1_TYPES = "xen_save_image_v1::image_body::"
LIBXC_TYPES = "xen_libxc_stream::stream_body::"
LIBXL_TYPES = "xen_libxl_stream::stream_body::"
XL_TYPES = "xen_xl_save_file::file_body::"
"""Where the .ksy types of each format live (`xsif.codec.kaitai` names)."""


def ktype(name: str) -> kaitai.KType:
    """The compiled .ksy type `name` (`xen_image_header`, or a name under
    one of the prefixes above)."""
    return kaitai.ktype(name)


def words(element: type, values: Sequence[int], little_endian: bool) -> bytes:
    """Array elements that are one 64-bit word each (pfn entries, p2m
    frames), as stored: `xsif.read.fastpath` learns from the generated element
    type that its octets are the word in the body's byte order (and
    tests/test_fastpath.py proves it)."""
    fastpath.layout(element)
    return fastpath.pack_words(values, little_endian)


def crc32c_of(data: bytes) -> int:
    return crc32c.crc32c(data)


def pfn_entry(pfn: int, page_type: int = PT.notab, reserved: int = 0) -> int:
    """Pack a page type, the reserved bits and a pfn into one entry word."""
    word = 0
    for name, value in (("type_code", int(page_type)), ("reserved", reserved), ("pfn", pfn)):
        field = _PFN_BITS[name]
        word |= (value << field.shift) & field.mask
    return word


def carries_data(word: int) -> bool:
    """Whether a page of data follows this pfn entry, as the .ksy's
    `carries_data` instance decides it."""
    entry = gen.parse(gen.Body.PfnEntry, words(gen.Body.PfnEntry, [word], True), True)
    return bool(entry.carries_data)


PIECE = 1 << 20
"""Octets of a LongOctets made at a time."""


class LongOctets:
    """Octets too many to hold at once (a 2 GiB page, a guest's worth of
    P2M frames): `length` of them, which `make(start, n)` makes `n` at a
    time. The writer writes them piece by piece wherever it takes octets
    (a record body's chunks, `write`); `len()` is their number."""

    def __init__(self, length: int, make: Callable[[int, int], bytes]) -> None:
        self.length = length
        self._make = make

    def __len__(self) -> int:
        return self.length

    def pieces(self) -> Iterator[bytes]:
        done = 0
        while done < self.length:
            n = min(PIECE, self.length - done)
            yield self._make(done, n)
            done += n

    @classmethod
    def repeat(cls, unit: bytes, length: int) -> bytes | LongOctets:
        """`unit` repeated and cut to `length` octets: bytes when that is at
        most PIECE octets, else made as written."""
        if length <= PIECE:
            return (unit * (length // len(unit) + 1))[:length]

        def make(start: int, n: int) -> bytes:
            turn = start % len(unit)
            u = unit[turn:] + unit[:turn]
            return (u * (n // len(u) + 1))[:n]

        return cls(length, make)


class Parts:
    """Octets in parts (bytes and LongOctets), joined only as they are
    written: `+=` appends, iterating gives the parts. It has no len(): list()
    would take the number of octets for the number of parts."""

    def __init__(self, *parts: Chunk | Parts) -> None:
        self._parts: list[bytearray | LongOctets] = []
        for part in parts:
            self += part

    def __iadd__(self, other: Chunk | Parts) -> Parts:
        if isinstance(other, Parts):
            for part in other._parts:
                self += part
        elif isinstance(other, LongOctets):
            self._parts.append(other)
        elif other:
            if self._parts and isinstance(self._parts[-1], bytearray):
                self._parts[-1] += other
            else:
                self._parts.append(bytearray(other))
        return self

    def __iter__(self) -> Iterator[bytearray | LongOctets]:
        return iter(self._parts)

    def __bytes__(self) -> bytes:
        return b"".join(piece for part in self._parts for piece in pieces(part))


Chunk = bytes | bytearray | LongOctets


def pieces(chunk: Chunk | Parts) -> Iterable[bytes]:
    """The octets of a chunk, in pieces of at most PIECE octets for a long one."""
    if isinstance(chunk, Parts):
        return (piece for part in chunk for piece in pieces(part))
    return chunk.pieces() if isinstance(chunk, LongOctets) else (chunk,)


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

    PAGE_DATA: int = RT.page_data
    """The PAGE_DATA record type of the layer written."""
    TYPES: str = V1_TYPES
    """Where the layer's .ksy types are."""
    PFN_ENTRY: type = gen.Body.PfnEntry

    def __init__(self, out: BinaryIO, big_endian: bool = False, checksums: bool = True,
                 page_shift: int = 12) -> None:
        self.out = out
        self.order = ">" if big_endian else "<"
        self.big_endian = big_endian
        self.checksums = checksums
        self.page_shift = page_shift
        self.offset = 0

    def _pack(self, name: str, *values: object) -> bytes:
        """The fixed start of the .ksy type `name` from its values in order,
        in the type's own byte order or else the body's."""
        return ktype(name).pack(not self.big_endian, *values)

    def write(self, data: Chunk | Parts) -> None:
        for piece in pieces(data):
            self.out.write(piece)
            self.offset += len(piece)

    # -- headers ---------------------------------------------------------------
    def image_header(self, version: int = 1, options: int | None = None,
                     reserved: bytes = bytes(6), marker: int = MARKER,
                     image_id: int = IMAGE_ID, extra_options: int = 0) -> None:
        """`options` replaces the whole field; `extra_options` adds bits to
        the byte-order bit the writer sets."""
        if options is None:
            options = (OPTION_BIG_ENDIAN if self.big_endian else 0) | extra_options
        self.write(self._pack("xen_image_header", marker, image_id, version, options,
                              reserved))

    def domain_header(self, arch: int = gen.Arch.x86, type: int = gen.X86DomainType.pv,
                      page_shift: int | None = None, reserved: int = 0) -> None:
        if page_shift is not None:
            self.page_shift = page_shift
        self.write(self._pack(V1_TYPES + "domain_header", int(arch), int(type), self.page_shift,
                              reserved))

    # -- records ---------------------------------------------------------------
    def record(self, type: int, body: bytes | Iterable[Chunk] = b"",
               checksum: bool | None = None, faults: Faults | None = None) -> None:
        """Write one record; `body` may be an iterable of chunks (bytes or
        LongOctets), in which case `faults.body_length` or the sum of the
        chunk lengths is used and the chunks are streamed (for images larger
        than memory)."""
        f = faults or Faults()
        chunks = [body] if isinstance(body, bytes | bytearray | LongOctets) else body
        if not isinstance(chunks, Sequence):
            chunks = list(chunks)
        length = sum(len(c) for c in chunks)
        declared = length if f.body_length is None else f.body_length
        use_crc = self.checksums if checksum is None else checksum
        options = (OPTION_CHECKSUM if use_crc else 0) if f.options is None else f.options
        self.write(self._pack(V1_TYPES + "record_header", int(type), declared, options,
                              bytes(6) if f.reserved is None else f.reserved))
        crc = 0
        for chunk in chunks:
            for piece in pieces(chunk):
                self.write(piece)
                crc = crc32c.crc32c(piece, crc)
        padding = bytes((8 - length % 8) % 8) if f.padding is None else f.padding
        for piece in pieces(padding):
            self.write(piece)
            crc = crc32c.crc32c(piece, crc)
        value = (crc if use_crc else 0) if f.checksum is None else f.checksum
        self.write(self._pack(V1_TYPES + "record_footer", value,
                              0 if f.footer_reserved is None else f.footer_reserved))

    def end(self, **kw: object) -> None:
        self.record(RT.end, b"", **kw)

    def x86_pv_info(self, guest_width: int = 8, pt_levels: int = 4,
                    reserved: bytes = bytes(6), **kw: object) -> None:
        self.record(RT.x86_pv_info,
                    self._pack(V1_TYPES + "x86_pv_info_body", guest_width, pt_levels, reserved),
                    **kw)

    def vcpu_info(self, max_vcpu_id: int, reserved: int = 0, **kw: object) -> None:
        self.record(RT.vcpu_info, self._pack(V1_TYPES + "vcpu_info_body", max_vcpu_id, reserved),
                    **kw)

    def vcpu_context(self, vcpu_id: int, context: bytes, reserved: int = 0,
                     **kw: object) -> None:
        self.record(RT.vcpu_context,
                    self._pack(V1_TYPES + "vcpu_context_body", vcpu_id, reserved) + context, **kw)

    def p2m(self, start: int, end: int, frames: Sequence[int] | None = None,
            guest_width: int = 8, **kw: object) -> None:
        """A P2M record; without `frames`, as many made-up frame numbers as
        the range needs."""
        if frames is None:
            n = p2m_frames_needed(start, end, self.page_shift, guest_width)
            frames = [0x1000 + i for i in range(n)]
        body = self._pack(V1_TYPES + "p2m_header", start, end) + words(
            gen.Body.P2mFrame, frames, not self.big_endian)
        self.record(RT.p2m, body, **kw)

    def page_data(self, entries: Sequence[int | tuple[int, int]],
                  pages: Sequence[bytes] | None = None, reserved: int = 0,
                  count: int | None = None, **kw: object) -> None:
        """A PAGE_DATA record. `entries` are packed words or (pfn, page type)
        pairs; without `pages`, each entry that carries data gets a page
        filled with a pattern of its pfn."""
        entry_words = [e if isinstance(e, int) else pfn_entry(*e) for e in entries]
        if pages is None:
            size = 1 << self.page_shift
            pages = [(w & PFN_MASK).to_bytes(8, "little") * (size // 8)
                     for w in entry_words if carries_data(w)]
        head = self._pack(self.TYPES + "page_data_header",
                          len(entry_words) if count is None else count, reserved)
        array = words(self.PFN_ENTRY, entry_words, not self.big_endian)
        self.record(self.PAGE_DATA, [head + array, *pages], **kw)

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


# --- Xen 4.6 and later: libxc streams (versions 2 and 3), libxl, xl -------------

LXC = gen.LibxcRecordType
LXL = gen.LibxlRecordType
LIBXL_IDENT = 0x4C6962786C466D74  # "LibxlFmt"
XL_BYTE_ORDER = 0x01020304
XL_CONFIG_JSON = 0x1
XL_STREAM_V2 = 0x2


def xl_byte_order_word(word: int, little_endian: bool) -> bytes:
    """The xl byte-order word `word` as a writer in that byte order writes
    it: the .ksy reads the field big-endian, and a little-endian writer's
    0x01020304 reads as 0x04030201."""
    field = ktype("xen_xl_save_file").field("byte_order_word")
    as_read = int.from_bytes(word.to_bytes(field.width, "little" if little_endian else "big"),
                             "big")
    return ktype("xen_xl_save_file").encode_field("byte_order_word", as_read)


class StreamWriter(ImageWriter):
    """Writes what Xen 4.6 and later write, in either byte order: an xl save
    file header, libxl records and the libxc stream (version 2 or 3) that
    follows LIBXC_CONTEXT, or any of them alone. Records have no options,
    footer or checksum; bodies are padded with zeros to 8 octets."""

    PAGE_DATA: int = LXC.page_data
    TYPES: str = LIBXC_TYPES
    PFN_ENTRY: type = gen.Libxc.PfnEntry

    # -- xl ------------------------------------------------------------------------
    def xl_header(self, config: bytes = b'{"c_info": {"name": "guest"}}\0',
                  mandatory_flags: int = XL_CONFIG_JSON | XL_STREAM_V2,
                  optional_flags: int = 0, optional_data_len: int | None = None,
                  config_length: int | None = None, byte_order_word: int | None = None,
                  magic: bytes | None = None) -> None:
        """The magic, the byte-order word, the flags and the configuration."""
        from xsif.read.detect import XL_MAGIC
        self.write(XL_MAGIC if magic is None else magic)
        word = XL_BYTE_ORDER if byte_order_word is None else byte_order_word
        self.write(xl_byte_order_word(word, not self.big_endian))
        optional = ktype(XL_TYPES + "optional_data").encode(
            {"config_length": len(config) if config_length is None else config_length,
             "config": config}, not self.big_endian)
        self.write(self._pack(XL_TYPES + "header", mandatory_flags, optional_flags,
                              len(optional) if optional_data_len is None else optional_data_len))
        self.write(optional)

    # -- libxl ---------------------------------------------------------------------
    def libxl_header(self, version: int = 2, options: int | None = None,
                     extra_options: int = 0, ident: int = LIBXL_IDENT) -> None:
        if options is None:
            options = (OPTION_BIG_ENDIAN if self.big_endian else 0) | extra_options
        self.write(self._pack("xen_libxl_stream::header", ident, version, options))

    def record(self, type: int, body: bytes | Iterable[Chunk] = b"",
               checksum: bool | None = None, faults: Faults | None = None) -> None:
        """One record of the libxc or libxl framing: type, body_length, body,
        zero padding to 8 octets (faults.padding and .body_length apply)."""
        f = faults or Faults()
        chunks = [body] if isinstance(body, bytes | bytearray | LongOctets) else list(body)
        length = sum(len(c) for c in chunks)
        declared = length if f.body_length is None else f.body_length
        self.write(self._pack(LIBXC_TYPES + "record_header", int(type), declared))
        for chunk in chunks:
            self.write(chunk)
        self.write(bytes((8 - length % 8) % 8) if f.padding is None else f.padding)

    def libxl_record(self, type: int, body: bytes = b"", **kw: object) -> None:
        self.record(type, body, **kw)

    def libxc_context(self, **kw: object) -> None:
        self.record(LXL.libxc_context, b"", **kw)

    def emulator_xenstore_data(self, pairs: Sequence[tuple[bytes, bytes]] = (
            (b"physmap/1/start_addr", b"f0000000"), (b"physmap/1/size", b"800000")),
            emulator_id: int = 2, index: int = 0, data: bytes | None = None,
            **kw: object) -> None:
        """Key/value pairs, each string NUL-terminated; `data` replaces them."""
        if data is None:
            data = b"".join(k + b"\0" + v + b"\0" for k, v in pairs)
        self.record(LXL.emulator_xenstore_data,
                    self._pack(LIBXL_TYPES + "emulator_header", emulator_id, index) + data, **kw)

    def emulator_context(self, context: bytes = b"QEVM device model state",
                         emulator_id: int = 2, index: int = 0, **kw: object) -> None:
        self.record(LXL.emulator_context,
                    self._pack(LIBXL_TYPES + "emulator_header", emulator_id, index) + context, **kw)

    def checkpoint_end(self, **kw: object) -> None:
        self.record(LXL.checkpoint_end, b"", **kw)

    def checkpoint_state(self, control_id: int = 1, **kw: object) -> None:
        self.record(LXL.checkpoint_state,
                    self._pack(LIBXL_TYPES + "checkpoint_state_body", control_id), **kw)

    def libxl_end(self, **kw: object) -> None:
        self.record(LXL.end, b"", **kw)

    # -- libxc ---------------------------------------------------------------------
    def libxc_header(self, version: int = 3, **kw: object) -> None:
        """The image header shared with version 1, with version 2 or 3."""
        self.image_header(version=version, **kw)  # type: ignore[arg-type]

    def libxc_domain_header(self, type: int = gen.LibxcDomainType.x86_pv,
                            page_shift: int | None = None, reserved: int = 0,
                            xen_major: int = 4, xen_minor: int = 17) -> None:
        if page_shift is not None:
            self.page_shift = page_shift
        self.write(self._pack(LIBXC_TYPES + "domain_header", int(type), self.page_shift, reserved,
                              xen_major, xen_minor))

    def libxc_end(self, **kw: object) -> None:
        self.record(LXC.end, b"", **kw)

    def x86_pv_info(self, guest_width: int = 8, pt_levels: int = 4,
                    reserved: bytes = bytes(6), **kw: object) -> None:
        self.record(LXC.x86_pv_info,
                    self._pack(LIBXC_TYPES + "x86_pv_info_body", guest_width, pt_levels,
                               reserved), **kw)

    def p2m_frames(self, start: int = 0, end: int = 7, frames: Sequence[int] | None = None,
                   guest_width: int = 8, **kw: object) -> None:
        if frames is None:
            n = p2m_frames_needed(start, end, self.page_shift, guest_width)
            frames = [0x2000 + i for i in range(n)]
        body = self._pack(LIBXC_TYPES + "x86_pv_p2m_frames_header", start, end) + words(
            gen.Libxc.P2mFrame, frames, not self.big_endian)
        self.record(LXC.x86_pv_p2m_frames, body, **kw)

    def vcpu(self, type: int = LXC.x86_pv_vcpu_basic, vcpu_id: int = 0,
             context: bytes = b"vcpu state", reserved: int = 0, **kw: object) -> None:
        self.record(type, self._pack(LIBXC_TYPES + "x86_pv_vcpu_body", vcpu_id, reserved)
                    + context, **kw)

    def shared_info(self, size: int | None = None, **kw: object) -> None:
        self.record(LXC.shared_info, bytes(1 << self.page_shift if size is None else size),
                    **kw)

    def tsc_info(self, mode: int = 0, khz: int = 2_400_000, nsec: int = 123_456_789,
                 incarnation: int = 1, reserved: int = 0, **kw: object) -> None:
        self.record(LXC.x86_tsc_info, self._pack(LIBXC_TYPES + "x86_tsc_info_body", mode, khz, nsec,
                                                 incarnation, reserved), **kw)

    def hvm_context(self, context: bytes = b"HVM save records", **kw: object) -> None:
        self.record(LXC.hvm_context, context, **kw)

    def hvm_params(self, params: Sequence[tuple[int, int]] = (
            (1, 4), (17, 5), (12, 0x2000)),
                   count: int | None = None, reserved: int = 0, **kw: object) -> None:
        body = self._pack(LIBXC_TYPES + "hvm_params_header",
                          len(params) if count is None else count,
                          reserved) + b"".join(self._pack(LIBXC_TYPES + "hvm_param", i, v)
                                               for i, v in params)
        self.record(LXC.hvm_params, body, **kw)

    def toolstack(self, data: bytes = b"toolstack blob", **kw: object) -> None:
        self.record(LXC.toolstack, data, **kw)

    def verify(self, **kw: object) -> None:
        self.record(LXC.verify, b"", **kw)

    def checkpoint(self, **kw: object) -> None:
        self.record(LXC.checkpoint, b"", **kw)

    def dirty_pfn_list(self, pfns: Sequence[int] = (1, 2), **kw: object) -> None:
        self.record(LXC.checkpoint_dirty_pfn_list, ktype(
            LIBXC_TYPES + "checkpoint_dirty_pfn_list_body").encode(
                {"pfns": list(pfns)}, not self.big_endian), **kw)

    def static_data_end(self, **kw: object) -> None:
        self.record(LXC.static_data_end, b"", **kw)

    def cpuid_policy(self, leaves: Sequence[tuple[int, ...]] = (
            (0, 0xFFFFFFFF, 0xD, 0x756E6547, 0x6C65746E, 0x49656E69),), **kw: object) -> None:
        self.record(LXC.x86_cpuid_policy,
                    b"".join(self._pack(LIBXC_TYPES + "cpuid_leaf", *leaf) for leaf in leaves),
                    **kw)

    def msr_policy(self, entries: Sequence[tuple[int, int, int]] = ((0xCE, 0, 0),),
                   **kw: object) -> None:
        self.record(LXC.x86_msr_policy,
                    b"".join(self._pack(LIBXC_TYPES + "msr_entry", *e) for e in entries), **kw)

    def libxc_optional(self, type: int, body: bytes = b"", **kw: object) -> None:
        self.record(type, body, **kw)
