"""Merge two records of one publication from the same source (e.g. biblio + legal + family responses)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

R = TypeVar("R", bound=BaseModel)
UNION_FIELDS = frozenset({"legal_events", "announcements"})


def _key(value: Any) -> str:
    dumped = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(dumped, ensure_ascii=False, sort_keys=True, default=str)


def _empty(value: Any, default: Any) -> bool:
    return value is None or value == default or value in ("", [], {})


def _order(item: Any) -> tuple[str, str, str, str]:
    """Events in date order (undated first), then code and text; the full JSON breaks ties."""
    date = getattr(item, "date", None) or getattr(item, "ann_date", None)
    code = getattr(item, "code", None) or getattr(item, "ann_type_code", None)
    return (str(date or ""), str(code or ""), str(getattr(item, "description", "")), _key(item))


def _union(left: list[Any], right: list[Any]) -> list[Any]:
    by_key = {_key(item): item for item in [*left, *right]}
    return sorted(by_key.values(), key=_order)


def merge_records(left: R, right: R) -> R:
    """Field by field: a value beats an empty one; legal events are united; per-language texts are
    united; otherwise the larger value (canonical JSON) wins, so the result never depends on the order."""
    if type(left) is not type(right):
        raise TypeError(f"cannot merge {type(left).__name__} with {type(right).__name__}")
    update: dict[str, Any] = {}
    for name, info in type(left).model_fields.items():
        a, b = getattr(left, name), getattr(right, name)
        default = info.get_default(call_default_factory=True)
        if _empty(b, default) or a == b:
            continue
        if name == "provenance":  # a record with any synthetic part is synthetic
            winner = max(a, b, key=_key)
            update[name] = winner.model_copy(update={"synthetic": a.synthetic or b.synthetic})
            continue
        if _empty(a, default):
            update[name] = b
        elif name in UNION_FIELDS and isinstance(a, list) and isinstance(b, list):
            update[name] = _union(a, b)
        elif isinstance(a, dict) and isinstance(b, dict):
            keys = sorted({*a, *b})
            update[name] = {k: max((v for v in (a.get(k), b.get(k)) if v), key=_key) for k in keys}
        else:
            update[name] = max(a, b, key=_key)
    return left.model_copy(update=update) if update else left
