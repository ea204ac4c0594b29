"""Batch production: one contract per spreadsheet row, across all cores, nothing lost.

Each row is validated, assembled, checked and rendered on its own (``batch_rows.py``); a row
that fails is reported (row, column, message) and every other row still produces its contract. Keying
mistakes are caught before anything is drafted: the template's example row is never drafted,
a 合同编号 used twice makes every such row an error, and a list-sheet row whose 合同编号 names
no contract is an error on its own sheet. Files are written atomically and never over an
existing file without ``force``; with ``skip_existing`` a rerun counts the rows whose files
match the last manifest as done (and still makes the PDFs an interrupted run did not).
``dry_run`` checks every row and writes only the report. Workers and LibreOffice die with the
batch, and a batch that is stopped removes its scratch folder.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from .batch_rows import Job, cell_name, produce, produce_many
from .io import batch_report
from .io.batch_report import ERROR, EXAMPLE, INVALID, OK, RowResult, Summary, write_report
from .io.names import Namer, safe_stem
from .io.output import make_folder, write_atomic
from .io.sheet import EXAMPLE_MARK, MAIN_SHEET, Row, Sheet, layout
from .io.xlsx_formulas import uncached_formulas
from .library import annex_family, cached_family, load_requirements
from .models import DEAL_MODELS
from .render.docx import bundled_template, compiled_template
from .render.pdf import Conversions, PdfError, convert_many, die_with_parent

__all__ = ["Job", "RowResult", "Summary", "produce", "produce_many", "run_batch", "safe_stem"]
SCRATCH_PREFIX = "aicontract-batch-"


_WORKER_JOB: list[Job] = []  # in a worker: the batch's job, given once when it starts
CHUNK = 32  # rows sent to a worker at a time, and drafted a stage at a time (produce_many)


def _produce_chunk(chunk: list[tuple[Row, str]]) -> list[RowResult]:
    """In a worker: the rows of one chunk, with the job the worker was started with."""
    return produce_many(_WORKER_JOB[0], chunk)


def _warm(job: Job, worker: bool = False) -> None:
    """Load the clause library and compile the templates once, before the workers fork; a
    worker keeps the job and dies with the batch that started it."""
    if worker:
        _WORKER_JOB[:] = [job]
    die_with_parent()
    load_requirements()
    main = cached_family(job.family, None, Path(job.library) if job.library else None)
    for annex in main.spec.annexes:
        annex_family(main, annex.family)
    if job.template:
        compiled_template(Path(job.template), sandboxed=True)
    else:
        compiled_template(bundled_template(main.spec.template), sandboxed=False)


def _convert_pdfs(results: list[RowResult], outdir: Path, force: bool, jobs: int, scratch: Path | None = None,
                  progress=None) -> None:
    """One LibreOffice per core, each converting its share in chunks; moved into place atomically.
    LibreOffice's folders go in ``scratch`` (the batch's: a killed batch's is removed by the next).
    ``progress(done, total)`` is called before the first chunk and as each chunk is converted."""
    todo = [r for r in results if r.pdf_source]
    made: dict[int, int] = {}  # PDFs made so far, by chunk: told while LibreOffice runs, and when a chunk is in place
    lock = threading.Lock()

    def count(chunk_no: int, n: int) -> None:
        if progress:
            with lock:
                made[chunk_no] = n
                progress(sum(made.values()), len(todo))

    if progress and todo:
        progress(0, len(todo))
    size = max(1, min(50, -(-len(todo) // max(1, jobs))))  # every core busy, at most 50 files per start
    chunks = [todo[i: i + size] for i in range(0, len(todo), size)]
    conversions = Conversions()

    def convert(numbered: tuple[int, list[RowResult]]) -> None:
        chunk_no, chunk = numbered
        with tempfile.TemporaryDirectory(prefix="aicontract-batch-pdf-", dir=scratch) as tmp:
            try:
                pdfs = convert_many([Path(r.pdf_source) for r in chunk], Path(tmp), scratch=Path(tmp), conversions=conversions,
                                    made=lambda n: count(chunk_no, min(n, len(chunk) - 1)))  # the last: once in place
            except PdfError as exc:
                if conversions.stopped:  # the batch was stopped: its rows are not in error (clerk recheck N2)
                    return
                for result in chunk:
                    result.status, result.pdf_source = ERROR, ""
                    result.messages.append(str(exc))
                count(chunk_no, len(chunk))  # dealt with: the bar still reaches its end
                return
            for result, pdf in zip(chunk, pdfs):
                data = pdf.read_bytes()
                target = outdir / pdf.name
                write_atomic(target, data, force=force, durable=False)
                result.files.append((str(target), hashlib.sha256(data).hexdigest()))
                result.pdf_source = ""
        count(chunk_no, len(chunk))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(chunks)))) as threads:
        try:
            list(threads.map(convert, enumerate(chunks)))
        except BaseException:  # stopped (SIGTERM, Ctrl-C): LibreOffice stops now, not after its files
            conversions.stop()
            threads.shutdown(wait=True, cancel_futures=True)
            raise


def _keying_errors(sheet: Sheet) -> list[RowResult]:
    """List-sheet rows of no contract: a typo in 合同编号 must not lose a work task silently."""
    out = []
    for name, number, owner in sheet.orphans:
        message = (f"合同编号“{owner}”在“{MAIN_SHEET}”表中不存在，此行未用于任何合同 / no contract has this 合同编号"
                   if owner else "缺少合同编号，此行未用于任何合同 / no 合同编号: the row belongs to no contract")
        out.append(RowResult(number, owner, INVALID, [cell_name(name, number, "A")], [message], sheet=name))
    return out


def _screen(row: Row, key_cell: str | None = None) -> RowResult | None:
    """A row that is not drafted at all: the example, one without a 合同编号 where list sheets need it (``key_cell``:
    that cell, clerk walkthrough M12), or a 合同编号 an earlier row used."""
    if row.example:
        return RowResult(row.number, row.contract_no, EXAMPLE,
                         messages=[f"合同编号以“{EXAMPLE_MARK}”开头，是模板的示例行 / the template's example row"])
    if not row.contract_no and key_cell:
        return RowResult(row.number, None, INVALID, [key_cell], [
            "合同编号：缺少必填字段；工作任务等列表工作表中的行按合同编号对应到本行，未起草 / 合同编号 is required: the list "
            "sheets' rows find their contract by it"])
    if row.duplicates:
        return RowResult(row.number, row.contract_no, INVALID)  # its message is written once the sheet is read
    return None


def _duplicates(sheet: Sheet, results: list[RowResult]) -> None:
    """Every row of a 合同编号 used more than once is an error naming the others; what this run
    wrote for the first of them (drafted before the second was read) is removed."""
    repeated = {key: rows for key, rows in sheet.rows_by_id.items() if len(rows) > 1}
    for result in results:
        rows = repeated.get(result.contract_no) if result.sheet == MAIN_SHEET else None
        if not rows or result.status == EXAMPLE:
            continue
        if result.status == OK:
            for path, _ in result.files:
                Path(path).unlink(missing_ok=True)
        others = [n for n in rows if n != result.row]
        result.status, result.files, result.pdf_source, result.missing, result.reminders = INVALID, [], "", [], []
        result.cells = [cell_name(sheet.sheet_names[MAIN_SHEET], result.row, sheet.key_letter)]
        result.messages = [f"合同编号“{result.contract_no}”重复，另见{'、'.join(f'第{n}行' for n in others)}；均未起草 / "
                           f"duplicate 合同编号, also on row{'s' if len(others) > 1 else ''} {', '.join(map(str, others))}: "
                           "none drafted"]


def _explain_formulas(path: Path, results: list[RowResult]) -> None:
    """Cells reported empty that hold a formula Excel never computed get their own message."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not any(r.status == INVALID for r in results):
        return
    formulas = uncached_formulas(path, {c.split("!")[0] for r in results for c in r.cells})
    for r in results:
        for i, cell in enumerate(r.cells):
            if cell in formulas:
                title = r.messages[i].split("：")[0]
                r.messages[i] = (f"{title}：公式没有计算结果，请在 Excel 中打开并保存后再试 / the formula has no computed "
                                 f"value: open and save the workbook in Excel")


def _clean_stale_scratch() -> None:
    """Scratch folders of batches that were killed (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX):].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _remove_if_empty(folders: list[Path]) -> None:
    """The output folders a batch made (the leaf first), when it stops before writing anything (an
    unreadable sheet, a wrong family): nothing is left behind. A folder with anything in it stays."""
    for folder in folders:
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            return


def _stop_stray_workers(workers: dict) -> None:
    """Workers a stop left waiting for work. A signal that lands after the pool has started its
    workers but before its manager thread runs leaves nobody to tell them to stop, and the
    interpreter would wait for them at exit for ever; once the pool is shut down, any of its
    workers still alive is idle, so it is killed. ``workers`` is the pool's own table of them
    (CPython's ``_processes``, filled as they start): another batch's workers in the same process
    (the web app runs batches side by side) are not touched."""
    for worker in list(workers.values()):
        if worker.is_alive():
            worker.kill()
            worker.join(timeout=10)


@contextlib.contextmanager
def _closing(pool: ProcessPoolExecutor):
    """``with pool:``, except that a stop (Ctrl-C, SIGTERM) that lands while the pool is starting its
    manager thread stays a stop: shutting down would try to join a thread never started and raise a
    RuntimeError over it (an “internal error”, exit 3, about one killed batch in twenty)."""
    try:
        yield pool
    except BaseException:
        with contextlib.suppress(RuntimeError):
            pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _stoppable():
    """SIGTERM stops the batch like Ctrl-C: scratch folders removed, workers shut down. Once stopping, a second
    SIGTERM or Ctrl-C is ignored, so that the clean-up is not cut short (clerk walkthrough M4: a second kill left
    the scratch folder); kill -9 still ends it at once."""
    handled = (signal.SIGTERM, signal.SIGINT)

    def stop(signum, frame):
        for sig in handled:
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt
    main = multiprocessing.current_process().name == "MainProcess" and threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, stop) for sig in handled} if main else {}  # signals reach only the main thread
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _shared(done: list[RowResult], texts: dict[str, str]) -> list[RowResult]:
    """The rows, each reminder text held once: the same reminder (the transfer price's, on every row) arrives
    from the workers as a copy per row, and 5,000 rows kept them all until the report (memory 1.21× at 5×N)."""
    for result in done:
        result.reminders = [texts.setdefault(text, text) for text in result.reminders]
    return done


def run_batch(path: Path, family: str, outdir: Path, formats: tuple[str, ...] = ("docx",), jobs: int | None = None,
              force: bool = False, allow_incomplete: bool = False, name_column: str | None = None,
              progress=None, library: Path | None = None, template: Path | None = None, start=None,
              dry_run: bool = False, skip_existing: bool = False, pdf_progress=None) -> Summary:
    """Produce every row's contract; ``start(total)`` is called once the sheet is read and
    ``progress(n)`` as rows finish; ``pdf_progress(done, total)`` as PDFs are made, after the rows. The clause library and template are checked before the
    first row: a broken one raises. Workers start before the sheet is read (so they do not
    carry it), and rows are built and sent a few at a time: memory does not grow with the sheet."""
    made = [folder for folder in (Path(outdir), *Path(outdir).parents) if not folder.exists()]  # the leaf first
    make_folder(outdir)
    _clean_stale_scratch()
    with _stoppable(), tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as scratch, \
            contextlib.ExitStack() as finally_:

        def tidy(kind, error, trace) -> None:  # stopped by an error: the folders this batch made go, if still empty
            if kind is not None:
                _remove_if_empty(made)

        finally_.push(tidy)
        previous = batch_report.manifest_entries(outdir)
        done = batch_report.read_manifest(previous) if skip_existing else {}
        job = Job(family, str(outdir), tuple(formats), force, allow_incomplete, scratch,
                  str(Path(library).resolve()) if library else None, str(template) if template else None,
                  dry_run, skip_existing, done)
        _warm(job)
        gc.freeze()  # what is loaded by now (library, templates) is left out of the collections, the workers' too
        finally_.callback(gc.unfreeze)
        jobs = max(1, jobs or os.cpu_count() or 1)
        results: list[RowResult] = []
        texts: dict[str, str] = {}  # one copy of each reminder, however many rows carry it

        def record(kind, error, trace) -> None:  # stopped: the rows finished so far are on record (clerk walkthrough L22)
            if kind is KeyboardInterrupt and results:
                with contextlib.suppress(Exception):  # a stop stays a stop, whatever the disk says
                    batch_report.write_rows(results, outdir / (batch_report.DRY_RUN_REPORT if dry_run else "report.csv"))

        finally_.push(record)
        namer = Namer(name_column, layout(DEAL_MODELS[family])[0])

        def tasks(sheet: Sheet):
            for row in sheet:
                screened = _screen(row, cell_name(sheet.sheet_names[MAIN_SHEET], row.number, sheet.key_letter)
                                   if sheet.has_lists else None)
                if screened is not None:
                    results.append(screened)
                    progress and progress(1)
                else:
                    yield job, row, namer(row)

        if jobs == 1:
            sheet = Sheet(Path(path), DEAL_MODELS[family])
            start and start(len(sheet))
            queue = tasks(sheet)
            while chunk := [(row, stem) for _, row, stem in itertools.islice(queue, CHUNK)]:
                done = produce_many(job, chunk)
                results.extend(_shared(done, texts))
                progress and progress(len(done))
        else:
            # jobs processes: this one, which reads the sheet and drafts whatever chunks the
            # workers are not already holding, and jobs - 1 workers (a worker of its own would
            # leave this process's core idle but for the sheet, and pay for every row's transfer)
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
            pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context, initializer=_warm, initargs=(job, True))
            workers = getattr(pool, "_processes", None)  # the same dict the pool fills (an empty one is false: no `or`)
            finally_.callback(_stop_stray_workers, workers if workers is not None else {})
            with _closing(pool):
                for ready in [pool.submit(os.getpid) for _ in range(jobs - 1)]:
                    ready.result()  # the workers exist now, before the sheet is read
                sheet = Sheet(Path(path), DEAL_MODELS[family])
                start and start(len(sheet))
                queue = tasks(sheet)
                pending: set = set()

                def collect(finished) -> None:
                    for future in finished:
                        done = future.result()
                        results.extend(_shared(done, texts))
                        progress and progress(len(done))

                taken = 0

                def size() -> int:  # smaller chunks near the end, so that no process waits long for another
                    return CHUNK if len(sheet) - taken > 4 * CHUNK * jobs else max(1, CHUNK // 4)

                while chunk := [(row, stem) for _, row, stem in itertools.islice(queue, size())]:
                    taken += len(chunk)
                    if len(pending) < 2 * (jobs - 1):  # each worker holds two chunks: one running, one waiting
                        pending.add(pool.submit(_produce_chunk, chunk))
                    else:
                        done = produce_many(job, chunk)
                        results.extend(_shared(done, texts))
                        progress and progress(len(done))
                    finished, pending = wait(pending, timeout=0, return_when=FIRST_COMPLETED)
                    collect(finished)
                collect(pending)  # each waits for its chunk
        _duplicates(sheet, results)
        results += _keying_errors(sheet)
        _explain_formulas(Path(path), results)
        if "pdf" in formats and not dry_run:
            _convert_pdfs(results, outdir, force, jobs, Path(scratch), pdf_progress)
        if hasattr(os, "sync") and not dry_run:
            os.sync()  # once for the whole batch, rather than once per file
        report, manifest = write_report(results, outdir, previous, manifest=not dry_run)
    return Summary(results, report, manifest, sheet.notes)

