"""Reading a received document as a reader sees it: lines of text in document order, each
knowing the part it is in and (for .docx) the paragraph it comes from, so findings can be
written back as Word comments.

- .docx: paragraphs and table rows; Word's automatic numbering shown as numbers; tracked changes
  read as accepted (insertions kept, deletions dropped); text boxes after their paragraph;
  headers and footers at the end;
- .doc and .wps: converted to .docx by LibreOffice first;
- .pdf: the text layer (pdftotext);
- .txt and .md: UTF-8, UTF-16 (with BOM) or GBK/GB18030.
Everything is bounded: file size, unpacked size of a .docx, length of the text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx.oxml.ns import qn

from ..errors import InputError
from ..render.text import INCOMPLETE
from .numbering import Numbering
from .pdf import pdf_lines

READABLE = (".docx", ".doc", ".wps", ".pdf", ".txt", ".md")
MAX_FILE = 20_000_000  # bytes of a received document
MAX_UNPACKED = 100_000_000  # bytes of all parts of a .docx once unpacked (a zip bomb is refused before)
MAX_TEXT = 5_000_000  # characters of text: a contract is far shorter


class ReviewInputError(InputError):
    """The received document cannot be read; the message names the file (exit 2)."""


@dataclass(frozen=True)
class Line:
    text: str  # as it reads, characters as in the document
    part: str = "正文"  # 正文, 页眉, 页脚
    anchor: object = field(default=None, compare=False, repr=False)  # the .docx paragraph it came from
    number: int = 0  # its place among the document's lines, from 1


@dataclass
class ReadDocument:
    path: Path
    lines: list[Line]
    docx: object = None  # the python-docx Document, for a copy with comments


def package_problem(exc: Exception) -> str:
    """What is wrong with a damaged .docx, said plainly: a missing part by its name (zipfile says
    “There is no item named 'word/document.xml' in the archive”), anything else as it was raised."""
    if isinstance(exc, KeyError) and (m := re.search(r"named '([^']+)'", str(exc))):
        return f"缺少 {m.group(1)}（文件已损坏） / {m.group(1)} is missing (a damaged file)"
    return str(exc)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .xls and of a password-protected .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected .docx keeps its package in


def word_problem(data: bytes) -> str | None:
    """Why bytes named .docx are not a Word document one can read, said plainly: empty, protected by
    a password, an old .doc, an Excel workbook, a PDF (walkthrough M3, L3); None when they may be one."""
    if not data.strip():
        return "文件是空的 / the file is empty"
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            return "文件有密码保护，请先在 Word 中取消密码后再试 / the file is password-protected: remove the password first"
        return "这是旧版 Word 文件（.doc），请另存为 .docx / an old Word (.doc) file: save it as .docx"
    if data.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Word 文档 / a PDF file, not a Word document"
    if data.startswith(b"PK") and b"word/document.xml" not in data:
        if b"xl/workbook.xml" in data:
            return "这是 Excel 工作簿，不是 Word 文档 / an Excel workbook, not a Word document"
        if b"ppt/presentation.xml" in data:
            return "这是 PowerPoint 演示文稿，不是 Word 文档 / a PowerPoint file, not a Word document"
    return None


def read_document(path: Path) -> ReadDocument:
    """The document's lines; ReviewInputError (exit 2) naming the file when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise ReviewInputError(f"{path}: 只能审查 {'、'.join(READABLE)} / only {', '.join(READABLE)} can be reviewed")
    try:
        if path.stat().st_size == 0:  # any kind of file (a 0-byte PDF was told it had no text layer)
            raise ReviewInputError(f"{path}: 文件是空的 / the file is empty")
        if path.stat().st_size > MAX_FILE:
            raise ReviewInputError(f"{path}: 文件超过 {MAX_FILE // 1_000_000} MB / the file is larger than "
                                   f"{MAX_FILE // 1_000_000} MB")
        if suffix == ".docx":
            document = _read_docx(path)
        elif suffix in (".doc", ".wps"):
            document = _read_converted(path)
        elif suffix == ".pdf":
            document = ReadDocument(path, [Line(t) for t in pdf_lines(_pdf_text(path))])
        else:
            document = ReadDocument(path, [Line(t) for t in decode_text(path.read_bytes(), path).splitlines()])
    except OSError as exc:
        raise ReviewInputError(f"{path}: 无法读取 / cannot read: {exc.strerror or exc}") from None
    document.lines = [replace(line, number=n) for n, line in enumerate(_without_own_banner(document.lines), start=1)]
    if not any(line.text.strip() for line in document.lines):  # walkthrough M4: nothing to review
        raise ReviewInputError(f"{path}: 文件没有文字 / the file has no text")
    if sum(len(line.text) for line in document.lines) > MAX_TEXT:
        raise ReviewInputError(f"{path}: 文字超过 {MAX_TEXT:,} 字 / the text is longer than {MAX_TEXT:,} characters")
    return document


_BANNER = "".join(INCOMPLETE[:INCOMPLETE.index("】") + 1].split())  # render/text.py's first words, spaces aside
_BANNER_ENTRY = re.compile(r"\[[A-Za-z][^\]]*\]")  # each gap the banner lists: 第三十四条（三）验收标准 [Acceptance criteria]：…


def _without_own_banner(lines: list[Line]) -> list[Line]:
    """An incomplete draft of aicontract's own, reviewed: its page-1 list of gaps is not the contract
    (reminders walkthrough M4: “第三十四条（三）验收标准 …” was read as an article and quoted as covering 34.3)."""
    start = next((i for i, line in enumerate(lines[:40]) if "".join(line.text.split()).startswith(_BANNER)), None)
    if start is None:
        return lines
    end = start + 1
    while end < len(lines) and (not lines[end].text.strip() or _BANNER_ENTRY.search(lines[end].text)):
        end += 1
    return lines[:start] + lines[end:]


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM), else GB18030 (GBK, what Chinese Windows
    saves); a text that is none of these is refused naming the fix."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # a UTF-16 text cut short (an odd byte count) is refused, not crashed on
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReviewInputError(f"{path}: 编码无法识别，请另存为 UTF-8 / unknown encoding: save the file as UTF-8")


def _check_unpacked(path: Path, data: bytes) -> None:
    if problem := word_problem(data):
        raise ReviewInputError(f"{path}: {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ReviewInputError(f"{path}: 不是 Word 文档 / not a Word document: {package_problem(exc)}") from None
    if total > MAX_UNPACKED:
        raise ReviewInputError(f"{path}: 解压后超过 {MAX_UNPACKED // 1_000_000} MB，拒绝读取 / unpacks to more than "
                               f"{MAX_UNPACKED // 1_000_000} MB: refused")


_SKIP = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:instrText"), qn("w:delText")}


def _text(element) -> str:
    """The visible text of a paragraph with tracked changes accepted: insertions read, deletions
    not; text boxes are read on their own."""
    out: list[str] = []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == qn("w:t"):
                out.append(child.text or "")
            elif tag == qn("w:tab"):
                out.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                out.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _paragraph_lines(element, numbering: Numbering, part: str) -> list[Line]:
    label = numbering.label(element)
    text = _text(element)
    lines = [Line(segment, part, element) for segment in ((label + text) if label else text).split("\n")]
    for box in element.iter(qn("w:txbxContent")):
        for inner in box.iter(qn("w:p")):
            lines += [Line(segment, part, inner) for segment in _text(inner).split("\n")]
    return lines


def _block_lines(parent, numbering: Numbering, part: str) -> list[Line]:
    lines: list[Line] = []
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            lines += _paragraph_lines(child, numbering, part)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells, anchor = [], None
                for cell in row.iter(qn("w:tc")):
                    paragraphs = list(cell.iter(qn("w:p")))
                    anchor = anchor if anchor is not None else (paragraphs[0] if paragraphs else None)
                    text = "\n".join(numbering.label(p) + _text(p) for p in paragraphs).strip()
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                lines.append(Line("\t".join(cells).replace("\n", " "), part, anchor))
        elif child.tag == qn("w:sdt"):  # content controls hold paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines += _block_lines(content, numbering, part)
    return lines


def _read_docx(path: Path) -> ReadDocument:
    import docx

    data = path.read_bytes()  # read once: checked, then opened
    _check_unpacked(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - PackageNotFoundError, BadZipFile, XML errors: not a Word document
        raise ReviewInputError(f"{path}: 不是 Word 文档 / not a Word document: {package_problem(exc)}") from None
    numbering = Numbering(document)
    lines = _block_lines(document.element.body, numbering, "正文")
    seen = set()
    for section in document.sections:
        for part, story in (("页眉", section.header), ("页脚", section.footer)):
            if story.is_linked_to_previous or id(story.part) in seen:
                continue
            seen.add(id(story.part))
            lines += [line for line in _block_lines(story._element, numbering, part) if line.text.strip()]
    return ReadDocument(path, lines, document)


def _read_converted(path: Path) -> ReadDocument:
    """A .doc or .wps, converted by LibreOffice to .docx (the original stays untouched)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ReviewInputError(f"{path}: 读取 {path.suffix} 需要 LibreOffice（未找到） / LibreOffice is needed to read "
                               f"{path.suffix} and was not found")
    with tempfile.TemporaryDirectory(prefix="aicontract-review-") as tmp:
        profile = Path(tmp) / "profile"
        try:
            subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", "docx", "--outdir", tmp, str(path)],
                           capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise ReviewInputError(f"{path}: LibreOffice 转换超时 / conversion timed out") from None
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.is_file():
            raise ReviewInputError(f"{path}: LibreOffice 无法转换此文件 / LibreOffice could not convert it")
        document = _read_docx(converted)
        return ReadDocument(path, document.lines, document.docx)


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ReviewInputError(f"{path}: 读取 PDF 需要 pdftotext（poppler-utils，未找到） / pdftotext is needed")
    try:
        result = subprocess.run([tool, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise ReviewInputError(f"{path}: 读取 PDF 超时 / reading the PDF timed out") from None
    text = result.stdout.decode("utf-8", errors="replace")  # form feeds kept: pdf.py reads the pages
    if result.returncode != 0 or not text.strip():
        raise ReviewInputError(f"{path}: PDF 没有可读的文字层（扫描件须先识别文字） / the PDF has no text layer")
    return text
