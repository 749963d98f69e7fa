"""No struct-format string under validator/ restates a layout: every field
order and size comes from ksy/, through the codec (xsif.codec.kaitai) or the
generated parser. The scan walks each module's syntax tree for string
constants passed to struct's functions, and for format strings held in
tables (a dict like the old writer.FORMATS) or assigned to a name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "validator").rglob("*.py"))

STRUCT_CALLS = {"pack", "unpack", "unpack_from", "pack_into", "calcsize", "Struct",
                "iter_unpack"}
FORMAT = re.compile(r"[<>!=@]?(?:\d*[xcbB?hHiIlLqQnNefdspP])+")
CODE = re.compile(r"\d*[xcbB?hHiIlLqQnNefdspP]")


def _is_format(text: str, fields: int) -> bool:
    """A struct format of at least `fields` fields, one of them an integer
    of 16 bits or more (so that a word such as "xl" is not taken for one)."""
    return bool(FORMAT.fullmatch(text)) and len(CODE.findall(text.lstrip("<>!=@"))) >= fields \
        and any(c in "HIQLN" for c in text)


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _struct_names(tree: ast.Module) -> set[str]:
    """The names a module calls struct's functions by: struct.pack, or pack
    imported from struct."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "struct":
            names |= {a.asname or a.name for a in node.names if a.name in STRUCT_CALLS}
    return names


def literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every layout restated in `source`."""
    tree = ast.parse(source)
    bare = _struct_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = (func.attr if isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) and func.value.id == "struct" and func.attr in STRUCT_CALLS
                else func.id if isinstance(func, ast.Name) and func.id in bare else None)
            if called:  # any code letter in the format argument states a layout
                found += [(node.lineno, s) for s in _strings(node.args[0])
                          if CODE.search(s.lstrip("<>!=@"))]
        elif isinstance(node, ast.Dict):
            found += [(node.lineno, v.value) for v in node.values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str)
                      and _is_format(v.value, 2)]
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(
                node.value, ast.Constant) and isinstance(node.value.value, str) \
                and _is_format(node.value.value, 2):
            found.append((node.lineno, node.value.value))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_struct_format_restates_a_layout(path: Path) -> None:
    found = literals(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(ROOT)} states a layout the .ksy states: "
                       f"{found}; take it from xsif.codec.kaitai")


@pytest.mark.parametrize("source", [
    'import struct\nstruct.pack("<II", 1, 2)\n',
    'import struct\nstruct.calcsize(">" + "Q")\n',
    'from struct import unpack_from\nunpack_from(f"{order}IHHII", data)\n',
    'import struct\nstruct.Struct("<" + FORMATS["x"])\nFORMATS = {"x": "IIQ"}\n',
    'HEADER = "QIIH6s"\n',
])
def test_the_scan_finds_a_restated_layout(source: str) -> None:
    assert literals(source)


@pytest.mark.parametrize("source", [
    'import struct\nstruct.pack(order + code, value)\n',
    'import struct\nstruct.calcsize("<" + code)\n',
    'INTEGERS = {"u1": "B", "u2": "H"}\n',
    'NAME = "ASCII"\n',
    'layer = "xl"\n',
])
def test_the_scan_passes_formats_made_from_the_ksy(source: str) -> None:
    assert not literals(source)
