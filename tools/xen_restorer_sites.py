"""Find the error sites of Xen's restore code, as validator/xsif/catalog/xen_restorer.yaml
counts them: the same regexes, the same notion of "function", the same
message text. Used by tests/test_xen_restorer.py (against the Xen mirror, when
there is one) and by hand:

    python tools/xen_restorer_sites.py [TAG] [--raw]

(XSIF_XEN_REPO=path names Xen's repository; --raw: the files of the first
mapping, not those of validator/xsif/catalog/xen_restorer.yaml)

prints one line per site: file, function, line, macro, message.

What a site is (the YAML's header says the same):
  libxc files   every ERROR( and PERROR( call;
  libxl files   every LOG*(ERROR, ...) call (LOG, LOGE, LOGD, LOGED, LOGEV, LOGEVD);
  xl files      every fprintf(stderr, ...) call, in the functions listed only.
The message is the format argument as written: adjacent string literals are
joined, a macro between them (PRIx64, PRIpfn) is kept as `"NAME"` the way it
stands in the source, and an argument that is no literal is kept as `<expr>`.
A site's function is the top-level C function whose body holds it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# a clone (bare or not) of xen-project/xen; XSIF_XEN_REPO names another
MIRROR = Path(os.environ.get("XSIF_XEN_REPO", "/work/.mirror/xen-project+xen/repo"))

PATTERNS = {
    "libxc": re.compile(r"(?<![\w])(P?ERROR)\("),
    "libxl": re.compile(r"(?<![\w])(LOG[A-Z]*)\(\s*ERROR\s*,"),
    "xl": re.compile(r"(?<![\w])(fprintf)\(\s*stderr\s*,"),
}


@dataclass(frozen=True)
class Site:
    file: str
    function: str
    line: int
    macro: str
    message: str


def _blank_comments(text: str) -> str:
    """The text with every comment replaced by spaces (newlines kept), string
    literals left alone, so that positions and line numbers do not move."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out)


_FUNC_HEAD = re.compile(r"^[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\(")


def _functions(lines: list[str]) -> list[str]:
    """For each line, the top-level function whose body it is in ("" outside)."""
    owner: list[str] = []
    candidate = ""
    current = ""
    for line in lines:
        if current == "":
            m = _FUNC_HEAD.match(line)
            if m and not line.startswith(("#", "typedef", "struct ", "enum ", "union ")) \
                    and not line.rstrip().endswith(";"):
                candidate = m.group(1)
            if line.startswith("{") and candidate:
                current = candidate
        owner.append(current)
        if line.startswith("}") and current:
            current = ""
            candidate = ""
    return owner


def _literal_end(text: str, i: int) -> int:
    j = i + 1
    while text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _message(text: str, i: int, macro: str) -> str:
    """The format argument that starts at or after text[i]: for LOG*(ERROR, a, b,
    "fmt") the first argument that is a string literal."""
    pieces: list[str] = []
    depth = 0
    start = i
    while True:
        c = text[i]
        if c in " \t\n\\":
            i += 1
        elif c == '"':
            end = _literal_end(text, i)
            pieces.append(text[i + 1:end - 1])
            i = end
        elif c.isalpha() or c == "_":
            m = re.compile(r"\w+").match(text, i)
            assert m
            if pieces:                 # a macro that is a string literal (PRIx64)
                after = text[m.end():].lstrip(" \t\n\\")
                pieces.append(f'"{m.group(0)}"' if after.startswith('"')
                              else f'"{m.group(0)}')
                i = m.end()
            else:                      # an argument that is not a literal
                i = _skip_argument(text, i)
                if macro.startswith("LOG") and text[i] == ",":
                    i += 1
                    continue
                return "<" + " ".join(text[start:i].split()) + ">"
        elif c == "," and not pieces and depth == 0:
            i += 1
        else:
            break
    return "".join(pieces)


def _skip_argument(text: str, i: int) -> int:
    depth = 0
    while True:
        c = text[i]
        if c == '"':
            i = _literal_end(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif c == "," and depth == 0:
            return i
        i += 1


def sites(text: str, family: str, file: str,
          functions: tuple[str, ...] | None = None) -> list[Site]:
    """Every error site of one file's text."""
    clean = _blank_comments(text)
    lines = clean.split("\n")
    owner = _functions(lines)
    found = []
    for m in PATTERNS[family].finditer(clean):
        line = clean.count("\n", 0, m.start())
        function = owner[line]
        if functions is not None and function not in functions:
            continue
        found.append(Site(file, function, line + 1, m.group(1),
                          _message(clean, m.end(), m.group(1))))
    return found


def show(repo: Path, tag: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "show", f"{tag}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def main(argv: list[str]) -> None:
    import yaml
    table = yaml.safe_load((Path(__file__).resolve().parents[1] / "validator" / "xsif"
                            / "catalog" / "xen_restorer.yaml").read_text(encoding="utf-8")) \
        if "--raw" not in argv else None
    tag = next((a for a in argv if not a.startswith("-")), "RELEASE-4.22.0")
    files = table["files"] if table else RAW_FILES
    for key, f in files.items():
        funcs = tuple(f["only_functions"]) if f.get("only_functions") else None
        for s in sites(show(MIRROR, tag, f["path"]), f["family"], key, funcs):
            print(f"{s.file}\t{s.function}\t{s.line}\t{s.macro}\t{s.message}")


RAW_FILES = {
    "xg_sr_restore.c": {"path": "tools/libs/guest/xg_sr_restore.c", "family": "libxc"},
    "xg_sr_restore_x86_pv.c": {"path": "tools/libs/guest/xg_sr_restore_x86_pv.c",
                               "family": "libxc"},
    "xg_sr_restore_x86_hvm.c": {"path": "tools/libs/guest/xg_sr_restore_x86_hvm.c",
                                "family": "libxc"},
    "xg_sr_common.c": {"path": "tools/libs/guest/xg_sr_common.c", "family": "libxc"},
    "xg_sr_common_x86.c": {"path": "tools/libs/guest/xg_sr_common_x86.c", "family": "libxc"},
    "xg_sr_common_x86_pv.c": {"path": "tools/libs/guest/xg_sr_common_x86_pv.c",
                              "family": "libxc"},
    "libxl_stream_read.c": {"path": "tools/libs/light/libxl_stream_read.c", "family": "libxl"},
    "libxl_colo_restore.c": {"path": "tools/libs/light/libxl_colo_restore.c",
                             "family": "libxl"},
    "libxl_remus.c": {"path": "tools/libs/light/libxl_remus.c", "family": "libxl"},
    "libxl_checkpoint_device.c": {"path": "tools/libs/light/libxl_checkpoint_device.c",
                                  "family": "libxl"},
    "xl_vmcontrol.c": {"path": "tools/xl/xl_vmcontrol.c", "family": "xl",
                       "only_functions": ["create_domain"]},
    "xl_saverestore.c": {"path": "tools/xl/xl_saverestore.c", "family": "xl",
                         "only_functions": ["main_restore"]},
}

if __name__ == "__main__":
    main(sys.argv[1:])
