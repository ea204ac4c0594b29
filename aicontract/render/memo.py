"""Memos (a title, intro lines, groups of titled tables) through templates/memo.docx: the IP
options comparison and the review memo. Rare, so the plain docxtpl path serves."""

from __future__ import annotations

import io

from docxtpl import DocxTemplate

from .docx import bundled_template, environment
from .zipwriter import normalize_zip


def memo_docx(memo: dict) -> bytes:
    """The memo as .docx bytes."""
    doc = DocxTemplate(str(bundled_template("memo.docx")))
    doc.render({"m": memo}, jinja_env=environment(sandboxed=False), autoescape=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(buffer.getvalue())
