"""portal.server.serve runs uvicorn on the configured host and port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from patentdb.settings import Settings
from portal.server import serve


def test_serve_uses_settings_host_and_port(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    def fake_run(app: object, **kwargs: Any) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    serve(Settings(home=tmp_path, host="127.0.0.1", port=8765))
    assert isinstance(seen["app"], FastAPI)
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8765)


def test_default_settings_listen_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PATENTDB_HOST", raising=False)
    monkeypatch.delenv("PATENTDB_PORT", raising=False)
    settings = Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
