"""`xsif dump` and `xsif build` for libxc v2/v3 streams, libxl streams and xl
save files: dump then build gives back the same bytes for random valid
streams from the writer; the nesting is decoded through the generated
parsers; deliberate errors can be asked for."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from xsif import samples
from xsif.check.engine import validate_bytes
from xsif.check.rules_libxc import PAGE_TABLES
from xsif.codec import build, dump, migration
from xsif.read import gen
from xsif.read.detect import Kind
from xsif.report.emit import materialize, write_json, write_yaml
from xsif.samples import Plan, Step
from xsif.samples_hvm_context import hvm_blob

ROOT = Path(__file__).resolve().parents[1]

PT = gen.PageType
LXC = gen.LibxcRecordType
LXL = gen.LibxlRecordType
DATA = [PT.notab, PT.l1tab, PT.l2tab, PT.l3tab, PT.l4tab, PT.l1tab_pin, PT.l4tab_pin]
NO_DATA = [PT.xtab, PT.broken, PT.xalloc]


def round_trip(data: bytes, as_yaml: bool, pages: bool) -> tuple[bytes, dump.Dump]:
    result = dump.dump(io.BytesIO(data), pages=pages)
    out = io.StringIO()
    (write_yaml if as_yaml else write_json)(result.doc, out)
    built = io.BytesIO()
    build.build(yaml.safe_load(out.getvalue()), built)
    return built.getvalue(), result


@st.composite
def pages(draw, start: int, hvm: bool = False) -> Step:
    """A PAGE_DATA record; an HVM guest's has no page-table types
    (libxc.page-data.page-table-in-hvm)."""
    kinds = [t for t in DATA + NO_DATA if not hvm or t not in PAGE_TABLES]
    pfns = draw(st.lists(st.integers(start, start + 200), min_size=1, max_size=4, unique=True))
    return ("page_data", {"entries": [(p, draw(st.sampled_from(kinds))) for p in pfns]})


@st.composite
def libxc_steps(draw, version: int, hvm: bool) -> list[Step]:
    kind = gen.LibxcDomainType.x86_hvm if hvm else gen.LibxcDomainType.x86_pv
    steps: list[Step] = [("libxc_header", {"version": version}),
                         ("libxc_domain_header", {"type": kind,
                                                  "xen_minor": draw(st.integers(6, 20))})]
    width, levels = draw(st.sampled_from([(8, 4), (4, 3)]))
    if not hvm:
        steps.append(("x86_pv_info", {"guest_width": width, "pt_levels": levels}))
    if version >= 3:
        leaves = draw(st.lists(st.tuples(*[st.integers(0, 0xFFFFFFFF)] * 6), min_size=1,
                               max_size=3))
        steps += [("cpuid_policy", {"leaves": leaves}),
                  ("msr_policy", {"entries": [(draw(st.integers(0, 0xFFFFFFFF)), 0,
                                               draw(st.integers(0, (1 << 64) - 1)))]}),
                  ("static_data_end", {})]
    if not hvm:
        steps.append(("p2m_frames", {"start": 0, "end": draw(st.integers(0, 3000)),
                                     "guest_width": width}))
    steps += [draw(pages(0, hvm)) for _ in range(draw(st.integers(1, 3)))]
    steps.append(("tsc_info", {"mode": draw(st.integers(0, 2)),
                               "khz": draw(st.integers(0, 0xFFFFFFFF)),
                               "incarnation": draw(st.integers(0, 0xFFFFFFFF))}))
    if hvm:
        params = draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, (1 << 64) - 1)),
                               min_size=1, max_size=4))
        steps += [("hvm_context", {"context": hvm_blob(draw(st.integers(0, 2)))}),
                  ("hvm_params", {"params": params})]
    else:
        steps.append(("shared_info", {}))
        for v in range(draw(st.integers(1, 2))):
            for t in samples.VCPU_TYPES:  # of the sizes Xen's restorer takes
                size = len(samples.vcpu_context(t, v, width))
                if t != samples.LXC.x86_pv_vcpu_basic:
                    size = 16 * draw(st.integers(1, size // 16))
                head = draw(st.binary(min_size=1, max_size=16))
                steps.append(("vcpu", {"type": t, "vcpu_id": v,
                                       "context": (head * size)[:size]}))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(2, len(steps)))
        steps.insert(at, ("libxc_optional", {"type": draw(st.integers(0x80000000, 0xFFFFFFFF)),
                                             "body": draw(st.binary(max_size=20))}))
    return [*steps, ("libxc_end", {})]


@st.composite
def stream_plans(draw) -> Plan:
    version, hvm = draw(st.sampled_from([2, 3])), draw(st.booleans())
    inner = draw(libxc_steps(version, hvm))
    container = draw(st.sampled_from(["libxc", "libxl", "xl"]))
    steps = inner
    if container != "libxc":
        steps = [("libxl_header", {}), ("libxc_context", {}), *inner]
        if hvm:
            key = st.from_regex(r"[a-z0-9_][a-z0-9/_]{0,11}", fullmatch=True)  # relative
            pairs = draw(st.lists(st.tuples(key, st.text("0123456789abcdef", max_size=8)),
                                  max_size=3))
            steps += [("emulator_xenstore_data",
                       {"pairs": [(k.encode(), v.encode()) for k, v in pairs]}),
                      ("emulator_context", {"context": draw(st.binary(max_size=40))})]
        steps.append(("libxl_end", {}))
    if container == "xl":
        name = draw(st.text("abcdefghij-", min_size=1, max_size=10))
        kind = "hvm" if hvm else "pv"
        config = json.dumps({"c_info": {"name": name, "type": kind},
                             "b_info": {f"type.{kind}": {}}}).encode() + b"\0"
        steps.insert(0, ("xl_header", {"config": config}))
    return Plan(steps, stream=True)  # Part II streams are little-endian


@settings(max_examples=60, deadline=None)
@given(stream_plans())
def test_dump_then_build_round_trips_random_valid_streams(plan: Plan) -> None:
    data = plan.build()
    assert not [f for f in validate_bytes(data).findings if f.severity.name == "ERROR"]
    for as_yaml, pages in ((False, True), (True, False)):
        built, result = round_trip(data, as_yaml, pages)
        assert result.stop is None
        assert built == data


def test_checkpointed_streams_round_trip_and_nest() -> None:
    data = samples.checkpointed(colo=True).build()
    assert round_trip(data, True, False)[0] == data
    doc = materialize(dump.dump(io.BytesIO(data)).doc)
    assert doc["format"] == "xl-save-file"
    assert doc["xl_header"]["byte_order"] == "little-endian"
    records = doc["libxl"]["records"]
    assert [r["header"]["type"] for r in records] == [
        "libxc_context", "emulator_xenstore_data", "emulator_context", "checkpoint_end",
        "checkpoint_state", "emulator_xenstore_data", "emulator_context", "checkpoint_end",
        "checkpoint_state", "emulator_xenstore_data", "emulator_context", "end"]
    first = records[0]["libxc"]
    assert first["image_header"]["version"] == "v3"
    assert first["records"][-1]["header"]["type"] == "checkpoint"
    assert "libxc" not in records[3]  # COLO: the CHECKPOINT_STATE comes first
    resumed = records[4]["libxc"]
    assert set(resumed) == {"records"}  # the same libxc stream goes on
    assert resumed["records"][0]["index"] == first["records"][-1]["index"] + 1
    assert records[-4]["libxc"]["records"][-1]["header"]["type"] == "end"
    assert records[1]["body"]["strings"] == ["physmap/1/start_addr", "f0000000",
                                             "physmap/1/size", "800000"]


def test_fields_come_from_the_generated_parsers() -> None:
    doc = materialize(dump.dump(io.BytesIO(samples.libxc_stream(2, hvm=True).build())).doc)
    assert doc["format"] == "libxc-stream-v2"
    assert doc["domain_header"]["type"] == "x86_hvm"
    by_type = {r["header"]["type"]: r["body"] for r in doc["records"]}
    assert by_type["hvm_params"]["params"] == [{"index": 1, "value": 4},
                                               {"index": 17, "value": 5},
                                               {"index": 12, "value": 0x2000}]
    assert by_type["x86_tsc_info"]["khz"] == 2_400_000
    assert by_type["page_data"]["pfns"][0] == {"pfn": 4, "page_type": "notab", "reserved": 0}


def test_build_computes_what_is_left_out_and_writes_errors_asked_for() -> None:
    desc = {"format": "libxl-stream", "libxl_header": {},
            "records": [
                {"header": {"type": "libxc_context"}, "libxc": {
                    "image_header": {"version": "v2"}, "domain_header": {"type": "x86_hvm"},
                    "records": [
                        {"header": {"type": "page_data"},
                         "body": {"pfns": [{"pfn": 0}, {"pfn": 1, "page_type": "xtab"}]}},
                        {"header": {"type": "x86_tsc_info"},
                         "body": {"mode": 0, "khz": 1, "nsec": 2, "incarnation": 3}},
                        {"header": {"type": "hvm_params"},
                         "body": {"params": [{"index": 2, "value": 5}]}},
                        {"header": {"type": "hvm_context"},
                         "body": {"context": hvm_blob(1).hex()}},
                        {"header": {"type": "end"}}]}},
                {"header": {"type": "emulator_xenstore_data"},
                 "body": {"header": {"emulator_id": 2, "index": 0}, "strings": ["k", "v"]}},
                {"header": {"type": "end"}}]}
    data = migration.to_bytes(desc)
    report = validate_bytes(data)
    assert report.conformant, [f.message for f in report.findings]
    # a wrong count and non-zero padding are written as asked
    params = desc["records"][0]["libxc"]["records"][2]
    params["body"]["count"] = 3
    params["padding"] = "01"
    rules = {f.rule_id for f in validate_bytes(migration.to_bytes(desc)).findings}
    assert "libxc.hvm-params.length" in rules


def test_the_detection_is_xsif_detect() -> None:
    names = {d.name for d in dump.DECODERS}
    assert set(migration.FORMAT_OF.values()) <= names
    for kind, name in migration.FORMAT_OF.items():
        plan = {Kind.XL: samples.xl_save(), Kind.LIBXL: samples.libxl_stream(),
                Kind.LIBXC_V2: samples.libxc_stream(2),
                Kind.LIBXC_V3: samples.libxc_stream(3)}[kind]
        assert materialize(dump.dump(io.BytesIO(plan.build())).doc)["format"] == name


def test_every_record_type_has_a_shape_and_an_encoder() -> None:
    assert {("libxc", int(t)) for t in LXC} | {("libxl", int(t)) for t in LXL} == {
        (layer, int(code)) for layer, code in migration.SHAPES}
    assert set(migration.FORMAT_OF.values()) <= set(build.ENCODERS)


def test_dump_command_on_a_stopped_stream() -> None:
    data = samples.BREAKERS["libxl.layout.end-missing"]().build()
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "dump", "--yaml", "-"], input=data,
                       capture_output=True, timeout=60)
    assert r.returncode == 1
    assert b"without a libxl END record" in r.stderr
    assert yaml.safe_load(r.stdout)["stopped"]["offset"] == len(data)


# --- hostile input: a clear stop or a clear error, never a traceback ---------------

BASES = [samples.checkpointed(True).build(), samples.xl_save(2, hvm=True).build(),
         samples.libxc_stream(3).build()]


class _Sink(io.StringIO):
    def write(self, s: str) -> int:
        return len(s)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(BASES),
       st.lists(st.tuples(st.integers(0, 1 << 15), st.integers(0, 255)), min_size=1,
                max_size=6),
       st.integers(1, 1 << 15))
def test_damaged_streams_dump_without_escaping(base: bytes, patches: list, cut: int) -> None:
    data = bytearray(base)
    for pos, value in patches:
        data[pos % len(data)] = value
    data = data[:cut]
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


DESCRIPTION = materialize(dump.dump(io.BytesIO(samples.xl_save(3, hvm=True).build())).doc)
LEAVES = [p for p in _leaves(DESCRIPTION) if p]
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 1 << 70), st.floats(),
                 st.text(max_size=5), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.sampled_from(["hex", "fill", "pattern", "length", "x"]),
                                 st.one_of(st.integers(-1, 300), st.text(max_size=4)),
                                 max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LEAVES), JUNK)
def test_bad_descriptions_give_a_description_error(path: tuple, junk: object) -> None:
    import copy
    desc = copy.deepcopy(DESCRIPTION)
    node = desc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = junk
    try:
        build.build(desc, io.BytesIO())
    except build.DescriptionError as err:
        assert err.path is not None


def test_the_xl_example_description_builds_a_conformant_file(tmp_path: Path) -> None:
    out = tmp_path / "xl.xsi"
    r = subprocess.run([sys.executable, "-m", "xsif.cli", "build",
                        str(ROOT / "examples/descriptions/xl-hvm.yaml"), "-o", str(out)],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    report = validate_bytes(data)
    assert report.conformant and not report.findings
    assert round_trip(data, True, False)[0] == data


def test_the_xl_configuration_is_dumped_as_text_and_built_back() -> None:
    """A Xen developer reads the guest's configuration in a dump; build
    takes the same {text} form back, byte for byte, from JSON and YAML."""
    data = samples.xl_save(hvm=False).build()
    for writer in (write_json, write_yaml):
        out = io.StringIO()
        writer(dump.dump(io.BytesIO(data)).doc, out)
        doc = yaml.safe_load(out.getvalue())
        assert doc["optional_data"]["config"]["text"].startswith('{\n    "c_info"')
        built = io.BytesIO()
        build.build(doc, built)
        assert built.getvalue() == data
