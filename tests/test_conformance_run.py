"""conformance/run, the harness for other implementations: xsif validate
agrees with the manifest on every file, deliberately wrong checkers do not,
and a corpus or command it cannot use is exit status 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "conformance"
RUN = CORPUS / "run"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["files"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # the harness as an outside implementer runs it: no xsif on its path
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(RUN), *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=900)


def toy(tmp_path: Path, body: str) -> list[str]:
    """A checker written as a few lines of Python."""
    script = tmp_path / "toy.py"
    script.write_text("import json, os, sys\n" + body, encoding="utf-8")
    return [sys.executable, str(script)]


def _line(out: str, folder: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.startswith(folder + " "))


def test_it_is_an_executable_python_script_of_the_standard_library_only() -> None:
    assert os.access(RUN, os.X_OK)
    text = RUN.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env python3\n")
    imports = {line.split()[1].split(".")[0] for line in text.splitlines()
               if line.startswith(("import ", "from "))}
    assert imports <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_json_manifest_is_the_yaml_one() -> None:
    assert json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8")) == MANIFEST


def test_help_says_what_the_exit_statuses_mean() -> None:
    r = run("--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "0 the file is conformant, 1 it is not, anything else" in text
    assert "Exit status: 0 the checker agrees" in text


def test_xsif_validate_agrees_on_every_file_verdict_and_rules(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    r = run("--json", str(out), "--",
            sys.executable, str(ROOT / "tools" / "conformance_xsif.py"), "{}")
    assert r.returncode == 0, r.stdout + r.stderr
    n = len(ENTRIES)
    assert _line(r.stdout, "total") == ["total", str(n), f"{n}/{n}", "(100.0%)",
                                        f"{n}/{n}", "(100.0%)"]
    for folder in {e["path"].split("/")[0] for e in ENTRIES}:
        mine = sum(e["path"].startswith(folder + "/") for e in ENTRIES)
        assert _line(r.stdout, folder)[1:3] == [str(mine), f"{mine}/{mine}"]
    assert "disagreement" not in r.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["rules_compared"] is True
    assert [f["path"] for f in doc["files"]] == [e["path"] for e in ENTRIES]
    assert all(f["verdict_agrees"] and f["rules_agree"] for f in doc["files"])


def test_a_checker_that_accepts_everything_is_caught() -> None:
    r = run("--", "true")
    assert r.returncode == 1
    good = sum(e["verdict"] == "conformant" for e in ENTRIES)
    assert _line(r.stdout, "total")[:3] == ["total", str(len(ENTRIES)), f"{good}/{len(ENTRIES)}"]
    assert "rule sets not compared" in r.stdout
    wrong = [e for e in ENTRIES if e["verdict"] != "conformant"]
    assert f"{len(wrong)} disagreements:" in r.stdout
    assert f"  {wrong[0]['path']}" in r.stdout.splitlines()
    assert "verdict: expected not conformant, got conformant" in r.stdout


def test_wrong_rule_sets_are_caught_and_named(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Right verdicts, but one rule missing and one extra on every rule file."""
    cmd = toy(tmp_path, """
path = sys.argv[1]
entry = next(e for e in json.load(open(os.environ["MANIFEST"]))["files"]
             if path.endswith(e["path"]))
for rule in entry["rules"][1:]:
    print(rule)
print("not a rule id, ignored")
if entry["rules"]:
    print("xl.made-up")
sys.exit(entry["verdict"] != "conformant")
""")
    monkeypatch.setenv("MANIFEST", str(CORPUS / "manifest.json"))
    r = run("--only", "libxl", "--", *cmd, "{}")
    assert r.returncode == 1
    libxl = [e for e in ENTRIES if e["path"].startswith("libxl/")]
    clean = sum(not e["rules"] for e in libxl)
    assert _line(r.stdout, "libxl")[2:5] == [f"{len(libxl)}/{len(libxl)}", "(100.0%)",
                                             f"{clean}/{len(libxl)}"]
    one = next(e for e in libxl if e["rules"])
    assert (f"    rules: expected [{one['rules'][0]}], got [xl.made-up]; "
            f"missing [{one['rules'][0]}], extra [xl.made-up]") in r.stdout


def test_the_checker_gets_the_path_format_and_release(tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    seen.mkdir()
    cmd = toy(tmp_path, f"""
path, fmt = sys.argv[1], sys.argv[2]
assert os.environ["CONFORMANCE_PATH"] == path and os.environ["CONFORMANCE_FORMAT"] == fmt
name = path.replace("/", "_")
open(os.path.join({str(seen)!r}, name), "w").write(fmt + " " + os.environ["CONFORMANCE_XEN"])
sys.exit(3)
""")
    r = run("--only", "libxc-v2,libxl", "--no-rules", "-j", "1", "--", *cmd, "{}", "{format}")
    assert r.returncode == 1
    mine = [e for e in ENTRIES if e["path"].split("/")[0] in ("libxc-v2", "libxl")]
    got = {p.name: p.read_text() for p in seen.iterdir()}
    assert len(got) == len(mine)
    for e in mine:
        key = str(CORPUS / e["path"]).replace("/", "_")
        assert got[key] == f"{e['format']} {e.get('xen', '')}"
    # exit status 3: not read, which never agrees
    assert _line(r.stdout, "total")[2] == f"0/{len(mine)}"
    assert "got not read (exit status 3)" in r.stdout
    assert "rule sets not compared" in r.stdout


def test_a_checker_that_crashes_or_hangs_is_not_read(tmp_path: Path) -> None:
    cmd = toy(tmp_path, """
if "hvm" in sys.argv[1]:
    import time
    time.sleep(30)
raise SystemExit("oops: " + sys.argv[1].rsplit("/", 1)[1])
""")
    r = run("--only", "libxl", "--timeout", "1", "--", *cmd)  # no {}: the path is appended
    assert r.returncode == 1
    assert "got not read (no answer in 1 s)" in r.stdout
    assert "got not read (exit status 1)" not in r.stdout  # SystemExit(str) is status 1
    assert "    stderr: oops: " in r.stdout


def test_what_it_cannot_use_is_exit_status_2(tmp_path: Path) -> None:
    r = run("--", str(tmp_path / "no-such-checker"), "{}")
    assert r.returncode == 2 and "cannot run" in r.stderr and not r.stdout
    r = run("--only", "v9", "--", "true")
    assert r.returncode == 2 and "no folder v9" in r.stderr
    r = run()
    assert r.returncode == 2 and "no checker" in r.stderr
    # a damaged copy of the corpus: nothing is run
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy, ignore=shutil.ignore_patterns("xen-4.17", "v1"))
    victim = copy / next(e["path"] for e in ENTRIES if e["path"].startswith("libxl/"))
    victim.write_bytes(victim.read_bytes() + b"\0")
    r = subprocess.run([str(copy / "run"), "--only", "libxl", "--", "true"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "corpus is damaged" in r.stderr
    assert str(victim.relative_to(copy)) + ": sha256 is" in r.stderr
    victim.unlink()
    r = subprocess.run([str(copy / "run"), "--only", "libxl", "--", "true"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "No such file" in r.stderr
