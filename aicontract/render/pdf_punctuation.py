"""What a .docx must say before LibreOffice converts it, so that no punctuation is lost.

LibreOffice (7.4) hangs a ，。、；： past the right margin at the end of a line and, in a justified
line of Chinese only, leaves it out of the page. It reads Word's setting for this
(``w:overflowPunct``, 允许标点溢出边界) inverted: ``w:val="1"`` — Word's default, punctuation may
hang — turns LibreOffice's hanging off, and it then moves a character to the next line instead.
The bundled templates carry ``w:val="1"`` in their document defaults; a firm's template, or any
.docx given to ``convert_many``, is converted from a copy that says the same (every ``0`` made
``1``: in Word ``0`` means no hanging either). The .docx the user keeps is never changed."""

from __future__ import annotations

import io
import re
import zipfile

STYLES, DOCUMENT = "word/styles.xml", "word/document.xml"
SETTING = '<w:overflowPunct w:val="1"/>'
_OFF = re.compile(r'<w:overflowPunct\s+w:val="(?:0|false|off)"\s*/>')
_DEFAULT_PPR = re.compile(r"<w:pPrDefault>\s*<w:pPr>")
_DEFAULT_PPR_EMPTY = re.compile(r"<w:pPrDefault\s*/>|<w:pPrDefault>\s*(?:<w:pPr\s*/>)?\s*</w:pPrDefault>")


def says_no_hanging(styles: str) -> bool:
    """The document defaults already carry ``w:overflowPunct w:val="1"`` (as the bundled templates do)."""
    match = re.search(r"<w:pPrDefault>\s*<w:pPr>(.*?)</w:pPr>", styles, re.S)
    return bool(match and SETTING in match.group(1))


def _patch_styles(styles: str) -> str:
    styles = _OFF.sub(SETTING, styles)
    if says_no_hanging(styles):
        return styles
    if _DEFAULT_PPR.search(styles):
        return _DEFAULT_PPR.sub(lambda m: m.group(0) + SETTING, styles)
    block = f"<w:pPrDefault><w:pPr>{SETTING}</w:pPr></w:pPrDefault>"
    if _DEFAULT_PPR_EMPTY.search(styles):
        return _DEFAULT_PPR_EMPTY.sub(block, styles)
    if "</w:docDefaults>" in styles:
        return styles.replace("</w:docDefaults>", block + "</w:docDefaults>")
    return re.sub(r"(<w:styles\b[^>]*>)", lambda m: m.group(1) + f"<w:docDefaults>{block}</w:docDefaults>", styles)


def for_libreoffice(data: bytes) -> bytes | None:
    """The .docx as LibreOffice should get it, or None when it already says so (or is no .docx
    we can read, a part missing: LibreOffice then reports it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = archive.read(STYLES).decode("utf-8")
            document = archive.read(DOCUMENT).decode("utf-8")
            new_styles, new_document = _patch_styles(styles), _OFF.sub(SETTING, document)
            if new_styles == styles and new_document == document:
                return None
            out = io.BytesIO()
            patched = {STYLES: new_styles.encode("utf-8"), DOCUMENT: new_document.encode("utf-8")}
            with zipfile.ZipFile(out, "w") as copy:
                for info in archive.infolist():  # each part as it was (name, date, compression), two of them patched
                    copy.writestr(info, patched.get(info.filename) or archive.read(info.filename))
            return out.getvalue()
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError, OSError):
        return None
