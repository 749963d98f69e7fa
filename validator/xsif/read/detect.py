"""Which container a file holds, from its first octets.

Xen writes several nested formats: an xl save file wraps a libxl stream,
which wraps a libxc stream. Each starts with its own identifying value,
taken here from the generated parsers' checks (the xl magic, libxl's
"LibxlFmt", the image header's all-ones marker and "XENF").
"""

from __future__ import annotations

from kaitaistruct import ValidationFailedError

from xsif.read import gen


class Kind:
    """What detect() finds: each name is a plain str, the words the report
    and the verdict line use (a StrEnum's eight members cost every run about
    2% of its start-up: Python 3.11 makes each enum member slowly)."""

    XL = "xl save file"
    LIBXL = "libxl stream"
    LIBXC_V1 = "version-1 image"  # Part I; not Xen's stream_version 1 (legacy)
    LIBXC_V2 = "libxc stream, version 2"
    LIBXC_V3 = "libxc stream, version 3"
    IMAGE_OTHER = "image of an unknown version"
    LEGACY = "legacy image or other data"
    UNKNOWN = "unknown"


FORMATS = ("auto", "xl", "libxl", "libxc", "v1")
"""What `xsif validate --format` accepts: auto detects; libxc takes versions
2 and 3; v1 reads every image header as version 1."""

IMAGE_MARKER: int = gen.first_check(gen.XenImageHeader)  # type: ignore[assignment]

_MAGIC = {"XL_MAGIC": "Xl", "LIBXL_IDENT": "LibxlHeader"}
"""XL_MAGIC (the xl save file's magic) and LIBXL_IDENT ("LibxlFmt"), from
the generated parsers' checks. They are found at first use: an image or a
libxc stream, which starts with IMAGE_MARKER, is told without loading the
libxl and xl parsers."""


def _magic(name: str) -> object:
    value = globals().get(name)
    if value is None:
        value = globals()[name] = gen.first_check(getattr(gen, _MAGIC[name]))
    return value


def __getattr__(name: str) -> object:
    if name not in _MAGIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _magic(name)


def detect(head: bytes) -> str:
    """The kind of container whose first octets are `head` (64 will do)."""
    if len(head) < 8 or int.from_bytes(head[:8], "big") != IMAGE_MARKER:
        # the image marker (all ones) starts neither an xl file nor a libxl stream
        if head.startswith(_magic("XL_MAGIC")):  # type: ignore[arg-type]
            return Kind.XL
        if len(head) >= 8 and int.from_bytes(head[:8], "big") == _magic("LIBXL_IDENT"):
            return Kind.LIBXL
        return Kind.LEGACY if head else Kind.UNKNOWN
    try:
        header = gen.parse(gen.XenImageHeader, head)
    except EOFError:
        return Kind.LIBXC_V1  # too short to tell: version 1 reports the truncation
    except ValidationFailedError:
        return Kind.UNKNOWN
    return {gen.FormatVersion.v1: Kind.LIBXC_V1, gen.FormatVersion.v2: Kind.LIBXC_V2,
            gen.FormatVersion.v3: Kind.LIBXC_V3}.get(header.version, Kind.IMAGE_OTHER)
