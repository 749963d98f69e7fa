"""The record formats the engine reads: one description a layer.

A layer says what its records look like — the generated record header, the
footer (version 1 only: libxc and libxl records have no footer and no
checksum), the body class of each record type (the class the generated
record's switch makes: gen.RecordBodies), the bodies that carry arrays and the record type that
ends the stream. The engine (`xsif.check.engine`) reads any layer with the same
code; the rules registered for a layer (`xsif.check.registry`) check it.
"""

from __future__ import annotations

from xsif.read import gen

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    ArrayBody = tuple[type, type, str, Callable[[Any], int | None]]
    """Generated type of the fixed start, of one element, the rule scope of
    the elements, and how many elements the fixed start announces (None: as
    many as the body holds)."""


class Layer:
    """One record format (a plain class: this is read on every run, and
    dataclasses costs its import)."""

    __slots__ = ("name", "label", "record_header", "record_footer", "record_types", "bodies",
                 "array_bodies", "end")

    def __init__(self, name: str, label: str | None, record_header: type,
                 record_footer: type | None, record_types: type, bodies: Mapping[int, type],
                 array_bodies: Mapping[int, ArrayBody], end: int) -> None:
        self.name = name
        """The registry's name of the layer: v1, libxc, libxl."""
        self.label = label
        """What findings call the layer; None for version 1, whose findings
        do not name one."""
        self.record_header = record_header
        self.record_footer = record_footer
        self.record_types = record_types
        self.bodies = bodies
        self.array_bodies = array_bodies
        self.end = end

    def __repr__(self) -> str:
        return f"Layer({self.name!r})"

    def type_name(self, code: int) -> str | None:
        """The format's name of a record type (PAGE_DATA), None when unknown."""
        try:
            return self.record_types(code).name.upper()
        except ValueError:
            return None

    def body_class(self, code: int) -> type | None:
        return self.bodies.get(code)


def _v1() -> Layer:
    return Layer(
        name="v1", label="libxc",
        record_header=gen.Body.RecordHeader, record_footer=gen.Body.RecordFooter,
        record_types=gen.RecordType,
        bodies=gen.record_bodies(gen.Body.Record, gen.Body.RecordHeader, gen.RecordType),
        array_bodies={
            gen.RecordType.page_data: (gen.Body.PageDataHeader, gen.Body.PfnEntry,
                                       "pfn_entries", lambda head: head.count),
            gen.RecordType.p2m: (gen.Body.P2mHeader, gen.Body.P2mFrame, "p2m_frames",
                                 lambda head: None),
        },
        end=gen.RecordType.end,
    )


def _libxc() -> Layer:
    lxc = gen.LibxcRecordType
    return Layer(
        name="libxc", label="libxc",
        record_header=gen.Libxc.RecordHeader, record_footer=None,
        record_types=lxc,
        bodies=gen.record_bodies(gen.Libxc.Record, gen.Libxc.RecordHeader, lxc),
        array_bodies={
            lxc.page_data: (gen.Libxc.PageDataHeader, gen.Libxc.PfnEntry, "pfn_entries",
                            lambda head: head.count),
            lxc.x86_pv_p2m_frames: (gen.Libxc.X86PvP2mFramesHeader, gen.Libxc.P2mFrame,
                                    "p2m_frames", lambda head: None),
            lxc.hvm_params: (gen.Libxc.HvmParamsHeader, gen.Libxc.HvmParam, "hvm_params",
                             lambda head: head.count),
        },
        end=lxc.end,
    )


def _libxl() -> Layer:
    return Layer(
        name="libxl", label="libxl",
        record_header=gen.Libxl.RecordHeader, record_footer=None,
        record_types=gen.LibxlRecordType,
        bodies=gen.record_bodies(gen.Libxl.Record, gen.Libxl.RecordHeader,
                                 gen.LibxlRecordType),
        array_bodies={},
        end=gen.LibxlRecordType.end,
    )


_BUILD = {"V1": _v1, "LIBXC": _libxc, "LIBXL": _libxl}


def __getattr__(name: str) -> Layer:
    """V1, LIBXC, LIBXL: each is described (its generated parser loaded, the
    body of each record type found) when first asked for, so that a run
    loads only the layers its image has."""
    try:
        build = _BUILD[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    layer = globals()[name] = build()
    return layer
