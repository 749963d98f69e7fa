"""Copy images of `make xen-images` into conformance/xen-4.17/, with their facts.

    python tools/xen_images/to_corpus.py [--from build/xen-images] [--to conformance/xen-4.17]
        pv.tar.xz=pv-save.xsi,pv-save-c.xsi pvh.tar.xz=pvh-save.xsi,...
    python tools/xen_images/to_corpus.py --revalidate DIR...   (after the rules change)

Each ARCHIVE=FILE,... is one tar compressed by xz with a 128 MiB dictionary:
the images of one guest hold nearly the same memory (its kernel), ~100 MB
apart, so in one stream with a dictionary that reaches back one image each
image after the first costs little; alone, each is ~10 MB with xz -9.
Decompressing needs 128 MiB. For each image, an entry in index.yaml: the
Xen build, the guest kind, the exact command dom0 ran, what xl printed, the
decompressed size and sha256, xsif's verdict on the day it was committed,
Xen's verify-stream-v2's, and whether Xen restored it in the same run. The
expected verdict of every image is "conformant, restorable by Xen 4.17":
Xen 4.17 wrote each one; it restored one image of each guest and the
migration, and the others have the same records.
"""

import argparse
import shutil
import subprocess
from pathlib import Path

import yaml

HEAD = """\
# Images written by Xen itself: Debian 12's Xen 4.17 (xen-utils-4.17's xl,
# libxl and libxc) saving and migrating real guests in QEMU/TCG. Made by
# `make xen-images` (tools/xen_images/, docs/xen-images.md); put here by
# tools/xen_images/to_corpus.py. Each image is a member of its `archive` (tar,
# xz with a 128 MiB dictionary) and has `octets` octets with `sha256`.
# Expected verdict of every image: conformant (exit 0), restorable by Xen
# 4.17. `xsif_when_committed` is what xsif said then.
"""


def make_archive(src, names, out):
    tar = subprocess.Popen(["tar", "cf", "-", "--owner=0", "--group=0", "--numeric-owner",
                            "--mtime=@0", "--format=ustar", *names],
                           cwd=src, stdout=subprocess.PIPE)
    with open(out, "wb") as f:
        subprocess.run(["xz", "-T1", "--lzma2=preset=9,dict=128MiB"], stdin=tar.stdout,
                       stdout=f, check=True)
    if tar.wait():
        raise SystemExit(f"tar failed for {out}")


def revalidate(dst, dirs):
    """Record today's xsif verdict on every committed image, found under `dirs`
    (the decompressed images), in dst/index.yaml: after the rules change."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from index import xsif_verdict
    doc = yaml.safe_load((dst / "index.yaml").read_text())
    for e in doc["images"]:
        path = next(Path(d) / e["file"] for d in dirs if (Path(d) / e["file"]).exists())
        e["xsif_when_committed"] = xsif_verdict(path)
        print(f"{e['file']}: xsif exit {e['xsif_when_committed']['exit']}")
    (dst / "index.yaml").write_text(HEAD + yaml.safe_dump(doc, sort_keys=False, width=100))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--from", dest="src", default="build/xen-images")
    p.add_argument("--to", default="conformance/xen-4.17")
    p.add_argument("--copy-to", default=None, help="also copy the archives here")
    p.add_argument("--revalidate", nargs="+", metavar="DIR", default=None,
                   help="only rerun xsif on the committed images, decompressed in DIR...")
    p.add_argument("groups", nargs="*", metavar="ARCHIVE=FILE,...")
    a = p.parse_args()
    src, dst = Path(a.src), Path(a.to)
    if a.revalidate:
        return revalidate(dst, a.revalidate)
    dst.mkdir(parents=True, exist_ok=True)
    built = yaml.safe_load((src / "index.yaml").read_text())
    by_file = {e["file"]: e for e in built["images"]}
    # Which images Xen restored in the same run: `xl restore /out/FILE` exited 0,
    # or (a migration capture) the migration itself did, the receiver restoring it.
    restored = {s["command"].split("/out/")[-1] for s in built["steps"]
                if s["command"].startswith("xl restore") and s["exit"] == 0}
    restored |= {e["file"] for e in built["images"] if "migrate" in e["command"]}
    # Entries of archives not named here stay (images from another run).
    archives = {g.partition("=")[0] for g in a.groups}
    old = dst / "index.yaml"
    entries = []
    if old.exists():
        kept = yaml.safe_load(old.read_text())["images"]
        entries = [e for e in kept if e["archive"] not in archives]
    for group in a.groups:
        archive, _, names = group.partition("=")
        names = names.split(",")
        if not (dst / archive).exists():
            make_archive(src, names, dst / archive)
        for name in names:
            e = by_file[name]
            entries.append({
                "file": name,
                "archive": archive,
                "octets": e["size"],
                "sha256": e["sha256"],
                "xen_build": built["xen_build"],
                "xen_version": built["xl_info"].get("xen_version", "?"),
                "guest": e["kind"],
                "command": e["command"],
                "expected": {"verdict": "conformant", "exit": 0, "restorable_by": "4.17"},
                "restored_by_xen_in_the_same_run": name in restored,
                "xsif_when_committed": e["xsif"],
                "xen_verify_stream_v2": e["xen_checker"],
                "xl_printed": [line for line in e["xl_printed"] if "progress:" not in line],
            })
        if a.copy_to:
            Path(a.copy_to).mkdir(parents=True, exist_ok=True)
            shutil.copy(dst / archive, Path(a.copy_to) / archive)
    doc = {"xen_build": built["xen_build"], "xl_info": built["xl_info"], "images": entries}
    (dst / "index.yaml").write_text(HEAD + yaml.safe_dump(doc, sort_keys=False, width=100))
    archives = {e["archive"] for e in entries}
    total = sum((dst / name).stat().st_size for name in archives)
    print(f"to_corpus: {len(entries)} images in {len(archives)} archives, "
          f"{total / 1e6:.1f} MB, in {dst}")


if __name__ == "__main__":
    main()
