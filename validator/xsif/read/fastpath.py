"""A fast reading of the arrays of an image: PAGE_DATA's pfn entries and the
p2m frames (P2M in version 1, X86_PV_P2M_FRAMES in a libxc stream).

A 1 GiB guest has 262144 pfn entries; one generated `PfnEntry` object each,
and the rules then reading its properties one by one, costs far more than
reading the image. This module looks at a chunk of entries as a whole:
bit-field checks become one AND of the chunk (as one big integer) with the
field's mask repeated, page-type classifications become `bytes.translate`
over the octet that holds the type, and field values come out of an
`array('Q')`. All of it runs at C speed.

The generated parser stays the parser of record:

- the masks and shifts of the bit fields are learnt from the generated
  element type, by parsing probe words (one bit set at a time);
- the classifications (is this a page type, does it carry data) are learnt
  by parsing one probe word for each value of the field they depend on;
- a finding is always built from the generated object of the offending
  entry (`Chunk[k]`), so its values and offsets are the generated parser's;
- tests/test_fastpath.py checks, on random words in both byte orders, that
  every field read here equals the generated parser's.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any

from kaitaistruct import KaitaiStruct

from xsif.read import gen

BIT_FIELDS: dict[type, tuple[str, ...]] = {
    gen.Body.PfnEntry: ("type_code", "reserved", "pfn"),
    gen.Body.P2mFrame: ("reserved", "frame"),
    gen.Libxc.PfnEntry: ("type_code", "reserved", "pfn"),
    gen.Libxc.P2mFrame: ("pfn",),
}
"""The integer fields of each element type that are a run of bits of its
one word `raw`; their positions are learnt from the generated parser."""

DERIVED: dict[type, dict[str, str]] = {
    gen.Body.PfnEntry: {"word.page_type": "type_code", "carries_data": "type_code"},
    gen.Libxc.PfnEntry: {"word.page_type": "type_code", "carries_data": "type_code"},
}
"""Fields that are a function of one bit field (as the .ksy defines them),
by their path from the element (the page type as an enum is the word's);
the function itself is learnt by parsing one word per value of that field."""

_HOST_LE = sys.byteorder == "little"


@dataclass(frozen=True)
class BitField:
    mask: int
    """The bits of `raw` that make up the field."""
    shift: int
    """Position of its lowest bit."""

    def of(self, raw: int) -> int:
        return (raw & self.mask) >> self.shift


class Layout:
    """What the fast path knows of one generated element type, all of it
    learnt from the generated parser."""

    def __init__(self, cls: type[KaitaiStruct]) -> None:
        self.cls = cls
        self.size = gen.min_size(cls)
        fields = BIT_FIELDS.get(cls, ())  # other element types: indexing only
        if fields and array("Q").itemsize != self.size:
            raise ValueError(f"{cls.__name__} is not one 64-bit word")
        self.bits = {name: self._learn(name) for name in fields}
        self.derived = DERIVED.get(cls, {})

    def probe(self, raw: int) -> Any:
        """The generated object of the element whose word is `raw`."""
        return gen.parse(self.cls, raw.to_bytes(self.size, "little"), is_le=True)

    def _learn(self, name: str) -> BitField:
        mask = 0
        for bit in range(self.size * 8):
            if getattr(self.probe(1 << bit), name):
                mask |= 1 << bit
        if not mask:
            raise ValueError(f"{self.cls.__name__}.{name} depends on no bit of raw")
        shift = (mask & -mask).bit_length() - 1
        field = BitField(mask, shift)
        everything = (1 << self.size * 8) - 1
        for raw in (everything, 0x0123456789ABCDEF, 0xFEDCBA9876543210, mask):
            if getattr(self.probe(raw), name) != field.of(raw):
                raise ValueError(f"{self.cls.__name__}.{name} is not a run of bits of raw")
        return field

    def octet(self, name: str, is_le: bool) -> int:
        """Index, within an element as stored, of the one octet holding the
        bit field `name`."""
        mask = self.bits[name].mask
        low, high = (mask & -mask).bit_length() - 1, mask.bit_length() - 1
        if low // 8 != high // 8:
            raise ValueError(f"{self.cls.__name__}.{name} spans more than one octet")
        return low // 8 if is_le else self.size - 1 - low // 8

    @cache  # noqa: B019 - layouts live as long as the process
    def table(self, name: str, predicate: Callable[[Any], bool]) -> bytes:
        """A translation table from the octet holding the field that `name`
        (a dotted path from the element) depends on to 1 where
        `predicate(generated field value)` holds, else 0."""
        source = self.derived.get(name, name)
        field = self.bits[source]
        octet_shift = (field.mask & -field.mask).bit_length() - 1
        octet_shift -= octet_shift % 8
        verdicts: dict[int, int] = {}
        out = bytearray(256)
        for value in range(256):
            raw = value << octet_shift
            key = field.of(raw)
            if key not in verdicts:
                verdicts[key] = 1 if predicate(attrgetter(name)(self.probe(raw))) else 0
            out[value] = verdicts[key]
        return bytes(out)

    @lru_cache(maxsize=32)  # noqa: B019
    def repeated_mask(self, name: str, is_le: bool, count: int) -> int:
        """The mask of `name` for `count` elements as stored, as one integer
        read little-endian (only ever ANDed with data read the same way)."""
        one = self.bits[name].mask.to_bytes(self.size, "little" if is_le else "big")
        return int.from_bytes(one * count, "little")


@cache
def layout(cls: type[KaitaiStruct]) -> Layout:
    return Layout(cls)


class Chunk(Sequence[Any]):
    """A run of array elements as stored: `data` holds len(self) elements
    of `cls` in the image's byte order, the first at absolute offset `base`.

    Indexing gives the generated object of an element (for findings); the
    other methods look at all elements at once."""

    def __init__(self, cls: type[KaitaiStruct], data: bytes, is_le: bool, base: int) -> None:
        self.layout = layout(cls)
        self.data = data
        self.is_le = is_le
        self.base = base
        self.count = len(data) // self.layout.size

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(self.count))]
        if k < 0:
            k += self.count
        if not 0 <= k < self.count:
            raise IndexError(k)
        size = self.layout.size
        return gen.parse(self.layout.cls, self.data[k * size:(k + 1) * size], self.is_le,
                         self.base + k * size)

    def words(self) -> array:
        """Every element's `raw`, as the generated parser reads it."""
        words = array("Q", self.data)
        if self.is_le != _HOST_LE:
            words.byteswap()
        return words

    def any_set(self, name: str) -> bool:
        """Whether the bit field `name` is non-zero in any element."""
        mask = self.layout.repeated_mask(name, self.is_le, self.count)
        return bool(int.from_bytes(self.data, "little") & mask)

    def nonzero(self, name: str) -> Iterator[int]:
        """Indices of the elements whose bit field `name` is not zero."""
        if not self.any_set(name):
            return
        mask = self.layout.bits[name].mask
        for k, raw in enumerate(self.words()):
            if raw & mask:
                yield k

    def values(self, name: str) -> array:
        """The bit field `name` of every element."""
        field = self.layout.bits[name]
        mask = self.layout.repeated_mask(name, self.is_le, self.count)
        masked = (int.from_bytes(self.data, "little") & mask).to_bytes(len(self.data), "little")
        values = array("Q", masked)
        if self.is_le != _HOST_LE:
            values.byteswap()
        if field.shift:
            values = array("Q", (v >> field.shift for v in values))
        return values

    def _classified(self, name: str, predicate: Callable[[Any], bool]) -> bytes:
        source = self.layout.derived.get(name, name)
        column = self.data[self.layout.octet(source, self.is_le)::self.layout.size]
        return column.translate(self.layout.table(name, predicate))

    def count_where(self, name: str, predicate: Callable[[Any], bool]) -> int:
        """How many elements' field `name` satisfies `predicate`; `name` is
        a bit field in one octet, or derived from one."""
        return self._classified(name, predicate).count(1)

    def where(self, name: str, predicate: Callable[[Any], bool]) -> Iterator[int]:
        """Indices of the elements whose field `name` satisfies `predicate`."""
        flags = self._classified(name, predicate)
        k = flags.find(1)
        while k >= 0:
            yield k
            k = flags.find(1, k + 1)


def pack_words(words: Sequence[int], is_le: bool) -> bytes:
    """Elements as stored, from their `raw` words: what `Chunk.words()`
    reads, written back (the writer's arrays of words, tests and the bench)."""
    out = array("Q", words)
    if is_le != _HOST_LE:
        out.byteswap()
    return out.tobytes()
