"""Xen's own checker on the conformance corpus: the report card (make compare).

Fetches Debian's xen-utils-4.17 with `apt-get download` into build/compare/
(or takes the .deb given with --deb), unpacks it with `dpkg-deb -x`, and runs
its unmodified verify-stream-v2, with the xen.migration package of the same
.deb on PYTHONPATH, on every Part II file of conformance/ through
conformance/run: `-f libxc` for libxc-v2/ and libxc-v3/, `-f libxl` for
libxl/ and `-f xl` for xl/ (which skips the xl header and configuration and
reads the libxl stream after it). It writes what the checker said of each
file, and the explanation from validator/xsif/catalog/xen_checker.yaml of each file
on which it and the manifest disagree, to spec/implementations-data.yaml;
the spec's page "Implementations" shows it.

    python tools/compare.py [--deb FILE] [--out FILE]
    python tools/compare.py --explain     only explain the committed results again
                                          (after xen_checker.yaml changed)

Not part of make test: tests/test_compare.py checks the committed table
against the manifest and xen_checker.yaml without running Debian's checker.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from xsif.catalog.catalog import Severity
from xsif.check.engine import validate
from xsif.read import gen
from xsif.report.findings import RecordSummary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_corpus import VALIDATE_FORMAT  # noqa: E402

CORPUS = ROOT / "conformance"
OUT = ROOT / "spec" / "implementations-data.yaml"
CHECKER_TABLE = ROOT / "validator" / "xsif" / "catalog" / "xen_checker.yaml"
WORK = ROOT / "build" / "compare"

FOLDERS = {"libxc-v2": "libxc", "libxc-v3": "libxc", "libxl": "libxl", "xl": "xl"}
"""The Part II folders of the corpus and the -f that verify-stream-v2 reads each with."""

EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(?:Error|Warning|Exception)(?::.*)?")
"""The line of a Python traceback that names the exception."""

HEAD = """\
# What Xen's own stream checker, verify-stream-v2 of Debian's xen-utils
# package, says of each Part II file of the conformance corpus, and why it
# disagrees with the manifest where it does (explained_by: a check of
# validator/xsif/catalog/xen_checker.yaml, or a rule of its not_in_xen).
# Written by tools/compare.py (make compare); do not edit by hand.
"""


class Failure(Exception):
    """make compare cannot go on: a message, exit status 2."""


def agrees(verdict: str, exit_status: int | None) -> bool:
    """Whether the checker's exit status is the manifest's verdict."""
    return (verdict, exit_status) in (("conformant", 0), ("not conformant", 1))


def exception_line(stderr: str) -> str:
    """The exception the checker ended with ('' when it ended without one)."""
    found = [line.strip() for line in stderr.splitlines() if EXCEPTION_LINE.fullmatch(line)]
    return found[-1] if found else ""


def load_table() -> dict[str, Any]:
    return yaml.safe_load(CHECKER_TABLE.read_text(encoding="utf-8"))


def _facts(entry: dict) -> tuple[set[str], bool]:
    """The error rules xsif raises on a corpus entry, and whether it is a
    checkpointed stream (it has a libxc CHECKPOINT record)."""
    records: list[RecordSummary] = []
    with (CORPUS / entry["path"]).open("rb") as f:
        report = validate(f, records.append, VALIDATE_FORMAT[entry["format"]], entry.get("xen"))
    errors = {f.rule_id for f in report.findings if f.severity is Severity.ERROR}
    checkpoint = int(gen.LibxcRecordType.checkpoint)
    return errors, any(r.layer == "libxc" and r.type == checkpoint for r in records)


def explain(entry: dict, exit_status: int | None, message: str,
            table: dict[str, Any]) -> list[dict[str, str]]:
    """Why verify-stream-v2 and the manifest disagree on `entry`: checks
    (`{"check": id}`) and rules of not_in_xen (`{"not_in_xen": rule}`) of
    the checker table, by the method its `comparison` section states; []
    when nothing there explains it."""
    errors, checkpointed = _facts(entry)
    if exit_status == 0:
        out = []
        for rule in sorted(errors):
            if rule in table["not_in_xen"]:
                out.append({"not_in_xen": rule})
                continue
            checks = [c["id"] for c in table["checks"]
                      if rule in c["rules"] and c.get("difference")]
            if len(checks) == 1:
                out.append({"check": checks[0]})
        return out if len(out) == len(errors) else []
    for refusal in table["comparison"]["refusals"]:
        if "message" in refusal and not re.search(refusal["message"], message):
            continue
        if "checkpointed" in refusal and refusal["checkpointed"] != checkpointed:
            continue
        return [{"check": refusal["check"]}]
    return []


def _run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    except OSError as e:
        raise Failure(f"cannot run {cmd[0]}: {e.strerror}") from None


def fetch(package: str) -> Path:
    """The package's .deb, downloaded into build/compare/ with apt-get."""
    debs = WORK / "debs"
    shutil.rmtree(debs, ignore_errors=True)
    debs.mkdir(parents=True)
    r = _run(["apt-get", "download", package], cwd=debs)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if r.returncode or not found:
        raise Failure(f"apt-get download {package} failed (is 'apt-get update' done?):\n"
                      + r.stderr.strip())
    return found[0]


def unpack(deb: Path) -> tuple[str, Path, Path]:
    """The package's version, its verify-stream-v2 and its Python folder."""
    version = _run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()
    tree = WORK / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    r = _run(["dpkg-deb", "-x", str(deb), str(tree)])
    scripts = sorted(tree.glob("usr/lib/xen-*/bin/verify-stream-v2"))
    if r.returncode or not version or not scripts:
        raise Failure(f"{deb} is not a xen-utils package with verify-stream-v2: "
                      + r.stderr.strip())
    script = scripts[0]
    return version, script, script.parents[1] / "lib" / "python"


def run_checker(script: Path, python_dir: Path) -> tuple[str, list[dict]]:
    """Every Part II corpus file through conformance/run: the Python version
    used and the harness's results (path, exit, stderr, ...)."""
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    version = _run([python, "-c", "import platform; print(platform.python_version())"])
    env = dict(os.environ, PYTHONPATH=str(python_dir))
    results = []
    for option in dict.fromkeys(FOLDERS.values()):
        folders = ",".join(d for d, o in FOLDERS.items() if o == option)
        out = WORK / f"run-{option}.json"
        r = _run([str(CORPUS / "run"), "--no-rules", "--only", folders, "--json", str(out),
                  "--", python, str(script), "-f", option, "-i", "{}"], env=env)
        if r.returncode not in (0, 1):
            raise Failure(f"conformance/run failed:\n{r.stderr.strip()}")
        results += json.loads(out.read_text(encoding="utf-8"))["files"]
    return version.stdout.strip(), results


def table_of(results: list[dict], manifest: dict, table: dict[str, Any]) -> list[dict]:
    """The files of the committed table, in the manifest's order."""
    by_path = {r["path"]: r for r in results}
    files = []
    for entry in manifest["files"]:
        if entry["path"].split("/")[0] not in FOLDERS:
            continue
        r = by_path.get(entry["path"])
        # a committed row keeps the digest of the file the checker read
        if r is None or r.get("sha256", entry["sha256"]) != entry["sha256"]:
            raise Failure(f"{entry['path']} is not the file the checker read: run make compare")
        row = {"path": entry["path"], **({"xen": entry["xen"]} if "xen" in entry else {}),
               "sha256": entry["sha256"], "verdict": entry["verdict"], "exit": r["exit"],
               "message": r["message"]}
        if not agrees(entry["verdict"], r["exit"]):
            row["explained_by"] = explain(entry, r["exit"], r["message"], table)
        files.append(row)
    return files


def write(doc: dict, out: Path) -> None:
    out.write_text(HEAD + yaml.safe_dump(doc, sort_keys=False, width=100, allow_unicode=True),
                   encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/compare.py", description=__doc__.split("\n")[0])
    parser.add_argument("--deb", type=Path, help="use this xen-utils .deb, not apt-get download")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default {OUT.relative_to(ROOT)}")
    parser.add_argument("--explain", action="store_true",
                        help="explain the results of --out again; run nothing")
    args = parser.parse_args(argv)
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    table = load_table()
    try:
        if args.explain:
            doc = yaml.safe_load(args.out.read_text(encoding="utf-8"))
            doc["files"] = table_of(doc["files"], manifest, table)
        else:
            deb = args.deb or fetch(table["comparison"]["package"])
            version, script, python_dir = unpack(deb)
            python, results = run_checker(script, python_dir)
            for r in results:
                r["message"] = exception_line(r["stderr"])
            doc = {
                "package": table["comparison"]["package"],
                "version": version,
                "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
                "python": python,
                "corpus_version": manifest["corpus_version"],
                "command": "verify-stream-v2 -f FORMAT -i FILE",
                "formats": FOLDERS,
                "files": table_of(results, manifest, table),
            }
    except (Failure, OSError) as e:
        print(f"make compare: {e}", file=sys.stderr)
        return 2
    write(doc, args.out)
    wrong = [f for f in doc["files"] if "explained_by" in f]
    unexplained = [f["path"] for f in wrong if not f["explained_by"]]
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
          f"{len(doc['files'])} files, {len(wrong)} disagreements"
          + (f", {len(unexplained)} unexplained: " + ", ".join(unexplained)
             if unexplained else ", each explained"))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
