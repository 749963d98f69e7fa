"""Images written by Xen itself (conformance/xen-4.17/, made by make xen-images).

Each is committed xz-compressed; its index entry gives the decompressed size
and sha256, the Xen build, the guest kind and the command dom0 ran. Xen 4.17
wrote every one of them and restored the plain saves in the same run, so the
expected verdict of each is conformant (exit 0). Where the rules of the day
still refuse an image, the test is an expected failure that turns into an
error (strict) as soon as the rules take it, so the index is then updated.
"""

from __future__ import annotations

import hashlib
import lzma
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "conformance" / "xen-4.17"
INDEX = yaml.safe_load((FOLDER / "index.yaml").read_text(encoding="utf-8"))
IMAGES = INDEX["images"]


def test_index_lists_every_committed_image_once() -> None:
    on_disk = sorted(p.name for p in FOLDER.glob("*.xz"))
    assert sorted(e["file"] for e in IMAGES) == on_disk


@pytest.mark.parametrize("entry", IMAGES, ids=[e["decompressed"] for e in IMAGES])
def test_entry_names_the_xen_build_command_and_guest(entry: dict) -> None:
    assert entry["xen_build"] == INDEX["xen_build"]
    assert entry["xen_build"].startswith("4.17.")
    assert entry["guest"] in ("PV", "PVH", "HVM")
    assert entry["command"].startswith("xl ")
    assert entry["expected"] == {"verdict": "conformant", "exit": 0, "restorable_by": "4.17"}


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xen-4.17")
    for e in IMAGES:
        with lzma.open(FOLDER / e["file"]) as fin, open(out / e["decompressed"], "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    return out


@pytest.mark.parametrize("entry", IMAGES, ids=[e["decompressed"] for e in IMAGES])
def test_image_decompresses_to_its_size_and_digest(entry: dict, unpacked: Path) -> None:
    path = unpacked / entry["decompressed"]
    assert path.stat().st_size == entry["octets"]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    assert h.hexdigest() == entry["sha256"]


@pytest.mark.parametrize("entry", IMAGES, ids=[e["decompressed"] for e in IMAGES])
def test_image_is_conformant(entry: dict, unpacked: Path, request: pytest.FixtureRequest) -> None:
    if entry["xsif_when_committed"]["exit"] != 0:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "xsif refused this image when it was committed: "
            + " / ".join(entry["xsif_when_committed"]["output"][1:3]))))
    image = str(unpacked / entry["decompressed"])
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", image],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
