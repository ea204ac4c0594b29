"""The browser front end and JSON API (``aicontract serve``): FastAPI on uvicorn, pages from
jinja2 templates and static assets shipped in this folder (no CDN). The 起草 form is derived from
the deal models through ``models.fields``; the pages call the same ``/api/v1`` that other systems
can call. Safe by default: 127.0.0.1 only unless an access token is set; body size limits;
uploads in private temporary folders removed after the response."""

from .app import create_app
from .serve import serve

__all__ = ["create_app", "serve"]
