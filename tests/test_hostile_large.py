"""Issue 11 at the sizes it was reported at (`make hostile`; not part of
`make test`: the inputs are 5 MB to 512 MiB and take minutes). Each case
runs the command in a child process and holds it to the README's promise:
exit 0, 1 or 2 with a clear message, peak RSS at most 64 MiB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hostile import (
    MIB,
    distinct_pfns,
    json_report,
    many_records,
    run,
    wide_config,
    write_xl_with_long_config,
    xl_with,
)

from xsif.check.rules import DUPLICATE_TRACKING

pytestmark = pytest.mark.skipif(not os.environ.get("XSIF_HOSTILE"),
                                reason="large inputs: run by make hostile")

LIMIT_KIB = 64 << 10


def check(r: object, codes: tuple[int, ...]) -> None:
    assert r.code in codes, r.err  # type: ignore[attr-defined]
    assert "Traceback" not in r.err  # type: ignore[attr-defined]
    assert 0 < r.rss_kib < LIMIT_KIB, f"{r.rss_kib} KiB"  # type: ignore[attr-defined]
    print(f"peak RSS {r.rss_kib} KiB")  # type: ignore[attr-defined]


def test_2_sixteen_mib_of_configuration(tmp_path: Path) -> None:
    path = tmp_path / "wide.xsi"
    path.write_bytes(xl_with(wide_config(16 * MIB - 8)))
    r = run("validate", str(path))
    check(r, (0,))
    assert "validator.limit" in r.out
    check(run("dump", "--yaml", str(path)), (0,))


def test_3_two_hundred_thousand_records_as_json(tmp_path: Path) -> None:
    path = tmp_path / "many.xsi"
    path.write_bytes(many_records(200_000))
    r = run("validate", "--json", str(path), timeout=900)
    check(r, (1,))  # an optional record of a reserved type is reported
    assert json_report(r.out)["record_count"] == 200_001


def test_4_duplicate_pfns_at_the_tracking_limit(tmp_path: Path) -> None:
    path = tmp_path / "pfns.xsi"
    path.write_bytes(distinct_pfns(DUPLICATE_TRACKING - 4, repeat_at_end=True))
    check(run("validate", str(path)), (1,))


def test_5_seventeen_mib_of_optional_data_with_config_length_all_ones(tmp_path: Path) -> None:
    pad = bytes(17 * MIB)
    path = tmp_path / "overrun.xsi"
    path.write_bytes(xl_with(b'{"a": 1}\0', config_length=0xFFFFFFFF,
                             optional_data_len=4 + 9 + len(pad), extra=pad))
    r = run("validate", str(path))
    check(r, (1,))
    assert "xl.optional-data-length" in r.out


def test_13_dump_of_512_mib_of_configuration(tmp_path: Path) -> None:
    path = tmp_path / "config.xsi"
    write_xl_with_long_config(path, 512 * MIB)
    r = run("dump", "--yaml", str(path), timeout=900)
    check(r, (0,))
    assert yaml.safe_load(r.out)["optional_data"]["config_length"] == 512 * MIB
    check(run("validate", str(path), timeout=900), (0,))
