"""Adding a record type touches the .ksy, and code only for its rules
(docs/architecture.md, "Adding a record type"): this test declares a libxc
record type of its own, DEMO_STATE (0x1234, a body of three fields), in a
temporary copy of ksy/xen_libxc_stream.ksy, compiles it with the pinned
compiler into a temporary copy of the package, and without any other change
to the code builds an xl save file holding that record (`xsif build`), dumps
it (`xsif dump`: the body's fields by name), builds the dump back to the same
octets, and validates it (`xsif validate`: conformant, the record counted).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "validator" / "xsif"
COMPILER = ROOT / "node_modules" / "kaitai-struct-compiler"
IMAGE = ROOT / "examples" / "valid" / "xl-pv-le.xsi"

DEMO = 0x1234
BODY = {"doc": "A record type this test declares: three fields of the guest's state.",
        "seq": [{"id": "vcpu_id", "type": "u4", "doc": "The vcpu it belongs to."},
                {"id": "flags", "type": "u4", "doc": "Flags."},
                {"id": "value", "type": "u8", "doc": "A value."}]}


def _declare(ksy: Path) -> None:
    """What a contributor writes in the .ksy: the enum entry, the case of the
    record's switch, the body type."""
    spec = yaml.safe_load(ksy.read_text(encoding="utf-8"))
    body = spec["types"]["stream_body"]
    switch = next(f for f in body["types"]["record"]["seq"] if f["id"] == "body")
    switch["type"]["cases"]["record_type::demo_state"] = "demo_state_body"
    body["types"]["demo_state_body"] = BODY
    spec["enums"]["record_type"][DEMO] = "demo_state"
    ksy.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package with the record type declared and its parsers
    made again by the pinned compiler (what `make generate` does)."""
    if shutil.which("node") is None or not COMPILER.is_dir():
        pytest.skip("node and the pinned compiler (npm ci) are needed to compile the .ksy")
    top = tmp_path_factory.mktemp("demo") / "pkg"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PACKAGE, top / "xsif", ignore=ignore)
    shutil.copytree(ROOT / "ksy", top / "xsif" / "ksy", ignore=ignore)
    shutil.copytree(ROOT / "generated", top / "xsif" / "generated", ignore=ignore)
    _declare(top / "xsif" / "ksy" / "xen_libxc_stream.ksy")
    subprocess.run(["node", str(ROOT / "tools" / "ksc.js"), str(top / "xsif" / "generated"),
                    *map(str, sorted((top / "xsif" / "ksy").glob("*.ksy")))],
                   check=True, capture_output=True, timeout=300)
    return top


def xsif(package: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(package)}
    return subprocess.run([sys.executable, "-m", "xsif", *args], input=input, env=env,
                          capture_output=True, timeout=300, check=False)


def test_the_copy_is_what_runs(package: Path) -> None:
    code = "import xsif.read.gen as g; print(g.__file__, g.LibxcRecordType(0x1234).name)"
    r = subprocess.run([sys.executable, "-c", code], env={**os.environ,
                       "PYTHONPATH": str(package)}, capture_output=True, text=True, check=True)
    path, name = r.stdout.split()
    assert Path(path).is_relative_to(package) and name == "demo_state"


def test_build_dump_and_validate_a_new_record_type(package: Path, tmp_path: Path) -> None:
    dumped = xsif(package, "dump", str(IMAGE))
    assert dumped.returncode == 0, dumped.stderr
    doc = json.loads(dumped.stdout)
    libxc = next(r["libxc"] for r in doc["libxl"]["records"] if "libxc" in r)
    records = libxc["records"]
    assert records[-1]["header"]["type"] == "end"
    records.insert(len(records) - 1, {"header": {"type": "demo_state"},
                                      "body": {"vcpu_id": 1, "flags": 2, "value": 3}})
    desc = tmp_path / "demo.json"
    desc.write_text(json.dumps(doc))
    image = tmp_path / "demo.xsi"
    built = xsif(package, "build", str(desc), "-o", str(image))
    assert built.returncode == 0, built.stderr
    assert len(image.read_bytes()) == IMAGE.stat().st_size + 8 + 16  # header + body

    again = xsif(package, "dump", str(image))
    assert again.returncode == 0, again.stderr
    new = next(r["libxc"] for r in json.loads(again.stdout)["libxl"]["records"]
               if "libxc" in r)["records"][-2]
    assert new["header"] == {"type": "demo_state", "body_length": 16}
    assert new["body"] == {"vcpu_id": 1, "flags": 2, "value": 3}
    back = tmp_path / "back.xsi"
    desc.write_text(again.stdout.decode())
    assert xsif(package, "build", str(desc), "-o", str(back)).returncode == 0
    assert back.read_bytes() == image.read_bytes()

    checked = xsif(package, "validate", "--json", str(image))
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["images"][0]["findings"] == []

    # the code as it is (without the declaration) knows no such record type
    plain = subprocess.run([sys.executable, "-m", "xsif", "dump", str(image)],
                           capture_output=True, timeout=300, check=False)
    body = next(r["libxc"] for r in json.loads(plain.stdout)["libxl"]["records"]
                if "libxc" in r)["records"][-2]
    assert body["header"]["type"] == f"{DEMO:#010x}" and "vcpu_id" not in json.dumps(body)
