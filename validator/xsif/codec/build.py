"""`xsif build`: write an image from a description.

A description has the shape `xsif dump` writes (YAML or JSON): `format`,
`image_header`, `domain_header`, `records`, each record with `header`,
`body`, `padding` and `footer`. Whatever a description leaves out is
computed: body_length, padding, checksum, count, reserved fields (zero), the
image header's options (from `byte_order`), the P2M frames (made-up numbers,
as many as the range needs), the pages of PAGE_DATA (each filled with its
pfn). Whatever it gives is written as given, so deliberate errors are easy:
`checksum: 0xdeadbeef` or `checksum: wrong`, a wrong `body_length`,
non-zero `padding` or `reserved`, a `count` that does not match.

Octets are given as a hex string or as `{hex: ...}`, `{fill: 0xAB}` or
`{pattern: 8-octet hex}` (a page's size unless `length` says otherwise).
The keys `xsif dump` adds for the reader (`index`, `offset`,
`checksum_status`, `byte_order`, `sha256`, `stopped`, `octets`) are accepted
and not needed. Build-only keys: `trailing` (octets after END) and `truncate`
(cut the image after that many octets).

The field names, their order and their sizes come from the .ksy through the
codec (`xsif.codec.kaitai`); the framing, padding and checksums are the
writer's. Formats are dispatched on
`format` through `ENCODERS`: version 1 here, libxc-stream-v2/-v3,
libxl-stream and xl-save-file in `xsif.codec.migration`.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from typing import Any, BinaryIO

import yaml

from xsif.codec.decode import IMAGE_HEADER, NOT_AN_IMAGE, SHIPPED, V1
from xsif.codec.encode import (
    DescriptionError,
    Octets,
    Truncating,
    body_octets,
    crc_of,
    frames,
    integer,
    join_path,
    kind_of,
    layout,
    mapping,
    octet_count,
    octets,
    pack,
    sequence,
    short_octets,
    write_undecoded,
)
from xsif.codec.kaitai import Shape, record_bodies, shape
from xsif.codec.writer import (
    IMAGE_ID,
    MARKER,
    PIECE,
    V1_TYPES,
    Faults,
    ImageWriter,
    LongOctets,
    Parts,
    carries_data,
    p2m_frames_needed,
    pieces,
    words,
)
from xsif.codec.writer import pfn_entry as pack_pfn_entry
from xsif.read import gen

B = gen.Body


class _V1:
    """Building one version-1 image."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.order = "<"
        self.page_size = 4096
        self.page_shift = 12
        self.guest_width = 8

    def build(self, desc: dict[str, Any]) -> None:
        desc = mapping(desc, "", {"format", "image_header", "domain_header", "records",
                                  "trailing", "truncate", "undecoded"})
        out = self.out
        if "truncate" in desc:
            out = Truncating(out, integer(desc["truncate"], "truncate", 64))
        self.writer = self._image_header(desc.get("image_header"), out)
        if desc.get("format") == IMAGE_HEADER:  # a version without a decoder: octets follow
            write_undecoded(desc, self.writer.write, self.out)
            return
        self._domain_header(desc.get("domain_header"))
        for i, record in enumerate(sequence(desc.get("records", []), "records")):
            self._record(record, join_path("records", i))
        if "trailing" in desc:
            self.writer.write(octets(desc["trailing"], "trailing"))
        write_undecoded(desc, self.writer.write, self.out)

    def _image_header(self, value: Any, out: BinaryIO) -> ImageWriter:
        path = "image_header"
        fields = layout("xen_image_header")
        spec = mapping(value, path, {name for name, _ in fields})
        order = spec.get("byte_order", "little-endian")
        if order not in ("little-endian", "big-endian"):
            raise DescriptionError(join_path(path, "byte_order"),
                                   "is little-endian or big-endian")
        big = order == "big-endian"
        if "options" in spec:
            options = integer(spec["options"], join_path(path, "options"), 16)
            if "byte_order" in spec and bool(options & 1) != big:
                raise DescriptionError(join_path(path, "byte_order"),
                                       f"says {order} but bit 0 of options says otherwise")
            big = bool(options & 1)
        else:
            options = 1 if big else 0
        writer = ImageWriter(out, big_endian=big)
        self.order = writer.order
        writer.write(pack(">", fields, spec, path, defaults={
            "marker": MARKER, "id": IMAGE_ID, "version": int(gen.FormatVersion.v1),
            "options": options}))
        return writer

    def _domain_header(self, value: Any) -> None:
        path = "domain_header"
        fields = layout(V1_TYPES + "domain_header")
        spec = mapping(value, path, {name for name, _ in fields})
        data = pack(self.order, fields, spec, path,
                    defaults={"arch": "x86", "type": "pv", "page_shift": 12},
                    enums={"type": gen.X86DomainType})
        self.page_shift = integer(spec.get("page_shift", 12), join_path(path, "page_shift"), 16)
        self.page_size = 1 << min(self.page_shift, 32)
        self.writer.page_shift = self.page_shift
        self.writer.write(data)

    def _record(self, value: Any, path: str) -> None:
        spec = mapping(value, path, {"header", "body", "padding", "footer"})
        hpath = join_path(path, "header")
        header = mapping(spec.get("header"), hpath,
                         {n for n, _ in layout(V1_TYPES + "record_header")})
        if "type" not in header:
            raise DescriptionError(join_path(hpath, "type"), "missing")
        code = integer(header["type"], join_path(hpath, "type"), 32, gen.RecordType)
        options = integer(header.get("options", 1), join_path(hpath, "options"), 16)
        body = body_octets(self._body(code, spec.get("body"), join_path(path, "body")),
                           join_path(path, "body"))
        length = octet_count(body)
        padding = (octets(spec["padding"], join_path(path, "padding"), 0)
                   if "padding" in spec else bytes((8 - length % 8) % 8))
        crc = crc_of(body, padding)
        fpath = join_path(path, "footer")
        footer = mapping(spec.get("footer"), fpath,
                         {n for n, _ in layout(V1_TYPES + "record_footer")})
        checksum = footer.get("checksum")
        if checksum is None:
            value_ = crc if options & 1 else 0
        elif checksum == "wrong":
            value_ = crc ^ 0xFFFFFFFF or 1
        else:
            value_ = integer(checksum, join_path(fpath, "checksum"), 32)
        reserved = header.get("reserved")
        faults = Faults(
            options=options,
            reserved=None if reserved is None else short_octets(
                reserved, join_path(hpath, "reserved"), 6),
            padding=padding,  # type: ignore[arg-type]
            checksum=value_,
            footer_reserved=integer(footer.get("reserved", 0), join_path(fpath, "reserved"), 32),
            body_length=None if "body_length" not in header else integer(
                header["body_length"], join_path(hpath, "body_length"), 32))
        if faults.reserved is not None and len(faults.reserved) != 6:
            raise DescriptionError(join_path(hpath, "reserved"), "is 6 octets")
        self.writer.record(code, Parts(body), checksum=bool(options & 1), faults=faults)

    # -- bodies ---------------------------------------------------------------------
    def _body(self, code: int, value: Any, path: str) -> Octets:
        if isinstance(value, dict) and "hex" in value:
            mapping(value, path, {"hex"})
            return octets(value["hex"], join_path(path, "hex"))
        encode = BODY_ENCODERS.get(code)
        if encode is None:
            if value is None:
                return b""
            raise DescriptionError(path, f"record type {code:#010x} has no known body: "
                                   "give it as {hex: ...}")
        return encode(self, value, path)

    def fixed(self, body: Shape) -> Callable[[Any, str], Octets]:
        tail = body.tail.name if body.tail is not None else None
        fields = body.head_fields
        cls = body.body.generated()

        def encode(value: Any, path: str) -> Octets:
            allowed = {n for n, _ in fields} | {"extra"} | ({tail} if tail else set())
            spec = mapping(value, path, allowed)
            data = Parts(pack(self.order, fields, spec, path))
            if tail:
                if tail not in spec:
                    raise DescriptionError(join_path(path, tail), "missing")
                data += octets(spec[tail], join_path(path, tail))
            if "extra" in spec:
                data += octets(spec["extra"], join_path(path, "extra"))
            if cls is B.X86PvInfoBody:
                self.guest_width = integer(spec.get("guest_width", self.guest_width),
                                           join_path(path, "guest_width"), 8)
            return data

        return encode

    def page_data(self, value: Any, path: str) -> Octets:
        fields = layout(V1_TYPES + "page_data_header")
        spec = mapping(value, path, {"count", "reserved", "pfns", "pages"})
        entry_words = []
        for i, entry in enumerate(sequence(spec.get("pfns", []), join_path(path, "pfns"))):
            epath = join_path(join_path(path, "pfns"), i)
            if isinstance(entry, dict):
                e = mapping(entry, epath, {"pfn", "page_type", "reserved"})
                if "pfn" not in e:
                    raise DescriptionError(join_path(epath, "pfn"), "missing")
                entry_words.append(pack_pfn_entry(
                    integer(e["pfn"], join_path(epath, "pfn"), 52),
                    integer(e.get("page_type", 0), join_path(epath, "page_type"), 4, gen.PageType),
                    integer(e.get("reserved", 0), join_path(epath, "reserved"), 8)))
            else:
                entry_words.append(integer(entry, epath, 64))
        head = pack(self.order, fields, spec, path, defaults={"count": len(entry_words)})
        array = words(B.PfnEntry, entry_words, self.order == "<")
        data = Parts(head, array)
        if "pages" in spec:
            for i, p in enumerate(sequence(spec["pages"], join_path(path, "pages"))):
                data += octets(p, join_path(join_path(path, "pages"), i), self.page_size)
        else:  # each page that carries data filled with its pfn, as the writer does
            for w in entry_words:
                if carries_data(w):
                    data += LongOctets.repeat((w & ((1 << 52) - 1)).to_bytes(8, "little"),
                                              self.page_size)
        return data

    def p2m(self, value: Any, path: str) -> Octets:
        fields = layout(V1_TYPES + "p2m_header")
        spec = mapping(value, path, {n for n, _ in fields} | {"frames", "extra"})
        data = Parts(pack(self.order, fields, spec, path))
        if "frames" in spec:
            data += words(B.P2mFrame, [
                integer(f, join_path(join_path(path, "frames"), i), 64)
                for i, f in enumerate(sequence(spec["frames"], join_path(path, "frames")))],
                self.order == "<")
        else:
            start = integer(spec["p2m_start_pfn"], path, 64)
            end = integer(spec["p2m_end_pfn"], path, 64)
            n = p2m_frames_needed(start, end, self.page_shift, int(self.guest_width)) \
                if start <= end and self.guest_width in (4, 8) else 0
            data += frames(B.P2mFrame, self.order == "<", 0x1000, n)
        if "extra" in spec:
            data += octets(spec["extra"], join_path(path, "extra"))
        return data


def _v1_encoder(body: Shape) -> Callable[[_V1, Any, str], Octets]:
    if body.pages:  # PAGE_DATA: pfn entries, then the pages of those that carry data
        return _V1.page_data
    if body.array is not None:  # P2M: the frames, made up from the range when left out
        return _V1.p2m
    return lambda b, v, p: b.fixed(body)(v, p)


BODY_ENCODERS: dict[int, Callable[[_V1, Any, str], Octets]] = {
    code: _v1_encoder(shape(body))
    for code, body in record_bodies(V1_TYPES + "record").items()}
"""How each record type's body is written; others take `{hex: ...}`."""


def _not_an_image(desc: dict[str, Any], out: BinaryIO) -> None:
    """Data that is no image, as `xsif dump` lists it: its octets."""
    desc = mapping(desc, "", {"format", "undecoded"})
    for piece in pieces(octets(desc.get("undecoded", ""), "undecoded")):
        out.write(piece)


def _shipped(desc: dict[str, Any], out: BinaryIO) -> None:
    from xsif.codec import migration
    migration.encode(desc, out)


ENCODERS: dict[str, Callable[[dict[str, Any], BinaryIO], None]] = {
    V1: lambda desc, out: _V1(out).build(desc),
    IMAGE_HEADER: lambda desc, out: _V1(out).build(desc),
    NOT_AN_IMAGE: _not_an_image,
    **{name: _shipped for name in SHIPPED},
}
"""The formats `xsif build` writes, by the description's `format`."""


def build(desc: Any, out: BinaryIO) -> None:
    """Write the image `desc` describes to `out`; DescriptionError names
    the key of the description that is wrong."""
    if not isinstance(desc, dict):
        raise DescriptionError("", f"expected a mapping, got {kind_of(desc)}")
    fmt = desc.get("format")
    if not isinstance(fmt, str) or fmt not in ENCODERS:
        known = ", ".join(ENCODERS)
        raise DescriptionError("format", f"{'missing' if fmt is None else repr(fmt)}; "
                               f"known formats: {known}")
    ENCODERS[fmt](desc, out)


# --- the command --------------------------------------------------------------------

EXIT_OK, EXIT_BAD_DESCRIPTION = 0, 2

BUILD_HELP = """Write an image from a description (YAML or JSON, the shape `xsif dump`
writes): format xen-save-image-v1, libxc-stream-v2, libxc-stream-v3,
libxl-stream or xl-save-file. Left-out values are computed: body_length,
padding, checksum, count, reserved fields, options, P2M frames, page
contents, the xl header's optional_data_len and config_length. Given values are written
as given, so errors can be asked for: checksum: wrong (or a number), a wrong
body_length, non-zero padding or reserved fields. Octets: a hex string or
{hex: ...}, {fill: 0xAB}, {pattern: 8-octet hex}, with an optional length.
Long fills and patterns are made as they are written; a record body over
4294967295 octets (its length is 32 bits) is refused. The image is written
to a temporary file and renamed over IMAGE (through a symlink, keeping the
file's mode), or copied whole to stdout, a FIFO or a device; a failed build
leaves nothing behind, and IMAGE may not be the description itself.
Exit status: 0 the image was written; 2 the description could not be read or
is wrong (the message names the key), or the output could not be written."""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("build", help="write an image from a YAML or JSON description",
                       description=BUILD_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("description", metavar="DESCRIPTION", help="a .yaml or .json file, or -")
    p.add_argument("-o", "--output", metavar="IMAGE", required=True,
                   help="the image to write, or - for stdout")
    p.set_defaults(func=cmd_build)


def load(path: str) -> Any:
    try:
        if path == "-":
            if sys.stdin is None:
                raise OSError(errno.EBADF, "standard input is closed")
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except (OSError, UnicodeDecodeError) as err:
        raise DescriptionError("", f"cannot read {path}: {getattr(err, 'strerror', None) or err}"
                               ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DescriptionError("", f"{path} is not YAML or JSON: {err}") from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise DescriptionError("", f"{path} nests its collections too deeply to be read"
                               ) from None


class WriteFailed(Exception):
    """The image could not be written (not the description's fault)."""


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def open_output(path: str, description: str) -> tuple[BinaryIO, Callable[[bool], None]]:
    """Where to build the image `-o path` names, and how to finish: the
    callable, given whether the build succeeded, puts the image in place
    or removes what was written.

    A regular file (or a new one) is written to a temporary file beside the
    one a symlink leads to, then renamed over it with the old file's mode:
    the link stays a link, a failed build leaves the old file and no
    temporary behind. Standard output, a FIFO, a character device or a
    socket gets the image written through once it is built whole (in an
    anonymous temporary file), so a failed build writes nothing there. The
    description itself and a directory are refused."""
    if path == "-":
        if sys.stdout is None:
            raise WriteFailed("standard output is closed")
        return _through(sys.stdout.buffer, lambda: None)
    if description != "-" and _same_file(path, description):
        raise WriteFailed("is the description being built: refusing to overwrite it")
    target = os.path.realpath(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise WriteFailed(err.strerror or str(err)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteFailed("is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            special = open(target, "wb")  # noqa: SIM115 - a FIFO or a device: written through
        except OSError as err:
            raise WriteFailed(err.strerror or str(err)) from None
        return _through(special, special.close)
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.xsif-{os.getpid()}.tmp")
    try:
        out = open(tmp, "xb")  # noqa: SIM115 - closed by finish()
    except OSError as err:
        raise WriteFailed(err.strerror or str(err)) from None

    def finish(ok: bool) -> None:
        try:
            out.close()
            if ok:
                if st is not None:
                    os.chmod(tmp, stat.S_IMODE(st.st_mode))
                os.replace(tmp, target)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)

    return out, finish


def _through(dest: BinaryIO, close: Callable[[], None]
             ) -> tuple[BinaryIO, Callable[[bool], None]]:
    """An anonymous temporary file, copied to `dest` when the build succeeds."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - closed by finish()

    def finish(ok: bool) -> None:
        try:
            if ok:
                tmp.seek(0)
                while data := tmp.read(PIECE):
                    dest.write(data)
                dest.flush()
        finally:
            tmp.close()
            close()

    return tmp, finish  # type: ignore[return-value]


def cmd_build(args: Any) -> int:
    try:
        desc = load(args.description)
    except DescriptionError as err:
        print(f"xsif build: {err}", file=sys.stderr)
        return EXIT_BAD_DESCRIPTION
    try:
        out, finish = open_output(args.output, args.description)
    except WriteFailed as err:
        print(f"xsif build: cannot write {args.output}: {err}", file=sys.stderr)
        return EXIT_BAD_DESCRIPTION
    ok = False
    try:
        try:
            build(desc, out)
            out.flush()
            ok = True
        finally:
            finish(ok)
    except DescriptionError as err:
        print(f"xsif build: {err}", file=sys.stderr)
        return EXIT_BAD_DESCRIPTION
    except BrokenPipeError:
        raise  # the reader went away (xsif build ... -o - | head): main() ends quietly
    except OSError as err:
        print(f"xsif build: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return EXIT_BAD_DESCRIPTION
    return EXIT_OK
