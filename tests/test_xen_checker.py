"""validator/xsif/catalog/xen_checker.yaml: every check of Xen's own stream checker
(verify-stream-v2 and xen/migration/*.py) mapped to xsif rules, each with an
image that triggers it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from xsif import samples
from xsif.catalog.catalog import catalog
from xsif.check.engine import validate_bytes

TABLE = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "validator" / "xsif" / "catalog" / "xen_checker.yaml")
    .read_text(encoding="utf-8"))
CHECKS = TABLE["checks"]
MAPPED = sorted({r for c in CHECKS for r in c["rules"]} | set(TABLE["not_in_xen"]))
RAISES = {"StreamError", "RecordError", "IOError", "RuntimeError", "DeprecationWarning",
          "info", "decision"}


def test_every_check_is_described() -> None:
    ids = [c["id"] for c in CHECKS]
    assert len(ids) == len(set(ids))
    for c in CHECKS:
        assert c["file"] in TABLE["sources"], c["id"]
        assert c["raises"] in RAISES, c["id"]
        assert c["function"] and c["checks"], c["id"]
        if not c["rules"]:
            assert c.get("difference"), f"{c['id']} maps to no rule and says not why"


def test_a_check_named_as_a_rule_is_that_rule() -> None:
    # the page names Xen's checks with names of their own, not rule IDs; where
    # a name is also a rule's ID, the check is that rule's, never another's
    for check in TABLE["checks"]:
        if check["id"] in catalog():
            assert check["rules"] == [check["id"]], check["id"]


def test_every_mapped_rule_is_in_the_catalog() -> None:
    assert set(MAPPED) <= set(catalog())


@pytest.mark.parametrize("rule_id", MAPPED)
def test_every_mapped_rule_has_a_breaker_that_triggers_it(rule_id: str) -> None:
    plan = samples.BREAKERS[rule_id]()
    ids = {f.rule_id for f in validate_bytes(plan.build(), plan.format, plan.xen).findings}
    assert rule_id in ids


def test_every_rule_of_the_shipped_layers_is_mapped() -> None:
    shipped = {r for r in catalog() if r.split(".")[0] in ("xl", "libxl", "libxc")}
    assert shipped <= set(MAPPED), sorted(shipped - set(MAPPED))


def test_known_differences_are_written_down() -> None:
    by_id = {c["id"]: c for c in CHECKS}
    assert "Python 3" in by_id["libxl.xenstore-data.nul"]["difference"]
    assert "Dead code" in by_id["libxc.ihdr.native-endian"]["difference"]
    assert "Dead code" in by_id["libxl.hdr.native-endian"]["difference"]
