"""A progress line on a terminal while `xsif validate` reads a large image:
octets and records done, the rate and, when the size is known, a bar and
the time left.

Shown only when stderr is a terminal, the input is larger than THRESHOLD
octets (or, of unknown size, has passed that many), and neither --json nor
-q was given. The line is redrawn in place at most every INTERVAL seconds
and erased when the image is done.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable

from xsif.report.findings import RecordSummary

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from typing import Any, BinaryIO, TextIO

THRESHOLD = 256 << 20
"""Inputs smaller than this get no progress line."""

INTERVAL = 0.2
"""Seconds between redraws."""

BAR_WIDTH = 24
MIB = 1 << 20


def _size_of(stream: BinaryIO) -> int | None:
    """The input's size when it is a regular file, else None."""
    try:
        st = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _amount(octets: float) -> str:
    if octets >= 1 << 30:
        return f"{octets / (1 << 30):.2f} GiB"
    return f"{octets / MIB:.1f} MiB"


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """Draws the progress of one image on `out`."""

    def __init__(self, out: TextIO, name: str, total: int | None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.out = out
        self.name = name
        self.total = total
        self.clock = clock
        self.start = clock()
        self.octets = 0
        self.records = 0
        self._next = self.start + INTERVAL
        self._shown = False

    def advance(self, octets: int = 0, records: int = 0) -> None:
        self.octets += octets
        self.records += records
        now = self.clock()
        if now >= self._next:
            self._next = now + INTERVAL
            self.draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.octets / elapsed
        parts = [f"{self.name}:"]
        if self.total:
            done = min(self.octets / self.total, 1.0)
            filled = int(done * BAR_WIDTH)
            parts.append(f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%}")
            parts.append(f"{_amount(self.octets)} of {_amount(self.total)},")
        else:
            parts.append(f"{_amount(self.octets)},")
        parts.append(f"{self.records} records, {rate / MIB:.0f} MiB/s")
        if self.total and rate > 0:
            parts.append(f", {_duration(max(self.total - self.octets, 0) / rate)} left")
        return " ".join(parts).replace(" ,", ",")

    def draw(self, now: float) -> None:
        if self.total is not None and self.total < THRESHOLD:
            return
        if self.total is None and self.octets < THRESHOLD:
            return
        self.out.write("\r" + self.line(now) + "\x1b[K")
        self.out.flush()
        self._shown = True

    def finish(self) -> None:
        """Erase the line, so that the verdict starts on a clean one."""
        if self._shown:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self._shown = False


class _Counted:
    """The input, telling the progress line how much has been read."""

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self._progress.advance(octets=len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer) or 0
        self._progress.advance(octets=n)
        return n


def watch(stream: BinaryIO, on_record: Callable[[RecordSummary], None], name: str,
          enabled: bool, out: TextIO
          ) -> tuple[Any, Callable[[RecordSummary], None], Progress | None]:
    """The input and record callback to validate with, reporting progress on
    `out` when `enabled` and `out` is a terminal; the Progress to finish()."""
    if not enabled or not out.isatty():
        return stream, on_record, None
    total = _size_of(stream)
    if total is not None and total < THRESHOLD:
        return stream, on_record, None
    progress = Progress(out, name, total)

    def counted(record: RecordSummary) -> None:
        progress.advance(records=1)
        on_record(record)

    return _Counted(stream, progress), counted, progress
