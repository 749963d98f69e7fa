"""The `xsif` command's entry point.

It loads the command (the engine, the rule modules, the generated parsers:
about 0.1 s) inside a handler, so that Ctrl-C while they load ends the run
as it does later, with "xsif: interrupted" and no traceback.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 2
"""What xsif.cli.main returns on Ctrl-C."""


def main() -> int:
    try:
        from xsif import cli
    except KeyboardInterrupt:
        sys.stderr.write("xsif: interrupted\n")
        return EXIT_INTERRUPTED
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
