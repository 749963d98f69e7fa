"""Access to the generated Kaitai parsers, and the sizes derived from them.

Nothing here restates the layout: sizes come from running the generated
parser, field offsets from the positions it records (`_debug`).
"""

from __future__ import annotations

import inspect
from functools import cache, lru_cache
from io import BytesIO

from kaitaistruct import KaitaiStream, KaitaiStruct

from xsif.generated.xen_image_header import XenImageHeader
from xsif.generated.xen_libxc_stream import XenLibxcStream
from xsif.generated.xen_libxl_stream import XenLibxlStream
from xsif.generated.xen_pfn_word import XenPfnWord
from xsif.generated.xen_save_image_v1 import XenSaveImageV1
from xsif.generated.xen_xl_save_file import XenXlSaveFile

V1 = XenSaveImageV1
Body = XenSaveImageV1.ImageBody
RecordType = XenSaveImageV1.RecordType
PageType = XenPfnWord.PageType
Arch = XenSaveImageV1.Arch
X86DomainType = XenSaveImageV1.X86DomainType
FormatVersion = XenImageHeader.FormatVersion

Libxc = XenLibxcStream.StreamBody
LibxcRecordType = XenLibxcStream.RecordType
LibxcDomainType = XenLibxcStream.DomainType
LibxcPageType = XenPfnWord.PageType
TscMode = XenLibxcStream.TscMode
Libxl = XenLibxlStream.StreamBody
LibxlHeader = XenLibxlStream.Header
LibxlRecordType = XenLibxlStream.RecordType
EmulatorId = XenLibxlStream.EmulatorId
CheckpointState = XenLibxlStream.CheckpointState
Xl = XenXlSaveFile
XlBody = XenXlSaveFile.FileBody

__all__ = [
    "Arch", "Body", "FormatVersion", "PageType", "RecordType", "V1", "X86DomainType",
    "XenImageHeader", "body_class", "field_offset", "min_size", "parse", "record_type_name",
    "Libxc", "LibxcRecordType", "LibxcDomainType", "LibxcPageType", "TscMode", "Libxl",
    "LibxlHeader", "LibxlRecordType", "EmulatorId", "CheckpointState", "Xl", "XlBody",
    "record_bodies", "first_check", "new", "seq_fields", "split_word", "failed_word",
]


@cache
def _params(cls: type[KaitaiStruct]) -> tuple[tuple[str, ...], bool]:
    """The parameters of a generated type's constructor, before `_io`."""
    names = list(inspect.signature(cls.__init__).parameters)[1:]
    return tuple(names[:names.index("_io")]), "_is_le" in names


def new(cls: type[KaitaiStruct], stream: KaitaiStream, is_le: bool | None = None) -> KaitaiStruct:
    """A generated object of `cls` on `stream`, not yet read, in the byte
    order `is_le` (None: the type's own).

    A type inherits its byte order from the one that uses it, which the
    generated Python takes as `_is_le`. A type whose expressions need the
    byte order (the 64-bit words, read as two halves in that order, and the
    records that lead to them) takes it as its parameter `little_endian` instead.
    Any other parameter (the libxl record's checkpoint state) gets False: a
    record read on its own is not in a checkpoint."""
    params, inherits = _params(cls)
    kwargs: dict[str, object] = {
        name: (bool(is_le) if name == "little_endian" else False) for name in params}
    if inherits and is_le is not None:
        kwargs["_is_le"] = is_le
    return cls(_io=stream, **kwargs)


def parse(cls: type[KaitaiStruct], io: object, is_le: bool | None = None,
          base: int = 0) -> KaitaiStruct:
    """Parse one generated type from `io` (bytes or a readable stream).

    `base` is the absolute offset of the stream's first octet; it is kept on
    the object so that `field_offset` can give absolute offsets.
    """
    stream = KaitaiStream(BytesIO(io) if isinstance(io, bytes | bytearray) else io)
    obj = new(cls, stream, is_le)
    obj._xsif_base = base
    obj._read()
    return obj


def field_offset(obj: KaitaiStruct, field: str | None = None) -> int:
    """Absolute offset of `field` of a parsed object (of the object itself
    when `field` is None), from the positions the generated parser stored."""
    base = getattr(obj, "_xsif_base", 0)
    if field is None:
        # fields only: a parse instance (`_m_` key) records where the stream
        # was when it was first read, not where the object is
        starts = [d["start"] for k, d in obj._debug.items()
                  if "start" in d and not k.startswith("_m_")]
        return base + (min(starts) if starts else obj._io.pos())
    if field not in obj._debug and f"{field}_high" in obj._debug:
        field = f"{field}_high"  # a word read as two halves starts with its first
    return base + obj._debug[field]["start"]


def split_word(cls: type[KaitaiStruct], name: str) -> str | None:
    """The 64-bit word that the sequence field `name` is half of, when the
    .ksy reads that word as two 32-bit halves, `<word>_high` then
    `<word>_low` (so that every Kaitai target checks all 64 bits), and
    gives the whole word as the instance `<word>`; None otherwise."""
    for suffix in ("_high", "_low"):
        word = name.removesuffix(suffix)
        if word != name and isinstance(getattr(cls, word, None), property) and (
                f"{word}_high" in cls.SEQ_FIELDS and f"{word}_low" in cls.SEQ_FIELDS):
            return word
    return None


def seq_fields(cls: type[KaitaiStruct]) -> list[str]:
    """The sequence fields of a generated type, in .ksy order, a word read
    as two halves named as the one word (`marker`, not `marker_high` and
    `marker_low`): the fields as the format states them."""
    out: list[str] = []
    for name in cls.SEQ_FIELDS:
        word = split_word(cls, name) or name
        if word not in out:
            out.append(word)
    return out


def failed_word(obj: KaitaiStruct, actual: int) -> tuple[str, int]:
    """After a failed `valid` check, the field being read and its value
    (`actual`, the error's): for a half of a word read as two halves, the
    word and its whole value. When the first half failed, the second is
    read on from the object's stream (EOFError when it is not there, as
    for the whole word)."""
    name = next(reversed(obj._debug))
    word = split_word(type(obj), name)
    if word is None:
        return name, actual
    if name == f"{word}_high":
        obj._debug[f"{word}_low"]["start"] = obj._io.pos()  # where a truncation is
        low = obj._io.read_u4le() if getattr(obj, "_is_le", False) else obj._io.read_u4be()
        return word, actual << 32 | low
    return word, getattr(obj, f"{word}_high") << 32 | actual


@cache
def min_size(cls: type[KaitaiStruct]) -> int:
    """The fewest octets from which the generated parser reads `cls`: its
    size for a fixed-size type, the size of its fixed fields otherwise."""
    for n in range(0, 1024):
        try:
            obj = parse(cls, bytes(n), is_le=True)
        except EOFError:
            continue
        return obj._io.pos()
    raise ValueError(f"{cls.__name__} has no fixed size below 1024 octets")


@lru_cache(maxsize=256)
def record_type_name(code: int) -> str | None:
    """The format's name of a record type (PAGE_DATA), None when unknown."""
    try:
        return RecordType(code).name.upper()
    except ValueError:
        return None


@lru_cache(maxsize=256)  # bounded: codes come from the input
def body_class(code: int) -> type[KaitaiStruct] | None:
    """The generated class of a record type's body: the ksy names the body
    type of record type `x` as `x_body`."""
    try:
        name = RecordType(code).name
    except ValueError:
        return None
    return getattr(Body, "".join(p.capitalize() for p in name.split("_")) + "Body", None)


def record_bodies(record_cls: type[KaitaiStruct], header_cls: type[KaitaiStruct],
                  types: type) -> dict[int, type[KaitaiStruct]]:
    """The body class of every record type, as the generated record type's
    switch chooses it: a record of each type with an empty body is parsed
    and the class of the body it made is kept."""
    header_size = min_size(header_cls)
    out: dict[int, type[KaitaiStruct]] = {}
    for code in types:
        data = bytearray(header_size)
        data[0:4] = int(code).to_bytes(4, "little")  # type, then body_length 0
        obj = new(record_cls, KaitaiStream(BytesIO(bytes(data))), True)
        try:
            obj._read()
        except EOFError:
            pass  # an empty body is too short for a fixed field: the class is known
        body = getattr(obj, "body", None)
        if isinstance(body, KaitaiStruct):
            out[int(code)] = type(body)
    return out


def first_check(cls: type[KaitaiStruct]) -> object:
    """The value that the first `valid`/`contents` check of a generated type
    wants (its marker, ident or magic), read from the check itself: all-zero
    input fails it. A word read as two halves, each checked, is wanted
    whole: the second half's check is read from input whose first half
    passes."""
    from kaitaistruct import ValidationNotEqualError
    data = bytearray(64)
    high: int | None = None
    while True:
        obj = new(cls, KaitaiStream(BytesIO(bytes(data))))
        try:
            obj._read()
        except ValidationNotEqualError as err:
            name = next(reversed(obj._debug))
            word = split_word(cls, name)
            if word is None or high is not None:
                return err.expected if high is None else high << 32 | err.expected
            high = err.expected
            start = obj._debug[name]["start"]
            data[start:start + 4] = high.to_bytes(4, "little" if getattr(
                obj, "_is_le", False) else "big")
            continue
        raise ValueError(f"{cls.__name__} accepts zeros: it has no identifying check")
