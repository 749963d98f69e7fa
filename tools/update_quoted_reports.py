"""Rewrite the reports README.md and the user guide quote with what `xsif
validate` prints today (the same quotes tests/test_docs_reports.py checks).

    python tools/update_quoted_reports.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_docs_reports import DOCS, quoted_reports  # noqa: E402


def main() -> int:
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
        for name, number, path, quoted in reversed(quoted_reports()):
            if name != doc.name:
                continue
            printed = subprocess.run([sys.executable, "-m", "xsif.cli", "validate", path],
                                     cwd=ROOT, capture_output=True, text=True).stdout
            fresh = printed.splitlines()[:len(quoted)]
            first = lines[number - 1]
            indent = first[:len(first) - len(first.lstrip())]
            lines[number - 1:number - 1 + len(quoted)] = [indent + t + "\n" for t in fresh]
        doc.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
