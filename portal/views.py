"""Pure helpers that shape an indexed document for the templates (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from portal.labels import industry_name


def full_record(doc: dict[str, Any]) -> dict[str, Any]:
    """The full record stored with a document (a JSON object, or its JSON text)."""
    record = doc.get("record")
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except ValueError:
            return {}
    return record if isinstance(record, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A stored value as a list: lists stay, scalars are wrapped, None is empty."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def industries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Industry labels with name, primary flag, score and evidence; primary first."""
    labels = full_record(doc).get("industries")
    primary = doc.get("industry_primary")
    out: list[dict[str, Any]] = []
    if isinstance(labels, list) and labels:
        for label in labels:
            if not isinstance(label, dict) or "code" not in label:
                continue
            code = str(label["code"])
            out.append(
                {
                    "code": code,
                    "name": industry_name(code),
                    "primary": bool(label.get("primary")) or code == primary,
                    "score": label.get("score"),
                    "evidence": [e for e in as_list(label.get("evidence")) if isinstance(e, dict)],
                }
            )
    else:
        for code in as_list(doc.get("industries")):
            code = str(code)
            label = {"code": code, "name": industry_name(code), "primary": code == primary}
            out.append({**label, "score": None, "evidence": []})
    return sorted(out, key=lambda label: not label["primary"])


def applicant_names(doc: dict[str, Any]) -> list[str]:
    return [str(name) for name in as_list(doc.get("applicants"))]


def provenance(doc: dict[str, Any]) -> dict[str, Any]:
    """Source, fetch time, pipeline version and the synthetic flag, from the record or the document."""
    prov = full_record(doc).get("provenance")
    prov = dict(prov) if isinstance(prov, dict) else {}
    for key in ("source", "fetched_at", "pipeline_version", "synthetic"):
        if prov.get(key) is None and doc.get(key) is not None:
            prov[key] = doc[key]
    return prov


def is_synthetic(doc: dict[str, Any]) -> bool:
    flag = doc.get("synthetic")
    if flag is None:
        flag = provenance(doc).get("synthetic")
    return flag is True or str(flag).lower() == "true"


def safe_href(url: Any) -> str | None:
    """A URL fit for an ``href``: only http(s), so record data can never inject ``javascript:``."""
    text = str(url or "")
    return text if text.startswith(("https://", "http://")) else None


def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def query_url(pairs: Sequence[tuple[str, str]], path: str = "/") -> str:
    """A link to ``path`` with these (parameter, value) pairs, properly encoded."""
    clean = [(k, v) for k, v in pairs if v != ""]
    return f"{path}?{urlencode(clean)}" if clean else path


def toggle(pairs: Sequence[tuple[str, str]], param: str, value: str) -> list[tuple[str, str]]:
    """Pairs with (param, value) added, or removed when present; paging starts over."""
    item = (param, value)
    kept = [p for p in pairs if p[0] != "page"]
    return [p for p in kept if p != item] if item in kept else [*kept, item]


#: Facets listed in value order (all of them) rather than as the most frequent few.
CHRONOLOGICAL = frozenset({"application_year"})
TOP_VALUES = 15


def shown_buckets(field: str, buckets: Sequence[Any]) -> list[Any]:
    """The facet values a page lists: years newest first, every one of them (a trend reads in order);
    other facets their ``TOP_VALUES`` most frequent values, as the backend ranked them."""
    if field in CHRONOLOGICAL:
        return sorted(buckets, key=lambda b: str(b.value), reverse=True)
    return list(buckets[:TOP_VALUES])


def valid_id(doc_id: str) -> bool:
    """Natural ids are short and plain (CN218751475U, TM-CN-12345678); anything else cannot exist."""
    return 0 < len(doc_id) <= 100 and all(ch.isalnum() or ch in "-_." for ch in doc_id)
