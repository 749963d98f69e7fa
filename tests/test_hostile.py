"""Issue 11: what targeted hostile input found, one test (or more) per item,
on small inputs; memory is measured in a child process (hostile.run). The
large inputs of the issue are in test_hostile_large.py (`make hostile`).

Whatever the input: a clear message and exit 0, 1 or 2, never a traceback;
memory does not follow what the input claims; a write failure is named as
one; a failed build leaves nothing behind."""

from __future__ import annotations

import copy
import io
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hostile import (
    MIB,
    ROOT,
    XSIF,
    baseline_rss,
    distinct_pfns,
    json_report,
    many_records,
    run,
    wide_config,
    xl_with,
)
from hypothesis import given
from hypothesis import strategies as st

from xsif import samples
from xsif.check import jsoncheck
from xsif.check.container import CONFIG_KEPT
from xsif.check.engine import validate, validate_bytes
from xsif.check.rules import DUPLICATE_TRACKING
from xsif.codec import build, dump
from xsif.report.emit import materialize, write_yaml

GOOD = ROOT / "examples" / "valid" / "minimal-le.xsi"
LIMIT_KIB = 64 << 10
"""The README's promise: peak RSS at most 64 MiB on any input."""


def shell(command: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    xsif = " ".join(XSIF)
    return subprocess.run(command.replace("XSIF", xsif), shell=True, capture_output=True,
                          text=True, timeout=timeout, check=False, executable="/bin/bash")


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Error:" not in err.replace("error:", ""), err


# --- 1, 2, 5: the xl configuration ------------------------------------------------

def test_1_a_configuration_nested_100000_deep_is_reported_not_a_traceback(
        tmp_path: Path) -> None:
    path = tmp_path / "deep.xsi"
    path.write_bytes(xl_with(b"[" * 100_000 + b"\0"))
    r = run("validate", str(path))
    no_traceback(r.err)
    assert r.code == 1 and "xl.config-json" in r.out and "Expecting value" in r.out
    path.write_bytes(xl_with(b"[" * 100_000 + b"]" * 100_000 + b"\0"))  # deep, but JSON
    r = run("validate", str(path))
    no_traceback(r.err)
    assert r.code == 0
    # checked as JSON, but too deep for the rules that read what it says: noted
    assert "validator.limit" in r.out and "nested 99999 deep" in r.out


def test_2_a_wide_configuration_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    """1 MiB of [[],[],...] (the most that is read): json.loads built ~22 MiB
    of lists from it; the check builds nothing."""
    path = tmp_path / "wide.xsi"
    path.write_bytes(xl_with(wide_config(CONFIG_KEPT - 8)))
    base = baseline_rss()
    r = run("validate", str(path))
    assert r.code == 0, r.out + r.err
    assert r.rss_kib - base < 8 << 10, f"{r.rss_kib} KiB against {base} KiB"
    path.write_bytes(xl_with(wide_config(CONFIG_KEPT - 8)[:-3] + b"}]\0"))
    r = run("validate", str(path))
    assert r.code == 1 and "xl.config-json" in r.out


def test_2_a_configuration_longer_than_read_is_noted_with_validator_limit(
        tmp_path: Path) -> None:
    path = tmp_path / "long.xsi"
    path.write_bytes(xl_with(wide_config(CONFIG_KEPT + 4096)))
    r = run("validate", str(path))
    assert r.code == 0
    assert "validator.limit" in r.out and "not checked as JSON" in r.out


def test_5_a_config_length_that_overruns_long_optional_data_is_an_error(
        tmp_path: Path) -> None:
    """optional data longer than what is read, config_length 0xFFFFFFFF: the
    length check needs only the config word."""
    pad = bytes(CONFIG_KEPT + 4096)
    path = tmp_path / "overrun.xsi"
    path.write_bytes(xl_with(b'{"a": 1}\0', config_length=0xFFFFFFFF,
                             optional_data_len=4 + 9 + len(pad), extra=pad))
    r = run("validate", "--json", str(path))
    report = json_report(r.out)
    assert r.code == 1
    assert [f["rule"] for f in report["findings"]] == ["xl.optional-data-length"]


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=4),
    max_leaves=20), st.integers(0, 40), st.sampled_from(["", "x", "]", "}", ",", ":", "\"",
                                                          " 1", "[", "{\"a\" 1}", "\\"]))
def test_the_json_check_agrees_with_json_loads(value: object, cut: int, junk: str) -> None:
    text = json.dumps(value)
    for candidate in (text, text[:cut] + junk + text[cut:], text[:cut]):
        try:
            json.loads(candidate)
            expected = None
        except ValueError as err:
            expected = str(err)
        assert jsoncheck.check(candidate).error == expected, candidate


# --- 3: the JSON report is streamed ----------------------------------------------------

def test_3_the_json_report_does_not_grow_with_the_records(tmp_path: Path) -> None:
    """10,000 records kept as summaries took about 6 MiB; written as read, nothing."""
    path = tmp_path / "many.xsi"
    path.write_bytes(many_records(10_000))
    base = baseline_rss()
    r = run("validate", "--json", str(path))
    report = json_report(r.out)
    assert len(report["records"]) == 10_001 and report["record_count"] == 10_001
    assert r.rss_kib - base < 3 << 10, f"{r.rss_kib} KiB against {base} KiB"


def test_3_the_streamed_json_report_has_every_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xsi"
    bad.write_bytes(samples.broken("record.checksum"))
    r = run("validate", "--json", str(GOOD), str(bad), str(tmp_path / "missing"))
    doc = json.loads(r.out)
    good, broken, missing = doc["images"]
    assert set(good) == {"path", "records", "verdict", "format", "kind", "header", "octets",
                         "record_count", "end_seen", "counts", "findings",
                         "findings_not_listed"}
    assert broken["verdict"] == "not conformant" and broken["findings"]
    assert missing["verdict"] == "unreadable" and "records" not in missing
    r = run("validate", "--json", str(tmp_path / "missing"))
    assert json.loads(r.out)["images"][0]["verdict"] == "unreadable"


# --- 4: duplicate pfns --------------------------------------------------------------

def test_4_duplicate_pfn_tracking_at_its_limit_stays_under_64_mib(tmp_path: Path) -> None:
    path = tmp_path / "pfns.xsi"
    path.write_bytes(distinct_pfns(DUPLICATE_TRACKING - 4, repeat_at_end=True))
    r = run("validate", str(path))
    assert "entry 262140 repeats pfn 0x3f7 of entry 5" in r.out
    assert r.rss_kib < 48 << 10, f"{r.rss_kib} KiB"
    path.write_bytes(distinct_pfns(DUPLICATE_TRACKING + 10))
    r = run("validate", str(path))
    assert f"more than {DUPLICATE_TRACKING} distinct pfns" in r.out
    assert r.rss_kib < 48 << 10, f"{r.rss_kib} KiB"


@given(st.lists(st.integers(0, 40), min_size=1, max_size=9000))
def test_4_duplicates_are_those_a_naive_check_finds(pfns: list[int]) -> None:
    from xsif.codec.writer import ImageWriter, pfn_entry
    from xsif.read import gen
    out = io.BytesIO()
    w = ImageWriter(out)
    w.image_header()
    w.domain_header()
    w.page_data([pfn_entry(p, gen.PageType.xtab) for p in pfns])
    w.end()
    report = validate(io.BytesIO(out.getvalue()))
    found = [f.message for f in report.findings if f.rule_id == "page-data.duplicate-pfn"]
    first: dict[int, int] = {}
    expected = []
    for i, p in enumerate(pfns):
        if p in first:
            expected.append(f"entry {i} repeats pfn {p:#x} of entry {first[p]}")
        else:
            first[p] = i
    assert found == expected[:len(found)]
    assert len(found) + report.dropped["page-data.duplicate-pfn"] == len(expected)


# --- 6: closed and failing streams ------------------------------------------------

@pytest.mark.parametrize("command", ["validate -", "dump -"])
def test_6_a_closed_stdin_is_unreadable(command: str) -> None:
    r = shell(f"XSIF {command} <&-")
    assert r.returncode == 2 and "standard input is closed" in r.stderr
    no_traceback(r.stderr)


@pytest.mark.parametrize("command", ["validate", "validate --json", "validate -v",
                                     "dump", "rules"])
@pytest.mark.parametrize("sink", [">&-", ">/dev/full"])
def test_6_a_failed_write_is_a_write_failure(command: str, sink: str) -> None:
    path = "" if command == "rules" else str(GOOD)
    r = shell(f"XSIF {command} {path} {sink}")
    assert r.returncode == 2
    assert r.stderr.startswith("xsif: cannot write the output: "), r.stderr
    assert "read error" not in r.stderr
    no_traceback(r.stderr)


@pytest.mark.parametrize("command", ["validate -v", "validate --json", "dump", "dump --yaml"])
def test_6_a_closed_pipe_downstream_ends_quietly(tmp_path: Path, command: str) -> None:
    path = tmp_path / "many.xsi"
    path.write_bytes(many_records(3000))
    r = shell(f"XSIF {command} {path} | head -1; exit ${{PIPESTATUS[0]}}")
    assert r.stdout.count("\n") == 1
    assert r.stderr == ""


# --- 7: Ctrl-C while the command loads ------------------------------------------------

INTERRUPT_WHILE_LOADING = """
import os, signal, sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "xsif.check.engine":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from xsif.entry import main
sys.argv = ["xsif", "validate", sys.argv[1]]
sys.exit(main())
"""


def test_7_ctrl_c_while_the_modules_load_gives_a_message_not_a_traceback() -> None:
    r = subprocess.run([sys.executable, "-c", INTERRUPT_WHILE_LOADING, str(GOOD)],
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 2 and r.stderr == "xsif: interrupted\n"


def test_7_the_installed_command_enters_through_the_guarded_entry_point() -> None:
    import tomllib
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["xsif"] == "xsif.entry:main"


# --- 8, 9: where build writes ---------------------------------------------------------

DESCRIPTION = ROOT / "examples" / "descriptions" / "smallest.yaml"


def build_cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*XSIF, "build", *args], capture_output=True, text=True,
                          timeout=120, check=False, **kw)  # type: ignore[call-overload]


def expected_image() -> bytes:
    out = io.BytesIO()
    build.build(yaml.safe_load(DESCRIPTION.read_text()), out)
    return out.getvalue()


def test_8_a_failed_build_leaves_no_temporary_behind(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    r = build_cli(str(DESCRIPTION), "-o", str(tmp_path / "dir"))
    assert r.returncode == 2 and "is a directory" in r.stderr
    target = tmp_path / "image.xsi"
    target.write_bytes(b"old")

    def small_files() -> None:  # a full disk, as far as this process can tell
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    r = build_cli(str(DESCRIPTION), "-o", str(target), preexec_fn=small_files)
    assert r.returncode == 2 and "cannot write" in r.stderr, r.stderr
    no_traceback(r.stderr)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "image.xsi"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: xen-save-image-v1\nrecords: [{header: {type: nonsense}}]\n")
    r = build_cli(str(bad), "-o", str(target))
    assert r.returncode == 2 and "records[0].header.type" in r.stderr
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "dir", "image.xsi"]


def test_9_build_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "target.xsi"
    target.write_bytes(b"old")
    target.chmod(0o600)
    link = tmp_path / "link.xsi"
    link.symlink_to(target.name)
    r = build_cli(str(DESCRIPTION), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and target.read_bytes() == expected_image()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.xsi", "target.xsi"]


def test_9_build_writes_through_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen([*XSIF, "build", str(DESCRIPTION), "-o", str(fifo)],
                            stderr=subprocess.PIPE)
    with fifo.open("rb") as f:
        data = f.read()
    assert proc.wait(timeout=120) == 0
    assert data == expected_image() and stat.S_ISFIFO(fifo.stat().st_mode)


def test_9_build_refuses_to_overwrite_its_description(tmp_path: Path) -> None:
    desc = tmp_path / "same.yaml"
    desc.write_text(DESCRIPTION.read_text())
    alias = tmp_path / "alias.yaml"
    alias.symlink_to(desc.name)
    for output in (desc, alias):
        r = build_cli(str(desc), "-o", str(output))
        assert r.returncode == 2 and "is the description" in r.stderr
    assert desc.read_text() == DESCRIPTION.read_text()


# --- 10, 11: descriptions that ask for too much ------------------------------------------

V1_DESC = materialize(dump.dump(io.BytesIO(samples.live_migration(True).build())).doc)
XL_DESC = materialize(dump.dump(io.BytesIO(samples.xl_save(hvm=False).build())).doc)


class CountingSink:
    """Counts what is written, keeps nothing; stops the build after `limit`."""

    def __init__(self, limit: int) -> None:
        self.n, self.limit = 0, limit

    def write(self, data: bytes) -> int:
        self.n += len(data)
        if self.n > self.limit:
            raise StopIteration
        return len(data)


def _set(desc: dict, key: str, value: object) -> dict:
    """`desc` with the first `key` found (depth first) set to `value`."""
    desc = copy.deepcopy(desc)
    todo = [desc]
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            if key in node:
                node[key] = value
                return desc
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    raise KeyError(key)


@pytest.mark.parametrize("base", [V1_DESC, XL_DESC], ids=["v1", "xl"])
@pytest.mark.parametrize("shift", [31, 32, 36, 63])
def test_10_pages_too_long_for_a_record_are_refused_naming_the_body(base: dict,
                                                                   shift: int) -> None:
    with pytest.raises(build.DescriptionError) as err:
        build.build(_set(base, "page_shift", shift), CountingSink(MIB))
    assert err.value.path.endswith(".body") and "at most 4294967295" in str(err.value)


def test_10_a_p2m_range_too_long_for_a_record_is_refused() -> None:
    desc = copy.deepcopy(V1_DESC)
    p2m = next(r for r in desc["records"] if r["header"]["type"] == "p2m")
    del p2m["body"]["frames"]
    p2m["body"]["p2m_end_pfn"] = 0xFFFFFFFFFFFFF
    with pytest.raises(build.DescriptionError) as err:
        build.build(desc, CountingSink(MIB))
    assert err.value.path == "records[2].body"


@pytest.mark.parametrize("where", ["trailing", "record"])
def test_10_long_fills_are_written_as_they_are_made(where: str) -> None:
    """4 GiB of fill: 256 MiB of it written with the memory of one piece."""
    import tracemalloc
    desc = copy.deepcopy(V1_DESC)
    fill = {"fill": 0xAB, "length": (1 << 32) - 1}
    if where == "trailing":
        desc["trailing"] = fill
    else:  # a vcpu context of 4 GiB
        vcpu = next(r for r in desc["records"] if r["header"]["type"] == "vcpu_context")
        vcpu["body"]["context"] = {**fill, "length": (1 << 32) - 1 - 8}  # after its head
        vcpu["header"].pop("body_length")
    tracemalloc.start()
    try:
        with pytest.raises(StopIteration):
            build.build(desc, CountingSink(256 * MIB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB


@pytest.mark.parametrize("text,key", [
    ("format: xen-save-image-v1\ndomain_header: {page_shift: 32}\nrecords:\n"
     "  - header: {type: page_data}\n    body: {pfns: [{pfn: 1}]}\n", "records[0].body"),
    ("format: libxc-stream-v3\ndomain_header: {page_shift: 63}\nrecords:\n"
     "  - header: {type: page_data}\n    body: {pfns: [{pfn: 1}]}\n", "records[0].body"),
    ("format: xen-save-image-v1\nrecords:\n  - header: {type: p2m}\n"
     "    body: {p2m_start_pfn: 0, p2m_end_pfn: 0xFFFFFFFFFFFFF}\n", "records[0].body"),
    ("format: xen-save-image-v1\nrecords:\n  - header: {type: vcpu_context}\n"
     "    body: {vcpu_id: 0, context: {fill: 0, length: 0x1_0000_0000}}\n",
     "records[0].body.context.length"),
])
def test_10_ten_line_descriptions_exit_2_naming_the_key(tmp_path: Path, text: str,
                                                        key: str) -> None:
    desc = tmp_path / "d.yaml"
    desc.write_text(text)
    r = build_cli(str(desc), "-o", str(tmp_path / "out.xsi"),
                  preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)))
    assert r.returncode == 2 and r.stderr.startswith(f"xsif build: {key}: "), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_11_a_description_nested_50000_deep_is_a_description_error(tmp_path: Path) -> None:
    for text in ("[" * 50_000 + "]" * 50_000, "a:\n" + "".join(
            " " * i + "- \n" for i in range(1, 3000))):
        desc = tmp_path / "deep.yaml"
        desc.write_text(text)
        r = build_cli(str(desc), "-o", str(tmp_path / "out.xsi"))
        assert r.returncode == 2 and r.stderr.startswith("xsif build: "), r.stderr[-300:]
        no_traceback(r.stderr)


# --- 12: dump | build gives back every image -------------------------------------------

CORPUS = sorted((ROOT / "conformance").glob("**/*.xsi"))


def round_trip(data: bytes) -> bytes:
    result = dump.dump(io.BytesIO(data), pages=True, as_octets=True)
    text = io.StringIO()
    write_yaml(result.doc, text)
    out = io.BytesIO()
    build.build(yaml.safe_load(text.getvalue()), out)
    return out.getvalue()


def test_12_the_corpus_is_there() -> None:
    assert len(CORPUS) > 100


@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(ROOT)) for p in CORPUS])
def test_12_every_corpus_file_round_trips_through_dump_and_build(path: Path) -> None:
    data = path.read_bytes()
    assert round_trip(data) == data


@pytest.mark.parametrize("name,data", [
    ("v1", samples.standard().build()),
    ("v1-be", samples.live_migration(True).build()),
    ("libxc", samples.libxc_stream(2, big_endian=True).build()),
    ("xl", samples.xl_save(hvm=True).build()),
    ("checkpointed", samples.checkpointed().build()),
])
def test_12_a_truncated_image_round_trips_at_every_cut(name: str, data: bytes) -> None:
    cuts = list(range(0, 160)) + list(range(160, len(data), 97))
    assert [cut for cut in cuts if round_trip(data[:cut]) != data[:cut]] == []


def test_12_a_truncated_v1_dump_lists_the_octets_it_could_not_decode() -> None:
    data = samples.standard().build()[:100]
    doc = materialize(dump.dump(io.BytesIO(data), pages=True).doc)
    assert doc["truncate"] == 96 and doc["undecoded"] == data[96:].hex()
    assert doc["stopped"]["offset"] == 100


def test_12_not_an_image_is_dumped_as_octets_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "zeros"
    path.write_bytes(bytes(100))
    r = subprocess.run([*XSIF, "dump", "--yaml", str(path)], capture_output=True, text=True,
                       timeout=60, check=False)
    assert r.returncode == 2 and "not an image" in r.stderr
    doc = yaml.safe_load(r.stdout)
    assert doc["format"] == "not-an-image" and doc["undecoded"] == "00" * 100


# --- 13: dump of long xl optional data ------------------------------------------------

def test_13_dump_does_not_hold_the_xl_optional_data(tmp_path: Path) -> None:
    """8 MiB of configuration: read whole it cost ~5 times its size."""
    path = tmp_path / "config.xsi"
    path.write_bytes(xl_with(b'{"a": "' + b"x" * (8 * MIB) + b'"}\0'))
    base = baseline_rss("dump")
    r = run("dump", "--yaml", str(path))
    assert r.code == 0, r.err
    doc = yaml.safe_load(r.out)
    assert doc["optional_data"]["config"]["length"] == 8 * MIB + 10
    assert r.rss_kib - base < 8 << 10, f"{r.rss_kib} KiB against {base} KiB"


# --- Also: version-1 records without a checksum are stepped over ---------------------------

class CountingFile(io.FileIO):
    read_octets = 0

    def readinto(self, buffer: object) -> int | None:  # type: ignore[override]
        n = super().readinto(buffer)  # type: ignore[arg-type]
        CountingFile.read_octets += n or 0
        return n

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        CountingFile.read_octets += len(data)
        return data


def test_also_unchecked_v1_pages_are_stepped_over_not_read(tmp_path: Path) -> None:
    from xsif.codec.writer import ImageWriter
    path = tmp_path / "nock.xsi"
    with path.open("wb") as f:
        w = ImageWriter(f, checksums=False)
        w.image_header()
        w.domain_header()
        w.x86_pv_info()
        w.p2m(0, 1023)
        w.page_data([(i, 0) for i in range(1024)])
        w.vcpu_info(max_vcpu_id=0)
        w.vcpu_context(0, b"x" * 8)
        w.end()
    CountingFile.read_octets = 0
    with CountingFile(path, "rb") as raw:
        report = validate(raw)  # type: ignore[arg-type]
    assert report.conformant and report.octets == path.stat().st_size
    assert CountingFile.read_octets < 64 << 10  # of 4 MiB of pages
    assert validate_bytes(path.read_bytes()).findings == report.findings


def test_also_checked_v1_pages_are_still_read_for_their_checksum() -> None:
    data = bytearray(samples.standard().build())
    data[-200] ^= 1  # a page octet of the last PAGE_DATA record
    assert any(f.rule_id == "record.checksum" for f in validate_bytes(bytes(data)).findings)


def test_peak_rss_of_a_plain_run_is_far_under_the_limit() -> None:
    assert 0 < baseline_rss() < LIMIT_KIB
