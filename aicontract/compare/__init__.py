"""Compare: a draft that came back from the other side (THEIRS, edited in Word, WPS or
LibreOffice, perhaps with its own tracked changes) against the one sent (OURS). The result is a
redline .docx with real Word tracked changes — words inside paragraphs, whole paragraphs, table
rows and cells, one author and date — whose 接受所有修订 gives THEIRS and 拒绝所有修订 gives
OURS; a change list by clause id, number and source (read from the hidden bookmarks and clause
map of an aicontract draft, render/meta.py; paragraph by paragraph for any other .docx); and
what THEIRS' edits broke, by re-running the review of 第三十四—三十六条 on both files.

``read.py`` (the two files, changes accepted, blocks with their clause) → ``diff.py`` (blocks
aligned, words diffed) → ``redline.py`` (the tracked changes) → ``report.py`` (change list,
broken items, Markdown/JSON)."""

from __future__ import annotations

import io
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT

from ..render.zipwriter import normalize_zip
from ..review import review
from ..review.structure import ANNEX, ARTICLE, CLAUSE_DEC, normalize
from .read import Clause, CompareInputError, W, read_docx
from .redline import AUTHOR, DATE, Change, Redline
from .report import Comparison, broken, fragments, renumbered, touched, uncovered


def _first_free_id(body) -> int:
    ids = [int(v) for node in body.iter() for k, v in node.attrib.items() if k == W + "id" and v.isdigit()]
    return max(ids, default=0) + 1


def _core(document):
    """The document's core properties (标题, 主题), wherever its package keeps them: LibreOffice links
    them with another relationship type than Word's, and python-docx, not finding them, makes up
    “Word Document” (walkthrough M1)."""
    for part in document.part.package.iter_parts():
        if part.content_type == CT.OPC_CORE_PROPERTIES and hasattr(part, "core_properties"):
            return part.core_properties
    return document.core_properties


def _different(ours, theirs) -> list[str]:
    """What says two drafts are different contracts: their titles or 合同编号 (the document
    properties aicontract writes, kept by Word, WPS and LibreOffice)."""
    return [f"{name} “{a}” ≠ “{b}”" for name, a, b in (("标题", ours.title, theirs.title), ("合同编号", ours.subject, theirs.subject))
            if a and b and a != b]


def compare(ours: Path, theirs: Path, check: bool = True) -> Comparison:
    """Compare two .docx files; CompareInputError (exit 2) naming the file that cannot be read.
    ``check``: also re-run the review on both (what THEIRS' edits broke)."""
    ours, theirs = Path(ours), Path(theirs)
    a = read_docx(ours)
    b = read_docx(theirs, a.marks)  # THEIRS saved through .odt keeps the bookmarks, not the map: OURS's map reads them
    drafted = any(x.clause for x in a.blocks)
    if not drafted:  # no clause map: each change is placed by the article it is in, as the document numbers it
        for document in (a, b):
            _numbered_by_text(document.blocks)
    body = b.document.element.body
    redline = Redline(_first_free_id(body), b.deleted)
    elements = redline.blocks(a.blocks, b.blocks)
    section = body.find(W + "sectPr")
    for child in list(body):
        if child is not section:
            body.remove(child)
    for element in elements:
        if section is not None:
            section.addprevious(element)
        else:
            body.append(element)
    out = io.BytesIO()
    b.document.save(out)
    result = Comparison(str(ours), str(theirs), redline.changes, drafted=drafted,
                        theirs_had_revisions=b.had_revisions, redline=normalize_zip(out.getvalue()))
    result.different = _different(_core(a.document), _core(b.document))
    result.identical = a.digest == b.digest  # the same file chosen twice
    result.renumbered = renumbered(redline.changes)
    result.touched = touched([c for i, c in enumerate(redline.changes) if i not in result.renumbered], _clauses(a.blocks))
    result.checked = check
    if check:
        lost = uncovered(_clauses(a.blocks), _clauses(b.blocks))
        by_review = [x for x in broken(review(ours), review(theirs)) if (x.kind, x.id) not in {(y.kind, y.id) for y in lost}]
        result.broken = lost + by_review
    return result


def _numbered_by_text(blocks) -> None:
    """A document without a clause map: each block takes the number of the article or clause it
    is in (第三条, 5.2, 附件一), read from its text as the review reads a document's numbering."""
    current = None
    for block in blocks:
        text = normalize(block.text) if block.kind == "p" else ""
        if match := ARTICLE.match(text):
            current = Clause("", number=f"第{match.group(1)}条")
        elif match := CLAUSE_DEC.match(text) or ANNEX.match(text):
            current = Clause("", number=match.group(1))
        block.clause = current


def _clauses(blocks) -> list:
    """The clauses a document's blocks carry (from its clause map), each once, in order."""
    return list({(x.clause.document, x.clause.id): x.clause for x in blocks if x.clause and x.clause.id}.values())


__all__ = ["AUTHOR", "DATE", "Change", "CompareInputError", "Comparison", "compare", "fragments"]
