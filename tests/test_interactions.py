"""The catalog's interactions (rules.yaml `not_raised_when` and `stops`):
the engine follows each, and the corpus holds a file that shows it matters,
one whose rule set would differ if a checker did not follow it."""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from xsif.catalog.catalog import catalog, conditions
from xsif.check import engine
from xsif.check.registry import registered

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "conformance"
sys.path.insert(0, str(ROOT / "tools"))
import make_corpus  # noqa: E402

ENTRIES = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["files"]

INTERACTIONS = sorted((rule.id, name) for rule in catalog().values()
                      for name in rule.not_raised_when)
STOPPING = sorted(r.rule_id for r in registered() if catalog()[r.rule_id].stops)
"""The stopping rules a function raises (the engine's own, such as
image.id, stop because nothing after them can be framed)."""


def rules_of(entry: dict, lift: frozenset[tuple[str, str]] = frozenset()) -> set[str]:
    data = (CORPUS / entry["path"]).read_bytes()
    report = engine.Validator(io.BytesIO(data), format=make_corpus.VALIDATE_FORMAT[
        entry["format"]], xen=entry.get("xen"), lift=lift).validate()
    return {f.rule_id for f in report.findings}


@cache
def candidates(name: str) -> list[dict]:
    """Corpus files to try for an interaction with `name`: those that raise
    the rule it names, or for a condition the files of several faults
    first."""
    if name in catalog():
        return [e for e in ENTRIES if name in e["rules"]]
    return sorted(ENTRIES, key=lambda e: ("/readings/" not in e["path"], e["path"]))


def test_the_engine_knows_every_condition_the_catalog_names() -> None:
    assert set(engine.CONDITIONS) == set(conditions())


def test_interactions_are_stated() -> None:
    # the pairs: a member out of range and the pair, arch and type,
    # the range and P2M's length, data cut and the 'missing' rules
    assert ("x86-pv-info.pair", "x86-pv-info.guest-width") in INTERACTIONS
    assert ("domain.type", "domain.arch") in INTERACTIONS
    assert ("p2m.length", "p2m.range") in INTERACTIONS
    assert ("libxc.layout.vcpu-missing", "truncated") in INTERACTIONS
    assert "xl.stream-legacy" in STOPPING and "libxl.header.version" in STOPPING


@pytest.mark.parametrize(("rule_id", "name"), INTERACTIONS,
                         ids=[f"{r}-unless-{n}" for r, n in INTERACTIONS])
def test_a_corpus_file_shows_the_interaction(rule_id: str, name: str) -> None:
    """A file on which the rule is not raised because of `name`, and would
    be if the engine did not follow the catalog."""
    for entry in candidates(name):
        if rule_id in entry["rules"]:
            continue
        if rule_id in rules_of(entry, frozenset({(rule_id, name)})):
            assert rule_id not in rules_of(entry)
            return
    pytest.fail(f"no corpus file shows that {rule_id} is not raised when {name}")


@pytest.mark.parametrize("rule_id", STOPPING)
def test_a_corpus_file_has_faults_after_a_stopping_rule(rule_id: str) -> None:
    """A file of readings/ on which the rule stops the reading before a
    later fault that it would otherwise report."""
    for entry in ENTRIES:
        if "/readings/" in entry["path"] and rule_id in entry["rules"]:
            more = rules_of(entry, frozenset({(rule_id, "stops")}))
            if more > set(entry["rules"]):
                return
    pytest.fail(f"no file of readings/ has a fault after {rule_id}")
