"""Images written by Xen itself (conformance/xen-4.17/, made by make xen-images).

The images of one guest are committed together, one tar compressed by xz
with a 128 MiB dictionary (they hold nearly the same memory); index.yaml
gives each image's archive, size and sha256, the Xen build, the guest kind
and the command dom0 ran. Xen 4.17 wrote every one of them and restored the
plain saves and the migration in the same run, so the expected verdict of
each is conformant (exit 0). Where the rules of the day still refuse an
image, the test is an expected failure that becomes an error (strict) as
soon as the rules take it, so that the index is then updated.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "conformance" / "xen-4.17"
INDEX = yaml.safe_load((FOLDER / "index.yaml").read_text(encoding="utf-8"))
IMAGES = INDEX["images"]
IDS = [e["file"] for e in IMAGES]


def test_index_lists_every_archive_and_member_once() -> None:
    on_disk = sorted(p.name for p in FOLDER.glob("*.tar.xz"))
    assert sorted({e["archive"] for e in IMAGES}) == on_disk
    members = []
    for name in on_disk:
        with tarfile.open(FOLDER / name, "r:xz") as tar:
            members += [(name, m) for m in tar.getnames()]
    assert sorted(members) == sorted((e["archive"], e["file"]) for e in IMAGES)


@pytest.mark.parametrize("entry", IMAGES, ids=IDS)
def test_entry_names_the_xen_build_command_and_guest(entry: dict) -> None:
    assert entry["xen_build"] == INDEX["xen_build"]
    assert entry["xen_build"].startswith("4.17.")
    assert entry["guest"] in ("PV", "PVH", "HVM")
    assert entry["command"].startswith("xl ")
    assert entry["expected"] == {"verdict": "conformant", "exit": 0, "restorable_by": "4.17"}
    assert isinstance(entry["restored_by_xen_in_the_same_run"], bool)


def test_xen_restored_one_image_of_each_guest() -> None:
    for guest in {e["guest"] for e in IMAGES}:
        assert any(e["restored_by_xen_in_the_same_run"] for e in IMAGES if e["guest"] == guest)


@pytest.fixture(scope="module")
def checked() -> dict[str, dict]:
    """Each image streamed once out of its archive into `xsif validate -`, hashed on the way
    (nothing is written to disk: the images are ~800 MB decompressed)."""
    results = {}
    for name in sorted({e["archive"] for e in IMAGES}):
        with tarfile.open(FOLDER / name, "r|xz") as tar:
            for member in tar:
                assert member.isfile() and "/" not in member.name
                proc = subprocess.Popen([sys.executable, "-m", "xsif.cli", "validate",
                                         "--no-progress", "-"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
                h, size = hashlib.sha256(), 0
                with tar.extractfile(member) as fin:
                    while chunk := fin.read(1 << 20):
                        h.update(chunk)
                        size += len(chunk)
                        proc.stdin.write(chunk)
                proc.stdin.close()
                out = proc.stdout.read().decode()
                results[member.name] = {"octets": size, "sha256": h.hexdigest(),
                                        "exit": proc.wait(), "output": out}
    return results


@pytest.mark.parametrize("entry", IMAGES, ids=IDS)
def test_image_has_its_size_and_digest(entry: dict, checked: dict) -> None:
    assert checked[entry["file"]]["octets"] == entry["octets"]
    assert checked[entry["file"]]["sha256"] == entry["sha256"]


@pytest.mark.parametrize("entry", IMAGES, ids=IDS)
def test_image_is_conformant(entry: dict, checked: dict, request: pytest.FixtureRequest) -> None:
    if entry["xsif_when_committed"]["exit"] != 0:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "xsif refused this image when it was committed: "
            + " / ".join(entry["xsif_when_committed"]["output"][1:3]))))
    result = checked[entry["file"]]
    assert result["exit"] == 0, result["output"]
