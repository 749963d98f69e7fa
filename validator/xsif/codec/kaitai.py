"""The codec: decode and encode a Kaitai type by walking its description in
the .ksy, so that no Python restates a layout.

A type is named as the spec's directives name it, the file's `meta.id` and
the nested type names separated by `::`
(`xen_save_image_v1::image_body::record_header`). `ktype(name)` reads the
packaged .ksy (`xsif.ksy`, with PyYAML, once a file) and compiles the type
once: its sequence of fields, each an integer (`u1` to `u8`, `s1` to `s8`),
fixed `contents`, octets of a `size` (a number, or an expression over
earlier fields and parameters), `size-eos` octets, NUL-terminated strings,
or a user type (imported ones included, with arguments such as
`xen_pfn_word(little_endian)`), repeated by `repeat: expr`, `eos` or not at
all; `enum:` fields take an enum name or a number. The byte order is the
type's own (`meta.endian`, its own or the nearest enclosing type's), or,
where the .ksy chooses it at run time (`endian: switch-on: ...`), the
`little_endian` the caller gives.

A type whose fields all have a fixed size is also compiled into a
`struct.Struct`, its format derived from the .ksy at first use: `pack()` and
`unpack()` then cost what struct costs, which is what the writer uses to
stream multi-GiB images. A 64-bit word that a big-endian header reads as two
u4 halves, `<word>_high` then `<word>_low` (the image marker, the libxl
ident: so that every Kaitai target checks all 64 bits), is the same octets
as one u8: to that fast form (`leaves()`, `format()`, `pack()`), and so to
the writer and `xsif build`, it is the one field `<word>`, as the format
states it and `xsif dump` names it. `encode()` and `decode()` take and give a mapping
of field names (nested types as nested mappings, repeated fields as lists,
octets as bytes, enums as their .ksy names when known).

The generated parser stays the parser of record: tests/test_codec.py checks,
for every fixed-size and array type of every .ksy, that the generated parser
reads back what this module encodes, and that decoding gives back what was
encoded. Kaitai 0.11 generates no Python serializer, so the encoder is this
module's, but it knows no type by name.
"""

from __future__ import annotations

import importlib
import re
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

INTEGERS = {"u1": "B", "u2": "H", "u4": "I", "u8": "Q",
            "s1": "b", "s2": "h", "s4": "i", "s8": "q"}
"""The struct code of each of Kaitai's integer types (one field each)."""

ORDER = {"le": "<", "be": ">"}


class CodecError(ValueError):
    """A value that does not fit the type, or a .ksy construct the codec
    does not handle; the message names the field."""


# --- reading the .ksy -----------------------------------------------------------------

@cache
def ksy(file: str) -> dict[str, Any]:
    """The parsed .ksy file whose meta.id is `file`, from the package's
    resources (`xsif.ksy`)."""
    text = resources.files("xsif.ksy").joinpath(f"{file}.ksy").read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    return spec


def _spec_at(file: str, path: tuple[str, ...]) -> dict[str, Any]:
    spec = ksy(file)
    for name in path:
        try:
            spec = spec["types"][name]
        except (KeyError, TypeError):
            raise CodecError(f"{file}.ksy has no type {'::'.join(path)}") from None
    return spec


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


# --- expressions ----------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(0x[0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_.]*|\S)")


def evaluate(expr: Any, scope: Mapping[str, Any]) -> Any:
    """The value of the small expressions the .ksy's sizes, counts and
    arguments use: a number, a (dotted) name of an earlier field or a
    parameter, `not` such a name."""
    if isinstance(expr, bool | int):
        return expr
    tokens = _TOKEN.findall(str(expr))
    negate = False
    if tokens and tokens[0] == "not":
        negate, tokens = True, tokens[1:]
    if len(tokens) != 1:
        raise CodecError(f"expression {expr!r} is beyond what the codec evaluates")
    token = tokens[0]
    if token[0].isdigit():
        value: Any = int(token, 0)
    else:
        value = scope
        for part in token.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise CodecError(f"{expr!r}: {part} is not known here")
            value = value[part]
    return (not value) if negate else value


def reference(expr: Any) -> list[str] | None:
    """The field path an expression names when it is a plain reference
    (`header.count`), else None."""
    if isinstance(expr, str) and re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*", expr):
        return expr.split(".")
    return None


# --- compiled types -------------------------------------------------------------------

@dataclass(frozen=True)
class Enum:
    name: str
    values: dict[int, str]
    numbers: dict[str, int]

    def encode(self, value: Any, where: str) -> int:
        if isinstance(value, str):
            if value in self.numbers:
                return self.numbers[value]
            raise CodecError(f"{where}: {value!r} is not a name of enum {self.name}")
        return int(value)

    def decode(self, value: int) -> Any:
        return self.values.get(value, value)


@dataclass
class Field:
    """One field of a type's sequence."""

    name: str
    kind: str
    """int, contents, octets, eos (the rest), strz, user or switch (a
    `switch-on` type, encoded and decoded through the case's own type)."""
    code: str = ""
    """The struct code of an integer or of fixed octets (`6s`)."""
    order: str | None = None
    """An integer's own byte order (u4be), else the type's."""
    size: Any = None
    """An int, or the .ksy's size expression."""
    contents: bytes = b""
    enum: Enum | None = None
    user: KType | None = None
    args: tuple[Any, ...] = ()
    repeat: str | None = None
    repeat_expr: Any = None
    cond: Any = None
    """The .ksy's `if`: the field is left out of an encoding not given it."""
    sized: bool = False
    """A user type read from `size` octets (or the rest, when size is None)."""
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def fixed(self) -> bool:
        if self.repeat is not None or self.cond is not None or self.sized:
            return False
        if self.kind == "user":
            return self.user is not None and self.user.fixed
        if self.kind == "switch":
            return False
        return self.kind in ("int", "contents") or (self.kind == "octets"
                                                   and isinstance(self.size, int))

    @property
    def width(self) -> int:
        """Octets of a fixed field."""
        if self.kind == "user":
            return self.user.size  # type: ignore[union-attr]
        if self.kind == "contents":
            return len(self.contents)
        if self.kind == "octets":
            return int(self.size)
        return struct.calcsize("<" + self.code)


class KType:
    """One Kaitai type, compiled from its .ksy description."""

    def __init__(self, file: str, path: tuple[str, ...]) -> None:
        self.file = file
        self.path = path
        self.name = "::".join((file, *path))
        self.spec = _spec_at(file, path)
        self.params = tuple(p["id"] for p in self.spec.get("params", []) or [])
        self.endian = self._endian()
        self.fields: list[Field] = []
        self._structs: dict[bool, struct.Struct] = {}

    def _compile(self) -> None:
        self.fields = [self._field(f) for f in self.spec.get("seq", []) or []]

    # -- what the .ksy says --------------------------------------------------------
    def _endian(self) -> str | None:
        """le, be, or None when the byte order is chosen at run time."""
        for depth in range(len(self.path), -1, -1):
            meta = _spec_at(self.file, self.path[:depth]).get("meta") or {}
            endian = meta.get("endian")
            if endian is None:
                continue
            return endian if isinstance(endian, str) else None
        return None

    def resolve_type(self, name: str) -> KType:
        """A type named in this type's fields, found as Kaitai finds it: the
        enclosing types outwards, then the imported files."""
        if "::" in name:
            file, *rest = name.split("::")
            return ktype("::".join((file, *rest)))
        for depth in range(len(self.path), -1, -1):
            types = _spec_at(self.file, self.path[:depth]).get("types") or {}
            if name in types:
                return ktype("::".join((self.file, *self.path[:depth], name)))
        if name in (ksy(self.file).get("meta", {}).get("imports") or []):
            return ktype(name)
        raise CodecError(f"{self.name}: no type {name}")

    def resolve_enum(self, name: str) -> Enum:
        *scope, enum_name = name.split("::")
        if scope:
            holder = ktype("::".join(scope))
            places = [holder.spec]
        else:
            places = [_spec_at(self.file, self.path[:d]) for d in range(len(self.path), -1, -1)]
        for spec in places:
            enums = spec.get("enums") or {}
            if enum_name in enums:
                values = {int(k): (v["id"] if isinstance(v, dict) else str(v))
                          for k, v in enums[enum_name].items()}
                return Enum(enum_name, values, {v: k for k, v in values.items()})
        raise CodecError(f"{self.name}: no enum {name}")

    def _field(self, f: dict[str, Any]) -> Field:
        name = f["id"]
        common: dict[str, Any] = {"repeat": f.get("repeat"), "repeat_expr": f.get("repeat-expr"),
                                  "spec": f}
        if "enum" in f:
            common["enum"] = self.resolve_enum(f["enum"])
        if "contents" in f:
            data = f["contents"]
            parts = data if isinstance(data, list) else [data]
            raw = b"".join(p.encode("utf-8") if isinstance(p, str) else bytes([p])
                           for p in parts)
            return Field(name, "contents", code=f"{len(raw)}s", contents=raw, **common)
        kind = f.get("type")
        if isinstance(kind, dict):  # switch-on: the caller names the case's type
            return Field(name, "switch", **common)
        if kind in INTEGERS or (isinstance(kind, str) and kind[:2] in INTEGERS
                                and kind[2:] in ORDER):
            order = ORDER[kind[2:]] if kind[2:] else None
            return Field(name, "int", code=INTEGERS[kind[:2]], order=order, **common)
        if kind == "strz":
            return Field(name, "strz", **common)
        if "if" in f:
            common["cond"] = f["if"]
        if kind is not None and kind != "str" and ("size" in f or f.get("size-eos")):
            sized = self._field({k: v for k, v in f.items() if k not in ("size", "size-eos")})
            sized.size = f.get("size")
            sized.sized = True
            return sized
        if kind is None or "size" in f or f.get("size-eos"):
            if f.get("size-eos"):
                return Field(name, "eos", **common)
            size = f["size"]
            return Field(name, "octets", code=f"{size}s" if isinstance(size, int) else "",
                         size=size, **common)
        type_name, _, args = str(kind).partition("(")
        user = self.resolve_type(type_name.strip())
        arg_list = tuple(a.strip() for a in args.rstrip(")").split(",")) if args else ()
        return Field(name, "user", user=user, args=arg_list, **common)

    # -- sizes and the fast form -------------------------------------------------------
    @property
    def fixed(self) -> bool:
        return all(f.fixed for f in self.fields)

    @property
    def size(self) -> int:
        """Octets of a fixed type."""
        if not self.fixed:
            raise CodecError(f"{self.name} has no fixed size")
        return sum(f.width for f in self.fields)

    def head(self) -> list[Field]:
        """The fixed fields the type starts with."""
        out = []
        for f in self.fields:
            if not f.fixed:
                break
            out.append(f)
        return out

    def word(self, first: Field, second: Field) -> str | None:
        """The 64-bit word that two adjacent fields are, when the .ksy reads
        it as two big-endian u4 halves, `<word>_high` then `<word>_low`, and
        gives it whole as the instance `<word>` (so that every Kaitai target
        checks all 64 bits): octet for octet the word as one u8, which is
        how the writer, `xsif build` and `xsif dump` take it. None otherwise."""
        word = first.name.removesuffix("_high")
        if word == first.name or second.name != f"{word}_low":
            return None
        if word not in (self.spec.get("instances") or {}):
            return None
        halves = (first, second)
        if any(f.kind != "int" or f.code != "I" or f.enum is not None or not f.fixed
               for f in halves):
            return None
        orders = {f.order or (ORDER[self.endian] if self.endian else None) for f in halves}
        return word if orders == {">"} else None

    def leaves(self, prefix: str = "") -> list[tuple[str, str]]:
        """(field, struct code) of every fixed field at the type's start,
        nested types flattened (`word.first_half`), a big-endian word read
        as two halves given whole (`marker`, a "Q": see word())."""
        out: list[tuple[str, str]] = []
        head = self.head()
        i = 0
        while i < len(head):
            f = head[i]
            word = self.word(f, head[i + 1]) if i + 1 < len(head) else None
            if word is not None:
                out.append((prefix + word, "Q"))
                i += 2
                continue
            if f.kind == "user":
                out += f.user.leaves(f"{prefix}{f.name}.")  # type: ignore[union-attr]
            else:
                out.append((prefix + f.name, f.code))
            i += 1
        return out

    def order(self, little_endian: bool | None) -> str:
        if self.endian is not None:
            return ORDER[self.endian]
        if little_endian is None:
            raise CodecError(f"{self.name} takes its byte order at run time: give it")
        return "<" if little_endian else ">"

    def format(self) -> str:
        """The struct format of the fixed fields at the type's start,
        without byte order: derived from the .ksy, never written down."""
        return "".join(code for _, code in self.leaves())

    def struct(self, little_endian: bool | None = None) -> struct.Struct:
        """The compiled form of the type's fixed start, in one byte order."""
        key = self.order(little_endian) == "<"
        s = self._structs.get(key)
        if s is None:
            orders = {f.order for f in self._flat_fields() if f.order}
            if orders - {self.order(little_endian)}:
                raise CodecError(f"{self.name} mixes byte orders: no single struct")
            s = self._structs[key] = struct.Struct(self.order(little_endian) + self.format())
        return s

    def _flat_fields(self) -> Iterator[Field]:
        for f in self.head():
            if f.kind == "user":
                yield from f.user._flat_fields()  # type: ignore[union-attr]
            else:
                yield f

    def pack(self, little_endian: bool | None, *values: Any) -> bytes:
        """The type's fixed start from its leaf values in order (numbers
        and octets, no enum names): the writer's fast path."""
        return self.struct(little_endian).pack(*values)

    def unpack(self, data: bytes, little_endian: bool | None = None, offset: int = 0
               ) -> tuple[Any, ...]:
        return self.struct(little_endian).unpack_from(data, offset)

    def array_format(self, little_endian: bool | None, n: int) -> struct.Struct:
        """`n` elements of a fixed type of one field, as one struct."""
        return array_struct(self.order(little_endian), self.format(), n)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise CodecError(f"{self.name} has no field {name}")

    def encode_field(self, name: str, value: Any, little_endian: bool | None = None) -> bytes:
        """One field of the type on its own (the xl byte-order word)."""
        out = bytearray()
        self._encode_one(out, self.field(name), value, self._le(little_endian), {},
                         f"{self.name}.{name}")
        return bytes(out)

    # -- the generic walk ----------------------------------------------------------------
    def encode(self, value: Mapping[str, Any], little_endian: bool | None = None,
               params: Mapping[str, Any] | None = None) -> bytes:
        """The octets of `value`, a mapping of field names; a field left out
        is zero (its octets zero, an array empty), except `contents` (the
        .ksy's), a size or count another field names (the length of that
        field), and a fixed-size octet field (zeros)."""
        out = bytearray()
        self._encode(out, value, little_endian, dict(params or {}), self.name)
        return bytes(out)

    def _scope(self, little_endian: bool | None, params: dict[str, Any]) -> dict[str, Any]:
        scope = dict(params)
        for p in self.params:
            if p not in scope and little_endian is not None and p == "little_endian":
                scope[p] = little_endian
        return scope

    def _encode(self, out: bytearray, value: Mapping[str, Any], le: bool | None,
                params: dict[str, Any], where: str) -> None:
        if not isinstance(value, Mapping):
            raise CodecError(f"{where}: expected a mapping, got {type(value).__name__}")
        unknown = set(value) - {f.name for f in self.fields}
        if unknown:
            raise CodecError(f"{where}: {', '.join(sorted(unknown))} not a field of {self.name}")
        le = self._le(le)
        scope = self._scope(le, params)
        implied = self._implied(value)
        values: dict[str, Any] = {}
        for f in self.fields:
            here = f"{where}.{f.name}"
            if f.name in value:
                v = value[f.name]
            elif f.cond is not None:
                continue
            elif f.name in implied:
                v = implied[f.name]
            else:
                v = self._default(f, scope, values)
            values[f.name] = v
            scope[f.name] = v
            items = v if f.repeat else [v]
            if f.repeat:
                if not isinstance(v, Sequence) or isinstance(v, str | bytes):
                    raise CodecError(f"{here}: expected a list")
                if f.repeat == "expr":
                    n = evaluate(f.repeat_expr, scope)
                    if n != len(v):
                        raise CodecError(f"{here}: {len(v)} elements, the count says {n}")
            for item in items:
                self._encode_one(out, f, item, le, scope, here)

    def _le(self, le: bool | None) -> bool | None:
        return (self.endian == "le") if self.endian is not None else le

    def _implied(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """Sizes and counts that name a field of this type, from the value
        given to the field they measure (nested one level: `header.count`)."""
        implied: dict[str, Any] = {}
        for f in self.fields:
            expr = f.repeat_expr if f.repeat == "expr" else (f.size if f.kind == "octets"
                                                              else None)
            path = reference(expr)
            if path is None or f.name not in value or path[0] in value and len(path) == 1:
                continue
            n = len(value[f.name])
            if len(path) == 1:
                implied[path[0]] = n
            elif len(path) == 2:
                inner = dict(value.get(path[0]) or {})
                inner.setdefault(path[1], n)
                implied[path[0]] = inner
        return implied

    def _default(self, f: Field, scope: Mapping[str, Any], done: Mapping[str, Any]) -> Any:
        if f.repeat:
            return []
        if f.kind == "contents":
            return f.contents
        if f.kind == "int":
            return 0
        if f.kind == "octets":
            return bytes(evaluate(f.size, scope))
        if f.kind == "user":
            return {}
        return b"" if f.kind == "eos" else ""

    def _encode_one(self, out: bytearray, f: Field, v: Any, le: bool | None,
                    scope: dict[str, Any], where: str) -> None:
        if f.kind == "int":
            n = f.enum.encode(v, where) if f.enum else v
            if isinstance(n, bool) or not isinstance(n, int):
                raise CodecError(f"{where}: expected a number, got {type(v).__name__}")
            order = f.order or self.order(le)
            try:
                out += struct.pack(order + f.code, n)
            except struct.error:
                raise CodecError(f"{where}: {n} does not fit in {f.code}") from None
        elif f.kind == "user":
            args = {p: evaluate(a, scope) for p, a in zip(f.user.params, f.args,  # type: ignore[union-attr]
                                                          strict=True)}
            f.user._encode(out, v, le, args, where)  # type: ignore[union-attr]
        elif f.kind == "switch":
            raise CodecError(f"{where}: a switched type is encoded through its case's type")
        elif f.kind == "strz":
            out += (v.encode("ascii") if isinstance(v, str) else bytes(v)) + b"\0"
        else:
            out += bytes(v)

    def decode(self, data: bytes, little_endian: bool | None = None,
               params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The fields of `data` as a mapping; all of `data` is the type's
        (a `size-eos` field or a `repeat: eos` takes the rest)."""
        value, end = self._decode(memoryview(data), 0, len(data), little_endian,
                                  dict(params or {}))
        return value

    def _decode(self, data: memoryview, pos: int, end: int, le: bool | None,
                params: dict[str, Any]) -> tuple[dict[str, Any], int]:
        le = self._le(le)
        scope = self._scope(le, params)
        value: dict[str, Any] = {}
        for f in self.fields:
            if f.repeat == "expr":
                items = []
                for _ in range(evaluate(f.repeat_expr, scope)):
                    item, pos = self._decode_one(data, pos, end, f, le, scope)
                    items.append(item)
                v: Any = items
            elif f.repeat == "eos":
                items = []
                while pos < end:
                    item, pos = self._decode_one(data, pos, end, f, le, scope)
                    items.append(item)
                v = items
            elif f.repeat is not None:
                raise CodecError(f"{self.name}.{f.name}: repeat {f.repeat} is not decoded")
            elif f.cond is not None and not evaluate(f.cond, scope):
                continue
            else:
                v, pos = self._decode_one(data, pos, end, f, le, scope)
            value[f.name] = v
            scope[f.name] = v
        return value, pos

    def _decode_one(self, data: memoryview, pos: int, end: int, f: Field, le: bool | None,
                    scope: dict[str, Any]) -> tuple[Any, int]:
        if f.kind == "int":
            s = _one_struct((f.order or self.order(le)) + f.code)
            if pos + s.size > end:
                raise CodecError(f"{self.name}.{f.name}: the data ends")
            (n,) = s.unpack_from(data, pos)
            return (f.enum.decode(n) if f.enum else n), pos + s.size
        if f.kind == "user":
            args = {p: evaluate(a, scope) for p, a in zip(f.user.params, f.args,  # type: ignore[union-attr]
                                                          strict=True)}
            if f.sized:
                stop = end if f.size is None else pos + evaluate(f.size, scope)
                if stop > end:
                    raise CodecError(f"{self.name}.{f.name}: the data ends")
                value, _ = f.user._decode(data, pos, stop, le, args)  # type: ignore[union-attr]
                return value, stop
            return f.user._decode(data, pos, end, le, args)  # type: ignore[union-attr]
        if f.kind == "switch":
            raise CodecError(f"{self.name}.{f.name}: a switched type is decoded through its "
                             "case's type")
        if f.kind == "strz":
            stop = bytes(data[pos:end]).find(b"\0")
            if stop < 0:
                raise CodecError(f"{self.name}.{f.name}: no NUL before the data ends")
            return bytes(data[pos:pos + stop]).decode("ascii"), pos + stop + 1
        if f.kind == "eos":
            return bytes(data[pos:end]), end
        n = len(f.contents) if f.kind == "contents" else evaluate(f.size, scope)
        if pos + n > end:
            raise CodecError(f"{self.name}.{f.name}: the data ends")
        return bytes(data[pos:pos + n]), pos + n

    # -- the generated parser's class ---------------------------------------------------
    def generated(self) -> type:
        """The generated class of this type (the parser of record)."""
        module = importlib.import_module(f"xsif.generated.{self.file}")
        cls = getattr(module, _camel(self.file))
        for name in self.path:
            cls = getattr(cls, _camel(name))
        return cls  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"KType({self.name})"


def code_size(code: str) -> int:
    """Octets of one field of struct code `code` (a code this module derived)."""
    return _one_struct("<" + code).size


def encode_integer(order: str, code: str, value: int) -> bytes:
    """One integer field of struct code `code` in byte order `order`."""
    return _one_struct(order + code).pack(value)


@cache
def _one_struct(fmt: str) -> struct.Struct:
    return struct.Struct(fmt)


@cache
def array_struct(order: str, fmt: str, n: int) -> struct.Struct:
    return struct.Struct(f"{order}{n * fmt}" if len(fmt) > 1 else f"{order}{n}{fmt}")


_TYPES: dict[str, KType] = {}


def ktype(name: str) -> KType:
    """The compiled type `file::type::...` (the file alone: its root type)."""
    t = _TYPES.get(name)
    if t is None:
        file, *path = name.split("::")
        t = _TYPES[name] = KType(file, tuple(path))
        try:
            t._compile()
        except Exception:
            del _TYPES[name]
            raise
    return t


def type_names(file: str) -> Iterator[str]:
    """Every type the file declares, its root first."""
    def walk(spec: dict[str, Any], path: tuple[str, ...]) -> Iterator[str]:
        yield "::".join((file, *path))
        for name, sub in (spec.get("types") or {}).items():
            yield from walk(sub, (*path, name))
    yield from walk(ksy(file), ())


def files() -> list[str]:
    """The meta.id of every packaged .ksy."""
    return sorted(p.name[:-4] for p in resources.files("xsif.ksy").iterdir()
                  if p.name.endswith(".ksy"))


# --- record bodies --------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """How `xsif dump` lists a record body and `xsif build` reads it back,
    as the body's .ksy type lays it out: fixed fields listed in the body's
    own mapping (`head`: the body's leading fixed fields, or those of the
    header type named after the body, `page_data_header` of
    `page_data_body`, flattened), a shared header type kept under its own
    key (`nested`: the emulator header), then an array (`array`, `counted`
    when its `repeat-expr` names a field of the head) and the octets or
    strings that take the rest (`tail`; after an array, the pages)."""

    body: KType
    head: KType | None = None
    array: Field | None = None
    tail: Field | None = None
    nested: Field | None = None

    @property
    def counted(self) -> bool:
        return self.array is not None and self.array.repeat == "expr"

    @property
    def pages(self) -> bool:
        return self.array is not None and self.tail is not None and self.tail.kind == "eos"

    @property
    def head_fields(self) -> list[tuple[str, str]]:
        """(name, struct code) of the head's fields."""
        return self.head.leaves() if self.head is not None else []

    @property
    def element(self) -> KType | None:
        """The array's element type (None for an array of integers)."""
        return self.array.user if self.array is not None else None


@cache
def shape(body_name: str) -> Shape:
    """The shape of the record body type `body_name`."""
    body = ktype(body_name)
    fields = list(body.fields)
    head: KType | None = None
    nested: Field | None = None
    if fields and fields[0].kind == "user" and fields[0].fixed:
        own_header = body.path[-1].removesuffix("_body") + "_header"
        if fields[0].user.path[-1] == own_header:  # type: ignore[union-attr]
            head = fields[0].user
        else:
            nested = fields[0]
        fields = fields[1:]
    if head is None and fields and fields[0].fixed:
        head = body
    array = next((f for f in fields if f.repeat and f.kind != "strz"), None)
    tail = next((f for f in fields if f.kind == "eos" or (f.kind == "strz" and f.repeat)), None)
    for f in fields:
        if not (f.fixed or f is array or f is tail):
            raise CodecError(f"{body_name}.{f.name}: a body field the shapes do not know")
    return Shape(body, head, array, tail, nested)


def record_bodies(record_name: str) -> dict[int, str]:
    """The body type of each record type, from the record's switch (`body`
    switched on its header's type): record type number -> type name."""
    record = ktype(record_name)
    body = record.field("body")
    switch = body.spec["type"]
    header = record.field(switch["switch-on"].split(".")[0]).user
    enum = header.field(switch["switch-on"].split(".")[1]).enum  # type: ignore[union-attr]
    out: dict[int, str] = {}
    for case, type_name in switch["cases"].items():
        number = enum.numbers[str(case).split("::")[-1]]  # type: ignore[union-attr]
        out[number] = record.resolve_type(str(type_name).split("(")[0]).name
    return out
