"""The image as read: a forward-only source over any binary stream (a file,
a pipe, a socket) that counts offsets, skips with a seek where it can and
keeps the octets of the structure being read; generated structures parsed
straight from it; the data ending inside one (`Truncated`)."""

from __future__ import annotations

import errno
import io
import os
import stat
import sys

from kaitaistruct import KaitaiStream, KaitaiStruct

from xsif.read import gen

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO

CHUNK = 1 << 20
"""Octets read at a time from a body that is not decoded further."""

MAP_WINDOW = 16 << 20
"""Octets of a regular file mapped at a time to compute a CRC-32C over
them (the records of several bodies: a mapping per body cost ~10% more on
bodies of 4 MiB); a window is unmapped when the reading leaves it, so that
what the mapping adds to the resident set stays one window."""

MAP_AT_LEAST = 256 << 10
"""Octets to carry a CRC over from which a regular file is mapped rather
than read (below it, a read costs less than setting up a mapping)."""

JOURNAL_LIMIT = (1 << 20) + 64
"""Most octets Source.journal keeps (a piece of an opaque body, a page)."""


def _crc32c_first(data: Any, crc: int = 0) -> int:
    """CRC-32C of `data` continuing `crc`. The first call loads the crc32c
    package's function (load_crc32c) and puts it in crc32c_update's place;
    streams without checksums never pay for it."""
    global crc32c_update
    crc32c_update = load_crc32c()
    return crc32c_update(data, crc)


def load_crc32c() -> Callable[[Any, int], int]:
    """The crc32c package's CRC-32C function, from its C extension module
    `crc32c._crc32c` loaded on its own: the package's __init__ reads the
    package's version with importlib.metadata, which loads typing, email,
    zipfile and more (about 20 ms, more than the rest of a small run's
    imports). Where that module is not found as expected (another version
    of the package), the package is imported as usual."""
    from importlib.machinery import (
        EXTENSION_SUFFIXES,
        ExtensionFileLoader,
        ModuleSpec,
        PathFinder,
    )
    spec = PathFinder.find_spec("crc32c")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_crc32c" + suffix)
            if not os.path.isfile(path):
                continue
            loader = ExtensionFileLoader("crc32c._crc32c", path)
            try:
                module = loader.create_module(ModuleSpec("crc32c._crc32c", loader, origin=path))
                loader.exec_module(module)
                function = module.crc32c
            except (ImportError, AttributeError):
                break
            # the package, if imported later, finds it loaded
            sys.modules.setdefault("crc32c._crc32c", module)
            return function
    from crc32c import crc32c
    return crc32c


crc32c_update: Callable[[Any, int], int] = _crc32c_first


def _regular_file(raw: BinaryIO) -> tuple[int | None, int]:
    """The descriptor and current position of `raw` when it is a regular
    file that can seek, else (None, 0): skipping over octets nobody needs
    then costs a seek instead of a copy."""
    try:
        if not raw.seekable():
            return None, 0
        fd = raw.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, 0
        return fd, raw.tell()
    except (AttributeError, OSError, ValueError):
        return None, 0


class Source(io.RawIOBase):
    """A forward-only reader over any binary stream (a file or a pipe) that
    knows its absolute offset. The generated parser reads the fixed-size
    structures straight from it, so their recorded positions are absolute."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._pending = b""
        self._buffer: memoryview | None = None
        self.offset = 0
        self._fd, self._base = _regular_file(raw)
        self._map: Any = None  # the mapped window of a regular file, if any
        self._map_start = self._map_end = 0
        self.journal: bytearray | None = None
        """The octets read since mark() (None: not kept). A reader that
        stops where the data ends inside a structure can say what of it
        was there; kept up to JOURNAL_LIMIT octets, then dropped."""

    def mark(self) -> None:
        """Keep the octets read from here on in `journal` (until the next mark)."""
        self.journal = bytearray()

    def _left_in_file(self) -> int | None:
        """Octets of a regular file after what has been read from it (None
        for a pipe or anything else that cannot seek)."""
        if self._fd is None:
            return None
        try:
            size = os.fstat(self._fd).st_size
        except OSError:
            return None
        return max(0, size - (self._base + self.offset + len(self._pending)))

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.offset

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            raise io.UnsupportedOperation("Source reads bounded amounts only")
        parts = [self._pending[:n]] if self._pending else []
        self._pending = self._pending[n:]
        got = len(parts[0]) if parts else 0
        while got < n:
            data = self._raw.read(n - got)
            if not data:
                break
            parts.append(data)
            got += len(data)
        out = b"".join(parts)
        self.offset += len(out)
        if self.journal is not None:
            if len(self.journal) + len(out) > JOURNAL_LIMIT:
                self.journal = None
            else:
                self.journal += out
        return out

    def at_eof(self) -> bool:
        if not self._pending:
            self._pending = self._raw.read(1)
        return not self._pending

    def peek(self, n: int) -> bytes:
        """The next `n` octets (fewer at the end of the data), left unread."""
        while len(self._pending) < n:
            data = self._raw.read(n - len(self._pending))
            if not data:
                break
            self._pending += data
        return self._pending[:n]

    def skip(self, n: int, crc: int | None = None) -> tuple[int, int | None]:
        """Read and drop up to `n` octets, in chunks; returns how many were
        there and the CRC-32C carried on over them. Reads into one reused
        buffer: no allocation, no copy per chunk. Without a CRC to carry
        (`crc` None) a regular file is not read at all: the octets there
        are counted from its size and stepped over with a seek."""
        got = 0
        if self._pending and n > 0:
            head, self._pending = self._pending[:n], self._pending[n:]
            if crc is not None:
                crc = crc32c_update(head, crc)
            got = len(head)
            self.offset += got
        if got < n and (crc is None or n - got >= MAP_AT_LEAST):
            left = self._left_in_file()
            if left is not None:
                # a regular file: nothing to compute over these octets, so
                # step over them, or compute it over a mapping of them
                step = min(n - got, left)
                if crc is not None:
                    crc = self._crc_mapped(step, crc)
                self._raw.seek(step, io.SEEK_CUR)
                self.offset += step
                return got + step, crc
        if got < n and self._buffer is None:
            self._buffer = memoryview(bytearray(CHUNK))
        while got < n:
            view = self._buffer[:min(CHUNK, n - got)]
            k = self._raw.readinto(view)
            if not k:
                break
            if crc is not None:
                crc = crc32c_update(view[:k], crc)
            got += k
            self.offset += k
        return got, crc

    def _crc_mapped(self, n: int, crc: int) -> int:
        """The CRC-32C carried on over the next `n` octets of the regular
        file (all there: see _left_in_file), computed over a memory map of
        them with no copy into this process. The file is mapped MAP_WINDOW
        octets at a time (never past its end), and a window is kept for
        the next call (the next record's body is in it) until the reading
        leaves it. The file's position does not move."""
        pos = self._base + self.offset
        end = pos + n
        while pos < end:
            if not self._map_start <= pos < self._map_end:
                self._map_window(pos, end)
            window = self._map
            assert window is not None
            stop = min(end, self._map_end)
            with memoryview(window) as view, \
                    view[pos - self._map_start:stop - self._map_start] as part:
                crc = crc32c_update(part, crc)
            pos = stop
        return crc

    def _map_window(self, pos: int, end: int) -> None:
        import mmap
        self.release_map()
        start = pos - pos % mmap.ALLOCATIONGRANULARITY
        size = os.fstat(self._fd).st_size  # type: ignore[arg-type]
        length = min(max(end, start + MAP_WINDOW), size) - start
        if length <= pos - start:  # another process cut the file short meanwhile
            raise OSError(errno.EIO, "the file was cut short while it was read")
        self._map = mmap.mmap(self._fd, length,  # type: ignore[arg-type]
                              flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0),
                              prot=mmap.PROT_READ, offset=start)
        self._map_start, self._map_end = start, start + length

    def release_map(self) -> None:
        """Unmap the window _crc_mapped kept (the run is over)."""
        if self._map is not None:
            self._map.close()
            self._map, self._map_start, self._map_end = None, 0, 0


XL_MIGRATE_GO_AHEAD = b"domain is yours, you are cleared to unpause\0"
"""migrate_permission_to_go (tools/xl/xl.h; xl_cmdimpl.c before 4.9), NUL
included: what `xl migrate` writes after the libxl stream once the receiver
has restored the domain (migrate_domain in xl_migrate.c)."""

class Truncated(Exception):
    """The data ended inside a structure."""

    def __init__(self, what: str, needed: int, available: int) -> None:
        super().__init__(what)
        self.what, self.needed, self.available = what, needed, available



def parse_from(src: Source, cls: type, what: str, is_le: bool | None = None) -> KaitaiStruct:
    """Parse one fixed structure of the generated type `cls` straight from
    `src`, so that its recorded positions are absolute; the data ending
    inside it is a `Truncated` naming the field."""
    stream = KaitaiStream(src)
    obj = gen.new(cls, stream, is_le)
    obj._xsif_base = 0
    try:
        obj._read()
    except EOFError as err:
        raise truncated_in(obj, what, err) from None
    return obj


def truncated_in(obj: KaitaiStruct, what: str, err: EOFError) -> Truncated:
    """The data ended while the generated parser read a field of `obj`."""
    fields = list(obj._debug)
    field = fields[-1] if fields else None
    needed, available = getattr(err, "bytes_needed", 0), getattr(err, "bytes_available", 0)
    word = gen.split_word(type(obj), field) if field else None
    if word is not None:  # in a word read as two halves: the data ended in the word
        needed += 4
        available += 4 if field == f"{word}_low" else 0
        field = word
    where = f"{what} (field {field})" if field else what
    return Truncated(where, needed, available)



def legacy_guess(marker: int) -> str:
    """What a first word that is not all ones suggests."""
    low = marker & 0xFFFFFFFF  # octets 4-7 as read big-endian
    if low == 0:
        return ("likely a legacy (Xen 4.5 or earlier) image from a 64-bit toolstack "
                "(octets 4-7 are zero: a 64-bit p2m size below 2^32)")
    if low == 0xFFFFFFFF:
        return ("likely a legacy (Xen 4.5 or earlier) image of a PV guest from a "
                "32-bit toolstack (octets 4-7 are 0xFFFFFFFF)")
    # a legacy image starts with its p2m size: one of the two above; anything
    # else (a PNG, a text file) is no image at all
    return "not a Xen domain save image"
