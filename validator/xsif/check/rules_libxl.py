"""The rules of the libxl stream and of the xl save file (Xen 4.6 and later).

One function a rule, registered for its layer; messages and severities
live in rules.yaml. The walk over these containers is xsif.check.container's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from xsif.check.registry import Hit, hit, rule
from xsif.read import gen
from xsif.read.gen import field_offset as at

RT = gen.LibxlRecordType
B = gen.Libxl
LIBXL = ("libxl",)
XL = ("xl",)
LIBXL_VERSION = 2
EMULATOR = (RT.emulator_xenstore_data, RT.emulator_context)
XENSTORE_KEY = re.compile(rb"[A-Za-z0-9/_@-]+")
"""Characters of a xenstore key: ASCII letters and digits and - / _ @."""


def observe(state: Any, ctx: Any) -> None:
    """Note what a libxl record establishes, after its rules have run."""
    if state.layer.type_name(ctx.type) is None:
        return  # no rule asks about unknown types; keeping them would cost memory per record
    state.seen[ctx.type] += 1
    state.first.setdefault(ctx.type, ctx.index)
    state.track["previous"] = ctx.type


# --- header ------------------------------------------

@rule("libxl.header.version", "libxl_header", layers=LIBXL)
def header_version(ctx: Any) -> Iterator[Hit]:
    if ctx.header.version != LIBXL_VERSION:
        yield hit(at(ctx.header, "version"), version=ctx.header.version)


@rule("libxl.header.options-reserved", "libxl_header", layers=LIBXL)
def header_options_reserved(ctx: Any) -> Iterator[Hit]:
    if ctx.header.reserved_options:
        yield hit(at(ctx.header, "options"), bits=ctx.header.reserved_options << 2)


@rule("libxl.header.big-endian", "libxl_header", layers=LIBXL)
def header_big_endian(ctx: Any) -> Iterator[Hit]:
    if ctx.header.is_big_endian:
        yield hit(at(ctx.header, "options"))


@rule("libxl.header.legacy-converted", "libxl_header", layers=LIBXL)
def header_legacy_converted(ctx: Any) -> Iterator[Hit]:
    if ctx.header.is_legacy_converted:
        yield hit(at(ctx.header, "options"))


# --- records ------------------------------------------

@rule("libxl.record.type-reserved", "record", layers=LIBXL)
def record_type_reserved(ctx: Any) -> Iterator[Hit]:
    # libxl_stream_read.c has no notion of an optional record: its
    # process_record refuses every type it does not know ("Unrecognised record")
    if ctx.state.layer.type_name(ctx.type) is None:
        yield hit(at(ctx.header, "type"), type=ctx.type)


def _register_empty(rule_id: str, code: int) -> None:
    def empty(ctx: Any) -> Iterator[Hit]:
        if ctx.body_length != 0:
            yield hit(at(ctx.header, "body_length"), length=ctx.body_length)

    empty.__name__ = empty.__qualname__ = rule_id.replace(".", "_").replace("-", "_")
    rule(rule_id, "record", [code], layers=LIBXL)(empty)


for _rule_id, _code in (("libxl.end.length", RT.end),
                        ("libxl.libxc-context.length", RT.libxc_context),
                        ("libxl.checkpoint-end.length", RT.checkpoint_end)):
    _register_empty(_rule_id, _code)


def _emulator_header(ctx: Any) -> Any:
    """The emulator_id and index that start an emulator record, or None."""
    size = gen.min_size(B.EmulatorHeader)
    if len(ctx.prefix) < size:
        return None
    return gen.parse(B.EmulatorHeader, ctx.prefix[:size], ctx.state.is_le, ctx.body_offset)


@rule("libxl.emulator.length", "record", EMULATOR, layers=LIBXL)
def emulator_length(ctx: Any) -> Iterator[Hit]:
    minimum = gen.min_size(B.EmulatorHeader)
    if ctx.body_length < minimum:
        yield hit(at(ctx.header, "body_length"), length=ctx.body_length, minimum=minimum)


@rule("libxl.layout.emulator-in-pv", "record", EMULATOR, layers=LIBXL)
def emulator_in_pv(ctx: Any) -> Iterator[Hit]:
    if ctx.state.track.get("domain_type") == gen.LibxcDomainType.x86_pv:
        yield hit(ctx.offset, name=ctx.state.layer.type_name(ctx.type))


@rule("libxl.emulator.id", "record", EMULATOR, layers=LIBXL)
def emulator_id(ctx: Any) -> Iterator[Hit]:
    head = _emulator_header(ctx)
    if head is None:
        return
    if not isinstance(head.emulator_id, gen.EmulatorId):
        yield hit(at(head, "emulator_id"), emulator_id=int(head.emulator_id), why="reserved")
    elif (head.emulator_id == gen.EmulatorId.unknown
          and not ctx.state.track.get("legacy_converted")):
        yield hit(at(head, "emulator_id"), emulator_id=0,
                  why="unknown, which only a stream converted from a legacy one carries")


@rule("libxl.layout.emulator-before-libxc", "record", EMULATOR, layers=LIBXL)
def emulator_before_libxc(ctx: Any) -> Iterator[Hit]:
    if RT.libxc_context not in ctx.state.first:
        yield hit(ctx.offset, name=ctx.state.layer.type_name(ctx.type))


def _xenstore_data(ctx: Any) -> bytes | None:
    """The key/value strings of the body; None when the body is too short for
    its header, or longer than the part of it the engine keeps (then the
    checks are not made, and validator.limit says so)."""
    size = gen.min_size(B.EmulatorHeader)
    if len(ctx.prefix) < size:
        return None
    if len(ctx.prefix) < ctx.body_length:
        limited = ctx.memo.setdefault("limited", set())
        if "xenstore" not in limited:
            limited.add("xenstore")
            ctx.memo.setdefault("limits", []).append(
                f"EMULATOR_XENSTORE_DATA body of {ctx.body_length} octets: only the first "
                f"{len(ctx.prefix)} are kept, so its strings are not checked")
        return None
    return ctx.prefix[size:]


@rule("libxl.emulator-xenstore-data.nul", "record", [RT.emulator_xenstore_data], layers=LIBXL)
def xenstore_data_nul(ctx: Any) -> Iterator[Hit]:
    data = _xenstore_data(ctx)
    if data and data[-1] != 0:
        yield hit(ctx.body_offset + len(ctx.prefix) - 1)


@rule("libxl.emulator-xenstore-data.pairs", "record", [RT.emulator_xenstore_data],
      layers=LIBXL)
def xenstore_data_pairs(ctx: Any) -> Iterator[Hit]:
    data = _xenstore_data(ctx)  # ends with a NUL: not run otherwise (rules.yaml)
    if data:
        strings = data[:-1].split(b"\0")
        if len(strings) % 2:
            yield hit(ctx.body_offset + len(ctx.prefix) - 1, count=len(strings))


@rule("libxl.emulator-xenstore-data.key", "record", [RT.emulator_xenstore_data],
      layers=LIBXL)
def xenstore_data_key(ctx: Any) -> Iterator[Hit]:
    data = _xenstore_data(ctx)  # ends with a NUL: not run otherwise (rules.yaml)
    if not data:
        return
    offset = ctx.body_offset + gen.min_size(B.EmulatorHeader)
    strings = data[:-1].split(b"\0")
    for n, key in enumerate(strings[0::2]):
        refused = not key or key.startswith(b"/")  # libxl__restore_emulator_xenstore_data
        if refused or not XENSTORE_KEY.fullmatch(key):
            where = offset + sum(len(s) + 1 for s in strings[:2 * n])
            yield hit(where, key=key.decode("latin-1"), xen=None if refused else "none")


@rule("libxl.checkpoint-state.control-id", "record", [RT.checkpoint_state], layers=LIBXL)
def checkpoint_state_control_id(ctx: Any) -> Iterator[Hit]:
    body = ctx.body
    if body is not None and body.control_id != gen.CheckpointState.new_checkpoint:
        yield hit(at(body, "control_id"), control_id=int(body.control_id))


@rule("libxl.layout.checkpoint-state-unexpected", "record", [RT.checkpoint_state],
      layers=LIBXL)
def checkpoint_state_unexpected(ctx: Any) -> Iterator[Hit]:
    if ctx.state.track.get("previous") != RT.checkpoint_end:
        yield hit(ctx.offset)


# --- layout ------------------------------------------

@rule("libxl.layout.libxc-context-duplicate", "record", [RT.libxc_context], layers=LIBXL)
def libxc_context_duplicate(ctx: Any) -> Iterator[Hit]:
    if RT.libxc_context in ctx.state.first:
        yield hit(ctx.offset, first=ctx.state.first[RT.libxc_context])


@rule("libxl.layout.checkpoint-end-unexpected", "record", [RT.checkpoint_end], layers=LIBXL)
def checkpoint_end_unexpected(ctx: Any) -> Iterator[Hit]:
    if ctx.state.track.get("libxc") is None:
        yield hit(ctx.offset)


@rule("libxl.layout.libxc-context-missing", "end", layers=LIBXL)
def libxc_context_missing(ctx: Any) -> Iterator[Hit]:
    if RT.libxc_context not in ctx.state.first:
        yield hit(None)


@rule("libxl.layout.end-missing", "end", layers=LIBXL)
def end_missing(ctx: Any) -> Iterator[Hit]:
    if not ctx.end_seen:
        yield hit(None)


# --- xl save file ------------------------------------------

@rule("xl.mandatory-flags", "xl_header", layers=XL)
def xl_mandatory_flags(ctx: Any) -> Iterator[Hit]:
    if ctx.header.unknown_mandatory_flags:
        yield hit(at(ctx.header, "mandatory_flags"),
                  bits=ctx.header.unknown_mandatory_flags << 2)


@rule("xl.optional-flags", "xl_header", layers=XL)
def xl_optional_flags(ctx: Any) -> Iterator[Hit]:
    if ctx.header.optional_flags:
        yield hit(at(ctx.header, "optional_flags"), bits=ctx.header.optional_flags)


@rule("xl.optional-data-length", "xl_header", layers=XL)
def xl_optional_data_length(ctx: Any) -> Iterator[Hit]:
    length = ctx.header.optional_data_len
    if length == 0:
        return
    word = gen.min_size(gen.XlBody.OptionalData)
    if length < word:
        yield hit(at(ctx.header, "optional_data_len"), length=length,
                  needed=f"the {word}-octet config length")
    elif ctx.config_length is not None and word + ctx.config_length > length:
        yield hit(at(ctx.header, "optional_data_len"), length=length,
                  needed=f"a {ctx.config_length}-octet configuration")


def config_text(config: bytes) -> bytes:
    """What libxl parses of the configuration: its octets up to the first
    NUL (xl hands them to libxl_domain_config_from_json as a C string)."""
    return config.split(b"\0", 1)[0]


@rule("xl.config-nul", "xl_header", layers=XL)
def xl_config_nul(ctx: Any) -> Iterator[Hit]:
    config = ctx.config
    if not ctx.header.is_config_json or config is None:
        return
    nul = config.find(b"\0")
    if nul < 0:
        yield hit(ctx.config_offset, problem="has no NUL within config_length")
    elif nul != len(config) - 1:
        yield hit(ctx.config_offset + nul,
                  problem=f"has its NUL at octet {nul} and {len(config) - nul - 1} more octets "
                          "after it, which libxl does not read")


@rule("xl.config-json", "xl_header", layers=XL)
def xl_config_json(ctx: Any) -> Iterator[Hit]:
    if not ctx.header.is_config_json or ctx.config is None:
        return
    text = config_text(ctx.config)
    try:
        json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        yield hit(ctx.config_offset, error=str(err).splitlines()[0])


GUEST_TYPES = ("pv", "pvh", "hvm")
"""libxl_domain_type's names in libxl's JSON (libxl_types.idl)."""
GUEST_TYPE_CONFIG_LIMIT = 1 << 20
"""Octets of configuration parsed for the guest type; a longer one is not."""


@rule("xl.config-guest-type", "xl_header", layers=XL)
def xl_config_guest_type(ctx: Any) -> Iterator[Hit]:
    if not ctx.header.is_config_json or ctx.config is None \
            or len(ctx.config) > GUEST_TYPE_CONFIG_LIMIT:
        return
    try:
        doc = json.loads(config_text(ctx.config).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        doc = None  # not JSON: not run then (xl.config-json, rules.yaml), but total
    # libxl reads the type from b_info's keyed union ("type.pv": {...});
    # c_info.type, when there, must say the same
    b_info = doc.get("b_info") if isinstance(doc, dict) else None
    keyed = [k[5:] for k in b_info if k.startswith("type.")] if isinstance(b_info, dict) else []
    c_info = doc.get("c_info") if isinstance(doc, dict) else None
    named = c_info.get("type") if isinstance(c_info, dict) else None
    if len(keyed) != 1 or keyed[0] not in GUEST_TYPES or named not in (None, keyed[0]):
        yield hit(ctx.config_offset, keyed=", ".join(f'"type.{k}"' for k in keyed) or "none",
                  named=json.dumps(named))


@rule("xl.stream-legacy", "xl_header", layers=XL)
def xl_stream_legacy(ctx: Any) -> Iterator[Hit]:
    if not ctx.header.is_stream_v2:
        yield hit(at(ctx.header, "mandatory_flags"))
