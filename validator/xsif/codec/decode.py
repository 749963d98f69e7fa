"""Decoding an image into a document, the part every format shares: the
decoder's state over a forward-only source, fixed structures and bodies
decoded through the generated types, lazy values that stop cleanly where the
data ends, and version 1's records. `xsif.codec.dump` chooses the decoder
and writes the document; `xsif.codec.migration` decodes the formats of Xen
4.6 and later with these pieces."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, BinaryIO

import crc32c
from kaitaistruct import KaitaiStream, KaitaiStruct

from xsif.codec import kaitai
from xsif.read import gen
from xsif.read.source import XL_MIGRATE_GO_AHEAD, Source, Truncated, parse_from
from xsif.report.emit import OMIT, Lazy, resolve

BLOB_LIMIT = 1 << 20
"""Opaque octets (a vcpu context, an unknown record's body, data after END)
longer than this are summarized even with `pages=True`."""

ENTRIES_PER_CHUNK = 4096
"""pfn entries or P2M frames read at a time."""

SNIFF = 64
"""Octets of the data's start that the format tests look at."""

HEX_FIELDS = frozenset({"marker", "id", "ident", "options", "checksum"})
"""Fields written as hex strings ("0x..."); all other integers are decimal."""

V1 = "xen-save-image-v1"
LIBXC_V2 = "libxc-stream-v2"
LIBXC_V3 = "libxc-stream-v3"
LIBXL = "libxl-stream"
XL = "xl-save-file"
SHIPPED = (LIBXC_V2, LIBXC_V3, LIBXL, XL)
"""The formats Xen 4.6 and later write (`xsif.codec.migration` decodes and builds them)."""
IMAGE_HEADER = "xen-image-header"
"""An image header of a version without a decoder, then the rest as octets."""
NOT_AN_IMAGE = "not-an-image"
"""Data no decoder knows, described as octets (`dump(..., as_octets=True)`)."""


class NotAnImage(Exception):
    """The data is not an image of any format a decoder knows."""


@dataclass
class Options:
    pages: bool = False


@dataclass
class State:
    """What one decoding run has found out so far."""

    src: Source
    options: Options
    is_le: bool = True
    page_size: int = 4096
    stop: dict[str, Any] | None = None
    end_seen: bool = False
    records: int = 0
    crc: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    cut: tuple[int, bytes] | None = None
    """Where the structure the data ended in starts, and what of it is there."""

    def stopped(self, offset: int, reason: str) -> None:
        if self.stop is None:
            self.stop = {"offset": offset, "reason": reason}


@dataclass(frozen=True)
class Decoder:
    """One format `xsif dump` knows: `sniff` tells it from the data's first
    octets, `decode` turns the stream into a document."""

    name: str
    sniff: Callable[[bytes], bool]
    decode: Callable[[State], dict[str, Any]]


# --- conversion of generated objects ----------------------------------------------

def hexstr(data: bytes) -> str:
    return data.hex()


def value_of(name: str, value: Any) -> Any:
    if isinstance(value, IntEnum):
        return value.name
    if isinstance(value, bytes):
        return hexstr(value)
    if isinstance(value, int) and name in HEX_FIELDS:
        return f"{value:#x}"
    return value


def fields(obj: KaitaiStruct) -> dict[str, Any]:
    """The sequence fields of a generated object, in .ksy order."""
    return {name: value_of(name, getattr(obj, name)) for name in gen.seq_fields(type(obj))}


def summary(data: bytes) -> dict[str, Any]:
    """A page or blob summarized: its digest, and a fill or 8-octet pattern
    when it is one."""
    out: dict[str, Any] = {"sha256": hashlib.sha256(data).hexdigest()}
    if data and data.count(data[0]) == len(data):
        out["fill"] = data[0]
    elif len(data) % 8 == 0 and len(data) >= 16 and data == data[:8] * (len(data) // 8):
        out["pattern"] = hexstr(data[:8])
    return out


def sniff_prefix(raw: BinaryIO) -> tuple[bytes, BinaryIO]:
    """Read the data's first octets and give back a stream that still starts
    at octet 0 (pipes cannot seek)."""
    prefix = b""
    while len(prefix) < SNIFF:
        more = raw.read(SNIFF - len(prefix))
        if not more:
            break
        prefix += more
    return prefix, _Prefixed(prefix, raw)


class _Prefixed(io.RawIOBase):
    def __init__(self, prefix: bytes, raw: BinaryIO) -> None:
        super().__init__()
        self._prefix, self._raw = prefix, raw

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self._prefix:
            out, self._prefix = self._prefix[:n], self._prefix[n:]
            return out
        return self._raw.read(n)


# --- the stream ---------------------------------------------------------------------

def parse(st: State, cls: type[KaitaiStruct], what: str, is_le: bool | None = None
          ) -> KaitaiStruct:
    """Parse one fixed structure straight from the stream."""
    st.src.mark()
    return parse_from(st.src, cls, what, is_le)


def body_and_padding(st: State, record: dict[str, Any], header: Any,
                     decode: Callable[[State, int], Any] | None, body_start: int) -> None:
    """Put a record's body (decoded by `decode`, else as octets) and its
    padding into `record`; the body starts at `body_start`."""
    index, length = record["index"], header.body_length
    body = (decode(st, length) if decode is not None
            else {"hex": guarded(st, lambda: blob(st, length, "a record body"))})

    def body_or_empty() -> Any:
        """The body; where the data ends before any of it, an empty one,
        which `truncate` cuts (so the record is built back as it was)."""
        value = resolve(body)
        if isinstance(value, dict) and set(value) == {"hex"}:
            value = {"hex": resolve(value["hex"])}
            if value["hex"] is OMIT:
                value = OMIT
        if value is OMIT and st.cut is not None:
            return {"hex": ""}
        return value

    record["body"] = Lazy(body_or_empty)

    def padding() -> str:
        consumed = st.src.offset - body_start
        if consumed != length:  # a body decoder misread the body: never silently
            raise AssertionError(f"record {index}: {consumed} of {length} octets decoded")
        return _padding(st, header.padding_length)

    record["padding"] = guarded(st, padding)


def read_exact(st: State, n: int, what: str) -> bytes:
    st.src.mark()
    data = st.src.read(n)
    if len(data) < n:
        raise Truncated(what, n, len(data))
    return data


def stop_truncated(st: State, t: Truncated) -> None:
    journal = st.src.journal
    if st.stop is None and journal is not None:
        # the octets of the structure the data ended in: `undecoded`, after
        # `truncate` cuts what the document describes where that structure starts
        st.cut = (st.src.offset - len(journal), bytes(journal))
    st.stopped(st.src.offset, f"the data ends inside {t.what}: {t.needed} octets needed, "
                              f"{t.available} present")


def tail_or_cut(st: State, out: dict[str, Any], key: str, compute: Callable[[], Any]
                ) -> dict[str, Any]:
    """`out` with `out[key] = compute()`: the part of a body after its
    fixed fields. Where the data ends right inside that part, decoding
    stops and it is given empty (`truncate` cuts there, `undecoded` lists
    what of it is there), so the fields before it are still listed."""
    start = st.src.offset
    try:
        out[key] = compute()
    except Truncated as t:
        stop_truncated(st, t)
        if st.cut is None or st.cut[0] != start:
            raise
        out[key] = ""
    return out


def guarded(st: State, compute: Callable[[], Any]) -> Lazy:
    """A lazy value that is left out once decoding has stopped, and that
    stops decoding when the data runs out under it."""

    def run() -> Any:
        if st.stop is not None:
            return OMIT
        try:
            return compute()
        except Truncated as t:
            stop_truncated(st, t)
            return OMIT

    return Lazy(run)


def guarded_iter(st: State, items: Callable[[], Iterator[Any]]) -> Lazy:
    def run() -> Iterator[Any]:
        if st.stop is not None:
            return
        try:
            yield from items()
        except Truncated as t:
            stop_truncated(st, t)

    return guarded(st, lambda: run())


def blob(st: State, n: int, what: str, pages: bool = True) -> Any:
    """`n` opaque octets: hex when short enough (and `pages`), else a
    summary; read in chunks either way, the CRC carried on."""
    if n <= BLOB_LIMIT and pages:
        data = read_exact(st, n, what)
        st.crc = crc32c.crc32c(data, st.crc)
        return hexstr(data)
    digest = hashlib.sha256()
    done = 0
    while done < n:
        st.src.mark()
        data = st.src.read(min(BLOB_LIMIT, n - done))
        if not data:
            raise Truncated(what, n, done)
        digest.update(data)
        st.crc = crc32c.crc32c(data, st.crc)
        done += len(data)
    return {"length": n, "sha256": digest.hexdigest()}


def rest_of(st: State, at: int, reason: str) -> Any:
    """The data from here to its end, as octets (hex, or a summary when
    longer than BLOB_LIMIT: never held whole); decoding stops at `at`."""
    st.src.journal = None
    data = st.src.read(BLOB_LIMIT + 1)
    st.stopped(at, reason)
    if len(data) <= BLOB_LIMIT:
        return data.hex() if data else OMIT
    digest, n = hashlib.sha256(data), len(data)
    while more := st.src.read(BLOB_LIMIT):
        digest.update(more)
        n += len(more)
    return {"length": n, "sha256": digest.hexdigest()}


# --- version 1 ---------------------------------------------------------------------

def image_header_fields(header: Any) -> dict[str, Any]:
    out = fields(header)
    out["byte_order"] = "big-endian" if header.is_big_endian else "little-endian"
    return out


def domain_header_fields(domain: Any) -> dict[str, Any]:
    out = fields(domain)
    if isinstance(getattr(domain, "x86_type", None), IntEnum):
        out["type"] = domain.x86_type.name
    return out


def decode_v1(st: State) -> dict[str, Any]:
    header = parse(st, gen.XenImageHeader, "the image header")
    st.is_le = not header.is_big_endian
    doc: dict[str, Any] = {"format": V1, "image_header": image_header_fields(header)}
    try:
        domain = parse(st, gen.Body.DomainHeader, "the domain header", st.is_le)
    except Truncated as t:
        stop_truncated(st, t)
        return doc
    st.page_size = 1 << min(domain.page_shift, 63)
    doc["domain_header"] = domain_header_fields(domain)
    doc["records"] = guarded_iter(st, lambda: v1_records(st))
    doc["trailing"] = guarded(st, lambda: trailing(st))
    return doc


def v1_records(st: State) -> Iterator[dict[str, Any]]:
    while not st.src.at_eof():
        yield v1_record(st, st.records)
        st.records += 1
        if st.end_seen:
            return
    st.stopped(st.src.offset, "the data ends without an END record")


def trailing(st: State) -> Any:
    if not st.end_seen or st.src.at_eof():
        return OMIT
    st.src.journal = None
    at = st.src.offset
    data = st.src.read(BLOB_LIMIT + 1)
    if len(data) > BLOB_LIMIT:
        digest = hashlib.sha256(data)
        n = len(data)
        while more := st.src.read(BLOB_LIMIT):
            digest.update(more)
            n += len(more)
        value: Any = {"length": n, "sha256": digest.hexdigest()}
    else:
        n, value = len(data), hexstr(data)
    if data != XL_MIGRATE_GO_AHEAD:  # which a captured `xl migrate` stream ends with
        st.stopped(at, f"{n} octets follow the END record")
    return value


def v1_record(st: State, index: int) -> dict[str, Any]:
    offset = st.src.offset
    header = parse(st, gen.Body.RecordHeader, "a record header", st.is_le)
    code = int(header.type)
    if code == gen.RecordType.end:
        st.end_seen = True
    st.crc = 0
    body_start = st.src.offset
    record: dict[str, Any] = {"index": index, "offset": offset, "header": fields(header)}
    if not isinstance(header.type, IntEnum):
        record["header"]["type"] = f"{code:#010x}"
    body_and_padding(st, record, header, V1_BODIES.get(code), body_start)
    footer_box: dict[str, Any] = {}

    def footer() -> Any:
        f = parse(st, gen.Body.RecordFooter, "a record footer", st.is_le)
        footer_box["f"] = f
        return fields(f)

    record["footer"] = guarded(st, footer)
    record["checksum_status"] = guarded(st, lambda: (
        ("valid" if footer_box["f"].checksum == st.crc else "bad")
        if header.checksum_valid else "none"))
    return record


def _padding(st: State, n: int) -> str:
    data = read_exact(st, n, "a record's padding")
    st.crc = crc32c.crc32c(data, st.crc)
    return hexstr(data)


def fixed_body(cls: type[KaitaiStruct]) -> Callable[[State, int], dict[str, Any]]:
    """A body of fixed fields, then perhaps an opaque tail (the .ksy's
    size-eos field). Octets beyond what the type reads are `extra`."""

    def decode(st: State, length: int) -> dict[str, Any]:
        box: dict[str, Any] = {}

        def head() -> dict[str, Any]:
            size = gen.min_size(cls)
            if length < size:
                box["short"] = True
                return {"hex": blob(st, length, "a record body")}
            prefix = read_exact(st, size, "a record body")
            st.crc = crc32c.crc32c(prefix, st.crc)
            obj = gen.parse(cls, prefix, st.is_le)
            out = fields(obj)
            tail = cls.SEQ_FIELDS[-1] if cls.SEQ_FIELDS else None
            if tail is not None and getattr(obj, tail) == b"" and _is_size_eos(cls):
                box["tail"] = tail
                out.pop(tail)
            return out

        def body() -> Any:
            out = head()
            n = length - gen.min_size(cls)
            if box.get("short"):
                return out
            if "tail" in box:
                return tail_or_cut(st, out, box["tail"], lambda: blob(st, n, "a record body"))
            if n:
                return tail_or_cut(st, out, "extra", lambda: blob(st, n, "a record body"))
            return out

        return guarded(st, body)

    return decode


def _is_size_eos(cls: type[KaitaiStruct]) -> bool:
    """Whether the type's last field takes the rest of the body: it parses
    empty from the fixed part and grows with more octets."""
    size = gen.min_size(cls)
    try:
        obj = gen.parse(cls, bytes(size + 1), True)
    except Exception:  # noqa: BLE001
        return False
    return obj._io.pos() == size + 1


class Elements:
    """How the elements of an array are read: `size` octets each, `read`
    gives their values from `n` of them as stored. A user type's elements
    are the generated parser's objects, made into values by `value`; an
    array of integers is the codec's."""

    def __init__(self, field: kaitai.Field, value: Callable[[Any], Any] | None = None
                 ) -> None:
        self.field = field
        if field.user is not None:
            self.cls = field.user.generated()
            self.size = gen.min_size(self.cls)
            self.value = value or _element_value(self.cls)
        else:
            self.size = field.width

    def read(self, data: bytes, n: int, is_le: bool) -> Iterator[Any]:
        if self.field.user is None:
            order = self.field.order or ("<" if is_le else ">")
            yield from kaitai.array_struct(order, self.field.code, n).unpack(data)
            return
        stream = KaitaiStream(io.BytesIO(data))
        for _ in range(n):
            obj = gen.new(self.cls, stream, is_le)
            obj._read()
            yield self.value(obj)


def _element_value(cls: type[KaitaiStruct]) -> Callable[[Any], Any]:
    """An element listed as its one field, or as the mapping of its fields."""
    if len(cls.SEQ_FIELDS) == 1:
        name = cls.SEQ_FIELDS[0]
        return lambda obj: getattr(obj, name)
    return fields


def array_body(head_cls: type[KaitaiStruct] | None, elements: Elements, key: str,
               announced: Callable[[Any], int | None], after: str | None
               ) -> Callable[[State, int], Any]:
    """A body of a fixed head (or none), then an array of `elements` (as
    many as the head announces and the body holds), then the remaining
    octets, listed under `after` (PAGE_DATA's pages) or as `extra`."""

    def decode(st: State, length: int) -> Any:
        head_size = gen.min_size(head_cls) if head_cls is not None else 0
        entry_size = elements.size
        if length < head_size:
            return guarded(st, lambda: {"hex": blob(st, length, "a record body")})
        box: dict[str, Any] = {}

        def head() -> dict[str, Any]:
            data = read_exact(st, head_size, "a record body")
            st.crc = crc32c.crc32c(data, st.crc)
            obj = gen.parse(head_cls, data, st.is_le) if head_cls is not None else None
            room = (length - head_size) // entry_size
            wanted = announced(obj)
            box["n"] = room if wanted is None else min(wanted, room)
            box["rest"] = length - head_size - box["n"] * entry_size
            return fields(obj) if obj is not None else {}

        def entries() -> Iterator[Any]:
            n, done = box["n"], 0
            while done < n:
                take = min(ENTRIES_PER_CHUNK, n - done)
                data = read_exact(st, take * entry_size, "a record body")
                st.crc = crc32c.crc32c(data, st.crc)
                yield from elements.read(data, take, st.is_le)
                done += take

        def remainder() -> Any:
            n = box["rest"]
            if after is None:
                return blob(st, n, "a record body") if n else OMIT
            return guarded_iter(st, lambda: pages(st, n))

        def body() -> dict[str, Any]:
            out = head()
            out[key] = guarded_iter(st, entries)
            out[after or "extra"] = guarded(st, remainder)
            return out

        return guarded(st, body)

    return decode


def pages(st: State, n: int) -> Iterator[dict[str, Any]]:
    """The page data of a PAGE_DATA body, one page at a time; a last piece
    shorter than a page is listed with its length."""
    done = 0
    while done < n:
        take = min(st.page_size, n - done)
        if take > BLOB_LIMIT:
            out = blob(st, take, "a page")
        else:
            data = read_exact(st, take, "a page")
            st.crc = crc32c.crc32c(data, st.crc)
            out = {"hex": hexstr(data)} if st.options.pages else summary(data)
        if take != st.page_size:
            out["length"] = take
        yield out
        done += take


def pfn_entry(obj: Any) -> dict[str, Any]:
    page_type = obj.word.page_type
    return {"pfn": obj.pfn,
            "page_type": page_type.name if isinstance(page_type, IntEnum) else obj.type_code,
            "reserved": obj.reserved}


WORDS: dict[type, Callable[[Any], Any]] = {
    gen.Body.PfnEntry: pfn_entry, gen.Libxc.PfnEntry: pfn_entry,
    gen.Body.P2mFrame: lambda obj: obj.raw}
"""Array elements that are one 64-bit word read as two halves: listed by
what the word holds (a pfn entry's fields, a frame's number), not by its
halves."""


def body_decoder(shape: kaitai.Shape) -> Callable[[State, int], Any]:
    """The decoder of a record body of this shape (`xsif.codec.kaitai.shape`):
    its fields by the generated parser, the shape from the .ksy."""
    if shape.array is not None:
        element = shape.array.user.generated() if shape.array.user is not None else None
        counted = shape.array.repeat_expr.split(".")[-1] if shape.counted else None
        return array_body(
            shape.head.generated() if shape.head is not None else None,
            Elements(shape.array, WORDS.get(element)),  # type: ignore[arg-type]
            shape.array.name,
            (lambda head: getattr(head, counted)) if counted else (lambda head: None),
            "pages" if shape.pages else None)
    return fixed_body(shape.body.generated())


def body_decoders(record: str) -> dict[int, Callable[[State, int], Any]]:
    """A decoder for each record type the .ksy's record type `record` knows
    a body type for (bodies with a nested header: `xsif.shipped`'s)."""
    return {code: body_decoder(kaitai.shape(body))
            for code, body in kaitai.record_bodies(record).items()}


V1_BODIES: dict[int, Callable[[State, int], Any]] = body_decoders(
    "xen_save_image_v1::image_body::record")
"""How each record type's body is decoded; other types are listed as hex."""
