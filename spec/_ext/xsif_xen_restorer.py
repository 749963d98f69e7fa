"""Sphinx directive that renders validator/xsif/catalog/xen_restorer.yaml: every error
site of Xen's C restore code (libxc, libxl, xl) at one release tag, what
decides it, the releases in which it holds and the xsif rules that cover it;
and the places where a restorer tolerates what a document forbids.

    .. xsif-xen-restorer::
       :part: counts         the files read, the error sites per function
    .. xsif-xen-restorer::
       :part: kinds          the sites per kind, with what each kind means
    .. xsif-xen-restorer::
       :part: sites          a table per file: every site
    .. xsif-xen-restorer::
       :part: uncovered      the stream-kind sites that no rule (or no rule fully) covers
    .. xsif-xen-restorer::
       :part: tolerances     what the restorers take

Each site's row has the anchor given by `site_anchor()`, so that other pages
can cite it (:ref:`text <xen-restorer-...>`).

Rule IDs link to their anchors in the rules index, as :rule: does. An ID
that is neither in the catalog nor in the YAML's `planned` list fails the
build, and so does one in its `removed` list. A planned ID not yet in the
catalog is shown as text, marked "planned"; with `xsif_restorer_strict`
set (conf.py, or `-D xsif_restorer_strict=1`) it fails the build too.
`xsif_restorer_yaml` renders another file than the repository's (tests).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from xsif_catalog import _rule_ref
from xsif_nodes import para as _para  # shared with the other extensions
from xsif_nodes import table as _table

from xsif.catalog.catalog import catalog

RESTORER_PATH = (Path(__file__).resolve().parents[2] / "validator" / "xsif"
                 / "catalog" / "xen_restorer.yaml")
PARTS = ("counts", "kinds", "sites", "uncovered", "tolerances")


def load(path: Path = RESTORER_PATH) -> dict[str, Any]:
    """The restorer map, as the tests read it too."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def site_anchor(site_id: str) -> str:
    """The HTML anchor of a site or tolerance on the page."""
    return "xen-restorer-" + site_id.replace(".", "-").replace("_", "-").lower()


def uncovered(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream-kind sites that no rule covers, or that rules cover in part."""
    return [s for s in table["sites"] if s["kind"] == "stream"
            and (s.get("gap") or not s.get("rules"))]


def _flag(value: object) -> bool:
    """A config value given in conf.py (a bool) or with -D (a string)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


class XenRestorerDirective(SphinxDirective):
    option_spec = {"part": lambda arg: directives.choice(arg, PARTS)}

    def run(self) -> list[nodes.Node]:
        path = Path(self.config.xsif_restorer_yaml or RESTORER_PATH)
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(RESTORER_PATH.with_name("rules.yaml")))
        table = load(path)
        part = self.options.get("part", "sites")
        return getattr(self, "_" + part)(table)

    # --- pieces -------------------------------------------------------------------

    def _rules(self, table: dict[str, Any], ids: list[str]) -> nodes.paragraph:
        known = catalog()
        planned = set(table.get("planned") or ())
        removed = set(table.get("removed") or ())
        strict = _flag(self.config.xsif_restorer_strict)
        para = nodes.paragraph()
        for i, rule_id in enumerate(ids):
            if i:
                para += nodes.Text(", ")
            if rule_id in removed:
                raise self.error(f"xen_restorer.yaml cites {rule_id!r}, which the plan removes")
            if rule_id in known:
                para += _rule_ref(rule_id)
            elif rule_id in planned and not strict:
                para += nodes.literal(text=rule_id)
                para += nodes.emphasis(text=" (planned)")
            else:
                raise self.error(f"xen_restorer.yaml names unknown rule {rule_id!r}")
        return para

    def _where(self, table: dict[str, Any], entry: dict[str, Any]) -> nodes.paragraph:
        path = table["files"][entry["file"]]["path"]
        where = _para(nodes.literal(text=entry["function"]))
        if "line" in entry:
            where += nodes.Text(f", {path.rsplit('/', 1)[-1]}:{entry['line']}")
        return where

    def _target(self, entry_id: str) -> nodes.target:
        name = site_anchor(entry_id)
        target = nodes.target("", "", ids=[name], names=[name])
        self.state.document.note_explicit_target(target)
        return target

    def _coverage(self, table: dict[str, Any], site: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if site.get("rules"):
            out.append(self._rules(table, site["rules"]))
        if site.get("gap"):
            out.append(_para(nodes.strong(text="Not covered: "), nodes.Text(site["gap"])))
        if site.get("none"):
            out.append(_para(nodes.emphasis(text="No rule: "), nodes.Text(site["none"])))
        for key, label in (("history", "Before: "), ("note", "")):
            if site.get(key):
                para = _para()
                if label:
                    para += nodes.emphasis(text=label)
                para += nodes.Text(site[key])
                out.append(para)
        return out

    # --- parts --------------------------------------------------------------------

    def _counts(self, table: dict[str, Any]) -> list[nodes.Node]:
        out, body = _table((38, 42, 20), ("file at " + table["tag"], "function", "error sites"),
                           ["xsif-xen-restorer-counts"])
        for key, info in table["files"].items():
            first = True
            counts = info["counts"] or {"(none)": 0}
            for function, count in counts.items():
                row = nodes.row()
                if first:
                    cell = [_para(nodes.strong(text=key)), _para(nodes.literal(text=info["path"])),
                            _para(text=f"earlier: {info['earlier']}"), _para(text=info["role"])]
                    if info.get("save_side"):
                        cell.append(_para(text="save side: " + ", ".join(info["save_side"])))
                    row += nodes.entry("", *cell, morerows=len(counts) - 1)
                    first = False
                row += nodes.entry("", _para(nodes.literal(text=function)))
                row += nodes.entry("", _para(text=str(count)))
                body += row
            row = nodes.row()
            row += nodes.entry("", _para(text=""))
            row += nodes.entry("", _para(nodes.emphasis(text=f"all of {key}")))
            row += nodes.entry("", _para(nodes.strong(text=str(info["total"]))))
            body += row
        total = sum(info["total"] for info in table["files"].values())
        summary = _para(text=f"{total} error sites in {len(table['files'])} files, "
                             f"{len(table['tolerances'])} tolerances.")
        return [summary, out]

    def _kinds(self, table: dict[str, Any]) -> list[nodes.Node]:
        out, body = _table((16, 12, 72), ("kind", "entries", "what decides it"),
                           ["xsif-xen-restorer-kinds"])
        count = Counter(s["kind"] for s in table["sites"])
        count["tolerance"] = len(table["tolerances"])
        for kind, meaning in table["kinds"].items():
            row = nodes.row()
            row += nodes.entry("", _para(nodes.literal(text=kind)))
            row += nodes.entry("", _para(text=str(count.get(kind, 0))))
            row += nodes.entry("", _para(text=" ".join(meaning.split())))
            body += row
        return [out]

    def _sites(self, table: dict[str, Any]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for key, info in table["files"].items():
            sites = [s for s in table["sites"] if s["file"] == key]
            result.append(nodes.rubric(text=f"{key} ({info['layer']}): {len(sites)} sites"))
            if not sites:
                result.append(_para(text=f"No error site in {', '.join(info['counts'])}: "
                                         f"{info['role']}."))
                continue
            out, body = _table((30, 16, 8, 10, 36),
                               ("message", "where", "kind", "releases", "xsif rules"),
                               ["xsif-xen-restorer-sites"])
            for site in sites:
                row = nodes.row()
                row += nodes.entry("", _para(self._target(site["id"]),
                                             nodes.literal(text=site["message"])),
                                   _para(nodes.inline(text=site["id"], classes=["xsif-site-id"])))
                row += nodes.entry("", self._where(table, site))
                row += nodes.entry("", _para(text=site["kind"]))
                row += nodes.entry("", _para(text=site["releases"]))
                row += nodes.entry("", *self._coverage(table, site))
                body += row
            result.append(out)
        return result

    def _uncovered(self, table: dict[str, Any]) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["xsif-xen-restorer-uncovered"])
        for site in uncovered(table):
            ref = nodes.reference("", "", internal=True, refid=site_anchor(site["id"]))
            ref += nodes.literal(text=site["message"])
            para = _para(ref, nodes.Text(f" ({site['file']}, {site['function']}, "
                                         f"{site['releases']}): "))
            para += nodes.Text(site.get("gap") or site["none"])
            items += nodes.list_item("", para)
        return [items]

    def _tolerances(self, table: dict[str, Any]) -> list[nodes.Node]:
        out, body = _table((40, 18, 10, 32), ("what the restorer takes", "where", "releases",
                                              "xsif rules, and xsif"),
                           ["xsif-xen-restorer-tolerances"])
        for tol in table["tolerances"]:
            row = nodes.row()
            what = [_para(self._target(tol["id"]), nodes.Text(tol["tolerates"])),
                    _para(nodes.inline(text=tol["id"], classes=["xsif-site-id"]))]
            if tol.get("note"):
                what.append(_para(text=tol["note"]))
            row += nodes.entry("", *what)
            where = self._where(table, tol)
            where += nodes.Text(f" ({tol['file']})")
            row += nodes.entry("", where)
            row += nodes.entry("", _para(text=tol["releases"]))
            cell = [self._rules(table, tol["rules"])] if tol["rules"] else []
            cell.append(_para(nodes.emphasis(text="xsif: "), nodes.Text(tol["xsif"])))
            row += nodes.entry("", *cell)
            body += row
        return [out]


def setup(app: Sphinx) -> dict:
    app.add_config_value("xsif_restorer_strict", False, "env", [bool, int, str])
    app.add_config_value("xsif_restorer_yaml", "", "env", [str])  # tests: another map
    app.add_directive("xsif-xen-restorer", XenRestorerDirective)
    return {"parallel_read_safe": True, "version": "0.1"}
