"""`xsif dump` and `xsif build` for what Xen 4.6 and later write: bare libxc
streams (versions 2 and 3), libxl streams with the libxc stream nested after
LIBXC_CONTEXT, and xl save files.

Documents have the shape of version 1's (`xsif.codec.dump`, `xsif.codec.build`), one
level a container:

    format: xl-save-file
    xl_header: {magic, byte_order_word, byte_order, mandatory_flags, ...}
    optional_data: {config_length, config ({text} when UTF-8), rest}
    libxl_header: {ident, version, options, byte_order}
    records:                          # libxl records
    - header: {type: libxc_context, body_length: 0}
      body: {}
      padding: ""
      libxc:                          # the libxc stream that follows
        image_header: {...}
        domain_header: {...}
        records: [...]                # up to END, or up to a CHECKPOINT
    - header: {type: checkpoint_end, ...}
      libxc: {records: [...]}         # the libxc stream goes on
    ...

A libxl stream alone drops `xl_header` and `optional_data`; a bare libxc
stream is `image_header`, `domain_header` and `records`. Records are
`{header: {type, body_length}, body, padding}` (no footer, no checksum).
What follows the last record a decoder could frame is `trailing` after END
and `undecoded` anywhere else; `build` writes both back as given.

Every structure is read by the generated parsers (ksy/xen_libxc_stream.ksy,
xen_libxl_stream.ksy, xen_xl_save_file.ksy) and written through the codec
(`xsif.codec.kaitai`); the body shapes (`SHAPES`, which both directions read)
and the field layouts are derived from the .ksy by the codec.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, BinaryIO

from kaitaistruct import KaitaiStream, ValidationFailedError

from xsif.check.container import COLO_CHECKPOINT_STATE
from xsif.codec.decode import (
    BLOB_LIMIT,
    LIBXC_V2,
    LIBXC_V3,
    LIBXL,
    WORDS,
    XL,
    State,
    blob,
    body_and_padding,
    fields,
    guarded,
    guarded_iter,
    image_header_fields,
    parse,
    read_exact,
    rest_of,
    stop_truncated,
    tail_or_cut,
    trailing,
)
from xsif.codec.decode import body_decoder as decode_body
from xsif.codec.encode import (
    DescriptionError,
    Octets,
    Truncating,
    body_octets,
    frames,
    integer,
    join_path,
    mapping,
    octet_count,
    octets,
    pack,
    sequence,
    short_octets,
    write_undecoded,
)
from xsif.codec.kaitai import Shape, code_size, encode_integer, record_bodies, shape
from xsif.codec.writer import (
    IMAGE_ID,
    LIBXC_TYPES,
    LIBXL_IDENT,
    LIBXL_TYPES,
    MARKER,
    XL_BYTE_ORDER,
    XL_TYPES,
    Faults,
    LongOctets,
    Parts,
    StreamWriter,
    carries_data,
    ktype,
    p2m_frames_needed,
    words,
)
from xsif.codec.writer import pfn_entry as pack_pfn_entry
from xsif.read import gen
from xsif.read.detect import XL_MAGIC, Kind, detect
from xsif.read.layers import LIBXC as LIBXC_LAYER
from xsif.read.layers import LIBXL as LIBXL_LAYER
from xsif.read.layers import Layer
from xsif.read.source import Truncated

LXC = gen.LibxcRecordType
LXL = gen.LibxlRecordType
C = gen.Libxc
X = gen.Libxl

XL_ROOT = ktype("xen_xl_save_file")

FORMAT_OF = {Kind.XL: XL, Kind.LIBXL: LIBXL, Kind.LIBXC_V2: LIBXC_V2, Kind.LIBXC_V3: LIBXC_V3}
"""The `format` of a document, from what `xsif.read.detect` finds."""


# --- the shape of each body, read by both directions -------------------------------

RECORDS = {"libxc": LIBXC_TYPES + "record", "libxl": LIBXL_TYPES + "record"}
"""The .ksy record type of each layer, whose switch names each body's type."""

SHAPES: dict[tuple[str, int], Shape] = {
    (layer, code): shape(body)
    for layer, record in RECORDS.items() for code, body in record_bodies(record).items()}
"""The shape of every record body of the libxc and libxl layers, derived
from the .ksy (`xsif.codec.kaitai.shape`); both directions read it."""

ENUMS: dict[str, type[IntEnum]] = {"mode": gen.TscMode, "emulator_id": gen.EmulatorId,
                                   "control_id": gen.CheckpointState}


# --- dump ---------------------------------------------------------------------------

def _strings(st: State, length: int) -> Any:
    """Xenstore key/value strings: a list when the octets are NUL-terminated
    ASCII text, else hex."""
    data = read_exact(st, length, "a record body")
    if data.endswith(b"\0") and all(0x20 <= b < 0x7F or b == 0 for b in data):
        return {"strings": data[:-1].decode("ascii").split("\0")}
    return {"data": data.hex()}


def _nested_body(shape: Shape) -> Callable[[State, int], Any]:
    """The emulator bodies: a nested header, then strings or opaque octets."""
    name, cls = shape.nested.name, shape.nested.user.generated()  # type: ignore[union-attr]
    tail = shape.tail.name if shape.tail is not None else None
    size = gen.min_size(cls)

    def decode(st: State, length: int) -> Any:
        def body() -> Any:
            if length < size:
                return {"hex": blob(st, length, "a record body")}
            obj = gen.parse(cls, read_exact(st, size, "a record body"), st.is_le)
            out: dict[str, Any] = {name: fields(obj)}
            rest = length - size
            if tail == "strings":
                if not rest:
                    return {**out, "strings": []}
                strings = tail_or_cut(st, {}, "data", lambda: _strings(st, rest))
                out.update(strings["data"] if isinstance(strings["data"], dict) else strings)
                return out
            return tail_or_cut(st, out, tail or "extra",
                               lambda: blob(st, rest, "a record body"))

        return guarded(st, body)

    return decode


def body_decoder(shape: Shape) -> Callable[[State, int], Any]:
    if shape.nested:
        return _nested_body(shape)
    return decode_body(shape)


DECODE: dict[str, dict[int, Callable[[State, int], Any]]] = {
    layer: {code: body_decoder(shape) for (lay, code), shape in SHAPES.items() if lay == layer}
    for layer in ("libxc", "libxl")}


def _record(st: State, index: int, layer: Layer, is_le: bool) -> dict[str, Any]:
    st.is_le = is_le
    offset = st.src.offset
    header = parse(st, layer.record_header, "a record header", is_le)
    code = int(header.type)
    record: dict[str, Any] = {"index": index, "offset": offset, "header": fields(header)}
    if not isinstance(header.type, IntEnum):
        record["header"]["type"] = f"{code:#010x}"
    body_and_padding(st, record, header, DECODE[layer.name].get(code), st.src.offset)
    record["_code"] = code
    return record


def _public(record: dict[str, Any]) -> dict[str, Any]:
    record.pop("_code", None)
    return record


@dataclass
class _Libxc:
    is_le: bool
    index: int = 0
    done: bool = False


def libxc_headers(st: State, doc: dict[str, Any]) -> _Libxc | None:
    """Read a libxc image and domain header into `doc`; None (and decoding
    stopped) when they are not those of a version 2 or 3 stream."""
    at = st.src.offset
    try:
        gen.parse(gen.XenImageHeader, st.src.peek(64))
    except ValidationFailedError:
        doc["undecoded"] = _rest(st, at, "not a libxc image header (no marker or no XENF)")
        return None
    except EOFError:
        pass  # parse below says where the data ends
    header = parse(st, gen.XenImageHeader, "the libxc image header")
    doc["image_header"] = image_header_fields(header)
    try:
        return _libxc_domain(st, doc, header)
    except Truncated as t:  # the image header is listed; the data ends after it
        stop_truncated(st, t)
        return None


def _libxc_domain(st: State, doc: dict[str, Any], header: Any) -> _Libxc | None:
    if header.version not in (gen.FormatVersion.v2, gen.FormatVersion.v3):
        doc["undecoded"] = _rest(st, st.src.offset, f"a libxc stream of version "
                                 f"{int(header.version)} is not decoded by this version of "
                                 "xsif")
        return None
    is_le = not header.is_big_endian
    domain = parse(st, C.DomainHeader, "the libxc domain header", is_le)
    st.page_size = 1 << min(domain.page_shift, 32)
    doc["domain_header"] = fields(domain)
    return _Libxc(is_le)


_rest = rest_of
"""The data from here to its end, as octets; decoding stops at `at`."""


def libxc_records(st: State, lx: _Libxc, nested: bool) -> Iterator[dict[str, Any]]:
    """libxc records up to END, or (nested) up to a CHECKPOINT."""
    while not st.src.at_eof():
        record = _record(st, lx.index, LIBXC_LAYER, lx.is_le)
        lx.index += 1
        code = record["_code"]
        yield _public(record)
        if code == LXC.end:
            lx.done = True
            if not nested:
                st.end_seen = True
            return
        if nested and code == LXC.checkpoint:
            return
    st.stopped(st.src.offset, "the data ends without a libxc END record")


def decode_libxc(st: State) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": None}
    try:
        lx = libxc_headers(st, doc)
    except Truncated as t:
        stop_truncated(st, t)
        return _with_format(doc)
    _with_format(doc)
    if lx is None:
        return doc
    doc["records"] = guarded_iter(st, lambda: libxc_records(st, lx, nested=False))
    doc["trailing"] = guarded(st, lambda: trailing(st))
    return doc


def _with_format(doc: dict[str, Any]) -> dict[str, Any]:
    version = (doc.get("image_header") or {}).get("version")
    doc["format"] = LIBXC_V2 if version == "v2" else LIBXC_V3
    return doc


def libxl_body(st: State, doc: dict[str, Any]) -> None:
    """A libxl stream's header and records into `doc`."""
    try:
        gen.parse(gen.LibxlHeader, st.src.peek(64))
    except ValidationFailedError:
        doc["undecoded"] = _rest(st, st.src.offset, "not a libxl header (no \"LibxlFmt\")")
        return
    except EOFError:
        pass  # parse below says where the data ends
    header = parse(st, gen.LibxlHeader, "the libxl header")
    out = fields(header)
    out["byte_order"] = "big-endian" if header.is_big_endian else "little-endian"
    doc["libxl_header"] = out
    if header.version != 2:
        doc["undecoded"] = guarded(st, lambda: _rest(
            st, st.src.offset, f"libxl stream version {header.version} is not decoded by "
                               "this version of xsif"))
        return
    is_le = not header.is_big_endian
    doc["records"] = guarded_iter(st, lambda: libxl_records(st, is_le))
    doc["trailing"] = guarded(st, lambda: trailing(st))


def libxl_records(st: State, is_le: bool) -> Iterator[dict[str, Any]]:
    index = 0
    pending: _Libxc | None = None
    colo = False  # a COLO CHECKPOINT_STATE follows CHECKPOINT_END before the libxc stream
    while not st.src.at_eof():
        record = _record(st, index, LIBXL_LAYER, is_le)
        index += 1
        code = record["_code"]
        if code == LXL.libxc_context:
            record["libxc"] = guarded(st, lambda: _libxc_nested(st, None))
        elif code == LXL.checkpoint_end and pending is not None and not pending.done:
            if st.src.peek(8) == COLO_CHECKPOINT_STATE:
                colo = True
            else:
                record["libxc"] = guarded(st, lambda p=pending: _libxc_nested(st, p))
        elif code == LXL.checkpoint_state and colo and pending is not None:
            colo = False
            record["libxc"] = guarded(st, lambda p=pending: _libxc_nested(st, p))
        box = record
        yield _public(box)
        if "libxc" in box:
            pending = st.extra.get("libxc")
        if code == LXL.end:
            st.end_seen = True
            return
    st.stopped(st.src.offset, "the data ends without a libxl END record")


def _libxc_nested(st: State, lx: _Libxc | None) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if lx is None:
        lx = libxc_headers(st, doc)
        if lx is None:
            return doc
    st.extra["libxc"] = lx
    doc["records"] = guarded_iter(st, lambda: libxc_records(st, lx, nested=True))
    return doc


def decode_libxl(st: State) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": LIBXL}
    libxl_body(st, doc)
    return doc


XL_WORDS = {XL_BYTE_ORDER: False, int.from_bytes(XL_BYTE_ORDER.to_bytes(4, "little"), "big"):
            True}
"""The byte-order word read big-endian: whether the file is little-endian."""


def decode_xl(st: State) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": XL}
    magic = read_exact(st, len(XL_MAGIC), "the xl magic")
    word = int.from_bytes(read_exact(st, 4, "the xl byte-order word"), "big")
    head: dict[str, Any] = {"magic": magic.hex(), "byte_order_word": f"{word:#010x}"}
    doc["xl_header"] = head
    if word not in XL_WORDS:
        doc["undecoded"] = guarded(st, lambda: _rest(
            st, st.src.offset, f"the byte-order word {word:#010x} is neither 0x01020304 "
                               "nor 0x04030201"))
        return doc
    is_le = XL_WORDS[word]
    head["byte_order"] = "little-endian" if is_le else "big-endian"
    try:
        header = parse(st, gen.XlBody.Header, "the xl header", is_le)
    except Truncated as t:
        stop_truncated(st, t)
        return doc
    head.update(fields(header))

    def optional() -> Any:
        length = header.optional_data_len
        word = gen.min_size(gen.XlBody.OptionalData)
        if length <= BLOB_LIMIT:
            data = read_exact(st, length, "the xl optional data")
            try:
                obj = gen.parse(gen.XlBody.OptionalData, data, is_le)
            except EOFError:
                return {"hex": data.hex()}
            out = fields(obj)
            text = _text(obj.config)
            if text is not None:  # xl's config file, or JSON: shown as text
                out["config"] = text
            return out
        # Too long to hold: the config word, then the configuration and the
        # rest in pieces (each listed as hex or text up to BLOB_LIMIT octets,
        # else summarized), never the whole optional data at once.
        head = read_exact(st, word, "the xl optional data")
        obj = gen.XlBody.OptionalData(KaitaiStream(io.BytesIO(head)), None, None, is_le)
        try:
            obj._read()
        except EOFError:
            pass  # the configuration is not there: only its length is wanted
        config_length = obj.config_length
        if word + config_length > length:  # does not frame: all of it as octets
            return {"hex": _summary_after(st, head, length - word, "the xl optional data")}
        out: dict[str, Any] = {"config_length": config_length}
        if config_length <= BLOB_LIMIT:
            config = read_exact(st, config_length, "the xl configuration")
            out["config"] = _text(config) or config.hex()
        else:
            out["config"] = blob(st, config_length, "the xl configuration")
        out["rest"] = blob(st, length - word - config_length, "the xl optional data")
        return out

    doc["optional_data"] = guarded(st, optional)
    if header.is_stream_v2:
        doc["libxl"] = guarded(st, lambda: _libxl_in_xl(st))
    else:
        doc["undecoded"] = guarded(st, lambda: _rest(
            st, st.src.offset, "the xl header does not announce a libxl stream (mandatory "
                               "flag bit 1): a legacy stream follows, not decoded"))
    return doc


def _text(data: bytes) -> dict[str, str] | None:
    """{text: ...} for octets that are UTF-8, else None."""
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return None


def _summary_after(st: State, head: bytes, n: int, what: str) -> dict[str, Any]:
    """`head` and the next `n` octets, summarized as blob() summarizes."""
    digest = hashlib.sha256(head)
    done = 0
    while done < n:
        data = st.src.read(min(BLOB_LIMIT, n - done))
        if not data:
            raise Truncated(what, len(head) + n, len(head) + done)
        digest.update(data)
        done += len(data)
    return {"length": len(head) + n, "sha256": digest.hexdigest()}


def _libxl_in_xl(st: State) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    libxl_body(st, doc)
    return doc


def decode(st: State) -> dict[str, Any]:
    """Decode whichever Part II container the data holds."""
    kind = detect(st.src.peek(64))
    return {Kind.XL: decode_xl, Kind.LIBXL: decode_libxl}.get(kind, decode_libxc)(st)


def sniff(name: str) -> Callable[[bytes], bool]:
    return lambda prefix: FORMAT_OF.get(detect(prefix)) == name


# --- build --------------------------------------------------------------------------

class _Stream:
    """Building one xl save file, libxl stream or libxc stream."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.writer = StreamWriter(out, big_endian=False)
        self.libxc_le = True
        self.guest_width = 8

    @property
    def order(self) -> str:
        return self.writer.order

    def set_order(self, big: bool) -> None:
        self.writer.big_endian = big
        self.writer.order = ">" if big else "<"

    def write(self, data: bytes) -> None:
        self.writer.write(data)

    # -- containers ----------------------------------------------------------------
    def build(self, desc: dict[str, Any]) -> None:
        fmt = desc.get("format")
        top = {"format", "trailing", "truncate", "undecoded"}
        if fmt == XL:
            allowed = top | {"xl_header", "optional_data", "libxl"}
        elif fmt == LIBXL:
            allowed = top | {"libxl_header", "records"}
        else:
            allowed = top | {"image_header", "domain_header", "records"}
        desc = mapping(desc, "", allowed)
        if "truncate" in desc:
            self.writer.out = Truncating(self.out, integer(desc["truncate"], "truncate", 64))
        if fmt == XL:
            self.xl(desc)
        elif fmt == LIBXL:
            self.libxl(desc, "")
        else:
            self.libxc(desc, "", 2 if fmt == LIBXC_V2 else 3, nested=False)
        if "trailing" in desc:
            self.write(octets(desc["trailing"], "trailing"))
        write_undecoded(desc, self.write, self.out)

    def xl(self, desc: dict[str, Any]) -> None:
        path = "xl_header"
        head = mapping(desc.get("xl_header"), path,
                       {"magic", "byte_order_word", *gen.XlBody.Header.SEQ_FIELDS})
        order = head.get("byte_order", "little-endian")
        if order not in ("little-endian", "big-endian"):
            raise DescriptionError(join_path(path, "byte_order"), "is little-endian or big-endian")
        big = order == "big-endian"
        magic = short_octets(head["magic"], join_path(path, "magic")) if "magic" in head \
            else XL_MAGIC
        if "byte_order_word" in head:
            word = integer(head["byte_order_word"], join_path(path, "byte_order_word"), 32)
            if word in XL_WORDS:
                big = not XL_WORDS[word]
        else:
            word = XL_BYTE_ORDER if big else next(w for w, le in XL_WORDS.items() if le)
        self.set_order(big)
        if "undecoded" in desc and not {"mandatory_flags", "optional_data_len"} & set(head) \
                and "optional_data" not in desc:  # dumped: nothing after the word decoded
            self.write(magic + XL_ROOT.encode_field("byte_order_word", word))
            return
        if "optional_data" in desc:
            optional = self.xl_optional(desc["optional_data"], "optional_data")
        else:
            optional = self.xl_optional({"config": b'{"c_info": {}}\0'.hex()}, "optional_data")
        fields_ = ktype(XL_TYPES + "header").leaves()
        self.write(magic + XL_ROOT.encode_field("byte_order_word", word))
        self.write(pack(self.order, fields_, head, path, defaults={
            "mandatory_flags": 3, "optional_flags": 0, "optional_data_len": octet_count(optional)}))
        self.write(optional)
        if "libxl" in desc:
            self.libxl(mapping(desc["libxl"], "libxl", {"libxl_header", "records", "trailing",
                                                        "undecoded"}), "libxl")

    def xl_optional(self, value: Any, path: str) -> Octets:
        if isinstance(value, dict) and "hex" in value:
            return octets(mapping(value, path, {"hex"})["hex"], join_path(path, "hex"))
        spec = mapping(value, path, {"config_length", "config", "rest"})
        config = octets(spec.get("config", ""), join_path(path, "config"))
        length = integer(spec.get("config_length", len(config)), join_path(path, "config_length"),
                         32)
        rest = octets(spec.get("rest", ""), join_path(path, "rest"))
        head = ktype(XL_TYPES + "optional_data").encode_field("config_length", length,
                                                               self.order == "<")
        return Parts(head, config, rest)

    def libxl(self, desc: dict[str, Any], path: str) -> None:
        if "libxl_header" not in desc and "undecoded" in desc:  # dumped: not a libxl header
            if path:
                self.write(octets(desc["undecoded"], join_path(path, "undecoded")))
            return
        hpath = join_path(path, "libxl_header")
        fields_ = ktype("xen_libxl_stream::header").leaves()
        head = mapping(desc.get("libxl_header"), hpath, {n for n, _ in fields_})
        big = self._byte_order(head, hpath, "options")
        options = integer(head.get("options", 1 if big else 0), join_path(hpath, "options"), 32)
        self.set_order(bool(options & 1))
        self.write(pack(">", fields_, head, hpath, defaults={
            "ident": LIBXL_IDENT, "version": 2, "options": options}))
        rpath = join_path(path, "records")
        for i, record in enumerate(sequence(desc.get("records", []), rpath)):
            self.set_order(bool(options & 1))
            self.record("libxl", record, join_path(rpath, i))
        if path:  # inside an xl save file: its own trailing octets
            for key in ("trailing", "undecoded"):
                if key in desc:
                    self.write(octets(desc[key], join_path(path, key)))

    def _byte_order(self, head: dict[str, Any], path: str, options_key: str) -> bool:
        order = head.get("byte_order", "little-endian")
        if order not in ("little-endian", "big-endian"):
            raise DescriptionError(join_path(path, "byte_order"), "is little-endian or big-endian")
        return order == "big-endian"

    def libxc(self, desc: dict[str, Any], path: str, version: int, nested: bool) -> None:
        if "image_header" in desc:
            hpath = join_path(path, "image_header")
            fields_ = ktype("xen_image_header").leaves()
            head = mapping(desc["image_header"], hpath, {n for n, _ in fields_})
            big = self._byte_order(head, hpath, "options")
            options = integer(head.get("options", 1 if big else 0), join_path(hpath, "options"), 16)
            self.set_order(bool(options & 1))
            self.write(pack(">", fields_, head, hpath, defaults={
                "marker": MARKER, "id": IMAGE_ID, "version": version, "options": options}))
            self.libxc_le = not options & 1
        if "domain_header" in desc:
            dpath = join_path(path, "domain_header")
            fields_ = ktype(LIBXC_TYPES + "domain_header").leaves()
            spec = mapping(desc["domain_header"], dpath, {n for n, _ in fields_})
            self.set_order(not self.libxc_le)
            self.page_shift = integer(spec.get("page_shift", 12), join_path(dpath, "page_shift"),
                                      32)
            self.writer.page_shift = self.page_shift
            self.write(pack(self.order, fields_, spec, dpath, defaults={
                "type": "x86_pv", "page_shift": 12, "xen_major": 4, "xen_minor": 17},
                enums={"type": gen.LibxcDomainType}))
        rpath = join_path(path, "records")
        for i, record in enumerate(sequence(desc.get("records", []), rpath)):
            self.set_order(not self.libxc_le)
            self.record("libxc", record, join_path(rpath, i))
        if nested and "undecoded" in desc:
            self.write(octets(desc["undecoded"], join_path(path, "undecoded")))

    # -- records -------------------------------------------------------------------
    def record(self, layer: str, value: Any, path: str) -> None:
        allowed = {"header", "body", "padding"} | ({"libxc"} if layer == "libxl" else set())
        spec = mapping(value, path, allowed)
        hpath = join_path(path, "header")
        header = mapping(spec.get("header"), hpath, {"type", "body_length"})
        if "type" not in header:
            raise DescriptionError(join_path(hpath, "type"), "missing")
        types = LXC if layer == "libxc" else LXL
        code = integer(header["type"], join_path(hpath, "type"), 32, types)
        body = body_octets(self.body(layer, code, spec.get("body"), join_path(path, "body")),
                           join_path(path, "body"))
        faults = Faults(
            padding=(octets(spec["padding"], join_path(path, "padding"), 0)
                     if "padding" in spec else None),
            body_length=None if "body_length" not in header else integer(
                header["body_length"], join_path(hpath, "body_length"), 32))
        self.writer.record(code, Parts(body), faults=faults)
        if "libxc" in spec:
            lpath = join_path(path, "libxc")
            inner = mapping(spec["libxc"], lpath, {"image_header", "domain_header", "records",
                                                    "undecoded"})
            version = 3
            if "image_header" in inner and isinstance(inner["image_header"], dict):
                version = integer(inner["image_header"].get("version", 3),
                                  join_path(join_path(lpath, "image_header"), "version"), 32,
                                  gen.FormatVersion)
            outer = self.writer.big_endian
            self.libxc(inner, lpath, version, nested=True)
            self.set_order(outer)

    def body(self, layer: str, code: int, value: Any, path: str) -> Octets:
        if isinstance(value, dict) and "hex" in value:
            return octets(mapping(value, path, {"hex"})["hex"], join_path(path, "hex"))
        shape = SHAPES.get((layer, code))
        if shape is None:
            if value is None:
                return b""
            raise DescriptionError(path, f"record type {code:#010x} has no known body: "
                                   "give it as {hex: ...}")
        allowed = {"extra"}
        fields_ = shape.head_fields if not shape.array else []
        head_fields = shape.head_fields if shape.array else []
        tail = shape.tail.name if shape.tail is not None and not shape.pages else None
        allowed |= {n for n, _ in fields_} | {n for n, _ in head_fields}
        if tail:
            allowed |= {tail} | ({"data"} if tail == "strings" else set())
        if shape.nested:
            allowed.add(shape.nested.name)
        if shape.array:
            allowed.add(shape.array.name)
        if shape.pages:
            allowed.add("pages")
        spec = mapping(value, path, allowed)
        data = Parts()
        if shape.nested:
            name = shape.nested.name
            npath = join_path(path, name)
            nfields = shape.nested.user.leaves()  # type: ignore[union-attr]
            data += pack(self.order, nfields, mapping(spec.get(name), npath,
                                                      {n for n, _ in nfields}),
                         npath, enums=ENUMS)
        if fields_:
            data += pack(self.order, fields_, spec, path, enums=ENUMS,
                         defaults=self._defaults(shape, spec, path))
        if shape.array:
            data += self.array(shape, spec, head_fields, path)
        if tail:
            if tail == "strings" and "data" in spec:
                data += octets(spec["data"], join_path(path, "data"))
            elif tail == "strings":
                strings = sequence(spec.get("strings", []), join_path(path, "strings"))
                for i, s in enumerate(strings):
                    if not isinstance(s, str):
                        raise DescriptionError(join_path(join_path(path, "strings"), i),
                                               "expected a string")
                    data += s.encode("ascii", "replace") + b"\0"
            else:
                if tail not in spec:
                    raise DescriptionError(join_path(path, tail), "missing")
                data += octets(spec[tail], join_path(path, tail))
        if "extra" in spec:
            data += octets(spec["extra"], join_path(path, "extra"))
        return data

    def _defaults(self, shape: Shape, spec: dict[str, Any], path: str) -> dict[str, Any]:
        if shape.body.generated() is C.X86PvInfoBody:
            self.guest_width = integer(spec.get("guest_width", 8), join_path(path, "guest_width"),
                                       8)
            return {"guest_width": 8, "pt_levels": 4}
        return {}

    def array(self, shape: Shape, spec: dict[str, Any], head_fields: list[tuple[str, str]],
              path: str) -> Octets:
        array = shape.array
        assert array is not None
        key = array.name
        entry_cls = array.user.generated() if array.user is not None else None
        kpath = join_path(path, key)
        efields = (array.user.leaves() if array.user is not None
                   else [(array.name, array.code)])
        is_le = self.order == "<"
        values = []
        given = key in spec
        for i, item in enumerate(sequence(spec.get(key, []), kpath)):
            ipath = join_path(kpath, i)
            if entry_cls is C.PfnEntry and isinstance(item, dict):
                e = mapping(item, ipath, {"pfn", "page_type", "reserved"})
                if "pfn" not in e:
                    raise DescriptionError(join_path(ipath, "pfn"), "missing")
                values.append(words(entry_cls, [pack_pfn_entry(
                    integer(e["pfn"], join_path(ipath, "pfn"), 52),
                    integer(e.get("page_type", 0), join_path(ipath, "page_type"), 4,
                            gen.LibxcPageType),
                    integer(e.get("reserved", 0), join_path(ipath, "reserved"), 8))], is_le))
            elif entry_cls in WORDS:
                values.append(words(entry_cls, [integer(item, ipath, 64)], is_le))
            elif len(efields) == 1:
                code = efields[0][1]
                values.append(encode_integer(self.order, code,
                                             integer(item, ipath, 8 * code_size(code))))
            else:
                values.append(pack(self.order, efields, mapping(item, ipath, {
                    n for n, _ in efields}), ipath, enums=ENUMS))
        head = b""
        made = None
        if head_fields:
            head = pack(self.order, head_fields, spec, path,
                        defaults={"count": len(values)} if shape.counted else {})
        if entry_cls is C.P2mFrame and not given:
            start = integer(spec.get("p2m_start_pfn", 0), path, 64)
            end = integer(spec.get("p2m_end_pfn", 0), path, 64)
            n = p2m_frames_needed(start, end, self.writer.page_shift,
                                  self.guest_width) if start <= end else 0
            made = frames(entry_cls, is_le, 0x2000, n)
        data = Parts(head, b"".join(values) if made is None else made)
        if shape.pages:
            size = 1 << self.writer.page_shift  # a 16-bit shift: a long int at most
            if "pages" in spec:
                for i, p in enumerate(sequence(spec["pages"], join_path(path, "pages"))):
                    data += octets(p, join_path(join_path(path, "pages"), i), size)
            else:
                for raw in values:
                    word = int.from_bytes(raw, "little" if self.order == "<" else "big")
                    if carries_data(word):
                        data += LongOctets.repeat(
                            (word & ((1 << 52) - 1)).to_bytes(8, "little"), size)
        return data


def encode(desc: dict[str, Any], out: BinaryIO) -> None:
    _Stream(out).build(desc)


def to_bytes(desc: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    encode(desc, buf)
    return buf.getvalue()
