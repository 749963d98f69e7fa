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
from functools import cache, lru_cache
from operator import attrgetter

from xsif.read import gen

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Any

    from kaitaistruct import KaitaiStruct

FIELDS_OF: dict[str, tuple[str, ...]] = {
    "XenSaveImageV1.ImageBody.PfnEntry": ("type_code", "reserved", "pfn"),
    "XenSaveImageV1.ImageBody.P2mFrame": ("reserved", "frame"),
    "XenLibxcStream.StreamBody.PfnEntry": ("type_code", "reserved", "pfn"),
    "XenLibxcStream.StreamBody.P2mFrame": ("pfn",),
}
"""The integer fields of each element type (by the generated class's
qualified name, so that naming one does not load its parser) that are a
run of bits of its one word `raw`; their positions are learnt from the
generated parser. `BIT_FIELDS` has the same keyed by the classes."""

DERIVED_OF: dict[str, dict[str, str]] = {
    "XenSaveImageV1.ImageBody.PfnEntry": {"word.page_type": "type_code",
                                          "carries_data": "type_code"},
    "XenLibxcStream.StreamBody.PfnEntry": {"word.page_type": "type_code",
                                           "carries_data": "type_code"},
}
"""Fields that are a function of one bit field (as the .ksy defines them),
by their path from the element (the page type as an enum is the word's);
the function itself is learnt by parsing one word per value of that field.
`DERIVED` has the same keyed by the classes."""


def _by_class(table: dict[str, Any]) -> dict[type, Any]:
    out = {}
    for qualname, value in table.items():
        top, *path = qualname.split(".")
        cls = getattr(gen, top)
        for part in path:
            cls = getattr(cls, part)
        out[cls] = value
    return out


def __getattr__(name: str) -> Any:
    # BIT_FIELDS and DERIVED, keyed by the classes (loads both parsers)
    if name == "BIT_FIELDS":
        return _by_class(FIELDS_OF)
    if name == "DERIVED":
        return _by_class(DERIVED_OF)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_HOST_LE = sys.byteorder == "little"

RUN_PROBES = (0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)
"""Words whose every octet differs from its neighbours': a run of bits
read from them at one shift only gives the values the generated parser
reads (Layout._learn_run)."""


class BitField:
    __slots__ = ("mask", "shift")

    def __init__(self, mask: int, shift: int) -> None:
        self.mask = mask
        """The bits of `raw` that make up the field."""
        self.shift = shift
        """Position of its lowest bit."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BitField) and (self.mask, self.shift) == (other.mask,
                                                                           other.shift)

    def __hash__(self) -> int:
        return hash((self.mask, self.shift))

    def __repr__(self) -> str:
        return f"BitField(mask={self.mask:#x}, shift={self.shift})"

    def of(self, raw: int) -> int:
        return (raw & self.mask) >> self.shift


class Layout:
    """What the fast path knows of one generated element type, all of it
    learnt from the generated parser."""

    def __init__(self, cls: type[KaitaiStruct]) -> None:
        self.cls = cls
        self.size = gen.min_size(cls)
        self._probes: dict[int, Any] = {}
        fields = FIELDS_OF.get(cls.__qualname__, ())  # other element types: indexing only
        if fields and array("Q").itemsize != self.size:
            raise ValueError(f"{cls.__name__} is not one 64-bit word")
        self.bits = {name: self._learn(name) for name in fields}
        self.derived = DERIVED_OF.get(cls.__qualname__, {})

    def probe(self, raw: int) -> Any:
        """The generated object of the element whose word is `raw` (kept: the
        fields of one type are learnt from the same probe words, and every
        run learns them anew)."""
        obj = self._probes.get(raw)
        if obj is None:
            obj = self._probes[raw] = gen.parse(self.cls, raw.to_bytes(self.size, "little"),
                                                is_le=True)
        return obj

    def _learn(self, name: str) -> BitField:
        field = self._learn_run(name) or self._learn_bits(name)
        everything = (1 << self.size * 8) - 1
        for raw in (everything, 0x0123456789ABCDEF, 0xFEDCBA9876543210, field.mask):
            if getattr(self.probe(raw), name) != field.of(raw):
                raise ValueError(f"{self.cls.__name__}.{name} is not a run of bits of raw")
        return field

    def _learn_run(self, name: str) -> BitField | None:
        """The field as one run of bits, from a few probe words: its width
        from the word of all ones, its position as the one shift that gives
        the generated values of RUN_PROBES (about a tenth of the parses of
        _learn_bits, which every run would pay); None when that does not
        settle it."""
        bits = self.size * 8
        width = getattr(self.probe((1 << bits) - 1), name).bit_length()
        if not width:
            return None
        ones = (1 << width) - 1
        (raw0, value0), *others = [(raw, getattr(self.probe(raw), name)) for raw in RUN_PROBES]
        shifts = [shift for shift in range(bits - width + 1)
                  if (raw0 >> shift) & ones == value0  # most shifts fail this at once
                  and all((raw >> shift) & ones == value for raw, value in others)]
        return BitField(ones << shifts[0], shifts[0]) if len(shifts) == 1 else None

    def _learn_bits(self, name: str) -> BitField:
        """The field's bits, one probe word for each bit of `raw`."""
        mask = 0
        for bit in range(self.size * 8):
            if getattr(self.probe(1 << bit), name):
                mask |= 1 << bit
        if not mask:
            raise ValueError(f"{self.cls.__name__}.{name} depends on no bit of raw")
        return BitField(mask, (mask & -mask).bit_length() - 1)

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
        in_octet = (field.mask >> octet_shift) & 0xFF  # octet() checks it is all of it
        verdicts = {}
        for value in range(256):  # one probe per value of the field, not per octet
            key = value & in_octet
            if key not in verdicts:
                raw = key << octet_shift
                verdicts[key] = 1 if predicate(attrgetter(name)(self.probe(raw))) else 0
        return bytes([verdicts[value & in_octet] for value in range(256)])

    @lru_cache(maxsize=32)  # noqa: B019
    def repeated_mask(self, name: str, is_le: bool, count: int) -> int:
        """The mask of `name` for `count` elements as stored, as one integer
        read little-endian (only ever ANDed with data read the same way)."""
        one = self.bits[name].mask.to_bytes(self.size, "little" if is_le else "big")
        return int.from_bytes(one * count, "little")


@cache
def layout(cls: type[KaitaiStruct]) -> Layout:
    return Layout(cls)


class Chunk:  # a sequence of generated elements (no ABC: collections.abc costs a run)
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

    def __iter__(self) -> Iterator[Any]:
        return (self[k] for k in range(self.count))

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
