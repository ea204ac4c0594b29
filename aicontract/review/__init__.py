"""Review of a contract aicontract did not write (.docx, .txt, .md): for each item of 指南
第三十四—三十六条 whether it is covered, where, with a quote, and what is missing; amounts,
blanks and references checked."""

from __future__ import annotations

from pathlib import Path

from .detect import detect
from .findings import amounts, blanks, references
from .memo import review_memo_docx
from .read import ReviewInputError, read_lines
from .report import ItemResult, Review, ReviewFinding
from .structure import structure


def review(path: Path) -> Review:
    """Review the document at ``path``; raises ReviewInputError if it cannot be read."""
    lines = read_lines(Path(path))
    articles = structure(lines)
    return Review(str(path), detect(articles), amounts(articles) + blanks(lines) + references(articles))



__all__ = ["ItemResult", "Review", "ReviewFinding", "ReviewInputError", "review", "review_memo_docx"]
