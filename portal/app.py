"""The web portal and JSON API: a FastAPI app over any IndexBackend (read-only)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from patentdb.settings import Settings
from portal import api, pages
from portal.deps import STATIC_DIR, BackendHolder, make_templates
from search.backend import IndexBackend

# script-src 'none': the portal needs no JavaScript, so injected markup could not run any either.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _default_factory(settings: Settings | None) -> Callable[[], IndexBackend]:
    def open_default() -> IndexBackend:
        from patentdb.settings import get_settings
        from search.factory import open_backend

        return open_backend(settings or get_settings())

    return open_default


def create_app(
    backend_factory: Callable[[], IndexBackend] | None = None, settings: Settings | None = None
) -> FastAPI:
    """Build the portal; the backend is opened on the first request and closed at shutdown."""
    holder = BackendHolder(backend_factory or _default_factory(settings))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            holder.close()

    app = FastAPI(
        title="靖江沿江产业专利数据库 Jingjiang riverside-industry patent database",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.backend = holder
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith("/api/docs"):  # Swagger UI needs its own scripts
            response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_params(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": errors}, status_code=422)
        templates = app.state.templates
        return templates.TemplateResponse(request, "invalid.html", {"errors": errors}, status_code=422)

    return app
