"""Sphinx directives that render the layout described in ksy/ (pyyaml only).

    .. ksy-fields:: xen_save_image_v1::image_body::record_header
    .. ksy-diagram:: xen_save_image_v1::image_body::record_header
    .. ksy-enum:: xen_save_image_v1::record_type
    :ksy-size:`xen_image_header`                    -> 24
    :ksy-value:`xen_save_image_v1::record_type::p2m` -> 0x00000005

A type path is the id of a .ksy file (its file name without .ksy) followed by
the names of nested types, separated by `::`. Types a field names are
resolved the way Kaitai Struct resolves them: the enclosing types outwards,
then the files the .ksy imports. Offsets and sizes are computed from the
field types (u1/u2/u4/u8, size: N, user types); a size given by an expression
is kept as that expression and offsets after it become symbolic
(`16 + header.body_length`). Every .ksy read is registered with
env.note_dependency, so editing one rebuilds the pages that render it.

The functions above the Sphinx part (load, layout, table_rows, diagram,
enum_rows, size_of) work without Sphinx; the tests call them on modified
copies of ksy/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KSY_DIR = Path(__file__).resolve().parents[2] / "ksy"

PRIMITIVE = re.compile(r"^([us])([1248])(le|be)?$|^f([48])(le|be)?$")
BITS = re.compile(r"^b([0-9]+)(le|be)?$")

# --- the model ----------------------------------------------------------------


class KsyError(Exception):
    """A type path or a .ksy construct this renderer cannot place."""


@dataclass(frozen=True)
class TypeRef:
    """One type of one .ksy file: the file's id and the path inside it."""

    file: str
    path: tuple[str, ...]
    spec: dict

    @property
    def name(self) -> str:
        return "::".join((self.file, *self.path))


@dataclass
class Registry:
    """The .ksy files of one directory, loaded on demand, keyed by meta.id."""

    directory: Path
    files: dict[str, dict] = field(default_factory=dict)
    read: set[Path] = field(default_factory=set)

    def file(self, ksy_id: str) -> dict:
        if ksy_id not in self.files:
            path = self.directory / f"{ksy_id}.ksy"
            if not path.is_file():
                raise KsyError(f"no {ksy_id}.ksy in {self.directory}")
            self.read.add(path)
            self.files[ksy_id] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return self.files[ksy_id]

    def type(self, type_path: str) -> TypeRef:
        ksy_id, *names = type_path.split("::")
        spec = self.file(ksy_id)
        for i, name in enumerate(names):
            types = spec.get("types") or {}
            if name not in types:
                raise KsyError(f"{ksy_id}.ksy has no type {'::'.join(names[:i + 1])}")
            spec = types[name]
        return TypeRef(ksy_id, tuple(names), spec)

    def resolve(self, scope: TypeRef, name: str) -> TypeRef:
        """The type `name` as a field of `scope` refers to it (arguments,
        `type(little_endian)`, left out)."""
        first, *rest = name.split("(")[0].strip().split("::")
        for depth in range(len(scope.path), -1, -1):
            outer = self.type("::".join((scope.file, *scope.path[:depth])))
            if first in (outer.spec.get("types") or {}):
                return self.type("::".join((scope.file, *scope.path[:depth], first, *rest)))
        imports = self.file(scope.file).get("meta", {}).get("imports") or []
        for imported in imports:
            ksy_id = Path(imported).name
            if ksy_id == first:
                return self.type("::".join((ksy_id, *rest)))
        raise KsyError(f"{scope.name}: cannot resolve type {name}")

    def enum(self, enum_path: str) -> tuple[str, dict]:
        *type_path, name = enum_path.split("::")
        ref = self.type("::".join(type_path))
        enums = ref.spec.get("enums") or {}
        if name not in enums:
            raise KsyError(f"{ref.name} has no enum {name}")
        return name, enums[name]


@dataclass(frozen=True)
class Offset:
    """A constant plus symbolic terms (Kaitai expressions), or unknown."""

    const: int = 0
    terms: tuple[str, ...] = ()
    known: bool = True

    def __add__(self, size: Size) -> Offset:
        if not self.known or size.value is None and size.expr is None:
            return Offset(known=False)
        if size.value is not None:
            return Offset(self.const + size.value, self.terms)
        return Offset(self.const, (*self.terms, size.expr))

    @property
    def fixed(self) -> int | None:
        return self.const if self.known and not self.terms else None

    def __str__(self) -> str:
        if not self.known:
            return "—"
        parts = [str(self.const)] if self.const or not self.terms else []
        return " + ".join(parts + [_show(t) for t in self.terms])


@dataclass(frozen=True)
class Size:
    """A constant, or a Kaitai expression, or neither (up to the end of the
    enclosing body, or a count known only when reading)."""

    value: int | None = None
    expr: str | None = None
    note: str = ""

    def __str__(self) -> str:
        if self.value is not None:
            return str(self.value)
        if self.expr is not None:
            return _show(self.expr)
        return self.note or "variable"


def _show(expr: str) -> str:
    """A Kaitai expression as the spec prints it."""
    return expr.replace("*", "×").replace("_root.", "").replace("_parent.", "")


@dataclass
class Field:
    name: str           # dotted for fields of expanded nested types
    offset: Offset
    size: Size
    type: str           # u4, octets, a user type's name, ...
    value: str          # fixed value, enum, or ""
    doc: str
    element: Size | None = None   # element size of a repeated field
    count: str | None = None      # repeat count expression


# --- layout -------------------------------------------------------------------


def _primitive_size(name: str) -> int | None:
    m = PRIMITIVE.match(name)
    if not m:
        return None
    return int(m.group(2) or m.group(4))


def _type_label(registry: Registry, scope: TypeRef, attr: dict) -> tuple[str, TypeRef | None]:
    t = attr.get("type")
    if t is None:
        return ("octets", None)
    if isinstance(t, dict):
        return ("chosen by " + expression_in_words(str(t.get("switch-on"))), None)
    if _primitive_size(t) is not None or t in ("str", "strz") or BITS.match(t):
        return (t, None)
    ref = registry.resolve(scope, t)
    return (type_name(t), ref)


def type_name(t: str) -> str:
    """A user type as a table names it: without the arguments it is read
    with (the byte order), and a nested type of another file by the file's
    layer (`xen_libxc_stream::stream_body::record(...)` is "libxc record")."""
    t = t.split("(")[0].strip()
    if "::" in t:
        return caption_name(t).removeprefix("the ")
    return t


def size_of(registry: Registry, ref: TypeRef) -> Size:
    """The size of a type: a constant when all its fields are fixed."""
    total = Offset()
    for f in layout(registry, ref.name):
        total = f.offset + f.size
    if total.fixed is not None:
        return Size(total.fixed)
    return Size(note="variable")


def _value(attr: dict) -> str:
    if "contents" in attr:
        contents = attr["contents"]
        if isinstance(contents, list):
            return " ".join(f"{c:02X}" if isinstance(c, int) else repr(c) for c in contents)
        return repr(contents)
    valid = attr.get("valid")
    if isinstance(valid, int):
        return f"0x{valid:X}"
    if isinstance(valid, str):
        try:
            return f"0x{int(valid, 0):X}"
        except ValueError:
            return valid
    if isinstance(valid, dict) and "eq" in valid:
        return str(valid["eq"])
    if isinstance(valid, dict) and "any-of" in valid:
        return "one of " + ", ".join(str(v) for v in valid["any-of"])
    if isinstance(valid, dict) and "expr" in valid:
        return "valid if " + _show(str(valid["expr"]))
    if isinstance(valid, dict):
        return ", ".join(f"{k} {v}" for k, v in valid.items())
    if "enum" in attr:
        return "enum " + attr["enum"]
    return ""


def _attr_size(registry: Registry, scope: TypeRef, attr: dict,
               ref: TypeRef | None) -> Size:
    if "size" in attr:
        size = attr["size"]
        return Size(size) if isinstance(size, int) else Size(expr=str(size))
    if attr.get("size-eos"):
        return Size(note="to the end")
    if "contents" in attr:
        contents = attr["contents"]
        if isinstance(contents, str):
            return Size(len(contents.encode("utf-8")))
        return Size(sum(len(c.encode("utf-8")) if isinstance(c, str) else 1
                        for c in contents))
    t = attr.get("type")
    if isinstance(t, str) and BITS.match(t):
        return Size(note=f"{BITS.match(t).group(1)} bits")
    if t == "strz":
        return Size(note="up to a terminator")
    if ref is not None:
        return size_of(registry, ref)
    t = attr.get("type")
    if isinstance(t, str) and _primitive_size(t) is not None:
        return Size(_primitive_size(t))
    return Size(note="variable")


def layout(registry: Registry, type_path: str, expand: bool = False,
           flatten: bool = False) -> list[Field]:
    """The fields of a type in order, each with its offset and size.

    With `expand`, fields of a fixed-size user type are replaced by that
    type's own fields (named `outer.inner`); with `flatten`, fields of any
    user type read once and unconditionally are (so a header split over
    nested types shows with absolute offsets)."""
    ref = registry.type(type_path)
    fields: list[Field] = []
    offset = Offset()
    for attr in ref.spec.get("seq") or []:
        label, sub = _type_label(registry, ref, attr)
        one = _attr_size(registry, ref, attr, sub)
        repeat = attr.get("repeat")
        element, count = None, None
        if repeat == "expr":
            element, count = one, str(attr["repeat-expr"])
            if one.value is not None:
                size = Size(expr=f"{count} * {one.value}")
            else:
                size = Size(note="variable")
            label = f"{label}[{_show(count)}]"
        elif repeat:
            element, size = one, Size(note="to the end" if repeat == "eos" else "variable")
            label = f"{label}[]"
        else:
            size = one
        if "if" in attr:
            size = Size(note=f"variable (if {expression_in_words(str(attr['if']))})")
        doc = " ".join(str(attr.get("doc", "")).split())
        if sub is not None and not repeat and (
                (expand or flatten) and one.value is not None
                or flatten and "if" not in attr and "size" not in attr):
            for inner in layout(registry, sub.name, expand=True, flatten=flatten):
                fields.append(Field(f"{attr['id']}.{inner.name}",
                                    _shift(offset, inner.offset), inner.size, inner.type,
                                    inner.value, inner.doc, inner.element, inner.count))
        else:
            value = _value(attr)
            if value.startswith("valid if "):
                value = valid_in_words(registry, ref, str(attr["valid"]["expr"])) or value
            fields.append(Field(attr["id"], offset, size, label, value, doc,
                                element, count))
        offset = offset + size
    return fields


CLAUSE = re.compile(r"^_\.([\w.]+) == (\w+(?:::\w+)*)::(\w+)$")


def _enum_values(registry: Registry, scope: TypeRef, path: str) -> dict:
    """The values of the enum `path` as an expression in `scope` names it:
    a full path, or an enum of `scope` or of a type enclosing it."""
    tries = [path] + ["::".join((scope.file, *scope.path[:depth], path))
                      for depth in range(len(scope.path), -1, -1)]
    for attempt in tries:
        try:
            return registry.enum(attempt)[1]
        except KsyError:
            continue
    raise KsyError(f"{scope.name}: no enum {path}")


def valid_in_words(registry: Registry, scope: TypeRef, expr: str) -> str | None:
    """`_.version == a::format_version::v2 or _.version == ...::v3` as
    "version must be 2 or 3" (the enum values as numbers); None for an
    expression of another shape, which is then shown as it is."""
    field_name, numbers = None, []
    for clause in expr.split(" or "):
        m = CLAUSE.match(clause.strip())
        if not m or field_name not in (None, m.group(1)):
            return None
        field_name = m.group(1)
        try:
            values = _enum_values(registry, scope, m.group(2))
        except KsyError:
            return None
        ids = {(v.get("id") if isinstance(v, dict) else v): int(k) for k, v in values.items()}
        if m.group(3) not in ids:
            return None
        numbers.append(str(ids[m.group(3)]))
    if field_name is None:
        return None
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " or " + numbers[-1]
    return f"{field_name} must be {listed}"


BIT_TEST = re.compile(r"^\((\w+)(?:\.to_i)? & (0x[0-9a-fA-F]+|\d+)\) != 0$")
TERNARY = re.compile(r"^([\w.]+) \? ([\w.]+) : ([\w.]+)$")
ENUM_EQ = re.compile(r"(\b[\w.]+) (==|!=) (?:\w+::)+(\w+)\b")
ENUM_NOTE = re.compile(r"\(enum (?:\w+::)*(\w+)\)")


PRODUCT = re.compile(r"(?<![\w)])\(([\w.]+ × [\w.^]+)\)")
"""A product of two names or numbers in parentheses, which a cast kept
(`(a.as<u8> * b).as<u8> + c`: the Rust target's 64-bit sums) and which the
reader does not need: a product binds first."""


def _outer_parens(expr: str) -> str:
    """`(a + b)` as `a + b`, when the parentheses enclose the whole."""
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):
            depth += {"(": 1, ")": -1}.get(c, 0)
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1]
    return expr


def expression_in_words(expr: str) -> str:
    """A Kaitai expression (a derived value, a condition, what a switch is
    on) as a reader reads it: a one-bit test as "bit N of name is set"; a
    comparison with an enum value as "name is VALUE"; `a ? b : c` as "b if
    a, else c"; Kaitai's casts (`.to_i`, `.as<u8>`), `_root.` and `_parent.`
    and the paths of enums dropped; 2^32 for 0x100000000."""
    expr = " ".join(expr.split())
    m = BIT_TEST.match(expr)
    if m:
        mask = int(m.group(2), 0)
        if mask and mask & (mask - 1) == 0:
            return f"bit {mask.bit_length() - 1} of {m.group(1)} is set"
    expr = _show(re.sub(r"\.as<\w+>", "", expr.replace(".to_i", "")))
    m = TERNARY.match(expr)
    if m:
        return f"{m.group(2)} if {m.group(1)}, else {m.group(3)}"
    expr = ENUM_EQ.sub(lambda m: f"{m.group(1)} {'is' if m.group(2) == '==' else 'is not'} "
                       f"{m.group(3).upper()}", expr)
    expr = ENUM_NOTE.sub(lambda m: f"(a {m.group(1).replace('_', ' ')})", expr)
    expr = expr.replace(" == ", " is ").replace(" != ", " is not ")
    expr = PRODUCT.sub(r"\1", expr.replace("0x100000000", "2^32"))
    return _outer_parens(expr)


def caption_name(type_path: str) -> str:
    """A type path as a caption names it: `xen_libxc_stream::stream_body::
    page_data_body` is "the libxc PAGE_DATA body"."""
    ksy_id, *names = type_path.split("::")
    where = {"xen_save_image_v1": "version-1", "xen_libxc_stream": "libxc",
             "xen_libxl_stream": "libxl", "xen_xl_save_file": "xl"}.get(ksy_id)
    if not names:
        return "the " + ksy_id.removeprefix("xen_").replace("_", " ")
    name = names[-1]
    thing = (name.removesuffix("_body").upper() + " body" if name.endswith("_body")
             else name.replace("_", " "))
    return " ".join(w for w in ("the", where, thing) if w)


def _shift(base: Offset, inner: Offset) -> Offset:
    if not base.known or not inner.known:
        return Offset(known=False)
    return Offset(base.const + inner.const, base.terms + inner.terms)


def instances(registry: Registry, type_path: str) -> list[tuple[str, str, str]]:
    """The derived values of a type: (name, expression, doc)."""
    ref = registry.type(type_path)
    out = []
    for name, inst in (ref.spec.get("instances") or {}).items():
        if "value" not in inst:
            continue
        expr = str(inst["value"])
        if "enum" in inst:
            expr += f" (enum {inst['enum']})"
        doc = " ".join(str(inst.get("doc", "")).split())
        target = forwarded(registry, ref, name)
        if target is not None:
            expr, doc = target[1], doc or target[2]
        out.append((name, expr, doc))
    return out


CALL = re.compile(r"^(\w+(?:::\w+)*)\(([^()]*)\)$")


def forwarded(registry: Registry, ref: TypeRef, name: str) -> tuple[str, str, str] | None:
    """What a value instance `name: {value: part.name}` of `ref` forwards,
    when `part` is a field or parse instance of a type given parameters
    (`type: other(little_endian)`): that type's instance `name` as (name, expression
    in `ref`'s terms, doc); None for any other instance."""
    insts = ref.spec.get("instances") or {}
    m = re.fullmatch(r"(\w+)\.(\w+)", str(insts.get(name, {}).get("value", "")))
    if not m or m.group(2) != name:
        return None
    parts = {**{f["id"]: f for f in ref.spec.get("seq") or []}, **insts}
    call = CALL.match(str(parts.get(m.group(1), {}).get("type", "")))
    if not call:
        return None
    other = registry.resolve(ref, call.group(1))
    inst = (other.spec.get("instances") or {}).get(name)
    if inst is None or "value" not in inst:
        return None
    args = [a.strip() for a in call.group(2).split(",") if a.strip()]
    params = [p["id"] for p in other.spec.get("params") or []]
    expr = str(inst["value"])
    for param, arg in zip(params, args, strict=True):
        if param != arg:
            expr = re.sub(rf"\b{param}\b", f"({arg})", expr)
    if "enum" in inst:
        expr += f" (enum {other.name}::{inst['enum']})"
    return name, expr, " ".join(str(inst.get("doc", "")).split())


def table_rows(fields: list[Field]) -> list[tuple[str, str, str, str, str]]:
    """(offset, size, field, type/value, description) for each field."""
    rows = []
    for f in fields:
        fixed = re.fullmatch(r"0x[0-9A-F]+|[0-9]+|[0-9A-F]{2}( [0-9A-F]{2})*|'.*'", f.value)
        kind = f.type + (f" = {f.value}" if fixed else f" ({f.value})" if f.value else "")
        size = str(f.size)
        if f.element is not None and f.element.value is not None and f.count is not None:
            size = f"{_show(f.count)} × {f.element.value}"
        rows.append((str(f.offset), size, f.name, kind, f.doc))
    return rows


def enum_rows(registry: Registry, enum_path: str, width: int | None = None,
              upper: bool = False) -> list[tuple[str, str, str]]:
    """(value, name, description) of each value of an enum, in value order."""
    _, values = registry.enum(enum_path)
    digits = width or max(1, max(len(f"{int(k):x}") for k in values))
    rows = []
    for key in sorted(values, key=int):
        entry = values[key]
        if isinstance(entry, dict):
            name, doc = entry.get("id", ""), " ".join(str(entry.get("doc", "")).split())
        else:
            name, doc = str(entry), ""
        rows.append((f"0x{int(key):0{digits}X}", name.upper() if upper else name, doc))
    return rows


# --- octet diagrams -----------------------------------------------------------

OCTETS = 8      # octets per row, as in the original draft
CELL = 6        # characters per octet


@dataclass
class _Cell:
    key: int        # which field (index), -1 for "...", -2 for a gap
    start: int      # first octet column
    end: int        # one past the last octet column
    text: str


def diagram(fields: list[Field]) -> str:
    """An ASCII octet diagram, 8 octets a row, in the style of the draft.

    Names that do not fit their cell are replaced by a number and listed
    under the diagram. A field of variable size takes a full row with its
    size, then a row of dots; what follows it starts a new row."""
    rows: list[list[_Cell]] = []
    legend: list[str] = []
    col = 0
    current: list[_Cell] = []

    def flush() -> None:
        nonlocal current, col
        if current:
            rows.append(current)
        current, col = [], 0

    def place(key: int, width: int, text: str) -> None:
        nonlocal col
        first = True
        while width > 0:
            take = min(width, OCTETS - col)
            current.append(_Cell(key, col, col + take, text if first else ""))
            first = False
            col += take
            width -= take
            if col == OCTETS:
                flush()

    for key, f in enumerate(fields):
        name = f.name.rsplit(".", 1)[-1]
        if f.size.value is not None:
            place(key, f.size.value, name)
            continue
        if (f.element is not None and f.element.value is not None
                and f.element.value % OCTETS == 0 and col == 0):
            last = _show(f"{f.count} - 1") if f.count is not None else "last"
            place(key, f.element.value, f"{name}[0]")
            rows.append([_Cell(-1, 0, OCTETS, "...")])
            place(key + 10_000, f.element.value, f"{name}[{last}]")
            continue
        # variable: rest of the row, a row of dots, then a fresh row
        text = f"{name} ({f.size} octets)" if f.size.expr else f"{name} ({f.size})"
        if col:
            place(key, OCTETS - col, text)
        else:
            rows.append([_Cell(key, 0, OCTETS, text)])
        rows.append([_Cell(key, 0, OCTETS, "...")])
        col = 0
    if current:
        # a type whose size is not a multiple of 8: close the last row
        current.append(_Cell(-2, col, OCTETS, ""))
        flush()

    # names that do not fit become numbered references
    for row in rows:
        for cell in row:
            room = (cell.end - cell.start) * CELL - 2
            if cell.text and len(cell.text) > room:
                legend.append(cell.text)
                cell.text = f"({len(legend)})"

    head = "".join(f"{i:<{CELL}}" for i in range(OCTETS)) + "octet"
    lines = ["  " + head.rstrip()]
    prev: list[_Cell] | None = None
    for row in rows:
        lines.append(_border(prev, row))
        lines.append(_content(row))
        prev = row
    lines.append(_border(prev, None))
    for i, name in enumerate(legend, 1):
        lines.append(f"({i}) {name}")
    return "\n".join(lines)


def _owner(row: list[_Cell] | None, octet: int) -> _Cell | None:
    for cell in row or []:
        if cell.start <= octet < cell.end:
            return cell
    return None


def _border(above: list[_Cell] | None, below: list[_Cell] | None) -> str:
    chars = []
    for x in range(OCTETS * CELL + 1):
        octet, edge = divmod(x, CELL)
        corner = edge == 0 and (
            x in (0, OCTETS * CELL)
            or any(c.start == octet and c.start != 0 for c in (above or []) + (below or [])))
        a, b = _owner(above, min(octet, OCTETS - 1)), _owner(below, min(octet, OCTETS - 1))
        if corner:
            edge_only = x in (0, OCTETS * CELL) and not any(
                c.start == octet and c.start != 0 for c in (above or []) + (below or []))
            continues = (a is not None and b is not None and a.key == b.key and a.key >= 0
                         and b.text in ("", "..."))
            chars.append("|" if edge_only and continues else "+")
            continue
        same = (a is not None and b is not None and a.key == b.key and a.key >= 0
                and b.text in ("", "..."))
        chars.append(" " if same else "-")
    return "".join(chars)


def _content(row: list[_Cell]) -> str:
    out = "|"
    for cell in row:
        width = (cell.end - cell.start) * CELL - 1
        out += f" {cell.text}".ljust(width)[:width] + "|"
    return out


# --- Sphinx -------------------------------------------------------------------

try:
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective, SphinxRole
except ImportError:  # the model above is usable without Sphinx
    pass
else:

    def _registry(env) -> Registry:  # type: ignore[no-untyped-def]
        directory = Path(env.config.xsif_ksy_dir or KSY_DIR)
        return Registry(directory)

    def _note(env, registry: Registry) -> None:  # type: ignore[no-untyped-def]
        for path in registry.read:
            env.note_dependency(str(path))

    def _table(directive: SphinxDirective, header: tuple[str, ...],
               rows: list[tuple[str, ...]], widths: list[int],
               literal_cols: tuple[int, ...]) -> nodes.table:
        table = nodes.table(classes=["xsif-ksy-table", "colwidths-given"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for w in widths:
            group += nodes.colspec(colwidth=w)
        thead = nodes.thead()
        group += thead
        hrow = nodes.row()
        for h in header:
            hrow += nodes.entry("", nodes.paragraph(text=h))
        thead += hrow
        tbody = nodes.tbody()
        group += tbody
        for row in rows:
            r = nodes.row()
            for i, text in enumerate(row):
                para = nodes.paragraph()
                if i in literal_cols and text:
                    # a zero-width space after each dot, and after each
                    # underscore of a long name: a narrow column wraps a name
                    # there, never inside a word
                    para += nodes.literal(text=_breakable(text))
                else:
                    # ksy docs quote names in `single` backquotes: show them as code
                    src = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
                    inline, _ = directive.state.inline_text(src, directive.lineno)
                    para.extend(inline)
                r += nodes.entry("", para)
            tbody += r
        return table

    def _breakable(text: str) -> str:
        text = text.replace(".", ".\u200b")
        return re.sub(r"\w{16,}", lambda m: m.group(0).replace("_", "_\u200b"), text)

    def _caption(table: nodes.table, text: str) -> None:
        table.insert(0, nodes.title(text=text))

    class KsyFields(SphinxDirective):
        """Field table of one type: offset, size, field, type/value, description."""

        required_arguments = 1
        option_spec = {"expand": directives.flag, "caption": directives.unchanged,
                       "instances": directives.flag, "flatten": directives.flag}

        def run(self) -> list[nodes.Node]:
            registry = _registry(self.env)
            try:
                fields = layout(registry, self.arguments[0], "expand" in self.options,
                                "flatten" in self.options)
                derived = instances(registry, self.arguments[0])
            except KsyError as err:
                raise self.error(str(err)) from None
            _note(self.env, registry)
            table = _table(self, ("offset", "size", "field", "type / value", "description"),
                           table_rows(fields), [15, 13, 19, 19, 34], (0, 1, 2, 3))
            table["classes"].append("xsif-fields")
            _caption(table, self.options.get("caption")
                     or f"Fields of {caption_name(self.arguments[0])}")
            out: list[nodes.Node] = [table]
            if "instances" in self.options and derived:
                words = [(name, expression_in_words(expr), doc) for name, expr, doc in derived]
                t2 = _table(self, ("name", "derived as", "description"), words,
                            [20, 35, 45], (0, 1))
                t2["classes"].append("xsif-derived")
                _caption(t2, f"Values derived from {caption_name(self.arguments[0])}")
                out.append(t2)
            return out

    class KsyDiagram(SphinxDirective):
        """Octet diagram of one type, 8 octets a row."""

        required_arguments = 1
        option_spec = {"expand": directives.flag, "flatten": directives.flag}

        def run(self) -> list[nodes.Node]:
            registry = _registry(self.env)
            try:
                text = diagram(layout(registry, self.arguments[0], "expand" in self.options,
                                      "flatten" in self.options))
            except KsyError as err:
                raise self.error(str(err)) from None
            _note(self.env, registry)
            block = nodes.literal_block(text, text, classes=["xsif-diagram"])
            block["language"] = "text"
            return [block]

    class KsyEnum(SphinxDirective):
        """Value table of one enum: value, name, description."""

        required_arguments = 1
        option_spec = {"width": directives.nonnegative_int, "upper": directives.flag,
                       "caption": directives.unchanged}

        def run(self) -> list[nodes.Node]:
            registry = _registry(self.env)
            try:
                rows = enum_rows(registry, self.arguments[0], self.options.get("width"),
                                 "upper" in self.options)
            except KsyError as err:
                raise self.error(str(err)) from None
            _note(self.env, registry)
            has_doc = any(r[2] for r in rows)
            header = ("value", "name", "description") if has_doc else ("value", "name")
            rows = rows if has_doc else [r[:2] for r in rows]
            table = _table(self, header, rows, [15, 25, 60][:len(header)], (0, 1))
            table["classes"].append("xsif-enum")
            _caption(table, self.options.get("caption")
                     or f"Values of {self.arguments[0].rsplit('::', 1)[-1]}")
            return [table]

    class KsySizeRole(SphinxRole):
        """:ksy-size:`type path` — the size in octets of a fixed-size type."""

        def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
            registry = _registry(self.env)
            try:
                size = size_of(registry, registry.type(self.text))
            except KsyError as err:
                msg = self.inliner.reporter.error(str(err), line=self.lineno)
                return [], [msg]
            _note(self.env, registry)
            if size.value is None:
                msg = self.inliner.reporter.error(f"{self.text} has no fixed size",
                                                  line=self.lineno)
                return [], [msg]
            return [nodes.Text(str(size.value))], []

    class KsyValueRole(SphinxRole):
        """:ksy-value:`file::enum::name` — an enum value, in hex."""

        def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
            registry = _registry(self.env)
            *enum_path, name = self.text.split("::")
            try:
                rows = enum_rows(registry, "::".join(enum_path))
                _, values = registry.enum("::".join(enum_path))
            except KsyError as err:
                msg = self.inliner.reporter.error(str(err), line=self.lineno)
                return [], [msg]
            _note(self.env, registry)
            width = 8 if max(int(k) for k in values) > 0xFFFF else len(rows[-1][0]) - 2
            for key, entry in values.items():
                if (entry.get("id") if isinstance(entry, dict) else entry) == name:
                    return [nodes.literal(text=f"0x{int(key):0{width}X}")], []
            msg = self.inliner.reporter.error(f"{self.text}: no such enum value",
                                              line=self.lineno)
            return [], [msg]

    def setup(app: Sphinx) -> dict:
        app.add_config_value("xsif_ksy_dir", "", "env")
        app.add_directive("ksy-fields", KsyFields)
        app.add_directive("ksy-diagram", KsyDiagram)
        app.add_directive("ksy-enum", KsyEnum)
        app.add_role("ksy-size", KsySizeRole())
        app.add_role("ksy-value", KsyValueRole())
        return {"parallel_read_safe": True, "version": "0.1"}


__all__ = ["Field", "KsyError", "Offset", "Registry", "Size", "caption_name", "diagram",
           "enum_rows", "expression_in_words", "forwarded", "instances", "layout", "size_of",
           "table_rows", "valid_in_words"]
