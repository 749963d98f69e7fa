"""What the wheel carries and what the README's install and CI sections
promise (issue 16, item 4). The wheel itself was checked by hand: `pip
wheel .`, installed in a fresh venv outside the repository (see the
report of issue 16)."""

from __future__ import annotations

import importlib.resources
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from xsif import samples

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DATA = ("rules.yaml", "xen_checker.yaml", "xen_restorer.yaml", "xen_docs_vs_code.yaml")


def test_the_ksy_files_are_package_resources() -> None:
    shipped = {p.name for p in importlib.resources.files("xsif.ksy").iterdir()
               if p.name.endswith(".ksy")}
    assert shipped == {p.name for p in (ROOT / "ksy").glob("*.ksy")}
    assert PYPROJECT["tool"]["setuptools"]["package-data"]["xsif.ksy"] == ["*.ksy"]


def test_the_data_files_are_package_data() -> None:
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["xsif.catalog"]
    for name in DATA:
        assert name in data
        assert importlib.resources.files("xsif.catalog").joinpath(name).is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["xsif"]


def test_dependencies_are_ranges_with_kaitaistruct_0_11() -> None:
    deps = PYPROJECT["project"]["dependencies"]
    assert not [d for d in deps if "==" in d]
    assert "kaitaistruct>=0.11,<0.12" in deps
    assert PYPROJECT["project"]["classifiers"] and PYPROJECT["project"]["urls"]


def test_the_sdist_leaves_the_tests_out() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    assert "prune tests" in manifest and "graft ksy" in manifest


def test_the_readme_ci_snippet_runs(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use in CI\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [c for c in block.replace("\\\n", " ").splitlines()
                if c.strip() and not c.startswith("pip install")]
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(ROOT / "examples/valid/xl-pv-le.xsi", out)
    (out / "warn.xsi").write_bytes(samples.broken("page-data.duplicate-pfn"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    r = subprocess.run(["sh", "-c", "\n".join(commands)], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr  # the warning fails the run
    suite = ET.parse(tmp_path / "xsif-junit.xml").getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert (tmp_path / "xsif-report.json").read_text().startswith("{")
