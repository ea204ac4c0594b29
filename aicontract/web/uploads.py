"""The API's uploads, under ``/api/v1``: review of a received contract, comparison of a draft
that came back with the one sent, and batch drafting from a spreadsheet. An upload is written under a name the server chooses (its suffix picked from a
fixed list) in a private temporary folder that is removed before the response is sent."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..compare import compare
from ..errors import AicontractError, InputError
from ..io.sheet import layout
from ..models import DEAL_MODELS
from ..render import FORMATS
from ..review import READABLE, annotated_docx, review, review_memo_docx
from .api import MEDIA, Family, download
from .jobs import run_isolated

router = APIRouter(prefix="/api/v1", tags=["api"])
SHEETS = (".xlsx", ".xlsm", ".csv")


def display_name(filename: str | None) -> str:
    """The uploaded file's name for messages and memos only: its last part, printable, short."""
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", filename or "")[-1])
    name = "".join(c for c in name if c.isprintable())[:100]
    return name or "上传的文件"


def suffix_of(filename: str | None, allowed: tuple[str, ...]) -> str:
    """The suffix of the upload, as one of ``allowed``: the only part of a request that shapes a file name."""
    suffix = os.path.splitext(display_name(filename))[1].lower()
    for candidate in allowed:
        if suffix == candidate:
            return candidate
    raise InputError(f"{display_name(filename)}: 只接受 {'、'.join(allowed)} 文件 / only {', '.join(allowed)} files")


@router.post("/review", response_class=Response,
             summary="审查收到的合同（.docx/.doc/.wps/.pdf/.txt/.md） / review a received contract",
             responses={200: {"content": {"application/json": {}, MEDIA["docx"]: {}}}})
async def review_upload(file: UploadFile = File(..., description="收到的合同"),
                        format: Literal["json", "docx", "memo"] = "json"):
    """``json``: each item of 第三十四—三十六条 covered / partial / missing with evidence, and other
    findings; ``docx``: the document with the findings as Word comments; ``memo``: a review memo."""
    suffix = suffix_of(file.filename, READABLE)
    name = display_name(file.filename)
    raw = await file.read()

    def work():
        with tempfile.TemporaryDirectory(prefix="aicontract-web-") as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(raw)
            try:
                result = review(path)
            except AicontractError as exc:
                raise InputError(exc.user_message().replace(str(path), name)) from None
            result.source = name
            if format == "docx":
                return annotated_docx(result)
            if format == "memo":
                return review_memo_docx(result)
            return {**json.loads(result.json()), "clean": result.clean, "text": result.text()}

    out = await run_in_threadpool(work)
    if format == "json":
        return Response(json.dumps(out, ensure_ascii=False), media_type="application/json")
    stem = os.path.splitext(name)[0] + ("-批注" if format == "docx" else "-审查意见")
    return download(out, "docx", stem)


@router.post("/compare", response_class=Response,
             summary="比较返回稿：逐条款的修改、对方修改后不再满足的事项、Word 修订对照稿 / compare a returned draft",
             responses={200: {"content": {"application/json": {}, MEDIA["docx"]: {}}}})
async def compare_upload(ours: UploadFile = File(..., description="我方发出的稿（.docx）"),
                         theirs: UploadFile = File(..., description="对方返回的稿（.docx）"),
                         format: Literal["json", "docx"] = "json"):
    """As ``aicontract compare``: ``json`` the changes by clause, what THEIRS' edits broke and the
    items the changed clauses carry (with the Markdown text); ``docx`` the redline, whose 接受所有修订
    gives THEIRS and 拒绝所有修订 gives OURS."""
    names = {}
    for role, upload in (("ours", ours), ("theirs", theirs)):
        try:
            suffix_of(upload.filename, (".docx",))
        except InputError as exc:  # the way forward: Word and WPS save a .docx
            raise InputError(f"{exc}（.doc、.wps 请先在 Word 或 WPS 中另存为 .docx / save a .doc or .wps as .docx first）") from None
        names[role] = display_name(upload.filename)
    raw = {"ours": await ours.read(), "theirs": await theirs.read()}

    def work():
        with tempfile.TemporaryDirectory(prefix="aicontract-web-") as tmp:
            paths = {role: Path(tmp) / f"{role}.docx" for role in raw}
            for role, data in raw.items():
                paths[role].write_bytes(data)
            try:
                result = compare(paths["ours"], paths["theirs"])
            except AicontractError as exc:
                message = exc.user_message()
                for role, path in paths.items():
                    message = message.replace(str(path), names[role])
                raise InputError(message) from None
        result.ours, result.theirs = names["ours"], names["theirs"]
        if format == "docx":
            return result.redline
        return {**json.loads(result.json()), "text": result.markdown(), "ok": not result.broken}

    out = await run_in_threadpool(work)
    if format == "json":
        return Response(json.dumps(out, ensure_ascii=False), media_type="application/json")
    return download(out, "docx", os.path.splitext(names["theirs"])[0] + "-修订对照稿")


def _title(family: str) -> str:
    """项目合作合同 for cooperation: how a download is named for the people who open it."""
    return re.sub(r"（[^（）]*）$", "", DEAL_MODELS[family].model_config.get("title", family))


async def sheet_inputs(files: list[UploadFile], family: str) -> tuple[dict[str, bytes], str, dict[str, str]]:
    """The uploaded sheet under server-chosen names: ``deals.xlsx``, or ``deals.csv`` with its
    list sheets ``deals.<sheet>.csv``, the sheet name matched against the family's own list sheets;
    and each server-chosen name's upload name, for the messages (clerk walkthrough L17)."""
    if not files:
        raise InputError("请上传 .xlsx 或 .csv 文件 / upload a .xlsx or .csv file")
    names = [sheet.name for sheet in layout(DEAL_MODELS[family])[1]]
    inputs: dict[str, bytes] = {}
    shown_as: dict[str, str] = {}
    main = None
    for upload in files:
        suffix = suffix_of(upload.filename, SHEETS)
        shown = display_name(upload.filename)
        listed = next((n for n in names if shown.endswith(f".{n}.csv")), None) if suffix == ".csv" else None
        target = f"deals.{listed}.csv" if listed else f"deals{suffix}"
        if not listed:
            if main is not None:
                raise InputError("只能上传一个主表（另可附 .csv 列表表） / upload one main sheet (plus its list .csv files)")
            main = target
        inputs[target] = await upload.read()
        shown_as[target] = shown
    if main is None:
        raise InputError("缺少主表 / the main sheet is missing")
    if main != "deals.csv" and len(inputs) > 1:
        raise InputError("列表表只用于 .csv 主表 / list .csv files go with a .csv main sheet")
    return inputs, main, shown_as


def chosen_formats(formats: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise InputError(f"不支持的格式 / unsupported format: {', '.join(unknown) or formats}; use {', '.join(FORMATS)}")
    return chosen


@router.post("/batch", response_class=Response, summary="批量起草：返回 .zip（文档、report.csv、manifest.json） / batch",
             responses={200: {"content": {"application/zip": {}}}})
async def batch_zip(request: Request, files: list[UploadFile] = File(..., description=".xlsx，或 .csv 及其列表表"),
                    family: Family = Form("cooperation"), formats: str = Form("docx"),
                    allow_incomplete: bool = Form(False)):
    """One contract per row, as ``aicontract batch``; the per-row results are also in report.csv."""
    inputs, main, shown_as = await sheet_inputs(files, family)
    state = request.app.state
    rows, summary, archive = await run_in_threadpool(
        run_isolated, inputs, main, family, chosen_formats(formats), allow_incomplete, state.library,
        state.template, state.jobs.workers, shown_as)
    response = download(archive, "zip", f"{_title(family)}-批量")
    response.headers["x-aicontract-rows"] = str(len(rows))
    response.headers["x-aicontract-failed"] = str(sum(r["failed"] for r in rows))
    return response


@router.post("/batch/jobs", status_code=202, summary="批量起草（后台运行，可查询进度） / start a batch run")
async def batch_start(request: Request, files: list[UploadFile] = File(...), family: Family = Form("cooperation"),
                      formats: str = Form("docx"), allow_incomplete: bool = Form(False)):
    inputs, main, shown_as = await sheet_inputs(files, family)
    state = request.app.state
    job = state.jobs.start(inputs, main, family, chosen_formats(formats), allow_incomplete, state.library,
                           state.template, shown_as)
    if job is None:
        raise HTTPException(429, "正在处理其他批量任务，请稍后再试 / other batch runs are going: try again shortly")
    return job.public()


@router.get("/batch/jobs/{job_id}", summary="批量起草的进度和逐行结果 / progress and per-row results")
def batch_status(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "没有该批量任务（结果保留一小时） / no such run (kept for an hour)")
    return job.public()


@router.get("/batch/jobs/{job_id}/zip", response_class=Response, summary="下载批量结果 .zip / the run's .zip")
def batch_download(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None or job.archive is None:
        raise HTTPException(404, "没有可下载的结果 / nothing to download")
    return download(job.archive, "zip", f"{_title(job.family)}-批量")
