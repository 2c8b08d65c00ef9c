"""Shared request dependencies: the lazily opened index backend and the template renderer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from portal import labels, views
from search.backend import IndexBackend

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


class BackendHolder:
    """Opens the backend on first use, shares it across requests and closes it once at shutdown."""

    def __init__(self, factory: Callable[[], IndexBackend]) -> None:
        self._factory = factory
        self._backend: IndexBackend | None = None
        self._lock = threading.Lock()

    def get(self) -> IndexBackend:
        with self._lock:
            if self._backend is None:
                self._backend = self._factory()
            return self._backend

    def close(self) -> None:
        with self._lock:
            backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()


def make_templates() -> Jinja2Templates:
    """Jinja2 with autoescape on for every template: record data is never trusted as markup."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        label=labels.value_label,
        label_en=labels.value_label_en,
        facet_names=labels.FACETS,
        industries_of=views.industries,
        applicants_of=views.applicant_names,
        provenance_of=views.provenance,
        record_of=views.full_record,
        is_synthetic=views.is_synthetic,
        as_list=views.as_list,
        safe_href=views.safe_href,
        pretty_json=views.pretty_json,
        query_url=views.query_url,
        toggle=views.toggle,
        shown_buckets=views.shown_buckets,
    )
    return Jinja2Templates(env=env)


def get_backend(request: Request) -> IndexBackend:
    holder: BackendHolder = request.app.state.backend
    return holder.get()


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


Backend = Annotated[IndexBackend, Depends(get_backend)]
Templates = Annotated[Jinja2Templates, Depends(get_templates)]
