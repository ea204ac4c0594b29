"""``aicontract serve``: check the host and token rule, then run the app on uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .security import TOKEN_ENV, is_local

MIN_TOKEN = 16  # characters: a token anyone could guess protects nothing


def serve_token(host: str, token: str | None) -> str | None:
    """The token to require: ``token``, else the environment's; an error when a host other than
    this machine's is asked for without one, or when the token is too short."""
    token = token or os.environ.get(TOKEN_ENV) or None
    if token is None and not is_local(host):
        raise InputError(f"在 {host} 上提供服务须设置访问令牌：--token 或环境变量 {TOKEN_ENV} "
                         f"/ serving on {host} needs an access token (--token or {TOKEN_ENV})")
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(f"访问令牌至少 {MIN_TOKEN} 个字符 / the access token needs at least {MIN_TOKEN} characters")
    return token


def serve(host: str = "127.0.0.1", port: int = 8000, token: str | None = None, library: Path | None = None,
          template: Path | None = None, jobs: int | None = None, say=print) -> None:
    """Run until interrupted."""
    import uvicorn

    from .app import create_app

    token = serve_token(host, token)
    if library is not None:  # a broken library is refused now, not answered 422 on every request (walkthrough M6)
        from ..library import cached_family, families

        for family in families():
            cached_family(family, None, Path(library))
    app = create_app(token=token, library=library, template=template, jobs=jobs)
    shown = f"[{host}]" if ":" in host else host
    say(f"aicontract 网页版 / web: http://{shown}:{port}/" + ("（需访问令牌 / token required）" if token else ""))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
