"""Batch runs for the API and the 批量 page: each run drafts in a process of its own
(``batch.run_batch``) inside a private temporary folder, removed when the run ends; the page
polls its progress and per-row results, then downloads the .zip (documents, report.csv,
manifest.json), kept in memory for an hour. A run is named by a random id, never by anything the request said."""

from __future__ import annotations

import io
import multiprocessing
import os
import secrets
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import run_batch
from ..errors import AicontractError, InputError
from ..io.batch_report import FAILED, MAIN, STATUS_TITLES

KEEP_SECONDS = 3600
MAX_RUNNING = 2
MAX_KEPT = 20


@dataclass
class BatchJob:
    id: str
    family: str
    status: str = "running"  # running, done, failed
    total: int | None = None
    done: int = 0
    pdfs: tuple[int, int] | None = None  # (made, to make) once the PDF step has started
    message: str = ""
    rows: list[dict] = field(default_factory=list)
    summary: str = ""
    archive: bytes | None = None
    created: float = field(default_factory=time.monotonic)

    def public(self) -> dict:
        return {"id": self.id, "family": self.family, "status": self.status, "total": self.total, "done": self.done,
                "pdfs": list(self.pdfs) if self.pdfs else None, "message": self.message, "summary": self.summary, "rows": self.rows,
                "zip": f"/api/v1/batch/jobs/{self.id}/zip" if self.archive is not None else None}


def as_uploaded(text: str, shown_as: dict[str, str]) -> str:
    """A message as the user knows the files: the upload's own names for the server-chosen ones (deals.xlsx), and
    the page's 合同类型 for the command line's --family (clerk walkthrough L17)."""
    for server, shown in sorted(shown_as.items(), key=lambda item: -len(item[0])):  # deals.工作任务.csv before deals.csv
        text = text.replace(server, shown)
    if "deals.csv" in shown_as:  # a list file not uploaded is named as the upload's list files are matched: 三月.工作任务.csv
        text = text.replace("deals.", Path(shown_as["deals.csv"]).stem + ".")
    # an upload has no folder (clerk recheck N11)
    return text.replace("是否选错了 --family？", "是否选错了合同类型？").replace("在同一文件夹", "一同上传")


def row_dict(result, shown_as: dict[str, str] | None = None) -> dict:
    shown = (lambda text: as_uploaded(text, shown_as)) if shown_as else (lambda text: text)
    return {"row": result.row, "contract_no": result.contract_no, "status": result.status,
            "status_title": STATUS_TITLES.get(result.status, result.status),
            "failed": result.status in FAILED, "sheet": shown(getattr(result, "sheet", "")),
            "cells": [shown(c) for c in result.cells], "messages": [shown(m) for m in result.messages],
            "missing": result.missing, "reminders": result.reminders, "files": [Path(p).name for p, _ in result.files]}


def run_in_folder(inputs: dict[str, bytes], main: str, family: str, formats: tuple[str, ...], allow_incomplete: bool,
                  library: Path | None, template: Path | None, workers: int | None, shown_as: dict[str, str] | None = None,
                  progress=None, start=None, pdf_progress=None):
    """Write ``inputs`` (server-chosen names) into a private folder, run the batch there and
    return (rows, summary text, zip bytes); the folder is removed before returning. ``shown_as``: the
    upload's names of the inputs, for the messages."""
    shown_as = shown_as or {}
    with tempfile.TemporaryDirectory(prefix="aicontract-web-") as tmp:
        source, outdir = Path(tmp) / "in", Path(tmp) / "out"
        source.mkdir()
        for name, data in inputs.items():
            (source / name).write_bytes(data)
        try:
            summary = run_batch(source / main, family, outdir, formats, jobs=workers, allow_incomplete=allow_incomplete,
                                library=library, template=template, progress=progress, start=start,
                                pdf_progress=pdf_progress)
        except AicontractError as exc:  # the message names the file as the user knows it, not the private folder
            raise InputError(as_uploaded(exc.user_message().replace(str(source) + os.sep, ""), shown_as)) from None
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(outdir.iterdir()):
                if path.is_file():
                    archive.write(path, path.name)
        text = summary.text().replace(str(summary.report), "下载的压缩包中的 report.csv / report.csv in the downloaded zip")
        ordered = sorted(summary.results, key=lambda r: (r.sheet != MAIN, r.sheet, r.row))  # the 合同 sheet's rows first
        return [row_dict(r, shown_as) for r in ordered], as_uploaded(text, shown_as), buffer.getvalue()


def _child(conn, *args) -> None:
    """The batch process: runs ``run_in_folder`` in its own main thread and reports through ``conn``."""
    try:
        rows, text, archive = run_in_folder(*args, progress=lambda n: conn.send(("progress", n)),
                                            start=lambda total: conn.send(("start", total)),
                                            pdf_progress=lambda done, total: conn.send(("pdfs", done, total)))
        conn.send(("done", rows, text, archive))
    except AicontractError as exc:
        conn.send(("failed", exc.user_message()))
    except Exception as exc:  # noqa: BLE001 - reported to the caller, never a silent death
        conn.send(("failed", f"内部错误 / internal error: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_isolated(*args, progress=None, start=None, pdf_progress=None):
    """``run_in_folder`` in a process of its own (spawned: the server's threads are not copied),
    so a batch owns its process — signals, worker pool, memory — and the server stays responsive.
    Returns what ``run_in_folder`` returns; InputError with the batch's message when it fails."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, *args), name="aicontract-web-batch")
    process.start()
    sender.close()
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                raise InputError("批量起草进程意外退出 / the batch process ended unexpectedly") from None
            if message[0] == "progress":
                progress and progress(message[1])
            elif message[0] == "start":
                start and start(message[1])
            elif message[0] == "pdfs":
                pdf_progress and pdf_progress(message[1], message[2])
            elif message[0] == "done":
                return message[1], message[2], message[3]
            else:
                raise InputError(message[1])
    finally:
        receiver.close()
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()


class Jobs:
    def __init__(self, workers: int | None = None):
        self.workers = workers
        self.lock = threading.Lock()
        self.jobs: dict[str, BatchJob] = {}

    def _expire(self) -> None:
        now = time.monotonic()
        for job_id, job in list(self.jobs.items()):
            if job.status != "running" and now - job.created > KEEP_SECONDS:
                del self.jobs[job_id]
        finished = sorted((j for j in self.jobs.values() if j.status != "running"), key=lambda j: j.created)
        for job in finished[: max(0, len(self.jobs) - MAX_KEPT)]:
            del self.jobs[job.id]

    def start(self, inputs: dict[str, bytes], main: str, family: str, formats: tuple[str, ...],
              allow_incomplete: bool, library: Path | None, template: Path | None,
              shown_as: dict[str, str] | None = None) -> BatchJob | None:
        """A new run, or None while MAX_RUNNING runs are going."""
        with self.lock:
            self._expire()
            if sum(j.status == "running" for j in self.jobs.values()) >= MAX_RUNNING:
                return None
            job = BatchJob(secrets.token_urlsafe(16), family)
            self.jobs[job.id] = job

        def progress(n: int) -> None:
            job.done += n

        def started(total: int) -> None:
            job.total = total

        def pdfs(done: int, total: int) -> None:  # the PDF step, after the rows (the page's bar sat at 100 %)
            job.pdfs = (done, total)

        def work() -> None:
            try:
                job.rows, job.summary, archive = run_isolated(inputs, main, family, formats, allow_incomplete, library,
                                                              template, self.workers, shown_as, progress=progress,
                                                              start=started, pdf_progress=pdfs)
                job.archive, job.status = archive, "done"
            except AicontractError as exc:
                job.status, job.message = "failed", exc.user_message()
            except Exception as exc:  # noqa: BLE001 - reported to the page, never a dead thread
                job.status, job.message = "failed", f"内部错误 / internal error: {type(exc).__name__}"

        threading.Thread(target=work, name=f"aicontract-batch-{job.id[:6]}", daemon=True).start()
        return job

    def get(self, job_id: str) -> BatchJob | None:
        with self.lock:
            return self.jobs.get(job_id)
