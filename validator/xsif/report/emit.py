"""Streaming JSON and YAML writers for documents built lazily.

`xsif dump` describes an image of any size. Its document is a tree of dicts,
lists and scalars in which a list may be an iterator and a value may be a
`Lazy`: both are only evaluated when the writer reaches them, in document
order, so the image is read as the document is written and nothing holds
more than one page at a time. A value that turns out to be `OMIT` leaves its
key out.

Small dicts of scalars are written on one line (`{pfn: 3, page_type: notab}`),
everything else in block style. In YAML, names (lower-case words) are written
plain and every other string as a JSON string, which YAML also reads, so the
output reads back the same with any YAML 1.1 or 1.2 loader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, TextIO


class Lazy:
    """A value computed when the writer reaches it."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute = compute


OMIT = object()
"""A value whose key is left out of the document."""

FLOW_KEYS = 6
"""Dicts of at most this many scalar values are written on one line."""

_SCALARS = (str, int, float, bool, type(None))


def resolve(value: Any) -> Any:
    """The value a Lazy (or a chain of them) turns out to be."""
    while isinstance(value, Lazy):
        value = value.compute()
    return value


_resolve = resolve


def _is_flow(value: Any) -> bool:
    return (isinstance(value, dict) and 0 < len(value) <= FLOW_KEYS
            and all(isinstance(v, _SCALARS) for v in value.values()))


def _items(mapping: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in mapping.items():
        value = _resolve(value)
        if value is not OMIT:
            yield key, value


def _peek(items: Iterable[Any]) -> Iterator[Any] | None:
    """The items as an iterator, or None when there are none."""
    it = iter(items)
    for first in it:
        return chain([first], it)
    return None


# --- JSON ------------------------------------------------------------------------

def write_json(doc: Any, out: TextIO) -> None:
    _json(doc, out, 0)
    out.write("\n")


def _json(value: Any, out: TextIO, indent: int) -> None:
    value = _resolve(value)
    pad = " " * indent
    if isinstance(value, _SCALARS):
        out.write(json.dumps(value))
    elif isinstance(value, dict):
        if _is_flow(value):
            out.write(json.dumps(value))
            return
        out.write("{")
        sep = "\n"
        for key, item in _items(value):
            out.write(f"{sep}{pad}  {json.dumps(key)}: ")
            _json(item, out, indent + 2)
            sep = ",\n"
        out.write("}" if sep == "\n" else f"\n{pad}}}")
    else:
        out.write("[")
        sep = "\n"
        for item in value:
            out.write(f"{sep}{pad}  ")
            _json(item, out, indent + 2)
            sep = ",\n"
        out.write("]" if sep == "\n" else f"\n{pad}]")


# --- YAML ------------------------------------------------------------------------

def write_yaml(doc: dict[str, Any], out: TextIO) -> None:
    _yaml_map(doc, out, 0, inline_first=False)


_PLAIN = re.compile(r"[a-z][a-z0-9_]*(-[a-z0-9_]+)*")
_RESERVED_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if _PLAIN.fullmatch(value) and value not in _RESERVED_WORDS:
        return value  # a name (x86, page_data, little-endian): no quotes needed
    return json.dumps(value)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def _yaml_map(mapping: dict[str, Any], out: TextIO, indent: int, inline_first: bool) -> None:
    first = True
    for key, value in _items(mapping):
        lead = "" if first and inline_first else " " * indent
        first = False
        if isinstance(value, _SCALARS):
            out.write(f"{lead}{key}: {_scalar(value)}\n")
        elif isinstance(value, dict):
            if not value:
                out.write(f"{lead}{key}: {{}}\n")
            elif _is_flow(value):
                out.write(f"{lead}{key}: {_flow(value)}\n")
            else:
                out.write(f"{lead}{key}:\n")
                _yaml_map(value, out, indent + 2, inline_first=False)
        else:
            items = _peek(value)
            if items is None:
                out.write(f"{lead}{key}: []\n")
            else:
                out.write(f"{lead}{key}:\n")
                _yaml_seq(items, out, indent + 2)
    if first and inline_first:
        out.write("{}\n")


def _yaml_seq(items: Iterable[Any], out: TextIO, indent: int) -> None:
    pad = " " * indent
    for item in items:
        item = _resolve(item)
        if isinstance(item, _SCALARS):
            out.write(f"{pad}- {_scalar(item)}\n")
        elif isinstance(item, dict):
            if _is_flow(item) or not item:
                out.write(f"{pad}- {_flow(item)}\n")
            else:
                out.write(f"{pad}- ")
                _yaml_map(item, out, indent + 2, inline_first=True)
        else:
            out.write(f"{pad}- {json.dumps(list(item))}\n")


def materialize(value: Any) -> Any:
    """The document with every lazy value and iterator evaluated (for tests
    and for building from a document in memory)."""
    value = _resolve(value)
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in _items(value)}
    return [materialize(v) for v in value]
