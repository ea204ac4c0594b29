"""Reading a received document (.docx, .txt, .md) as lines of text, paragraphs and table rows
in document order."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

READABLE = (".docx", ".txt", ".md")
MAX_FILE = 20_000_000  # bytes of a received document
MAX_UNPACKED = 100_000_000  # bytes of all parts of a .docx once unpacked (a zip bomb is refused before)
MAX_TEXT = 5_000_000  # characters of text: a contract is far shorter


class ReviewInputError(InputError):
    """The received document cannot be read; the message names the file (exit 2)."""


def read_lines(path: Path) -> list[str]:
    """The document's paragraphs and table rows, in order, as text; bounded in size."""
    if path.suffix.lower() not in READABLE:
        raise ReviewInputError(f"{path}: 只能审查 .docx、.txt、.md / only .docx, .txt and .md can be reviewed")
    try:
        if path.stat().st_size > MAX_FILE:
            raise ReviewInputError(f"{path}: 文件超过 {MAX_FILE // 1_000_000} MB / the file is larger than "
                                   f"{MAX_FILE // 1_000_000} MB")
        lines = _read(path)
    except OSError as exc:
        raise ReviewInputError(f"{path}: 无法读取 / cannot read: {exc.strerror or exc}") from None
    if sum(len(line) for line in lines) > MAX_TEXT:
        raise ReviewInputError(f"{path}: 文字超过 {MAX_TEXT:,} 字 / the text is longer than {MAX_TEXT:,} characters")
    return lines


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM), else GB18030 (GBK, what Chinese Windows
    saves); a text that is none of these is refused naming the fix."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReviewInputError(f"{path}: 编码无法识别，请另存为 UTF-8 / unknown encoding: save the file as UTF-8")


def _check_unpacked(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ReviewInputError(f"{path}: 不是 Word 文档 / not a Word document: {exc}") from None
    if total > MAX_UNPACKED:
        raise ReviewInputError(f"{path}: 解压后超过 {MAX_UNPACKED // 1_000_000} MB，拒绝读取 / unpacks to more than "
                               f"{MAX_UNPACKED // 1_000_000} MB: refused")


def _read(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        _check_unpacked(path)
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
    return decode_text(path.read_bytes(), path).splitlines()


