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


def _generated_types() -> list[type]:
    """Every type of every generated parser that can be read on its own."""
    import importlib

    from kaitaistruct import KaitaiStruct

    from xsif.read import gen

    out: list[type] = []

    def walk(cls: type) -> None:
        out.append(cls)
        for value in vars(cls).values():
            if isinstance(value, type) and issubclass(value, KaitaiStruct):
                walk(value)

    for module in sorted({m for m, _ in gen.GENERATED.values()}):
        top = importlib.import_module(f"xsif.generated.{module}")
        walk(next(v for v in vars(top).values() if isinstance(v, type)
                  and issubclass(v, KaitaiStruct) and v.__module__ == top.__name__))
    return out


def test_min_size_is_the_fewest_zero_octets_that_parse() -> None:
    """gen.min_size parses zeros twice instead of trying every length: for
    every generated type it must give what trying every length gives."""
    from xsif.read import gen

    def parses(cls: type, n: int) -> bool:
        try:
            gen.parse(cls, bytes(n), is_le=True)
        except EOFError:
            return False
        return True

    checked = 0
    for cls in _generated_types():
        try:
            want = next(n for n in range(1025) if parses(cls, n))
        except Exception:  # noqa: BLE001 - zeros fail its checks, or it needs arguments
            continue
        try:
            got = gen.min_size(cls)
        except ValueError:
            got = None
        assert got == gen.parse(cls, bytes(want), is_le=True)._io.pos(), cls.__qualname__
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("layer", ["V1", "LIBXC", "LIBXL"])
def test_record_bodies_by_name_are_the_switchs(layer: str) -> None:
    """A layer finds the body class of a record type by the .ksy's naming
    (`x_body` for type `x`); for every record type it must be the class the
    generated record's switch makes (or none where the switch makes none)."""
    from xsif.read import gen, layers

    described = getattr(layers, layer)
    record_cls = getattr(gen, {"V1": "Body", "LIBXC": "Libxc", "LIBXL": "Libxl"}[layer]).Record
    codes = [int(t) for t in described.record_types]
    assert len(codes) > 3
    for code in codes:
        assert described.body_class(code) is gen.body_by_switch(
            record_cls, described.record_header, code), (layer, code)
