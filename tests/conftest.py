from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# `make test` is deterministic: every property test draws the same examples on
# every run and machine (derandomize: a seed fixed by the test itself) and no
# example database is carried from one run to the next. `make fuzz`
# (XSIF_FUZZ=1) is where fresh random cases are tried.
FRESH = bool(os.environ.get("XSIF_FUZZ"))
settings.register_profile(
    "default", max_examples=int(os.environ.get("XSIF_EXAMPLES", "60")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not FRESH, database=None)
settings.load_profile("default")


@pytest.fixture
def root() -> Path:
    return ROOT
