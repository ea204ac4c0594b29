"""The FastAPI application: the JSON API under ``/api/v1`` and the pages, behind the guard
(token, host, body size, security headers); errors answered as the command line words them."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..drafting import IncompleteDraft, draft
from ..errors import AicontractError
from ..io.deal_file import DealError, bundled_example, deal_from_data
from ..library import bundled_family, load_requirements
from ..library.ip_options import load_options
from ..models import DEAL_MODELS
from ..render import render
from ..version import __version__
from . import api, pages, uploads
from .api import problem_dict
from .forms import form_fields
from .jobs import Jobs
from .security import Guard

HERE = Path(__file__).resolve().parent


def _json(status: int, body: dict) -> JSONResponse:
    return JSONResponse(status_code=status, content=body)


def create_app(token: str | None = None, library: Path | None = None, template: Path | None = None,
               jobs: int | None = None, warm: bool = True) -> Guard:
    """The application, wrapped in its guard. ``token``: required on every request when set;
    ``library``/``template``: a firm's clause folder and Word template, as on the command line."""
    app = FastAPI(
        title="aicontract API",
        version=__version__,
        description="政务领域人工智能技术合作合同起草工具的 JSON 接口：合同类型、参数结构、必备事项检查、起草、"
                    "知识产权选项、审查、批量。错误的输入返回 422，列出字段路径和与命令行相同的说明；"
                    "未通过必备事项检查的草稿返回 409。",
        docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",  # the docs page is /api, without a CDN
    )
    app.state.library = library.resolve() if library else None
    app.state.template = template
    app.state.jobs = Jobs(workers=jobs)

    @app.exception_handler(DealError)
    async def _deal_error(request: Request, exc: DealError):
        return _json(422, {"message": exc.report(), "detail": [problem_dict(p) for p in exc.problems]})

    @app.exception_handler(IncompleteDraft)
    async def _incomplete(request: Request, exc: IncompleteDraft):
        return _json(409, {"message": exc.user_message("allow_incomplete=true"),
                           "failures": [json.loads(json.dumps(f.__dict__, ensure_ascii=False))
                                        for f in exc.report.failures]})

    @app.exception_handler(AicontractError)
    async def _input_error(request: Request, exc: AicontractError):
        return _json(422, {"message": exc.user_message()})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return _json(exc.status_code, {"message": exc.detail})

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        return _json(500, {"message": f"内部错误 / internal error: {type(exc).__name__}"})

    app.include_router(api.router)
    app.include_router(uploads.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if warm:  # the first request is then as fast as the others
        load_requirements()
        load_options()
        for family in DEAL_MODELS:
            bundled_family(family)
            form_fields(family)
            example = bundled_example(family)
            if example is not None:  # compiles the family's Word template
                render(draft(deal_from_data(example), allow_incomplete=True)[0], "docx", template)
    return Guard(app, token)
