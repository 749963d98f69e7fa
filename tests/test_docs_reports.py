"""The reports quoted in README.md and the user guide are what `xsif
validate` prints today: each quoted verdict line, and the finding lines
right below it, equal the command's output on that sample."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "spec" / "guide.rst"]
VERDICT = re.compile(r"^(?P<indent>\s*)(?P<path>examples/\S+\.xsi): (OK|NOT CONFORMANT) \(")
SEVERITY = ("error", "warning", "info")


def quoted_reports() -> list[tuple[str, int, str, list[str]]]:
    """(doc, line number, sample path, quoted lines: verdict then findings)."""
    found = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            m = VERDICT.match(line)
            if not m:
                continue
            indent = len(m["indent"])
            quoted = [line[indent:]]
            for more in lines[n + 1:]:
                text = more[indent:]
                if not text.startswith("  ") or text.split()[0] not in SEVERITY:
                    break
                quoted.append(text)
            found.append((doc.name, n + 1, m["path"], quoted))
    return found


REPORTS = quoted_reports()


def test_the_docs_quote_reports() -> None:
    assert len(REPORTS) >= 4


@pytest.mark.parametrize("doc,line,path,quoted", REPORTS,
                         ids=[f"{d}:{n}" for d, n, _, _ in REPORTS])
def test_quoted_report_is_current(doc: str, line: int, path: str, quoted: list[str]) -> None:
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", path], cwd=ROOT,
                       capture_output=True, text=True)
    printed = r.stdout.splitlines()
    assert printed[:len(quoted)] == quoted, f"{doc} line {line} quotes an old report of {path}"
