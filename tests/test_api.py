"""The public API (xsif.validate) as the README shows it, and `python -m xsif`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import xsif

ROOT = Path(__file__).resolve().parents[1]


def readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs_as_written() -> None:
    code = readme_block("Using xsif from Python")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "error record.checksum libxc 1 0x68" in out.stdout


def test_import_xsif_loads_no_engine() -> None:
    probe = "import sys, xsif; print([m for m in sys.modules if m.startswith('xsif')])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "['xsif']"


def test_findings_have_the_json_names() -> None:
    report = xsif.validate(ROOT / "examples/invalid/record.checksum.xsi")
    f = report.findings[0]
    assert (f.rule, f.rule_id, f.severity, f.record, f.offset) == (
        "record.checksum", "record.checksum", "error", 1, 0x68)
    assert f.spec.endswith("rules.html#rule-record-checksum")
    assert report.restorable is None and report.counts["error"] == 1


def test_restorable_and_refused_by_are_release_names() -> None:
    from xsif import samples
    data = samples.broken("libxc.x86-pv-vcpu.empty")  # v2, refused by 4.6-4.8
    report = xsif.validate(io.BytesIO(data))
    assert report.restorable[0] == "4.9"
    assert [f.refused_by for f in report.findings if f.refused_by] == [["4.6", "4.7", "4.8"]]


def test_bad_arguments_are_value_errors() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        xsif.validate(io.BytesIO(b""), format="qcow2")
    with pytest.raises(ValueError, match="unknown Xen release"):
        xsif.validate(io.BytesIO(b""), xen="3.4")
    with pytest.raises(xsif.UnknownRule, match="no.such.rule"):
        xsif.validate(io.BytesIO(b""), ignore=["no.such.rule"])
    with pytest.raises(FileNotFoundError):
        xsif.validate(ROOT / "no-such-image.xsi")


def test_python_m_xsif_is_the_command() -> None:
    out = subprocess.run([sys.executable, "-m", "xsif", "validate",
                          str(ROOT / "examples/valid/xl-pv-le.xsi")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and ": OK (" in out.stdout
