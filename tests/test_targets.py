"""The .ksy files in Kaitai targets other than Python.

JavaScript runs here: ksy/ is compiled with the pinned compiler (debug
mode, as the Kaitai Web IDE compiles it) into build/, and one node process
parses every image of the conformance corpus with the pinned npm runtime
(tests/js/parse_corpus.js). Every record's type and length and the fields
`xsif dump` reports (pfns and page types, p2m frames, counts, vcpu ids,
parameters, emulator and checkpoint ids), at every layer, must be what the
JavaScript parsers read. A conformant image must parse to its end; another
may stop early, but only where `xsif dump` stops too, with the same records
before.

The compiled targets that have no runtime here (java, cpp_stl, csharp, go,
rust) are checked in tests/test_target_types.py.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from xsif.codec.dump import NotAnImage, dump
from xsif.read import gen
from xsif.report.emit import write_json

ROOT = Path(__file__).resolve().parents[1]
JS_DIR = ROOT / "build" / "targets" / "javascript-debug"
MANIFEST = yaml.safe_load((ROOT / "conformance" / "manifest.yaml").read_text())

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def compile_ksy(target: str, out: Path, debug: bool = False) -> Path:
    """Compile every .ksy for `target` with the pinned compiler into `out`."""
    if out.exists():
        shutil.rmtree(out)
    cmd = ["node", str(ROOT / "tools" / "ksc.js"), "--target", target]
    if debug:
        cmd.append("--debug")
    cmd += [str(out), *sorted(str(p) for p in (ROOT / "ksy").glob("*.ksy"))]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out


@pytest.fixture(scope="module")
def js_results() -> dict[str, dict[str, Any]]:
    compile_ksy("javascript", JS_DIR, debug=True)
    items = [{"path": str(ROOT / "conformance" / f["path"]), "format": f["format"]}
             for f in MANIFEST["files"]]
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "parse_corpus.js"), str(JS_DIR)],
                         input=json.dumps(items), capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return {Path(r["path"]).relative_to(ROOT / "conformance").as_posix(): r
            for r in json.loads(run.stdout)}


# --- what `xsif dump` reports, in the shape parse_corpus.js prints -------------------------

TYPES = {"v1": gen.RecordType, "libxc": gen.LibxcRecordType, "libxl": gen.LibxlRecordType}


def _code(enum: type, value: Any) -> int:
    """An enum value as dump writes it (its name, or the number when the
    enum has no name for it) as a number."""
    if isinstance(value, str):
        return int(value, 0) if value.startswith("0x") else enum[value].value
    return int(value)


def _fields(layer: str, code: int, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or "hex" in body:
        return {}
    def page_data() -> dict[str, Any]:
        return {"count": body.get("count"),
                "pfns": [[e["pfn"], _code(gen.PageType, e["page_type"]), e["reserved"]]
                         for e in body.get("pfns", [])]}
    if layer == "v1":
        return {1: page_data,
                2: lambda: {"maxVcpuId": body["max_vcpu_id"]},
                3: lambda: {"vcpuId": body["vcpu_id"]},
                4: lambda: {"guestWidth": body["guest_width"], "ptLevels": body["pt_levels"]},
                5: lambda: {"p2mStartPfn": body["p2m_start_pfn"],
                            "p2mEndPfn": body["p2m_end_pfn"],
                            "frames": [[raw & ((1 << 52) - 1), raw >> 52]
                                       for raw in body.get("frames", [])]},
                }.get(code, dict)()
    if layer == "libxc":
        return {1: page_data,
                2: lambda: {"guestWidth": body["guest_width"], "ptLevels": body["pt_levels"]},
                3: lambda: {"p2mStartPfn": body["p2m_start_pfn"],
                            "p2mEndPfn": body["p2m_end_pfn"],
                            "frames": list(body.get("frames", []))},
                4: lambda: {"vcpuId": body["vcpu_id"]},
                5: lambda: {"vcpuId": body["vcpu_id"]},
                6: lambda: {"vcpuId": body["vcpu_id"]},
                12: lambda: {"vcpuId": body["vcpu_id"]},
                8: lambda: {"mode": _code(gen.TscMode, body["mode"]), "khz": body["khz"],
                            "nsec": body["nsec"], "incarnation": body["incarnation"]},
                10: lambda: {"count": body["count"],
                             "params": [[p["index"], p["value"]]
                                        for p in body.get("params", [])]},
                }.get(code, dict)()
    if code in (2, 3):
        head = body["header"]
        return {"emulatorId": _code(gen.EmulatorId, head["emulator_id"]),
                "index": head["index"]}
    if code == 5:
        return {"controlId": _code(gen.CheckpointState, body["control_id"])}
    return {}


def _records(layer: str, records: list[dict[str, Any]], out: list[list[Any]]) -> None:
    for r in records:
        head = r.get("header")
        if not isinstance(head, dict) or "type" not in head:
            break
        code = _code(TYPES[layer], head["type"])
        out.append([layer, code, head["body_length"], _fields(layer, code, r.get("body"))])
        if layer == "libxl" and "libxc" in r:
            _records("libxc", r["libxc"].get("records", []), out)


def dumped(path: Path) -> tuple[list[list[Any]], dict[str, Any] | None]:
    """The records `xsif dump` decodes, and where and why it stopped (None
    when it decoded the image to its END)."""
    with path.open("rb") as f:
        try:
            result = dump(f)
        except NotAnImage as err:
            return [], {"offset": 0, "reason": str(err)}
        out = io.StringIO()
        write_json(result.doc, out)
    doc = json.loads(out.getvalue())
    records: list[list[Any]] = []
    if doc["format"] == "xen-save-image-v1":
        _records("v1", doc.get("records", []), records)
    elif doc["format"].startswith("libxc"):
        _records("libxc", doc.get("records", []), records)
    else:
        libxl = doc.get("libxl", doc)
        _records("libxl", libxl.get("records", []), records)
    return records, result.stop


# --- what the generated Python top-level parsers read, walked as parse_corpus.js walks
# the JavaScript ones ---------------------------------------------------------------------

TOP = {"xen-save-image-v1": gen.V1, "libxc-stream-v2": gen.XenLibxcStream,
       "libxc-stream-v3": gen.XenLibxcStream, "libxl-stream": gen.XenLibxlStream,
       "xl-save-file": gen.Xl}


def _get(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name, None)
    except Exception:  # noqa: BLE001 - an instance that cannot be computed from what was read
        return None


def _pick(obj: Any, names: dict[str, str]) -> dict[str, Any]:
    out = {}
    for js, py in names.items():
        value = _get(obj, py)
        if value is not None:
            out[js] = int(value)
    return out


def _py_fields(layer: str, code: int, body: Any) -> dict[str, Any]:
    if body is None or isinstance(body, bytes):
        return {}
    head = _get(body, "header")
    if code == 1 and layer in ("v1", "libxc"):
        return {"count": _get(head, "count"),
                "pfns": [[e.pfn, e.type_code, e.reserved] for e in _get(body, "pfns") or []]}
    vcpu = {"vcpuId": "vcpu_id"}
    emulator = {"emulatorId": "emulator_id", "index": "index"}
    start_end = {"p2mStartPfn": "p2m_start_pfn", "p2mEndPfn": "p2m_end_pfn"}
    if layer == "v1":
        if code == 5:
            return {**_pick(head, start_end),
                    "frames": [[f.frame, f.reserved] for f in _get(body, "frames") or []]}
        names = {2: {"maxVcpuId": "max_vcpu_id"}, 3: vcpu,
                 4: {"guestWidth": "guest_width", "ptLevels": "pt_levels"}}.get(code, {})
        return _pick(body, names)
    if layer == "libxc":
        if code == 3:
            return {**_pick(head, start_end),
                    "frames": [f.pfn for f in _get(body, "frames") or []]}
        if code == 10:
            return {"count": _get(head, "count"),
                    "params": [[_get(p, "index"), _get(p, "value")]
                               for p in _get(body, "params") or []]}
        names = {2: {"guestWidth": "guest_width", "ptLevels": "pt_levels"}, 4: vcpu, 5: vcpu,
                 6: vcpu, 12: vcpu,
                 8: {"mode": "mode", "khz": "khz", "nsec": "nsec",
                     "incarnation": "incarnation"}}.get(code, {})
        return _pick(body, names)
    if code in (2, 3):
        return _pick(head, emulator)
    return _pick(body, {"controlId": "control_id"}) if code == 5 else {}


def _py_records(layer: str, records: Any, out: list[list[Any]]) -> None:
    for r in records or []:
        head = _get(r, "header")
        if _get(head, "type") is None or _get(head, "body_length") is None:
            break
        code = int(head.type)
        out.append([layer, code, head.body_length, _py_fields(layer, code, _get(r, "body"))])
        if layer == "libxl":
            inner = _get(r, "libxc_stream")
            if inner is not None:
                _py_records("libxc", _get(_get(inner, "body"), "records"), out)
            _py_records("libxc", _get(r, "libxc_records"), out)


def generated(path: Path, fmt: str) -> tuple[list[list[Any]], str | None]:
    """The records the generated Python top-level parser reads, and its
    error (None when it read to the end), as parse_corpus.js reports them."""
    top = gen.new(TOP[fmt], gen.KaitaiStream(io.BytesIO(path.read_bytes())))
    error = None
    try:
        top._read()
    except EOFError:
        error = "EOFError"  # kaitaistruct's EndOfStreamError, or the stream's own
    except Exception as err:  # noqa: BLE001 - what failed is compared, not raised
        error = type(err).__name__
    out: list[list[Any]] = []
    if fmt == "xen-save-image-v1":
        _py_records("v1", _get(_get(top, "body"), "records"), out)
    elif fmt.startswith("libxc"):
        _py_records("libxc", _get(_get(top, "body"), "records"), out)
    else:
        libxl = _get(_get(top, "body"), "libxl_stream") if fmt == "xl-save-file" else top
        _py_records("libxl", _get(_get(libxl, "body"), "records"), out)
    return out, error


def _count(records: list[list[Any]]) -> int:
    """Values compared: type and length of each record, and each field."""
    def n(value: Any) -> int:
        if isinstance(value, list):
            return sum(n(v) for v in value)
        if isinstance(value, dict):
            return sum(n(v) for v in value.values())
        return 1
    return sum(2 + n(r[3]) for r in records)


FILES = [f for f in MANIFEST["files"]]
VALID = [f for f in FILES if f["verdict"] == "conformant"
         and "xl.stream-legacy" not in f["rules"]]
"""The images that decode to their END: conformant ones, but for an xl file
whose legacy stream is not read (xl.stream-legacy is a warning)."""


def test_the_corpus_is_there() -> None:
    assert len(FILES) > 150 and len(VALID) > 30
    assert any("remus" in f["path"] for f in VALID) and any("colo" in f["path"] for f in VALID)


@pytest.mark.parametrize("entry", VALID, ids=lambda f: f["path"])
def test_javascript_reads_every_conformant_image_as_xsif_dump(
        entry: dict[str, Any], js_results: dict[str, dict[str, Any]]) -> None:
    js = js_results[entry["path"]]
    records, stop = dumped(ROOT / "conformance" / entry["path"])
    assert stop is None, stop
    assert js["error"] is None, js["error"]
    assert js["records"] == records
    assert generated(ROOT / "conformance" / entry["path"], entry["format"]) == (records, None)
    assert records[-1][1] == 0  # END, in every layer's numbering


def _js_error(message: str | None) -> str | None:
    """The error class, in Python's names: the JavaScript runtime reports a
    missing terminator as a plain Error, Python's as an EOFError."""
    if message is None:
        return None
    if "End of stream reached" in message:
        return "EOFError"
    return message.split(":")[0]


@pytest.mark.parametrize("entry", [f for f in FILES if f not in VALID],
                         ids=lambda f: f["path"])
def test_javascript_reads_other_images_as_python_does(
        entry: dict[str, Any], js_results: dict[str, dict[str, Any]]) -> None:
    """A non-conformant image: JavaScript reads the same values as the
    generated Python parser, and fails where and how it fails; the records
    both read whole are the ones `xsif dump` decodes."""
    path = ROOT / "conformance" / entry["path"]
    js = js_results[entry["path"]]
    py, error = generated(path, entry["format"])
    assert js["records"] == py
    assert _js_error(js["error"]) == error, (js["error"], error)
    # what both read whole is what xsif dump decodes, as far as it decodes
    # (it stops where Xen stops, at an unknown version or byte order, say,
    # which the .ksy read on)
    whole = py if error is None else py[:-1]
    records, stop = dumped(path)
    n = min(len(whole), len(records))
    assert whole[:n] == records[:n]
    if error is None and stop is None:
        assert whole == records


@pytest.mark.parametrize(("folder", "bit"), [("v1", 0), ("v1", 40), ("libxl", 0), ("libxl", 63)])
def test_javascript_checks_every_bit_of_the_marker_and_ident(
        folder: str, bit: int, js_results: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    """The image header's marker and the libxl ident are 64-bit words that
    the .ksy reads and checks as two 32-bit halves, so that JavaScript (whose
    numbers hold 53 bits) refuses any one bit wrong, as Python does."""
    fmt = {"v1": "xen-save-image-v1", "libxl": "libxl-stream"}[folder]
    good = sorted((ROOT / "conformance" / folder / "valid").glob("*.xsi"))[0]
    data = bytearray(good.read_bytes())
    data[7 - bit // 8] ^= 1 << bit % 8  # both words are big-endian, at offset 0
    path = tmp_path / "bad.xsi"
    path.write_bytes(data)
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "parse_corpus.js"), str(JS_DIR)],
                         input=json.dumps([{"path": str(path), "format": fmt}]),
                         capture_output=True, text=True, check=True, cwd=ROOT)
    js = json.loads(run.stdout)[0]
    assert _js_error(js["error"]) == "ValidationNotEqualError" and js["records"] == []
    assert generated(path, fmt) == ([], "ValidationNotEqualError")


def test_fields_compared(js_results: dict[str, dict[str, Any]]) -> None:
    """The comparison covers every layer and the values the issue names."""
    valid = [js_results[f["path"]]["records"] for f in VALID]
    layers = {r[0] for records in valid for r in records}
    assert layers == {"v1", "libxc", "libxl"}
    pfns = [e for records in valid for r in records for e in r[3].get("pfns", [])]
    assert len(pfns) > 200
    assert any(e[0] >= 1 << 32 for e in pfns) and any(e[1] == 15 for e in pfns)
    assert _count([r for records in valid for r in records]) > 2000
