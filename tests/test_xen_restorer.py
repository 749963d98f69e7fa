"""validator/xsif/catalog/xen_restorer.yaml: every error site of Xen's restore code at
one release tag, mapped to xsif rules. Well-formed, counted right, citing
only rules the catalog has (or the plan adds), rendered on its spec page, and
— where Xen's repository is at hand — the same sites as Xen's source."""

from __future__ import annotations

import html
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from sphinx.cmd.build import build_main

from xsif.catalog.catalog import CATALOG_PATH, catalog
from xsif.report.ruledocs import anchor

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(SPEC / "_ext"))
import xen_restorer_sites  # noqa: E402
import xsif_xen_restorer  # noqa: E402  (spec/_ext is not a package)

TABLE = xsif_xen_restorer.load()
SITES = TABLE["sites"]
TOLERANCES = TABLE["tolerances"]
ENTRIES = SITES + TOLERANCES
KINDS = set(TABLE["kinds"])
RELEASES = [f"4.{minor}" for minor in range(6, 23)]

SITE_FIELDS = {"id", "file", "function", "line", "message", "kind", "releases", "rules", "gap",
               "none", "history", "note"}
TOLERANCE_FIELDS = {"id", "file", "function", "kind", "releases", "tolerates", "rules", "xsif",
                    "note"}


def releases(text: str) -> set[str]:
    """The releases a range names, in the catalog's syntax: "4.6-", "4.6-4.13",
    "4.12", a comma-separated list of those."""
    out: set[str] = set()
    for part in text.split(","):
        low, dash, high = part.strip().partition("-")
        first = RELEASES.index(low)
        last = (RELEASES.index(high) if high else len(RELEASES) - 1) if dash else first
        assert first <= last, text
        out.update(RELEASES[first:last + 1])
    return out


# --- the file itself --------------------------------------------------------------


def test_header_states_the_tag_and_the_patterns() -> None:
    assert re.fullmatch(r"RELEASE-4\.\d+\.0", TABLE["tag"])
    assert TABLE["tag"] == f"RELEASE-{RELEASES[-1]}.0"
    assert TABLE["patterns"] == {k: p.pattern for k, p in xen_restorer_sites.PATTERNS.items()}
    assert KINDS == {"stream", "guest", "domain", "resource", "internal", "note", "tolerance"}


def test_every_entry_is_well_formed() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for site in SITES:
        assert set(site) <= SITE_FIELDS, site["id"]
        info = TABLE["files"][site["file"]]
        assert re.fullmatch(re.escape(f"{info['prefix']}.{site['function']}.") + r"[a-z0-9-]+",
                            site["id"]), site["id"]
        assert site["function"] in info["counts"], site["id"]
        assert isinstance(site["line"], int) and isinstance(site["message"], str), site["id"]
        assert site["kind"] in KINDS - {"tolerance"}, site["id"]
        assert releases(site["releases"]), site["id"]
        assert site.get("rules") or site.get("none"), f"{site['id']} names no rule and says not why"
        assert not (site.get("gap") and not site.get("rules")), site["id"]
        if site["kind"] == "stream" and not site.get("rules"):
            assert site["none"].startswith("no rule yet: "), site["id"]
    for tol in TOLERANCES:
        assert set(tol) <= TOLERANCE_FIELDS, tol["id"]
        assert tol["kind"] == "tolerance" and tol["file"] in TABLE["files"], tol["id"]
        prefix = TABLE["files"][tol["file"]]["prefix"]
        assert tol["id"].startswith(f"{prefix}.{tol['function']}."), tol["id"]
        assert tol["tolerates"] and tol["xsif"] and releases(tol["releases"]), tol["id"]
        assert isinstance(tol["rules"], list), tol["id"]


def test_counts_per_function_are_the_entries() -> None:
    for key, info in TABLE["files"].items():
        found = Counter(s["function"] for s in SITES if s["file"] == key)
        stated = {function: n for function, n in info["counts"].items() if n}
        assert dict(found) == stated, key
        assert info["total"] == sum(info["counts"].values()) == len(
            [s for s in SITES if s["file"] == key]), key
        if info.get("only_functions"):
            assert list(info["counts"]) == info["only_functions"], key


def test_every_cited_rule_is_in_the_catalog_or_planned() -> None:
    known = set(catalog())
    planned = set(TABLE["planned"])
    removed = set(TABLE["removed"])
    assert not planned & removed
    for entry in ENTRIES:
        for rule_id in entry.get("rules") or ():
            assert rule_id in known | planned, f"{entry['id']} cites unknown rule {rule_id}"
            assert rule_id not in removed, f"{entry['id']} cites removed rule {rule_id}"


def test_every_restorer_entry_a_rule_cites_is_in_the_map() -> None:
    """A catalog rule names, in `restorer:`, the entries of this map that
    enforce it; each must be here."""
    ids = {e["id"] for e in ENTRIES}
    rules = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        for cited in rule.get("restorer") or ():
            assert cited in ids, f"rule {rule['id']} cites {cited}, which xen_restorer.yaml lacks"


def test_the_catalog_and_the_map_cite_each_other() -> None:
    """A rule lists in `restorer:` exactly the error sites whose `rules`
    name it: the two directions of one mapping, kept in step."""
    by_rule: dict[str, set[str]] = {}
    for site in TABLE["sites"]:
        for rule_id in site.get("rules") or ():
            by_rule.setdefault(rule_id, set()).add(site["id"])
    for rule in catalog().values():
        cited = {c for c in rule.restorer if c in {s["id"] for s in TABLE["sites"]}}
        assert cited == by_rule.get(rule.id, set()) or (
            not by_rule.get(rule.id) and set(rule.restorer) <= {e["id"] for e in ENTRIES}), \
            rule.id


def test_every_release_bound_rule_says_where_xen_enforces_it() -> None:
    """A rule that names the releases refusing its breach (xen:) cites the
    restorer's code: an entry of the map, or the source outside the mapped
    files; and every rule of the Xen formats says which releases, or none."""
    for rule in catalog().values():
        if rule.id.split(".")[0] in ("libxc", "libxl", "xl") and rule.severity == "error" \
                and rule.id != "libxc.image.version-3":  # a fact: its releases are its hits'
            assert rule.xen is not None, f"{rule.id} has no xen: field"
        if rule.xen:
            assert rule.restorer or rule.xen_source, f"{rule.id} cites no Xen code"


def test_the_stream_checks_the_issue_names_are_mapped() -> None:
    by_message = {(s["file"], s["message"]): s for s in SITES}
    for file, message, rule_id in (
            ("xg_sr_restore.c", "Unable to handle big endian streams", "libxc.image.big-endian"),
            ("libxl_stream_read.c", "Unable to handle big endian streams",
             "libxl.header.big-endian"),
            ("libxl_stream_read.c", "Unrecognised record 0x%08x", "libxl.record.type-reserved"),
            ("xg_sr_restore.c", "Mandatory record %#x (%s) not handled",
             "libxc.toolstack.unhandled"),
            ("xg_sr_restore_x86_pv.c", "Invalid X86_PV_INFO combination: width %u, pt_levels %u",
             "libxc.x86-pv-info.pair"),
            ("xg_sr_restore_x86_pv.c", "%s record wrong size: expected %zu, got %u",
             "libxc.x86-pv-vcpu.basic-size"),
            ("libxl_stream_read.c", "Received a xenstore emulator record when none was expected",
             "libxl.layout.emulator-in-pv"),
            ("xg_sr_common.c", "Record (0x%08x, %s) length %#x exceeds max (%#x)",
             "libxc.record.length-max")):
        assert rule_id in by_message[file, message]["rules"], message
    kinds = {t["id"] for t in TOLERANCES}
    assert "libxc.restore-x86-pv.handle_x86_pv_vcpu_blob.empty" in kinds
    assert "libxc.restore-x86-hvm.handle_hvm_context.kept-to-end" in kinds
    assert "libxc.restore.handle_page_data.v2-static-data-end" in kinds


# --- the spec page ------------------------------------------------------------------


def _mini_site(tmp: Path, yaml_path: Path | None = None, *extra: str) -> tuple[int, Path]:
    """Build the restorer page with a page of rule anchors in place of the
    rules index (seconds, not the whole specification)."""
    src = tmp / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(SPEC / '_ext')!r})\n"
        "extensions = ['xsif_catalog', 'xsif_xen_restorer']\n"
        "nitpicky = True\n"
        f"xsif_restorer_yaml = {str(yaml_path or '')!r}\n", encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   rules\n   xen-restorer\n",
                                   encoding="utf-8")
    targets = "".join(f".. _{anchor(rule_id)}:\n\n``{rule_id}``\n\n" for rule_id in catalog())
    (src / "rules.rst").write_text(".. _rules:\n\nRules\n=====\n\n" + targets, encoding="utf-8")
    shutil.copy(SPEC / "xen-restorer.rst", src / "xen-restorer.rst")
    out = tmp / "html"
    code = build_main(["-q", "-W", "--keep-going", "-b", "html", *extra, str(src), str(out)])
    return code, out


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    code, out = _mini_site(tmp_path_factory.mktemp("restorer"))
    assert code == 0, "the restorer page does not build without warnings"
    return (out / "xen-restorer.html").read_text(encoding="utf-8")


def test_the_page_lists_every_entry_and_the_counts(page: str) -> None:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    for entry in ENTRIES:
        assert f'id="{xsif_xen_restorer.site_anchor(entry["id"])}"' in page, entry["id"]
        assert entry["id"] in text
    for site in SITES:
        assert " ".join(site["message"].split()) in text, site["id"]
    assert TABLE["tag"] in text
    for key, info in TABLE["files"].items():
        assert f"{key} ({info['layer']}): {info['total']} sites" in text
    total = sum(info["total"] for info in TABLE["files"].values())
    assert f"{total} error sites in {len(TABLE['files'])} files" in text
    for site in xsif_xen_restorer.uncovered(TABLE):
        assert f'href="#{xsif_xen_restorer.site_anchor(site["id"])}"' in page


def test_rules_link_to_the_index_and_planned_ones_are_marked(page: str) -> None:
    known = catalog()
    cited = {r for e in ENTRIES for r in e.get("rules") or ()}
    for rule_id in cited & set(known):
        assert 'href="rules.html#rule-' + rule_id.replace(".", "-") + '"' in page, rule_id
    if cited - set(known):
        assert "(planned)" in page


def _variant(tmp: Path, change) -> Path:
    table = yaml.safe_load(xsif_xen_restorer.RESTORER_PATH.read_text(encoding="utf-8"))
    change(table)
    path = tmp / "xen_restorer.yaml"
    path.write_text(yaml.safe_dump(table, sort_keys=False), encoding="utf-8")
    return path


def test_an_unknown_or_removed_rule_fails_the_build(tmp_path: Path,
                                                    capfd: pytest.CaptureFixture) -> None:
    def unknown(table: dict) -> None:
        table["sites"][0]["rules"] = ["libxc.no-such-rule"]

    def removed(table: dict) -> None:
        table["sites"][0]["rules"] = [table["removed"][0]]

    for n, (change, said) in enumerate(((unknown, "names unknown rule 'libxc.no-such-rule'"),
                                        (removed, "which the plan removes"))):
        tmp = tmp_path / str(n)
        tmp.mkdir()
        code, _ = _mini_site(tmp, _variant(tmp, change))
        assert code != 0
        assert said in capfd.readouterr().err


def test_strict_fails_on_a_planned_rule_not_in_the_catalog(tmp_path: Path,
                                                          capfd: pytest.CaptureFixture) -> None:
    def planned_only(table: dict) -> None:
        table["planned"].append("libxc.planned-for-the-test")
        table["sites"][0]["rules"] = ["libxc.planned-for-the-test"]

    path = _variant(tmp_path, planned_only)
    (tmp_path / "lax").mkdir()
    code, out = _mini_site(tmp_path / "lax", path)
    assert code == 0
    assert "libxc.planned-for-the-test (planned)" in " ".join(
        re.sub(r"<[^>]+>", "", (out / "xen-restorer.html").read_text(encoding="utf-8")).split())
    capfd.readouterr()
    (tmp_path / "strict").mkdir()
    code, _ = _mini_site(tmp_path / "strict", path, "-D", "xsif_restorer_strict=1")
    assert code != 0
    assert "names unknown rule 'libxc.planned-for-the-test'" in capfd.readouterr().err


# --- against Xen's source -------------------------------------------------------------

needs_mirror = pytest.mark.skipif(
    not (xen_restorer_sites.MIRROR / "HEAD").exists()
    and not (xen_restorer_sites.MIRROR / ".git").exists(),
    reason="Xen's repository is not at hand (XSIF_XEN_REPO names one)")


@needs_mirror
@pytest.mark.parametrize("key", list(TABLE["files"]))
def test_the_sites_are_those_of_xen_source(key: str) -> None:
    info = TABLE["files"][key]
    text = xen_restorer_sites.show(xen_restorer_sites.MIRROR, TABLE["tag"], info["path"])
    only = tuple(info["only_functions"]) if info.get("only_functions") else None
    found = xen_restorer_sites.sites(text, info["family"], key, only)
    counts = Counter(s.function for s in found)
    for function in info["counts"]:
        assert counts.get(function, 0) == info["counts"][function], f"{key}: {function}"
    assert set(counts) <= set(info["counts"]), f"{key}: functions not in the file's counts"
    mapped = [(s["function"], s["line"], s["message"]) for s in SITES if s["file"] == key]
    assert mapped == [(s.function, s.line, s.message) for s in found], key
