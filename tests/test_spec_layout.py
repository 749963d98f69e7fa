"""The layout rules that no image can break, checked on ksy/ itself.

Every field is aligned to its size (spec/conventions.rst, "Alignment"; Xen's
libxc-migration-stream.pandoc, "Fields"): no rule of the catalog can check
it, since an image has its fields wherever the layout puts them, so the test
is on the layout.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "spec" / "_ext"))

import xsif_ksy  # noqa: E402  (spec/_ext is not a package)


def _type_paths(spec: dict, path: tuple[str, ...]) -> Iterator[str]:
    yield "::".join(path)
    for name, sub in (spec.get("types") or {}).items():
        yield from _type_paths(sub, (*path, name))


def _misaligned(registry: xsif_ksy.Registry) -> tuple[int, list[str]]:
    checked, bad = 0, []
    for ksy in sorted(registry.directory.glob("*.ksy")):
        for type_path in _type_paths(registry.file(ksy.stem), (ksy.stem,)):
            for f in xsif_ksy.layout(registry, type_path, expand=True):
                size = xsif_ksy._primitive_size(f.type.split("[")[0])
                offset = f.offset.fixed
                if size is None or offset is None:
                    continue  # octets, user types, offsets after a variable size
                checked += 1
                if offset % size:
                    bad.append(f"{type_path}: {f.name} ({f.type}) at {offset}")
    return checked, bad


def test_every_field_of_a_fixed_offset_is_aligned_to_its_size() -> None:
    checked, bad = _misaligned(xsif_ksy.Registry(xsif_ksy.KSY_DIR))
    assert not bad
    assert checked > 100  # every header and record body, not a few


def test_a_misaligned_field_is_found(tmp_path: Path) -> None:
    """The check can fail: X86_PV_INFO with a u2 guest_width and a u4
    pt_levels has a u4 at offset 2."""
    for ksy in xsif_ksy.KSY_DIR.glob("*.ksy"):
        (tmp_path / ksy.name).write_text(ksy.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "xen_libxc_stream.ksy"
    text = path.read_text(encoding="utf-8")
    old = ("          - id: guest_width\n            type: u1\n"
           "            doc: Octets in a guest word, 4 (32-bit) or 8 (64-bit).\n"
           "          - id: pt_levels\n            type: u1\n")
    assert old in text
    path.write_text(text.replace(old, old.replace("type: u1\n", "type: u4\n", 2)
                                 .replace("id: guest_width\n            type: u4",
                                          "id: guest_width\n            type: u2")),
                    encoding="utf-8")
    _, bad = _misaligned(xsif_ksy.Registry(tmp_path))
    assert bad == ["xen_libxc_stream::stream_body::x86_pv_info_body: pt_levels (u4) at 2"]
