"""The validation engine: reads an image as a stream, record by record, has
the generated parser decode each piece, runs the registered rules over it
and collects their findings.

Memory stays bounded whatever the image claims: bodies are read in chunks,
only a bounded prefix of a body is handed to the generated body parser, and
the pfn and frame arrays are decoded a chunk of entries at a time.
"""

from __future__ import annotations

import io

from kaitaistruct import KaitaiStream, KaitaiStruct, ValidationFailedError

from xsif.catalog import releases
from xsif.catalog.catalog import catalog, interactions
from xsif.check.contexts import (
    DomainContext,
    EndContext,
    EntriesContext,
    ImageHeaderContext,
    ImageState,
    RecordContext,
)
from xsif.check.registry import by_scope, load, scope_of
from xsif.read import fastpath, gen, layers, source
from xsif.read.detect import Kind, detect
from xsif.read.source import (
    XL_MIGRATE_GO_AHEAD,
    Source,
    Truncated,
    legacy_guess,
    parse_from,
    truncated_in,
)
from xsif.report.findings import Fact, Finding, RecordSummary, Report

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO

    from xsif.read.layers import Layer

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

PLANS_KEPT = 64
"""(scope, record type) pairs whose list of rules is kept, so that the rules
are not looked up again for every record (bounded: types come from the input)."""



LENGTH_MAX_BEFORE_4_10 = "4.6-4.9"
"""The releases whose REC_LENGTH_MAX is body_length_max_before_4_10."""


class Refused(Exception):
    """The stream breaks a rule after which no restorer reads on (a record
    longer than REC_LENGTH_MAX): the finding is made, the reading stops."""


RECORD_SCOPES = ("record", "pfn_entries", "p2m_frames", "hvm_params")


def _state_of(ctx: Any) -> ImageState | None:
    if isinstance(ctx, EntriesContext):
        return ctx.record.state
    return getattr(ctx, "state", None)


def _is_x86_pv(state: ImageState) -> bool:
    domain = state.domain
    if domain is None:
        return False
    if state.layer.name == "v1":
        return domain.arch == gen.Arch.x86 and domain.x86_type == gen.X86DomainType.pv
    return domain.type == gen.LibxcDomainType.x86_pv


def _is_x86_hvm(state: ImageState) -> bool:
    return (state.layer.name == "libxc" and state.domain is not None
            and state.domain.type == gen.LibxcDomainType.x86_hvm)


CONDITIONS: dict[str, Callable[[Any, ImageState | None], bool]] = {
    "truncated": lambda ctx, state: isinstance(ctx, EndContext) and not ctx.end_seen,
    "not-x86-pv": lambda ctx, state: state is not None and not _is_x86_pv(state),
    "not-x86-hvm": lambda ctx, state: state is not None and not _is_x86_hvm(state),
    "guest-width-unknown": lambda ctx, state: (state is not None
                                               and state.guest_width not in (4, 8)),
}
"""The named conditions of the catalog's `not_raised_when` (rules.yaml
`conditions` says each in words; tests/test_interactions.py checks that
both name the same)."""


def _ordered(regs: list[Any]) -> list[tuple[Any, Any]]:
    """The scope's rules with their catalog interactions, each after the
    rules its `not_raised_when` names (registration order otherwise)."""
    said = interactions()
    ids = {reg.rule_id for reg in regs}
    plan = [(reg, said.get(reg.rule_id)) for reg in regs]
    if all(before is None or ids.isdisjoint(before.not_raised_when) for _, before in plan):
        return plan  # most scopes: no rule of it names another of it
    placed: list[tuple[Any, Any]] = []
    done: set[str] = set()
    pending = list(regs)
    while pending:
        for reg in pending:
            before = said.get(reg.rule_id)
            needs = {n for n in (before.not_raised_when if before else ()) if n in ids}
            if needs <= done:
                placed.append((reg, before))
                done.add(reg.rule_id)
                pending.remove(reg)
                break
        else:
            raise ValueError(f"rules.yaml: a cycle of not_raised_when among {sorted(ids)}")
    return placed


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
        from xsif.check import rules_hvm_context, rules_libxc
        WALKERS[("libxc", int(gen.LibxcRecordType.hvm_context))] = rules_hvm_context.walk
        OBSERVERS["libxc"] = rules_libxc.observe
    elif name == "libxl":
        from xsif.check import rules_libxl
        OBSERVERS["libxl"] = rules_libxl.observe
    else:
        OBSERVERS[name] = observe
    return OBSERVERS[name]


class Validator:
    """Validates one image. Use `validate()` unless you need the pieces."""

    def __init__(self, raw: BinaryIO,
                 on_record: Callable[[RecordSummary], None] | None = None,
                 format: str = "auto", xen: str | None = None,
                 ignore: frozenset[str] = frozenset(),
                 lift: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.src = Source(raw)
        self.ignore = ignore
        self.lift = lift
        """(rule ID, name) pairs of the catalog's interactions not followed:
        the rule is raised although `name` holds (or, for "stops", the
        reading goes on). For the tests that show each interaction matters."""
        self.report = Report()
        if xen is not None:
            self.report.judged = 1 << releases.release_index(xen)
        self.on_record = on_record
        self.format = format
        self._layer: str | None = None  # the label findings carry
        self._plans: dict[tuple[str, int | None, str], list[tuple[Any, Any]]] = {}

    # -- findings -----------------------------------------------------------
    def emit(self, rule_id: str, offset: int | None, record: int | None = None,
             xen: str | None = None, **args: Any) -> None:
        rule = catalog()[rule_id]
        refused = (releases.mask(xen) if xen is not None else rule.xen) or None
        self.report.add(Finding(rule, rule.format(**args), offset, record, self._layer,
                                refused))

    def run(self, scope: str, ctx: Any, record: int | None = None,
            record_type: int | None = None, layer: str = "v1") -> None:
        """Run the scope's rules over `ctx`, following the catalog's
        interactions: a rule is not run where a condition it names holds or
        a rule it names was raised (on the same record, for a rule of a
        record; else on the layer's headers or at its end), and a finding
        of a rule that stops the reading ends it once the scope is done."""
        key = (scope, record_type, layer)
        plan = self._plans.get(key)
        if plan is None:
            load(layer)
            plan = _ordered([reg for reg in by_scope(scope, layer)
                             if (codes := reg.codes(layer)) is None or record_type in codes])
            if len(self._plans) < PLANS_KEPT:
                self._plans[key] = plan
        state = _state_of(ctx)
        memo = ctx.memo if isinstance(ctx, RecordContext) else (
            ctx.record.memo if isinstance(ctx, EntriesContext) else None)
        here: set[str] = set()
        stop = False
        for reg, said in plan:
            if said is not None and said.not_raised_when and self._not_raised(
                    reg.rule_id, said.not_raised_when, scope, ctx, state, memo, here):
                continue
            for h in reg.function(ctx):
                if reg.fact:  # kept without the catalog: most runs never list it
                    self.report.facts.append(Fact(reg.rule_id, h.offset, record, self._layer,
                                                  releases.mask(h.xen) or 0, h.args))
                else:
                    self.emit(reg.rule_id, h.offset, record, h.xen, **h.args)
                here.add(reg.rule_id)
                if said is not None and said.stops and (reg.rule_id, "stops") not in self.lift:
                    stop = True
        if here:
            if memo is not None:
                memo.setdefault("fired", set()).update(here)
            elif state is not None:
                state.fired.update(here)
        if stop:
            raise Refused()

    def _not_raised(self, rule_id: str, names: tuple[str, ...], scope: str, ctx: Any,
                    state: Any, memo: dict[str, Any] | None, here: set[str]) -> bool:
        """Whether one of `names` (rule IDs and conditions) holds for `ctx`."""
        for name in names:
            if (rule_id, name) in self.lift:
                continue
            test = CONDITIONS.get(name)
            if test is not None:
                if test(ctx, state):
                    return True
            elif name in here or (
                    memo is not None and name in memo.get("fired", ())
                    if scope_of(name) in RECORD_SCOPES
                    else state is not None and name in state.fired):
                return True
        return False

    def stop(self, rule_id: str, offset: int | None, record: int | None = None,
             **args: Any) -> None:
        """Report a finding after which the data cannot be read on (a
        failed check of the generated parser: the marker, an ident, a
        magic) and stop the reading."""
        self.emit(rule_id, offset, record, **args)
        raise Refused()

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

    def _dispatch(self, kind: str | None, detected: str | None = None) -> None:
        """Validate the container `kind` (None: the one --format names;
        `detected` is what the first octets look like)."""
        from xsif.check import container  # the libxc, libxl and xl walks
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
            try:  # the field being read, the marker as one word
                failed, actual = gen.failed_word(header, err.actual)
            except EOFError as eof:
                raise truncated_in(header, "the image header", eof) from None
            if failed == "marker":
                if self.report.kind in (None, Kind.LIBXC_V1):
                    self.report.kind = Kind.LEGACY
                self.stop("image.legacy", gen.field_offset(header, failed), None,
                          marker=actual, guess=legacy_guess(actual))
            if self.report.kind in (None, Kind.LIBXC_V1):
                self.report.kind = Kind.UNKNOWN
            self.stop("image.id", gen.field_offset(header, failed), None,
                      actual=err.actual, expected=err.expected)
        except EOFError as err:
            raise truncated_in(header, "the image header", err) from None
        self._layer = layer.label  # marker and id are right: from here on, the layer's
        self.report.header.setdefault("image", {
            "version": int(header.version),
            "options": header.options,
            "byte_order": "big-endian" if header.is_big_endian else "little-endian",
        })
        # a version the layer does not read stops here (image.version,
        # libxc.image.version and the like: `stops` in the catalog)
        self.run("image_header", ImageHeaderContext(header), layer=layer.name)
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
        ctx.crc = None if crc is None else source.crc32c_update(ctx.padding, crc)
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
        return None if crc is None else source.crc32c_update(prefix, crc)

    def _array_body(self, ctx: RecordContext, array: tuple, crc: int | None) -> int | None:
        head_cls, entry_cls, scope, announced = array
        length = ctx.header.body_length
        head_size = gen.min_size(head_cls)
        entry_size = gen.min_size(entry_cls)
        if length < head_size:
            return crc
        head = self._body_bytes(ctx, head_size)
        if crc is not None:
            crc = source.crc32c_update(head, crc)
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
                crc = source.crc32c_update(data, crc)
            entries = fastpath.Chunk(entry_cls, data, ctx.state.is_le, base)
            self.run(scope, EntriesContext(ctx, done, entries), ctx.index, ctx.type,
                     ctx.state.layer.name)
            if scope == "pfn_entries":
                ctx.data_pages += entries.count_where("carries_data", bool)
            done += take
        return crc


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
        from xsif.check.rules import TRACKED_VCPUS
        if len(state.vcpu_records) < TRACKED_VCPUS:
            state.vcpu_records.setdefault(body.vcpu_id, ctx.index)





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
