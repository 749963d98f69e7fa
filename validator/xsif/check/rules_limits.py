"""The rule that reports this validator's own limits.

Registered as `last`, so that it runs after the rules of every layer on
each record and sees every limit they noted in the record's memo, whatever
order the layers' rule modules were loaded in.
"""

from __future__ import annotations

from xsif.check.registry import hit, rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing on every run
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from xsif.check.registry import Hit


@rule("validator.limit", "record", layers=("v1", "libxc", "libxl"), last=True)
def validator_limit(ctx: Any) -> Iterator[Hit]:
    for what in ctx.memo.get("limits", ()):
        yield hit(ctx.offset, what=what)
