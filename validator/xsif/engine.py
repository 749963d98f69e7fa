"""The validation engine: reads an image as a stream, record by record, has
the generated parser decode each piece, runs the registered rules over it
and collects their findings.

Memory stays bounded whatever the image claims: bodies are read in chunks,
only a bounded prefix of a body is handed to the generated body parser, and
the pfn and frame arrays are decoded a chunk of entries at a time.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections import Counter

from kaitaistruct import KaitaiStream, KaitaiStruct, ValidationFailedError

from xsif import fastpath, gen, layers, releases
from xsif.catalog import catalog
from xsif.detect import Kind, detect
from xsif.findings import Fact, Finding, RecordSummary, Report
from xsif.registry import by_scope, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO

    from xsif.layers import Layer

CHUNK = 1 << 20
"""Octets read at a time from a body that is not decoded further."""

BODY_PREFIX_LIMIT = 64 << 10
"""Octets of a body handed to its generated parser; the rest of a longer
body (the opaque vcpu context, say) is only read for its checksum."""

TRAILING_COUNT_LIMIT = 64 << 20
"""Octets after END counted before the validator stops reading (the input
may be endless, /dev/zero or a socket)."""

ENTRIES_PER_CHUNK = 4096
"""pfn entries or P2M frames decoded at a time."""

XEN_KINDS = (Kind.XL, Kind.LIBXL, Kind.LIBXC_V2, Kind.LIBXC_V3)
"""The containers Xen writes: their verdict is about Xen's releases."""

MAP_WINDOW = 16 << 20
"""Octets of a regular file mapped at a time to compute a CRC-32C over
them (the records of several bodies: a mapping per body cost ~10% more on
bodies of 4 MiB); a window is unmapped when the reading leaves it, so that
what the mapping adds to the resident set stays one window."""

MAP_AT_LEAST = 256 << 10
"""Octets to carry a CRC over from which a regular file is mapped rather
than read (below it, a read costs less than setting up a mapping)."""

JOURNAL_LIMIT = (1 << 20) + 64
"""Most octets Source.journal keeps (a piece of an opaque body, a page)."""

PLANS_KEPT = 64
"""(scope, record type) pairs whose list of rules is kept, so that the rules
are not looked up again for every record (bounded: types come from the input)."""



def _regular_file(raw: BinaryIO) -> tuple[int | None, int]:
    """The descriptor and current position of `raw` when it is a regular
    file that can seek, else (None, 0): skipping over octets nobody needs
    then costs a seek instead of a copy."""
    try:
        if not raw.seekable():
            return None, 0
        fd = raw.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, 0
        return fd, raw.tell()
    except (AttributeError, OSError, ValueError):
        return None, 0


class Source(io.RawIOBase):
    """A forward-only reader over any binary stream (a file or a pipe) that
    knows its absolute offset. The generated parser reads the fixed-size
    structures straight from it, so their recorded positions are absolute."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._pending = b""
        self._buffer: memoryview | None = None
        self.offset = 0
        self._fd, self._base = _regular_file(raw)
        self._map: Any = None  # the mapped window of a regular file, if any
        self._map_start = self._map_end = 0
        self.journal: bytearray | None = None
        """The octets read since mark() (None: not kept). A reader that
        stops where the data ends inside a structure can say what of it
        was there; kept up to JOURNAL_LIMIT octets, then dropped."""

    def mark(self) -> None:
        """Keep the octets read from here on in `journal` (until the next mark)."""
        self.journal = bytearray()

    def _left_in_file(self) -> int | None:
        """Octets of a regular file after what has been read from it (None
        for a pipe or anything else that cannot seek)."""
        if self._fd is None:
            return None
        try:
            size = os.fstat(self._fd).st_size
        except OSError:
            return None
        return max(0, size - (self._base + self.offset + len(self._pending)))

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.offset

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            raise io.UnsupportedOperation("Source reads bounded amounts only")
        parts = [self._pending[:n]] if self._pending else []
        self._pending = self._pending[n:]
        got = len(parts[0]) if parts else 0
        while got < n:
            data = self._raw.read(n - got)
            if not data:
                break
            parts.append(data)
            got += len(data)
        out = b"".join(parts)
        self.offset += len(out)
        if self.journal is not None:
            if len(self.journal) + len(out) > JOURNAL_LIMIT:
                self.journal = None
            else:
                self.journal += out
        return out

    def at_eof(self) -> bool:
        if not self._pending:
            self._pending = self._raw.read(1)
        return not self._pending

    def peek(self, n: int) -> bytes:
        """The next `n` octets (fewer at the end of the data), left unread."""
        while len(self._pending) < n:
            data = self._raw.read(n - len(self._pending))
            if not data:
                break
            self._pending += data
        return self._pending[:n]

    def skip(self, n: int, crc: int | None = None) -> tuple[int, int | None]:
        """Read and drop up to `n` octets, in chunks; returns how many were
        there and the CRC-32C carried on over them. Reads into one reused
        buffer: no allocation, no copy per chunk. Without a CRC to carry
        (`crc` None) a regular file is not read at all: the octets there
        are counted from its size and stepped over with a seek."""
        got = 0
        if self._pending and n > 0:
            head, self._pending = self._pending[:n], self._pending[n:]
            if crc is not None:
                crc = crc32c_update(head, crc)
            got = len(head)
            self.offset += got
        if got < n and (crc is None or n - got >= MAP_AT_LEAST):
            left = self._left_in_file()
            if left is not None:
                # a regular file: nothing to compute over these octets, so
                # step over them, or compute it over a mapping of them
                step = min(n - got, left)
                if crc is not None:
                    crc = self._crc_mapped(step, crc)
                self._raw.seek(step, io.SEEK_CUR)
                self.offset += step
                return got + step, crc
        if got < n and self._buffer is None:
            self._buffer = memoryview(bytearray(CHUNK))
        while got < n:
            view = self._buffer[:min(CHUNK, n - got)]
            k = self._raw.readinto(view)
            if not k:
                break
            if crc is not None:
                crc = crc32c_update(view[:k], crc)
            got += k
            self.offset += k
        return got, crc


    def _crc_mapped(self, n: int, crc: int) -> int:
        """The CRC-32C carried on over the next `n` octets of the regular
        file (all there: see _left_in_file), computed over a memory map of
        them with no copy into this process. The file is mapped MAP_WINDOW
        octets at a time (never past its end), and a window is kept for
        the next call (the next record's body is in it) until the reading
        leaves it. The file's position does not move."""
        pos = self._base + self.offset
        end = pos + n
        while pos < end:
            if not self._map_start <= pos < self._map_end:
                self._map_window(pos, end)
            window = self._map
            assert window is not None
            stop = min(end, self._map_end)
            with memoryview(window) as view, \
                    view[pos - self._map_start:stop - self._map_start] as part:
                crc = crc32c_update(part, crc)
            pos = stop
        return crc

    def _map_window(self, pos: int, end: int) -> None:
        import mmap
        self.release_map()
        start = pos - pos % mmap.ALLOCATIONGRANULARITY
        size = os.fstat(self._fd).st_size  # type: ignore[arg-type]
        length = min(max(end, start + MAP_WINDOW), size) - start
        if length <= pos - start:  # another process cut the file short meanwhile
            raise OSError(errno.EIO, "the file was cut short while it was read")
        self._map = mmap.mmap(self._fd, length,  # type: ignore[arg-type]
                              flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0),
                              prot=mmap.PROT_READ, offset=start)
        self._map_start, self._map_end = start, start + length

    def release_map(self) -> None:
        """Unmap the window _crc_mapped kept (the run is over)."""
        if self._map is not None:
            self._map.close()
            self._map, self._map_start, self._map_end = None, 0, 0


XL_MIGRATE_GO_AHEAD = b"domain is yours, you are cleared to unpause\0"
"""migrate_permission_to_go (tools/xl/xl.h; xl_cmdimpl.c before 4.9), NUL
included: what `xl migrate` writes after the libxl stream once the receiver
has restored the domain (migrate_domain in xl_migrate.c)."""

LENGTH_MAX_BEFORE_4_10 = "4.6-4.9"
"""The releases whose REC_LENGTH_MAX is body_length_max_before_4_10."""


class Refused(Exception):
    """The stream breaks a rule after which no restorer reads on (a record
    longer than REC_LENGTH_MAX): the finding is made, the reading stops."""


class Truncated(Exception):
    """The data ended inside a structure."""

    def __init__(self, what: str, needed: int, available: int) -> None:
        super().__init__(what)
        self.what, self.needed, self.available = what, needed, available


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


OBSERVERS: dict[str, Callable[[ImageState, RecordContext], None]] = {}
"""What a record establishes for the layout rules, per layer (filled by
load_layer() when a layer's first record is read)."""

WALKERS: dict[tuple[str, int], Callable[[Source, RecordContext], None]] = {}
"""Plain bodies read further than their prefix, per (layer, record type): the
walker reads on from the end of the prefix, forward only, and leaves in the
record's memo what its rules report (filled by load_layer())."""


def load_layer(name: str) -> Callable[[ImageState, RecordContext], None]:
    """Load the rules of the layer `name` (v1, libxc, libxl) and its
    observer and walkers; its observer. A run loads only the layers its
    image has, and with them only their generated parsers."""
    load(name)
    if name == "libxc":
        from xsif import rules_hvm_context, rules_libxc
        WALKERS[("libxc", int(gen.LibxcRecordType.hvm_context))] = rules_hvm_context.walk
        OBSERVERS["libxc"] = rules_libxc.observe
    elif name == "libxl":
        from xsif import rules_libxl
        OBSERVERS["libxl"] = rules_libxl.observe
    else:
        OBSERVERS[name] = observe
    return OBSERVERS[name]


def _crc32c_first(data: Any, crc: int = 0) -> int:
    """CRC-32C of `data` continuing `crc`. The first call loads the crc32c
    package's function (load_crc32c) and puts it in crc32c_update's place;
    streams without checksums never pay for it."""
    global crc32c_update
    crc32c_update = load_crc32c()
    return crc32c_update(data, crc)


def load_crc32c() -> Callable[[Any, int], int]:
    """The crc32c package's CRC-32C function, from its C extension module
    `crc32c._crc32c` loaded on its own: the package's __init__ reads the
    package's version with importlib.metadata, which loads typing, email,
    zipfile and more (about 20 ms, more than the rest of a small run's
    imports). Where that module is not found as expected (another version
    of the package), the package is imported as usual."""
    from importlib.machinery import (
        EXTENSION_SUFFIXES,
        ExtensionFileLoader,
        ModuleSpec,
        PathFinder,
    )
    spec = PathFinder.find_spec("crc32c")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_crc32c" + suffix)
            if not os.path.isfile(path):
                continue
            loader = ExtensionFileLoader("crc32c._crc32c", path)
            try:
                module = loader.create_module(ModuleSpec("crc32c._crc32c", loader, origin=path))
                loader.exec_module(module)
                function = module.crc32c
            except (ImportError, AttributeError):
                break
            # the package, if imported later, finds it loaded
            sys.modules.setdefault("crc32c._crc32c", module)
            return function
    from crc32c import crc32c
    return crc32c


crc32c_update: Callable[[Any, int], int] = _crc32c_first


class Validator:
    """Validates one image. Use `validate()` unless you need the pieces."""

    def __init__(self, raw: BinaryIO,
                 on_record: Callable[[RecordSummary], None] | None = None,
                 format: str = "auto", xen: str | None = None,
                 ignore: frozenset[str] = frozenset()) -> None:
        self.src = Source(raw)
        self.ignore = ignore
        self.report = Report()
        if xen is not None:
            self.report.judged = 1 << releases.release_index(xen)
        self.on_record = on_record
        self.format = format
        self._layer: str | None = None  # the label findings carry
        self._plans: dict[tuple[str, int | None, str], list[Any]] = {}

    # -- findings -----------------------------------------------------------
    def emit(self, rule_id: str, offset: int | None, record: int | None = None,
             xen: str | None = None, **args: Any) -> None:
        rule = catalog()[rule_id]
        refused = (releases.mask(xen) if xen is not None else rule.xen) or None
        self.report.add(Finding(rule, rule.format(**args), offset, record, self._layer,
                                refused))

    def run(self, scope: str, ctx: Any, record: int | None = None,
            record_type: int | None = None, layer: str = "v1") -> None:
        key = (scope, record_type, layer)
        plan = self._plans.get(key)
        if plan is None:
            load(layer)
            plan = []
            for reg in by_scope(scope, layer):
                codes = reg.codes(layer)
                if codes is None or record_type in codes:
                    plan.append(reg)
            if len(self._plans) < PLANS_KEPT:
                self._plans[key] = plan
        for reg in plan:
            for h in reg.function(ctx):
                if reg.fact:  # kept without the catalog: most runs never list it
                    self.report.facts.append(Fact(reg.rule_id, h.offset, record, self._layer,
                                                  releases.mask(h.xen) or 0, h.args))
                else:
                    self.emit(reg.rule_id, h.offset, record, h.xen, **h.args)

    # -- reading --------------------------------------------------------------
    def parse(self, cls: type, what: str, is_le: bool | None = None) -> KaitaiStruct:
        return parse_from(self.src, cls, what, is_le)

    def read_exact(self, n: int, what: str) -> bytes:
        data = self.src.read(n)
        if len(data) < n:
            raise Truncated(what, n, len(data))
        return data

    # -- the image ------------------------------------------------------------
    def validate(self) -> Report:
        try:
            detected = detect(self.src.peek(64))
            self.report.detected = detected
            self.report.forced = self.format != "auto"
            self._dispatch(detected if self.format == "auto" else None, detected)
        except Truncated as t:
            self.emit("stream.truncated", self.src.offset, self._current,
                      what=t.what, needed=t.needed, available=t.available)
        except Refused:
            pass
        finally:
            self.src.release_map()
        self.report.octets = self.src.offset
        self.report.judge()
        if self.ignore:
            self.report.waive(self.ignore)
        return self.report

    _current: int | None = None

    def _dispatch(self, kind: Kind | None, detected: Kind | None = None) -> None:
        """Validate the container `kind` (None: the one --format names;
        `detected` is what the first octets look like)."""
        from xsif import container  # the libxc, libxl and xl walks
        fmt = self.format
        self.report.xen_format = kind in XEN_KINDS or fmt in ("xl", "libxl", "libxc")
        if kind is Kind.XL or fmt == "xl":
            self.report.kind = Kind.XL
            container.xl(self)
        elif kind is Kind.LIBXL or fmt == "libxl":
            self.report.kind = Kind.LIBXL
            container.libxl(self, depth=0)
        elif kind in (Kind.LIBXC_V2, Kind.LIBXC_V3) or fmt == "libxc":
            # --format libxc: the version the header gives, when it gives one
            self.report.kind = kind or (detected if detected in (Kind.LIBXC_V2, Kind.LIBXC_V3)
                                        else Kind.LIBXC_V2)
            container.libxc_bare(self)
        else:
            self.report.kind = kind or Kind.LIBXC_V1
            self._validate()

    def _validate(self) -> None:
        self._layer = None  # data that is no image of this format is no layer
        header = self._image_header()
        if header is None:
            return
        state = ImageState(is_le=not header.is_big_endian, layer=layers.V1)
        state.domain = self.parse(gen.Body.DomainHeader, "the domain header", state.is_le)
        self.report.header["domain"] = {
            "arch": int(state.domain.arch),
            "type": state.domain.type,
            "page_shift": state.domain.page_shift,
        }
        self.run("domain_header", DomainContext(state.domain, state))

        index = 0
        end_seen = False
        while not self.src.at_eof():
            self._current = index
            ctx = self._record(index, state)
            self.report.records += 1
            index += 1
            if ctx.type == gen.RecordType.end:
                end_seen = True
                break
        self._current = None
        self.report.end_seen = end_seen
        if end_seen:
            self._trailing()
        self.run("end", EndContext(state, end_seen))

    def _trailing(self) -> None:
        """Report what follows the final END (counted, up to a limit)."""
        after = self.src.offset
        if self.report.kind is Kind.XL:
            go_ahead = self.src.peek(len(XL_MIGRATE_GO_AHEAD) + 1)
            if go_ahead == XL_MIGRATE_GO_AHEAD:  # a captured `xl migrate` stream
                self.src.skip(len(go_ahead))
                self.emit("xl.migration-go-ahead", after, None)
                return
        trailing, _ = self.src.skip(TRAILING_COUNT_LIMIT + 1)
        if trailing:
            more = " or more" if trailing > TRAILING_COUNT_LIMIT else ""
            self.emit("stream.trailing", after, None,
                      length=f"{min(trailing, TRAILING_COUNT_LIMIT)}{more}")

    def _image_header(self, layer: Layer | None = None) -> Any:
        layer = layers.V1 if layer is None else layer
        header = gen.XenImageHeader(KaitaiStream(self.src))
        header._xsif_base = 0
        try:
            header._read()
        except ValidationFailedError as err:
            failed = next(reversed(header._debug))  # the field being read
            if failed == "marker":
                self.emit("image.legacy", gen.field_offset(header, failed), None,
                          marker=err.actual, guess=legacy_guess(err.actual))
                if self.report.kind in (None, Kind.LIBXC_V1):
                    self.report.kind = Kind.LEGACY
            else:
                self.emit("image.id", gen.field_offset(header, failed), None,
                          actual=err.actual, expected=err.expected)
                if self.report.kind in (None, Kind.LIBXC_V1):
                    self.report.kind = Kind.UNKNOWN
            return None
        except EOFError as err:
            raise truncated_in(header, "the image header", err) from None
        self._layer = layer.label  # marker and id are right: from here on, the layer's
        self.report.header.setdefault("image", {
            "version": int(header.version),
            "options": header.options,
            "byte_order": "big-endian" if header.is_big_endian else "little-endian",
        })
        self.run("image_header", ImageHeaderContext(header), layer=layer.name)
        if layer.name == "v1" and header.version != gen.FormatVersion.v1:
            return None
        return header

    # -- one record -------------------------------------------------------------
    def _record(self, index: int, state: ImageState) -> RecordContext:
        layer = state.layer
        observe_record = OBSERVERS.get(layer.name) or load_layer(layer.name)
        offset = self.src.offset
        header = self.parse(layer.record_header, "a record header", state.is_le)
        ctx = RecordContext(index, offset, header, state)
        length = header.body_length
        limit = getattr(header, "body_length_max", None)  # libxc's REC_LENGTH_MAX
        if limit is not None and length > header.body_length_max_before_4_10:
            at = gen.field_offset(header, "body_length")
            if length > limit:
                # read_record refuses the record before reading its body: so does xsif
                self.emit("libxc.record.length-max", at, index, length=length, maximum=limit)
                raise Refused()
            self.emit("libxc.record.length-max", at, index, LENGTH_MAX_BEFORE_4_10,
                      length=length, maximum=header.body_length_max_before_4_10)
        ctx.body_offset = self.src.offset
        # only a record that announces a checksum (version 1, options bit 0)
        # has one to compute; the others' octets are stepped over unread
        # where nothing else looks at them, as a libxc record's are
        crc = 0 if layer.record_footer is not None and header.checksum_valid else None
        array = layer.array_bodies.get(ctx.type)
        if array is not None:
            crc = self._array_body(ctx, array, crc)
        else:
            crc = self._plain_body(ctx, crc)
            walker = WALKERS.get((layer.name, ctx.type))
            if walker is not None and crc is None:  # layers without checksums only
                walker(self.src, ctx)
        consumed = self.src.offset - ctx.body_offset
        got, crc = self.src.skip(length - consumed, crc)
        if consumed + got < length:
            raise Truncated("a record body", length, consumed + got)
        ctx.padding_offset = self.src.offset
        ctx.padding = self.read_exact(header.padding_length, "a record's padding")
        ctx.crc = None if crc is None else crc32c_update(ctx.padding, crc)
        checksum = None  # the layer's records have no checksum
        if layer.record_footer is not None:
            ctx.footer = self.parse(layer.record_footer, "a record footer", state.is_le)
            checksum = "none"
            if header.checksum_valid:
                checksum = "valid" if ctx.footer.checksum == ctx.crc else "bad"

        self.run("record", ctx, index, ctx.type, layer.name)
        observe_record(state, ctx)
        if self.on_record is not None:
            self.on_record(RecordSummary(
                index, offset, ctx.type, layer.type_name(ctx.type), length, checksum,
                layer.label, state.depth))
        return ctx

    def _body_bytes(self, ctx: RecordContext, n: int) -> bytes:
        data = self.src.read(n)
        if len(data) < n:
            raise Truncated("a record body", ctx.header.body_length,
                            self.src.offset - ctx.body_offset)
        return data

    def _plain_body(self, ctx: RecordContext, crc: int | None) -> int | None:
        length = ctx.header.body_length
        prefix = self._body_bytes(ctx, min(length, BODY_PREFIX_LIMIT))
        ctx.prefix = prefix
        cls = ctx.state.layer.body_class(ctx.type)
        if cls is not None:
            try:
                ctx.body = gen.parse(cls, prefix, ctx.state.is_le, ctx.body_offset)
            except (EOFError, UnicodeDecodeError):
                ctx.body = None
        return None if crc is None else crc32c_update(prefix, crc)

    def _array_body(self, ctx: RecordContext, array: tuple, crc: int | None) -> int | None:
        head_cls, entry_cls, scope, announced = array
        length = ctx.header.body_length
        head_size = gen.min_size(head_cls)
        entry_size = gen.min_size(entry_cls)
        if length < head_size:
            return crc
        head = self._body_bytes(ctx, head_size)
        if crc is not None:
            crc = crc32c_update(head, crc)
        ctx.body = gen.parse(head_cls, head, ctx.state.is_le, ctx.body_offset)
        room = (length - head_size) // entry_size
        wanted = announced(ctx.body)
        n = room if wanted is None else min(wanted, room)
        done = 0
        while done < n:
            take = min(ENTRIES_PER_CHUNK, n - done)
            base = self.src.offset
            data = self._body_bytes(ctx, take * entry_size)
            if crc is not None:
                crc = crc32c_update(data, crc)
            entries = fastpath.Chunk(entry_cls, data, ctx.state.is_le, base)
            self.run(scope, EntriesContext(ctx, done, entries), ctx.index, ctx.type,
                     ctx.state.layer.name)
            if scope == "pfn_entries":
                ctx.data_pages += entries.count_where("carries_data", bool)
            done += take
        return crc


def parse_from(src: Source, cls: type, what: str, is_le: bool | None = None) -> KaitaiStruct:
    """Parse one fixed structure of the generated type `cls` straight from
    `src`, so that its recorded positions are absolute; the data ending
    inside it is a `Truncated` naming the field."""
    stream = KaitaiStream(src)
    obj = gen.new(cls, stream, is_le)
    obj._xsif_base = 0
    try:
        obj._read()
    except EOFError as err:
        raise truncated_in(obj, what, err) from None
    return obj


def truncated_in(obj: KaitaiStruct, what: str, err: EOFError) -> Truncated:
    """The data ended while the generated parser read a field of `obj`."""
    fields = list(obj._debug)
    where = f"{what} (field {fields[-1]})" if fields else what
    return Truncated(where, getattr(err, "bytes_needed", 0), getattr(err, "bytes_available", 0))


def observe(state: ImageState, ctx: RecordContext) -> None:
    """Note what a record establishes, after its rules have run."""
    code = ctx.type
    if gen.record_type_name(code) is None:
        return  # no rule asks about unknown types; keeping them would cost memory per record
    state.seen[code] += 1
    state.first.setdefault(code, ctx.index)
    body = ctx.body
    if body is None:
        return
    if code == gen.RecordType.x86_pv_info and state.guest_width is None:
        state.guest_width = body.guest_width
    elif code == gen.RecordType.vcpu_info and state.max_vcpu_id is None:
        state.max_vcpu_id = body.max_vcpu_id
    elif code == gen.RecordType.vcpu_context:
        from xsif.rules import TRACKED_VCPUS
        if len(state.vcpu_records) < TRACKED_VCPUS:
            state.vcpu_records.setdefault(body.vcpu_id, ctx.index)





def legacy_guess(marker: int) -> str:
    """What a first word that is not all ones suggests."""
    low = marker & 0xFFFFFFFF  # octets 4-7 as read big-endian
    if low == 0:
        return ("likely a legacy (Xen 4.5 or earlier) image from a 64-bit toolstack "
                "(octets 4-7 are zero: a 64-bit p2m size below 2^32)")
    if low == 0xFFFFFFFF:
        return ("likely a legacy (Xen 4.5 or earlier) image of a PV guest from a "
                "32-bit toolstack (octets 4-7 are 0xFFFFFFFF)")
    # a legacy image starts with its p2m size: one of the two above; anything
    # else (a PNG, a text file) is no image at all
    return "not a Xen domain save image"


def validate(raw: BinaryIO, on_record: Callable[[RecordSummary], None] | None = None,
             format: str = "auto", xen: str | None = None,
             ignore: frozenset[str] = frozenset()) -> Report:
    """Validate the image read from the binary stream `raw`; `format` names
    the container (auto: detect it); `xen` ("4.17") judges a Xen-written
    format for that release's restorer instead of every release's; the
    findings of the rules in `ignore` are waived (listed, not counted).
    The public entry point is `xsif.validate` (xsif.api)."""
    return Validator(raw, on_record, format, xen, frozenset(ignore)).validate()


def validate_bytes(data: bytes, format: str = "auto", xen: str | None = None) -> Report:
    return validate(io.BytesIO(data), format=format, xen=xen)
