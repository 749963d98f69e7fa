"""The .ksy files: gallery style, and the codec's encodings (which the writer
uses) agree with them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from xsif import samples
from xsif.codec.kaitai import ktype
from xsif.read import gen

ROOT = Path(__file__).resolve().parents[1]
KSY = sorted((ROOT / "ksy").glob("*.ksy"))
V1 = yaml.safe_load((ROOT / "ksy" / "xen_save_image_v1.ksy").read_text())


def _types(spec: dict, prefix: str = ""):
    for name, t in (spec.get("types") or {}).items():
        yield prefix + name, t
        yield from _types(t, prefix + name + ".")


IMAGE_FORMATS = {"xen_save_image_v1", "xen_libxc_stream", "xen_libxl_stream", "xen_xl_save_file"}
"""The .ksy whose top-level type an image file can be (the corpus's formats);
the others (the shared header and word, HVM_CONTEXT's blob) name no file
extension."""


@pytest.mark.parametrize("path", KSY, ids=lambda p: p.name)
def test_gallery_style(path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    meta = spec["meta"]
    for key in ("id", "title", "license", "ks-version"):
        assert key in meta, f"meta/{key} missing"
    # a type that reads nothing (xen_pfn_word, given its word) has no byte order
    assert "endian" in meta or not _reads(spec), "meta/endian missing"
    assert meta["id"] == path.stem
    assert spec.get("doc") and spec.get("doc-ref")
    # xref: Xen's document (docs/specs/*.pandoc) or C header, at a release tag
    assert meta.get("xref") and all(
        re.fullmatch(r"https://\S+;hb=RELEASE-[0-9.]+", url) for url in meta["xref"].values())
    # the formats an image can be (not the shared header and word) name an extension
    assert ("file-extension" in meta) == (path.stem in IMAGE_FORMATS)
    for name, t in [("<top>", spec), *_types(spec)]:
        if name != "<top>":
            assert t.get("doc"), f"type {name} has no doc"
        # every doc-ref is one a reader outside can follow: a URL, or the
        # spec's label with the page that states it
        refs = t.get("doc-ref")
        refs = [refs] if isinstance(refs, str) else refs or []
        assert refs, f"type {name} has no doc-ref"
        for ref in refs:
            assert re.match(r"https://\S+ \S", ref) or re.fullmatch(
                r"xsif specification, ([a-z0-9-]+) \(spec/[a-z0-9-]+\.rst; "
                r"[a-z0-9-]+\.html#\1\)", ref), (name, ref)
        for f in t.get("seq") or []:
            assert f.get("doc"), f"{name}.{f['id']} has no doc"
        for iname, inst in (t.get("instances") or {}).items():
            assert inst.get("doc"), f"{name}.{iname} has no doc"


# Fields named otherwise than in Xen's C structures (RELEASE-4.22.0): each
# carries -orig-id with Xen's name.
ORIG_IDS = {
    ("xen_libxc_stream", "record_header", "body_length"): "length",
    ("xen_libxl_stream", "record_header", "body_length"): "length",
    ("xen_libxc_stream", "x86_pv_p2m_frames_header", "p2m_start_pfn"): "start_pfn",
    ("xen_libxc_stream", "hvm_params_body", "params"): "param",
    ("xen_libxc_stream", "cpuid_leaf", "eax"): "a",
    ("xen_libxc_stream", "msr_entry", "index"): "idx",
    ("xen_libxl_stream", "emulator_header", "emulator_id"): "id",
    ("xen_libxl_stream", "checkpoint_state_body", "control_id"): "id",
    ("xen_xl_save_file", "<top>", "byte_order_word"): "byteorder",
    ("xen_image_header", "<top>", "reserved"): "_res1, _res2",
    # 64-bit words read as their halves, so that JavaScript checks every bit
    ("xen_image_header", "<top>", "marker_high"): "marker",
    ("xen_image_header", "<top>", "marker_low"): "marker",
    ("xen_libxl_stream", "header", "ident_high"): "ident",
    ("xen_libxl_stream", "header", "ident_low"): "ident",
}


@pytest.mark.parametrize(("where", "orig"), ORIG_IDS.items(), ids=lambda x: str(x))
def test_renamed_fields_carry_xen_names(where: tuple[str, str, str], orig: str) -> None:
    stem, type_name, field = where
    spec = yaml.safe_load((ROOT / "ksy" / f"{stem}.ksy").read_text())
    types = dict([("<top>", spec), *((n.split(".")[-1], t) for n, t in _types(spec))])
    fields = {f["id"]: f for f in types[type_name].get("seq") or []}
    assert fields[field].get("-orig-id") == orig


def _reads(spec: dict) -> bool:
    """Whether a .ksy reads anything from its stream, at any depth."""
    return bool(spec.get("seq")) or any(
        "value" not in i for i in (spec.get("instances") or {}).values()) or any(
        _reads(t) for _, t in _types(spec))


def _spec_of(type_name: str) -> dict:
    body_types = V1["types"]["image_body"]["types"]
    return body_types[type_name]


CODES = {"u1": "B", "u2": "H", "u4": "I", "u8": "Q"}


def _words(fmt: str, spec: dict) -> str:
    """A 64-bit word read as its two halves in the body's byte order (so
    that every Kaitai target computes its fields exactly) is two "I" in
    that order: fields `first_half`, `second_half`, or a field of the
    shared type xen_pfn_word, which reads them. (The writer packs such
    words whole, through fastpath.pack_words: tests/test_fastpath.py.) A
    big-endian header's marker or ident, read as `<word>_high` then
    `<word>_low`, is one "Q" to the codec, which presents it as the word."""
    ids = [f["id"] for f in spec.get("seq") or []]
    if len(ids) > 1 and ids[0].endswith("_high") and ids[1] == ids[0][:-5] + "_low":
        return "Q" + fmt[2:]
    return fmt


def _word_type(f: dict) -> bool:
    return str(f.get("type", "")).startswith("xen_pfn_word(")


def _ksy_format(type_name: str, fixed_prefix: bool = False) -> str:
    if type_name == "image_header":
        spec = yaml.safe_load((ROOT / "ksy" / "xen_image_header.ksy").read_text())
    else:
        spec = _spec_of(type_name)
    out = ""
    for f in spec.get("seq") or []:
        if f.get("type") in CODES:
            out += CODES[f["type"]]
        elif _word_type(f):
            out += "II"
        elif isinstance(f.get("size"), int):
            out += f"{f['size']}s"
        elif fixed_prefix:
            break
        else:
            raise AssertionError(f"{type_name}.{f['id']} is not fixed-size")
    return _words(out, spec)


@pytest.mark.parametrize(("codec_name", "ksy_type", "prefix"), [
    ("xen_image_header", "image_header", False),
    *((f"xen_save_image_v1::image_body::{name}", name, prefix) for name, prefix in [
        ("domain_header", False), ("record_header", False), ("record_footer", False),
        ("page_data_header", False), ("pfn_entry", False), ("vcpu_info_body", False),
        ("vcpu_context_body", True), ("x86_pv_info_body", False), ("p2m_header", False),
        ("p2m_frame", False)]),
])
def test_writer_formats_follow_the_ksy(codec_name: str, ksy_type: str, prefix: bool) -> None:
    assert ktype(codec_name).format() == _ksy_format(ksy_type, prefix)


def test_every_fixed_ksy_type_is_known_to_the_writer() -> None:
    covered = {"image_header", "domain_header", "record_header", "record_footer",
               "page_data_header", "pfn_entry", "vcpu_info_body", "vcpu_context_body",
               "x86_pv_info_body", "p2m_header", "p2m_frame", "end_body"}
    body_types = set(V1["types"]["image_body"]["types"])
    assert body_types - covered == {"record", "page_data_body", "p2m_body"}


@pytest.mark.parametrize("big_endian", [False, True], ids=["le", "be"])
def test_full_generated_parse_reads_what_the_writer_wrote(big_endian: bool) -> None:
    """The top-level generated type reads a whole image back; the values it
    sees are the ones the writer was given."""
    data = samples.live_migration(big_endian).build()
    image = gen.V1(gen.KaitaiStream(io.BytesIO(data)))
    image._read()
    assert image.image_header.is_big_endian is big_endian
    records = image.body.records
    names = [gen.record_type_name(int(r.header.type)) for r in records]
    assert names == [None, "X86_PV_INFO", "P2M", "PAGE_DATA", "PAGE_DATA", "P2M",
                     "PAGE_DATA", None, "VCPU_INFO", "VCPU_CONTEXT", "VCPU_CONTEXT", "END"]
    pd = records[6].body
    assert [(e.pfn, e.word.page_type) for e in pd.pfns] == [
        (2, gen.PageType.notab), (600, gen.PageType.xalloc), (601, gen.PageType.notab)]
    assert len(pd.page_data) == 2 * 4096
    p2m = records[5].body
    assert (p2m.header.p2m_start_pfn, p2m.header.p2m_end_pfn, len(p2m.frames)) == (0, 1023, 2)
    assert records[11].body._io.size() == 0
    for r in records:
        assert len(r.padding) == r.header.padding_length
        assert (r._debug["header"]["start"]) % 8 == 0


PFN_WORD = yaml.safe_load((ROOT / "ksy" / "xen_pfn_word.ksy").read_text())
LIBXC = yaml.safe_load((ROOT / "ksy" / "xen_libxc_stream.ksy").read_text())


@pytest.mark.parametrize("entry", [
    V1["types"]["image_body"]["types"]["pfn_entry"],
    LIBXC["types"]["stream_body"]["types"]["pfn_entry"],
], ids=["v1", "libxc"])
def test_pfn_entry_states_nothing_of_its_own(entry: dict) -> None:
    """Both formats' pfn_entry read the word as xen_pfn_word, in the body's
    byte order: every value of theirs is one of xen_pfn_word's, forwarded as
    it is; all but the enum page_type, which callers read as `word.page_type`
    (the 0.11 compiler names a forwarded enum unqualified in C++ and Java)."""
    assert [(f["id"], f["type"]) for f in entry["seq"]] == [("word", "xen_pfn_word(little_endian)")]
    assert [p["id"] for p in entry["params"]] == ["little_endian"]
    insts = {name: i["value"] for name, i in entry["instances"].items()}
    assert insts == {name: f"word.{name}" for name in PFN_WORD["instances"]
                     if name != "page_type"}
    for name, inst in entry["instances"].items():  # and documented as it documents them
        assert " ".join(inst["doc"].split()) == " ".join(PFN_WORD["instances"][name]["doc"].split())


def test_page_types_are_stated_once() -> None:
    assert "page_type" not in V1["enums"] and "page_type" not in LIBXC["enums"]
    assert "xen_pfn_word" in V1["meta"]["imports"] and "xen_pfn_word" in LIBXC["meta"]["imports"]


def test_both_formats_entries_come_from_one_definition() -> None:
    """The generated entries of version 1 and of libxc use the one generated
    split: the same enum class, the same word class, the same bit masks."""
    from xsif.read import fastpath

    assert gen.PageType is gen.LibxcPageType
    words = set()
    for cls, is_le in [(gen.Body.PfnEntry, True), (gen.Libxc.PfnEntry, False)]:
        raw = 0xE << 60 | 0x12 << 52 | 0x123456789
        entry = gen.parse(cls, raw.to_bytes(8, "little" if is_le else "big"), is_le=is_le)
        words.add(type(entry.word))
        assert isinstance(entry.word.page_type, gen.PageType)
        assert (entry.word.page_type, entry.reserved, entry.pfn, entry.carries_data) == (
            gen.PageType.xalloc, 0x12, 0x123456789, False)
    assert len(words) == 1
    v1, libxc = fastpath.layout(gen.Body.PfnEntry), fastpath.layout(gen.Libxc.PfnEntry)
    assert v1.bits == libxc.bits and set(v1.bits) == {"type_code", "reserved", "pfn"}


def _shipped_type(path: str) -> dict:
    """A type of the Part II .ksy files: 'file:type.nested.type'."""
    file, names = path.split(":")
    spec = yaml.safe_load((ROOT / "ksy" / f"{file}.ksy").read_text())
    for name in names.split("."):
        spec = spec["types"][name]
    return spec


def _fixed_format(spec: dict, fixed_prefix: bool = False) -> str:
    out = ""
    for f in spec.get("seq") or []:
        if f.get("type") in CODES:
            out += CODES[f["type"]]
        elif _word_type(f):
            out += "II"
        elif isinstance(f.get("size"), int):
            out += f"{f['size']}s"
        elif fixed_prefix:
            break
        else:
            raise AssertionError(f"{f['id']} is not fixed-size")
    return _words(out, spec)


@pytest.mark.parametrize(("ksy_type", "prefix"), [
    *((f"xen_libxc_stream:stream_body.{name}", prefix) for name, prefix in [
        ("domain_header", False), ("record_header", False), ("page_data_header", False),
        ("pfn_entry", False), ("x86_pv_info_body", False),
        ("x86_pv_p2m_frames_header", False), ("p2m_frame", False),
        ("x86_pv_vcpu_body", True), ("x86_tsc_info_body", False),
        ("hvm_params_header", False), ("hvm_param", False), ("cpuid_leaf", False),
        ("msr_entry", False)]),
    ("xen_libxl_stream:stream_body.record_header", False),
    ("xen_libxl_stream:header", False),
    ("xen_libxl_stream:stream_body.emulator_header", False),
    ("xen_libxl_stream:stream_body.checkpoint_state_body", False),
    ("xen_xl_save_file:file_body.header", False),
    ("xen_xl_save_file:file_body.optional_data", True),
])
def test_stream_writer_formats_follow_the_ksy(ksy_type: str, prefix: bool) -> None:
    codec_name = ksy_type.replace(":", "::").replace(".", "::")
    assert ktype(codec_name).format() == _fixed_format(_shipped_type(ksy_type), prefix)
