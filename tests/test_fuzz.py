"""Fuzzing the validator through the `xsif` command's own function.

Inputs are valid sample images of every layer (version 1, libxc v2/v3,
libxl, xl save files) mutated (bit flips, octets overwritten,
truncations, splices of one image into another, huge length and count
fields at record positions) and plain random bytes. Whatever the input, the
command returns 0, 1 or 2, prints a verdict or a one-line error, raises
nothing, and its memory stays bounded whatever lengths the input claims.

`make test` runs a bounded number of cases (XSIF_FUZZ_EXAMPLES, default
200), the same ones every time; `make fuzz` (XSIF_FUZZ=1) runs fresh cases
for XSIF_FUZZ_SECONDS seconds (or XSIF_FUZZ_EXAMPLES cases).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import struct
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xsif import cli, samples

EXAMPLES = int(os.environ.get("XSIF_FUZZ_EXAMPLES") or 200)
SECONDS = float(os.environ.get("XSIF_FUZZ_SECONDS") or 0)
FRESH = bool(os.environ.get("XSIF_FUZZ"))
"""make fuzz: new random cases on every run. Otherwise (make test) the same
cases every run, so that the suite passes or fails the same way everywhere."""
PEAK_LIMIT = 16 << 20
"""Most memory (traced Python allocations) one validation may take."""

SEEDS = [
    samples.standard().build(),
    samples.standard(big_endian=True, checksums=False).build(),
    samples.standard(guest_width=4, pt_levels=3).build(),
    samples.live_migration().build(),
    samples.live_migration(big_endian=True).build(),
    samples.broken("page-data.duplicate-pfn"),
    samples.broken("stream.trailing"),
    # what Xen 4.6 and later write: every layer, both byte orders, checkpoints
    samples.xl_save(hvm=False).build(),
    samples.xl_save(2, hvm=True, big_endian=True).build(),
    samples.checkpointed().build(),
    samples.libxl_stream().build(),
    samples.libxc_stream(2).build(),
    samples.libxc_stream(3, hvm=True, big_endian=True).build(),
]

U32 = [0, 1, 7, 8, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFF]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "octet", "truncate", "splice", "length",
                                     "word", "insert", "delete"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "octet":
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "splice":
            other = draw(st.sampled_from(SEEDS))
            start = draw(st.integers(0, len(other) - 1))
            piece = other[start:start + draw(st.integers(1, 256))]
            data[at:at + len(piece)] = piece
        elif kind in ("length", "word"):
            # a record's body_length (or a PAGE_DATA count, a P2M bound...) sits
            # at octet 4 of an 8-aligned word after the image header
            at = at - at % 8 + 4 if kind == "length" else at - at % 4
            value = draw(st.sampled_from(U32) | st.integers(0, 0xFFFFFFFF))
            order = draw(st.sampled_from("<>"))
            data[at:at + 4] = struct.pack(order + "I", value)
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


inputs = st.one_of(mutated(), st.binary(max_size=512),
                   st.binary(max_size=64).map(lambda tail: SEEDS[0][:32] + tail))


class _Stdin:
    """What cli reads for "-": sys.stdin.buffer."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run_cli(data: bytes, via_file: bool, want_json: bool, workdir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = ["validate", "--json"] if want_json else ["validate", "-v"]
    saved_stdin = sys.stdin
    if via_file:
        path = workdir / "case.xsi"
        path.write_bytes(data)
        args.append(str(path))
    else:
        sys.stdin = _Stdin(data)  # type: ignore[assignment]
        args.append("-")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(args)
    finally:
        sys.stdin = saved_stdin
    return code, out.getvalue(), err.getvalue()


def check_one(data: bytes, via_file: bool, want_json: bool, workdir: Path) -> None:
    tracemalloc.start()
    try:
        code, out, err = run_cli(data, via_file, want_json, workdir)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if want_json:
        report = json.loads(out)["images"][0]
        assert report["verdict"] in ("conformant", "not conformant", "unreadable")
        assert (code == 0) == (report["verdict"] == "conformant")
    else:
        verdict = [ln for ln in out.splitlines() if not ln.startswith(" ")][-1]
        assert (": OK (" in verdict) == (code == 0)
        assert code == 0 or "NOT CONFORMANT" in verdict or err
    assert peak < PEAK_LIMIT, f"{peak} octets traced for a {len(data)}-octet input"


def test_fuzz_the_validate_command(tmp_path: Path) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not FRESH,
              suppress_health_check=list(HealthCheck))
    @given(data=inputs, via_file=st.booleans(), want_json=st.booleans())
    def case(data: bytes, via_file: bool, want_json: bool) -> None:
        check_one(data, via_file, want_json, tmp_path)

    end = time.monotonic() + SECONDS
    case()
    while time.monotonic() < end:  # make fuzz: fresh random cases until the time is up
        case()


def test_fuzz_cases_reach_deep_into_the_image() -> None:
    """The mutations are not all stopped by the image header: a good share
    of them get to the records (else the fuzzing would test little)."""
    reached = []

    @settings(max_examples=100, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def case(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as d:
            code, out, _ = run_cli(data, False, True, Path(d))
        reached.append(json.loads(out)["images"][0].get("record_count", 0) > 2)

    case()
    # A fifth at least: the xl and libxl seeds start with headers and text
    # that a mutation there turns into "not an image".
    assert sum(reached) > len(reached) // 5
