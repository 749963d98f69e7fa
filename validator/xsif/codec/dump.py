"""`xsif dump`: decode an image into a JSON or YAML document.

The document has the shape `xsif build` reads back (see `xsif.codec.build`): the
image header, the domain header and every record with its header, its body's
fields, its padding and its footer, field names and enum names as the .ksy
gives them. Every structure is decoded by the generated parser; this module
only walks the stream and converts the parsed objects.

Streaming: the document is lazy (`xsif.report.emit`), so the image is read while the
document is written, one page at a time. Page contents are summarized unless
`pages=True`: each page becomes `{sha256: ...}`, plus `fill: N` when every
octet of it is N, or `pattern: HEX` when it repeats one 8-octet word (both
enough for `xsif build` to write the page again). Opaque octets longer than
`BLOB_LIMIT` are always summarized as `{length, sha256}`.

Decoding goes as far as the record framing allows and then says where it
stopped and why (`stopped: {offset, reason}`): truncated data, data after
END, no END, a version with no decoder.

Which decoder runs is chosen by a table of formats (`DECODERS`), each with a
test on the first octets of the data made by `xsif.read.detect` (the validator's
own detection). Version-1 images are decoded here; libxc streams (versions 2
and 3), libxl streams and xl save files by `xsif.codec.migration`, whose documents
nest one container in the next.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from kaitaistruct import KaitaiStream, ValidationFailedError

from xsif.codec.decode import (
    BLOB_LIMIT,
    IMAGE_HEADER,
    LIBXC_V2,
    LIBXC_V3,
    LIBXL,
    NOT_AN_IMAGE,
    V1,
    XL,
    Decoder,
    NotAnImage,
    Options,
    State,
    decode_v1,
    guarded,
    image_header_fields,
    parse,
    rest_of,
    sniff_prefix,
)
from xsif.read import gen
from xsif.read.detect import Kind, detect
from xsif.read.source import Source, Truncated, legacy_guess
from xsif.report.emit import OMIT, Lazy, write_json, write_yaml


def decode_header_only(st: State) -> dict[str, Any]:
    """An image header whose version no decoder knows: the header, then stop."""
    header = parse(st, gen.XenImageHeader, "the image header")
    at = st.src.offset
    return {"format": IMAGE_HEADER, "image_header": image_header_fields(header),
            "undecoded": guarded(st, lambda: rest_of(
                st, at, f"version {int(header.version)} images are not decoded by this "
                        "version of xsif"))}


def _shipped(st: State) -> dict[str, Any]:
    from xsif.codec import migration
    return migration.decode(st)


def _detected(kind: str) -> Callable[[bytes], bool]:
    return lambda prefix: bool(prefix) and detect(prefix) is kind


DECODERS: list[Decoder] = [
    Decoder(V1, _detected(Kind.LIBXC_V1), decode_v1),
    Decoder(LIBXC_V2, _detected(Kind.LIBXC_V2), _shipped),
    Decoder(LIBXC_V3, _detected(Kind.LIBXC_V3), _shipped),
    Decoder(LIBXL, _detected(Kind.LIBXL), _shipped),
    Decoder(XL, _detected(Kind.XL), _shipped),
    # the last resort: an image header of a version without a decoder
    Decoder(IMAGE_HEADER, _detected(Kind.IMAGE_OTHER), decode_header_only),
]
"""The formats `xsif dump` decodes, tried in order."""


@dataclass
class Dump:
    """A document being decoded; `stop` is known once it has been written."""

    doc: dict[str, Any]
    state: State
    not_an_image: str | None = None
    """Why the data is no image (its document then lists it as octets)."""

    @property
    def stop(self) -> dict[str, Any] | None:
        return self.state.stop


def dump(raw: BinaryIO, pages: bool = False, as_octets: bool = False) -> Dump:
    """Start decoding the image read from `raw`. Raises `NotAnImage` when no
    decoder knows the data, unless `as_octets`: then the document lists the
    data as octets (format NOT_AN_IMAGE) and `Dump.not_an_image` says why.

    Where the data ends inside a structure, the document says where that
    structure starts (`truncate`) and lists what of it is there
    (`undecoded`), so that `xsif build` gives back the same octets."""
    prefix, stream = sniff_prefix(raw)
    for decoder in DECODERS:
        if decoder.sniff(prefix):
            break
    else:
        return _octets_only(stream, not_an_image_reason(prefix), pages, as_octets)
    st = State(Source(stream), Options(pages=pages))
    try:
        doc = decoder.decode(st)
    except Truncated as t:
        if not st.src.at_eof():  # the headers are in the prefix: not expected
            raise NotAnImage(f"the data ends inside {t.what}") from None
        return _octets_only(io.BytesIO(prefix), f"the data ends inside {t.what}", pages,
                            as_octets)
    doc["stopped"] = Lazy(lambda: st.stop if st.stop is not None else OMIT)
    doc["truncate"] = Lazy(lambda: OMIT if st.cut is None else st.cut[0])
    if "undecoded" not in doc:
        doc["undecoded"] = Lazy(lambda: st.cut[1].hex() if st.cut and st.cut[1] else OMIT)
    doc["octets"] = Lazy(lambda: st.src.offset)
    return Dump(doc, st)


def _octets_only(data: BinaryIO, reason: str, pages: bool, as_octets: bool) -> Dump:
    """Data that is no image (all of it in `data`): raise NotAnImage, or
    (`as_octets`) list it."""
    if not as_octets:
        raise NotAnImage(reason)
    st = State(Source(data), Options(pages=pages))
    doc: dict[str, Any] = {"format": NOT_AN_IMAGE,
                           "undecoded": guarded(st, lambda: rest_of(st, 0, reason))}
    doc["stopped"] = Lazy(lambda: st.stop if st.stop is not None else OMIT)
    doc["octets"] = Lazy(lambda: st.src.offset)
    return Dump(doc, st, not_an_image=reason)


def not_an_image_reason(prefix: bytes) -> str:
    header = gen.XenImageHeader(KaitaiStream(io.BytesIO(prefix)))
    try:
        header._read()
    except EOFError:
        return f"only {len(prefix)} octets: too short for an image header"
    except ValidationFailedError as err:
        try:
            failed, actual = gen.failed_word(header, err.actual)
        except EOFError:
            return f"only {len(prefix)} octets: too short for an image header"
        if failed == "marker":
            return (f"the first 8 octets are {actual:#018x}, not all ones: "
                    f"{legacy_guess(actual)}")
        return "the image header's id is not \"XENF\": not a Xen domain save image"
    return "no decoder for this image"


# --- the command --------------------------------------------------------------------

EXIT_COMPLETE, EXIT_STOPPED, EXIT_UNREADABLE = 0, 1, 2

DUMP_HELP = """Decode an image into JSON (the default) or YAML: the image header, the
domain header and every record (header fields, body fields, padding, footer),
in the shape `xsif build` reads back. Formats, found as `xsif validate` finds
them: version-1 images, libxc streams (versions 2 and 3), libxl streams (the
libxc stream nested under the LIBXC_CONTEXT record, and resumed under each
CHECKPOINT_END) and xl save files (xl header, configuration, libxl stream).
Pages are summarized as a sha256 digest each (plus fill: N or pattern: HEX
when the page is one repeated octet or 8-octet word); --pages writes them as
hex. Opaque data over 1 MiB is always summarized. The image is read as a stream, a page at a time.

Exit status: 0 the image was decoded to its END record and nothing follows;
1 decoding stopped early (truncated data, no END, data after END, a version
or header without a decoder: the rest is listed as `undecoded`), and the
document ends with stopped: {offset, reason};
2 the input could not be read or is not an image of a known format (its
octets are still written, as format not-an-image).
Where the data ends inside a structure, `truncate` is the offset where that
structure starts and `undecoded` what of it is there: dump | build gives
back the same octets.
Exit 0 says the image could be framed, not that it conforms: use
`xsif validate` for that."""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("dump", help="decode an image to JSON or YAML",
                       description=DUMP_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", metavar="PATH", help="an image file, or - for stdin")
    p.add_argument("--output-format", choices=("json", "yaml"), default="json",
                   dest="output_format", help="the document's syntax (default json)")
    p.add_argument("--yaml", action="store_const", const="yaml", dest="output_format",
                   help="the same as --output-format yaml")
    # --format names the container on validate; dump's old spelling for the
    # syntax still works, with a note, until it is removed
    p.add_argument("--format", choices=("json", "yaml"), dest="deprecated_format",
                   help=argparse.SUPPRESS)
    p.add_argument("--pages", action="store_true",
                   help="write page contents as hex instead of a summary")
    p.set_defaults(func=cmd_dump)


def cmd_dump(args: Any) -> int:
    from xsif.report.output import Output, closed_stdin
    if args.deprecated_format is not None:
        print(f"xsif dump: --format {args.deprecated_format} is deprecated (--format names "
              f"the container on validate): use --output-format {args.deprecated_format}",
              file=sys.stderr)
        args.output_format = args.deprecated_format
    name = "<stdin>" if args.path == "-" else args.path
    try:
        if args.path == "-":
            if closed_stdin():
                raise OSError(errno.EBADF, "standard input is closed")
            raw: BinaryIO = sys.stdin.buffer
        elif os.path.isdir(args.path):
            raise OSError(errno.EISDIR, "is a directory")
        else:
            raw = open(args.path, "rb", buffering=BLOB_LIMIT)  # noqa: SIM115
    except OSError as err:
        print(f"xsif dump: {name}: cannot read: {err.strerror or err}", file=sys.stderr)
        return EXIT_UNREADABLE
    out = Output(sys.stdout)  # a failed write is an OutputError: main() names it
    with raw:
        try:
            result = dump(raw, pages=args.pages, as_octets=True)
            (write_yaml if args.output_format == "yaml" else write_json)(result.doc, out)
            out.flush()
        except NotAnImage as err:
            print(f"xsif dump: {name}: not an image: {err}", file=sys.stderr)
            return EXIT_UNREADABLE
        except OSError as err:  # the input's; the output's are OutputError
            print(f"xsif dump: {name}: read error: {err.strerror or err}", file=sys.stderr)
            return EXIT_UNREADABLE
    if result.not_an_image is not None:  # listed as octets, still no image
        print(f"xsif dump: {name}: not an image: {result.not_an_image}", file=sys.stderr)
        return EXIT_UNREADABLE
    if result.stop is not None:
        print(f"xsif dump: {name}: stopped at offset {result.stop['offset']}: "
              f"{result.stop['reason']}", file=sys.stderr)
        return EXIT_STOPPED
    return EXIT_COMPLETE
