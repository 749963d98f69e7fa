"""Copy images of `make xen-images` into conformance/xen-4.17/, xz -9, with their facts.

    python tools/xen_images/to_corpus.py [--from build/xen-images]
                                         [--to conformance/xen-4.17] FILE...

For each named image of build/xen-images/index.yaml: FILE.xz in the corpus
folder and an entry in its index.yaml: the Xen build, the guest kind, the
exact command dom0 ran, what xl printed, the decompressed size and sha256,
xsif's verdict on the day it was committed and Xen's verify-stream-v2's. The
expected verdict of every image is "conformant, restorable by Xen 4.17": Xen
4.17 wrote each one, and each plain save was restored by Xen 4.17 in the
same run (the restore steps in build/xen-images/index.yaml).
"""

import argparse
import lzma
import shutil
from pathlib import Path

import yaml

HEAD = """\
# Images written by Xen itself: Debian 12's Xen 4.17 (xen-utils-4.17's xl,
# libxl and libxc) saving and migrating real guests in QEMU/TCG. Made by
# `make xen-images` (tools/xen_images/, docs/xen-images.md); copied here by
# tools/xen_images/to_corpus.py. Each FILE.xz decompresses to `octets` octets
# with `sha256`. Expected verdict of every image: conformant (exit 0), and
# restorable by Xen 4.17. `xsif_when_committed` is what xsif said then.
"""


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--from", dest="src", default="build/xen-images")
    p.add_argument("--to", default="conformance/xen-4.17")
    p.add_argument("--copy-to", default=None, help="also copy the .xz files here")
    p.add_argument("--note", action="append", default=[], help="FILE=text: a note for that image")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    src, dst = Path(a.src), Path(a.to)
    dst.mkdir(parents=True, exist_ok=True)
    built = yaml.safe_load((src / "index.yaml").read_text())
    by_file = {e["file"]: e for e in built["images"]}
    notes = dict(n.split("=", 1) for n in a.note)
    entries = []
    for name in a.files:
        e = by_file[name]
        xz = dst / f"{name}.xz"
        if not xz.exists():
            with open(src / name, "rb") as fin, lzma.open(xz, "wb", preset=9) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        entry = {
            "file": f"{name}.xz",
            "decompressed": name,
            "octets": e["size"],
            "sha256": e["sha256"],
            "xen_build": built["xen_build"],
            "xen_version": f"{built['xl_info'].get('xen_version', '?')}",
            "guest": e["kind"],
            "command": e["command"],
            "expected": {"verdict": "conformant", "exit": 0, "restorable_by": "4.17"},
            "xsif_when_committed": e["xsif"],
            "xen_verify_stream_v2": e["xen_checker"],
            "xl_printed": [line for line in e["xl_printed"] if "progress:" not in line],
        }
        if name in notes:
            entry["note"] = notes[name]
        entries.append(entry)
        if a.copy_to:
            Path(a.copy_to).mkdir(parents=True, exist_ok=True)
            shutil.copy(xz, Path(a.copy_to) / xz.name)
    doc = {"xen_build": built["xen_build"], "xl_info": built["xl_info"], "images": entries}
    (dst / "index.yaml").write_text(HEAD + yaml.safe_dump(doc, sort_keys=False, width=100))
    total = sum((dst / x["file"]).stat().st_size for x in entries)
    print(f"to_corpus: {len(entries)} images, {total / 1e6:.1f} MB compressed, in {dst}")


if __name__ == "__main__":
    main()
