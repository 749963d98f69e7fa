"""Docutils nodes the project's Sphinx extensions build alike: a paragraph
of text and inline nodes, and a table with given column widths and a head
row. A helper module, not an extension."""

from __future__ import annotations

from docutils import nodes


def para(*children: nodes.Node, text: str | None = None) -> nodes.paragraph:
    """A paragraph: `text` (if any), then the inline `children`."""
    out = nodes.paragraph()
    if text is not None:
        out += nodes.Text(text)
    for child in children:
        out += child
    return out


def table(widths: tuple[int, ...], head: tuple[str, ...], classes: list[str]) -> tuple[
        nodes.table, nodes.tbody]:
    """An empty table with columns of the given relative widths and a head
    row; the body to append rows to."""
    out = nodes.table(classes=["colwidths-given", *classes])
    group = nodes.tgroup(cols=len(widths))
    out += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    row = nodes.row()
    for text in head:
        row += nodes.entry("", nodes.paragraph(text=text))
    group += nodes.thead("", row)
    body = nodes.tbody()
    group += body
    return out, body
