"""HTML routes: the search page and the record page."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from portal.deps import Backend, Templates
from portal.params import FILTER_PARAMS, PARAM_OF_FIELD, RESULT_WINDOW, PageParams
from portal.views import valid_id
from search.similar import similar

router = APIRouter()
DEFAULT_SIZE = PageParams.model_fields["size"].default
SIMILAR_K = 8


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request, params: Annotated[PageParams, Query()], backend: Backend, templates: Templates
) -> HTMLResponse:
    result = backend.search(params.to_query())
    size_pair = [] if params.size == DEFAULT_SIZE else [("size", str(params.size))]
    pages = max(1, math.ceil(result.total / params.size)) if params.size else 1
    pages = min(pages, max(1, RESULT_WINDOW // params.size)) if params.size else 1  # whole pages only
    if params.page > pages:
        errors = [{"loc": ["page"], "msg": f"there are {pages} pages of hits, not {params.page}"}]
        return templates.TemplateResponse(request, "invalid.html", {"errors": errors}, status_code=404)
    context = {
        "params": params,
        "result": result,
        "pairs": [("q", params.q), *params.filter_pairs(), *size_pair],
        "param_of_field": PARAM_OF_FIELD,
        "field_of_param": FILTER_PARAMS,
        "page": params.page,
        "pages": pages,
    }
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/patent/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def record_page(request: Request, doc_id: str, backend: Backend, templates: Templates) -> HTMLResponse:
    doc = backend.get(doc_id) if valid_id(doc_id) else None
    if doc is None:
        return templates.TemplateResponse(request, "not_found.html", {"doc_id": doc_id}, status_code=404)
    hits = similar(backend, doc_id, k=SIMILAR_K) or []
    return templates.TemplateResponse(request, "record.html", {"doc": doc, "similar": hits})
