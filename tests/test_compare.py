"""The report card of Xen's checker (make compare, spec/implementations-data.yaml):
the committed table lists the manifest's Part II files with their verdicts,
and every disagreement is explained by validator/xsif/catalog/xen_checker.yaml —
checked without running Debian's checker."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import compare  # noqa: E402

MANIFEST = yaml.safe_load((ROOT / "conformance" / "manifest.yaml").read_text(encoding="utf-8"))
DATA = yaml.safe_load(compare.OUT.read_text(encoding="utf-8"))
CHECKER = compare.load_table()
PART_TWO = [e for e in MANIFEST["files"] if e["path"].split("/")[0] in compare.FOLDERS]


def test_the_table_lists_the_part_two_files_of_the_manifest() -> None:
    assert [f["path"] for f in DATA["files"]] == [e["path"] for e in PART_TWO], \
        "the corpus changed: run make compare"
    for row, entry in zip(DATA["files"], PART_TWO, strict=True):
        assert row["sha256"] == entry["sha256"], f"{row['path']} changed: run make compare"
        assert row["verdict"] == entry["verdict"], row["path"]
        assert row.get("xen") == entry.get("xen"), row["path"]
    assert DATA["corpus_version"] == MANIFEST["corpus_version"]
    assert set(DATA["formats"]) == {e["path"].split("/")[0] for e in PART_TWO}


def test_it_says_which_package_ran_and_when() -> None:
    assert DATA["package"] == CHECKER["comparison"]["package"] == "xen-utils-4.17"
    assert DATA["version"].startswith("4.17.")
    assert datetime.date.fromisoformat(DATA["date"])
    assert DATA["python"].startswith("3.")


def test_every_disagreement_and_only_those_is_explained_by_the_checker_table() -> None:
    checks = {c["id"]: c for c in CHECKER["checks"]}
    wrong = 0
    for row in DATA["files"]:
        if compare.agrees(row["verdict"], row["exit"]):
            assert "explained_by" not in row, row["path"]
            continue
        wrong += 1
        assert row["explained_by"], f"{row['path']}: no explanation in xen_checker.yaml"
        for ref in row["explained_by"]:
            if "check" in ref:
                assert checks[ref["check"]].get("difference"), (row["path"], ref)
            else:
                assert ref["not_in_xen"] in CHECKER["not_in_xen"], (row["path"], ref)
    assert 0 < wrong < len(DATA["files"])


def test_the_explanations_are_what_the_checker_table_gives_now(tmp_path: Path) -> None:
    out = tmp_path / "data.yaml"
    shutil.copy(compare.OUT, out)
    assert compare.main(["--explain", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == compare.OUT.read_text(encoding="utf-8"), \
        "xen_checker.yaml changed: run python tools/compare.py --explain"


def test_the_refusals_name_checks_with_a_difference() -> None:
    checks = {c["id"]: c for c in CHECKER["checks"]}
    for refusal in CHECKER["comparison"]["refusals"]:
        assert checks[refusal["check"]].get("difference"), refusal
        assert set(refusal) - {"check"} <= {"message", "checkpointed"}, refusal


def test_explaining_again_a_table_of_other_files_is_refused(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    doc = yaml.safe_load(compare.OUT.read_text(encoding="utf-8"))
    doc["files"][0]["sha256"] = "0" * 64
    out = tmp_path / "data.yaml"
    out.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert compare.main(["--explain", "--out", str(out)]) == 2
    assert f"{doc['files'][0]['path']} is not the file the checker read: run make compare" \
        in capsys.readouterr().err


@pytest.mark.parametrize(("stderr", "line"), [
    ("Stream Error:\nTraceback (most recent call last):\n  File \"x\", line 1\n"
     "xen.migration.verify.RecordError: Data not NUL terminated\n",
     "xen.migration.verify.RecordError: Data not NUL terminated"),
    ("Script Error:\nTraceback (most recent call last):\n"
     "DeprecationWarning: Found Toolstack record in stream\n\nPlease fix me\n",
     "DeprecationWarning: Found Toolstack record in stream"),
    ("", ""),
])
def test_the_exception_line_is_found(stderr: str, line: str) -> None:
    assert compare.exception_line(stderr) == line


def _fake_deb(tmp_path: Path, script: str) -> Path:
    """A xen-utils-4.17 package whose verify-stream-v2 is `script`."""
    tree = tmp_path / "pkg"
    (tree / "DEBIAN").mkdir(parents=True)
    (tree / "DEBIAN" / "control").write_text(
        "Package: xen-utils-4.17\nVersion: 4.17.0-test\nArchitecture: all\n"
        "Maintainer: test <test@example.org>\nDescription: a stand-in\n", encoding="utf-8")
    bin_dir = tree / "usr" / "lib" / "xen-4.17" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "verify-stream-v2").write_text(script, encoding="utf-8")
    (bin_dir.parent / "lib" / "python" / "xen").mkdir(parents=True)
    deb = tmp_path / "xen-utils-4.17_4.17.0-test_all.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(deb)], check=True,
                   capture_output=True)
    return deb


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_a_run_writes_the_table_and_leaves_what_nothing_explains_unexplained(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole of make compare but apt-get, with a stand-in checker that
    passes every file: it runs on every Part II file, and a refused file
    whose rules Xen's checker does check is left without an explanation."""
    monkeypatch.setattr(compare, "WORK", tmp_path / "work")  # not make compare's build/
    deb = _fake_deb(tmp_path, "import sys\nsys.exit(0)\n")
    out = tmp_path / "data.yaml"
    assert compare.main(["--deb", str(deb), "--out", str(out)]) == 1
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["version"] == "4.17.0-test"
    assert doc["date"] == datetime.datetime.now(datetime.UTC).date().isoformat()
    assert [f["path"] for f in doc["files"]] == [e["path"] for e in PART_TWO]
    assert {f["exit"] for f in doc["files"]} == {0}
    refused = [f for f in doc["files"] if f["verdict"] == "not conformant"]
    assert all("explained_by" in f for f in refused)
    by_path = {f["path"]: f["explained_by"] for f in refused}
    assert by_path["libxc-v3/rules/libxc.layout.vcpu-missing.xsi"] == [
        {"not_in_xen": "libxc.layout.vcpu-missing"}]
    assert by_path["libxc-v3/rules/libxc.end.length.xsi"] == []  # Xen checks that one
