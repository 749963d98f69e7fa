"""`xsif dump` and `xsif build`: dump then build gives back the same bytes;
invalid images decode as far as they frame; clear errors and exit codes."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_roundtrip import conformant_plans

from xsif import samples
from xsif.check.engine import validate_bytes
from xsif.codec import build, decode, dump
from xsif.codec.writer import ImageWriter
from xsif.read import gen
from xsif.report.emit import materialize, write_json, write_yaml
from xsif.samples import Plan

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "conformance"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
VALID = [e["path"] for e in MANIFEST["files"] if "/valid/" in e["path"]]
INVALID = [e["path"] for e in MANIFEST["files"] if "/rules/" in e["path"]]
READINGS = [e["path"] for e in MANIFEST["files"] if "/readings/" in e["path"]]
XSIF = [sys.executable, "-m", "xsif.cli"]

UNFRAMED = {"image.legacy", "image.id", "xl.magic"}  # not an image: exit 2
STOPPED = {"stream.truncated", "stream.trailing", "layout.end-missing", "image.version-unknown",
           # Part II: no END, or a header whose version or identity no decoder knows
           "libxc.layout.end-missing", "libxl.layout.end-missing", "libxl.header.version",
           "libxl.header.ident", "libxc.image.version", "xl.byte-order", "xl.stream-legacy",
           # a record longer than REC_LENGTH_MAX: its body is not in the file
           "libxc.record.length-max"}


def text_of(data: bytes, as_yaml: bool, pages: bool) -> tuple[str, dump.Dump]:
    result = dump.dump(io.BytesIO(data), pages=pages)
    out = io.StringIO()
    (write_yaml if as_yaml else write_json)(result.doc, out)
    return out.getvalue(), result


def rebuilt(text: str) -> bytes:
    out = io.BytesIO()
    build.build(yaml.safe_load(text), out)
    return out.getvalue()


@pytest.mark.parametrize("pages", [False, True], ids=["summary", "pages"])
@pytest.mark.parametrize("as_yaml", [False, True], ids=["json", "yaml"])
@pytest.mark.parametrize("path", VALID)
def test_dump_then_build_gives_back_every_valid_corpus_image(path: str, as_yaml: bool,
                                                             pages: bool) -> None:
    data = (CORPUS / path).read_bytes()
    text, result = text_of(data, as_yaml, pages)
    assert result.stop is None
    if not as_yaml:
        json.loads(text)
    assert rebuilt(text) == data


@pytest.mark.parametrize("path", INVALID)
def test_invalid_corpus_images_decode_as_far_as_they_frame(path: str) -> None:
    data = (CORPUS / path).read_bytes()
    rule_id = Path(path).stem.removesuffix("-be")
    if rule_id in UNFRAMED:
        with pytest.raises(dump.NotAnImage):
            dump.dump(io.BytesIO(data))
        return
    text, result = text_of(data, True, True)
    doc = yaml.safe_load(text)
    if rule_id in STOPPED:
        assert result.stop is not None and doc["stopped"] == result.stop
        assert {"offset", "reason"} <= set(doc["stopped"])
    else:
        assert result.stop is None and "stopped" not in doc
    assert rebuilt(text) == data  # even the errors come back, truncated data included


@pytest.mark.parametrize("path", READINGS)
def test_corpus_images_of_several_faults_come_back_from_their_dump(path: str) -> None:
    data = (CORPUS / path).read_bytes()
    try:
        text, _ = text_of(data, True, True)
    except dump.NotAnImage:
        return  # the image id is wrong: nothing to decode (as for image.id's image)
    assert rebuilt(text) == data


@given(conformant_plans())
def test_dump_then_build_round_trips_random_valid_images(plan: Plan) -> None:
    data = plan.build()
    for as_yaml in (False, True):
        text, result = text_of(data, as_yaml, True)
        assert result.stop is None
        assert rebuilt(text) == data


def test_dump_decodes_fields_through_the_parser() -> None:
    doc = materialize(dump.dump(io.BytesIO(samples.live_migration(True).build())).doc)
    assert doc["format"] == "xen-save-image-v1"
    assert doc["image_header"]["byte_order"] == "big-endian"
    assert doc["domain_header"] == {"arch": "x86", "type": "pv", "page_shift": 12,
                                    "reserved": 0}
    types = [r["header"]["type"] for r in doc["records"]]
    assert types[:3] == ["0x80000001", "x86_pv_info", "p2m"] and types[-1] == "end"
    pd = doc["records"][4]
    assert pd["body"]["pfns"][1] == {"pfn": 5, "page_type": "xtab", "reserved": 0}
    assert len(pd["body"]["pages"]) == 1  # XTAB and BROKEN carry no data
    assert pd["checksum_status"] == "none"
    assert doc["records"][1]["checksum_status"] == "valid"
    assert doc["octets"] == len(samples.live_migration(True).build())


def test_pages_are_summarized_unless_asked_for() -> None:
    data = samples.standard().build()
    summary = materialize(dump.dump(io.BytesIO(data)).doc)["records"][2]["body"]["pages"]
    full = materialize(dump.dump(io.BytesIO(data), pages=True).doc)["records"][2]["body"]
    assert set(summary[0]) == {"sha256", "fill"} and summary[0]["fill"] == 0
    assert set(summary[1]) == {"sha256", "pattern"}
    assert full["pages"][1] == {"hex": (1).to_bytes(8, "little").hex() * 512}


def test_a_page_with_only_a_digest_cannot_be_built() -> None:
    data = samples.standard().change("page_data", pages=[bytes(range(256)) * 16] * 3).build()
    text, _ = text_of(data, True, False)
    with pytest.raises(build.DescriptionError, match=r"records\[2\]\.body\.pages\[0\].*--pages"):
        rebuilt(text)


class _Sink(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def test_dump_memory_does_not_follow_the_image(tmp_path: Path) -> None:
    path = tmp_path / "big.xsi"
    with path.open("wb") as out:
        w = ImageWriter(out)
        w.image_header()
        w.domain_header()
        w.x86_pv_info()
        w.p2m(0, 8191)
        for first in range(0, 8192, 2048):  # 32 MiB of pages in four records
            w.page_data([(p, 0) for p in range(first, first + 2048)],
                        pages=(bytes([p % 251]) * 4096 for p in range(2048)))
        w.vcpu_info(0)
        w.vcpu_context(0, b"x")
        w.end()
    tracemalloc.start()
    with path.open("rb") as f:
        result = dump.dump(f)
        write_json(result.doc, _Sink())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.stop is None
    assert peak < 4 << 20, peak


def test_a_hostile_length_costs_nothing() -> None:
    data = bytearray(samples.standard().build())
    data[64 + 4:64 + 8] = (0xFFFFFFF0).to_bytes(4, "little")  # the P2M's body_length
    doc = materialize(dump.dump(io.BytesIO(bytes(data))).doc)
    assert "ends inside a record body" in doc["stopped"]["reason"]


# --- the commands ------------------------------------------------------------------

def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*XSIF, *args], input=stdin, capture_output=True, timeout=120)


def test_dump_command_exit_codes(tmp_path: Path) -> None:
    good = CORPUS / "v1/valid/smallest-le.xsi"
    r = run("dump", str(good))
    assert r.returncode == 0 and r.stderr == b""
    assert json.loads(r.stdout)["format"] == "xen-save-image-v1"
    cut = CORPUS / "v1/rules/stream.truncated.xsi"
    r = run("dump", "--yaml", str(cut))
    assert r.returncode == 1
    assert yaml.safe_load(r.stdout)["stopped"]["offset"] == 100
    assert b"stopped at offset 100" in r.stderr
    r = run("dump", str(CORPUS / "v1/rules/image.legacy.xsi"))
    assert r.returncode == 2 and b"legacy" in r.stderr and b"Traceback" not in r.stderr
    for missing in (str(tmp_path / "nope.xsi"), str(tmp_path)):
        r = run("dump", missing)
        assert r.returncode == 2 and b"cannot read" in r.stderr


def test_dump_reads_stdin_and_both_yaml_spellings() -> None:
    data = (CORPUS / "v1/valid/smallest-be.xsi").read_bytes()
    a = run("dump", "--yaml", "-", stdin=data)
    b = run("dump", "--output-format", "yaml", "--pages", "-", stdin=data)
    assert a.returncode == b.returncode == 0
    assert yaml.safe_load(a.stdout)["image_header"]["byte_order"] == "big-endian"
    assert b'hex: "0000000000000000' in b.stdout


def test_build_command_round_trip(tmp_path: Path) -> None:
    image = CORPUS / "v1/valid/live-migration-be.xsi"
    desc = tmp_path / "d.yaml"
    desc.write_bytes(run("dump", "--yaml", str(image)).stdout)
    r = run("build", str(desc), "-o", str(tmp_path / "out.xsi"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.xsi").read_bytes() == image.read_bytes()


@pytest.mark.parametrize("name", ["smallest", "deliberate-errors"])
def test_example_descriptions_build(name: str, tmp_path: Path) -> None:
    out = tmp_path / "x.xsi"
    r = run("build", str(ROOT / "examples/descriptions" / f"{name}.yaml"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    ids = sorted(f.rule_id for f in validate_bytes(out.read_bytes()).findings)
    expected = [] if name == "smallest" else [
        "page-data.length", "record.checksum", "record.padding", "record.type-optional",
        "vcpu-info.reserved"]
    assert ids == expected


def _desc(**records_0: object) -> dict:
    return {"format": "xen-save-image-v1",
            "records": [{"header": {"type": "vcpu_info"}, "body": {"max_vcpu_id": 0},
                         **records_0}]}


@pytest.mark.parametrize(("desc", "path", "words"), [
    ({"format": "nope"}, "format", "known formats"),
    ({}, "format", "missing"),
    ({"format": "xen-save-image-v1", "colour": 1}, "colour", "unknown key"),
    (_desc(header={"type": "vcpu_info", "lenght": 8}), "records[0].header.lenght",
     "unknown key"),
    (_desc(header={"type": "nonsense"}), "records[0].header.type", "not a number"),
    (_desc(body={}), "records[0].body.max_vcpu_id", "missing"),
    (_desc(body={"max_vcpu_id": 1 << 40}), "records[0].body.max_vcpu_id", "32 bits"),
    (_desc(padding="zz"), "records[0].padding", "not hex"),
    ({"format": "xen-save-image-v1", "image_header": {"reserved": "00"}},
     "image_header.reserved", "6"),
    ({"format": "xen-save-image-v1", "records": {}}, "records", "expected a list"),
])
def test_description_errors_name_the_key(desc: dict, path: str, words: str) -> None:
    with pytest.raises(build.DescriptionError) as err:
        build.build(desc, io.BytesIO())
    assert err.value.path == path
    assert words in str(err.value)


def test_build_command_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: xen-save-image-v1\nrecords:\n  - header: {type: end, x: 1}\n")
    r = run("build", str(bad), "-o", str(tmp_path / "o.xsi"))
    assert r.returncode == 2
    assert b"records[0].header.x: unknown key" in r.stderr
    assert not (tmp_path / "o.xsi").exists()
    bad.write_text("records: [\n")
    r = run("build", str(bad), "-o", str(tmp_path / "o.xsi"))
    assert r.returncode == 2 and b"not YAML" in r.stderr
    r = run("build", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "o.xsi"))
    assert r.returncode == 2 and b"cannot read" in r.stderr


def test_build_computes_what_is_left_out_and_writes_what_is_given() -> None:
    base = {"format": "xen-save-image-v1", "image_header": {"byte_order": "big-endian"},
            "records": [
                {"header": {"type": "x86_pv_info"}, "body": {"guest_width": 4, "pt_levels": 3}},
                {"header": {"type": "p2m"}, "body": {"p2m_start_pfn": 0, "p2m_end_pfn": 2000}},
                {"header": {"type": "PAGE_DATA"}, "body": {"pfns": [{"pfn": 9}]}},
                {"header": {"type": "vcpu_info"}, "body": {"max_vcpu_id": 0}},
                {"header": {"type": "vcpu_context"}, "body": {"vcpu_id": 0, "context": "ab"}},
                {"header": {"type": "end"}}]}
    out = io.BytesIO()
    build.build(base, out)
    assert validate_bytes(out.getvalue()).findings == []
    base["records"][3]["footer"] = {"checksum": "wrong"}
    base["records"][2]["body"]["reserved"] = 5
    out = io.BytesIO()
    build.build(base, out)
    ids = sorted(f.rule_id for f in validate_bytes(out.getvalue()).findings)
    assert ids == ["page-data.reserved", "record.checksum"]


def test_truncate_and_trailing() -> None:
    desc = yaml.safe_load(text_of(samples.standard().build(), True, False)[0])
    desc["truncate"] = 100
    out = io.BytesIO()
    build.build(desc, out)
    assert out.getvalue() == samples.broken("stream.truncated")
    del desc["truncate"]
    desc["trailing"] = {"fill": 0, "length": 8}
    out = io.BytesIO()
    build.build(desc, out)
    assert out.getvalue() == samples.broken("stream.trailing")


def test_help_documents_exit_codes() -> None:
    for cmd in ("dump", "build"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and b"Exit status" in r.stdout


def test_decoder_and_encoder_tables_agree() -> None:
    assert dump.DECODERS[0].name in build.ENCODERS
    assert {int(t) for t in gen.RecordType} == set(decode.V1_BODIES) == set(build.BODY_ENCODERS)


# --- hostile input: a clear stop or a clear error, never a traceback ---------------

BASES = [samples.standard().build(), samples.live_migration(True).build()]


@given(st.sampled_from(BASES),
       st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1,
                max_size=6),
       st.integers(0, 1 << 16))
def test_damaged_images_dump_without_escaping(base: bytes, patches: list, cut: int) -> None:
    data = bytearray(base)
    for pos, value in patches:
        data[pos % len(data)] = value
    data = data[:max(cut, 1)] if cut < len(data) else data
    try:
        result = dump.dump(io.BytesIO(bytes(data)))
    except dump.NotAnImage:
        return
    write_yaml(result.doc, _Sink())
    assert result.stop is None or {"offset", "reason"} <= set(result.stop)


def _leaves(value: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _leaves(v, (*path, i))
    return out


DESCRIPTION = materialize(dump.dump(io.BytesIO(BASES[1])).doc)
LEAVES = [p for p in _leaves(DESCRIPTION) if p]
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 1 << 70), st.floats(),
                 st.text(max_size=5), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.sampled_from(["hex", "fill", "pattern", "length", "x"]),
                                 st.one_of(st.integers(-1, 300), st.text(max_size=4)),
                                 max_size=3))


@given(st.sampled_from(LEAVES), JUNK)
def test_bad_descriptions_give_a_description_error(path: tuple, junk: object) -> None:
    desc = copy.deepcopy(DESCRIPTION)
    node = desc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = junk
    try:
        build.build(desc, io.BytesIO())
    except build.DescriptionError as err:
        assert err.path is not None


@pytest.mark.parametrize("path", ["v1/valid/live-migration-le.xsi",
                                  "v1/valid/optional-everywhere-be.xsi",
                                  "v1/rules/record.padding.xsi"])
def test_yaml_and_json_outputs_say_the_same(path: str) -> None:
    data = (CORPUS / path).read_bytes()
    as_yaml = yaml.safe_load(text_of(data, True, False)[0])
    as_json = json.loads(text_of(data, False, False)[0])
    assert as_yaml == as_json == materialize(dump.dump(io.BytesIO(data)).doc)
