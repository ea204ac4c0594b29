"""The JSON API for deals, under ``/api/v1``: families, schema, form, example, sheet template,
answers (YAML in and out), live validation, the mandatory check, drafts, and the IP options.

A deal is sent as the request body: JSON (amounts read exactly, never as binary floats) or
YAML (``Content-Type: application/yaml``), the same answers a deal file holds."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import ip_options as ip
from ..drafting import assemble, check, draft
from ..io.deal_file import DealError, Problem, bundled_example, deal_from_data, dump_yaml, parse_text
from ..io.sheet_template import write_template
from ..library import cached_family
from ..library.answers import prune
from ..library.ip_options import load_options
from ..library.values import title_of
from ..models import DEAL_MODELS
from ..render import render
from .forms import form_fields, form_steps, plain, typed

router = APIRouter(prefix="/api/v1", tags=["api"])
SOURCE = "请求 / request"
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
DEAL_BODY = {"requestBody": {"required": True, "description": "合同参数（与合同参数文件相同），JSON 或 YAML；结构见 "
                                                              "/api/v1/families/{family}/schema",
                             "content": {"application/json": {"schema": {"type": "object"}},
                                         "application/yaml": {"schema": {"type": "string"}}}}}
Family = Literal[tuple(DEAL_MODELS)]  # type: ignore[valid-type]


def problem_dict(problem: Problem) -> dict:
    """One problem of a deal as the API reports it: loc, dotted path, Chinese titles, the CLI's message."""
    loc = [int(p) if p.isdigit() else p for p in problem.path.split(".")] if problem.path else []
    return {"loc": loc, "path": problem.path, "title": problem.title, "msg": problem.message, "line": problem.line}


def download(data: bytes, fmt: str, stem: str) -> Response:
    """Bytes as a download; the name is only ever a header value, percent-encoded."""
    headers = {"content-disposition": f"attachment; filename=\"aicontract.{fmt}\"; "
                                      f"filename*=UTF-8''{quote(stem, safe='')}.{fmt}"}
    return Response(content=data, media_type=MEDIA[fmt], headers=headers)


async def read_answers(request: Request):
    """The request body as (answers, YAML node or None): JSON (exact decimals) or YAML (whose
    node gives problems their line, as on the command line)."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DealError(SOURCE, [Problem("", "", "请求内容不是 UTF-8 编码 / the body is not UTF-8")]) from None
    if "yaml" in request.headers.get("content-type", ""):
        return parse_text(text, SOURCE)
    try:
        return json.loads(text, parse_float=Decimal), None
    except json.JSONDecodeError as exc:
        raise DealError(SOURCE, [Problem("", "", f"JSON 语法错误 / JSON syntax error: {exc.msg}", exc.lineno)]) from None


def family_of(request: Request, family_id: str):
    library = request.app.state.library
    return cached_family(family_id, None, library)


@router.get("/families", summary="合同类型 / contract families")
def families():
    return [{"id": fid, "title": model.model_config.get("title", fid), "example": bundled_example(fid) is not None}
            for fid, model in DEAL_MODELS.items()]


@router.get("/families/{family}/schema", summary="合同参数的 JSON Schema / JSON Schema of a deal")
def schema(family: Family):
    return DEAL_MODELS[family].model_json_schema()


@router.get("/families/{family}/form", summary="起草表单：步骤和字段（由合同参数模型生成） / the form's steps and fields")
def form(family: Family):
    return {"family": family, "steps": form_steps(family), "fields": form_fields(family)}


@router.get("/families/{family}/example", summary="示例合同参数 / the bundled example's answers")
def example(family: Family):
    data = bundled_example(family)
    if data is None:
        raise HTTPException(404, "该合同类型没有示例 / no example for this family")
    return plain(data)


@router.get("/families/{family}/sheet-template", summary="批量起草用的 Excel 模板 / spreadsheet template",
            response_class=Response)
def sheet_template(family: Family):
    return download(write_template(DEAL_MODELS[family], example=bundled_example(family)), "xlsx", f"{family}-批量模板")


@router.post("/families/{family}/validate", openapi_extra=DEAL_BODY,
             summary="表单校验：逐字段问题、隐藏的条件字段、必备事项检查 / live validation of answers typed so far")
async def validate(family: Family, request: Request):
    """Answers typed so far (empty values allowed): the fields hidden by their ``ask_when``
    condition, the answers without hidden and empty values, every problem (field path, title,
    the command line's message), the hidden fields whose answers are left out (``ignored``), the
    shown fields a condition makes necessary and still empty (``wanted``) and, once the deal is
    valid, the mandatory check."""
    data, _ = await read_answers(request)
    if not isinstance(data, dict):
        raise DealError(SOURCE, [Problem("", "", "应为一组“字段: 值” / must be a mapping of fields")])
    data = {k: v for k, v in data.items() if k != "family"}

    def work():
        model = DEAL_MODELS[family]
        answers, found = prune(model, data)
        out = {"valid": False, "hidden": found.hidden, "answers": plain(answers), "problems": [], "report": None,
               "ignored": [{"path": path, "title": title_of(model, path),
                            "msg": "当前的回答使此项不适用，已填写的内容不计入合同 / does not apply to the answers given: left out"}
                           for path in found.ignored],
               "wanted": [{"path": path, "title": title_of(model, path),
                           "msg": "此项必填：未填写时合同不完整，检查不通过 / needed here: the check fails without it"}
                          for path in found.wanted]}
        try:
            deal = deal_from_data({"family": family, **answers}, SOURCE)
        except DealError as exc:
            out["problems"] = [problem_dict(p) for p in exc.problems]
            return out
        _, report = draft(deal, allow_incomplete=True, family=family_of(request, family))
        out.update(valid=True, report={**json.loads(report.json()), "text": report.text()})
        return out

    return await run_in_threadpool(work)


@router.post("/check", openapi_extra=DEAL_BODY,
             summary="必备事项检查（第三十四—三十六条、一致性规则、义务分配） / the mandatory check")
async def check_deal(request: Request):
    """The report of ``aicontract check --format json``, plus its text; 422 for a bad deal."""
    data, node = await read_answers(request)

    def work():
        deal = deal_from_data(data, SOURCE, node)
        family = family_of(request, deal.family)
        report = check(assemble(deal, family), deal, family)
        return {**json.loads(report.json()), "text": report.text()}

    return await run_in_threadpool(work)


@router.post("/draft", openapi_extra=DEAL_BODY, response_class=Response,
             summary="起草：返回文档的字节 / draft: the document's bytes",
             responses={200: {"description": "the document"}, 409: {"description": "未通过必备事项检查 / fails the check"},
                        422: {"description": "合同参数有误 / invalid deal"}})
async def draft_deal(request: Request, format: Literal["docx", "pdf", "md", "txt"] = "docx",
                     allow_incomplete: bool = Query(False, description="未通过检查时仍写出，首页标明缺项")):
    data, node = await read_answers(request)

    def work():
        deal = deal_from_data(data, SOURCE, node)
        contract, report = draft(deal, allow_incomplete=allow_incomplete, family=family_of(request, deal.family))
        return render(contract, format, request.app.state.template), deal, report

    content, deal, report = await run_in_threadpool(work)
    response = download(content, format, deal.contract_no or deal.family)
    response.headers["x-aicontract-check"] = "pass" if report.ok else "incomplete"
    return response


@router.post("/answers/yaml", openapi_extra=DEAL_BODY, response_class=Response,
             summary="回答另存为合同参数文件（YAML） / answers as a deal file")
async def answers_yaml(request: Request):
    data, _ = await read_answers(request)
    if not isinstance(data, dict):
        raise DealError(SOURCE, [Problem("", "", "应为一组“字段: 值” / must be a mapping of fields")])
    family = data.get("family") if data.get("family") in DEAL_MODELS else None
    if family is not None:
        data = {"family": family, **typed(DEAL_MODELS[family], {k: v for k, v in data.items() if k != "family"})}
    head = "# aicontract 合同参数文件 / deal file：aicontract draft 本文件 -o 合同.docx\n"
    return download((head + dump_yaml(data)).encode("utf-8"), "yaml", family or "deal")


@router.post("/answers/parse", summary="读取合同参数文件（YAML/JSON 文本） / read an answers file",
             openapi_extra={"requestBody": {"required": True, "content": {"application/yaml": {"schema": {"type": "string"}}}}})
async def answers_parse(request: Request):
    """The text of a deal file (YAML or JSON) as answers; syntax errors as 422 with the line."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DealError(SOURCE, [Problem("", "", "文件不是 UTF-8 编码：请另存为 UTF-8 / the file is not UTF-8")]) from None
    data, _ = parse_text(text, SOURCE)
    if not isinstance(data, dict):
        raise DealError(SOURCE, [Problem("", "", "文件内容应为一组“字段: 值” / the file must hold a mapping of fields")])
    family = data.get("family")
    if family not in DEAL_MODELS:
        raise DealError(SOURCE, [Problem("family", "合同类型", f"应为以下之一：{', '.join(DEAL_MODELS)} "
                                                                f"/ family must be one of {', '.join(DEAL_MODELS)}")])
    return {"family": family, "answers": plain({k: v for k, v in data.items() if k != "family"})}


def ip_options_data() -> dict:
    options = load_options()
    return {"source": options.source, "attributes": [{"key": a.key, "title": a.title} for a in options.attributes],
            "groups": [{"id": g.id, "title": g.title, "applies_to": g.applies_to,
                        "options": [{"id": o.id, "title": o.title, "summary": o.summary, "deal": o.deal,
                                     "values": {a.key: o.value(a.key) for a in options.attributes}}
                                    for o in g.options]}
                       for g in options.groups]}


@router.get("/ip-options", summary="知识产权归属选项对比 / the IP options side by side",
            responses={200: {"content": {"application/json": {}, MEDIA["md"]: {}, MEDIA["docx"]: {}}}})
def ip_options(format: Literal["json", "md", "docx"] = "json", chosen: str | None = None):
    """JSON (every option and attribute), Markdown or a Word memo; ``chosen`` marks an option id."""
    options = load_options()
    if chosen is not None and all(chosen != o.id for g in options.groups for o in g.options):
        raise HTTPException(422, "未知的选项 / unknown option id")
    if format == "json":
        return JSONResponse(ip_options_data())
    if format == "md":
        return download(ip.render_markdown(options.groups, chosen).encode("utf-8"), "md", "知识产权选项")
    return download(ip.comparison_docx(options.groups, chosen), "docx", "知识产权选项")


@router.post("/ip-options/chosen", openapi_extra=DEAL_BODY, summary="该合同参数所选的知识产权选项 / the deal's IP option")
async def ip_chosen(request: Request):
    data, node = await read_answers(request)
    deal = deal_from_data(data, SOURCE, node)
    found = ip.chosen_option(deal)
    return {"group": found[0], "option": found[1]} if found else {"group": None, "option": None}
