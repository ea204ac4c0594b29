"""Reading a received document (.docx, .txt, .md) as lines of text, paragraphs and table rows
in document order."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

READABLE = (".docx", ".txt", ".md")


class ReviewInputError(InputError):
    """The received document cannot be read; the message names the file (exit 2)."""


def read_lines(path: Path) -> list[str]:
    """The document's paragraphs and table rows, in order, as text."""
    if path.suffix.lower() not in READABLE:
        raise ReviewInputError(f"{path}: 只能审查 .docx、.txt、.md / only .docx, .txt and .md can be reviewed")
    try:
        return _read(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewInputError(f"{path}: 无法读取 / cannot read: {exc}") from None


def _read(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # PackageNotFoundError, BadZipFile: not a Word document
            raise ReviewInputError(f"{path}: 不是 Word 文档 / not a Word document: {exc}") from None
        lines = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.extend(Paragraph(child, document).text.split("\n"))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells = list(dict.fromkeys(cell.text for cell in row.cells))  # merged cells repeat
                    lines.append("\t".join(cells))
        return lines
    return path.read_text(encoding="utf-8-sig").splitlines()


