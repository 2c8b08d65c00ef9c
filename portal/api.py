"""JSON routes: search, one record, health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from portal.deps import Backend, get_backend
from portal.params import SearchParams
from portal.views import valid_id
from search.backend import SearchResult
from search.similar import similar

router = APIRouter()


@router.get("/api/search", response_model=SearchResult, tags=["api"])
def api_search(params: Annotated[SearchParams, Query()], backend: Backend) -> SearchResult:
    """Ranked hits, total and facets; filters repeat per value (``?industry=AUTO&town=新桥镇``)."""
    return backend.search(params.to_query())


@router.get("/api/records/{doc_id}", tags=["api"])
def api_record(doc_id: str, backend: Backend) -> dict[str, Any]:
    """One indexed document (with its full record) by natural id."""
    doc = backend.get(doc_id) if valid_id(doc_id) else None
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no record {doc_id!r}")
    return {k: v for k, v in doc.items() if k != "embedding"}


@router.get("/api/records/{doc_id}/similar", tags=["api"])
def api_similar(
    doc_id: str, backend: Backend, k: Annotated[int, Query(ge=1, le=100)] = 10
) -> list[dict[str, Any]]:
    """The records nearest to this one by embedding (cosine; score = (1 + cos) / 2)."""
    if not valid_id(doc_id) or backend.get(doc_id) is None:
        raise HTTPException(status_code=404, detail=f"no record {doc_id!r}")
    hits = similar(backend, doc_id, k=k)
    if hits is None:
        raise HTTPException(status_code=409, detail=f"record {doc_id!r} has no embedding")
    return [
        {"id": h.id, "score": h.score, "title": h.doc.get("title"), "synthetic": h.doc.get("synthetic")}
        for h in hits
    ]


@router.get("/healthz", tags=["ops"])
def healthz(request: Request) -> JSONResponse:
    """Backend name and document count; 503 when the backend cannot be opened or cannot answer."""
    name = None
    try:
        backend = get_backend(request)
        name = backend.name
        count = backend.count()
    except Exception as exc:  # a health check reports any backend failure instead of raising
        body = {"status": "error", "backend": name, "error": type(exc).__name__}
        return JSONResponse(body, status_code=503)
    return JSONResponse({"status": "ok", "backend": name, "count": count})
