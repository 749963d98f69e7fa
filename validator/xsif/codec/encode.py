"""Encoding a description into octets, the part every format shares: the
description's values checked with the path of each (`DescriptionError`),
octets given as hex, fill or pattern, fixed fields packed in the layout the
codec (`xsif.codec.kaitai`) derives from the .ksy. `xsif.codec.build` writes
version 1 with them and `xsif.codec.migration` the formats of Xen 4.6 and
later."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, BinaryIO

import crc32c
from kaitaistruct import KaitaiStruct

from xsif.codec.kaitai import code_size, encode_integer
from xsif.codec.writer import (
    PIECE,
    LongOctets,
    Parts,
    ktype,
    pieces,
    words,
)
from xsif.read import gen

RT = gen.RecordType

INFORMATIONAL = frozenset({"index", "offset", "checksum_status", "byte_order", "sha256",
                           "stopped", "octets"})
"""Keys `xsif dump` writes for the reader; `build` accepts and skips them
(`byte_order` is checked against the options)."""


BODY_MAX = (1 << 32) - 1
"""The longest record body a 32-bit body_length can announce: a longer one
cannot be written, and is refused before any of it is made."""

Octets = bytes | LongOctets | Parts
"""What a description's octets become: bytes, or, when long, made as written."""


class DescriptionError(Exception):
    """A description that cannot be built: `path` names the offending key."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or 'the description'}: {message}")
        self.path = path


# --- reading values -------------------------------------------------------------

def join_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def mapping(value: Any, path: str, allowed: set[str] | frozenset[str]) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise DescriptionError(path, f"expected a mapping, got {kind_of(value)}")
    for key in value:
        if key not in allowed and key not in INFORMATIONAL:
            known = ", ".join(sorted(allowed))
            raise DescriptionError(join_path(path, str(key)), f"unknown key (known here: {known})")
    return value


def sequence(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise DescriptionError(path, f"expected a list, got {kind_of(value)}")
    return value


def kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def integer(value: Any, path: str, bits: int, enum: type[IntEnum] | None = None) -> int:
    """An integer of `bits` bits: a number, a string "0x..." or decimal, or
    (with `enum`) an enum name as the .ksy spells it."""
    if isinstance(value, str) and enum is not None:
        for member in enum:
            if member.name.lower() == value.lower():
                return int(member)
    if isinstance(value, str):
        try:
            value = int(value.replace("_", ""), 0)
        except ValueError:
            names = f" or one of {', '.join(m.name for m in enum)}" if enum else ""
            raise DescriptionError(path, f"{value!r} is not a number{names}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DescriptionError(path, f"expected a number, got {kind_of(value)}")
    if not 0 <= value < 1 << bits:
        raise DescriptionError(path, f"{value} does not fit in {bits} bits")
    return value


def octets(value: Any, path: str, default_length: int | None = None) -> bytes | LongOctets:
    """Octets: a hex string, or {hex}, {text} (UTF-8), {fill, length} or
    {pattern, length}. A fill or pattern longer than writer.PIECE octets
    is a LongOctets, made only as it is written."""
    if isinstance(value, str):
        return _hex(value, path)
    if isinstance(value, dict) and "text" in value:
        text = mapping(value, path, {"text"})["text"]
        if not isinstance(text, str):
            raise DescriptionError(join_path(path, "text"),
                                   f"expected a string, got {kind_of(text)}")
        return text.encode("utf-8", "surrogateescape")
    if isinstance(value, dict):
        spec = mapping(value, path, {"hex", "fill", "pattern", "length"})
        given = [k for k in ("hex", "fill", "pattern") if k in spec]
        if len(given) != 1:
            if not given and "sha256" in spec:
                raise DescriptionError(path, "only a summary (sha256) is given, not the "
                                       "octets: dump with --pages, or give hex, fill or "
                                       "pattern")
            raise DescriptionError(path, "give exactly one of hex, fill, pattern")
        if given[0] == "hex":
            data = _hex(spec["hex"], join_path(path, "hex"))
            if "length" in spec and integer(spec["length"], join_path(path, "length"), 64) \
                    != len(data):
                raise DescriptionError(join_path(path, "length"), "does not match the hex")
            return data
        if "length" in spec:
            length = integer(spec["length"], join_path(path, "length"), 32)
        elif default_length is not None:
            length = default_length
        else:
            raise DescriptionError(path, f"{given[0]} needs a length here")
        if given[0] == "fill":
            return LongOctets.repeat(bytes([integer(spec["fill"], join_path(path, "fill"), 8)]),
                                     length)
        unit = _hex(spec["pattern"], join_path(path, "pattern"))
        if not unit:
            raise DescriptionError(join_path(path, "pattern"), "is empty")
        return LongOctets.repeat(unit, length)
    if value == 0 and not isinstance(value, bool) and default_length is not None:
        return bytes(default_length)
    raise DescriptionError(path, f"expected octets (a quoted hex string, or hex, fill or "
                           f"pattern), got {kind_of(value)}")


def short_octets(value: Any, path: str, default_length: int | None = None) -> bytes:
    """Octets of a field that holds a few (a magic, a reserved field): a
    long fill or pattern is refused, not made."""
    data = octets(value, path, default_length)
    if not isinstance(data, bytes):
        raise DescriptionError(path, f"is {len(data)} octets: far too long for this field")
    return data


def octet_count(data: Octets) -> int:
    """How many octets `data` holds (len() stops at 2^63)."""
    if isinstance(data, Parts):
        return sum(octet_count(part) for part in data)  # type: ignore[arg-type]
    return data.length if isinstance(data, LongOctets) else len(data)


def body_octets(body: Octets, path: str) -> Octets:
    """`body`, unless it is too long for any record (BODY_MAX)."""
    n = octet_count(body)
    if n > BODY_MAX:
        raise DescriptionError(path, f"is {n} octets: a record body holds at most "
                               f"{BODY_MAX} (its length is 32 bits)")
    return body


def crc_of(*chunks: Octets) -> int:
    """The CRC-32C of `chunks`, computed piece by piece."""
    crc = 0
    for chunk in chunks:
        for piece in pieces(chunk):
            crc = crc32c.crc32c(piece, crc)
    return crc


def frames(element: type[KaitaiStruct], little_endian: bool, first: int, n: int
           ) -> bytes | LongOctets:
    """`n` made-up frame numbers from `first` on, as elements of the
    generated type `element` (a 64-bit word), made as written when there
    are many."""
    size = gen.min_size(element)

    def make(start: int, length: int) -> bytes:
        base = first + start // size
        return words(element, range(base, base + length // size), little_endian)

    return make(0, n * size) if n * size <= PIECE else LongOctets(n * size, make)


def _hex(text: str, path: str) -> bytes:
    try:
        return bytes.fromhex(text.replace(" ", "").replace("\n", ""))
    except (ValueError, AttributeError):
        raise DescriptionError(path, f"{text!r} is not hex") from None


# --- packing the fields of one structure -------------------------------------------

def layout(type_name: str) -> list[tuple[str, str]]:
    """(field, struct code) of the fixed fields a .ksy type starts with,
    from the codec."""
    return ktype(type_name).leaves()


ENUMS: dict[str, type[IntEnum]] = {"version": gen.FormatVersion, "arch": gen.Arch}


def pack(order: str, fields: list[tuple[str, str]], values: dict[str, Any], path: str,
         defaults: dict[str, Any] | None = None,
         enums: dict[str, type[IntEnum]] | None = None) -> bytes:
    """Pack `values` (a description mapping) in the order of `fields`; a
    missing field takes its default, reserved fields default to zero."""
    defaults = defaults or {}
    enums = {**ENUMS, **(enums or {})}
    out = []
    for name, code in fields:
        where = join_path(path, name)
        size = code_size(code)
        if name in values:
            value = values[name]
        elif name in defaults:
            value = defaults[name]
        elif name.startswith("reserved"):
            value = 0
        else:
            raise DescriptionError(where, "missing")
        if code.endswith("s"):
            data = short_octets(value, where, size)
            if len(data) != size:
                raise DescriptionError(where, f"is {len(data)} octets; the field has {size}")
            out.append(data)
        else:
            out.append(encode_integer(order, code, integer(value, where, size * 8,
                                                           enums.get(name))))
    return b"".join(out)


# --- version 1 ------------------------------------------------------------------------

def write_undecoded(desc: dict[str, Any], write: Callable[[Any], None],
                    raw: BinaryIO) -> None:
    """The description's `undecoded` octets (what `xsif dump` could not
    decode). With `truncate` they follow the cut (`raw`, not cut): dump
    gives `truncate` where the structure the data ended in starts and
    `undecoded` as what of it is there."""
    if "undecoded" not in desc:
        return
    data = octets(desc["undecoded"], "undecoded")
    if "truncate" in desc:
        for piece in pieces(data):
            raw.write(piece)
    else:
        write(data)


class Truncating:
    """Passes the first `limit` octets on and drops the rest."""

    def __init__(self, out: BinaryIO, limit: int) -> None:
        self.out, self.left = out, limit

    def write(self, data: bytes) -> int:
        if self.left <= 0:
            return len(data)
        keep = data[:self.left]
        self.left -= len(keep)
        self.out.write(keep)
        return len(data)
