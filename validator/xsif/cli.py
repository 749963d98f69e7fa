"""The `xsif` command."""

from __future__ import annotations

import errno
import os
import sys
from functools import cache

from xsif import __version__
from xsif.catalog import releases
from xsif.catalog.catalog import Severity
from xsif.check.engine import validate
from xsif.check.rules import OPTIONAL_BIT
from xsif.read.detect import FORMATS, Kind
from xsif.report.findings import RecordSummary, Report
from xsif.report.output import Output, OutputError, closed_stdin, discard_stdout

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, BinaryIO, TextIO

EXIT_OK, EXIT_NOT_CONFORMANT, EXIT_UNREADABLE = 0, 1, 2
READ_BUFFER = 64 << 10
"""Small: the engine reads bodies in 1 MiB pieces straight from the file."""


class Unreadable(Exception):
    """The input could not be read at all."""


def _open(path: str) -> tuple[BinaryIO, bool]:
    if path == "-":
        if closed_stdin():
            raise Unreadable("standard input is closed")
        return sys.stdin.buffer, False
    if os.path.isdir(path):
        raise Unreadable("is a directory")
    try:
        return open(path, "rb", buffering=READ_BUFFER), True
    except OSError as err:
        raise Unreadable(err.strerror or str(err)) from None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


IMAGE_KINDS = (Kind.XL, Kind.LIBXL, Kind.LIBXC_V1, Kind.LIBXC_V2, Kind.LIBXC_V3)


def _format_hint(report: Report) -> str:
    """When --format named a container the data is not: what it looks like."""
    if not report.forced or report.detected not in IMAGE_KINDS \
            or report.detected == report.kind:
        return ""
    return f"; the data looks like {_a(report.detected)}: drop --format to check it as one"


def _a(kind: object) -> str:
    """"an xl save file", "a libxc stream, ..."."""
    return f"{'an' if str(kind)[0] in 'aeiox' else 'a'} {kind}"


def _describe(report: Report) -> str:
    image = report.header.get("image")
    shipped = [report.header.get(k) for k in ("xl", "libxl")]
    if not isinstance(image, dict) and not any(shipped):
        what = f"not {_a(report.kind)}" if report.forced and report.kind in IMAGE_KINDS \
            else "not a Xen domain save image"
        return f"{what}, {_plural(report.octets, 'octet')} read{_format_hint(report)}"
    order = next(h["byte_order"] for h in (*shipped, image) if isinstance(h, dict))
    if report.kind is None:
        what = f"version {image['version']}"  # type: ignore[index]
    else:
        what = f"{'read as' if report.forced else 'detected'} {report.kind}"
    return ", ".join([what, str(order), _plural(report.records, "record"),
                      _plural(report.octets, "octet")]) + _format_hint(report) \
        + _restorable(report)


def _restorable(report: Report) -> str:
    """"; restorable by Xen 4.14 to 4.22" for a format Xen writes."""
    if report.restorable is None:
        return ""
    if report.judged != releases.ALL and not report.restorable:
        return f"; not restorable by {releases.describe(report.judged)}"
    return f"; restorable by {releases.describe(report.restorable)}"


def _counts(report: Report) -> dict[str, int]:
    return {s.value: report.count(s) for s in Severity}


FAIL_ON = ("error", "warning", "info")
"""What `--fail-on` accepts: the least severity that fails a run."""


def fails(report: Report, fail_on: str = "error") -> bool:
    """Whether the report fails at `fail_on`: an error always does (the
    image does not conform), a warning from "warning" on, a note at "info".
    Waived findings never do."""
    c = _counts(report)
    return any(c[s] for s in FAIL_ON[:FAIL_ON.index(fail_on) + 1])


def _fails_finding(f: Any, fail_on: str) -> bool:
    return not f.waived and FAIL_ON.index(f.severity.value) <= FAIL_ON.index(fail_on)


def _verdict_line(name: str, report: Report, fail_on: str = "error") -> str:
    c = _counts(report)
    tally = ", ".join(_plural(c[k], word) for k, word in
                      (("error", "error"), ("warning", "warning"), ("info", "note")))
    waived = report.count_waived()
    if waived:
        tally += f", {waived} waived"
    word = "OK" if report.conformant else "NOT CONFORMANT"
    failed = f", FAILS --fail-on {fail_on}" if report.conformant and fails(report, fail_on) \
        else ""
    return f"{name}: {word}{failed} ({_describe(report)}; {tally})"


def _finding_line(f: Any) -> str:
    from xsif.report.ruledocs import spec_link  # only with findings: not on every run
    where = [] if f.layer is None else [f.layer]
    if f.record is not None:
        where.append(f"record {f.record}")
    if f.offset is not None:
        where.append(f"offset {f.offset:#x}")
    loc = ", ".join(where) if where else "image"
    refused = "" if f.refused_by in (None, releases.ALL) else \
        f"; refused by {releases.describe(f.refused_by)}"
    if f.waived:  # shown, never dropped: the severity it would have had is named
        return (f"  {'waived':7} {f.rule_id} [{loc}]: {f.message}{refused} "
                f"({f.severity.value}, waived by --ignore; see {spec_link(f.rule_id)})")
    return (f"  {f.severity.value:7} {f.rule_id} [{loc}]: {f.message}{refused} "
            f"(see {spec_link(f.rule_id)})")


def _record_line(r: RecordSummary) -> str:
    name = r.name or ("optional" if r.type & OPTIONAL_BIT else "reserved")
    line = (f"  {'    ' * r.depth}{r.layer} record {r.index:>5} @ {r.offset:#012x}  "
            f"{name:<24} type {r.type:#010x}  body {r.body_length:>9}")
    # nested records are indented; only version 1's records carry a checksum
    return line if r.checksum is None else f"{line}  checksum {r.checksum}"


class JsonReport:
    """The JSON report, written as it is made: each record as it is read
    and each image when it is done, so that its memory does not grow with
    the number of records (an endless stream on a pipe included). The
    document is the one `json.dump` would write, but for the order of an
    image's keys: `records` comes right after `path`."""

    def __init__(self, out: TextIO) -> None:
        import json  # here: a run without --json does not load it
        self.dumps = json.dumps
        self.out = out
        self.images = 0
        self.records = 0

    def start(self) -> None:
        self.out.write(f'{{\n  "xsif": {self.dumps(__version__)},\n  "images": [')

    def image(self, name: str) -> None:
        self.out.write(f'{"," if self.images else ""}\n    {{\n      "path": {self.dumps(name)}')
        self.images += 1
        self.records = 0

    def record(self, r: RecordSummary) -> None:
        head = ',\n      "records": [\n' if not self.records else ",\n"
        self.out.write(f"{head}        {self.dumps(r.to_json())}")
        self.records += 1

    def image_done(self, result: dict[str, Any]) -> None:
        """The rest of the image's report; records are closed (or, for an
        image that could be read, given as none)."""
        if self.records:
            self.out.write("\n      ]")
        elif result.get("verdict") != "unreadable":
            self.out.write(',\n      "records": []')
        for key, value in result.items():
            if key in ("path", "records"):
                continue
            text = self.dumps(value, indent=2).replace("\n", "\n      ")
            self.out.write(f',\n      {self.dumps(key)}: {text}')
        self.out.write("\n    }")

    def finish(self) -> None:
        self.out.write("\n  ]\n}\n" if self.images else "]\n}\n")


def _check(path: str, verbose: bool, want_json: bool, out: TextIO, fmt: str = "auto",
           quiet: bool = False, xen: str | None = None, json_report: JsonReport | None = None,
           fail_on: str = "error", ignore: frozenset[str] = frozenset(),
           no_progress: bool = False) -> tuple[int, dict[str, Any]]:
    """Validate one image; with `want_json`, its records go to `json_report`
    as they are read (none are kept), and the result is returned for it."""
    name = "<stdin>" if path == "-" else path

    def on_record(r: RecordSummary) -> None:
        if want_json:
            if json_report is not None:
                json_report.record(r)
        elif verbose:
            print(_record_line(r), file=out)

    if verbose and not want_json:
        print(f"{name}:", file=out)
    try:
        stream, close = _open(path)
    except Unreadable as err:
        print(f"xsif: {name}: cannot read: {err}", file=sys.stderr)
        return EXIT_UNREADABLE, {"path": name, "verdict": "unreadable", "error": str(err)}
    shown = not (want_json or quiet or no_progress
                 or (verbose and out.isatty()))  # -v lists records there
    source, bar = stream, None
    if shown and sys.stderr.isatty():  # the bar's module only for a terminal
        from xsif.read import progress
        source, on_record, bar = progress.watch(stream, on_record, name, shown, sys.stderr)
    try:
        report = validate(source, on_record, fmt, xen, ignore)
    except OSError as err:
        reason = err.strerror or str(err)
        if err.errno == errno.EISDIR:
            reason = "is a directory"
        print(f"xsif: {name}: read error: {reason}", file=sys.stderr)
        return EXIT_UNREADABLE, {"path": name, "verdict": "unreadable", "error": reason}
    finally:
        if bar is not None:
            bar.finish()
        if close:
            stream.close()

    if report.octets == 0:  # nothing to judge: as `xsif dump` has it, no image to read
        reason = "empty: no octets to check"
        print(f"xsif: {name}: cannot read: {reason}", file=sys.stderr)
        return EXIT_UNREADABLE, {"path": name, "verdict": "unreadable", "error": reason}
    failed = fails(report, fail_on)
    code = EXIT_NOT_CONFORMANT if failed else EXIT_OK
    result = {
        "path": name,
        "verdict": "conformant" if report.conformant else "not conformant",
        "format": "xen-save-image",
        "kind": None if report.kind is None else str(report.kind),
        "header": report.header,
        "octets": report.octets,
        "record_count": report.records,
        "end_seen": report.end_seen,
        "counts": {**_counts(report), "waived": report.count_waived()},
        **({} if fail_on == "error" else {"fail_on": fail_on, "fails": failed}),
        **({} if report.restorable is None else {"xen": {
            "judged": releases.members(report.judged),
            "restorable": releases.members(report.restorable),
            "summary": _restorable(report).removeprefix("; "),
        }}),
        "findings": [f.to_json() for f in report.findings],
        "findings_not_listed": dict(report.dropped),
    }
    if not want_json and not (quiet and not failed):  # -q: only what fails the run
        print(_verdict_line(name, report, fail_on), file=out)
        for f in report.findings:
            if not quiet or _fails_finding(f, fail_on):
                print(_finding_line(f), file=out)
        for rule_id, n in sorted(report.dropped.items()):
            waived = " (waived)" if rule_id in report.waived_rules else ""
            print(f"  ... and {n} more findings of {rule_id}{waived}", file=out)
    return code, result


def cmd_validate(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    ignore = frozenset()
    if args.ignore:
        from xsif.api import UnknownRule, check_rules
        try:
            ignore = check_rules(args.ignore)
        except UnknownRule as err:
            print(f"xsif validate: --ignore: {err}", file=sys.stderr)
            return EXIT_UNREADABLE  # a usage error, as argparse's own
    if args.spec_url is not None:
        from xsif.report.ruledocs import set_spec_url
        set_spec_url(args.spec_url)
    junit: list[tuple[str, int, dict[str, Any]]] = []
    out = Output(sys.stdout)
    report = JsonReport(out) if args.json else None
    if report is not None:
        report.start()
    for path in args.paths:
        if report is not None:
            report.image("<stdin>" if path == "-" else path)
        code, result = _check(path, args.verbose, args.json, out,  # type: ignore[arg-type]
                              args.format, args.quiet, args.xen, report, args.fail_on,
                              ignore, args.no_progress)
        worst = max(worst, code)
        if args.junit is not None:
            junit.append((path, code, result))
        if report is not None:
            report.image_done(result)
    if report is not None:
        report.finish()
    out.flush()
    if args.junit is not None:
        from xsif.report.junit import write_junit
        try:
            write_junit(args.junit, junit)
        except OSError as err:
            print(f"xsif: cannot write {args.junit}: {err.strerror or err}", file=sys.stderr)
            return EXIT_UNREADABLE
    return worst


def cmd_rules(args: argparse.Namespace) -> int:
    from xsif.catalog.catalog import catalog
    from xsif.report.ruledocs import rule_json, rule_text, rules_json, rules_text, set_spec_url
    if args.spec_url is not None:
        set_spec_url(args.spec_url)
    out = Output(sys.stdout)
    rules = catalog()
    unknown = [i for i in args.ids if i not in rules]
    if unknown:
        print(f"xsif rules: unknown rule ID {', '.join(unknown)} (`xsif rules` lists them)",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        import json
        listed = [rule_json(rules[i]) for i in args.ids] if args.ids else rules_json()
        json.dump({"xsif": __version__, "rules": listed}, out, indent=2)
        out.write("\n")
    elif args.ids:
        out.write("\n".join(rule_text(rules[i]) for i in args.ids))
    else:
        out.write(rules_text())
    out.flush()
    return EXIT_OK


def _release(text: str) -> str:
    try:
        return releases.RELEASES[releases.release_index(text)]
    except ValueError as err:
        import argparse
        raise argparse.ArgumentTypeError(str(err)) from None


def _columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


@cache
def _formatter() -> type[argparse.HelpFormatter]:
    import argparse

    class _Formatter(argparse.HelpFormatter):
        """argparse's help formatter, given the terminal's width as
        `shutil.get_terminal_size` finds it ($COLUMNS, else the terminal of
        standard output, else 80 columns). argparse makes a formatter for each
        argument it adds and, without a width, imports shutil for it (and bz2
        and lzma with it): a few ms of every run."""

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            if width is None:
                width = _columns() - 2  # as argparse takes it
            super().__init__(prog, indent_increment, max_help_position, width)

    return _Formatter


LIGHT_COMMANDS = ("validate", "rules")
"""Commands that need neither the dumper nor the builder: their parser
leaves those modules (and what they import) unloaded, which is most of
what a run on a small image costs."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, when `command` is one of
    LIGHT_COMMANDS, one that knows only those (only `validate` for
    `validate`: each parser argparse makes costs a run some gettext look-ups)."""
    import argparse

    from xsif.report.ruledocs import SPEC_URL_ENV
    parser = argparse.ArgumentParser(
        prog="xsif", formatter_class=_formatter(),
        description="Check Xen domain save images against the xsif specification.")
    parser.add_argument("--version", action="version", version=f"xsif {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check images and report every finding",
                       formatter_class=_formatter(),
                       description="Check each image; exit 0 if all conform (warnings "
                       "allowed), 1 if one does not, 2 if one cannot be read.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="an image file, or - for stdin")
    v.add_argument("-v", "--verbose", action="store_true",
                   help="also list every record: index, offset, type, body length, checksum")
    v.add_argument("--json", action="store_true", help="write a JSON report to stdout")
    v.add_argument("--format", choices=FORMATS, default="auto",
                   help="the container to read: auto (detect it; default), xl (xl save "
                   "file), libxl (libxl stream), libxc (libxc stream, version 2 or 3), "
                   "v1 (version-1 image)")
    v.add_argument("-q", "--quiet", action="store_true",
                   help="print only what fails the run (nothing for a conformant image) "
                   "and no progress line")
    v.add_argument("--no-progress", action="store_true",
                   help="no progress line on the terminal for large images")
    v.add_argument("--fail-on", choices=FAIL_ON, default="error",
                   help="the least severity that makes the exit status 1: error (default; "
                   "the image does not conform), warning, or info (any finding)")
    v.add_argument("--ignore", action="append", metavar="RULE", default=[],
                   help="waive a rule (repeatable) for a known deviation: its findings are "
                   "still listed, marked waived, and counted apart, never towards the verdict")
    v.add_argument("--spec-url", metavar="URL",
                   help="root of the specification that findings link to, e.g. a published "
                   f"copy (default: ${SPEC_URL_ENV}, else links relative to the site)")
    v.add_argument("--junit", metavar="FILE",
                   help="also write a JUnit XML report (one test case per image) to FILE")
    v.add_argument("--xen", metavar="X.Y", type=_release,
                   help="judge an xl, libxl or libxc image for the restorer of this Xen "
                   f"release ({releases.RELEASES[0]} to {releases.CURRENT}) instead of "
                   "every release's")
    v.set_defaults(func=cmd_validate)
    if command != "validate":  # a run of `xsif validate` builds the parser it needs
        r = sub.add_parser("rules", help="list the rule catalog, or show one rule",
                           formatter_class=_formatter(),
                           description="List every rule: ID, severity, the spec section that "
                           "states it, its anchor in the spec, the statement. With rule IDs, "
                           "show those in full: also the Xen releases whose restorer refuses "
                           "an image that breaks it, and where Xen's code checks it.")
        r.add_argument("ids", nargs="*", metavar="ID", help="a rule ID (record.checksum, ...)")
        r.add_argument("--json", action="store_true",
                       help="as JSON, with each rule's message template too")
        r.add_argument("--spec-url", metavar="URL",
                       help=f"root of the specification the links point into (default: "
                       f"${SPEC_URL_ENV})")
        r.set_defaults(func=cmd_rules)
    if command not in LIGHT_COMMANDS:
        from xsif.codec import build, dump
        dump.add_parser(sub)
        build.add_parser(sub)
    return parser


def plain_validate(words: list[str]) -> argparse.Namespace | None:
    """The arguments of `xsif validate PATH...` without any option (the
    plain run of CI over a folder), as build_parser() would parse them;
    None for any other command line, which argparse parses. argparse, with
    the gettext and locale look-ups it makes, is a tenth of a small run;
    tests/test_startup.py checks that both parse a plain run alike."""
    if len(words) < 2 or words[0] != "validate" \
            or any(w.startswith("-") for w in words[1:]):  # an option, "-" or "--"
        return None
    from types import SimpleNamespace
    return SimpleNamespace(  # type: ignore[return-value]
        command="validate", paths=words[1:], verbose=False, json=False, format="auto",
        quiet=False, no_progress=False, fail_on="error", ignore=[], spec_url=None,
        junit=None, xen=None, func=cmd_validate)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status. Ctrl-C, a reader that goes away
    and a failed write end the run with one line (or, for the reader,
    quietly), never a traceback."""
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        args = plain_validate(words)
        if args is None:
            args = build_parser(words[0] if words else None).parse_args(words)
        return args.func(args)
    except KeyboardInterrupt:
        print("xsif: interrupted", file=sys.stderr)
        return EXIT_UNREADABLE
    except OutputError as err:
        # the reader went away (xsif ... | head): nothing more to say
        if not err.reader_gone:
            print(f"xsif: cannot write the output: {err}", file=sys.stderr)
        discard_stdout()
        return EXIT_UNREADABLE
    except BrokenPipeError:  # a write that did not go through Output
        discard_stdout()
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
