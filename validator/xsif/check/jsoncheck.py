"""A JSON syntax check that builds no values and never recurses.

`json.loads` builds every value of the document (a 16 MiB configuration of
`[[],[],...]` is hundreds of MiB of lists) and recurses once per level of
nesting (a document nested 100,000 deep raises RecursionError). The xl
configuration comes from the input, so the validator checks it with this
instead: one pass, a stack of the open containers' closing characters, the
string and number grammar of the `json` module (strings through its own
scanner), and errors worded as `json.loads` words them.
"""

from __future__ import annotations

import re
from json import decoder as _decoder

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONSTANTS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
"""What json.loads takes besides strings and numbers (NaN and the
infinities too, as it does)."""


class Verdict:
    __slots__ = ("error", "depth")

    def __init__(self, error: str | None, depth: int) -> None:
        self.error = error
        """The first syntax error, as json.loads words it; None: the text is JSON."""
        self.depth = depth
        """The deepest nesting of arrays and objects reached."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verdict) and (self.error, self.depth) == (other.error,
                                                                           other.depth)

    def __hash__(self) -> int:
        return hash((self.error, self.depth))

    def __repr__(self) -> str:
        return f"Verdict(error={self.error!r}, depth={self.depth!r})"


class _Fail(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message, self.pos = message, pos


def _where(text: str, message: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return f"{message}: line {line} column {column} (char {pos})"


def check(text: str) -> Verdict:
    """Check that `text` is one JSON document (whitespace around it allowed)."""
    stack: list[str] = []
    deepest = 0
    try:
        pos = _WS.match(text).end()  # type: ignore[union-attr]
        while True:
            pos, opened = _value(text, pos, stack)
            if opened:
                deepest = max(deepest, len(stack))
                continue
            pos = _after_value(text, pos, stack)
            if not stack:
                return Verdict(None, deepest)
    except _Fail as f:
        return Verdict(_where(text, f.message, f.pos), deepest)


def _value(text: str, pos: int, stack: list[str]) -> tuple[int, bool]:
    """Read a value starting at `pos`, or open a container: (position after
    it, whether a container was opened and a value or key is now due)."""
    if pos >= len(text):
        raise _Fail("Expecting value", pos)
    c = text[pos]
    if c in "[{":
        stack.append("]" if c == "[" else "}")
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        if text.startswith(stack[-1], pos):
            stack.pop()
            return pos + 1, False
        if c == "{":
            pos = _key(text, pos)
        return pos, True
    if c == '"':
        return _string(text, pos), False
    for word in _CONSTANTS:
        if text.startswith(word, pos):
            return pos + len(word), False
    m = _NUMBER.match(text, pos)
    if m is None:
        raise _Fail("Expecting value", pos)
    return m.end(), False


def _after_value(text: str, pos: int, stack: list[str]) -> int:
    """After a value: close what it ends, then a comma (and, in an object,
    the next key) or the end of the text."""
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if not stack:
            if pos != len(text):
                raise _Fail("Extra data", pos)
            return pos
        if text.startswith(stack[-1], pos):
            stack.pop()
            pos += 1
            continue
        if not text.startswith(",", pos):
            raise _Fail("Expecting ',' delimiter", pos)
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        if stack[-1] == "}":
            pos = _key(text, pos)
        return pos


def _key(text: str, pos: int) -> int:
    """A member's key and its colon; the position of the value after them."""
    if not text.startswith('"', pos):
        raise _Fail("Expecting property name enclosed in double quotes", pos)
    pos = _WS.match(text, _string(text, pos)).end()  # type: ignore[union-attr]
    if not text.startswith(":", pos):
        raise _Fail("Expecting ':' delimiter", pos)
    return _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def _string(text: str, pos: int) -> int:
    try:
        return _decoder.scanstring(text, pos + 1, True)[1]
    except _decoder.JSONDecodeError as err:
        raise _Fail(err.msg, err.pos) from None
