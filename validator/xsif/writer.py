"""The writer's public import path, as the README shows it:
`from xsif.writer import ImageWriter`. The writer itself is
`xsif.codec.writer`, the codec's encoder of images."""

from xsif.codec.writer import (
    Faults,
    ImageWriter,
    LongOctets,
    Parts,
    StreamWriter,
    minimal_image,
    pfn_entry,
)

__all__ = ["Faults", "ImageWriter", "LongOctets", "Parts", "StreamWriter", "minimal_image",
           "pfn_entry"]
