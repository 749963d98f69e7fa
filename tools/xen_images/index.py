"""Write build/xen-images/index.yaml (images) or oracle.yaml (restorer oracle).

Run by run.sh on the host after the emulated machine powered off. The dom0
job left a table of what it ran (runs.tsv: file, guest kind, command, exit
code) and what each command printed (log/<file>.out); this joins them with
what the host can add: size and sha256 of each image, xsif's verdict on it,
and Xen's own checker's (verify-stream-v2 from the same xen-utils package).
"""

import argparse
import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

TOP = Path(__file__).resolve().parents[2]
XSIF = TOP / ".venv" / "bin" / "xsif"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def lines(path, last=None):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return []
    return text[-last:] if last else text


def xl_info(path):
    """The fields of `xl info` that name the Xen build."""
    info = {}
    for line in lines(path):
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("xen_version", "xen_extra", "xen_changeset",
                                   "xen_caps", "xen_commandline", "cc_compiler",
                                   "release", "version"):
            info[key.strip()] = value.strip()
    return info


def xsif_verdict(path):
    """xsif validate's exit code and its verdict and finding lines."""
    r = subprocess.run([str(XSIF), "validate", str(path)], capture_output=True, text=True)
    out = [line.replace(str(path), Path(path).name) for line in r.stdout.splitlines()]
    return {"exit": r.returncode, "output": out[:12]}


def xen_checker(path, root):
    """Xen's verify-stream-v2 (xen-utils-4.17) on an image, run by the host's python3."""
    tool = root / "usr/lib/xen-4.17/bin/verify-stream-v2"
    pylib = root / "usr/lib/xen-4.17/lib/python"
    if not tool.exists():
        return {"exit": None, "output": ["verify-stream-v2 not unpacked"]}
    with open(path, "rb") as f:
        head = f.read(8)
    fmt = "xl" if head.startswith(b"Xen save") else "libxl" if head == b"LibxlFmt" else "libxc"
    r = subprocess.run(["python3", str(tool), "-f", fmt, "-i", str(path)],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(pylib)})
    out = (r.stdout + r.stderr).replace(str(path), Path(path).name).splitlines()
    return {"format": fmt, "exit": r.returncode, "output": out[-8:]}


def images(args):
    out = Path(args.dir)
    with open(out / "runs.tsv", newline="") as f:
        runs = list(csv.DictReader(f, delimiter="\t"))
    info = xl_info(out / "xl-info.txt")
    doc = {
        "xen_build": args.xen_build,
        "xl_info": info,
        "qemu_seconds": args.seconds,
        "made_by": "make xen-images (tools/xen_images/run.sh images)",
        "images": [],
        "steps": [],
    }
    for run in runs:
        name, rc = run["file"], int(run["rc"])
        printed = lines(out / "log" / f"{name}.out")
        entry = {"file": name, "kind": run["kind"], "command": run["command"],
                 "exit": rc, "xl_printed": printed}
        path = out / name
        if name.endswith(".xsi") and rc == 0 and path.exists() and path.stat().st_size:
            entry.update(size=path.stat().st_size, sha256=sha256(path),
                         xsif=xsif_verdict(path), xen_checker=xen_checker(path, out / "root"))
            doc["images"].append(entry)
        else:
            doc["steps"].append(entry)
    (out / "index.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, width=100))
    print(f"xen-images: {len(doc['images'])} images; see {out / 'index.yaml'}")
    for e in doc["images"]:
        print(f"  {e['file']}: {e['size']} octets, xsif exit {e['xsif']['exit']}, "
              f"verify-stream-v2 exit {e['xen_checker']['exit']}")
    for e in doc["steps"]:
        if e["exit"]:
            print(f"  FAILED {e['command']}: exit {e['exit']}: {' / '.join(e['xl_printed'][-3:])}")


# What the restorer's first complaint says about the file (see docs/xen-images.md).
# The corpus's valid PV streams carry 23-octet vcpu contexts and its HVM
# streams a 3-octet HVM_CONTEXT; Xen refuses both, so a rule's image built on
# them is refused for that before the broken rule is reached ("masked").
MASKING = ("X86_PV_VCPU_BASIC record wrong size: expected 5176, got 31",
           "Unable to restore HVM context (61 = No data available)",
           "Unknown guest type")
OUTSIDE = ("Failed to update", "address size to 32")   # 32-bit PV is off in this Xen


def first_error(printed):
    for line in printed:
        if "error" in line.lower() or "Segmentation" in line:
            return line
    meaningful = [x for x in printed if x.strip() and "progress" not in x]
    return meaningful[-1] if meaningful else ""


def outcome(rc, message):
    if rc == 0:
        return "taken"
    if rc is None:
        return "not run"
    crash = " (then xl crashed: SIGSEGV, exit 139)" if rc == 139 else ""
    if any(m in message for m in MASKING):
        if "Unknown guest type" in message:
            return ("refused: the file's xl configuration has no guest type (outside the stream)"
                    + crash)
        return "refused before the rule under test: synthetic vcpu/HVM context (masked)" + crash
    if "Start Info pfn" in message:
        return ("refused before the rule under test: the PV vcpu context's start_info pfn "
                "is not in the stream's memory (masked)" + crash)
    if "xenstore emulator record when none was expected" in message:
        return ("refused: emulator records in a stream restored as PVH, without a device "
                "model (masked)" + crash)
    if "console tty: timed out" in message:
        return ("restored by libxc; libxl then timed out waiting for the console (the page "
                "HVM_PARAMS' CONSOLE_PFN names is not in the stream)" + crash)
    if "Unable to restore HVM context (22" in message:
        return ("refused before the rule under test: the hypervisor refused the synthetic "
                "HVM_CONTEXT (EINVAL) (masked)" + crash)
    if "device model: spawn failed" in message:
        return ("refused before the rule under test: QEMU did not take the synthetic "
                "EMULATOR_CONTEXT (masked)" + crash)
    if "Found checkpoint in non-checkpointed stream" in message:
        return "refused: a checkpoint, and plain xl restore reads no checkpointed stream" + crash
    if all(m in message for m in OUTSIDE):
        return "refused outside the format: this Xen restores no 32-bit PV guest" + crash
    if "lexical error" in message:
        return "refused: the xl configuration is not JSON" + crash
    if rc == 124:
        return "timed out" + crash
    return "refused with a format error" + crash


def oracle(args):
    out = Path(args.dir)
    res = out / "oracle-log"
    inputs = yaml.safe_load((Path(args.inputs) / "wrapped.yaml").read_text())
    rcs = {}
    if (res / "oracle.tsv").exists():
        with open(res / "oracle.tsv", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                rcs[row["file"]] = row
    doc = {"xen_build": args.xen_build, "xl_info": xl_info(res / "xl-info.txt"),
           "made_by": "make xen-restore-oracle (tools/xen_images/run.sh oracle)", "files": []}
    for item in inputs:
        row = rcs.get(item["restored"])
        entry = dict(item)
        if row is None:
            entry.update(exit=None, outcome="not run (the machine stopped first)")
        else:
            printed = lines(res / "log" / f"{item['restored']}.out")
            msg = first_error(printed) if int(row["rc"]) else ""
            entry.update(exit=int(row["rc"]), seconds=int(row["seconds"]),
                         outcome=outcome(int(row["rc"]), msg), xen_error=msg,
                         xl_printed=[x for x in printed if "progress" not in x][-12:])
        doc["files"].append(entry)
    (out / "oracle.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, width=100))
    if args.merge_with:   # an earlier run's oracle.yaml: keep what this run did not redo
        done = {e["restored"] for e in doc["files"]}
        earlier = yaml.safe_load(Path(args.merge_with).read_text())["files"]
        doc["files"] = sorted([e for e in earlier if e["restored"] not in done] + doc["files"],
                              key=lambda e: e["restored"])
    from collections import Counter
    doc["summary"] = dict(Counter(e.get("outcome", "not run") for e in doc["files"]).most_common())
    (out / "oracle.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, width=100))
    print(f"oracle: {len(doc['files'])} files; see {out / 'oracle.yaml'}")
    # The same, one entry per corpus file with its variants: what the lead reads.
    by_source = {}
    for e in doc["files"]:
        s = by_source.setdefault(e["source"], {"source": e["source"], "verdict": e["verdict"],
                                               "rules": e["rules"], "restored": []})
        stem = e["source"].replace("/", "__").removesuffix(".xsi")
        s["restored"].append({"variant": e["restored"][len(stem) + 1:].removesuffix(".xsi"),
                              "exit": e.get("exit"), "outcome": e.get("outcome"),
                              "xen_error": e.get("xen_error", "")})
    compact = {"xen_build": args.xen_build, "summary": doc["summary"],
               "files": list(by_source.values())}
    (out / "oracle-by-source.yaml").write_text(yaml.safe_dump(compact, sort_keys=False, width=100))
    for k, v in doc["summary"].items():
        print(f"  {v:4d}  {k}")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("mode", choices=["images", "oracle"])
    p.add_argument("--dir", required=True)
    p.add_argument("--xen-build", required=True)
    p.add_argument("--seconds", type=int, default=None)
    p.add_argument("--inputs")
    p.add_argument("--merge-with", default=None)
    args = p.parse_args()
    (images if args.mode == "images" else oracle)(args)


if __name__ == "__main__":
    sys.exit(main())
