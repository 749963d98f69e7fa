"""What `xsif validate` loads: a run on a conformant image reads neither the
rule catalog (PyYAML) nor the dumper and builder, and a stream without
checksums does not load the CRC-32C package; findings still get their
messages, and checksums are still checked, when they appear."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xsif import samples
from xsif.check.registry import registered

VALID = Path(__file__).resolve().parents[1] / "examples" / "valid"
HEAVY = ("yaml", "crc32c", "xsif.codec.dump", "xsif.codec.build", "xsif.codec.writer",
         "xsif.codec.kaitai")

PROBE = f"""
import json, sys
from xsif.cli import main
code = main(sys.argv[1:])
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def run(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                         text=True, check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["libxc-v2-pv-le.xsi", "xl-pv-le.xsi",
                                  "xl-remus-checkpoints-le.xsi"])
def test_a_conformant_stream_loads_nothing_heavy(name: str) -> None:
    got = run("validate", str(VALID / name))
    assert got == {"code": 0, "loaded": []}


def test_checksums_load_crc32c_and_nothing_else() -> None:
    got = run("validate", str(VALID / "minimal-le.xsi"))
    assert got == {"code": 0, "loaded": ["crc32c"]}


@pytest.mark.parametrize("rule_id", ["libxc.static-data-end.length", "record.checksum"])
def test_a_finding_reads_the_catalog(tmp_path: Path, rule_id: str) -> None:
    bad = tmp_path / "bad.xsi"
    bad.write_bytes(samples.BREAKERS[rule_id]().build())
    got = run("validate", "--json", str(bad))
    assert got["code"] == 1
    assert "yaml" in got["loaded"]


def test_every_registered_rule_is_in_the_catalog() -> None:
    # the check moved from registration to registered(): it still runs
    assert registered()
