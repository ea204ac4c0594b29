""".docx -> .pdf through LibreOffice headless (many files per LibreOffice start)."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import InputError
from .pdf_punctuation import for_libreoffice


class PdfError(InputError):
    """LibreOffice is missing or could not convert a file."""


RESTART = 81  # soffice.bin's “start me again”, after it has created a fresh user profile


def die_with_parent() -> None:
    """Have the kernel stop this process when its parent dies (Linux): a killed batch leaves no
    worker or LibreOffice behind."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # no glibc: SIGTERM/Ctrl-C still stop it through the batch
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


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


# The documents name 宋体/仿宋 (serif) and 黑体 (sans) for Word and WPS. On a machine without those
# fonts LibreOffice substitutes from its own list and sets 宋体 in a sans-serif face; its
# replacement table (工具 › 选项 › 字体), written into the fresh profile of each conversion, sets
# them in an installed serif / sans CJK font instead (README: fonts).
SERIF_CJK = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Noto Serif CJK TC")
SANS_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Sans CJK TC")
SERIF_NAMES = ("宋体", "SimSun", "新宋体", "NSimSun", "仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "楷体", "KaiTi",
               "楷体_GB2312", "华文中宋", "STZhongsong", "方正小标宋简体")
SANS_NAMES = ("黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "等线", "DengXian")


@functools.lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    try:
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def font_replacements() -> dict[str, str]:
    """Font named in the document -> installed font LibreOffice sets it in (none installed: empty)."""
    installed = installed_families()
    out = {}
    for names, candidates in ((SERIF_NAMES, SERIF_CJK), (SANS_NAMES, SANS_CJK)):
        found = next((c for c in candidates if c in installed), None)
        if found:
            out.update(dict.fromkeys(names, found))
    return out


def profile_settings(replacements: dict[str, str]) -> str:
    """LibreOffice's registrymodifications.xcu holding the font replacement table."""
    pairs = "".join(
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"><node oor:name="_{i}" '
        'oor:op="replace"><prop oor:name="Always" oor:op="fuse"><value>true</value></prop><prop oor:name='
        '"OnScreenOnly" oor:op="fuse"><value>false</value></prop><prop oor:name="ReplaceFont" oor:op="fuse"><value>'
        f'{escape(name)}</value></prop><prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(font)}</value>'
        "</prop></node></item>" for i, (name, font) in enumerate(replacements.items()))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement" '
            f'oor:op="fuse"><value>{"true" if replacements else "false"}</value></prop></item>{pairs}</oor:items>\n')


def _prepare_profile(folder: str) -> None:
    user = Path(folder) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(profile_settings(font_replacements()), encoding="utf-8")


def _punctuation_safe(docx_files: list[Path], folder: Path) -> list[Path]:
    """Each file, or a copy in ``folder`` (same name) that keeps LibreOffice from losing line-end
    punctuation (pdf_punctuation.py)."""
    out = []
    for path in docx_files:
        try:
            fixed = for_libreoffice(Path(path).read_bytes())
        except OSError:  # unreadable: LibreOffice reports it, naming the file
            fixed = None
        if fixed is not None:
            folder.mkdir(exist_ok=True)
            path = folder / Path(path).name
            path.write_bytes(fixed)
        out.append(path)
    return out


class Conversions:
    """The LibreOffice processes started for one job (a batch's PDFs), stopped together: a batch stopped by
    SIGTERM or Ctrl-C stops them at once rather than waiting for their files (clerk walkthrough M3)."""

    def __init__(self):
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def run(self, cmd: list[str], timeout: int, watch: Path | None = None, made=None) -> subprocess.CompletedProcess:
        """``cmd``, killed after ``timeout`` seconds; while it runs, ``made(n)`` is told how many PDFs ``watch`` holds, a few
        times a second (a start converts up to 50 files: its progress is shown file by file, clerk recheck item 5)."""
        with self._lock:
            if self._stopped:
                raise PdfError("已中止 / stopped")
            process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       preexec_fn=die_with_parent)
            self._running.add(process)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    out, err = process.communicate(timeout=min(0.25, max(0.0, deadline - time.monotonic())))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        process.kill()
                        process.communicate()
                        raise PdfError(f"LibreOffice 在 {timeout} 秒内未完成转换 / conversion timed out after {timeout} s") from None
                    if made is not None and watch is not None:
                        made(sum(1 for _ in watch.glob("*.pdf")))
        finally:
            with self._lock:
                self._running.discard(process)
        return subprocess.CompletedProcess(cmd, process.returncode, out, err)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Kill every conversion running now, and start no more."""
        with self._lock:
            self._stopped = True
            for process in self._running:
                process.kill()


def convert_many(docx_files: list[Path], outdir: Path, timeout: int = 600, scratch: Path | None = None,
                 conversions: Conversions | None = None, made=None) -> list[Path]:
    """Convert in one LibreOffice process; returns the PDF paths in input order. Its profile goes in
    ``scratch`` (default: the system's temporary folder); ``conversions`` is the job it belongs to; ``made(n)`` is told
    how many PDFs are made so far while it runs."""
    conversions = conversions or Conversions()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aicontract-lo-", dir=scratch) as profile:
        docx_files = _punctuation_safe(docx_files, Path(profile) / "sources")
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
        _prepare_profile(profile)  # the font replacement table (宋体 -> a serif CJK font)
        result = conversions.run(cmd, timeout, outdir, made)
        if result.returncode == RESTART:  # a new profile was made; the launcher would start it again
            result = conversions.run(cmd, timeout, outdir, made)
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
