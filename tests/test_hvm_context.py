"""HVM_CONTEXT's save records: the .ksy, the generated parser against the
blob builder, and the walk of the rules (xsif/rules_hvm_context.py)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
import yaml

from xsif import samples
from xsif.check.engine import BODY_PREFIX_LIMIT, validate, validate_bytes
from xsif.check.rules_hvm_context import DESCRIPTOR, HC, HEADER_LENGTH, MAX_SAVE_RECORDS, TC
from xsif.read import gen
from xsif.samples_hvm_context import (
    HEADER_BODY,
    MAGIC,
    PER_DOMAIN,
    PER_VCPU,
    SAVE_DESCRIPTOR,
    guest_records,
    hvm_blob,
)

KSY = yaml.safe_load((Path(__file__).resolve().parents[1] / "ksy" / "xen_hvm_context.ksy")
                     .read_text())
CODES = {"u1": "B", "u2": "H", "u4": "I", "u8": "Q"}


def _stream(blob: bytes, big_endian: bool = False) -> bytes:
    plan = samples.libxc_stream(3, hvm=True).change("hvm_context", context=blob)
    plan.big_endian = big_endian
    return plan.build()


def _ids(data: bytes) -> list[str]:
    return [f.rule_id for f in validate_bytes(data).findings]


BUILDER_TYPES = {"save_descriptor": SAVE_DESCRIPTOR, "header_body": HEADER_BODY}


@pytest.mark.parametrize("name", sorted(BUILDER_TYPES))
def test_builder_formats_follow_the_ksy(name: str) -> None:
    fields = KSY["types"][name]["seq"]
    assert BUILDER_TYPES[name].format() == "".join(CODES[f["type"]] for f in fields)
    assert BUILDER_TYPES[name].struct().format[0] == "<"


def test_sizes_come_from_the_generated_parser() -> None:
    assert DESCRIPTOR == SAVE_DESCRIPTOR.struct().size == SAVE_DESCRIPTOR.size
    assert HEADER_LENGTH == HEADER_BODY.struct().size == HEADER_BODY.size
    assert MAGIC == KSY["types"]["header_body"]["seq"][0]["valid"]


def test_generated_parser_reads_the_builders_blob() -> None:
    vcpus = 3
    blob = hvm_blob(vcpus=vcpus, gtsc_khz=1_000_000)
    top = gen.parse(HC, blob)
    assert top.header.descriptor.typecode == TC.header
    assert top.header.descriptor.length == HEADER_LENGTH
    assert top.header.body.magic == MAGIC and top.header.body.version == 1
    assert top.header.body.gtsc_khz == 1_000_000
    got = [(r.descriptor.typecode, r.descriptor.instance, r.descriptor.length)
           for r in top.records]
    assert got == [(c, i, len(s)) for c, i, s in guest_records(vcpus)] + [(TC.end, 0, 0)]
    assert [c for c, _, _ in got] == sorted(c for c, _, _ in got[:-1]) + [TC.end]
    assert len([1 for c, _, _ in got if c == TC.cpu]) == vcpus
    assert set(PER_VCPU) | set(PER_DOMAIN) == {c for c, _, _ in got[:-1]}
    assert top.trailing == b""


@pytest.mark.parametrize("big_endian", [False, True], ids=["le", "be"])
def test_libxc_body_nests_the_blob(big_endian: bool) -> None:
    """HVM_CONTEXT's body reads the blob as its instance save_records, in
    little-endian whatever the stream's byte order."""
    blob = hvm_blob()
    body = gen.parse(gen.Libxc.HvmContextBody, blob, not big_endian)
    assert body.context == blob
    assert body.save_records.header.body.magic == MAGIC
    assert body.save_records.records[-1].descriptor.typecode == TC.end


def test_offsets_in_the_ksy_are_where_the_parser_reads() -> None:
    top = gen.parse(HC, hvm_blob(vcpus=1))
    desc = top.records[0].descriptor  # the first record after HEADER
    start = HEADER_LENGTH + DESCRIPTOR
    assert [gen.field_offset(desc, f) for f in ("typecode", "instance", "length")] == \
        [start, start + 2, start + 4]
    body = top.header.body  # read from its own substream: offsets from its start
    offsets, at = [], 0
    for code in HEADER_BODY.format():
        offsets.append(at)
        at += struct.calcsize("<" + code)
    assert [gen.field_offset(body, f) for f in body.SEQ_FIELDS] == offsets


def test_sample_hvm_streams_carry_a_valid_blob() -> None:
    for plan in (samples.libxc_stream(2, hvm=True), samples.libxc_stream(3, hvm=True),
                 samples.libxl_stream(3, hvm=True), samples.xl_save(3, hvm=True),
                 samples.checkpointed(hvm=True), samples.checkpointed(hvm=True, colo=True)):
        report = validate_bytes(plan.build())
        assert report.findings == [] and report.conformant


class _Pipe(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        chunk = self._data.read(min(len(b), 4000))  # short reads, like a pipe
        b[:len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("blob, expected", [
    (hvm_blob(vcpus=64), []),
    (hvm_blob(vcpus=64, end=False), ["libxc.hvm-context.end"]),
    (hvm_blob(vcpus=64, end=False)[:-4], ["libxc.hvm-context.framing"]),
    (hvm_blob(vcpus=64, records=[*guest_records(64), (TC.header, 0, bytes(24))]),
     ["libxc.hvm-context.typecode"]),
    (hvm_blob(vcpus=64) + bytes(3), ["libxc.hvm-context.trailing"]),
], ids=["valid", "no-end", "framing", "second-header", "trailing"])
def test_blob_past_the_prefix_is_walked_to_its_end(tmp_path: Path, blob: bytes,
                                                   expected: list[str]) -> None:
    assert len(blob) > 2 * BODY_PREFIX_LIMIT
    data = _stream(blob)
    path = tmp_path / "big.xsi"
    path.write_bytes(data)
    with path.open("rb") as f:
        from_file = validate(f)
    from_pipe = validate(io.BufferedReader(_Pipe(data)))
    for report in (validate_bytes(data), from_file, from_pipe):
        assert [f.rule_id for f in report.findings] == expected
    assert [f.message for f in from_file.findings] == [f.message for f in from_pipe.findings]


def test_finding_points_at_the_descriptor_field() -> None:
    data = samples.broken("libxc.hvm-context.typecode")
    (f,) = validate_bytes(data).findings
    assert struct.unpack_from("<H", data, f.offset)[0] == 22
    data = samples.broken("libxc.hvm-context.header")
    (f,) = validate_bytes(data).findings
    assert struct.unpack_from("<I", data, f.offset)[0] == MAGIC ^ 1


@pytest.mark.parametrize("blob, expected", [
    (hvm_blob(records=[], end=True)[HEADER_LENGTH + DESCRIPTOR:],  # END alone
     {"libxc.hvm-context.header"}),
    (hvm_blob(version=2), {"libxc.hvm-context.header"}),
    (struct.pack("<HHI", TC.header, 0, 16) + bytes(16) + struct.pack("<HHI", 0, 0, 0),
     {"libxc.hvm-context.header"}),
    (hvm_blob()[:-3], {"libxc.hvm-context.framing"}),  # cut inside END's descriptor
    (hvm_blob()[:-8] + struct.pack("<HHI", TC.end, 0, 4) + bytes(4),
     {"libxc.hvm-context.trailing"}),
    (hvm_blob(records=[(21, 0, b"")]), {"libxc.hvm-context.typecode"}),
], ids=["end-first", "version", "header-length", "cut-descriptor", "end-length", "code-21"])
def test_each_breach(blob: bytes, expected: set[str]) -> None:
    assert set(_ids(_stream(blob))) == expected


def test_walk_stops_at_its_limit() -> None:
    blob = hvm_blob(records=[(TC.tsc_adjust, 0, b"")] * (MAX_SAVE_RECORDS + 10))
    report = validate_bytes(_stream(blob))
    assert [f.rule_id for f in report.findings] == ["validator.limit"]
    assert "HVM_CONTEXT" in report.findings[0].message


def test_spec_tables_are_where_the_parser_reads() -> None:
    """The offsets and sizes that the spec's tables of xen_hvm_context show
    (rendered by spec/_ext/xsif_ksy.py) are where the generated parser reads
    the builder's blob."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spec" / "_ext"))
    import xsif_ksy

    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    top = gen.parse(HC, hvm_blob(vcpus=1))
    checked = 0
    for path, obj in [("xen_hvm_context::save_descriptor", top.records[0].descriptor),
                      ("xen_hvm_context::header_body", top.header.body),
                      ("xen_hvm_context::save_record", top.records[0])]:
        origin = min(d["start"] for d in obj._debug.values() if "start" in d)
        for f in xsif_ksy.layout(registry, path):
            if f.offset.fixed is None:
                continue
            assert f.offset.fixed == obj._debug[f.name]["start"] - origin, (path, f.name)
            checked += 1
    assert checked == 3 + 5 + 2
    sizes = {"save_descriptor": DESCRIPTOR, "header_body": HEADER_LENGTH}
    for name, size in sizes.items():
        found = xsif_ksy.size_of(registry, registry.type(f"xen_hvm_context::{name}"))
        assert found.value == size
