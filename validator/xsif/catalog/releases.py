"""The Xen releases whose restorers xsif judges an image by.

A Part II rule of the catalog names, in its `xen:` field, the releases
whose restore code refuses an image that breaks it (read in Xen's C code
at each release tag; see the spec's "Xen's restorers" page). The report
says which releases would restore an image; `xsif validate --xen X.Y`
judges it for one release.

Sets of releases are bit masks over `RELEASES` (bit i: RELEASES[i]), so
that a run with many findings costs an OR per finding.
"""

from __future__ import annotations

from functools import cache

RELEASES: tuple[str, ...] = tuple(f"4.{minor}" for minor in range(6, 23))
"""Every release from the first that wrote libxc streams (4.6) to the
current one (4.22), by minor version: the restore code of point releases
of one line agrees on the stream format."""

ALL = (1 << len(RELEASES)) - 1
NONE = 0
CURRENT = RELEASES[-1]


def release_index(text: str) -> int:
    """The index in RELEASES of "4.17" (or of "4.17.7": point releases count
    as their line); ValueError naming the modelled releases otherwise."""
    parts = text.strip().split(".")
    if len(parts) >= 2 and all(p.isdigit() for p in parts):
        line = ".".join(parts[:2])
        if line in RELEASES:
            return RELEASES.index(line)
    raise ValueError(f"unknown Xen release {text!r}: xsif knows {RELEASES[0]} to {CURRENT}")


@cache
def mask(text: str | None) -> int | None:
    """Parse a catalog range: "4.6-" (4.6 and later), "4.6-4.13", "4.12",
    a comma-separated list of those, "all", or "none" (no release: the
    rule is a format requirement that no restorer checks). None stays None."""
    if text is None:
        return None
    text = str(text).strip()
    if text == "none":
        return NONE
    if text == "all":
        return ALL
    result = 0
    for part in text.split(","):
        part = part.strip()
        low, dash, high = part.partition("-")
        first = release_index(low)
        last = (release_index(high) if high else len(RELEASES) - 1) if dash else first
        if last < first:
            raise ValueError(f"empty range of Xen releases {part!r}")
        for i in range(first, last + 1):
            result |= 1 << i
    return result


def members(bits: int) -> list[str]:
    return [r for i, r in enumerate(RELEASES) if bits >> i & 1]


def describe(bits: int) -> str:
    """"Xen 4.14 to 4.22", "Xen 4.6 to 4.11 and 4.14", "Xen 4.17", "no release"."""
    runs: list[str] = []
    i = 0
    while i < len(RELEASES):
        if bits >> i & 1:
            j = i
            while j + 1 < len(RELEASES) and bits >> (j + 1) & 1:
                j += 1
            runs.append(RELEASES[i] if i == j else f"{RELEASES[i]} to {RELEASES[j]}")
            i = j + 1
        else:
            i += 1
    if not runs:
        return "no release"
    return "Xen " + (runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1])
