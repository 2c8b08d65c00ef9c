"""Run the portal with uvicorn on settings.host:settings.port (127.0.0.1:8000 by default)."""

from __future__ import annotations

from patentdb.settings import Settings, get_settings


def serve(settings: Settings | None = None) -> None:
    """Serve the portal until interrupted."""
    import uvicorn

    from portal.app import create_app

    settings = settings or get_settings()
    uvicorn.run(create_app(settings=settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    serve()
