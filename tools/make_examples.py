"""Write the sample images under examples/ (make examples).

valid/ holds conformant images; invalid/RULE.xsi breaks the rule RULE and
no other. Everything is built with the writer, so the files are the same on
every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xsif import samples

VALID = {
    "minimal-le.xsi": lambda: samples.standard(),
    "minimal-be-no-checksums.xsi": lambda: samples.standard(big_endian=True, checksums=False),
    "pae32-le.xsi": lambda: samples.standard(guest_width=4, pt_levels=3),
    "live-migration-le.xsi": lambda: samples.live_migration(),
    "live-migration-be.xsi": lambda: samples.live_migration(big_endian=True),
}

INVALID = [
    "image.legacy",
    "record.checksum",
    "record.padding",
    "record.type-reserved",
    "page-data.length",
    "p2m.length",
    "x86-pv-info.pair",
    "layout.vcpu-info-missing",
    "layout.memory-after-vcpu",
    "stream.truncated",
]


def images() -> dict[str, bytes]:
    out = {f"valid/{name}": make().build() for name, make in VALID.items()}
    out.update({f"invalid/{rule}.xsi": samples.broken(rule) for rule in INVALID})
    return out


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "examples")
    for name, data in images().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} octets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
