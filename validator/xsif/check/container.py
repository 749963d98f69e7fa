"""The walk over the containers Xen 4.6 and later write: an xl save file
wraps a libxl stream, whose LIBXC_CONTEXT record is followed inline by a
libxc stream; a libxc CHECKPOINT hands the stream back to libxl until its
CHECKPOINT_END. Records are read by the engine (`Validator._record`) with
the layer's description (`xsif.read.layers`); findings carry the layer.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO

from kaitaistruct import KaitaiStream, ValidationFailedError

from xsif.check.contexts import DomainContext, EndContext, ImageState
from xsif.read import detect, gen, layers
from xsif.read.source import Truncated, truncated_in

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from typing import Any

    Validator = Any
    """The engine's Validator (xsif.check.engine), which calls these walks
    and reads each record for them; named, not imported: the engine imports
    this module."""

BYTE_ORDER = 0x01020304
"""xl's byte-order word, in the byte order of the writer."""


@cache
def colo_checkpoint_state() -> bytes:
    """The record header of the CHECKPOINT_STATE a COLO primary sends after
    each CHECKPOINT_END (libxl_colo_save.c): a libxc record could not start
    so (type 5 is X86_PV_VCPU_EXTENDED, whose body is at least 8 octets).
    A function, so that a libxc stream does not load the libxl parser."""
    return (int(gen.LibxlRecordType.checkpoint_state).to_bytes(4, "little")
            + gen.min_size(gen.Libxl.CheckpointStateBody).to_bytes(4, "little"))


def __getattr__(name: str) -> object:
    if name == "COLO_CHECKPOINT_STATE":  # as the dumper reads it
        return colo_checkpoint_state()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CONFIG_KEPT = 1 << 20
"""Octets of the xl configuration read into memory and checked as JSON; the
rest of the optional data is stepped over, and a longer configuration is
noted with validator.limit."""
JSON_LOADS_LIMIT = 256 << 10
JSON_DEPTH_LIMIT = 64
"""A configuration at most this long and deep is handed to the rules as
octets (`json.loads` takes it in a few MiB and a bounded stack; libxl's
are a few KiB, 6 deep); a larger or deeper one is checked here by
xsif.check.jsoncheck, which builds nothing, and the rules that read its content
do not see it (validator.limit says so)."""


class HeaderContext:
    __slots__ = ("header",)

    def __init__(self, header: Any) -> None:
        self.header = header


class XlContext:
    __slots__ = ("header", "config_length", "config", "config_offset")

    def __init__(self, header: Any, config_length: int | None, config: bytes | None,
                 config_offset: int | None) -> None:
        self.header = header
        self.config_length = config_length
        self.config = config
        self.config_offset = config_offset


def _byte_order(is_le: bool) -> str:
    return "little-endian" if is_le else "big-endian"


# --- libxc ------------------------------------------

def libxc_start(v: Validator, depth: int) -> ImageState:
    """Read a libxc stream's image and domain headers (data that is no libxc
    stream of version 2 or 3 stops the reading: engine.Refused)."""
    v._layer = layers.LIBXC.label
    # another version, or a big-endian stream (read_headers: "Unable to handle
    # big endian streams"), stops the reading there: `stops` in the catalog
    header = v._image_header(layers.LIBXC)
    state = ImageState(is_le=not header.is_big_endian, layer=layers.LIBXC,
                       version=int(header.version), depth=depth)
    state.domain = v.parse(gen.Libxc.DomainHeader, "the libxc domain header", state.is_le)
    v.report.header.setdefault("libxc", {
        "version": int(header.version),
        "byte_order": _byte_order(state.is_le),
        "domain_type": int(state.domain.type),
        "page_shift": state.domain.page_shift,
        "xen": f"{state.domain.xen_major}.{state.domain.xen_minor}",
    })
    v.run("domain_header", DomainContext(state.domain, state), layer=layers.LIBXC.name)
    state.track["index"] = 0
    return state


def libxc_records(v: Validator, state: ImageState, nested: bool) -> str:
    """Read libxc records up to END ("end"), a CHECKPOINT inside a libxl
    stream ("checkpoint") or the end of the data ("eof")."""
    v._layer = layers.LIBXC.label
    while not v.src.at_eof():
        index = state.track["index"]
        v._current = index
        ctx = v._record(index, state)
        state.track["index"] = index + 1
        v.report.records += 1
        if ctx.type == gen.LibxcRecordType.end:
            return "end"
        if nested and ctx.type == gen.LibxcRecordType.checkpoint:
            return "checkpoint"
    return "eof"


def libxc_finish(v: Validator, state: ImageState, end_seen: bool) -> None:
    v._layer, v._current = layers.LIBXC.label, None
    v.run("end", EndContext(state, end_seen), layer=layers.LIBXC.name)


def libxc_bare(v: Validator) -> None:
    """A libxc stream on its own (what `xc_domain_save` writes to a file)."""
    state = libxc_start(v, 0)
    end_seen = libxc_records(v, state, nested=False) == "end"
    v._current = None
    v.report.end_seen = end_seen
    if end_seen:
        v._trailing()
    libxc_finish(v, state, end_seen)


# --- libxl ------------------------------------------

def libxl(v: Validator, depth: int = 0) -> None:
    """A libxl stream: its header, its records and the libxc stream inside."""
    v._layer = layers.LIBXL.label
    header = gen.LibxlHeader(KaitaiStream(v.src))
    header._xsif_base = 0
    try:
        header._read()
    except ValidationFailedError as err:
        try:  # the ident as one word
            actual = gen.failed_word(header, err.actual)[1]
        except EOFError as eof:
            raise truncated_in(header, "the libxl header", eof) from None
        v.stop("libxl.header.ident", gen.field_offset(header, "ident"), None,
               actual=actual, expected=detect.LIBXL_IDENT)
    except EOFError as err:
        raise truncated_in(header, "the libxl header", err) from None
    v.report.header["libxl"] = {
        "version": header.version,
        "options": header.options,
        "byte_order": "big-endian" if header.is_big_endian else "little-endian",
    }
    # another version (its records need not frame alike) or a big-endian
    # stream, which libxl refuses at its header, stops here (`stops`)
    v.run("libxl_header", HeaderContext(header), layer=layers.LIBXL.name)
    state = ImageState(is_le=not header.is_big_endian, layer=layers.LIBXL, depth=depth)
    state.track["legacy_converted"] = bool(header.is_legacy_converted)
    index, end_seen = 0, False
    while not v.src.at_eof():
        v._layer, v._current = layers.LIBXL.label, index
        ctx = v._record(index, state)
        v.report.records += 1
        index += 1
        inner = None
        if ctx.type == gen.LibxlRecordType.libxc_context:
            pending = state.track.pop("libxc", None)
            if pending is not None:
                libxc_finish(v, pending, False)
            inner = libxc_start(v, depth + 1)
            state.track["domain_type"] = inner.domain.type  # for the emulator records
        elif ctx.type == gen.LibxlRecordType.checkpoint_end:
            inner = state.track.pop("libxc", None)
            if inner is not None and v.src.peek(8) == colo_checkpoint_state():
                # a COLO primary's CHECKPOINT_STATE comes first, then the libxc stream
                state.track["libxc"], state.track["colo"] = inner, True
                continue
        elif ctx.type == gen.LibxlRecordType.checkpoint_state and state.track.pop("colo", False):
            inner = state.track.pop("libxc")
        elif ctx.type == gen.LibxlRecordType.end:
            end_seen = True
            break
        if inner is not None:
            result = libxc_records(v, inner, nested=True)
            if result == "checkpoint":
                state.track["libxc"] = inner
            else:
                libxc_finish(v, inner, result == "end")
                if result == "eof":
                    break
    pending = state.track.pop("libxc", None)
    if pending is not None:
        libxc_finish(v, pending, False)
    v._layer, v._current = layers.LIBXL.label, None
    v.report.end_seen = end_seen
    if end_seen:
        v._trailing()
    v.run("end", EndContext(state, end_seen), layer=layers.LIBXL.name)


# --- xl ------------------------------------------

def xl(v: Validator) -> None:
    """An xl save file: magic, header, optional data, then the libxl stream."""
    v._layer = "xl"
    magic = v.read_exact(len(detect.XL_MAGIC), "the xl magic")
    if magic != detect.XL_MAGIC:
        v.stop("xl.magic", 0, None, octets=magic[:8].hex(" ") + " ...")
    at = v.src.offset
    raw = v.read_exact(4, "the xl byte-order word")
    word = int.from_bytes(raw, "little")
    if word != BYTE_ORDER:
        # xl compares the word with its own (little-endian) value and stops
        v.stop("xl.byte-order", at, None, word=word)
    is_le = True
    header = v.parse(gen.XlBody.Header, "the xl header", is_le)
    length = header.optional_data_len
    base = v.src.offset
    config_length = config = config_offset = None
    # Only a bounded head of the optional data is read into memory: the
    # config length word and a configuration of up to CONFIG_KEPT octets.
    # Whatever the length of the rest, the length checks need only the word.
    size_word = gen.min_size(gen.XlBody.OptionalData)
    kept = min(length, CONFIG_KEPT + size_word)
    data = v.read_exact(kept, "the xl optional data")
    optional = gen.XlBody.OptionalData(KaitaiStream(BytesIO(data)), None, None, is_le)
    optional._xsif_base = base
    try:
        optional._read()
    except EOFError:
        pass  # the config does not fit: xl.optional-data-length says so
    config_length = getattr(optional, "config_length", None)
    config = getattr(optional, "config", None)
    if config is not None:
        config_offset = gen.field_offset(optional, "config")
    got, _ = v.src.skip(length - kept)
    if got < length - kept:
        raise Truncated("the xl optional data", length, kept + got)
    if header.is_config_json:
        fits = config_length is not None and size_word + config_length <= length
        config = _check_config_json(v, config, config_length if fits else None,
                                    base + size_word)
    v.report.header["xl"] = {
        "byte_order": _byte_order(is_le),
        "mandatory_flags": header.mandatory_flags,
        "optional_flags": header.optional_flags,
        "optional_data_len": length,
        "config": "json" if header.is_config_json else "xl",
    }
    # without mandatory flag bit 1 a legacy stream follows, which is not
    # read: xl.stream-legacy stops here (`stops`)
    v.run("xl_header", XlContext(header, config_length, config, config_offset), layer="xl")
    libxl(v, depth=0)


def _check_config_json(v: Validator, config: bytes | None, config_length: int | None,
                       offset: int) -> bytes | None:
    """Check a JSON configuration too long or too deep for `json.loads`
    here (xl.config-json), or say that it is not checked (validator.limit);
    what to hand to the rules: `config`, or None when it was settled here."""
    if config_length is not None and config_length > CONFIG_KEPT:
        v.emit("validator.limit", offset, None,
               what=f"the xl configuration is {config_length} octets: only configurations "
                    f"of up to {CONFIG_KEPT} octets are read, so it is not checked as JSON")
        return None
    if config is None:
        return None
    from xsif.check import jsoncheck
    try:
        text = config.split(b"\0", 1)[0].decode("utf-8")
    except UnicodeDecodeError:
        return config  # the rule says so
    verdict = jsoncheck.check(text)
    if len(text) <= JSON_LOADS_LIMIT and verdict.depth <= JSON_DEPTH_LIMIT:
        return config
    if verdict.error is not None:
        v.emit("xl.config-json", offset, None, error=verdict.error)
    else:
        v.emit("validator.limit", offset, None,
               what=f"the xl configuration ({len(text)} octets, nested {verdict.depth} deep) "
                    f"is JSON, but larger than {JSON_LOADS_LIMIT} octets or deeper than "
                    f"{JSON_DEPTH_LIMIT}: what it says is not checked")
    return None
