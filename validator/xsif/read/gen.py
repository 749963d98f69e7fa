"""Access to the generated Kaitai parsers, and the sizes derived from them.

Nothing here restates the layout: sizes come from running the generated
parser, field offsets from the positions it records (`_debug`).
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from io import BytesIO

from kaitaistruct import KaitaiStream, KaitaiStruct

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

GENERATED = {
    "XenImageHeader": ("xen_image_header", "XenImageHeader"),
    "FormatVersion": ("xen_image_header", "XenImageHeader.FormatVersion"),
    "XenPfnWord": ("xen_pfn_word", "XenPfnWord"),
    "PageType": ("xen_pfn_word", "XenPfnWord.PageType"),
    "LibxcPageType": ("xen_pfn_word", "XenPfnWord.PageType"),
    "XenSaveImageV1": ("xen_save_image_v1", "XenSaveImageV1"),
    "V1": ("xen_save_image_v1", "XenSaveImageV1"),
    "Body": ("xen_save_image_v1", "XenSaveImageV1.ImageBody"),
    "RecordType": ("xen_save_image_v1", "XenSaveImageV1.RecordType"),
    "Arch": ("xen_save_image_v1", "XenSaveImageV1.Arch"),
    "X86DomainType": ("xen_save_image_v1", "XenSaveImageV1.X86DomainType"),
    "XenLibxcStream": ("xen_libxc_stream", "XenLibxcStream"),
    "Libxc": ("xen_libxc_stream", "XenLibxcStream.StreamBody"),
    "LibxcRecordType": ("xen_libxc_stream", "XenLibxcStream.RecordType"),
    "LibxcDomainType": ("xen_libxc_stream", "XenLibxcStream.DomainType"),
    "TscMode": ("xen_libxc_stream", "XenLibxcStream.TscMode"),
    "XenLibxlStream": ("xen_libxl_stream", "XenLibxlStream"),
    "Libxl": ("xen_libxl_stream", "XenLibxlStream.StreamBody"),
    "LibxlHeader": ("xen_libxl_stream", "XenLibxlStream.Header"),
    "LibxlRecordType": ("xen_libxl_stream", "XenLibxlStream.RecordType"),
    "EmulatorId": ("xen_libxl_stream", "XenLibxlStream.EmulatorId"),
    "CheckpointState": ("xen_libxl_stream", "XenLibxlStream.CheckpointState"),
    "XenXlSaveFile": ("xen_xl_save_file", "XenXlSaveFile"),
    "Xl": ("xen_xl_save_file", "XenXlSaveFile"),
    "XlBody": ("xen_xl_save_file", "XenXlSaveFile.FileBody"),
}
"""The generated classes this module names (`gen.Libxc`, `gen.RecordType`):
the generated module and the class's path in it. Each is loaded at its
first use, with the generated modules it imports and no others: a run on a
libxc stream loads neither the version-1 nor the libxl and xl parsers."""


def __getattr__(name: str) -> Any:
    try:
        module, path = GENERATED[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    from importlib import import_module
    obj = import_module(f"xsif.generated.{module}")
    for part in path.split("."):
        obj = getattr(obj, part)
    globals()[name] = obj  # found directly from now on
    return obj


def _generated(name: str) -> Any:
    """`gen.<name>` from inside this module (globals do not fall back on
    the module's __getattr__)."""
    return globals().get(name) or __getattr__(name)


class Deferred:
    """A class of GENERATED that is loaded at its first attribute read: a
    module that names `RT = gen.Deferred("RecordType")` loads the version-1
    parser only when a rule reads `RT.page_data`."""

    def __init__(self, name: str) -> None:
        if name not in GENERATED:
            raise ValueError(f"no generated class {name!r}")
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(_generated(self._name), attr)
        setattr(self, attr, value)  # found directly from now on
        return value

    def __repr__(self) -> str:
        return f"gen.Deferred({self._name!r})"


__all__ = [*GENERATED, "Deferred", "body_by_switch", "field_offset",
           "first_check", "min_size", "new", "parse", "record_bodies", "record_type_name",
           "seq_fields", "split_word", "failed_word"]


@cache
def _params(cls: type[KaitaiStruct]) -> tuple[tuple[str, ...], bool]:
    """The parameters of a generated type's constructor, before `_io`."""
    code = cls.__init__.__code__  # the signature, without loading inspect
    names = code.co_varnames[1:code.co_argcount]
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
    # what a parse of zeros reads, when it is that fewest (it fails on p - 1
    # octets; the p octets it read of 1024 are enough, as its reads go
    # forward only): two parses instead of p + 1
    try:
        size = parse(cls, bytes(1024), is_le=True)._io.pos()
    except EOFError:
        size = None
    if size is not None and size < 1024 and (size == 0 or not _parses(cls, size - 1)):
        return size
    for n in range(0, 1024):  # a type reading to the end of its data, say
        if _parses(cls, n):
            return parse(cls, bytes(n), is_le=True)._io.pos()
    raise ValueError(f"{cls.__name__} has no fixed size below 1024 octets")


def _parses(cls: type[KaitaiStruct], n: int) -> bool:
    """Whether the generated parser reads `cls` from `n` zero octets."""
    try:
        parse(cls, bytes(n), is_le=True)
    except EOFError:
        return False
    return True


@lru_cache(maxsize=256)
def record_type_name(code: int) -> str | None:
    """The format's name of a record type (PAGE_DATA), None when unknown."""
    try:
        return _generated("RecordType")(code).name.upper()
    except ValueError:
        return None


def body_by_switch(record_cls: type[KaitaiStruct], header_cls: type[KaitaiStruct],
                   code: int) -> type[KaitaiStruct] | None:
    """The class the generated record type's switch gives the body of a
    record of type `code`: a record of that type with an empty body is
    parsed, and the class of the body it made is taken (None: raw octets)."""
    data = bytearray(min_size(header_cls))
    data[0:4] = code.to_bytes(4, "little")  # type, then body_length 0
    obj = new(record_cls, KaitaiStream(BytesIO(bytes(data))), True)
    try:
        obj._read()
    except EOFError:
        pass  # an empty body is too short for a fixed field: the class is known
    body = getattr(obj, "body", None)
    return type(body) if isinstance(body, KaitaiStruct) else None


class RecordBodies:
    """The body class of each record type of a layer. The .ksy mostly names
    the body type of record type `x` `x_body`, and the generated class of
    that name beside the record type is taken: looking a name up costs a run
    a fraction of the parse that asks the record's switch (`body_by_switch`,
    the parser of record), which is asked only where no class has that name
    (types sharing a body type, types whose body is raw octets).
    tests/test_generated.py checks that both give the same class for every
    record type of every layer. Each type is looked up the first time it is
    asked for."""

    def __init__(self, record_cls: type[KaitaiStruct], header_cls: type[KaitaiStruct],
                 types: type) -> None:
        self._record_cls = record_cls
        self._header_cls = header_cls
        self._types = types
        self._codes = frozenset(int(t) for t in types)
        self._found: dict[int, type[KaitaiStruct] | None] = {}
        module = sys.modules[record_cls.__module__]
        namespace: Any = module
        for part in record_cls.__qualname__.split(".")[:-1]:
            namespace = getattr(namespace, part)
        self._namespace = namespace
        """The generated type whose types the record and its bodies are."""

    def _find(self, code: int) -> type[KaitaiStruct] | None:
        name = "".join(p.capitalize() for p in self._types(code).name.split("_")) + "Body"
        found = getattr(self._namespace, name, None)
        if isinstance(found, type) and issubclass(found, KaitaiStruct):
            return found
        return body_by_switch(self._record_cls, self._header_cls, code)

    def get(self, code: int) -> type[KaitaiStruct] | None:
        code = int(code)
        try:
            return self._found[code]
        except KeyError:
            pass
        if code not in self._codes:
            return None  # a type the layer does not define: raw octets, nothing kept
        found = self._found[code] = self._find(code)
        return found

    def __getitem__(self, code: int) -> type[KaitaiStruct]:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def items(self) -> list[tuple[int, type[KaitaiStruct]]]:
        return [(int(t), cls) for t in self._types if (cls := self.get(int(t))) is not None]

    def __iter__(self) -> Iterator[int]:
        """The codes of the types that have a body class."""
        return iter([code for code, _ in self.items()])


def record_bodies(record_cls: type[KaitaiStruct], header_cls: type[KaitaiStruct],
                  types: type) -> RecordBodies:
    """The body class of every record type of a layer (see RecordBodies)."""
    return RecordBodies(record_cls, header_cls, types)


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
