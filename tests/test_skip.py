"""Octets nobody needs (page contents of a stream without checksums, data
after END) are stepped over with a seek when the input is a regular file,
and read otherwise. Both ways must give the same report: the same findings
at the same offsets, the same octet count, the same truncation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from xsif import samples
from xsif.check.engine import Truncated, validate


def outcome(raw: io.RawIOBase | io.BufferedIOBase) -> tuple:
    try:
        report = validate(raw)  # type: ignore[arg-type]
    except Truncated as err:
        return ("truncated", str(err), err.args)
    return ("report", report.octets, report.records, report.end_seen,
            [(f.rule.id, f.offset, f.record, f.layer, f.message) for f in report.findings])


class Pipe(io.RawIOBase):
    """The same octets, through something that cannot seek."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        return self._data.readinto(b)


STREAMS = {
    "libxc v3 pv": lambda: samples.libxc_stream(3).build(),
    "libxc v2 pv": lambda: samples.libxc_stream(2).build(),
    "xl pv": lambda: samples.xl_save(3).build(),
    "checkpointed": lambda: samples.checkpointed().build(),
    "v1 no checksums": lambda: samples.standard(checksums=False).build(),
}


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_file_reads_like_a_pipe_at_every_cut(name: str, tmp_path: Path) -> None:
    data = STREAMS[name]()
    cuts = sorted({*range(0, len(data), 97), len(data) - 1, len(data)})
    for extra in (b"", b"\0" * 8 + b"after the end" * 50):
        for cut in cuts:
            image = data[:cut] + (extra if cut == len(data) else b"")
            path = tmp_path / "image.xsi"
            path.write_bytes(image)
            with open(path, "rb", buffering=64 << 10) as f:
                from_file = outcome(f)
            from_pipe = outcome(io.BufferedReader(Pipe(image), 64 << 10))
            assert from_file == from_pipe, (name, cut, len(extra))


def test_a_file_opened_past_its_start(tmp_path: Path) -> None:
    """stdin redirected from a file that was partly read already."""
    data = samples.libxc_stream(3).build()
    path = tmp_path / "image.xsi"
    path.write_bytes(b"JUNK" * 4 + data)
    with open(path, "rb") as f:
        f.read(16)
        assert outcome(f) == outcome(io.BytesIO(data))


def _v1_large(pages: int = 160, flip: int | None = None) -> bytes:
    """A checksummed version-1 image whose PAGE_DATA bodies are long enough
    (640 KiB) for their CRC-32C to be computed over a memory map of a file;
    `flip` inverts one octet of the page contents (a bad checksum)."""
    from xsif.check.rules import p2m_frames_needed
    from xsif.codec.writer import ImageWriter, pfn_entry
    from xsif.read import gen
    out = io.BytesIO()
    w = ImageWriter(out, big_endian=False, checksums=True)
    w.image_header()
    w.domain_header()
    w.x86_pv_info(guest_width=8, pt_levels=4)
    n = p2m_frames_needed(0, 2 * pages - 1, w.page_shift, 8)
    w.p2m(0, 2 * pages - 1, frames=[0x100000 + i for i in range(n)])
    for first in (0, pages):
        block = bytes((first + i) % 251 for i in range(pages * 4096))
        w.page_data([pfn_entry(p, gen.PageType.notab) for p in range(first, first + pages)],
                    pages=[block])
    w.vcpu_info(max_vcpu_id=0)
    w.vcpu_context(0, bytes(5120))
    w.end()
    data = bytearray(out.getvalue())
    if flip is not None:
        data[flip] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("flip", [None, 300_000, 1_000_000])
def test_checksums_over_a_mapped_file_are_those_of_a_pipe(flip: int | None,
                                                          tmp_path: Path) -> None:
    """Version 1 computes the CRC-32C of a long body over a memory map of a
    regular file: the same checksums, findings and truncations as a pipe,
    at cuts through the mapped bodies and from a file read past its start."""
    from xsif.read import source
    data = _v1_large(flip=flip)
    assert 2 * 160 * 4096 > 2 * source.MAP_AT_LEAST
    cuts = sorted({*range(0, len(data), len(data) // 23), len(data) - 1, len(data)})
    for cut in cuts:
        image = data[:cut]
        path = tmp_path / "image.xsi"
        path.write_bytes(b"JUNK" * 3 + image)
        with open(path, "rb", buffering=64 << 10) as f:
            f.read(12)
            from_file = outcome(f)
        from_pipe = outcome(io.BufferedReader(Pipe(image), 64 << 10))
        assert from_file == from_pipe, cut
    rules = {rule for rule, *_ in from_file[4]}
    assert rules == (set() if flip is None else {"record.checksum"})
