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
