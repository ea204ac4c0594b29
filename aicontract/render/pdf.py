""".docx -> .pdf through LibreOffice headless (many files per LibreOffice start)."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import InputError


class PdfError(InputError):
    """LibreOffice is missing or could not convert a file."""


RESTART = 81  # soffice.bin's “start me again”, after it has created a fresh user profile


def die_with_parent() -> None:
    """Have the kernel stop this process when its parent dies (Linux): a killed batch leaves no
    worker or LibreOffice behind."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def soffice() -> str:
    """LibreOffice's own program (soffice.bin) when it can be found, so that it is the direct
    child that dies with us, rather than the launcher script in between."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            program = Path(found).resolve().parent / "soffice.bin"
            return str(program) if program.is_file() and os.access(program, os.X_OK) else found
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
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=die_with_parent)
        if result.returncode == RESTART:  # a new profile was made; the launcher would start it again
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=die_with_parent)
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
