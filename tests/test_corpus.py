"""The conformance corpus: reproducible byte for byte, every entry gets
exactly its verdict and rules, and the manifest covers the whole catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from xsif.catalog.catalog import catalog
from xsif.check.engine import validate
from xsif.read import gen

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "conformance"
sys.path.insert(0, str(ROOT / "tools"))
import make_corpus  # noqa: E402

from xsif.catalog import releases  # noqa: E402

MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["files"]


def test_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    make_corpus.write(tmp_path)
    fresh = {str(p.relative_to(tmp_path)): p.read_bytes()
             for p in tmp_path.rglob("*") if p.is_file()}
    # xen-4.17/ holds images Xen wrote (tests/test_xen_images.py), run is the
    # harness (tests/test_conformance_run.py): neither is the script's.
    committed = {str(p.relative_to(CORPUS)): p.read_bytes()
                 for p in CORPUS.rglob("*")
                 if p.is_file() and p.relative_to(CORPUS).parts[0] not in ("xen-4.17", "run")}
    assert sorted(committed) == sorted(fresh), "run make corpus"
    for name, data in fresh.items():
        assert committed[name] == data, f"conformance/{name} is stale: run make corpus"


def test_manifest_lists_every_file_once_with_its_size_and_digest() -> None:
    import hashlib
    paths = [e["path"] for e in ENTRIES]
    assert len(paths) == len(set(paths))
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.xsi")}
    assert set(paths) == on_disk
    for e in ENTRIES:
        data = (CORPUS / e["path"]).read_bytes()
        assert e["octets"] == len(data)
        assert e["sha256"] == hashlib.sha256(data).hexdigest()
        assert e["format"] in MANIFEST["formats"]
        assert e["verdict"] in ("conformant", "not conformant")
        assert e["description"].strip() and "\n" not in e["description"]
    assert isinstance(MANIFEST["corpus_version"], int) and MANIFEST["corpus_version"] >= 1


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["path"])
def test_entry_gets_exactly_its_verdict_and_rules(entry: dict) -> None:
    report = make_corpus.CHECKERS[entry["format"]]((CORPUS / entry["path"]).read_bytes(),
                                                   entry.get("xen"))
    assert sorted({f.rule_id for f in report.findings}) == entry["rules"]
    assert ("conformant" if report.conformant else "not conformant") == entry["verdict"]
    if report.restorable is not None:
        assert releases.describe(report.restorable) == entry["restorable"]


def test_no_valid_xen_format_file_is_refused_by_a_release_it_names() -> None:
    """Every conformant xl, libxl or libxc file names the releases whose
    restorer takes it, and no finding says one of them refuses it."""
    for e in ENTRIES:  # readings/ holds conformant files with warnings on purpose
        if (e["verdict"] != "conformant" or e["format"] == make_corpus.V1
                or "/readings/" in e["path"]):
            continue
        assert e["restorable"].startswith("Xen "), e["path"]
        report = make_corpus.CHECKERS[e["format"]]((CORPUS / e["path"]).read_bytes())
        assert all(f.refused_by is None for f in report.findings), e["path"]


@pytest.mark.parametrize("fmt", sorted(make_corpus.FORMATS))
def test_the_command_gives_every_entry_its_verdict(fmt: str) -> None:
    """What another user of the corpus does: run the checker on each file,
    with the --format its format names."""
    mine = [e for e in ENTRIES if e["format"] == fmt and "xen" not in e]
    judged = [e for e in ENTRIES if e["format"] == fmt and "xen" in e]
    paths = [str(CORPUS / e["path"]) for e in mine]
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", "--json", "--format",
                        make_corpus.VALIDATE_FORMAT[fmt], *paths],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == (1 if any(e["verdict"] != "conformant" for e in mine) else 0)
    results = json.loads(r.stdout)["images"]
    for e in judged:  # each with the release it is judged for
        one = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", "--json",
                              "--format", make_corpus.VALIDATE_FORMAT[fmt], "--xen", e["xen"],
                              str(CORPUS / e["path"])], capture_output=True, text=True,
                             timeout=60)
        mine.append(e)
        results += json.loads(one.stdout)["images"]
    for entry, result in zip(mine, results, strict=True):
        assert result["verdict"] == entry["verdict"], entry["path"]
        assert sorted({f["rule"] for f in result["findings"]}) == entry["rules"], entry["path"]


def test_every_format_has_valid_images_and_a_directory_of_its_own() -> None:
    for fmt, where in make_corpus.DIRS.items():
        mine = [e for e in ENTRIES if e["format"] == fmt]
        assert any(e["verdict"] == "conformant" for e in mine), fmt
        assert all(e["path"].split("/")[0] == where for e in mine), fmt
        assert {e["path"].split("/")[1] for e in mine} == {"valid", "rules", "readings"}, fmt


def test_auto_detection_agrees_with_the_format_of_each_valid_image() -> None:
    from xsif.read.detect import detect
    for e in ENTRIES:
        if e["verdict"] == "conformant" and e["format"] != make_corpus.V1:
            head = (CORPUS / e["path"]).read_bytes()[:64]
            assert make_corpus.KINDS[detect(head)] == e["format"], e["path"]


def test_manifest_names_every_rule_of_the_catalog() -> None:
    named = {r for e in ENTRIES for r in e["rules"]}
    skipped = {s["rule"]: s["reason"] for s in MANIFEST["not_covered"]}
    assert set(catalog()) == named | set(skipped), "rules neither in the corpus nor skipped"
    assert not named & set(skipped), "a skipped rule has an image after all"
    assert all(len(reason) > 20 for reason in skipped.values())


def test_each_rule_image_breaks_its_rule_only() -> None:
    for e in ENTRIES:
        if e["path"].split("/")[1] == "rules":
            rule_id = Path(e["path"]).stem.removesuffix("-be")
            assert e["rules"] == [rule_id]


def test_valid_shipped_images_cover_every_record_type_and_shape() -> None:
    """Every libxc and libxl record type in some valid image (but
    CHECKPOINT_DIRTY_PFN_LIST, which a saved stream must not carry: its rule
    image has it), both byte orders, PV and HVM, version 2 and 3, and
    checkpoints."""
    libxc, libxl, shapes = set(), set(), set()
    for e in ENTRIES:
        if (e["verdict"] != "conformant" or e["format"] == make_corpus.V1
                or "/valid/" not in e["path"]):
            continue
        records: list = []
        report = validate((CORPUS / e["path"]).open("rb"), records.append,
                          make_corpus.VALIDATE_FORMAT[e["format"]])
        libxc |= {r.type for r in records if r.layer == "libxc"}
        libxl |= {r.type for r in records if r.layer == "libxl"}
        head = report.header["libxc"]
        shapes.add((e["format"], head["version"], head["byte_order"], head["domain_type"]))
        if gen.LibxcRecordType.checkpoint in {r.type for r in records}:
            shapes.add((e["format"], "checkpointed"))
    # a saved stream must not carry CHECKPOINT_DIRTY_PFN_LIST; no restorer takes TOOLSTACK
    unexpected = {int(gen.LibxcRecordType.checkpoint_dirty_pfn_list),
                  int(gen.LibxcRecordType.toolstack)}
    assert {int(t) for t in gen.LibxcRecordType} - unexpected <= libxc
    assert {int(t) for t in gen.LibxlRecordType} <= libxl
    for fmt, version in ((make_corpus.LIBXC_V2, 2), (make_corpus.LIBXC_V3, 3)):
        for kind in (gen.LibxcDomainType.x86_pv, gen.LibxcDomainType.x86_hvm):
            assert (fmt, version, "little-endian", int(kind)) in shapes
    assert not any(s[2] == "big-endian" for s in shapes if len(s) == 4)
    for kind in (gen.LibxcDomainType.x86_pv, gen.LibxcDomainType.x86_hvm):
        assert any(s[0] == make_corpus.XL and s[3:] == (int(kind),) for s in shapes
                   if len(s) == 4)
    assert (make_corpus.XL, "checkpointed") in shapes


def _records(path: Path) -> tuple[bool, list]:
    seen = []
    with path.open("rb") as f:
        validate(f, seen.append)
    return path.read_bytes()[17] & 1 == 1, seen


def test_valid_images_cover_the_shapes_the_issue_asks_for() -> None:
    valid = [CORPUS / e["path"] for e in ENTRIES if e["verdict"] == "conformant"
             and e["path"].startswith("v1/valid/")]
    orders, types, checks, per_image_checks = set(), set(), set(), []
    p2m_counts, optional = [], 0
    for path in valid:
        big, records = _records(path)
        orders.add(big)
        types |= {r.type for r in records}
        checks |= {r.checksum for r in records}
        per_image_checks.append({r.checksum for r in records})
        p2m_counts.append(Counter(r.type for r in records)[gen.RecordType.p2m])
        optional += sum(1 for r in records if r.type & 0x80000000)
    assert orders == {False, True}
    assert {int(t) for t in gen.RecordType} <= types
    assert checks == {"valid", "none"}
    assert {"valid", "none"} in per_image_checks  # checksums mixed within one image
    assert {"none"} in per_image_checks and {"valid"} in per_image_checks
    assert max(p2m_counts) >= 3  # the p2m changes between rounds of pages
    assert optional >= 6


def test_valid_images_use_every_page_type_and_resend_pfns() -> None:
    from xsif.codec.dump import dump
    from xsif.report.emit import materialize
    page_types, resent = set(), False
    for e in ENTRIES:
        if not e["path"].startswith("v1/valid/"):
            continue
        with (CORPUS / e["path"]).open("rb") as f:
            doc = materialize(dump(f).doc)
        seen: set[int] = set()
        for rec in doc["records"]:
            if rec["header"]["type"] == "page_data":
                pfns = {p["pfn"] for p in rec["body"]["pfns"]}
                resent |= bool(pfns & seen)
                seen |= pfns
                page_types |= {p["page_type"] for p in rec["body"]["pfns"]}
    assert page_types == {t.name for t in gen.PageType}
    assert resent
