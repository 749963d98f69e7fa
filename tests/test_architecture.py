"""The package's layout (issue 13): imports run one way. Every import among
xsif's own modules -- at module level or inside a function, absolute or
relative -- is an edge; the graph has no cycle, no module imports another's
private name, and no subpackage imports one above it (the CLI and API on
top, the generated parsers at the bottom)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "validator" / "xsif"

LAYERS = ("catalog", "report", "read", "check", "codec")
"""The subpackages from the bottom up (xsif.generated is below them all); a
module may import its own layer and those below. The modules at the top of
the package (cli, api, entry, samples, ...) are above every layer."""


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = ["xsif", *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, str | None, int]]:
    """(module imported, name imported from it or None, line) for every import
    of an xsif module in the file, wherever it stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[:len(up) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from xsif.codec import dump` imports the module xsif.codec.dump
                found.append((sub, None, node.lineno) if sub in known
                             else (base, alias.name, node.lineno))
    return [(m, n, line) for m, n, line in found if m == "xsif" or m.startswith("xsif.")]


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(root)
    return {name: {m for m, _, _ in imports(name, path, set(mods))
                   if m in mods and m != name}
            for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected part that has one."""
    found, state = [], {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def layer(name: str) -> int:
    """-1 for the generated parsers, a layer's index, or the top."""
    sub = name.split(".")[1:2]
    if sub == ["generated"]:
        return -1
    return LAYERS.index(sub[0]) if sub and sub[0] in LAYERS else len(LAYERS)


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_no_private_name_is_imported() -> None:
    mods = modules()
    private = [f"{path.relative_to(PACKAGE)}:{line}: {name} from {m}"
               for me, path in mods.items()
               for m, name, line in imports(me, path, set(mods))
               if name is not None and name.startswith("_") and not name.endswith("__")]
    assert private == []


def test_imports_run_down_the_layers() -> None:
    upward = [f"{me} imports {m}" for me, deps in graph().items() for m in deps
              if layer(m) > layer(me)]
    assert upward == []
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == set(LAYERS)


def test_the_checks_can_fail(tmp_path: Path) -> None:
    pkg = tmp_path / "xsif"
    (pkg / "read").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "read" / "__init__.py").write_text("")
    (pkg / "read" / "a.py").write_text("def f():\n    from . import b\n")
    (pkg / "read" / "b.py").write_text("from xsif.read.a import _hidden\n")
    (pkg / "read" / "c.py").write_text("from xsif import cli\n")
    (pkg / "cli.py").write_text("import xsif.read.c\n")
    edges = graph(pkg)
    assert edges["xsif.read.a"] == {"xsif.read.b"}
    assert cycles(edges) == [["xsif.cli", "xsif.read.c", "xsif.cli"],
                             ["xsif.read.a", "xsif.read.b", "xsif.read.a"]]
    assert ("xsif.read.a", "_hidden", 1) in imports("xsif.read.b", pkg / "read" / "b.py",
                                                    set(modules(pkg)))
    assert layer("xsif.cli") > layer("xsif.read.c") > layer("xsif.generated.x")
    assert layer("xsif.read") == layer("xsif.read.c") < layer("xsif.check.engine")
