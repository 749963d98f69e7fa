"""The whole specification as one 80-column plain-text document.

    sphinx-build -b xsiftext spec build/text      -> build/text/xsif-spec.txt

Xen's own format documents are plain text reviewed as patches on xen-devel;
this builder gives the spec in that form. It inlines every page of the
toctree into one document (as the single-page HTML builder does), numbers
the sections (1, 1.2, 1.2.3; the toctree captions become part headings), and
writes it with Sphinx's text translator changed where its output does not fit
80 columns or a reviewer's eye:

- tables are laid out by `layout_table`: a plain column table when the
  columns fit 80 columns, wrapping cells if need be; otherwise the columns
  that fit go on the row's first line and the others below it as indented
  paragraphs. No grid, no quotes around code;
- a cross-reference to a section gives the section's number ("section 4.4",
  so that it never reads as a Xen release);
- a literal block line longer than the room left is folded at a space with
  a backslash, its continuation indented (octet diagrams are 57 columns and
  never fold);
- a line over 80 columns left after all that is a build warning (so with
  -W an error), and so is any text that looks like an unexpanded directive
  or role.

Everything that the HTML build generates (field tables, octet diagrams, enum
tables, rules with their IDs) is in the document tree by the time it is
written, so the text has it expanded. This module needs only Sphinx; the
spec-diff tool loads it into the build of an older revision that lacks it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.text import TextBuilder
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees
from sphinx.writers import text as textwriter
from sphinx.writers.text import TextTranslator

logger = logging.getLogger(__name__)

LIMIT = 80          # no output line is longer
WRAP = 76           # prose is wrapped here (a little room for list markers)
OUTPUT = "xsif-spec.txt"
GAP = 2             # spaces between table columns
# what an unexpanded directive or role would look like in the output
UNEXPANDED = re.compile(r"^\s*\.\. [a-z][\w-]*::|:(rule|ksy-[a-z]+|ref|doc|term):`")


# --- tables ---------------------------------------------------------------------


def _words_width(lines: list[tuple[int, str]]) -> int:
    """The longest word of a cell (with its indent): its narrowest width."""
    return max((ind + max((len(w) for w in text.split()), default=0)
                for ind, text in lines), default=0)


def _natural_width(lines: list[tuple[int, str]]) -> int:
    return max((ind + len(text) for ind, text in lines), default=0)


def _wrap_cell(lines: list[tuple[int, str]], width: int) -> list[str]:
    """A cell's paragraphs wrapped to `width` (a word longer than that is
    broken; only a cell whose column could not be made wide enough has one)."""
    out: list[str] = []
    for ind, text in lines:
        if not text.strip():
            out.append("")
            continue
        room = max(1, width - ind)
        # a list item's continuation lines align after its marker
        marker = re.match(r"(\* |- |\d+\. )", text)
        sub = " " * (len(marker.group(1)) if marker else 0)
        wrapped = textwrap.wrap(text, room, subsequent_indent=sub,
                                break_on_hyphens=False) or [""]
        out.extend(" " * ind + w for w in wrapped)
    while out and not out[-1]:
        out.pop()
    return out


def _fit(naturals: list[int], minimums: list[int], room: int) -> list[int] | None:
    """Column widths that fit `room` (gaps included), or None: every column at
    least its longest word, the rest shared out in proportion to what each
    column would need to be on one line."""
    n = len(naturals)
    room -= GAP * (n - 1)
    if sum(naturals) <= room:
        return list(naturals)
    if sum(minimums) > room:
        return None
    widths = list(minimums)
    spare = room - sum(widths)
    want = [nat - mn for nat, mn in zip(naturals, minimums, strict=True)]
    total = sum(want)
    for i in range(n):
        widths[i] += spare * want[i] // total if total else 0
    # what rounding left over goes to the widest wanting column
    left = room - sum(widths)
    order = sorted(range(n), key=lambda i: naturals[i] - widths[i], reverse=True)
    for i in order[:left]:
        widths[i] += 1
    return widths


def layout_table(head: list[list[list[tuple[int, str]]]],
                 body: list[list[list[tuple[int, str]]]], room: int,
                 caption: str = "") -> list[str]:
    """A table as plain-text lines no longer than `room`.

    Each cell is a list of (indent, text) paragraphs. If every column fits
    (at least its longest word wide), the table is a plain column table with
    a rule under the heading. Otherwise the first columns that fit go on the
    first line of each row, the others follow as paragraphs indented by four
    (named by their heading when there is more than one of them)."""
    rows = head + body
    ncols = max((len(r) for r in rows), default=0)
    rows = [r + [[]] * (ncols - len(r)) for r in rows]
    naturals = [max(_natural_width(r[c]) for r in rows) for c in range(ncols)]
    minimums = [max(_words_width(r[c]) for r in rows) for c in range(ncols)]
    # a column of short texts stays unwrapped; a long one may wrap down to 12
    minimums = [max(mn, min(nat, 12)) for nat, mn in zip(naturals, minimums, strict=True)]
    out: list[str] = []
    if caption:
        out.extend(textwrap.wrap(caption, room))
    keep = ncols
    widths = _fit(naturals, minimums, room)
    while widths is None and keep > 1:
        keep -= 1
        widths = _fit(naturals[:keep], minimums[:keep], room)
    if widths is None:      # not even one column: wrap at the room, breaking words
        widths = [room]
    stacked = keep < ncols
    heads = [" ".join(t for _, t in cell) for cell in (head[0] if head else [])]

    def line_of(cells: list[list[str]]) -> list[str]:
        height = max(len(c) for c in cells)
        lines = []
        for k in range(height):
            parts = [(c[k] if k < len(c) else "").ljust(w)
                     for c, w in zip(cells, widths, strict=True)]
            lines.append((" " * GAP).join(parts).rstrip())
        return lines

    if head:
        for hrow in head:
            out.extend(line_of([_wrap_cell(c, w) for c, w in zip(hrow[:keep], widths,
                                                                  strict=True)]))
        out.append((" " * GAP).join("-" * w for w in widths))
    tall = stacked or any(len(_wrap_cell(r[c], widths[c])) > 1
                          for r in body for c in range(keep))
    for i, row in enumerate(body):
        if tall and i:
            out.append("")
        out.extend(line_of([_wrap_cell(c, w) for c, w in zip(row[:keep], widths,
                                                              strict=True)]))
        for c in range(keep, ncols):
            if not row[c]:
                continue
            label = heads[c] if ncols - keep > 1 and c < len(heads) and heads[c] else ""
            cell = list(row[c])
            if label:
                ind, text = cell[0]
                cell[0] = (ind, f"{label[0].upper()}{label[1:]}: {text}")
            out.extend("    " + line if line else ""
                       for line in _wrap_cell(cell, room - 4))
    return out


# --- the translator ---------------------------------------------------------------


class SpaceWrapper(textwriter.TextWrapper):
    """Sphinx's text wrapper, breaking lines at spaces only."""

    wordsep_re = re.compile(r"(\s+)")


class XsifTextTranslator(TextTranslator):
    """Sphinx's text translator with 80-column tables, numbered sections,
    section numbers in cross-references and unquoted code."""

    def __init__(self, document: nodes.document, builder: TextBuilder) -> None:
        super().__init__(document, builder)
        self._cells: list | None = None       # rows of the table being read
        self._row: list | None = None
        self._head_rows = 0
        self._in_head = False
        self._caption = ""
        self._in_cell = 0

    # prose inside a table cell is not wrapped here: layout_table wraps it.
    # Prose is wrapped at spaces only, so that no rule ID, path or hyphenated
    # name is split over two lines (Sphinx's wrapper breaks after a hyphen and
    # before ".type-" in "libxc.record.type-reserved").
    def end_state(self, wrap: bool = True, end=("",), first=None) -> None:  # type: ignore[no-untyped-def]
        saved = textwriter.MAXWIDTH, textwriter.TextWrapper
        textwriter.TextWrapper = SpaceWrapper
        if self._in_cell:
            textwriter.MAXWIDTH = 100_000
        try:
            super().end_state(wrap, end, first)
        finally:
            textwriter.MAXWIDTH, textwriter.TextWrapper = saved

    def visit_start_of_file(self, node: nodes.Element) -> None:
        pass

    def depart_start_of_file(self, node: nodes.Element) -> None:
        pass

    def visit_Text(self, node: nodes.Text) -> None:
        # the zero-width spaces the HTML tables put after dots (to wrap there)
        self.add_text(node.astext().replace("\u200b", ""))

    # -- code: no quotes
    def visit_literal(self, node: nodes.Element) -> None:
        pass

    def depart_literal(self, node: nodes.Element) -> None:
        pass

    # -- sections: numbered, the page level underlined with '='
    def visit_section(self, node: nodes.Element) -> None:
        self.sectionlevel += 1

    def depart_section(self, node: nodes.Element) -> None:
        self.sectionlevel -= 1

    def depart_title(self, node: nodes.Element) -> None:
        if not isinstance(node.parent, nodes.section):
            super().depart_title(node)
            return
        number = node.parent.get("xsif_secnum", "")
        text = "".join(x[1] for x in self.states.pop() if x[0] == -1)
        self.stateindent.pop()
        title = f"{number}  {text}" if number else text
        char = "=*-~\"+`"[min(self.sectionlevel - 1, 6)]
        lines = textwrap.wrap(title, WRAP, subsequent_indent=" " * (len(number) + 2
                                                                     if number else 0))
        underline = char * min(max(len(line) for line in lines), WRAP)
        if self.sectionlevel == 1:      # the document's title
            lines = [line.center(WRAP).rstrip() for line in lines]
            underline = ""
        self.states[-1].append((0, ["", *lines, *([underline] if underline else []), ""]))

    def visit_rubric(self, node: nodes.Element) -> None:
        if "xsif-part" in node.get("classes", []):
            rule = "#" * WRAP
            self.states[-1].append((0, ["", "", rule, node.astext().upper().center(WRAP).rstrip(),
                                        rule, ""]))
            raise nodes.SkipNode
        self.new_state(0)

    def depart_rubric(self, node: nodes.Element) -> None:
        self.end_state()

    # -- cross-references to sections give the section's number
    def depart_reference(self, node: nodes.Element) -> None:
        number = self.builder.section_numbers.get(node.get("refuri", "").lstrip("#")) \
            or self.builder.section_numbers.get(node.get("refid", ""))
        if number and not node.astext().startswith(number):
            # "section 4.4", not a bare "(4.4)", which reads as a Xen release
            self.add_text(f" (section {number})")

    # -- literal blocks: fold what would pass the limit
    def depart_literal_block(self, node: nodes.Element) -> None:
        room = LIMIT - sum(self.stateindent)
        content = self.states[-1]
        folded = []
        for ind, item in content:
            if ind != -1:
                folded.append((ind, item))
                continue
            lines = []
            for line in str(item).split("\n"):
                lines.extend(_fold(line, room))
            folded.append((ind, "\n".join(lines)))
        self.states[-1] = folded
        super().depart_literal_block(node)

    # -- tables
    def visit_table(self, node: nodes.Element) -> None:
        if self._cells is not None:
            raise NotImplementedError("nested tables")
        self._cells, self._head_rows, self._caption = [], 0, ""
        self._spans: dict[int, int] = {}
        self.new_state(0)

    def visit_title(self, node: nodes.Element) -> None:
        if isinstance(node.parent, nodes.table):
            self._caption = node.astext()
            raise nodes.SkipNode
        super().visit_title(node)

    def visit_colspec(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.Element) -> None:
        self._in_head = True

    def depart_thead(self, node: nodes.Element) -> None:
        self._in_head = False

    def visit_tbody(self, node: nodes.Element) -> None:
        pass

    def visit_row(self, node: nodes.Element) -> None:
        self._row = []

    def depart_row(self, node: nodes.Element) -> None:
        assert self._cells is not None and self._row is not None
        self._skip_spanned()
        self._cells.append(self._row)
        if self._in_head:
            self._head_rows += 1
        self._row = None

    def _skip_spanned(self) -> None:
        """Empty cells where a cell of a row above spans down."""
        assert self._row is not None
        while self._spans.get(len(self._row), 0) > 0:
            self._spans[len(self._row)] -= 1
            self._row.append([])

    def visit_entry(self, node: nodes.Element) -> None:
        if node.get("morecols"):
            raise NotImplementedError("cells spanning columns")
        self._skip_spanned()
        if node.get("morerows"):
            assert self._row is not None
            self._spans[len(self._row)] = node["morerows"]
        self._in_cell += 1
        self.new_state(0)

    def depart_entry(self, node: nodes.Element) -> None:
        content = self.states.pop()
        self.stateindent.pop()
        self._in_cell -= 1
        lines: list[tuple[int, str]] = []
        for ind, item in content:
            for line in (item if isinstance(item, list) else [item]):
                lines.append((max(ind, 0), line))
        while lines and not lines[-1][1].strip():
            lines.pop()
        assert self._row is not None
        self._row.append(lines)

    def depart_table(self, node: nodes.Element) -> None:
        assert self._cells is not None
        room = LIMIT - sum(self.stateindent)
        head, body = self._cells[:self._head_rows], self._cells[self._head_rows:]
        lines = layout_table(head, body, room, self._caption)
        self._cells = None
        self.states[-1].append((0, [*lines, ""]))
        self.end_state(wrap=False, end=None)


def _fold(line: str, room: int) -> list[str]:
    """A literal line longer than `room`, folded at spaces with a trailing
    backslash; the continuation is indented four more than the line."""
    if len(line) <= room:
        return [line]
    indent = len(line) - len(line.lstrip()) + 4
    out, rest = [], line
    while len(rest) > room:
        cut = rest.rfind(" ", indent + 1, room - 1)
        if cut <= indent:
            cut = room - 2
        out.append(rest[:cut].rstrip() + " \\")
        rest = " " * indent + rest[cut:].lstrip()
    out.append(rest)
    return out


# --- the builder --------------------------------------------------------------------


class XsifTextBuilder(TextBuilder):
    """One plain-text document of every page, 80 columns wide."""

    name = "xsiftext"
    epilog = "The plain-text specification is %(outdir)s/" + OUTPUT + "."
    default_translator_class = XsifTextTranslator
    allow_parallel = False

    def init(self) -> None:
        super().init()
        self.section_numbers: dict[str, str] = {}
        textwriter.MAXWIDTH = WRAP

    def get_outdated_docs(self):  # type: ignore[no-untyped-def]
        return "the whole specification"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:  # type: ignore[no-untyped-def]
        pass

    def assemble_doctree(self) -> nodes.document:
        root = self.config.root_doc
        tree = self.env.get_doctree(root)
        # a toctree's caption ("Part I — version 1") becomes a part heading
        for toc in list(tree.findall(addnodes.toctree)):
            if toc.get("caption"):
                wrapper = toc.parent if isinstance(toc.parent, nodes.compound) else toc
                wrapper.parent.insert(wrapper.parent.index(wrapper),
                                      nodes.rubric(text=toc["caption"], classes=["xsif-part"]))
        tree = inline_all_toctrees(self, set(), root, tree, lambda s: s, [root])
        tree["docname"] = root
        self.env.resolve_references(tree, root, self)
        return tree

    def number_sections(self, tree: nodes.document) -> None:
        """1, 1.1, 1.1.1 ... below the document's title."""
        counters: list[int] = []

        def walk(node: nodes.Element, depth: int) -> None:
            for child in node.children:
                if isinstance(child, nodes.section):
                    if depth > 0:
                        del counters[depth:]
                        while len(counters) < depth:
                            counters.append(0)
                        counters[depth - 1] += 1
                        number = ".".join(map(str, counters[:depth]))
                        child["xsif_secnum"] = number
                        for ident in child["ids"]:
                            self.section_numbers[ident] = number
                    walk(child, depth + 1)
                elif isinstance(child, nodes.Element):
                    walk(child, depth)

        walk(tree, 0)

    def write_documents(self, docnames) -> None:  # type: ignore[no-untyped-def]
        tree = self.assemble_doctree()
        self.number_sections(tree)
        self.current_docname = self.config.root_doc
        self.secnumbers = {}
        visitor = self.create_translator(tree, self)
        tree.walkabout(visitor)
        text = finish_text(visitor.body, self.config)
        for lineno, line in enumerate(text.split("\n"), 1):
            if len(line) > LIMIT:
                logger.warning("%s:%d: line of %d columns: %s", OUTPUT, lineno, len(line),
                               line[:40])
            if UNEXPANDED.search(line):
                logger.warning("%s:%d: unexpanded markup: %s", OUTPUT, lineno, line.strip())
        out = Path(self.outdir) / OUTPUT
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")

    def write_doc(self, docname, doctree) -> None:  # type: ignore[no-untyped-def]
        pass

    def finish(self) -> None:
        pass


def finish_text(body: str, config) -> str:  # type: ignore[no-untyped-def]
    """Trailing spaces off, at most one blank line in a row, the revision
    under the title."""
    lines = [line.rstrip() for line in body.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    revision = f"Revision {config.release}"
    if getattr(config, "xsif_revision_date", ""):
        revision += f", {config.xsif_revision_date}"
    # the title is the first text line: the revision goes under it
    for i, line in enumerate(out):
        if line:
            out[i + 1:i + 1] = [revision.center(WRAP).rstrip(), ""]
            break
    return "\n".join(out).strip("\n") + "\n"


def setup(app) -> dict:  # type: ignore[no-untyped-def]
    app.add_builder(XsifTextBuilder)
    app.add_config_value("xsif_revision_date", "", "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
