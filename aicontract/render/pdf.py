""".docx -> .pdf through LibreOffice headless (many files per LibreOffice start)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError


class PdfError(InputError):
    """LibreOffice is missing or could not convert a file."""


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "未找到 LibreOffice，无法生成 PDF / LibreOffice not found: install it (Debian: apt-get install libreoffice-writer-nogui)"
    )


def convert_many(docx_files: list[Path], outdir: Path, timeout: int = 600) -> list[Path]:
    """Convert in one LibreOffice process; returns the PDF paths in input order."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aicontract-lo-") as profile:
        cmd = [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx_files),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    pdfs = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    if result.returncode != 0 or missing:
        raise PdfError(f"LibreOffice 转换失败 / conversion failed: {result.stderr.strip() or missing}")
    return pdfs


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="aicontract-pdf-") as tmp:
        src = Path(tmp) / "contract.docx"
        src.write_bytes(docx_bytes)
        (pdf,) = convert_many([src], Path(tmp) / "out")
        return pdf.read_bytes()
