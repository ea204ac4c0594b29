"""Renderers: Contract -> .docx / .md / .txt / .pdf."""

from __future__ import annotations

from ..contract import Contract

FORMATS = ("docx", "md", "txt", "pdf")


def render(contract: Contract, fmt: str, template=None) -> bytes:
    """The contract as the bytes of a file in ``fmt`` (one of FORMATS); ``template`` is a
    user's Word template (default: the family's bundled one)."""
    from .docx import render_docx
    from .text import render_text

    if fmt == "docx":
        return render_docx(contract, template)
    if fmt in ("md", "txt"):
        return render_text(contract, markdown=fmt == "md").encode("utf-8")
    if fmt == "pdf":
        from .pdf import docx_to_pdf

        return docx_to_pdf(render_docx(contract, template))
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
