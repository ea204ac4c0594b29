"""Batch production: one contract per spreadsheet row, across all cores, nothing lost.

Each row is validated, assembled, checked and rendered on its own; a row that fails is
reported (row, column, message) and every other row still produces its contract. Files are
written atomically and never over an existing file without ``force``, so an interrupted batch
leaves only whole files and can simply be run again. ``report.csv`` and ``manifest.json`` in the
output folder describe the latest run and are rewritten each time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import re
import tempfile
import unicodedata
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .drafting import IncompleteDraft, draft
from .io.deal_file import message_for
from .io.output import OutputExists, write_atomic
from .io.sheet import Row, Sheet
from .library import annex_family, cached_family, load_requirements
from .models import DEAL_MODELS
from .models import paths as model_paths
from .render import render
from .render.docx import bundled_template, compiled_template
from .render.pdf import PdfError, convert_many

OK, INVALID, INCOMPLETE, EXISTS, ERROR = "ok", "invalid", "incomplete", "exists", "error"
STATUS_TITLES = {OK: "成功", INVALID: "数据有误", INCOMPLETE: "必备事项未满足", EXISTS: "已存在未覆盖", ERROR: "出错"}
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@dataclass
class RowResult:
    row: int
    contract_no: str | None
    status: str
    cells: list[str] = field(default_factory=list)  # 合同!D5
    messages: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # failed mandatory items
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)


@dataclass
class Summary:
    results: list[RowResult]
    report: Path
    manifest: Path

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> int:
        return sum(r.status in (INVALID, INCOMPLETE, ERROR) for r in self.results)

    def problem_lines(self) -> list[str]:
        """One line per row that did not produce its contract."""
        return [
            f"第{r.row}行 row {r.row}（{r.contract_no or '—'}）：{r.status} "
            f"{'；'.join(c + ' ' + m for c, m in zip(r.cells, r.messages)) or '；'.join(r.messages)}"
            f"{'；缺项：' + '；'.join(r.missing) if r.missing else ''}"
            for r in self.results if r.status != OK
        ]

    def text(self) -> str:
        parts = [f"{STATUS_TITLES[s]} {self.count(s)}" for s in (OK, INVALID, INCOMPLETE, EXISTS, ERROR) if self.count(s)]
        return f"共 {len(self.results)} 行 / rows：" + "，".join(parts) + f"\n报告 / report：{self.report}"


def safe_stem(text: str) -> str:
    """A file name every OS accepts: no reserved characters or names, no trailing dot or space."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", text).strip(" .")
    text = text or "contract"
    if text.split(".")[0].upper() in WINDOWS_RESERVED:
        text = "_" + text
    return text[:100]


class Namer:
    """Output stems from 合同编号 (or ``name_column``), unique even when rows collide and
    regardless of letter case."""

    def __init__(self, name_column: str | None):
        self.parts = (name_column or "contract_no").split(".")
        self.taken: set[str] = set()

    def __call__(self, row: Row) -> str:
        value = row.data
        for part in self.parts:
            value = value.get(part) if isinstance(value, dict) else None
        stem = safe_stem(str(value)) if value not in (None, "") else f"row{row.number}"
        candidate, n = stem, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem}-{n}"
        self.taken.add(candidate.casefold())
        return candidate


def _where(row: Row, loc: tuple) -> str:
    """合同!D5 for a cell; the nearest cell of the group for an error about a whole group."""
    origin = row.origins.get(loc)
    if origin is None:
        near = [o for key, o in row.origins.items() if key[: len(loc)] == loc]
        origin = near[0] if near else None
    if origin is None:
        return f"{row.number}行"
    sheet, number, letter = origin
    return f"{sheet}!{letter}{number}"


@dataclass(frozen=True)
class Job:
    family: str
    outdir: str
    formats: tuple[str, ...]  # as asked: docx, md, txt, pdf
    force: bool
    allow_incomplete: bool
    scratch: str  # where a .docx made only for the .pdf goes
    library: str | None = None  # a firm's clause folder layered over the bundled library
    template: str | None = None  # a firm's Word template


def produce(job: Job, row: Row, stem: str) -> RowResult:
    """Validate, assemble, check and render one row; write its files. Never raises."""
    model = DEAL_MODELS[job.family]
    result = RowResult(row.number, row.contract_no, OK)
    try:
        deal = model.model_validate({**row.data, "family": job.family})
    except ValidationError as exc:
        result.status = INVALID
        for err in exc.errors():
            loc = tuple(err["loc"])
            title = " › ".join(model_paths.titles(model, loc))
            result.cells.append(_where(row, loc))
            result.messages.append(f"{title}：{message_for(err)}")
        return result
    try:
        family = cached_family(job.family, None, Path(job.library) if job.library else None)
        contract, report = draft(deal, allow_incomplete=job.allow_incomplete, family=family)
        if not report.ok:
            result.missing = [f.missing_text() for f in report.failures]
        made = [f for f in job.formats if f != "pdf"]  # pdf: converted for all rows at once, see run_batch
        if "pdf" in job.formats and "docx" not in made:
            path = Path(job.scratch) / f"{stem}.docx"
            path.write_bytes(render(contract, "docx", job.template))
            result.files.append((str(path), ""))
        for fmt in made:
            path = Path(job.outdir) / f"{stem}.{fmt}"
            data = render(contract, fmt, job.template)
            try:
                write_atomic(path, data, force=job.force)
            except OutputExists:
                result.status = EXISTS
                result.messages.append(f"{path.name} 已存在，未覆盖（加 --force 覆盖） / exists, not overwritten")
                data = path.read_bytes()
            result.files.append((str(path), hashlib.sha256(data).hexdigest()))
    except IncompleteDraft as exc:
        result.status = INCOMPLETE
        result.missing = [f.missing_text() for f in exc.report.failures]
        result.messages.append("未通过必备事项检查，未生成 / fails the mandatory check, not written")
    except Exception as exc:  # one broken row must never stop the others
        result.status = ERROR
        result.messages.append(f"{type(exc).__name__}: {exc}")
    return result


def _warm(job: Job) -> None:
    """Load the clause library and compile the templates once, before the workers fork."""
    load_requirements()
    main = cached_family(job.family, None, Path(job.library) if job.library else None)
    for annex in main.spec.annexes:
        annex_family(main, annex.family)
    if job.template:
        compiled_template(Path(job.template), sandboxed=True)
    else:
        compiled_template(bundled_template(main.spec.template), sandboxed=False)


def _convert_pdfs(results: list[RowResult], outdir: Path, force: bool) -> None:
    """One LibreOffice start per chunk of files, not one per file; moved into place atomically."""
    todo = [(r, Path(p)) for r in results if r.status == OK for p, _ in r.files if p.endswith(".docx")]
    for result in results:  # a .docx made only for the conversion is not an output
        result.files = [(p, h) for p, h in result.files if h]
    for start in range(0, len(todo), 50):
        chunk = todo[start: start + 50]
        with tempfile.TemporaryDirectory(prefix="aicontract-batch-pdf-") as tmp:
            try:
                pdfs = convert_many([docx for _, docx in chunk], Path(tmp))
            except PdfError as exc:
                for result, _ in chunk:
                    result.status = ERROR
                    result.messages.append(str(exc))
                continue
            for (result, _), pdf in zip(chunk, pdfs):
                target = outdir / pdf.name
                data = pdf.read_bytes()
                try:
                    write_atomic(target, data, force=force)
                except OutputExists:
                    result.status = EXISTS
                    data = target.read_bytes()
                result.files.append((str(target), hashlib.sha256(data).hexdigest()))


def _write_report(results: list[RowResult], outdir: Path) -> tuple[Path, Path]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["行号", "合同编号", "状态", "status", "单元格", "说明", "未满足的必备事项", "文件"])
    for r in sorted(results, key=lambda r: r.row):
        writer.writerow([r.row, r.contract_no or "", STATUS_TITLES[r.status], r.status, "；".join(r.cells),
                         "；".join(r.messages), "；".join(r.missing), "；".join(Path(p).name for p, _ in r.files)])
    report = write_atomic(outdir / "report.csv", buffer.getvalue().encode("utf-8-sig"), force=True)
    entries = [{"row": r.row, "contract_no": r.contract_no, "path": Path(p).name, "sha256": h}
               for r in sorted(results, key=lambda r: r.row) for p, h in r.files]
    manifest = write_atomic(outdir / "manifest.json", json.dumps(entries, ensure_ascii=False, indent=2).encode("utf-8"), force=True)
    return report, manifest


def run_batch(path: Path, family: str, outdir: Path, formats: tuple[str, ...] = ("docx",), jobs: int | None = None,
              force: bool = False, allow_incomplete: bool = False, name_column: str | None = None,
              progress=None, library: Path | None = None, template: Path | None = None, start=None) -> Summary:
    """Produce every row's contract; ``start(total)`` is called once the sheet is read and
    ``progress(n)`` as rows finish. The clause library and template are checked before the
    first row: a broken one raises. Workers start before the sheet is read (so they do not
    carry it), and rows are built and sent a few at a time: memory does not grow with the sheet."""
    outdir.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="aicontract-batch-")
    job = Job(family, str(outdir), tuple(formats), force, allow_incomplete, scratch.name,
              str(Path(library).resolve()) if library else None, str(template) if template else None)
    _warm(job)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[RowResult] = []
    namer = Namer(name_column)
    if jobs == 1:
        sheet = Sheet(Path(path), DEAL_MODELS[family])
        start and start(len(sheet))
        for row in sheet:
            results.append(produce(job, row, namer(row)))
            progress and progress(1)
    else:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm, initargs=(job,)) as pool:
            for ready in [pool.submit(os.getpid) for _ in range(jobs)]:
                ready.result()  # the workers exist now, before the sheet is read
            sheet = Sheet(Path(path), DEAL_MODELS[family])
            start and start(len(sheet))
            tasks = ((job, row, namer(row)) for row in sheet)
            pending: set = set()
            for task in [*itertools.islice(tasks, jobs * 8)]:
                pending.add(pool.submit(produce, *task))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    results.append(future.result())
                    progress and progress(1)
                    task = next(tasks, None)
                    if task is not None:
                        pending.add(pool.submit(produce, *task))
    if "pdf" in formats:
        _convert_pdfs(results, outdir, force)
    scratch.cleanup()
    report, manifest = _write_report(results, outdir)
    return Summary(results, report, manifest)

