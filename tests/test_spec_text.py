"""The plain-text specification (make spec-text, spec/_ext/xsif_text.py) and
its diff between revisions (make spec-diff, tools/spec_diff.py).

One text build for the module (about as long as an HTML build); the spec-diff
test adds one or two (the base of HEAD is cached in build/spec-diff/).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from xsif.catalog.catalog import catalog

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
sys.path.insert(0, str(SPEC / "_ext"))

import xsif_ksy  # noqa: E402  (spec/_ext is not a package)
import xsif_text  # noqa: E402

DIAGRAM = re.compile(r"^\.\. ksy-diagram:: (\S+)\n((?:   :\w+:.*\n)*)", re.M)


def build_text(out: Path) -> str:
    subprocess.run([sys.executable, str(ROOT / "tools" / "spec_text.py"), "--out", str(out)],
                   check=True, cwd=ROOT)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_text(tmp_path_factory.mktemp("text") / "xsif-spec.txt")


def test_no_line_is_longer_than_80_columns(text: str) -> None:
    long = [(n, len(line)) for n, line in enumerate(text.splitlines(), 1) if len(line) > 80]
    assert not long, f"lines over 80 columns (line, width): {long[:10]}"


def test_no_directive_or_role_is_left_unexpanded(text: str) -> None:
    for marker in (".. ksy-", ".. xsif-", ":ksy-", ":rule:`", ":ref:`", ".. list-table",
                   "\u200b"):
        assert marker not in text, marker
    assert not [line for line in text.splitlines() if xsif_text.UNEXPANDED.search(line)]


def test_every_rule_is_there_with_its_id(text: str) -> None:
    words = set(re.findall(r"[\w.-]+", text))
    missing = [rule_id for rule_id in catalog() if rule_id not in words]
    assert not missing


def test_no_rule_id_is_split_over_two_lines(text: str) -> None:
    """Prose wraps at spaces only: a rule ID (libxc.record.type-reserved) is
    never broken at its hyphen or before a dot, so grep finds every one."""
    ids = set(catalog())
    lines = text.splitlines()
    split = [(n, f"{a} / {b}") for n, (a, b) in enumerate(pairwise(lines), 1)
             if a.split() and b.split()
             and (a.split()[-1] + b.split()[0]).strip("(),;:") in ids]
    assert not split


def test_every_octet_diagram_is_drawn(text: str) -> None:
    """Each ksy-diagram of the spec's pages, as the renderer draws it, is in
    the text line for line (whatever the indentation)."""
    flat = "\n".join(line.strip() for line in text.splitlines())
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    count = 0
    for page in sorted(SPEC.glob("*.rst")):
        for m in DIAGRAM.finditer(page.read_text(encoding="utf-8")):
            fields = xsif_ksy.layout(registry, m.group(1), ":expand:" in m.group(2),
                                     ":flatten:" in m.group(2))
            drawn = "\n".join(line.strip() for line in xsif_ksy.diagram(fields).splitlines())
            assert drawn in flat, (page.name, m.group(1))
            count += 1
    assert count >= 20


def test_field_tables_are_expanded(text: str) -> None:
    """The image header's field table: its rows with offsets and values."""
    assert re.search(r"^8\s+4\s+id\s+u4 = 0x58454E46", text, re.M)
    # conditions in words, not Kaitai's (a cell wraps, so look for the start)
    assert "(version must be" in text
    assert "valid if" not in text and "_.version" not in text and ".to_i" not in text
    # nor Kaitai's casts, type paths, argument lists or enum comparisons
    for kaitai in ("as<u8>)", "as<u8> ×", "stream_body::", "image_body::", "(true)", "record(...)",
                   "== record_type::", "? second_half"):
        assert kaitai not in text, kaitai
    assert re.search(r"^raw\s+high × 2\^32 \+ low\s", text, re.M)
    assert "header.type is LIBXC_CONTEXT" in " ".join(text.split())


def test_the_revision_is_under_the_title_and_has_a_history(text: str) -> None:
    conf: dict = {}
    exec((SPEC / "conf.py").read_text(encoding="utf-8"), {"__file__": str(SPEC / "conf.py")},
         conf)
    head = text.splitlines()[:3]
    assert head[0].strip() == conf["project"]
    assert head[1].strip() == f"Revision {conf['release']}, {conf['xsif_revision_date']}"
    assert re.search(r"^\d+(\.\d+)*  Revision history$", text, re.M)
    history = (SPEC / "revisions.rst").read_text(encoding="utf-8")
    assert f"   * - {conf['release']}\n     - {conf['xsif_revision_date']}" in history


def test_spec_diff_of_head_prints_nothing_on_a_clean_tree(text: str, tmp_path: Path) -> None:
    """On a clean tree, `make spec-diff BASE=HEAD`; on a tree with edits (a
    developer's), the property that makes it empty: a second build of the
    same sources gives the same text."""
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()
    if dirty:
        assert build_text(tmp_path / "again.txt") == text
        return
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "spec_diff.py"), "--base", "HEAD"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""


# --- the table layout, without Sphinx ---------------------------------------------------


def _cells(*texts: str) -> list[list[tuple[int, str]]]:
    return [[(0, t)] for t in texts]


def test_a_table_that_fits_is_a_column_table() -> None:
    lines = xsif_text.layout_table([_cells("value", "name")],
                                   [_cells("0x0", "END"), _cells("0x1", "PAGE_DATA")], 78, "Types")
    assert lines == ["Types", "value  name", "-----  ---------", "0x0    END", "0x1    PAGE_DATA"]


def test_a_wide_table_puts_its_last_columns_under_each_row() -> None:
    long = "word " * 60
    lines = xsif_text.layout_table(
        [_cells("rule", "severity", "statement", "stated in")],
        [_cells("libxc.layout.static-data-end-late", "error", long, "Section 7.3"),
         _cells("a" * 60, "warning", long, "Section 1")], 80)
    assert all(len(line) <= 80 for line in lines)
    assert any(line.startswith("    Statement: word") for line in lines)
    assert any(line.startswith("    Stated in: Section 7.3") for line in lines)


def test_a_word_longer_than_the_room_is_broken_not_overflowing() -> None:
    lines = xsif_text.layout_table([], [_cells("x" * 200)], 80)
    assert all(len(line) <= 80 for line in lines) and "".join(lines) == "x" * 200


# --- what the review of the text asked for (issue 15) ------------------------------------

RELEASE_4_4 = re.compile(r"(?<![\d.])4\.4(?!\.?\d)")


def test_no_page_names_xen_4_4(text: str) -> None:
    """Legacy images are Xen 4.5 and earlier: no page, README, doc or validator
    message says 4.4. In the text, a section numbered 4.4 appears only as its
    heading and as "section 4.4" in a cross-reference, never as "(4.4)"."""
    for line in text.splitlines():
        for m in RELEASE_4_4.finditer(line):
            heading = m.start() == 0 and line[m.end():].startswith("  ")
            assert heading or line[:m.start()].endswith("section "), line
    sources = [*SPEC.glob("*.rst"), ROOT / "README.md", *(ROOT / "docs").rglob("*.md"),
               *(ROOT / "validator" / "xsif").rglob("*.py"),
               *(ROOT / "validator" / "xsif").rglob("*.yaml")]
    said = [f"{p.relative_to(ROOT)}: {line.strip()}" for p in sources
            for line in p.read_text(encoding="utf-8").splitlines() if RELEASE_4_4.search(line)]
    assert not said


# each point of the review of draft B (Ian Campbell, xen-devel, February 2014,
# and the optional-records point of another reviewer), then each point of the
# review of this text (issue 15): the label of the appendix entry answering it
REVIEW_ENTRIES = {
    "review-use-cases": "live migration, Remus, page compression, HVM",
    "review-version-policy": "V and V-1 in terms of Xen releases",
    "review-endianness": "why an endianness bit",
    "review-type-scope": "is type per architecture",
    "review-page-shift": "page_shift needs no 16 bits",
    "review-crc": "which CRC-32",
    "review-record-rationale": "what P2M is for; a rationale for each record",
    "review-pfn-bits": "the page type in the pfn's top bits",
    "review-glossary": "what PFN means per guest type",
    "review-ordering": "less prescriptive ordering, live migration",
    "review-optional-records": "records a reader may ignore",
    "review-legacy": "legacy = Xen 4.5 and earlier; the legacy table",
    "review-duplicate-pfn": "a pfn twice in one record",
    "review-version-names": "version-1 image vs stream_version 1",
    "review-xen-normative": "what Xen's document requires",
    "review-tables": "tables for readers, 400 and 1280 px",
    "review-plain-text": "text, PDF, revisions, spec-diff",
}


def test_the_review_appendix_answers_every_point() -> None:
    page = (SPEC / "review.rst").read_text(encoding="utf-8")
    entries = re.split(r"^\.\. _(review-[\w-]+):$", page, flags=re.M)
    found = dict(zip(entries[1::2], entries[2::2], strict=True))
    assert set(found) == set(REVIEW_ENTRIES)
    for label, body in found.items():
        terms = re.findall(r"^(Point|Decision|Reason|Corrected)$", body, re.M)
        assert terms[:3] == ["Point", "Decision", "Reason"], (label, REVIEW_ENTRIES[label])
    # the corrections of fact sit in the entries they belong to
    assert "ARMv8.1" in found["review-crc"]
    assert "bits 31 to 28" in found["review-pfn-bits"]
    assert "shifts them" in found["review-pfn-bits"]
    assert "32-bit HVM" in found["review-legacy"]


# --- spec-diff on a scratch copy of the repository ---------------------------------------

DIFF_PATHS = ("spec", "ksy", "validator", "generated", "tools", "conformance/manifest.yaml")


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This tree's sources, committed in a scratch git repository."""
    repo = tmp_path_factory.mktemp("spec-diff-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "generated")
    for rel in DIFF_PATHS:
        src = ROOT / rel
        if src.is_dir():
            shutil.copytree(src, repo / rel, ignore=ignore if rel == "validator" else
                            shutil.ignore_patterns("__pycache__"), symlinks=False)
        else:
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, repo / rel)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c",
           "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=repo, check=True)
    return repo


def _spec_diff(repo: Path) -> str:
    r = subprocess.run([sys.executable, str(repo / "tools" / "spec_diff.py"), "--base", "HEAD"],
                       cwd=repo, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_spec_diff_prints_the_rows_a_ksy_change_changes(scratch_repo: Path) -> None:
    """After one field of a .ksy changes (X86_PV_INFO's guest_width from u1
    to u2), `make spec-diff BASE=HEAD` prints that field's rows before and
    after, and nothing about version 1's record of the same name. (That it
    prints nothing on a clean tree is the test above, on this repository.)"""
    ksy = scratch_repo / "ksy" / "xen_libxc_stream.ksy"
    text = ksy.read_text(encoding="utf-8")
    old = "          - id: guest_width\n            type: u1\n"
    assert text.count(old) == 1
    ksy.write_text(text.replace(old, old.replace("u1", "u2")), encoding="utf-8")
    diff = _spec_diff(scratch_repo)
    assert diff.startswith("--- a/xsif-spec.txt (HEAD, ")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-")
               and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+")
             and not line.startswith("+++")]
    assert any(re.match(r"0\s+1\s+guest_width\s+u1\b", line) for line in removed)
    assert any(re.match(r"0\s+2\s+guest_width\s+u2\b", line) for line in added)
    assert any(re.match(r"2\s+1\s+pt_levels\s+u1\b", line) for line in added)
    # version 1's X86_PV_INFO, whose ksy did not change, is not in the diff
    assert sum(bool(re.match(r"0\s+\d\s+guest_width", line)) for line in removed) == 1
