"""Where the commands write their reports and documents.

A failure to write (a full disk, a closed standard output, a reader that
went away) is not a failure to read the image: `Output` turns it into
`OutputError`, which is not an OSError, so no read-error handler mistakes it
for one, and the command's main() words it as a write failure (or, for a
closed pipe, ends quietly as `head` users expect).
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from typing import Any, TextIO


class OutputError(Exception):
    """Writing to the output failed; `err` is the OSError."""

    def __init__(self, err: OSError) -> None:
        super().__init__(err.strerror or str(err))
        self.err = err

    @property
    def reader_gone(self) -> bool:
        """A pipe whose reader has gone away (`xsif ... | head`)."""
        return isinstance(self.err, BrokenPipeError) or self.err.errno == errno.EPIPE


class Output:
    """A text stream whose write failures are OutputError. `stream` None
    (the process was started with its standard output closed) fails on the
    first write."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def _call(self, name: str, *args: Any) -> Any:
        if self._stream is None:
            raise OutputError(OSError(errno.EBADF, "standard output is closed"))
        try:
            return getattr(self._stream, name)(*args)
        except OSError as err:
            raise OutputError(err) from None
        except ValueError as err:  # a stream closed under us
            raise OutputError(OSError(errno.EBADF, str(err))) from None

    def write(self, text: str) -> int:
        return self._call("write", text)

    def flush(self) -> None:
        self._call("flush")

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    @property
    def buffer(self) -> Any:
        """The binary stream under it (for octets), wrapped the same way."""
        if self._stream is None:
            raise OutputError(OSError(errno.EBADF, "standard output is closed"))
        return BinaryOutput(self._stream.buffer)


class BinaryOutput:
    """The binary counterpart of Output."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        try:
            return self._stream.write(data)
        except OSError as err:
            raise OutputError(err) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise OutputError(err) from None


def stdout() -> Output:
    return Output(sys.stdout)


def discard_stdout() -> None:
    """Point the standard output at /dev/null, so that nothing left in its
    buffer fails again when the interpreter flushes it on the way out."""
    if sys.stdout is None:
        return
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def closed_stdin() -> bool:
    """Whether the process was started with its standard input closed."""
    return sys.stdin is None
