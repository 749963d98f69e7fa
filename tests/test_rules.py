"""Every rule of the catalog is implemented once and has an image that
triggers it and no other rule, in both byte orders."""

from __future__ import annotations

import pytest

from xsif import samples
from xsif.catalog.catalog import Severity, catalog
from xsif.check.engine import validate_bytes
from xsif.check.registry import registered

RULES = list(catalog())


def test_every_catalog_rule_is_implemented_once() -> None:
    implemented = [r.rule_id for r in registered()]
    engine_rules = {"stream.truncated", "stream.trailing", "image.legacy", "image.id",
                    "xl.magic", "xl.byte-order", "libxl.header.ident",
                    "libxc.record.length-max", "xl.migration-go-ahead"}
    assert len(implemented) == len(set(implemented))
    assert set(implemented) | engine_rules == set(RULES)
    assert not set(implemented) & engine_rules


def test_every_rule_has_a_breaking_image() -> None:
    assert set(samples.BREAKERS) == set(RULES)


PART_II = ("libxc.", "libxl.", "xl.")
"""Part II streams are little-endian: a big-endian one breaks rules of its
own (libxc.image.big-endian, libxl.header.big-endian, xl.byte-order)."""


def _cases() -> list[tuple[str, bool | None]]:
    return [(r, order) for r in RULES
            for order in ((None,) if r.startswith(PART_II) else (False, True))]


@pytest.mark.parametrize(("rule_id", "big_endian"), _cases(),
                         ids=lambda v: {None: "", False: "le", True: "be"}.get(v, v))
def test_image_triggers_exactly_its_rule(rule_id: str, big_endian: bool | None) -> None:
    plan = samples.BREAKERS[rule_id]()
    if big_endian is not None:
        plan.big_endian = big_endian
    report = validate_bytes(plan.build(), plan.format, plan.xen)
    assert {f.rule_id for f in report.findings} == {rule_id}
    expected_ok = catalog()[rule_id].severity is not Severity.ERROR
    assert report.conformant is expected_ok


@pytest.mark.parametrize("rule_id", [r for r in RULES if r.startswith(PART_II)
                                     and catalog()[r].xen])
def test_a_release_bound_breach_is_judged_by_release(rule_id: str) -> None:
    """Judged for one release, the breaker of a rule that Xen's restorers
    enforce is refused (an error) exactly in the releases its finding names,
    and only a note in the others."""
    from xsif.catalog import releases
    plan = samples.BREAKERS[rule_id]()
    data = plan.build()
    for release in releases.RELEASES:
        report = validate_bytes(data, plan.format, release)
        mine = [f for f in report.findings if f.rule_id == rule_id]
        assert mine, release
        if all(f.refused_by is None for f in mine):  # narrowed to a format error
            assert not report.conformant
            continue
        refused = any(f.refused_by >> releases.release_index(release) & 1 for f in mine)
        if refused:
            assert not report.conformant and not report.restorable
            assert all(f.severity is Severity.ERROR for f in mine), release
        else:
            assert all(f.severity is Severity.INFO for f in mine), release


@pytest.mark.parametrize("big_endian", [False, True], ids=["le", "be"])
@pytest.mark.parametrize("make", [
    samples.standard,
    lambda be: samples.standard(be, checksums=False),
    lambda be: samples.standard(be, guest_width=4, pt_levels=3),
    samples.live_migration,
], ids=["standard", "no-checksums", "pae32", "live-migration"])
def test_valid_samples_conform(make, big_endian: bool) -> None:
    report = validate_bytes(make(big_endian).build())
    assert report.conformant
    assert {f.rule_id for f in report.findings} <= {"record.type-optional"}
    assert report.end_seen


def _only(data: bytes):
    report = validate_bytes(data)
    assert len(report.findings) == 1, report.findings
    return report.findings[0]


def test_findings_point_at_the_offending_field() -> None:
    base = samples.standard().build()
    # record.checksum: the footer's checksum of the P2M record (record 1)
    f = _only(samples.broken("record.checksum"))
    assert f.record == 1
    p2m_at = 24 + 8 + 24 + 8  # after the image header, domain header, X86_PV_INFO
    assert base[p2m_at:p2m_at + 4] == (5).to_bytes(4, "little")
    body_length = int.from_bytes(base[p2m_at + 4:p2m_at + 8], "little")
    assert f.offset == p2m_at + 16 + body_length
    # domain.page-shift: octet 4 of the domain header
    assert _only(samples.broken("domain.page-shift")).offset == 24 + 4
    # image.reserved: octet 18 of the image header
    assert _only(samples.broken("image.reserved")).offset == 18


def test_finding_in_pfn_entry_names_entry_and_offset() -> None:
    f = _only(samples.broken("page-data.page-type"))
    data = samples.broken("page-data.page-type")
    assert data[f.offset + 7] >> 4 == 6  # the entry's top nibble, little-endian word
    assert "entry 1" in f.message


def test_messages_fill_every_placeholder() -> None:
    for rule_id in RULES:
        for f in validate_bytes(samples.broken(rule_id)).findings:
            assert "{" not in f.message, f


def test_checksum_flag_is_per_record() -> None:
    plan = samples.standard(checksums=True).change("p2m", checksum=False).change(
        "vcpu_info", checksum=False)
    assert validate_bytes(plan.build()).conformant


def test_one_run_reports_every_problem() -> None:
    plan = samples.standard().change("domain_header", reserved=1).change(
        "p2m", faults=samples.Faults(checksum=1)).change("vcpu_info", reserved=2).drop("end")
    ids = [f.rule_id for f in validate_bytes(plan.build()).findings]
    assert ids == ["domain.reserved", "record.checksum", "vcpu-info.reserved",
                   "layout.end-missing"]


def test_version_2_is_named_as_a_libxc_stream() -> None:
    data = samples.standard().change("image_header", version=2).build()
    report = validate_bytes(data, format="v1")
    assert len(report.findings) == 1
    f = report.findings[0]
    assert f.rule_id == "image.version" and "libxc" in f.message
    assert validate_bytes(data).kind == "libxc stream, version 2"  # auto: read as one


@pytest.mark.parametrize(("low", "word"), [(b"\0\0\0\0", "64-bit"),
                                           (b"\xff\xff\xff\xff", "32-bit")])
def test_legacy_guess(low: bytes, word: str) -> None:
    data = bytearray(samples.standard().build())
    data[0:8] = b"\x00\x00\x04\x00" + low
    f = _only(bytes(data))
    assert f.rule_id == "image.legacy" and word in f.message and "legacy" in f.message


def test_same_pfn_in_later_record_is_fine() -> None:
    plan = samples.standard().change("page_data", 1, entries=[(0, 0), (7, 2)])
    assert validate_bytes(plan.build()).findings == []


def test_findings_are_capped_per_rule() -> None:
    from xsif.codec.writer import pfn_entry
    from xsif.report.findings import KEEP_PER_RULE
    entries = [pfn_entry(p, 0, reserved=1) for p in range(KEEP_PER_RULE + 50)]
    plan = samples.standard().change("page_data", 1, entries=entries,
                                     pages=[bytes(4096)] * len(entries)).change(
        "p2m", end=len(entries))
    report = validate_bytes(plan.build())
    assert len(report.findings) == KEEP_PER_RULE
    assert report.dropped["page-data.pfn-reserved"] == 50
    assert report.count(Severity.ERROR) == KEEP_PER_RULE + 50
