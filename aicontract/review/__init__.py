"""Review of a contract aicontract did not write (.docx, .doc, .wps, .pdf, .txt, .md): for each
item of 指南 第三十四—三十六条 whether it is covered, where, with a quote, and what is missing;
amounts, blanks, references and numbering checked; the findings written as a memo or as Word comments in a
copy of the document."""

from __future__ import annotations

from pathlib import Path

from .annotate import annotated_docx
from .blanks import blanks
from .detect import detect
from .findings import amounts, dates, numbering, references
from .memo import review_memo_docx
from .read import READABLE, ReviewInputError, read_document
from .report import Evidence, ItemResult, Review, ReviewFinding
from .structure import structure


def review(path: Path) -> Review:
    """Review the document at ``path``; raises ReviewInputError if it cannot be read."""
    document = read_document(Path(path))
    articles = structure(document.lines)
    findings = amounts(articles) + blanks(articles) + references(articles) + numbering(articles) + dates(articles)
    return Review(str(path), detect(articles), findings, document)


__all__ = ["READABLE", "Evidence", "ItemResult", "Review", "ReviewFinding", "ReviewInputError", "annotated_docx",
           "review", "review_memo_docx"]
