"""What Xen 4.6 and later write: libxc streams (versions 2 and 3), libxl
streams and xl save files — detected, validated in both byte orders, read
back by the generated parsers."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xsif import samples
from xsif.catalog import releases
from xsif.check.engine import validate, validate_bytes
from xsif.read import gen
from xsif.read.detect import Kind, detect

VALID = {
    "libxc-v2-pv": (lambda be: samples.libxc_stream(2, False, be), Kind.LIBXC_V2),
    "libxc-v3-pv": (lambda be: samples.libxc_stream(3, False, be), Kind.LIBXC_V3),
    "libxc-v2-hvm": (lambda be: samples.libxc_stream(2, True, be), Kind.LIBXC_V2),
    "libxc-v3-hvm": (lambda be: samples.libxc_stream(3, True, be), Kind.LIBXC_V3),
    "libxl-hvm": (lambda be: samples.libxl_stream(3, True, be), Kind.LIBXL),
    "libxl-v2-pv": (lambda be: samples.libxl_stream(2, False, be), Kind.LIBXL),
    "xl-pv": (lambda be: samples.xl_save(3, False, be), Kind.XL),
    "xl-hvm": (lambda be: samples.xl_save(3, True, be), Kind.XL),
    "xl-v2-hvm": (lambda be: samples.xl_save(2, True, be), Kind.XL),
    "checkpointed": (samples.checkpointed, Kind.XL),
}


@pytest.mark.parametrize("name", VALID)
def test_valid_streams_conform(name: str) -> None:
    make, kind = VALID[name]
    data = make(False).build()
    assert detect(data[:64]) is kind
    report = validate_bytes(data)
    assert report.findings == []
    assert report.conformant and report.end_seen
    assert report.kind is kind
    assert report.restorable


@pytest.mark.parametrize("name", VALID)
def test_big_endian_streams_are_refused_at_their_first_header(name: str) -> None:
    """Part II streams are little-endian: every restorer stops at a
    big-endian header, and so does xsif, with the rule of that header."""
    make, kind = VALID[name]
    report = validate_bytes(make(True).build())
    first = {Kind.XL: "xl.byte-order", Kind.LIBXL: "libxl.header.big-endian"}.get(
        kind, "libxc.image.big-endian")
    assert [f.rule_id for f in report.findings] == [first]
    assert not report.conformant and report.restorable == 0


def test_findings_name_their_layer() -> None:
    report = validate_bytes(samples.broken("libxc.x86-tsc-info.mode"))
    assert [f.layer for f in report.findings] == ["libxc"]
    nested = samples.xl_save().change("tsc_info", mode=9).build()
    (f,) = validate_bytes(nested, xen="4.17").findings
    assert (f.rule_id, f.layer, f.record) == ("libxc.x86-tsc-info.mode", "libxc", 7)
    assert nested[f.offset:f.offset + 4] == (9).to_bytes(4, "little")
    (g,) = validate_bytes(samples.broken("libxl.emulator.id")).findings
    assert g.layer == "libxl"
    (h,) = validate_bytes(samples.broken("xl.mandatory-flags")).findings
    assert h.layer == "xl"


def test_verbose_summaries_show_the_nesting() -> None:
    seen = []
    validate(io.BytesIO(samples.xl_save(hvm=True).build()), seen.append)
    layers = [(r.layer, r.depth, r.name) for r in seen]
    assert layers[0] == ("libxl", 0, "LIBXC_CONTEXT")
    assert layers[1] == ("libxc", 1, "X86_CPUID_POLICY")
    assert layers[-4:] == [("libxc", 1, "END"), ("libxl", 0, "EMULATOR_XENSTORE_DATA"),
                           ("libxl", 0, "EMULATOR_CONTEXT"), ("libxl", 0, "END")]


def test_checkpoints_hand_the_stream_back_and_forth() -> None:
    seen = []
    validate(io.BytesIO(samples.checkpointed().build()), seen.append)
    order = [(r.layer, r.name) for r in seen]
    assert order.count(("libxc", "CHECKPOINT")) == 2
    assert order.count(("libxl", "CHECKPOINT_END")) == 2
    i = order.index(("libxc", "CHECKPOINT"))
    assert order[i + 1][0] == "libxl"


def test_version_3_records_in_a_version_2_stream() -> None:
    """4.6 to 4.13 know no such record; 4.14 and later take it in either version."""
    plan = samples.libxc_stream(2).insert("p2m_frames", "cpuid_policy")
    report = validate_bytes(plan.build())
    assert [f.rule_id for f in report.findings] == ["libxc.record.v3-only"]
    assert report.conformant and report.findings[0].severity.value == "warning"
    assert releases.describe(report.restorable) == "Xen 4.14 to 4.22"
    assert not validate_bytes(plan.build(), xen="4.13").conformant


def test_zero_length_errata_is_refused_by_4_6_to_4_8_only() -> None:
    data = samples.broken("libxc.x86-pv-vcpu.empty")
    report = validate_bytes(data)
    assert report.conformant
    assert [f.severity.value for f in report.findings] == ["warning"]
    assert releases.describe(report.restorable) == "Xen 4.9 to 4.22"
    assert not validate_bytes(data, xen="4.8").conformant
    assert validate_bytes(data, xen="4.9").conformant


def test_hvm_context_before_hvm_params_as_xen_writes_it() -> None:
    """x86_hvm_end_of_checkpoint writes HVM_CONTEXT, then HVM_PARAMS; the
    restorer loads the context at the stream's end, so either order restores."""
    for version in (2, 3):
        steps = samples.libxc_steps(version, hvm=True)
        names = [m for m, _ in steps]
        assert names.index("hvm_context") < names.index("hvm_params")
        assert validate_bytes(samples.libxc_stream(version, True).build()).findings == []
        swapped = samples.libxc_stream(version, True).drop("hvm_params").insert(
            "hvm_context", "hvm_params")
        assert validate_bytes(swapped.build()).findings == []


def test_a_version_3_stream_is_not_restorable_by_4_13() -> None:
    data = samples.libxc_stream(3).build()
    report = validate_bytes(data, xen="4.13")
    assert [f.rule_id for f in report.findings] == ["libxc.image.version-3"]
    assert not report.conformant
    assert validate_bytes(data, xen="4.14").conformant


def test_format_override() -> None:
    data = samples.libxc_stream().build()
    assert validate_bytes(data, "libxc").findings == []
    ids = {f.rule_id for f in validate_bytes(data, "libxl").findings}
    assert ids == {"libxl.header.ident"}
    assert {f.rule_id for f in validate_bytes(data, "xl").findings} == {"xl.magic"}
    assert {f.rule_id for f in validate_bytes(data, "v1").findings} == {"image.version"}


def test_generated_parsers_read_what_the_writer_wrote() -> None:
    for big_endian in (False,):
        data = samples.xl_save(hvm=True, big_endian=big_endian).build()
        xl = gen.Xl(gen.KaitaiStream(io.BytesIO(data)))
        xl._read()
        assert xl.is_big_endian is big_endian and xl.body.header.is_stream_v2
        libxl = xl.body.libxl_stream
        names = [r.header.type for r in libxl.body.records]
        assert names == [gen.LibxlRecordType.libxc_context,
                         gen.LibxlRecordType.emulator_xenstore_data,
                         gen.LibxlRecordType.emulator_context, gen.LibxlRecordType.end]
        libxc = libxl.body.records[0].libxc_stream
        types = [r.header.type for r in libxc.body.records]
        assert types[-3:] == [gen.LibxcRecordType.hvm_context, gen.LibxcRecordType.hvm_params,
                              gen.LibxcRecordType.end]
        params = libxc.body.records[-2].body
        assert [(p.index, p.value) for p in params.params] == [
            (1, 4), (17, 5), (12, 0x2000)]
        strings = libxl.body.records[1].body.strings
        assert strings[:2] == ["physmap/1/start_addr", "f0000000"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["auto", "xl", "libxl", "libxc"]))
def test_random_bytes_never_raise(data: bytes, fmt: str) -> None:
    for prefix in (b"", samples.xl_save().build()[:60], samples.libxc_stream().build()[:40]):
        validate_bytes(prefix + data, fmt)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=20000), st.integers(min_value=0, max_value=255))
def test_flipped_octets_never_raise(where: int, value: int) -> None:
    data = bytearray(samples.checkpointed().build())
    data[where % len(data)] = value
    validate_bytes(bytes(data))


def test_every_section_and_doc_ref_is_a_spec_label() -> None:
    import re
    from pathlib import Path

    from xsif.catalog.catalog import catalog
    root = Path(__file__).resolve().parents[1]
    labels = set()
    for rst in (root / "spec").glob("*.rst"):
        labels |= set(re.findall(r"^\.\. _([a-z0-9-]+):$", rst.read_text(), re.M))
    assert {r.section for r in catalog().values()} <= labels
    for ksy in (root / "ksy").glob("*.ksy"):
        cited = set(re.findall(r"xsif specification, ([a-z0-9-]+)", ksy.read_text()))
        assert cited <= labels, (ksy.name, cited - labels)


def test_xenstore_data_longer_than_the_kept_prefix_is_not_misjudged() -> None:
    """Valid key/value pairs past the part of a body the engine keeps: no
    error for a string cut at that point, and validator.limit says the
    strings were not checked."""
    from xsif import samples
    from xsif.check import engine

    pairs = [(f"physmap/{n}/name".encode(), b"x" * 40) for n in range(2000)]
    plan = samples.libxl_stream(hvm=True)
    at = plan.index("emulator_xenstore_data", 0)
    plan.steps[at] = ("emulator_xenstore_data", {"pairs": pairs})
    data = plan.build()
    assert len(data) > engine.BODY_PREFIX_LIMIT
    report = engine.validate_bytes(data)
    assert report.conformant
    assert [f.rule_id for f in report.findings] == ["validator.limit"]
    assert "EMULATOR_XENSTORE_DATA" in report.findings[0].message
