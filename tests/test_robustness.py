"""Hostile and random input: the validator reports, it never raises, and
its memory does not follow what the image claims."""

from __future__ import annotations

import io
import struct
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from xsif import samples
from xsif.check.engine import validate, validate_bytes

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


# --- the ends of the input: mid-field, read errors, odd files ------------------------

def _cli(args: list[str]) -> tuple[int, str, str]:
    import contextlib

    from xsif import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


def test_stream_ending_mid_field_names_the_field(tmp_path) -> None:
    from xsif.read import gen

    data = VALID[0]
    records = []
    validate(io.BytesIO(data), records.append)
    first = records[0].offset
    header = gen.parse(gen.Body.RecordHeader, data[first:], True, first)
    cut = gen.field_offset(header, "body_length") + 2  # half of the field
    path = tmp_path / "cut.xsi"
    path.write_bytes(data[:cut])
    code, out, err = _cli(["validate", str(path)])
    assert code == 1 and err == ""
    assert "stream.truncated" in out
    assert "inside a record header (field body_length): 4 octets needed, 2 present" in out


def test_every_cut_is_reported_not_raised() -> None:
    data = VALID[1]
    cuts = list(range(0, 256)) + list(range(256, len(data), 61))
    for cut in cuts:
        report = validate_bytes(data[:cut])
        ids = {f.rule_id for f in report.findings}
        assert not report.conformant, cut
        assert ids & {"stream.truncated", "layout.end-missing"}, (cut, ids)


class _FailingRead(io.RawIOBase):
    """A device that returns some data, then fails with EIO."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        import errno

        if not self.head:
            raise OSError(errno.EIO, "Input/output error")
        n = min(len(buf), len(self.head))
        buf[:n], self.head = self.head[:n], self.head[n:]
        return n


def test_read_error_midway_is_exit_2(monkeypatch) -> None:
    from xsif import cli

    stream = io.BufferedReader(_FailingRead(VALID[0][:5000]))
    monkeypatch.setattr(cli, "_open", lambda path: (stream, True))
    code, out, err = _cli(["validate", "disk.xsi"])
    assert code == 2
    assert err.strip() == "xsif: disk.xsi: read error: Input/output error"
    assert "Traceback" not in err


def test_file_whose_read_fails_is_exit_2() -> None:
    """Reading /proc/self/mem at offset 0 fails with EIO (nothing is mapped
    there): an honest unreadable file even for root, who passes every
    permission check."""
    import os

    import pytest

    if not os.path.exists("/proc/self/mem"):
        pytest.skip("no /proc/self/mem on this system")
    code, out, err = _cli(["validate", "/proc/self/mem"])
    assert code == 2
    assert err.strip() == "xsif: /proc/self/mem: read error: Input/output error"


def test_path_through_a_file_is_exit_2(tmp_path) -> None:
    image = tmp_path / "guest.xsi"
    image.write_bytes(VALID[0])
    code, out, err = _cli(["validate", str(image / "inner")])
    assert code == 2
    assert err.strip() == f"xsif: {image / 'inner'}: cannot read: Not a directory"


def test_huge_lengths_in_tiny_files_through_the_command(tmp_path) -> None:
    cases = {
        "body_length": _header_and_record(3, 0xFFFFFFF0, b"x" * 8),
        "count": _header_and_record(1, 24, struct.pack("<II", 0xFFFFFFFF, 0) + bytes(24)),
        "p2m_end": _header_and_record(5, 16, struct.pack("<QQ", 0, (1 << 64) - 1) + bytes(8)),
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.xsi"
        path.write_bytes(data)
        tracemalloc.start()
        try:
            code, out, err = _cli(["validate", str(path)])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert code == 1 and err == "", name
        assert "NOT CONFORMANT" in out, name
        assert peak < 4 << 20, name


def test_fifo_closed_half_way(tmp_path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def writer() -> None:
        with fifo.open("wb") as w:
            w.write(VALID[0][:len(VALID[0]) // 2])

    t = threading.Thread(target=writer)
    t.start()
    code, out, err = _cli(["validate", str(fifo)])
    t.join(timeout=10)
    assert code == 1 and "stream.truncated" in out and err == ""


def test_many_records_of_distinct_unknown_types_cost_no_memory_each() -> None:
    """Per-type bookkeeping must not grow with a hostile image's record count."""
    head = VALID[0][:32]
    footer = struct.pack("<II", 0, 0)
    records = b"".join(struct.pack("<IIH6s", 0x80000000 + i, 0, 1, bytes(6)) + footer
                       for i in range(10000))
    stream = io.BytesIO(head + records)
    tracemalloc.start()
    try:
        report = validate(stream)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.records == 10000
    assert current < 400 << 10 and peak < 1 << 20
