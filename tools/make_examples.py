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
    # what Xen 4.6 and later write
    "xl-pv-le.xsi": lambda: samples.xl_save(hvm=False),
    "xl-hvm-le.xsi": lambda: samples.xl_save(hvm=True),
    "xl-hvm-v2-le.xsi": lambda: samples.xl_save(2, hvm=True),
    "xl-remus-checkpoints-le.xsi": lambda: samples.checkpointed(),
    "xl-colo-le.xsi": lambda: samples.checkpointed(colo=True),
    "libxc-v2-pv-le.xsi": lambda: samples.libxc_stream(2),
    "libxc-v3-hvm-le.xsi": lambda: samples.libxc_stream(3, hvm=True),
}

KINDS = {
    "xl-": "detected xl save file",
    "libxc-v2": "detected libxc stream, version 2",
    "libxc-v3": "detected libxc stream, version 3",
}
"""What `xsif validate` says it found, by the start of a sample's name."""

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
    # Part II: each breaks one rule of one layer
    "xl.mandatory-flags",
    "xl.config-json",
    "libxl.emulator-xenstore-data.pairs",
    "libxl.layout.checkpoint-end-unexpected",
    "libxc.image.big-endian",
    "libxc.page-data.length",
    "libxc.layout.static-data-end-late",
    "libxc.x86-pv-vcpu.basic-size",
    "libxc.layout.x86-pv-info-late",
    "libxc.x86-pv-p2m-frames.length",
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
