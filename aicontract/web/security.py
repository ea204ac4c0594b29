"""What every request passes before the app sees it: the access token (when one is set), the
Host header (when there is no token: only this machine's names, against DNS rebinding), the
origin of a request that changes or computes something (a page of another site may not post to
this server: cross-site request forgery), a body size limit per route, and the headers that keep
pages to their own scripts and styles."""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN_ENV = "AICONTRACT_TOKEN"
COOKIE = "aicontract_token"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
MB = 1_000_000
# bytes of a request body, by path prefix (the first that matches)
LIMITS = (("/api/v1/review", 20 * MB), ("/api/v1/compare", 40 * MB), ("/api/v1/batch", 20 * MB), ("/api/v1/", 2 * MB),
          ("/", 64_000))

HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                                 b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def limit_for(path: str) -> int:
    return next(limit for prefix, limit in LIMITS if path.startswith(prefix))


def hostname(host: str) -> str:
    """The name in a Host header, without the port: ``[::1]:8000`` -> ``[::1]``."""
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.split(":", 1)[0]


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def cross_site(headers: dict) -> bool:
    """A browser request sent by a page of another site: its Origin is not this server's
    address, or the browser says so (Sec-Fetch-Site). Programs that send neither header
    (curl, scripts) are not browsers a page could drive, and pass."""
    origin = headers.get("origin")
    if origin is not None:
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:  # not an address at all ("http://[x"): no page of this server sent it
            return True
        return origin == "null" or netloc.lower() != headers.get("host", "").lower()
    return headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


class Guard:
    """ASGI middleware: token, host, body size and security headers, on every HTTP request."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token.encode("utf-8") if token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        if self.token is None:
            if not is_local(hostname(headers.get("host", ""))):
                return await _refuse(send, 421, path, "此服务只接受本机地址的访问 / only local addresses are served")
        else:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if "token" in query and scope["method"] == "GET" and not path.startswith("/api/"):
                return await self._login(send, scope, query)
            if not self._authorized(headers):
                return await _refuse(send, 401, path, "需要访问令牌 / an access token is required: "
                                                      "在地址后加 ?token=… 或发送 Authorization: Bearer …")
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE") and cross_site(headers):
            return await _refuse(send, 403, path, "不接受其他网站页面发来的请求 / requests from pages of other sites are refused")
        if scope["method"] in ("POST", "PUT", "PATCH"):
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return await _refuse(send, 411, path, "请求须带 Content-Length / Content-Length required")
            if int(length) > limit_for(path):
                return await _refuse(send, 413, path, f"上传内容超过 {limit_for(path) / MB:g} MB "
                                                      f"/ the upload is larger than {limit_for(path) / MB:g} MB")

        extra = HEADERS + ([(b"cache-control", b"no-store")] if path.startswith("/api/") else [])

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    def _authorized(self, headers: dict) -> bool:
        offered = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        if "x-aicontract-token" in headers:
            offered.append(headers["x-aicontract-token"].strip())
        if "cookie" in headers:
            cookie = SimpleCookie()
            try:
                cookie.load(headers["cookie"])
            except Exception:  # a malformed cookie header is no token
                cookie = SimpleCookie()
            if COOKIE in cookie:
                offered.append(cookie[COOKIE].value)
        # every offered value is compared, in constant time, so the answer does not depend on which matched
        results = [secrets.compare_digest(value.encode("utf-8"), self.token) for value in offered]
        return any(results)

    async def _login(self, send, scope, query: dict) -> None:
        """``/page?token=…``: a correct token becomes an HttpOnly cookie and the address loses it."""
        if not secrets.compare_digest(query["token"][0].encode("utf-8"), self.token):
            return await _refuse(send, 401, scope["path"], "访问令牌不正确 / wrong access token")
        rest = urlencode({k: v for k, v in query.items() if k != "token"}, doseq=True)
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{COOKIE}={query['token'][0]}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode("utf-8")),
                                (b"content-length", b"0")] + HEADERS})
        await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: int, path: str, message: str) -> None:
    if path.startswith("/api/"):
        body = json.dumps({"message": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:
        body = (f"<!doctype html><meta charset=utf-8><title>aicontract</title><p>{status}：{message}</p>"
                .encode("utf-8"))
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())] + HEADERS})
    await send({"type": "http.response.body", "body": body})
