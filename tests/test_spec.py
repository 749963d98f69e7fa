"""The published specification: built from the same sources as the parser.

- every rule of the catalog is in the built site, under its stable anchor, and
  every rule the prose cites exists;
- every section has a label;
- the offsets the generated field tables and diagrams show are the offsets the
  generated parser reads a sample image at;
- a changed field size in a .ksy changes that field's row and diagram, both in
  the renderer and in an incremental rebuild.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from xsif import samples
from xsif.catalog.catalog import catalog
from xsif.read import gen
from xsif.report.ruledocs import RULES_PAGE, anchor, spec_link

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
sys.path.insert(0, str(SPEC / "_ext"))

import xsif_ksy  # noqa: E402  (spec/_ext is not a package)


def build(out: Path, *extra: str) -> None:
    code = build_main(["-q", "-W", "--keep-going", "-b", "html", *extra, str(SPEC), str(out)])
    assert code == 0, "the spec does not build without warnings"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    build(out)
    return out


def _html(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}


# --- rules ------------------------------------------------------------------------


def test_every_rule_is_in_the_index_and_in_its_section(site: Path) -> None:
    pages = _html(site)
    index = pages[RULES_PAGE]
    for rule_id in catalog():
        assert f'id="{anchor(rule_id)}"' in index, f"{rule_id} has no anchor in {RULES_PAGE}"
        assert rule_id in index
        stated = [name for name, text in pages.items()
                  if name != RULES_PAGE and f'id="{anchor(rule_id)}"' in text]
        assert stated, f"no section lists {rule_id}"


def test_every_cited_rule_exists(site: Path) -> None:
    rules = catalog()
    for rst in SPEC.glob("*.rst"):
        for cited in re.findall(r":rule:`([^`]+)`", rst.read_text(encoding="utf-8")):
            assert cited in rules, f"{rst.name} cites unknown rule {cited}"
    # and every link to a rule anchor, on any page, lands on one
    pages = _html(site)
    for name, text in pages.items():
        for page, frag in re.findall(r'href="([a-z]*\.html)?#(rule-[a-z0-9-]+)"', text):
            target = pages[page or name]
            assert f'id="{frag}"' in target, f"{name} links to missing {page}#{frag}"


def test_report_links_point_into_the_site(site: Path) -> None:
    pages = _html(site)
    for rule_id in catalog():
        page, frag = spec_link(rule_id).split("#")
        assert f'id="{frag}"' in pages[page]


def test_every_section_has_a_label() -> None:
    for rst in SPEC.glob("*.rst"):
        lines = rst.read_text(encoding="utf-8").splitlines()
        for i in range(1, len(lines)):
            title, under = lines[i - 1], lines[i]
            if (title.strip() and under and set(under) <= set("=-^~")
                    and len(under) >= len(title) and not title.startswith((" ", ".."))):
                before = [x for x in lines[:i - 1] if x.strip()]
                assert before and before[-1].startswith(".. _"), \
                    f"{rst.name}: section {title!r} has no label"


def test_every_catalog_section_is_a_label() -> None:
    labels = set()
    for rst in SPEC.glob("*.rst"):
        labels |= set(re.findall(r"^\.\. _([a-z0-9-]+):$", rst.read_text(encoding="utf-8"),
                                 re.M))
    for rule in catalog().values():
        assert rule.section in labels, f"{rule.id} cites missing section {rule.section}"


# --- generated tables and diagrams against the generated parser --------------------


class _Names(dict):
    """Evaluates a Kaitai expression's names as attributes of a parsed object."""

    def __init__(self, obj: Any) -> None:
        super().__init__()
        self.obj = obj

    def __missing__(self, name: str) -> Any:
        return getattr(self.obj, name)


def _value(offset: xsif_ksy.Offset, obj: Any) -> int:
    assert offset.known
    return offset.const + sum(eval(term, {}, _Names(obj)) for term in offset.terms)


def _start(obj: Any, name: str) -> int:
    """Where the parser read field `name` (dotted: of a nested object)."""
    *outer, leaf = name.split(".")
    for part in outer:
        obj = getattr(obj, part)
    return obj._debug[leaf]["start"]


def _check(registry: xsif_ksy.Registry, type_path: str, obj: Any, origin: int) -> int:
    checked = 0
    for f in xsif_ksy.layout(registry, type_path, expand=True):
        if not f.offset.known or f.name == "body" and not hasattr(obj, "body"):
            continue
        assert _value(f.offset, obj) == _start(obj, f.name) - origin, (type_path, f.name)
        checked += 1
    return checked


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize("big_endian", [False, True])
def test_table_offsets_are_where_the_parser_reads(big_endian: bool) -> None:
    data = samples.standard(big_endian=big_endian).build()
    image = gen.parse(gen.V1, data)
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    checked = _check(registry, "xen_save_image_v1", image, 0)
    checked += _check(registry, "xen_image_header", image.image_header, 0)
    body = image.body
    checked += _check(registry, "xen_save_image_v1::image_body::domain_header",
                      body.domain_header, body.domain_header._debug["arch"]["start"])
    kinds = set()
    for record in body.records:
        origin = record._debug["header"]["start"]
        checked += _check(registry, "xen_save_image_v1::image_body::record", record, origin)
        kind = _snake(type(record.body).__name__)
        kinds.add(kind)
        # a body is read from its own substream: offsets count from 0
        checked += _check(registry, f"xen_save_image_v1::image_body::{kind}", record.body, 0)
    assert kinds == {"end_body", "page_data_body", "vcpu_info_body", "vcpu_context_body",
                     "x86_pv_info_body", "p2m_body"}
    assert checked > 60


def test_fixed_sizes_agree_with_the_parser() -> None:
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    # (the image header's size is checked above: the body starts where the parser reads it)
    for path, cls in [("xen_save_image_v1::image_body::domain_header", gen.Body.DomainHeader),
                      ("xen_save_image_v1::image_body::record_header", gen.Body.RecordHeader),
                      ("xen_save_image_v1::image_body::record_footer", gen.Body.RecordFooter),
                      ("xen_save_image_v1::image_body::x86_pv_info_body",
                       gen.Body.X86PvInfoBody)]:
        size = xsif_ksy.size_of(registry, registry.type(path))
        assert size.value == gen.min_size(cls), path


# --- a changed .ksy changes the rendering ------------------------------------------------


@pytest.fixture
def ksy_copy(tmp_path: Path) -> Path:
    out = tmp_path / "ksy"
    shutil.copytree(ROOT / "ksy", out)
    return out


def _widen_page_shift(ksy: Path) -> None:
    path = ksy / "xen_save_image_v1.ksy"
    text = path.read_text(encoding="utf-8")
    old = "          - id: page_shift\n            type: u2"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "          - id: page_shift\n            type: u4"),
                    encoding="utf-8")


DOMAIN = "xen_save_image_v1::image_body::domain_header"


def test_changed_size_changes_row_and_diagram(ksy_copy: Path) -> None:
    before = xsif_ksy.Registry(ksy_copy)
    rows_before = {r[2]: r for r in xsif_ksy.table_rows(xsif_ksy.layout(before, DOMAIN))}
    diagram_before = xsif_ksy.diagram(xsif_ksy.layout(before, DOMAIN))
    assert rows_before["page_shift"][:2] == ("4", "2")
    assert rows_before["reserved"][:2] == ("6", "2")
    assert "| page_shift| reserved  |" in diagram_before

    _widen_page_shift(ksy_copy)
    after = xsif_ksy.Registry(ksy_copy)
    rows_after = {r[2]: r for r in xsif_ksy.table_rows(xsif_ksy.layout(after, DOMAIN))}
    diagram_after = xsif_ksy.diagram(xsif_ksy.layout(after, DOMAIN))
    assert rows_after["page_shift"][:2] == ("4", "4")
    assert rows_after["reserved"][:2] == ("8", "2")
    assert diagram_after != diagram_before
    # page_shift now fills octets 4 to 7, reserved starts the next row
    assert "| arch      | type      | page_shift            |" in diagram_after
    assert "| reserved  |" in diagram_after


def test_changed_size_of_a_sized_field(ksy_copy: Path) -> None:
    path = ksy_copy / "xen_image_header.ksy"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("size: 6", "size: 14"), encoding="utf-8")
    rows = xsif_ksy.table_rows(xsif_ksy.layout(xsif_ksy.Registry(ksy_copy), "xen_image_header"))
    assert rows[-1][:3] == ("18", "14", "reserved")
    # the whole image's body now starts 8 octets later
    top = xsif_ksy.table_rows(xsif_ksy.layout(xsif_ksy.Registry(ksy_copy), "xen_save_image_v1"))
    assert top[-1][:3] == ("32", "variable", "body")


def test_symbolic_sizes_and_offsets() -> None:
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    rows = {r[2]: r for r in xsif_ksy.table_rows(
        xsif_ksy.layout(registry, "xen_save_image_v1::image_body::record", expand=True))}
    assert rows["body"][:2] == ("16", "header.body_length")
    assert rows["footer.checksum"][0] == "16 + header.body_length + header.padding_length"


def test_unknown_type_path_is_an_error() -> None:
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    with pytest.raises(xsif_ksy.KsyError, match="no type"):
        xsif_ksy.layout(registry, "xen_save_image_v1::image_body::nope")
    with pytest.raises(xsif_ksy.KsyError, match="no nope.ksy"):
        xsif_ksy.layout(registry, "nope")


def test_rebuild_follows_a_ksy_change(ksy_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    build(out, "-D", f"xsif_ksy_dir={ksy_copy}")
    html = (out / "format.html").read_text(encoding="utf-8")
    assert "| page_shift| reserved  |" in html
    _widen_page_shift(ksy_copy)
    build(out, "-D", f"xsif_ksy_dir={ksy_copy}")    # incremental: no other edit
    html = (out / "format.html").read_text(encoding="utf-8")
    assert "| arch      | type      | page_shift            |" in html


def _all_types(registry: xsif_ksy.Registry, ksy_id: str) -> list[str]:
    out = [ksy_id]

    def walk(prefix: str, spec: dict) -> None:
        for name, sub in (spec.get("types") or {}).items():
            out.append(f"{prefix}::{name}")
            walk(f"{prefix}::{name}", sub)

    walk(ksy_id, registry.file(ksy_id))
    return out


@pytest.mark.parametrize("entry", ["xen_save_image_v1::image_body::pfn_entry",
                                   "xen_libxc_stream::stream_body::pfn_entry"])
def test_forwarded_values_render_as_the_shared_type_states_them(entry: str) -> None:
    """A pfn entry forwards the values of xen_pfn_word; its table of derived
    values shows xen_pfn_word's expressions and docs, not `word.pfn`."""
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    shared = {name: (expr, doc) for name, expr, doc in
              xsif_ksy.instances(registry, "xen_pfn_word")}
    rows = {name: (expr, doc) for name, expr, doc in xsif_ksy.instances(registry, entry)}
    assert set(rows) == set(shared) - {"page_type"} == {
        "high", "low", "raw", "type_code", "reserved", "pfn_high", "pfn", "carries_data"}
    for name, (expr, doc) in rows.items():
        assert doc == shared[name][1] and doc
        assert expr == shared[name][0].replace("(enum page_type)",
                                               "(enum xen_pfn_word::page_type)")
    assert rows["pfn"][0] == (
        "((pfn_high.as<u8> * 0x100000000.as<u8>).as<u8> + low.as<u8>).as<u8>")


def test_every_type_of_every_ksy_renders() -> None:
    """The renderer is generic: whatever .ksy lands in ksy/ (Part II's too),
    each of its types gets a table and a diagram, each enum a table."""
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    for path in sorted(xsif_ksy.KSY_DIR.glob("*.ksy")):
        for type_path in _all_types(registry, path.stem):
            for expand in (False, True):
                fields = xsif_ksy.layout(registry, type_path, expand)
                assert len(xsif_ksy.table_rows(fields)) == len(fields)
                assert "octet" in xsif_ksy.diagram(fields)
            spec = registry.type(type_path).spec
            for enum in spec.get("enums") or {}:
                assert xsif_ksy.enum_rows(registry, f"{type_path}::{enum}")


def test_contents_strings_and_bits(tmp_path: Path) -> None:
    (tmp_path / "demo.ksy").write_text(
        "meta: {id: demo, endian: le}\n"
        "seq:\n"
        "  - {id: magic, contents: \"Xen saved\\n\"}\n"
        "  - {id: raw, contents: [0x01, 0x02]}\n"
        "  - {id: order, type: u4, valid: {any-of: [0x01020304, 0x04030201]}}\n"
        "  - {id: name, type: str, size: 8, encoding: ASCII}\n"
        "  - {id: flag, type: b1}\n", encoding="utf-8")
    registry = xsif_ksy.Registry(tmp_path)
    rows = xsif_ksy.table_rows(xsif_ksy.layout(registry, "demo"))
    assert [r[:3] for r in rows] == [("0", "10", "magic"), ("10", "2", "raw"),
                                     ("12", "4", "order"), ("16", "8", "name"),
                                     ("24", "1 bits", "flag")]
    assert "one of" in rows[2][3]


# --- Part II: the tables of the xl, libxl and libxc pages against the generated parsers --


def _abs_start(obj: Any, name: str) -> int | None:
    """Where the parser read field `name` (dotted: of a nested object), in the
    coordinates of `obj`'s stream; None when the parser did not read it (an
    `if` that was false). A nested object with a size of its own is read from
    a substream, whose positions count from that object's start."""
    *outer, leaf = name.split(".")
    shift = 0
    for part in outer:
        child = getattr(obj, part, None)
        if child is None or part not in obj._debug:
            return None
        if child._io is not obj._io:
            shift += obj._debug[part]["start"]
        obj = child
    if leaf not in obj._debug or "start" not in obj._debug[leaf]:
        return None
    return shift + obj._debug[leaf]["start"]


def _check2(registry: xsif_ksy.Registry, type_path: str, obj: Any, origin: int) -> int:
    """As _check, for the Part II types: fields the parser did not read are
    skipped, and so are the fields inside a field whose offsets are symbolic."""
    checked = 0
    for f in xsif_ksy.layout(registry, type_path, expand=True):
        start = _abs_start(obj, f.name)
        if start is None or not f.offset.known:
            continue
        assert _value(f.offset, obj) == start - origin, (type_path, f.name)
        checked += 1
    return checked


def _check_records(registry: xsif_ksy.Registry, prefix: str, records: list[Any],
                   kinds: set[str]) -> int:
    checked = 0
    for record in records:
        origin = record._debug["header"]["start"]
        checked += _check2(registry, f"{prefix}::record", record, origin)
        checked += _check2(registry, f"{prefix}::record_header", record.header, origin)
        kind = _snake(type(record.body).__name__)
        kinds.add(f"{prefix.split('::')[0]}::{kind}")
        checked += _check2(registry, f"{prefix}::{kind}", record.body, 0)
        for value in vars(record.body).values():
            # the elements of arrays of nested types (pfn entries, cpuid leaves, ...)
            if isinstance(value, list) and value and hasattr(value[0], "_debug"):
                elem = _snake(type(value[0]).__name__)
                for item in value:
                    first = next(iter(item._debug.values()))["start"]
                    checked += _check2(registry, f"{prefix}::{elem}", item, first)
        libxc = getattr(record, "libxc_stream", None)
        if libxc is not None:
            checked += _check_libxc(registry, libxc, kinds)
    return checked


def _check_libxc(registry: xsif_ksy.Registry, libxc: Any, kinds: set[str]) -> int:
    start = libxc._debug["image_header"]["start"]
    checked = _check2(registry, "xen_libxc_stream", libxc, start)
    checked += _check2(registry, "xen_image_header", libxc.image_header, start)
    body = libxc.body
    body_start = body._debug["domain_header"]["start"]
    checked += _check2(registry, "xen_libxc_stream::stream_body", body, body_start)
    checked += _check2(registry, "xen_libxc_stream::stream_body::domain_header",
                       body.domain_header, body_start)
    return checked + _check_records(registry, "xen_libxc_stream::stream_body",
                                    body.records, kinds)


def _check_libxl(registry: xsif_ksy.Registry, libxl: Any, kinds: set[str]) -> int:
    start = libxl._debug["header"]["start"]
    checked = _check2(registry, "xen_libxl_stream", libxl, start)
    checked += _check2(registry, "xen_libxl_stream::header", libxl.header, start)
    return checked + _check_records(registry, "xen_libxl_stream::stream_body",
                                    libxl.body.records, kinds)


@pytest.mark.parametrize("big_endian", [False, True])
def test_part2_table_offsets_are_where_the_parser_reads(big_endian: bool) -> None:
    """Every offset the xl, libxl and libxc pages show, on sample files of every
    kind (PV and HVM, versions 2 and 3, a checkpointed stream), is where the
    generated parser reads that field."""
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    kinds: set[str] = set()
    checked = 0
    # (plain streams here; the record bodies only a checkpointed stream has are
    # checked one by one below, and tests/test_targets.py reads the checkpointed
    # corpus files with the top-level parsers)
    plans = [samples.xl_save(3, hvm=False, big_endian=big_endian),
             samples.xl_save(2, hvm=True, big_endian=big_endian)]
    for plan in plans:
        xl = gen.parse(gen.Xl, plan.build())
        checked += _check2(registry, "xen_xl_save_file", xl, 0)
        body = xl.body
        origin = xl._debug["body"]["start"]
        checked += _check2(registry, "xen_xl_save_file::file_body", body, origin)
        checked += _check2(registry, "xen_xl_save_file::file_body::header", body.header,
                           origin)
        checked += _check2(registry, "xen_xl_save_file::file_body::optional_data",
                           body.optional_data, 0)
        if body.libxl_stream is not None:
            checked += _check_libxl(registry, body.libxl_stream, kinds)
    libxl = gen.parse(gen.XenLibxlStream, samples.libxl_stream(3, hvm=True,
                                                              big_endian=big_endian).build())
    checked += _check_libxl(registry, libxl, kinds)
    libxc = gen.parse(gen.XenLibxcStream, samples.libxc_stream(3, hvm=True,
                                                              big_endian=big_endian).build())
    checked += _check_libxc(registry, libxc, kinds)
    is_le = not big_endian
    for path, cls, data in [
            ("xen_libxl_stream::stream_body::checkpoint_state_body",
             gen.Libxl.CheckpointStateBody, bytes(4)),
            ("xen_libxl_stream::stream_body::checkpoint_end_body",
             gen.Libxl.CheckpointEndBody, b""),
            ("xen_libxc_stream::stream_body::checkpoint_body", gen.Libxc.CheckpointBody, b""),
            ("xen_libxc_stream::stream_body::checkpoint_dirty_pfn_list_body",
             gen.Libxc.CheckpointDirtyPfnListBody, bytes(16))]:
        checked += _check2(registry, path, gen.parse(cls, data, is_le=is_le), 0)
        kinds.add(path.replace("::stream_body", ""))
    expected = {f"xen_libxc_stream::{k}" for k in (
        "end_body", "page_data_body", "x86_pv_info_body", "x86_pv_p2m_frames_body",
        "x86_pv_vcpu_body", "shared_info_body", "x86_tsc_info_body", "hvm_context_body",
        "hvm_params_body", "checkpoint_body", "static_data_end_body",
        "x86_cpuid_policy_body", "x86_msr_policy_body")}
    expected |= {f"xen_libxl_stream::{k}" for k in (
        "end_body", "libxc_context_body", "emulator_xenstore_data_body",
        "emulator_context_body", "checkpoint_end_body", "checkpoint_state_body")}
    assert expected <= kinds, sorted(expected - kinds)
    assert checked > 300


def test_part2_fixed_sizes_agree_with_the_parser() -> None:
    # (the libxl header is always big-endian; its size is checked above: the
    # records start where the parser reads them)
    registry = xsif_ksy.Registry(xsif_ksy.KSY_DIR)
    for path, cls in [("xen_libxc_stream::stream_body::domain_header", gen.Libxc.DomainHeader),
                      ("xen_libxc_stream::stream_body::record_header", gen.Libxc.RecordHeader),
                      ("xen_libxc_stream::stream_body::x86_tsc_info_body",
                       gen.Libxc.X86TscInfoBody),
                      ("xen_libxc_stream::stream_body::cpuid_leaf", gen.Libxc.CpuidLeaf),
                      ("xen_libxc_stream::stream_body::msr_entry", gen.Libxc.MsrEntry),
                      ("xen_libxl_stream::stream_body::record_header", gen.Libxl.RecordHeader),
                      ("xen_libxl_stream::stream_body::emulator_header",
                       gen.Libxl.EmulatorHeader),
                      ("xen_xl_save_file::file_body::header", gen.XlBody.Header)]:
        size = xsif_ksy.size_of(registry, registry.type(path))
        assert size.value == gen.min_size(cls), path


# --- the Xen checker page ----------------------------------------------------------------


def test_checker_page_lists_every_check(site: Path) -> None:
    sys.path.insert(0, str(SPEC / "_ext"))
    import xsif_xen_checker

    table = xsif_xen_checker.load()
    html = (site / "xen-checker.html").read_text(encoding="utf-8")
    for check in table["checks"]:
        assert f'id="xen-check-{check["id"].replace(".", "-")}"' in html, check["id"]
        for rule_id in check["rules"]:
            assert f'href="rules.html#{anchor(rule_id)}"' in html, (check["id"], rule_id)
        if check.get("confirmed"):
            # what public text confirmed is on the page (up to the first quote,
            # which HTML escapes)
            assert re.split(r"[\"']", check["confirmed"])[0] in html, check["id"]
    for rule_id in table["not_in_xen"]:
        assert f'href="rules.html#{anchor(rule_id)}"' in html, rule_id
    # one row per check, no more: the table is the YAML, not prose
    assert html.count('id="xen-check-') == len(table["checks"])
