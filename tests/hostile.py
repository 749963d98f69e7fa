"""Inputs an attacker or a careless user gives xsif, and a way to run the
command on them in a child process, with its exit status, its output and
its peak RSS (issue 11). Shared by test_hostile.py (small inputs, `make
test`) and test_hostile_large.py (`make hostile`)."""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xsif import samples
from xsif.codec.writer import ImageWriter, StreamWriter, pfn_entry
from xsif.read import gen
from xsif.read.detect import XL_MAGIC

ROOT = Path(__file__).resolve().parents[1]
XSIF = [sys.executable, "-m", "xsif.cli"]
MIB = 1 << 20
ADDRESS_SPACE = 2 << 30
"""RLIMIT_AS of the child: a regression that allocates without bound fails
the test with MemoryError instead of taking the shared machine's memory."""

PROBE = """
import os, sys
from xsif.cli import main
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status, open(os.environ["XSIF_RSS_TO"], "w") as f:
        f.write(next(ln.split()[1] for ln in status if ln.startswith("VmHWM:")))
sys.exit(code)
"""
"""The child's own peak RSS is VmHWM, its address space's high-water mark:
getrusage's ru_maxrss would start from the forking test process's peak
(Linux carries it across fork and exec)."""


@dataclass
class Run:
    code: int
    out: str
    err: str
    rss_kib: int


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(*args: str, stdout: int | None = subprocess.PIPE, timeout: float = 300) -> Run:
    """`xsif ARGS` in a child process; its peak RSS (KiB) as the child
    measures it itself (RUSAGE_CHILDREN would keep earlier children's)."""
    with tempfile.TemporaryDirectory() as d:
        rss_file = Path(d) / "rss"
        env = {**os.environ, "XSIF_RSS_TO": str(rss_file)}
        r = subprocess.run([sys.executable, "-c", PROBE, *args], stdout=stdout,
                           stderr=subprocess.PIPE, env=env, timeout=timeout,
                           preexec_fn=limit_memory, check=False)
        rss = int(rss_file.read_text()) if rss_file.exists() else -1
    out = r.stdout.decode("utf-8", "replace") if r.stdout is not None else ""
    return Run(r.returncode, out, r.stderr.decode("utf-8", "replace"), rss)


def baseline_rss(command: str = "validate") -> int:
    """Peak RSS of the same command on the smallest sample."""
    small = ROOT / "examples" / "valid" / "minimal-le.xsi"
    args = [command, str(small)] if command != "dump" else ["dump", "--yaml", str(small)]
    return run(*args, stdout=subprocess.DEVNULL).rss_kib


# --- inputs ---------------------------------------------------------------------

def xl_with(config: bytes, config_length: int | None = None,
            optional_data_len: int | None = None, extra: bytes = b"") -> bytes:
    """An xl save file of the sample's libxl stream whose configuration is
    `config` (and whose optional data is followed by `extra` octets that
    optional_data_len may claim)."""
    base = samples.xl_save(hvm=False).build()
    n = len(XL_MAGIC)
    odl = struct.unpack_from("<I", base, n + 4 + 8)[0]
    rest = base[n + 4 + 12 + odl:]
    out = io.BytesIO()
    StreamWriter(out).xl_header(config=config, config_length=config_length,
                                optional_data_len=optional_data_len)
    return out.getvalue() + extra + rest


def write_xl_with_long_config(path: Path, n: int) -> None:
    """An xl save file whose JSON configuration is {"a": "xxx..."} of `n`
    octets, written in pieces (never held whole)."""
    head = xl_with(b"", config_length=n, optional_data_len=4 + n)
    rest = head[len(xl_with(b"")) - len(libxl_part()):]
    with path.open("wb") as f:
        f.write(head[:len(head) - len(rest)])
        f.write(b'{"a": "')
        left = n - 10
        while left:
            piece = min(left, MIB)
            f.write(b"x" * piece)
            left -= piece
        f.write(b'"}\0')
        f.write(rest)


def libxl_part() -> bytes:
    """The libxl stream of the sample xl save file."""
    base = samples.xl_save(hvm=False).build()
    n = len(XL_MAGIC)
    odl = struct.unpack_from("<I", base, n + 4 + 8)[0]
    return base[n + 4 + 12 + odl:]


def wide_config(octets: int) -> bytes:
    """A JSON configuration of about `octets` octets: [[],[],...]."""
    return b"[" + b"[]," * (octets // 3 - 2) + b"[]]\0"


def many_records(n: int) -> bytes:
    """A version-1 image of `n` empty optional records, then END."""
    out = io.BytesIO()
    w = ImageWriter(out)
    w.image_header()
    w.domain_header()
    for _ in range(n):
        w.optional(0x80000001)
    w.end()
    return out.getvalue()


def distinct_pfns(n: int, repeat_at_end: bool = False) -> bytes:
    """A version-1 image whose one PAGE_DATA record has `n` distinct pfns
    (XTAB: no page data), then perhaps a repeat of the sixth."""
    out = io.BytesIO()
    w = ImageWriter(out)
    w.image_header()
    w.domain_header()
    w.x86_pv_info()
    words = [pfn_entry(1000 + 3 * i, gen.PageType.xtab) for i in range(n)]
    if repeat_at_end:
        words.append(words[5])
    w.page_data(words)
    w.end()
    return out.getvalue()


def json_report(text: str) -> dict:
    return json.loads(text)["images"][0]
