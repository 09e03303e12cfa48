"""Security headers on every answer: the pages run only their own scripts and styles and are never framed;
nothing but the static files is cached, since nearly every answer carries citizens' data."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load /static/*.js and /static/app.css only; thumbnails and exports are blob: URLs made by the page.
PAGES_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs and /redoc pages load their viewer from a CDN and start it with an inline script.
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
               "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
               "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com; "
               "worker-src blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS = ("/docs", "/redoc")
ALWAYS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
          (b"referrer-policy", b"no-referrer")]  # signed download links must not leak through Referer


class SecurityHeaders:
    """Pure ASGI, so a body the app streams passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        policy = (DOCS_POLICY if path.startswith(DOCS) else PAGES_POLICY).encode()
        cached = path.startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", b"cache-control") or cached]
                headers += [*ALWAYS, (b"content-security-policy", policy)]
                if not cached:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
