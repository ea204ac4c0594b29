"""The redline: THEIRS' document with every difference from OURS as a Word tracked change
(修订) — words inside a paragraph, whole paragraphs, table rows and cells — so that 接受所有修订
gives THEIRS and 拒绝所有修订 gives OURS. One author (“aicontract”) and one date, so the same
two files always give the same redline.

Paragraph marks follow Word's rules: a deleted paragraph's mark is deleted (it joins the next
paragraph when accepted), an inserted one's is inserted; the last paragraph of a cell or of the
body keeps its mark, and the mark before it carries the change instead.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .diff import Piece, Step, align, word_diff
from .read import Block, Clause, W, body_blocks, paragraph_text, table_rows

AUTHOR = "aicontract"
DATE = "2026-01-01T00:00:00Z"
# what a paragraph may hold for its words to be rebuilt run by run; anything else (fields,
# drawings, hyperlinks, footnotes…) makes an edited paragraph a deletion plus an insertion
_SIMPLE_IN_P = {W + "pPr", W + "r", W + "bookmarkStart", W + "bookmarkEnd", W + "proofErr", W + "commentRangeStart",
                W + "commentRangeEnd", W + "permStart", W + "permEnd"}
_SIMPLE_IN_R = {W + "rPr", W + "t", W + "tab", W + "br", W + "cr", W + "lastRenderedPageBreak", W + "noBreakHyphen",
                W + "softHyphen"}
_ANNOTATIONS = (W + "bookmarkStart", W + "bookmarkEnd", W + "commentRangeStart", W + "commentRangeEnd",
                W + "commentReference", W + "permStart", W + "permEnd", W + "proofErr")


@dataclass
class Change:
    op: str  # "modify", "delete", "insert"
    clause: Clause | None
    ours: str = ""
    theirs: str = ""
    pieces: list[Piece] = field(default_factory=list)
    after: bool = False  # an insertion placed after ``clause`` (it has none of its own)
    table: bool = False
    row: int = 0  # a table row's number, the header row being 1 (OURS' for a deleted row, THEIRS' otherwise)
    columns: list[str] = field(default_factory=list)  # the changed cells of an edited row, by column title
    tracked: bool = False  # THEIRS marked it as a tracked change (修订); False: edited without one


class Redline:
    """Builds the redline body; ``changes`` lists what differs, in reading order."""

    def __init__(self, first_id: int, deleted: set[str] = frozenset()):
        self.next_id = first_id
        self.changes: list[Change] = []
        self.tracked_deletions = {"".join(text.split()) for text in deleted}  # paragraphs THEIRS deleted as 修订

    # --- tracked-change elements ---------------------------------------------------------------

    def _revision(self, tag: str):
        element = _element(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), DATE)
        self.next_id += 1
        return element

    def _wrap_runs(self, element, tag: str) -> None:
        """Every run under ``element`` becomes deleted (tag w:del) or inserted (w:ins) text."""
        for run in list(element.iter(W + "r")):
            if tag == "w:del":
                for text in run.findall(W + "t"):
                    text.tag = W + "delText"
                for instr in run.findall(W + "instrText"):
                    instr.tag = W + "delInstrText"
            wrapper = self._revision(tag)
            run.addprevious(wrapper)
            wrapper.append(run)

    def _mark(self, paragraph, tag: str) -> None:
        """Flag the paragraph mark as inserted (w:ins) or deleted (w:del)."""
        ppr = paragraph.find(W + "pPr")
        if ppr is None:
            ppr = _element("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = _element("w:rPr")
            anchor = ppr.find(W + "sectPr")
            if anchor is None:
                anchor = ppr.find(W + "pPrChange")
            if anchor is not None:
                anchor.addprevious(rpr)
            else:
                ppr.append(rpr)
        if rpr.find(W + tag[2:]) is None:
            mark = self._revision(tag)
            rpr.insert(0 if tag == "w:ins" else len(rpr.findall(W + "ins")), mark)

    # --- whole blocks ---------------------------------------------------------------------------

    def deleted(self, element):
        """OURS' block, every word deleted; its bookmarks and comments left out (THEIRS has its own)."""
        element = _strip(copy.deepcopy(element))
        for ppr in element.iter(W + "pPr"):
            for sect in ppr.findall(W + "sectPr"):
                ppr.remove(sect)
        self._wrap_runs(element, "w:del")
        if element.tag == W + "tbl":
            for row in element.findall(W + "tr"):
                self._row_flag(row, "w:del")
        return element

    def inserted(self, element):
        element = copy.deepcopy(element)
        self._wrap_runs(element, "w:ins")
        if element.tag == W + "tbl":
            for row in element.findall(W + "tr"):
                self._row_flag(row, "w:ins")
        return element

    def _row_flag(self, row, tag: str) -> None:
        trpr = row.find(W + "trPr")
        if trpr is None:
            trpr = _element("w:trPr")
            tblpr_ex = row.find(W + "tblPrEx")
            if tblpr_ex is not None:
                tblpr_ex.addnext(trpr)
            else:
                row.insert(0, trpr)
        trpr.append(self._revision(tag))

    # --- an edited paragraph ----------------------------------------------------------------------

    def modified(self, ours, theirs, pieces: list[Piece]):
        """THEIRS' paragraph, its words rebuilt with OURS' deleted words and THEIRS' inserted ones;
        None when it holds more than text (the caller then deletes and inserts it whole)."""
        if not (_simple(ours) and _simple(theirs)):
            return None
        a, b = _characters(ours), _characters(theirs)
        out = copy.deepcopy(theirs)
        for child in list(out):
            if child.tag != W + "pPr":
                out.remove(child)
        starts = [copy.deepcopy(x) for x in theirs.findall(W + "bookmarkStart")]
        ends = [copy.deepcopy(x) for x in theirs.findall(W + "bookmarkEnd")]
        for start in starts:
            out.append(start)
        i = j = 0
        for piece in pieces:
            n = len(piece.text)
            if piece.op == "delete":
                chars, i = a[i:i + n], i + n
            else:
                chars, j = b[j:j + n], j + n
                if piece.op == "equal":
                    i += n
            for rpr, text in _group(chars):
                run = _run(rpr, text, deleted=piece.op == "delete")
                if piece.op == "equal":
                    out.append(run)
                else:
                    wrapper = self._revision("w:del" if piece.op == "delete" else "w:ins")
                    wrapper.append(run)
                    out.append(wrapper)
        for end in ends:
            out.append(end)
        return out

    # --- a container: the body or a table cell ------------------------------------------------------

    def blocks(self, ours: list[Block], theirs: list[Block], context: Clause | None = None,
               record: bool = True) -> list:
        """The redline of one container's blocks; records the changes when ``record``."""
        steps = align(ours, theirs, key=lambda x: x.text, kind=lambda x: x.kind)
        out: list[tuple[object, str | None]] = []  # element, flag for its paragraph mark
        last_clause = context
        for step in steps:
            o = ours[step.ours] if step.ours is not None else None
            t = theirs[step.theirs] if step.theirs is not None else None
            clause = (o.clause if o is not None else None) or (t.clause if t is not None else None) or context
            if o is not None and o.clause is not None:
                last_clause = o.clause
            out += self._step(step, o, t, clause, last_clause, record)
        return _settle_marks(self, out)

    def _step(self, step: Step, o: Block | None, t: Block | None, clause, last_clause, record: bool):
        if step.op == "equal":
            return [(copy.deepcopy(t.element), None)]
        if step.op == "modify" and o.kind == "tbl":
            return [(self._table(o, t, clause, record), None)]
        if step.op == "modify":
            pieces = word_diff(o.text, t.text)
            element = self.modified(o.element, t.element, pieces)
            if record:
                self.changes.append(Change("modify", clause, o.text, t.text, pieces, tracked=t.tracked))
            if element is not None:
                return [(element, None)]
            return [(self.deleted(o.element), "w:del"), (self.inserted(t.element), "w:ins")]
        if step.op == "delete":
            if record and (o.text.strip() or o.kind == "tbl"):  # an empty paragraph is in the redline, not the list
                self.changes.append(Change("delete", clause, o.text, table=o.kind == "tbl",
                                           tracked="".join(o.text.split()) in self.tracked_deletions))
            return [(self.deleted(o.element), "w:del" if o.kind == "p" else None)]
        if record and (t.text.strip() or t.kind == "tbl"):
            own = t.clause is not None
            self.changes.append(Change("insert", t.clause if own else last_clause, "", t.text, after=not own,
                                       table=t.kind == "tbl", tracked=t.tracked))
        return [(self.inserted(t.element), "w:ins" if t.kind == "p" else None)]

    def _table(self, o: Block, t: Block, clause, record: bool):
        """THEIRS' table with OURS' rows aligned to it: rows kept, edited cell by cell, deleted, added."""
        ours_rows, theirs_rows = o.element.findall(W + "tr"), t.element.findall(W + "tr")
        ours_text, theirs_text = table_rows(o.element), table_rows(t.element)
        out = copy.deepcopy(t.element)
        for row in out.findall(W + "tr"):
            out.remove(row)
        steps = align([("o", k) for k in range(len(ours_rows))], [("t", k) for k in range(len(theirs_rows))],
                      key=lambda x: "\t".join((ours_text if x[0] == "o" else theirs_text)[x[1]]))
        for step in steps:
            if step.op == "equal":
                out.append(copy.deepcopy(theirs_rows[step.theirs]))
                continue
            orow = ours_rows[step.ours] if step.ours is not None else None
            trow = theirs_rows[step.theirs] if step.theirs is not None else None
            if step.op == "modify" and len(orow.findall(W + "tc")) == len(trow.findall(W + "tc")):
                row = copy.deepcopy(trow)
                for ocell, tcell, ncell in zip(orow.findall(W + "tc"), trow.findall(W + "tc"), row.findall(W + "tc")):
                    for child in list(ncell):
                        if child.tag != W + "tcPr":
                            ncell.remove(child)
                    for element in self.blocks(_cell_blocks(ocell, o.clause), _cell_blocks(tcell, t.clause),
                                               clause, record=False):
                        ncell.append(element)
                out.append(row)
                if record:
                    before, after = ours_text[step.ours], theirs_text[step.theirs]
                    self.changes.append(Change("modify", clause, "\t".join(before), "\t".join(after),
                                               word_diff("\t".join(before), "\t".join(after)), table=True,
                                               row=step.theirs + 1, columns=_columns(theirs_text, before, after),
                                               tracked=t.tracked))
                continue
            if orow is not None:
                out.append(self.deleted_row(orow))
                if record:
                    self.changes.append(Change("delete", clause, "\t".join(ours_text[step.ours]), table=True,
                                               row=step.ours + 1, tracked=t.tracked))
            if trow is not None:
                out.append(self.inserted_row(trow))
                if record:
                    self.changes.append(Change("insert", clause, "", "\t".join(theirs_text[step.theirs]), table=True,
                                               row=step.theirs + 1, tracked=t.tracked))
        return out

    def deleted_row(self, row):
        row = _strip(copy.deepcopy(row))
        self._wrap_runs(row, "w:del")
        self._row_flag(row, "w:del")
        return row

    def inserted_row(self, row):
        row = copy.deepcopy(row)
        self._wrap_runs(row, "w:ins")
        self._row_flag(row, "w:ins")
        return row


def _columns(rows: list[list[str]], before: list[str], after: list[str]) -> list[str]:
    """The cells that differ between two versions of a row, named by the title the table's first
    row gives their column (“交付成果”), or by their place (第3列) where it gives none."""
    header = rows[0] if rows else []
    out = []
    for k, (a, b) in enumerate(zip(before, after)):
        if a != b:
            title = " ".join(header[k].split()) if k < len(header) and header is not after else ""
            out.append(f"“{title}”列" if title and len(title) <= 20 else f"第{k + 1}列")
    return out


def _settle_marks(redline: Redline, out: list[tuple[object, str | None]]) -> list:
    """Flag paragraph marks; the container's last paragraph keeps its mark, the paragraph before it
    (not already carrying that change) takes it: accepting or rejecting then joins them."""
    flags = [{flag} if flag else set() for _, flag in out]
    paragraphs = [k for k, (element, _) in enumerate(out) if element.tag == W + "p"]
    if paragraphs and paragraphs[-1] == len(out) - 1:
        last = paragraphs[-1]
        for tag in sorted(flags[last]):
            flags[last].discard(tag)
            k = last - 1
            while k >= 0 and out[k][0].tag == W + "p" and tag in flags[k]:
                k -= 1
            if k >= 0 and out[k][0].tag == W + "p":
                flags[k].add(tag)
    for (element, _), marks in zip(out, flags):
        for tag in sorted(marks, reverse=True):  # w:ins before w:del
            redline._mark(element, tag)
    return [element for element, _ in out]


def _cell_blocks(cell, clause: Clause | None) -> list[Block]:
    blocks = body_blocks(cell)
    for block in blocks:
        block.clause = clause
    return blocks


def _element(tag: str):
    return OxmlElement(tag)


def _strip(element):
    for node in list(element.iter(*_ANNOTATIONS)):
        parent = node.getparent()
        if node.tag == W + "commentReference" and parent.tag == W + "r":
            node = parent
            parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    return element


def _simple(paragraph) -> bool:
    for child in paragraph:
        if child.tag not in _SIMPLE_IN_P:
            return False
        if child.tag == W + "r":
            for item in child:
                if item.tag not in _SIMPLE_IN_R:
                    return False
                if item.tag == W + "br" and item.get(qn("w:type")) not in (None, "textWrapping"):
                    return False
    return True


def _characters(paragraph) -> list[tuple[object, str]]:
    """(run properties, character) for each character of a simple paragraph, as paragraph_text reads."""
    out = []
    for run in paragraph.findall(W + "r"):
        rpr = run.find(W + "rPr")
        text = paragraph_text(run)
        out += [(rpr, c) for c in text]
    return out


def _group(chars: list[tuple[object, str]]):
    """Consecutive characters with the same run properties, as (rPr, text)."""
    group: list[str] = []
    current = object()
    for rpr, c in chars:
        if rpr is not current and group:
            yield current, "".join(group)
            group = []
        current = rpr
        group.append(c)
    if group:
        yield current, "".join(group)


def _run(rpr, text: str, deleted: bool):
    run = _element("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    tag = "w:delText" if deleted else "w:t"
    buffer = ""
    for c in text + "\x00":
        if c in "\t\n\x00":
            if buffer:
                t = _element(tag)
                t.text = buffer
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
                buffer = ""
            if c == "\t":
                run.append(_element("w:tab"))
            elif c == "\n":
                run.append(_element("w:br"))
        else:
            buffer += c
    return run
