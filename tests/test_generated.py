"""generated/ is what the pinned compiler makes of ksy/, and the .ksy files
compile for the JavaScript target too (what the Kaitai Web IDE runs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KSY = sorted((ROOT / "ksy").glob("*.ksy"))

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules" / "kaitai-struct-compiler").is_dir(),
    reason="needs node and the pinned compiler (make compiler)")


def compile_to(out: Path, sources: list[Path]) -> None:
    subprocess.run(["node", str(ROOT / "tools" / "ksc.js"), str(out), *map(str, sources)],
                   check=True, capture_output=True, text=True, cwd=ROOT)


def test_generated_matches_ksy(tmp_path: Path) -> None:
    compile_to(tmp_path, KSY)
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (ROOT / "generated" / made.name).read_bytes(), made.name


def test_a_doc_change_makes_generated_stale(tmp_path: Path) -> None:
    src = tmp_path / "ksy"
    shutil.copytree(ROOT / "ksy", src)
    v1 = src / "xen_save_image_v1.ksy"
    v1.write_text(v1.read_text().replace("doc: Reserved, zero.", "doc: Reserved, zero!", 1))
    out = tmp_path / "out"
    compile_to(out, sorted(src.glob("*.ksy")))
    assert (out / "SOURCES").read_bytes() != (ROOT / "generated" / "SOURCES").read_bytes()


def test_ksy_compile_for_javascript() -> None:
    script = """
const fs = require("fs"), path = require("path"), yaml = require("js-yaml");
const c = require("kaitai-struct-compiler");
const load = f => yaml.load(fs.readFileSync(f, "utf8"));
const importer = { importYaml: n => Promise.resolve(load(path.join("ksy", n + ".ksy"))) };
(async () => {
  for (const f of process.argv.slice(1)) {
    const out = await c.compile("javascript", load(f), importer, false);
    if (Object.keys(out).length === 0) throw new Error("nothing compiled: " + f);
  }
})().catch(e => { console.error(String(e)); process.exit(1); });
"""
    r = subprocess.run(["node", "-e", script, *[str(p.relative_to(ROOT)) for p in KSY]],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
