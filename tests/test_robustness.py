"""Hostile and random input: the validator reports, it never raises, and
its memory does not follow what the image claims."""

from __future__ import annotations

import io
import struct
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from xsif import samples
from xsif.engine import validate, validate_bytes

VALID = [samples.standard().build(), samples.live_migration(True).build()]


@given(st.binary(max_size=400))
def test_random_bytes_never_escape(data: bytes) -> None:
    validate_bytes(data)


@given(st.binary(max_size=200))
def test_random_bytes_after_a_valid_header_never_escape(tail: bytes) -> None:
    validate_bytes(VALID[0][:32] + tail)


@given(st.sampled_from(VALID), st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)),
                                        min_size=1, max_size=8))
def test_mutated_images_never_escape(data: bytes, flips: list[tuple[int, int]]) -> None:
    mutated = bytearray(data)
    for at, value in flips:
        mutated[at % len(mutated)] = value
    validate_bytes(bytes(mutated))


def _header_and_record(record_type: int, body_length: int, tail: bytes = b"") -> bytes:
    head = samples.standard().build()[:32]
    return head + struct.pack("<IIH6s", record_type, body_length, 1, bytes(6)) + tail


def _peak(data: bytes) -> tuple[object, int]:
    tracemalloc.start()
    try:
        report = validate_bytes(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak


def test_huge_body_length_in_a_tiny_file() -> None:
    data = _header_and_record(3, 0xFFFFFFF0, b"x" * 8)
    report, peak = _peak(data)
    assert [f.rule_id for f in report.findings] == ["stream.truncated"]
    assert "4294967280 octets needed" in report.findings[0].message
    assert peak < 2 << 20


def test_huge_count_in_a_tiny_file() -> None:
    body = struct.pack("<II", 0xFFFFFFFF, 0) + bytes(16)
    data = _header_and_record(1, len(body), body + bytes(8))
    report, peak = _peak(data)
    assert "page-data.length" in {f.rule_id for f in report.findings}
    assert peak < 2 << 20


def test_huge_record_is_streamed_in_bounded_memory() -> None:
    """A 48 MiB VCPU_CONTEXT body: read in chunks, never held whole."""
    plan = samples.standard().change("vcpu_context", 1, context=b"\x5a" * (48 << 20))
    data = plan.build()
    tracemalloc.start()
    try:
        report = validate(io.BytesIO(data))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.conformant
    assert peak < 8 << 20


def test_zero_filled_input() -> None:
    report = validate(io.BytesIO(bytes(1 << 16)))
    assert [f.rule_id for f in report.findings] == ["image.legacy"]


def test_empty_input() -> None:
    assert [f.rule_id for f in validate_bytes(b"").findings] == ["stream.truncated"]


class _Endless(io.RawIOBase):
    """A valid image followed by zeros that never end (a socket, /dev/zero)."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = len(buf)
        chunk, self.head = self.head[:n], self.head[n:]
        buf[:len(chunk)] = chunk
        buf[len(chunk):n] = bytes(n - len(chunk))
        return n


def test_endless_data_after_end_is_reported_and_the_run_ends() -> None:
    report = validate(io.BufferedReader(_Endless(VALID[0])))
    [f] = report.findings
    assert f.rule_id == "stream.trailing" and "or more" in f.message


def test_hostile_page_shift_gives_readable_findings() -> None:
    data = bytearray(VALID[0])
    data[28:30] = (65535).to_bytes(2, "little")  # the domain header's page_shift
    report = validate_bytes(bytes(data))
    assert {f.rule_id for f in report.findings} == {"domain.page-shift", "page-data.length"}
    assert all(len(f.message) < 200 for f in report.findings)
