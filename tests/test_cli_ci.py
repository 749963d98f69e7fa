"""Issue 16's CI habits: --fail-on, --ignore, -q, --no-progress, --junit,
--spec-url / XSIF_SPEC_URL and `xsif rules ID`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from xsif import samples

XSIF = [sys.executable, "-m", "xsif"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "XSIF_SPEC_URL"}
    return subprocess.run([*XSIF, *args], capture_output=True, text=True, timeout=60,
                          env={**environ, **(env or {})})


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("ci")
    out = {}
    for name, data in {"good": samples.standard().build(),
                       "bad": samples.broken("record.checksum"),
                       "warn": samples.broken("page-data.duplicate-pfn")}.items():
        (d / f"{name}.xsi").write_bytes(data)
        out[name] = str(d / f"{name}.xsi")
    return out


def test_fail_on_warning_fails_a_warning_only_image(images) -> None:
    assert run("validate", images["warn"]).returncode == 0
    r = run("validate", "--fail-on", "warning", images["warn"])
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith(f"{images['warn']}: OK, FAILS --fail-on warning")
    assert run("validate", "--fail-on", "warning", images["good"]).returncode == 0
    assert run("validate", "--fail-on", "info", images["warn"]).returncode == 1


def test_ignore_waives_a_sole_error_and_shows_it(images) -> None:
    r = run("validate", "--ignore", "record.checksum", images["bad"])
    assert r.returncode == 0, r.stdout
    first, finding = r.stdout.splitlines()
    assert first.endswith("0 errors, 0 warnings, 0 notes, 1 waived)")
    assert finding.split()[:2] == ["waived", "record.checksum"]
    assert "(error, waived by --ignore;" in finding
    j = json.loads(run("validate", "--json", "--ignore", "record.checksum",
                       images["bad"]).stdout)["images"][0]
    assert j["verdict"] == "conformant" and j["counts"]["waived"] == 1
    assert j["findings"][0]["waived"] is True


def test_ignore_of_an_unknown_rule_is_a_usage_error(images) -> None:
    r = run("validate", "--ignore", "record.checksumm", images["bad"])
    assert r.returncode == 2 and r.stdout == ""
    assert "unknown rule ID record.checksumm" in r.stderr


def test_quiet_prints_only_what_fails(images) -> None:
    r = run("validate", "-q", images["good"], images["warn"])
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    r = run("validate", "-q", "--fail-on", "warning", images["good"], images["warn"])
    assert r.returncode == 1 and r.stdout.count("\n") == 2 and "good.xsi" not in r.stdout
    r = run("validate", "-q", images["bad"])
    assert r.returncode == 1 and "error   record.checksum" in r.stdout


def test_no_progress_keeps_the_report(images) -> None:
    r = run("validate", "--no-progress", images["good"])
    assert r.returncode == 0 and ": OK (" in r.stdout


def test_junit_report(images, tmp_path: Path) -> None:
    out = tmp_path / "xsif.xml"
    r = run("validate", "--junit", str(out), images["good"], images["bad"],
            str(tmp_path / "missing.xsi"))
    assert r.returncode == 2
    suite = ET.parse(out).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert cases[0].find("failure") is None
    assert "record.checksum" in cases[1].find("failure").text
    assert cases[2].find("error") is not None


def test_spec_links_from_a_configurable_base(images) -> None:
    r = run("validate", images["bad"], env={"XSIF_SPEC_URL": "https://example.org/xsif"})
    assert "(see https://example.org/xsif/rules.html#rule-record-checksum)" in r.stdout
    r = run("validate", "--json", "--spec-url", "file:///srv/spec/", images["bad"],
            env={"XSIF_SPEC_URL": "https://example.org/xsif"})
    spec = json.loads(r.stdout)["images"][0]["findings"][0]["spec"]
    assert spec == "file:///srv/spec/rules.html#rule-record-checksum"
    assert "(see rules.html#rule-record-checksum)" in run("validate", images["bad"]).stdout


def test_rules_id_shows_one_rule() -> None:
    r = run("rules", "libxc.x86-pv-vcpu.empty")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "libxc.x86-pv-vcpu.empty"
    assert "  severity:  error" in lines and "  section:   libxc-errata" in lines
    assert "  spec:      rules.html#rule-libxc-x86-pv-vcpu-empty" in lines
    assert "  Xen:       refused by the restorer of Xen 4.6 to 4.8" in lines
    assert any(x.startswith("  restorer:  libxc.restore") for x in lines)
    j = json.loads(run("rules", "--json", "libxc.x86-pv-vcpu.empty").stdout)["rules"]
    assert [x["xen"] for x in j] == [["4.6", "4.7", "4.8"]]


def test_rules_id_unknown_is_a_usage_error() -> None:
    r = run("rules", "no.such.rule")
    assert r.returncode == 2 and "unknown rule ID no.such.rule" in r.stderr


# --- messages that misled (issue 16) ----------------------------------------------

VALID = Path(__file__).resolve().parents[1] / "examples" / "valid"


def test_a_png_is_not_called_a_legacy_image(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    r = run("validate", str(png))
    assert r.returncode == 1 and "a legacy" not in r.stdout
    assert "not a Xen domain save image" in r.stdout
    text = tmp_path / "shadow"
    text.write_text("root:*:19000:0:99999:7:::\n")
    assert "possibly a legacy" not in run("validate", str(text)).stdout


def test_an_empty_file_exits_2_for_validate_and_dump(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xsi"
    empty.write_bytes(b"")
    v, d = run("validate", str(empty)), run("dump", str(empty))
    assert v.returncode == d.returncode == 2
    assert "empty" in v.stderr and v.stdout == ""


def test_format_v1_on_a_v3_stream_says_what_it_is() -> None:
    r = run("validate", "--format", "v1", str(VALID / "libxc-v3-hvm-le.xsi"))
    assert r.returncode == 1
    assert "detected libxc stream, version 1" not in r.stdout
    assert "read as version-1 image" in r.stdout
    assert "looks like a libxc stream, version 3: drop --format" in r.stdout
    assert "not check" not in r.stdout


def test_format_libxc_on_a_v3_stream_says_version_3() -> None:
    r = run("validate", "--format", "libxc", str(VALID / "libxc-v3-hvm-le.xsi"))
    assert r.returncode == 0 and "libxc stream, version 3" in r.stdout
    assert "version 2" not in r.stdout


def test_format_libxl_on_an_xl_file_hints_to_drop_format() -> None:
    r = run("validate", "--format", "libxl", str(VALID / "xl-pv-le.xsi"))
    assert r.returncode == 1
    assert "not a libxl stream" in r.stdout
    assert "looks like an xl save file: drop --format" in r.stdout


def test_dump_output_syntax_has_its_own_name(tmp_path: Path) -> None:
    image = str(VALID / "minimal-le.xsi")
    new = run("dump", "--output-format", "yaml", image)
    old = run("dump", "--format", "yaml", image)
    assert new.returncode == old.returncode == 0 and new.stdout == old.stdout
    assert new.stdout.startswith("format: ") and new.stderr == ""
    assert "deprecated" in old.stderr and "--output-format yaml" in old.stderr
