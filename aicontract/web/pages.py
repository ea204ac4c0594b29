"""The pages, rendered on the server from jinja2 templates (autoescaped: every value is text):
首页, 起草 (one per family), 知识产权选项, 批量, 审查, 比较 and the API reference. The pages' scripts
call the JSON API; nothing on a page comes from another site."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import ip_options as ip
from ..io.deal_file import bundled_example
from ..library.ip_options import load_options
from ..library.requirements import load_requirements
from ..models import DEAL_MODELS
from ..render import FORMATS
from ..review import READABLE
from ..version import __version__
from .forms import form_fields, form_steps

router = APIRouter(include_in_schema=False)
_env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                   autoescape=select_autoescape(["html"], default=True), trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


def family_list() -> list[dict]:
    return [{"id": fid, "title": model.model_config.get("title", fid), "doc": (model.__doc__ or "").strip(),
             "example": bundled_example(fid) is not None} for fid, model in DEAL_MODELS.items()]


def page(request: Request, name: str, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"version": __version__, "families": family_list(), **context})


@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    return page(request, "index.html", active="home")


@router.get("/draft/{family}", response_class=HTMLResponse)
def draft_page(request: Request, family: str):
    if family not in DEAL_MODELS:
        raise HTTPException(404, "没有该合同类型 / no such family")
    model = DEAL_MODELS[family]
    form = {"family": family, "title": model.model_config.get("title", family), "steps": form_steps(family),
            "fields": form_fields(family), "example": bundled_example(family) is not None}
    return page(request, "draft.html", active=family, form=form, formats=FORMATS, guide_force=load_requirements().force,
                law_too=load_requirements().law_note)


@router.get("/ip-options", response_class=HTMLResponse)
def ip_page(request: Request):
    options = load_options()
    groups = [{"group": g, "table": ip.comparison(g), "ids": [o.id for o in g.options]} for g in options.groups]
    return page(request, "ip_options.html", active="ip", groups=groups, source=options.source)


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request):
    return page(request, "batch.html", active="batch", formats=FORMATS)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request):
    return page(request, "review.html", active="review", readable=READABLE)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request):
    return page(request, "compare.html", active="compare")


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request):
    spec = request.app.openapi()
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                  "description": op.get("description", ""),
                  "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                  "description": p.get("description", "")} for p in op.get("parameters", [])],
                  "responses": sorted(op.get("responses", {}))}
                 for path, methods in spec["paths"].items() for method, op in methods.items()]
    return page(request, "api.html", active="api", endpoints=endpoints, info=spec["info"])
