"""`xsif validate --junit FILE`: the verdicts as JUnit XML, for a CI's test
view: one test case per image, a failure for one that fails the run (with
its findings), an error for one that could not be read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any


def write_junit(path: str, results: list[tuple[str, int, dict[str, Any]]]) -> None:
    """Write `results` ((path, exit code, the JSON report's image) each) to `path`."""
    suite = ET.Element("testsuite", name="xsif validate", tests=str(len(results)))
    failures = errors = 0
    for name, code, result in results:
        case = ET.SubElement(suite, "testcase", classname="xsif.validate",
                             name=str(result.get("path", name)))
        if result.get("verdict") == "unreadable":
            errors += 1
            ET.SubElement(case, "error", message=f"cannot read: {result.get('error')}")
            continue
        lines = [f"{f['severity']}{' (waived)' if f.get('waived') else ''} {f['rule']} "
                 f"[record {f['record']}, offset {f['offset']}]: {f['message']} ({f['spec']})"
                 for f in result.get("findings", ())]
        if code:
            failures += 1
            counts = result.get("counts", {})
            summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
            failure = ET.SubElement(case, "failure", message=f"{result['verdict']}: {summary}")
            failure.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    ET.indent(suite)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
