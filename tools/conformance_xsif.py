"""`xsif validate` as conformance/run runs a checker: one corpus file, the
rule IDs it raises one a line on standard output, and xsif validate's exit
status (0 conformant, 1 not, 2 not read).

    conformance/run -- .venv/bin/python tools/conformance_xsif.py {}

The format and the release an entry is judged for come from the
environment conformance/run sets (CONFORMANCE_FORMAT, CONFORMANCE_XEN) and
become `--format` and `--xen`. It runs `xsif validate --json` in this
process and prints the `rule` of its findings; nothing of xsif is changed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import VALIDATE_FORMAT  # noqa: E402

from xsif import cli  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: conformance_xsif.py PATH (run by conformance/run)", file=sys.stderr)
        return 2
    fmt = VALIDATE_FORMAT.get(os.environ.get("CONFORMANCE_FORMAT", ""), "auto")
    xen = os.environ.get("CONFORMANCE_XEN", "")
    args = ["validate", "--json", "--no-progress", "--format", fmt,
            *(["--xen", xen] if xen else []), argv[0]]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(args)
    if status in (0, 1):
        for image in json.loads(out.getvalue())["images"]:
            for rule in sorted({f["rule"] for f in image["findings"]}):
                print(rule)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
