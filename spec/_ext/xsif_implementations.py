"""Sphinx directive that renders spec/implementations-data.yaml (written by
tools/compare.py, make compare): what Xen's own checker says of each Part II
file of the conformance corpus, and why it disagrees where it does.

    .. xsif-implementations::

The run (package, version, date), a summary table (a row a format folder:
files, agreements, disagreements), then a table a folder of the files on
which the checker and the manifest disagree: the file, the manifest's
verdict, what the checker did, and the explanation, drawn from
validator/xsif/catalog/xen_checker.yaml (a check's `difference`, linked to its row
on the page xen-checker.html, or a rule of `not_in_xen` with its reason).
An explanation the table does not have fails the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from xsif_nodes import para as _para
from xsif_nodes import table as _table
from xsif_xen_checker import CHECKER_PATH, _linked
from xsif_xen_checker import load as load_checker

DATA = Path(__file__).resolve().parents[1] / "implementations-data.yaml"

EXITS = {0: "passes (exit 0)", 1: "fails (exit 1)", 2: "script error (exit 2)"}


def load() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def agrees(row: dict[str, Any]) -> bool:
    """tools/compare.py gives a disagreement, and only one, `explained_by`
    (tests/test_compare.py checks it against the exit status)."""
    return "explained_by" not in row


def _check_ref(check_id: str) -> addnodes.pending_xref:
    return addnodes.pending_xref("", nodes.literal(text=check_id), refdomain="std",
                                 reftype="ref", reftarget="xen-check-" + check_id.replace(".", "-"),
                                 refexplicit=True, refwarn=True)


class ImplementationsDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        self.env.note_dependency(str(CHECKER_PATH))
        data, checker = load(), load_checker()
        checks = {c["id"]: c for c in checker["checks"]}
        folders: dict[str, list[dict[str, Any]]] = {f: [] for f in data["formats"]}
        for row in data["files"]:
            folders[row["path"].split("/")[0]].append(row)
        out: list[nodes.Node] = [_para(text=(
            f"Run on {data['date']} (make compare): verify-stream-v2 of Debian's "
            f"{data['package']} {data['version']}, unmodified, under Python "
            f"{data['python']}, on corpus version {data['corpus_version']}."))]
        summary, body = _table((25, 15, 20, 20, 20),
                               ("folder", "read with", "files", "agree", "disagree"),
                               ["xsif-implementations-summary"])
        for folder, rows in [*folders.items(), ("total", data["files"])]:
            good = sum(agrees(r) for r in rows)
            row = nodes.row()
            option = f"-f {data['formats'][folder]}" if folder in data["formats"] else ""
            for text in (folder, option, str(len(rows)),
                         f"{good} ({100 * good / len(rows):.0f}%)" if rows else "0",
                         str(len(rows) - good)):
                row += nodes.entry("", _para(text=text))
            body += row
        out.append(summary)
        for folder, rows in folders.items():
            wrong = [r for r in rows if not agrees(r)]
            section = nodes.rubric(text=f"{folder}/: {len(wrong)} of {len(rows)} files "
                                        "disagree")
            out.append(section)
            if not wrong:
                continue
            table, body = _table((28, 12, 22, 38),
                                 ("file", "manifest", "Xen's checker", "why"),
                                 ["xsif-implementations"])
            for r in wrong:
                body += self._row(r, checks, checker["not_in_xen"])
            out.append(table)
        return out

    def _row(self, r: dict[str, Any], checks: dict[str, Any],
             not_in_xen: dict[str, str]) -> nodes.row:
        row = nodes.row()
        where = [_para(nodes.literal(text=r["path"]))]
        if r.get("xen"):
            where.append(_para(nodes.emphasis(text=f"judged for Xen {r['xen']}")))
        row += nodes.entry("", *where)
        row += nodes.entry("", _para(text=r["verdict"]))
        said = [_para(text=EXITS.get(r["exit"], f"exit {r['exit']}"))]
        if r["message"]:
            said.append(_para(nodes.literal(text=r["message"])))
        row += nodes.entry("", *said)
        why: list[nodes.Node] = []
        for ref in r.get("explained_by") or []:
            if "check" in ref:
                check = checks.get(ref["check"])
                if not check or not check.get("difference"):
                    raise self.error(f"{DATA.name}: {r['path']} is explained by "
                                     f"{ref['check']!r}, no check with a difference")
                why += [_para(nodes.Text("Check "), _check_ref(ref["check"]), nodes.Text(":")),
                        _linked(check["difference"])]
            else:
                rule = ref["not_in_xen"]
                if rule not in not_in_xen:
                    raise self.error(f"{DATA.name}: {r['path']} is explained by {rule!r}, "
                                     "not in not_in_xen")
                why += [_linked(f"Xen's checker does not check {rule}: {not_in_xen[rule]}")]
        if not why:
            raise self.error(f"{DATA.name}: nothing explains {r['path']}: run make compare")
        row += nodes.entry("", *why)
        return row


def setup(app: Sphinx) -> dict:
    app.add_directive("xsif-implementations", ImplementationsDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
