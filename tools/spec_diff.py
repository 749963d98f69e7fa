"""The unified diff of the plain-text specification between a git revision
and the working tree (`make spec-diff BASE=<revision>`).

The revision's spec/, ksy/, validator/ and generated/ are extracted with
`git archive` into build/spec-diff/ and built with this tree's text builder
(tools/spec_text.py), so the diff shows what changed in the specification:
a ksy edit shows as changed table rows, a rule edit as changed rule text.
Prints nothing when nothing changed; exit status 0 either way, 2 if a
build fails. The base's text is kept per (commit, text tooling), so a second
diff against the same base builds only the working tree.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "spec-diff"
TOOLING = (REPO / "tools" / "spec_text.py", REPO / "spec" / "_ext" / "xsif_text.py")
PATHS = ("spec", "ksy", "validator", "generated", "conformance/manifest.yaml")


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True,
                          text=True).stdout.strip()


def _tooling_hash() -> str:
    digest = hashlib.sha256()
    for path in TOOLING:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _start(src: Path, out: Path, lenient: bool) -> subprocess.Popen:
    cmd = [sys.executable, str(REPO / "tools" / "spec_text.py"), "--src", str(src),
           "--out", str(out)]
    return subprocess.Popen(cmd + (["--lenient"] if lenient else []), cwd=REPO)


def base_text(commit: str) -> tuple[Path, subprocess.Popen | None]:
    """The cached text of `commit`, and the build that makes it (None if cached)."""
    out = WORK / f"{commit}-{_tooling_hash()}.txt"
    if out.is_file():
        return out, None
    src = WORK / f"src-{commit}"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    present = [p for p in PATHS if _git("ls-tree", "--name-only", commit, p)]
    archive = subprocess.run(["git", "archive", "--format=tar", commit, *present], cwd=REPO,
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    return out, _start(src, out, lenient=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    args = parser.parse_args(argv)
    try:
        commit = _git("rev-parse", "--verify", f"{args.base}^{{commit}}")
    except subprocess.CalledProcessError:
        print(f"spec-diff: {args.base!r} is not a revision of this repository", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    base, base_build = base_text(commit)
    work = WORK / "worktree.txt"
    work_build = _start(REPO, work, lenient=False)
    failed = [name for name, proc in (("base", base_build), ("working tree", work_build))
              if proc is not None and proc.wait() != 0]
    if failed:
        print(f"spec-diff: the text build of the {' and '.join(failed)} failed",
              file=sys.stderr)
        return 2
    old = base.read_text(encoding="utf-8").splitlines(keepends=True)
    new = work.read_text(encoding="utf-8").splitlines(keepends=True)
    sys.stdout.writelines(difflib.unified_diff(
        old, new, f"a/xsif-spec.txt ({args.base}, {commit[:12]})",
        "b/xsif-spec.txt (working tree)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
