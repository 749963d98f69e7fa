"""The `xsif` command's entry point.

It loads the command (the engine and the CLI; the generated parsers and
rules of a layer load when an image has that layer) inside a handler, so
that Ctrl-C while they load ends the run as it does later, with "xsif:
interrupted" and no traceback.

Two things here are about start-up only, for a command that is run once
per image (CI over a folder of small images) and not for the library:

- the cyclic garbage collector's first generation is collected every
  GC_YOUNG allocations instead of 700: loading the modules makes tens of
  thousands of objects, none of them garbage, and the collections over
  them cost a small run about a tenth of its time. Memory stays bounded:
  the cycles a long run makes (a generated object and its `_parent`) are
  still collected, later.
- when the command is done, its output is flushed and the process ends
  with os._exit: tearing the interpreter down (every module, class and
  enum freed one by one) cost a small run about as much as validating it.
  Nothing is left to do at exit: the commands close their files, and no
  atexit handler is registered.
"""

from __future__ import annotations

import gc
import os
import sys

EXIT_INTERRUPTED = 2
"""What xsif.cli.main returns on Ctrl-C."""

GC_YOUNG = 20_000
"""Allocations between two collections of the collector's first generation."""


def main() -> int:
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG), *older)
    try:
        from xsif import cli
    except KeyboardInterrupt:
        sys.stderr.write("xsif: interrupted\n")
        return EXIT_INTERRUPTED
    code = cli.main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return code  # the interpreter's own exit deals with it, as before
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
