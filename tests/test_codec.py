"""The ksy-driven codec (xsif.codec.kaitai) against the parser of record: for every
fixed-size and array type of every .ksy, random values encoded by the codec
are read back by the generated parser as the same values, and decoding gives
back what was encoded."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from kaitaistruct import KaitaiStream, KaitaiStruct

from xsif.codec import kaitai
from xsif.codec.kaitai import CodecError, Field, KType, ktype
from xsif.read import gen

SAMPLES = 25


def _walkable(t: KType, seen: frozenset[str] = frozenset()) -> bool:
    """Whether every field is one the codec walks on its own (no switch, no
    `if`, sizes and counts that are numbers or plain references)."""
    for f in t.fields:
        if f.kind == "switch" or f.cond is not None or f.sized:
            return False
        if f.kind == "octets" and not isinstance(f.size, int) \
                and kaitai.reference(f.size) is None:
            return False
        if f.repeat not in (None, "expr", "eos"):
            return False
        if f.repeat == "expr" and kaitai.reference(f.repeat_expr) is None:
            return False
        if f.kind == "user" and (f.user.name in seen or not _walkable(f.user, seen | {t.name})):
            return False
    return True


def _types() -> list[str]:
    out = []
    for file in kaitai.files():
        for name in kaitai.type_names(file):
            try:
                t = ktype(name)
            except CodecError:
                continue
            if _walkable(t):
                out.append(name)
    return out


TYPES = _types()


def test_the_codec_walks_every_body_and_fixed_type() -> None:
    """Every type but those switched (records, whole streams) or sized by a
    computed expression is covered below."""
    names = {n.rsplit("::", 1)[-1] for n in TYPES}
    assert {"page_data_body", "x86_pv_p2m_frames_body", "hvm_params_body",
            "x86_cpuid_policy_body", "x86_msr_policy_body", "checkpoint_dirty_pfn_list_body",
            "emulator_xenstore_data_body", "emulator_context_body", "p2m_body",
            "record_header", "record_footer", "domain_header", "pfn_entry", "header_body",
            "save_descriptor", "optional_data"} <= names
    assert "xen_image_header" in TYPES and "xen_pfn_word" in TYPES
    fixed = [n for n in TYPES if ktype(n).fixed]
    assert len(fixed) >= 30


def _int(rng: random.Random, f: Field) -> Any:
    valid = f.spec.get("valid")
    if isinstance(valid, int | str) and not isinstance(valid, bool):
        return int(valid, 0) if isinstance(valid, str) else valid
    bits = 8 * f.width
    if f.code.islower():  # signed
        return rng.randrange(-(1 << bits - 1), 1 << bits - 1)
    if f.enum is not None and rng.random() < 0.5:
        return rng.choice(sorted(f.enum.values))
    return rng.choice([0, (1 << bits) - 1, rng.randrange(1 << bits)])


def _value(rng: random.Random, t: KType) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in t.fields:
        def one(f: Field = f) -> Any:
            if f.kind == "int":
                return _int(rng, f)
            if f.kind == "contents":
                return f.contents
            if f.kind == "octets":
                n = f.size if isinstance(f.size, int) else rng.randrange(12)
                return rng.randbytes(n)
            if f.kind == "eos":
                return rng.randbytes(rng.randrange(20))
            if f.kind == "strz":
                return "".join(rng.choice("abcxyz/019") for _ in range(rng.randrange(6)))
            return _value(rng, f.user)  # type: ignore[arg-type]
        if f.repeat:
            out[f.name] = [one() for _ in range(rng.randrange(5))]
        else:
            out[f.name] = one()
    for f in t.fields:  # counts and sizes that name an earlier field follow the value
        path = kaitai.reference(f.repeat_expr if f.repeat == "expr" else
                                   f.size if f.kind == "octets" else None)
        if path is not None:
            holder = out
            for part in path[:-1]:
                holder = holder[part]
            holder[path[-1]] = len(out[f.name])
    return out


def _canonical(t: KType, value: dict[str, Any]) -> dict[str, Any]:
    """The value as decode() gives it: enums by name where the .ksy names them."""
    out: dict[str, Any] = {}
    for f in t.fields:
        def one(v: Any, f: Field = f) -> Any:
            if f.kind == "int" and f.enum is not None:
                return f.enum.decode(f.enum.encode(v, f.name))
            if f.kind == "user":
                return _canonical(f.user, v)  # type: ignore[arg-type]
            return v
        v = value[f.name]
        out[f.name] = [one(x) for x in v] if f.repeat else one(v)
    return out


def _same(t: KType, value: dict[str, Any], obj: KaitaiStruct) -> None:
    """The generated object holds `value`, field by field."""
    for f in t.fields:
        got = getattr(obj, f.name)
        want = value[f.name]
        pairs = list(zip(want, got, strict=True)) if f.repeat else [(want, got)]
        for w, g in pairs:
            where = f"{t.name}.{f.name}"
            if f.kind == "user":
                _same(f.user, w, g)  # type: ignore[arg-type]
            elif f.kind == "int":
                number = f.enum.encode(w, where) if f.enum else w
                assert int(g) == number, where
            else:
                assert g == w, where


def _leaf_values(t: KType, value: dict[str, Any]) -> list[Any]:
    """The values of a flat type's leaves, in order: a word the .ksy reads
    as two halves, whole."""
    return [value[name] if name in value else
            value[f"{name}_high"] << 32 | value[f"{name}_low"] for name, _ in t.leaves()]


def _orders(t: KType) -> list[bool | None]:
    return [None] if t.endian is not None else [True, False]


@pytest.mark.parametrize("name", TYPES)
def test_the_generated_parser_reads_what_the_codec_encodes(name: str) -> None:
    t = ktype(name)
    cls = t.generated()
    rng = random.Random(name)
    for le in _orders(t):
        for _ in range(SAMPLES):
            value = _value(rng, t)
            data = t.encode(value, le)
            obj = gen.new(cls, KaitaiStream(io.BytesIO(data)), le)
            obj._read()
            assert obj._io.pos() == len(data)
            _same(t, value, obj)
            canonical = _canonical(t, value)
            assert t.decode(data, le) == canonical
            assert t.encode(canonical, le) == data
            if t.fixed:
                assert t.size == len(data) == t.struct(le).size
                if all(f.kind != "user" and f.enum is None for f in t.fields):
                    leaves = _leaf_values(t, value)
                    assert t.pack(le, *leaves) == data
                    assert list(t.unpack(data, le)) == leaves


@pytest.mark.parametrize("name", [n for n in TYPES if ktype(n).fixed and not any(
    "valid" in f.spec for f in ktype(n).fields)])  # zeros fail a valid: the test above reads it
def test_sizes_are_the_generated_parsers(name: str) -> None:
    t = ktype(name)
    assert t.size == gen.min_size(t.generated())


def test_byte_order_comes_from_the_ksy_or_the_caller() -> None:
    header = ktype("xen_image_header")  # meta endian: be, whatever the caller says
    assert header.pack(True, 1, 2, 3, 4, bytes(6))[:8] == (1).to_bytes(8, "big")
    word = ktype("xen_pfn_word")  # endian switched on its parameter little_endian
    assert word.encode({"first_half": 1, "second_half": 2}, True) == bytes.fromhex(
        "0100000002000000")
    assert word.encode({"first_half": 1, "second_half": 2}, False) == bytes.fromhex(
        "0000000100000002")
    with pytest.raises(CodecError, match="at run time"):
        word.encode({"first_half": 1})
    blob = ktype("xen_hvm_context::save_descriptor")  # always le
    assert blob.pack(False, 1, 0, 24) == bytes.fromhex("0100000018000000")


SPLIT = {"xen_image_header": "marker", "xen_libxl_stream::header": "ident"}


def test_split_types_are_the_ones_the_ksy_splits() -> None:
    """Every type whose .ksy reads a word as `<word>_high`, `<word>_low`
    is one the codec presents whole, and no other."""
    split = {n for n in TYPES if any(name in ktype(n).spec.get("instances", {})
                                     and code == "Q" for name, code in ktype(n).leaves())
             and any(f.name.endswith("_high") for f in ktype(n).fields)}
    assert split == set(SPLIT)


@pytest.mark.parametrize(("name", "word"), SPLIT.items())
def test_a_word_read_as_halves_is_one_word_to_the_writer(name: str, word: str) -> None:
    """The header's marker or ident, read by the generated parser as two
    big-endian u4 halves (every target checks all 64 bits), is one u8 to
    the writer, `xsif build` and `xsif dump`: the same octets, the word's
    name, its halves' orig-id."""
    t = ktype(name)
    names = [f.name for f in t.fields]
    assert names[:2] == [f"{word}_high", f"{word}_low"]
    assert all(f.spec.get("-orig-id") == word for f in t.fields[:2])
    assert t.leaves()[0] == (word, "Q")
    assert t.format().startswith("Q")
    assert t.struct().size == t.size
    rng = random.Random(name)
    for _ in range(SAMPLES):
        value = _value(rng, t)
        whole = value[f"{word}_high"] << 32 | value[f"{word}_low"]
        data = t.encode(value)
        assert data[:8] == whole.to_bytes(8, "big")
        leaves = [whole, *(f.enum.encode(value[f.name], f.name) if f.enum else value[f.name]
                           for f in t.fields[2:])]
        assert t.pack(None, *leaves) == data
        assert list(t.unpack(data)) == leaves
        obj = gen.new(t.generated(), KaitaiStream(io.BytesIO(data)))
        obj._read()
        assert getattr(obj, word) == whole
    high, low = t.fields[:2]
    assert t.word(high, low) == word
    assert t.word(low, high) is None  # low then high is no word


def test_left_out_fields_are_computed_or_zero() -> None:
    body = ktype("xen_libxc_stream::stream_body::hvm_params_body")
    data = body.encode({"params": [{"index": 1, "value": 2}]}, True)
    assert body.decode(data, True) == {"header": {"count": 1, "reserved": 0},
                                       "params": [{"index": 1, "value": 2}]}
    optional = ktype("xen_xl_save_file::file_body::optional_data")
    assert optional.encode({"config": b"ab"}, True) == bytes.fromhex("020000006162")
    info = ktype("xen_save_image_v1::image_body::x86_pv_info_body")
    assert info.encode({"guest_width": 8}, False) == bytes([8, 0]) + bytes(6)


def test_enums_take_names_or_numbers() -> None:
    tsc = ktype("xen_libxc_stream::stream_body::x86_tsc_info_body")
    by_name = tsc.encode({"mode": "never_emulate"}, True)
    assert by_name == tsc.encode({"mode": 2}, True)
    assert tsc.decode(by_name, True)["mode"] == "never_emulate"
    assert tsc.decode(tsc.encode({"mode": 9}, True), True)["mode"] == 9  # no name: a number
    with pytest.raises(CodecError, match="not a name of enum tsc_mode"):
        tsc.encode({"mode": "sometimes"}, True)


def test_bad_values_are_named() -> None:
    header = ktype("xen_libxc_stream::stream_body::record_header")
    with pytest.raises(CodecError, match=r"record_header\.body_length: 4294967296 does not"):
        header.encode({"type": 1, "body_length": 1 << 32}, True)
    with pytest.raises(CodecError, match="bogus not a field"):
        header.encode({"bogus": 1}, True)
    body = ktype("xen_libxc_stream::stream_body::hvm_params_body")
    with pytest.raises(CodecError, match="1 elements, the count says 3"):
        body.encode({"header": {"count": 3}, "params": [{"index": 1, "value": 2}]}, True)


def test_record_bodies_follow_the_records_switch() -> None:
    bodies = kaitai.record_bodies("xen_libxc_stream::stream_body::record")
    assert set(bodies) == {int(t) for t in gen.LibxcRecordType}
    for code, name in bodies.items():  # the generated switch picks the same class
        layer_class = gen.record_bodies(gen.Libxc.Record, gen.Libxc.RecordHeader,
                                        gen.LibxcRecordType)[code]
        assert ktype(name).generated() is layer_class
