"""validator/xsif/catalog/xen_docs_vs_code.yaml and the page rendered from it: every
place where Xen's documents and Xen's C code disagree, each citing both sides
at a release tag, with xsif's decision and the rules that carry it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from xsif.catalog.catalog import catalog

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
sys.path.insert(0, str(SPEC / "_ext"))

import xsif_docs_vs_code  # noqa: E402  (spec/_ext is not a package)

DATA = xsif_docs_vs_code.load()
ENTRIES = DATA["entries"]
TAG = re.compile(r"RELEASE-4\.\d+\.\d+")
DOCUMENTS = {k for k, v in DATA["sources"].items() if isinstance(v, dict)}


def test_entries_are_well_formed() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["id"]), e["id"]
        for key in ("title", "since", "decision"):
            assert str(e.get(key, "")).strip(), f"{e['id']} has no {key}"
        assert isinstance(e.get("rules"), list), e["id"]
        if not e["rules"]:
            assert e.get("removed"), f"{e['id']} names no rule, kept or retired"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_both_sides_are_cited_at_a_tag(entry: dict) -> None:
    doc = entry["document"]
    assert doc["source"] in DOCUMENTS
    assert doc["section"] and doc["says"]
    assert TAG.search(doc["tags"]), f"{entry['id']}: the document is cited at no tag"
    assert entry["code"], f"{entry['id']}: no code cited"
    for cite in entry["code"]:
        assert cite["file"] and cite["function"] and cite["does"], entry["id"]
        assert TAG.search(cite["tags"]), f"{entry['id']}: {cite['file']} is cited at no tag"


def test_every_rule_is_in_the_catalog_or_planned() -> None:
    known = set(catalog())
    for e in ENTRIES:
        for rule_id in e["rules"]:
            status = xsif_docs_vs_code.rule_status(rule_id, DATA, known)
            assert status != "unknown", f"{e['id']} names unknown rule {rule_id}"
            if xsif_docs_vs_code.STRICT:
                assert status == "catalog", f"{e['id']}: planned rule {rule_id} is missing"


def test_the_disagreements_the_issue_names_are_listed() -> None:
    ids = {e["id"] for e in ENTRIES}
    assert {"hvm-context-params-order", "static-data-end-inference",
            "checkpoint-state-drawing", "xl-optional-flags", "pvh-arm-domain-types",
            "big-endian-streams", "toolstack-record", "libxl-optional-records"} <= ids


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html")
    code = build_main(["-q", "-W", "--keep-going", "-b", "html", str(SPEC), str(out)])
    assert code == 0, "the spec does not build without warnings"
    return (out / "xen-docs-vs-code.html").read_text(encoding="utf-8")


def test_the_page_lists_every_entry(page: str) -> None:
    for e in ENTRIES:
        assert f'id="{xsif_docs_vs_code.anchor(e["id"])}"' in page, e["id"]
        assert f'href="#{xsif_docs_vs_code.anchor(e["id"])}"' in page, e["id"]
        for cite in e["code"]:
            assert cite["file"] in page, (e["id"], cite["file"])
