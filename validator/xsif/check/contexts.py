"""What the engine hands the rules: the state the records so far have
established (`ImageState`) and the context of each scope (the image header,
the domain header, a record, a chunk of array entries, the end)."""

from __future__ import annotations

from collections import Counter

from xsif.read import fastpath, layers

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from typing import Any

    from xsif.read.layers import Layer


# The contexts below are plain classes: they are loaded on every run, and
# the dataclasses module would cost every run its import.

class ImageState:
    """What the records so far have established: the layout rules read it."""

    def __init__(self, is_le: bool, layer: Layer | None = None, version: int = 1,
                 depth: int = 0) -> None:
        self.is_le = is_le
        self.domain: Any = None
        self.first: dict[int, int] = {}
        self.seen: Counter[int] = Counter()
        self.guest_width: int | None = None
        self.max_vcpu_id: int | None = None
        self.vcpu_records: dict[int, int] = {}
        self.vcpu_limit_reported = False
        self.layer: Layer = layers.V1 if layer is None else layer
        self.version = version
        self.depth = depth
        self.track: dict[str, Any] = {}
        """What the layer's own rules remember (libxc, libxl): see their observe()."""
        self.fired: set[str] = set()
        """The rules raised on the layer's headers and at its end (a record's
        are in its memo): the rules whose catalog entry names them are not run."""

    @property
    def page_shift(self) -> int | None:
        return None if self.domain is None else self.domain.page_shift


class ImageHeaderContext:
    __slots__ = ("header",)

    def __init__(self, header: Any) -> None:
        self.header = header


class DomainContext:
    __slots__ = ("domain", "state")

    def __init__(self, domain: Any, state: ImageState) -> None:
        self.domain = domain
        self.state = state


class RecordContext:
    """One record as the rules see it. `body` is the generated object of the
    body (for PAGE_DATA and P2M, of the body's fixed start), None when the
    body is too short for its fixed fields or the type is unknown."""

    __slots__ = ("index", "offset", "header", "state", "body", "body_offset", "padding",
                 "padding_offset", "footer", "crc", "data_pages", "memo", "prefix")

    def __init__(self, index: int, offset: int, header: Any, state: ImageState) -> None:
        self.index = index
        self.offset = offset
        self.header = header
        self.state = state
        self.body: Any = None
        self.body_offset = 0
        self.padding = b""
        self.padding_offset = 0
        self.footer: Any = None
        self.crc: int | None = 0
        self.data_pages = 0
        self.memo: dict[str, Any] = {}
        self.prefix = b""
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


class EntriesContext:
    """A chunk of pfn entries or P2M frames; `first` is the index of the
    first of them within the record's array."""

    __slots__ = ("record", "first", "entries")

    def __init__(self, record: RecordContext, first: int, entries: fastpath.Chunk) -> None:
        self.record = record
        self.first = first
        self.entries = entries


class EndContext:
    __slots__ = ("state", "end_seen")

    def __init__(self, state: ImageState, end_seen: bool) -> None:
        self.state = state
        self.end_seen = end_seen
