"""What `xsif validate` loads: a run on a conformant image reads neither the
rule catalog (PyYAML) nor the dumper and builder, and a stream without
checksums does not load the CRC-32C package; findings still get their
messages, and checksums are still checked, when they appear. Generated
parsers are loaded per layer: a libxc stream loads neither the version-1
nor the libxl and xl parsers, nor their rules; a version-1 image loads
none of the Part II parsers. Nothing on the way loads what costs a run
most of its start-up (dataclasses with inspect, typing, json, shutil,
importlib.metadata)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xsif import samples
from xsif.check.registry import registered

VALID = Path(__file__).resolve().parents[1] / "examples" / "valid"
HEAVY = ("yaml", "crc32c", "crc32c._crc32c", "xsif.codec.dump", "xsif.codec.build",
         "xsif.codec.writer",
         "xsif.codec.kaitai")
"""Loaded only when needed: the catalog, the CRC-32C package (whose
__init__ loads importlib.metadata) or only its C function, the codec."""
GENERATED = tuple(f"xsif.generated.{m}" for m in (
    "xen_image_header", "xen_pfn_word", "xen_hvm_context", "xen_save_image_v1",
    "xen_libxc_stream", "xen_libxl_stream", "xen_xl_save_file"))
RULES = tuple(f"xsif.check.{m}" for m in ("rules", "rules_libxc", "rules_hvm_context",
                                           "rules_libxl"))
SLOW = ("dataclasses", "inspect", "typing", "json", "shutil", "importlib.metadata", "argparse",
        "gettext")
"""Standard modules whose import is a large part of a small run (tens of
ms together): none is needed to validate a conformant image (argparse,
with its gettext look-ups, only for a command line with options)."""

PROBE = f"""
import sys
from xsif.cli import main
code = main(sys.argv[1:])
found = {{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules],
         "generated": [m for m in {GENERATED!r} if m in sys.modules],
         "rules": [m for m in {RULES!r} if m in sys.modules],
         "slow": [m for m in {SLOW!r} if m in sys.modules]}}
import json  # only now: the answer is written as JSON
print(json.dumps(found))
"""


def run(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                         text=True, check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["libxc-v2-pv-le.xsi", "xl-pv-le.xsi",
                                  "xl-remus-checkpoints-le.xsi"])
def test_a_conformant_stream_loads_nothing_heavy(name: str) -> None:
    got = run("validate", str(VALID / name))
    # an xl file's configuration is JSON: json is what reads it
    slow = ["json"] if name.startswith("xl-") else []
    assert (got["code"], got["loaded"], got["slow"]) == (0, [], slow)


def test_checksums_load_the_crc32c_function_and_nothing_else() -> None:
    got = run("validate", str(VALID / "minimal-le.xsi"))
    assert (got["code"], got["loaded"], got["slow"]) == (0, ["crc32c._crc32c"], [])


@pytest.mark.parametrize("name", ["libxc-v2-pv-le.xsi", "libxc-v3-hvm-le.xsi"])
def test_a_libxc_stream_loads_only_the_libxc_parsers(name: str) -> None:
    got = run("validate", str(VALID / name))
    assert got["code"] == 0
    assert got["generated"] == [f"xsif.generated.{m}" for m in (
        "xen_image_header", "xen_pfn_word", "xen_hvm_context", "xen_libxc_stream")]
    assert got["rules"] == [f"xsif.check.{m}" for m in ("rules", "rules_libxc",
                                                           "rules_hvm_context")]


def test_a_version_1_image_loads_only_its_parser() -> None:
    got = run("validate", str(VALID / "minimal-le.xsi"))
    assert got["generated"] == [f"xsif.generated.{m}" for m in (
        "xen_image_header", "xen_pfn_word", "xen_save_image_v1")]
    assert got["rules"] == ["xsif.check.rules"]


def test_an_xl_file_loads_every_layer_it_nests() -> None:
    got = run("validate", str(VALID / "xl-pv-le.xsi"))
    assert got["code"] == 0
    assert "xsif.generated.xen_save_image_v1" not in got["generated"]
    assert set(got["generated"]) == set(GENERATED) - {"xsif.generated.xen_save_image_v1"}


@pytest.mark.parametrize("rule_id", ["libxc.static-data-end.length", "record.checksum"])
def test_a_finding_reads_the_catalog(tmp_path: Path, rule_id: str) -> None:
    bad = tmp_path / "bad.xsi"
    bad.write_bytes(samples.BREAKERS[rule_id]().build())
    got = run("validate", "--json", str(bad))
    assert got["code"] == 1
    assert "yaml" in got["loaded"]


def test_a_plain_validate_is_parsed_as_argparse_parses_it() -> None:
    from xsif import cli
    words = ["validate", "a.xsi", "dir/b.xsi"]
    fast = cli.plain_validate(words)
    assert fast is not None
    assert vars(fast) == vars(cli.build_parser("validate").parse_args(words))
    for other in (["validate", "-q", "a.xsi"], ["validate", "-"], ["validate", "--", "a"],
                  ["validate"], ["rules", "a"], ["dump", "a.xsi"], []):
        assert cli.plain_validate(other) is None, other


def test_options_still_go_through_argparse() -> None:
    got = run("validate", "--fail-on", "warning", str(VALID / "libxc-v2-pv-le.xsi"))
    assert got["code"] == 0 and "argparse" in got["slow"]


def test_every_registered_rule_is_in_the_catalog() -> None:
    # the check moved from registration to registered(): it still runs
    assert registered()
