"""What the engine hands the rules: the state the records so far have
established (`ImageState`) and the context of each scope (the image header,
the domain header, a record, a chunk of array entries, the end)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from xsif.read import fastpath
from xsif.read.layers import V1, Layer


@dataclass
class ImageState:
    """What the records so far have established: the layout rules read it."""

    is_le: bool
    domain: Any = None
    first: dict[int, int] = field(default_factory=dict)
    seen: Counter[int] = field(default_factory=Counter)
    guest_width: int | None = None
    max_vcpu_id: int | None = None
    vcpu_records: dict[int, int] = field(default_factory=dict)
    vcpu_limit_reported: bool = False
    layer: Layer = V1
    version: int = 1
    depth: int = 0
    track: dict[str, Any] = field(default_factory=dict)
    """What the layer's own rules remember (libxc, libxl): see their observe()."""
    fired: set[str] = field(default_factory=set)
    """The rules raised on the layer's headers and at its end (a record's
    are in its memo): the rules whose catalog entry names them are not run."""

    @property
    def page_shift(self) -> int | None:
        return None if self.domain is None else self.domain.page_shift


@dataclass
class ImageHeaderContext:
    header: Any


@dataclass
class DomainContext:
    domain: Any
    state: ImageState


@dataclass
class RecordContext:
    """One record as the rules see it. `body` is the generated object of the
    body (for PAGE_DATA and P2M, of the body's fixed start), None when the
    body is too short for its fixed fields or the type is unknown."""

    index: int
    offset: int
    header: Any
    state: ImageState
    body: Any = None
    body_offset: int = 0
    padding: bytes = b""
    padding_offset: int = 0
    footer: Any = None
    crc: int | None = 0
    data_pages: int = 0
    memo: dict[str, Any] = field(default_factory=dict)
    prefix: bytes = b""
    """The first BODY_PREFIX_LIMIT octets of a plain body, as read."""

    @property
    def layer(self) -> Layer:
        return self.state.layer

    @property
    def type(self) -> int:
        return int(self.header.type)

    @property
    def body_length(self) -> int:
        return self.header.body_length


@dataclass
class EntriesContext:
    """A chunk of pfn entries or P2M frames; `first` is the index of the
    first of them within the record's array."""

    record: RecordContext
    first: int
    entries: fastpath.Chunk


@dataclass
class EndContext:
    state: ImageState
    end_seen: bool
