"""Formula cells a workbook holds without a computed value — what a spreadsheet written by a
program (not saved by Excel) has. Their cells read as empty, so they get their own message
rather than “missing”. Read by streaming the sheet XML, only when a row is in error."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> its part in the package."""
    from xml.etree.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    parts = {}
    for sheet in workbook.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(_REL), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return parts


def uncached_formulas(path: Path, sheets: set[str]) -> set[str]:
    """References like 合同!D5 of formula cells without a cached value, in ``sheets``."""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            for name, part in _sheet_parts(archive).items():
                if name not in sheets:
                    continue
                with archive.open(part) as stream:
                    for _, cell in iterparse(stream):
                        if cell.tag != f"{_NS}c":
                            continue
                        value = cell.find(f"{_NS}v")
                        if cell.find(f"{_NS}f") is not None and (value is None or not (value.text or "").strip()):
                            found.add(f"{name}!{re.sub(r'[^A-Z0-9]', '', cell.get('r', ''))}")
                        cell.clear()
    except (OSError, KeyError, zipfile.BadZipFile, SyntaxError):
        return set()  # the workbook was read already; this is only a better message
    return found
