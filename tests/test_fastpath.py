"""The fast path (xsif.read.fastpath) reads what the generated parser reads: the
same fields for every element, in both byte orders, and a validation built
on it gives the findings a per-entry reading through the generated parser
gives."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xsif.catalog.catalog import catalog
from xsif.check.engine import validate
from xsif.check.rules import not_a_page_type
from xsif.check.rules_libxc import not_a_page_type as not_a_libxc_page_type
from xsif.codec.writer import ImageWriter
from xsif.read import fastpath, gen

ELEMENTS = [gen.Body.PfnEntry, gen.Body.P2mFrame, gen.Libxc.PfnEntry, gen.Libxc.P2mFrame]

# Random octets, with runs of zero and all-ones octets mixed in so that
# fields are often zero, often full and often just one bit.
octet = st.one_of(st.integers(0, 255), st.sampled_from([0, 0, 0, 0xFF, 0x01, 0x80, 0x10, 0x0F]))
word_bytes = st.lists(octet, min_size=8, max_size=8).map(bytes)
chunks = st.lists(word_bytes, min_size=1, max_size=64).map(b"".join)


def generated(cls: type, data: bytes, is_le: bool, base: int) -> list:
    return [gen.parse(cls, data[k:k + 8], is_le, base + k) for k in range(0, len(data), 8)]


@pytest.mark.parametrize("cls", ELEMENTS)
@given(data=chunks, is_le=st.booleans(), base=st.integers(0, 1 << 40))
def test_fields_agree_with_the_generated_parser(cls: type, data: bytes, is_le: bool,
                                                base: int) -> None:
    chunk = fastpath.Chunk(cls, data, is_le, base)
    objects = generated(cls, data, is_le, base)
    assert len(chunk) == len(objects)
    # the element's word: `raw` (read as two halves), or libxc's frame `pfn`
    value = "pfn" if cls is gen.Libxc.P2mFrame else "raw"
    word = cls.SEQ_FIELDS[0]  # where the element starts
    assert list(chunk.words()) == [getattr(o, value) for o in objects]
    for name in fastpath.BIT_FIELDS[cls]:
        assert list(chunk.values(name)) == [getattr(o, name) for o in objects], name
        assert list(chunk.nonzero(name)) == [k for k, o in enumerate(objects)
                                             if getattr(o, name)], name
        assert chunk.any_set(name) == any(getattr(o, name) for o in objects)
    for k in (0, len(objects) - 1):
        assert getattr(chunk[k], value) == getattr(objects[k], value)
        assert gen.field_offset(chunk[k], word) == gen.field_offset(objects[k], word)
    undefined = {gen.Body.PfnEntry: not_a_page_type,
                 gen.Libxc.PfnEntry: not_a_libxc_page_type}.get(cls)
    if undefined is not None:
        assert list(chunk.where("word.page_type", undefined)) == [
            k for k, o in enumerate(objects) if undefined(o.word.page_type)]
        assert list(chunk.where("carries_data", bool)) == [
            k for k, o in enumerate(objects) if o.carries_data]
        assert chunk.count_where("carries_data", bool) == sum(o.carries_data for o in objects)


def test_layouts_are_learnt_not_stated() -> None:
    """The masks come from probing the generated parser: every bit of a pfn
    entry belongs to exactly one of its fields, as the .ksy lays them out."""
    pfn = fastpath.layout(gen.Body.PfnEntry).bits
    assert pfn["type_code"].mask | pfn["reserved"].mask | pfn["pfn"].mask == (1 << 64) - 1
    assert not pfn["type_code"].mask & pfn["reserved"].mask & pfn["pfn"].mask
    frame = fastpath.layout(gen.Body.P2mFrame).bits
    assert frame["reserved"].mask | frame["frame"].mask == (1 << 64) - 1


# --- the findings equal a per-entry reading through the generated parser ----------------

PFN_RULES = ("page-data.pfn-reserved", "page-data.page-type", "page-data.duplicate-pfn")


def _image(words: list[int], big_endian: bool) -> bytes:
    out = io.BytesIO()
    w = ImageWriter(out, big_endian)
    w.image_header()
    w.domain_header()
    w.x86_pv_info()
    w.p2m(0, 7)
    w.page_data(words, pages=[])
    w.vcpu_info(0)
    w.vcpu_context(0, b"regs")
    w.end()
    return out.getvalue()


def _finding(rule_id: str, at: int, **args: object) -> tuple[str, int, str]:
    return rule_id, at, catalog()[rule_id].format(**args)


def _expected(words: list[int], big_endian: bool, base: int) -> list[tuple[str, int, str]]:
    """What the rules said when they read one generated PfnEntry at a time."""
    order = ">" if big_endian else "<"
    out: list[tuple[str, int, str]] = []
    seen: dict[int, int] = {}
    for i, word in enumerate(words):
        e = gen.parse(gen.Body.PfnEntry, struct.pack(order + "Q", word), not big_endian,
                      base + 8 * i)
        at = gen.field_offset(e, e.SEQ_FIELDS[0])
        if e.reserved:
            out.append(_finding("page-data.pfn-reserved", at, entry=i, pfn=e.pfn,
                                bits=e.reserved))
        if not isinstance(e.word.page_type, gen.PageType):
            out.append(_finding("page-data.page-type", at, entry=i, pfn=e.pfn,
                                page_type=e.type_code))
        if e.pfn in seen:
            out.append(_finding("page-data.duplicate-pfn", at, entry=i, pfn=e.pfn,
                                first=seen[e.pfn]))
        else:
            seen[e.pfn] = i
    return out


word = st.one_of(st.integers(0, (1 << 64) - 1), st.integers(0, 40),
                 st.integers(0, 15).map(lambda t: t << 60),
                 st.integers(0, 255).map(lambda r: (r << 52) | 7))


@given(words=st.lists(word, min_size=1, max_size=40), big_endian=st.booleans())
def test_pfn_findings_agree_with_the_generated_parser(words: list[int],
                                                       big_endian: bool) -> None:
    data = _image(words, big_endian)
    records = []
    report = validate(io.BytesIO(data), records.append)
    [page_data] = [r for r in records if r.type == gen.RecordType.page_data]
    base = (page_data.offset + gen.min_size(gen.Body.RecordHeader)
            + gen.min_size(gen.Body.PageDataHeader))
    expected = sorted(_expected(words, big_endian, base))
    got = sorted((f for f in report.findings if f.rule_id in PFN_RULES),
                 key=lambda f: (f.rule_id, f.offset))
    assert [(f.rule_id, f.offset, f.message) for f in got] == expected
