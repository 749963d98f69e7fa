"""The plain-text specification (make spec-text, spec/_ext/xsif_text.py) and
its diff between revisions (make spec-diff, tools/spec_diff.py).

One text build for the module (about as long as an HTML build); the spec-diff
test adds one or two (the base of HEAD is cached in build/spec-diff/).
"""

from __future__ import annotations

import re
import subprocess
import sys
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
