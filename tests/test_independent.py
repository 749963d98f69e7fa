"""Differential test: xsif against an independent implementation of the
brief (tests/independent/make_corpus.py), image by image."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from xsif.catalog.catalog import Severity
from xsif.check.engine import validate_bytes

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("independent_corpus",
                                               HERE / "independent" / "make_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)
corpus.build_cases()
CASES = corpus.CASES


def test_the_independent_corpus_is_large() -> None:
    assert len(CASES) >= 100
    assert {c["verdict"] for c in CASES} == {"valid", "invalid"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_xsif_agrees_with_the_independent_reader(case: dict) -> None:
    data = corpus.ser_img(case["img"])
    report = validate_bytes(data)
    by_severity = {s: {f.rule_id for f in report.findings if f.severity is s} for s in Severity}
    assert ("valid" if report.conformant else "invalid") == case["verdict"]
    # the independent reader names what is broken in its own words; the
    # number of distinct problems must agree
    assert len(by_severity[Severity.ERROR]) == len(case["errors"]), report.findings
    assert len(by_severity[Severity.WARNING]) == len(case["warnings"]), report.findings
    assert len(by_severity[Severity.INFO]) == len(case["infos"]), report.findings
