"""The committed sample images: what `make examples` writes, with the
verdicts their names promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_examples  # noqa: E402

VALID = sorted((ROOT / "examples" / "valid").glob("*.xsi"))
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.xsi"))


def test_committed_examples_are_what_the_script_writes() -> None:
    expected = make_examples.images()
    on_disk = {str(p.relative_to(ROOT / "examples")): p.read_bytes()
               for p in VALID + INVALID}
    assert set(on_disk) == set(expected)
    for name, data in expected.items():
        assert on_disk[name] == data, f"examples/{name} is stale: run make examples"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_exits_0(path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    kind = next((k for start, k in make_examples.KINDS.items()
                 if path.name.startswith(start)), "detected version-1 image")
    assert f"OK ({kind}," in r.stdout.splitlines()[0]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_exits_1_naming_its_rule(path: Path) -> None:
    rule_id = path.name.removesuffix(".xsi")
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    ids = {ln.split()[1] for ln in r.stdout.splitlines()[1:]}
    assert ids == {rule_id}
    layer = rule_id.split(".")[0]
    if layer in ("xl", "libxl", "libxc"):  # Part II: the layer, and the record if any
        finding = r.stdout.splitlines()[1]
        assert f"[{layer}" in finding
        if ("layout" in rule_id or layer == "libxc" or rule_id.startswith("libxl.emulator")) \
                and ".image." not in rule_id:
            assert ", record " in finding
