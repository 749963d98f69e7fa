"""The compiled Kaitai targets: java, cpp_stl, csharp, go and rust.

Every value the .ksy derives from 64-bit data (an instance cast `.as<u8>`,
or computed from a u8 field or from such an instance) must be declared and
computed in 64 bits in each target's generated source: the test compiles
ksy/ for the five targets with the pinned compiler into build/ and reads
the declarations and assignments. A small .ksy with the old expressions
(`raw & 0xfffffffffffff` on a u8) shows that the check finds what it is
for.

Where a compiler is on the machine the generated code is also built, with
stand-ins for the runtimes (tests/targets/; no package registry this
project uses has the C++ or Java runtime): g++ (with -Wconversion) and
javac build every generated file; xen_pfn_word runs on words whose fields
need all 64 bits, and in C++ the version 1 and libxc parsers read the
conformant corpus images of their formats: the pfns and page types must be
what the generated Python gives. rustc builds and runs xen_pfn_word the
same way, against a stand-in for the `kaitai` crate (no package registry
this project uses provides it) that has only what that file needs; the other
Rust files need far more of the runtime. Not built: C# and Go (no compiler
here).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from xsif.read import gen

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "targets" / "typed"
TARGETS = ("java", "cpp_stl", "csharp", "go", "rust")
KSY = sorted((ROOT / "ksy").glob("*.ksy"))

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def compile_targets(out: Path, files: list[Path]) -> None:
    if out.exists():
        shutil.rmtree(out)
    subprocess.run(["node", str(ROOT / "tools" / "ksc.js"), "--target", ",".join(TARGETS),
                    str(out), *map(str, files)], check=True, cwd=ROOT)


@pytest.fixture(scope="module")
def sources() -> Path:
    compile_targets(OUT, KSY)
    return OUT


# --- which values are 64-bit, from the .ksy ---------------------------------------------

WIDE = {"u8", "s8", "u8le", "u8be", "s8le", "s8be"}
NAME = re.compile(r"\b([a-z_][a-z0-9_]*)\b")


def _types(spec: dict, path: str):
    yield path, spec
    for name, t in (spec.get("types") or {}).items():
        yield from _types(t, f"{path}::{name}")


def wide_values(files: list[Path]) -> set[str]:
    """The instance names whose value is 64-bit: cast `.as<u8>`, or computed
    from a u8 field, parameter or another such instance (a value forwarded
    from an imported type, `word.pfn`, is as wide as that type's)."""
    specs = {p.stem: yaml.safe_load(p.read_text()) for p in files}
    wide: dict[str, set[str]] = {}
    for _ in range(3):  # imports: forwarded values need the imported type's first
        for stem, spec in specs.items():
            for path, t in _types(spec, stem):
                names = {f["id"] for f in t.get("seq") or [] if str(f.get("type")) in WIDE}
                names |= {p["id"] for p in t.get("params") or [] if str(p.get("type")) in WIDE}
                parts = {f["id"]: str(f.get("type", "")).split("(")[0]
                         for f in t.get("seq") or []}
                changed = True
                while changed:
                    changed = False
                    for iname, inst in (t.get("instances") or {}).items():
                        expr = str(inst.get("value", ""))
                        if not expr or iname in names:
                            continue
                        forwarded = re.fullmatch(r"(\w+)\.(\w+)", expr)
                        if ".as<u8>" in expr or ".as<s8>" in expr or (
                                set(NAME.findall(expr)) & names) or (
                                forwarded and forwarded.group(2) in wide.get(
                                    parts.get(forwarded.group(1), ""), set())):
                            names.add(iname)
                            changed = True
                derived = {n for n in names if n in (t.get("instances") or {})}
                wide.setdefault(path, set()).update(derived)
    return {name for names in wide.values() for name in names}


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(r.capitalize() for r in rest)


# --- what each target's source declares and computes -----------------------------------

# For each target: the files, the declaration of instance `n` (group 1 its
# type), the assignment (group 1 the expression), the 64-bit types, and what
# must not appear in the expression (a cast to 32 bits).
RULES = {
    "java": ("*.java", r"private (\w+) {camel};", r"this\.{camel} = (.*);",
             {"Long", "long"}, [r"\.intValue\(\)", r"\(int\)"]),
    "cpp_stl": ("*.[ch]*", r"^\s*(?!return\b)(\w+) m_{snake};", r"\bm_{snake} = (.*);",
                {"uint64_t", "int64_t"}, [r"int32_t", r"\(int\)"]),
    "csharp": ("*.cs", r"private (\w+) _{camel};", r"\b_{camel} = (.*);",
               {"ulong", "long"}, [r"\(int\)", r"\(uint\)"]),
    "go": ("*.go", r"^\t{camel} +(\w+)$", r"this\.{camel} = (.*)$",
           {"uint64", "int64"}, [r"^int\(", r"\bint32\(", r"\buint32\(",
                                  r"(?<!uint64\()\bint64\("]),
    "rust": ("*.rs", r"\b{snake}: RefCell<(\w+)>", r"\*self\.{snake}\.borrow_mut\(\) = (.*);",
             {"u64", "i64"}, [r"\bas i32\b", r"\bas u32\b"]),
}


def narrow(target: str, root: Path, names: set[str]) -> list[str]:
    """What the target's generated source declares or casts narrower than
    64 bits among the values `names`."""
    pattern, decl, assign, ok, casts = RULES[target]
    text = "\n".join(p.read_text() for p in sorted(root.glob(pattern)))
    problems = []
    for name in sorted(names):
        fmt = {"camel": re.escape(_camel(name)), "snake": re.escape(name)}
        decls = re.findall(decl.format(**fmt), text, re.M)
        assigns = re.findall(assign.format(**fmt), text, re.M)
        if not decls or not assigns:
            problems.append(f"{name}: not found")
        problems += [f"{name}: declared {t}" for t in decls if t not in ok]
        problems += [f"{name}: computed as {a}" for a in assigns
                     if any(re.search(c, a) for c in casts)]
    return problems


def test_the_wide_values_are_the_words() -> None:
    assert wide_values(KSY) >= {"raw", "pfn", "frame"}
    assert not wide_values(KSY) & {"type_code", "reserved", "pfn_high", "frame_high"}


@pytest.mark.parametrize("target", TARGETS)
def test_no_64_bit_value_is_narrowed(target: str, sources: Path) -> None:
    assert narrow(target, sources / target, wide_values(KSY)) == []


def test_rust_adds_in_64_bits(sources: Path) -> None:
    """kaitai-struct-compiler 0.11's Rust target computes a sum or product
    in the wider type of its two operands, and in i32 as soon as one is a
    computed (not cast) value: the .ksy casts each product `.as<u8>`
    before adding, so no `as i32` is left in the words."""
    text = (sources / "rust" / "xen_pfn_word.rs").read_text()
    pfn = re.search(r"\*self\.pfn\.borrow_mut\(\) = (.*);", text).group(1)
    assert "i32" not in pfn and "* ((4294967296 as u64) as u64)) as u64)" in pfn


OLD = """
meta:
  id: old_word
  endian: le
seq:
  - id: raw
    type: u8
instances:
  type_code:
    value: raw >> 60
  pfn:
    value: raw & 0xfffffffffffff
"""


def test_the_check_finds_the_old_expressions(tmp_path: Path) -> None:
    """The expressions the .ksy had before (issue 12) fail the check in
    every target."""
    ksy = tmp_path / "old_word.ksy"
    ksy.write_text(OLD)
    compile_targets(tmp_path / "out", [ksy])
    names = wide_values([ksy])
    assert names == {"type_code", "pfn"}
    for target in TARGETS:
        assert any(p.startswith("pfn:") for p in narrow(target, tmp_path / "out" / target, names)
                   ), target


# --- building and running what can be built here ---------------------------------------

WORDS = [(0xF000_0100_0000_01F4, True), (0xE123_4567_89AB_CDEF, False),
         (0x8000_0000_0000_0000, True), (0x000F_FFFF_FFFF_FFFF, False),
         (0xFFFF_FFFF_FFFF_FFFF, True), (0x0000_0000_0000_0001, False)]


def expected() -> list[str]:
    out = []
    for word, le in WORDS:
        w = gen.parse(gen.XenPfnWord, word.to_bytes(8, "little" if le else "big"), le)
        out.append(f"{w.raw} {w.type_code} {w.reserved} {w.pfn} {w.pfn_high}")
    return out


def _args() -> list[str]:
    return [a for word, le in WORDS for a in (f"{word:016x}", "le" if le else "be")]


def test_python_reference() -> None:
    assert expected()[0] == f"{0xF000_0100_0000_01F4} 15 0 {0x100_0000_01F4} {0x100}"


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
def test_cpp_builds_and_computes_the_words(sources: Path, tmp_path: Path) -> None:
    stub = ROOT / "tests" / "targets" / "cpp"
    gen_dir = sources / "cpp_stl"
    flags = ["-std=c++11", "-Wall", "-Wconversion", "-Werror", "-I", str(stub), "-I", str(gen_dir)]
    exe = tmp_path / "pfn_words"
    subprocess.run(["g++", *flags, str(stub / "pfn_words.cpp"), str(gen_dir / "xen_pfn_word.cpp"),
                    "-o", str(exe)], check=True)
    run = subprocess.run([str(exe), *_args()], check=True, capture_output=True, text=True)
    assert run.stdout.splitlines() == expected()


def page_data_expected(paths: list[tuple[str, Path]]) -> list[str]:
    """For every pfn entry of every PAGE_DATA record, what the generated
    Python reads: path, record index, entry index, pfn, page type code."""
    out = []
    for fmt, path in paths:
        with path.open("rb") as f:
            image = (gen.V1 if fmt == "v1" else gen.XenLibxcStream)(
                *(() if fmt == "v1" else (False,)), gen.KaitaiStream(f))
            image._read()
            page_data = gen.RecordType.page_data if fmt == "v1" else gen.LibxcRecordType.page_data
            for r, record in enumerate(image.body.records):
                if record.header.type != page_data:
                    continue
                for k, e in enumerate(record.body.pfns):
                    out.append(f"{path} {r} {k} {e.pfn} {int(e.word.page_type)}")
    return out


def corpus_images() -> list[tuple[str, Path]]:
    """The conformant version-1 and libxc images of the corpus."""
    corpus = ROOT / "conformance"
    return [(fmt, p) for fmt, folders in (("v1", ["v1"]), ("libxc", ["libxc-v2", "libxc-v3"]))
            for folder in folders for p in sorted((corpus / folder / "valid").glob("*.xsi"))]


def test_the_corpus_has_high_pfns_and_every_page_type() -> None:
    lines = [line.split() for line in page_data_expected(corpus_images())]
    assert max(int(f[3]) for f in lines) >= 1 << 32
    assert {int(f[4]) for f in lines} == {int(t) for t in gen.PageType}


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
def test_cpp_builds_every_file_and_reads_the_corpus(sources: Path, tmp_path: Path) -> None:
    """Every generated C++ file builds with -Wconversion -Werror and links
    into one program, which reads the conformant version-1 and libxc images
    of the corpus: every pfn and page type (the enum `word.page_type`) is
    what the generated Python reads."""
    stub = ROOT / "tests" / "targets" / "cpp"
    gen_dir = sources / "cpp_stl"
    exe = tmp_path / "page_data"
    subprocess.run(["g++", "-std=c++11", "-Wall", "-Wconversion", "-Werror", "-I", str(stub),
                    "-I", str(gen_dir), str(stub / "page_data.cpp"),
                    *map(str, sorted(gen_dir.glob("*.cpp"))), "-o", str(exe)], check=True)
    images = corpus_images()
    run = subprocess.run([str(exe), *[a for fmt, p in images for a in (fmt, str(p))]],
                         check=True, capture_output=True, text=True)
    assert run.stdout.splitlines() == page_data_expected(images)


@pytest.mark.skipif(shutil.which("rustc") is None, reason="rustc is not installed")
def test_rust_builds_and_computes_the_words(sources: Path, tmp_path: Path) -> None:
    stub = ROOT / "tests" / "targets" / "rust"
    shutil.copy(sources / "rust" / "xen_pfn_word.rs", tmp_path)
    shutil.copy(stub / "pfn_words.rs", tmp_path)
    lib, exe = tmp_path / "libkaitai.rlib", tmp_path / "pfn_words"
    flags = ["--edition", "2018", "-D", "warnings", "-A", "dead_code"]
    subprocess.run(["rustc", *flags, "--crate-type", "rlib", "--crate-name", "kaitai",
                    str(stub / "kaitai.rs"), "-o", str(lib)], check=True)
    subprocess.run(["rustc", *flags, "--extern", f"kaitai={lib}", str(tmp_path / "pfn_words.rs"),
                    "-o", str(exe)], check=True)
    run = subprocess.run([str(exe), *_args()], check=True, capture_output=True, text=True)
    assert run.stdout.splitlines() == expected()


@pytest.mark.skipif(shutil.which("javac") is None, reason="javac is not installed")
def test_java_builds_and_computes_the_words(sources: Path, tmp_path: Path) -> None:
    stub = ROOT / "tests" / "targets" / "java"
    gen_dir = sources / "java"
    classes = tmp_path / "classes"
    subprocess.run(["javac", "-nowarn", "-d", str(classes),
                    *map(str, sorted((stub / "io" / "kaitai" / "struct").glob("*.java"))),
                    str(stub / "PfnWords.java"), str(gen_dir / "XenPfnWord.java"),
                    str(gen_dir / "XenImageHeader.java")], check=True)
    run = subprocess.run(["java", "-cp", str(classes), "PfnWords", *_args()], check=True,
                         capture_output=True, text=True)
    assert run.stdout.splitlines() == expected()
    # and every other file builds (the version 1 and libxc parsers included)
    subprocess.run(["javac", "-Werror", "-d", str(classes), "-cp", str(classes),
                    *map(str, sorted(gen_dir.glob("*.java")))], check=True)
