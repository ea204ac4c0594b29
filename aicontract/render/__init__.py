"""Renderers: Contract -> .docx (docxtpl template) / .md / .txt / .pdf (LibreOffice)."""

from __future__ import annotations

from ..drafting.contract import Contract
from ..errors import InputError
from .docx import render_docx
from .meta import deal_digest
from .pdf import docx_to_pdf
from .text import render_text

FORMATS = ("docx", "md", "txt", "pdf")


def render(contract: Contract, fmt: str, template=None, deal=None) -> bytes:
    """The contract as the bytes of a file in ``fmt`` (one of FORMATS); ``template`` is a
    firm's Word template (default: the family's bundled one); ``deal``, when given, is
    recorded in the .docx as a digest of its parameters (render/meta.py)."""
    digest = deal_digest(deal) if deal is not None else None
    if fmt == "docx":
        return render_docx(contract, template, digest)
    if fmt in ("md", "txt"):
        return render_text(contract, markdown=fmt == "md").encode("utf-8")
    if fmt == "pdf":
        return docx_to_pdf(render_docx(contract, template, digest))
    raise InputError(f"不支持的格式 / unsupported format {fmt!r}; 可用 / use: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "render_docx", "render_text"]
