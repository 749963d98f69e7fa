"""The .ksy files: gallery style, and the writer's encodings agree with them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from xsif import gen, samples
from xsif.writer import FORMATS

ROOT = Path(__file__).resolve().parents[1]
KSY = sorted((ROOT / "ksy").glob("*.ksy"))
V1 = yaml.safe_load((ROOT / "ksy" / "xen_save_image_v1.ksy").read_text())


def _types(spec: dict, prefix: str = ""):
    for name, t in (spec.get("types") or {}).items():
        yield prefix + name, t
        yield from _types(t, prefix + name + ".")


@pytest.mark.parametrize("path", KSY, ids=lambda p: p.name)
def test_gallery_style(path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    meta = spec["meta"]
    for key in ("id", "title", "license", "ks-version", "endian"):
        assert key in meta, f"meta/{key} missing"
    assert meta["id"] == path.stem
    assert spec.get("doc") and spec.get("doc-ref")
    for name, t in _types(spec):
        assert t.get("doc"), f"type {name} has no doc"
        assert t.get("doc-ref"), f"type {name} has no doc-ref"
    for name, t in [("<top>", spec), *_types(spec)]:
        for f in t.get("seq") or []:
            if f["id"] not in {"header", "footer", "body", "domain_header", "records",
                               "image_header"} or "doc" in f:
                assert f.get("doc"), f"{name}.{f['id']} has no doc"
        for iname, inst in (t.get("instances") or {}).items():
            assert inst.get("doc"), f"{name}.{iname} has no doc"


def _spec_of(type_name: str) -> dict:
    body_types = V1["types"]["image_body"]["types"]
    return body_types[type_name]


CODES = {"u1": "B", "u2": "H", "u4": "I", "u8": "Q"}


def _ksy_format(type_name: str, fixed_prefix: bool = False) -> str:
    if type_name == "image_header":
        spec = yaml.safe_load((ROOT / "ksy" / "xen_image_header.ksy").read_text())
    else:
        spec = _spec_of(type_name)
    out = ""
    for f in spec.get("seq") or []:
        if f.get("type") in CODES:
            out += CODES[f["type"]]
        elif isinstance(f.get("size"), int):
            out += f"{f['size']}s"
        elif fixed_prefix:
            break
        else:
            raise AssertionError(f"{type_name}.{f['id']} is not fixed-size")
    return out


@pytest.mark.parametrize(("writer_name", "ksy_type", "prefix"), [
    ("image_header", "image_header", False),
    ("domain_header", "domain_header", False),
    ("record_header", "record_header", False),
    ("record_footer", "record_footer", False),
    ("page_data_header", "page_data_header", False),
    ("pfn_entry", "pfn_entry", False),
    ("vcpu_info_body", "vcpu_info_body", False),
    ("vcpu_context_head", "vcpu_context_body", True),
    ("x86_pv_info_body", "x86_pv_info_body", False),
    ("p2m_header", "p2m_header", False),
    ("p2m_frame", "p2m_frame", False),
])
def test_writer_formats_follow_the_ksy(writer_name: str, ksy_type: str, prefix: bool) -> None:
    assert FORMATS[writer_name] == _ksy_format(ksy_type, prefix)


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
    assert [(e.pfn, e.page_type) for e in pd.pfns] == [
        (2, gen.PageType.notab), (600, gen.PageType.xalloc), (601, gen.PageType.notab)]
    assert len(pd.page_data) == 2 * 4096
    p2m = records[5].body
    assert (p2m.header.p2m_start_pfn, p2m.header.p2m_end_pfn, len(p2m.frames)) == (0, 1023, 2)
    assert records[11].body._io.size() == 0
    for r in records:
        assert len(r.padding) == r.header.padding_length
        assert (r._debug["header"]["start"]) % 8 == 0


def test_libxc_page_types_are_version_1s() -> None:
    """The compiler cannot resolve an imported enum on a value instance, so
    the libxc stream states the page types again; they must not drift."""
    libxc = yaml.safe_load((ROOT / "ksy" / "xen_libxc_stream.ksy").read_text())
    assert libxc["enums"]["page_type"] == V1["enums"]["page_type"]
    v1_entry = _spec_of("pfn_entry")
    libxc_entry = libxc["types"]["stream_body"]["types"]["pfn_entry"]
    assert libxc_entry["seq"] == v1_entry["seq"]
    assert libxc_entry["instances"] == v1_entry["instances"]


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
        elif isinstance(f.get("size"), int):
            out += f"{f['size']}s"
        elif fixed_prefix:
            break
        else:
            raise AssertionError(f"{f['id']} is not fixed-size")
    return out


@pytest.mark.parametrize(("writer_name", "ksy_type", "prefix"), [
    ("libxc_domain_header", "xen_libxc_stream:stream_body.domain_header", False),
    ("libxc_record_header", "xen_libxc_stream:stream_body.record_header", False),
    ("libxc_record_header", "xen_libxl_stream:stream_body.record_header", False),
    ("page_data_header", "xen_libxc_stream:stream_body.page_data_header", False),
    ("pfn_entry", "xen_libxc_stream:stream_body.pfn_entry", False),
    ("x86_pv_info_body", "xen_libxc_stream:stream_body.x86_pv_info_body", False),
    ("x86_pv_p2m_frames_header", "xen_libxc_stream:stream_body.x86_pv_p2m_frames_header",
     False),
    ("p2m_frame", "xen_libxc_stream:stream_body.p2m_frame", False),
    ("x86_pv_vcpu_head", "xen_libxc_stream:stream_body.x86_pv_vcpu_body", True),
    ("x86_tsc_info_body", "xen_libxc_stream:stream_body.x86_tsc_info_body", False),
    ("hvm_params_header", "xen_libxc_stream:stream_body.hvm_params_header", False),
    ("hvm_param", "xen_libxc_stream:stream_body.hvm_param", False),
    ("cpuid_leaf", "xen_libxc_stream:stream_body.cpuid_leaf", False),
    ("msr_entry", "xen_libxc_stream:stream_body.msr_entry", False),
    ("libxl_header", "xen_libxl_stream:header", False),
    ("emulator_header", "xen_libxl_stream:stream_body.emulator_header", False),
    ("checkpoint_state_body", "xen_libxl_stream:stream_body.checkpoint_state_body", False),
    ("xl_header", "xen_xl_save_file:file_body.header", False),
    ("xl_config_length", "xen_xl_save_file:file_body.optional_data", True),
])
def test_stream_writer_formats_follow_the_ksy(writer_name: str, ksy_type: str,
                                             prefix: bool) -> None:
    assert FORMATS[writer_name] == _fixed_format(_shipped_type(ksy_type), prefix)
