"""The rule that reports this validator's own limits.

Registered after the rules of every layer (this module imports them first),
so that it runs after them on each record and sees every limit they noted
in the record's memo.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xsif.check import rules, rules_libxc, rules_libxl  # noqa: F401 - registered before
from xsif.check.registry import Hit, hit, rule


@rule("validator.limit", "record", layers=("v1", "libxc", "libxl"))
def validator_limit(ctx: Any) -> Iterator[Hit]:
    for what in ctx.memo.get("limits", ()):
        yield hit(ctx.offset, what=what)
