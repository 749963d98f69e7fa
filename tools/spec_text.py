"""Build the plain-text specification (spec/_ext/xsif_text.py) of a source tree.

    python tools/spec_text.py --out build/text/xsif-spec.txt
    python tools/spec_text.py --src build/spec-diff/src-<commit> --out base.txt --lenient

`--src` is the root of a copy of the repository (default: this one), e.g. an
older revision extracted by tools/spec_diff.py. That tree's own spec, ksy/,
rule catalog and extensions are used (its `validator/` is put first on the
import path, so `xsif.catalog.catalog` reads its rules.yaml), but the text builder is
always this tree's, so that two revisions are written the same way and a
diff between them shows what changed in the specification, not in the
writer. The build reads every page afresh. Without `--lenient`, a warning
fails the build (as `make docs` does); with it, warnings are dropped (an old
revision's are not this tree's concern).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT_EXT = REPO / "spec" / "_ext" / "xsif_text.py"


def _conf_extensions(confdir: Path) -> list[str]:
    """The extensions a conf.py loads (its own code, run as Sphinx would)."""
    path = confdir / "conf.py"
    namespace = {"__file__": str(path), "__name__": "conf"}
    cwd = os.getcwd()
    try:
        os.chdir(confdir)
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    finally:
        os.chdir(cwd)
    return list(namespace.get("extensions", []))


def build(src: Path, out: Path, lenient: bool = False) -> int:
    src = src.resolve()
    if src != REPO:
        # the other tree's validator package, with its generated parsers
        # where the installed package maps them (xsif.generated)
        link = src / "validator" / "xsif" / "generated"
        if (src / "generated").is_dir() and not link.exists():
            link.symlink_to(src / "generated", target_is_directory=True)
        sys.path.insert(0, str(src / "validator"))
    # this tree's text builder, whatever the other tree has
    spec = importlib.util.spec_from_file_location("xsif_text", TEXT_EXT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["xsif_text"] = module
    spec.loader.exec_module(module)

    from sphinx.application import Sphinx

    srcdir = src / "spec"
    extensions = _conf_extensions(srcdir)
    if "xsif_text" not in extensions:
        extensions.append("xsif_text")
    overrides = {"extensions": extensions, "smartquotes": False}
    with tempfile.TemporaryDirectory(prefix="xsif-spec-text-") as tmp:
        warnings = io.StringIO() if lenient else sys.stderr
        app = Sphinx(srcdir, srcdir, Path(tmp) / "out", Path(tmp) / "doctrees", "xsiftext",
                     confoverrides=overrides, status=None, warning=warnings, freshenv=True,
                     warningiserror=not lenient, keep_going=not lenient)
        app.build(force_all=True)
        if app.statuscode:
            return app.statuscode
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / "out" / module.OUTPUT, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=REPO, help="root of the source tree")
    parser.add_argument("--out", type=Path, required=True, help="the text file to write")
    parser.add_argument("--lenient", action="store_true", help="drop the build's warnings")
    args = parser.parse_args(argv)
    return build(args.src, args.out, args.lenient)


if __name__ == "__main__":
    sys.exit(main())
