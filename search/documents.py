"""Index documents built from records, and the index schema read from index_mappings/patents.json."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from transforms.legal import trademark_status_of
from transforms.records import Party, Patent, Trademark

#: The composable index template: the single source of truth of the index schema.
TEMPLATE_PATH = Path(__file__).resolve().parents[1] / "index_mappings" / "patents.json"

#: Title fields weigh this much more than the other text fields in ranking (both backends).
TITLE_BOOST = 3.0
#: Field types a filter or facet may name (exact values).
EXACT_TYPES = frozenset({"keyword", "integer", "boolean"})
#: Name of the ``zh_cjk`` sub-field that English text fields carry, so every backend matches alike.
CJK_SUBFIELD = "cjk"
#: Name of the ``zh_uni`` sub-field (one token per CJK character) that every searched text field carries:
#: a one-character query (泵, 阀, 船) must find the character inside longer words, which ``zh_cjk`` indexes
#: only as bigrams.
UNI_SUBFIELD = "uni"


@lru_cache(maxsize=1)
def load_template() -> dict[str, Any]:
    """The index template as a dict (read once)."""
    data: dict[str, Any] = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    return data


def _properties() -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = load_template()["template"]["mappings"]["properties"]
    return props


def schema_fields() -> dict[str, str]:
    """Top-level field name → Elasticsearch mapping type (``object`` where no type is given)."""
    return {name: spec.get("type", "object") for name, spec in _properties().items()}


def schema_version() -> int:
    """``_meta.schema_version`` of the template: the suffix of the versioned index."""
    return int(load_template()["_meta"]["schema_version"])


def vector_dims() -> int:
    """Dimensions of the ``embedding`` dense_vector field."""
    return int(_properties()["embedding"]["dims"])


def exact_fields() -> frozenset[str]:
    """Fields that filters and facets may use (keyword, integer, boolean)."""
    return frozenset(name for name, kind in schema_fields().items() if kind in EXACT_TYPES)


def search_fields() -> list[tuple[str, str, float]]:
    """``(es_path, doc_field, boost)`` for every text field analyzed by ``zh_cjk``.

    A text field with another analyzer (``english``) takes part through its ``zh_cjk`` sub-field, so
    Elasticsearch can match all of them as one cross-field group, exactly like the embedded backend.
    """
    out: list[tuple[str, str, float]] = []
    for name, spec in _properties().items():
        if spec.get("type") != "text":
            continue
        sub = spec.get("fields", {}).get(CJK_SUBFIELD, {})
        if spec.get("analyzer") == "zh_cjk":
            path = name
        elif sub.get("analyzer") == "zh_cjk":
            path = f"{name}.{CJK_SUBFIELD}"
        else:
            raise ValueError(f"text field {name!r} has no zh_cjk analysis in {TEMPLATE_PATH}")
        out.append((path, name, TITLE_BOOST if name.startswith("title") else 1.0))
    return out


def unigram_fields() -> list[tuple[str, str, float]]:
    """``(es_path, doc_field, boost)`` of the ``zh_uni`` sub-field of each field of :func:`search_fields`."""
    props = _properties()
    out: list[tuple[str, str, float]] = []
    for _, name, boost in search_fields():
        sub = props[name].get("fields", {}).get(UNI_SUBFIELD, {})
        if sub.get("analyzer") != "zh_uni":
            raise ValueError(
                f"text field {name!r} has no {UNI_SUBFIELD!r} zh_uni sub-field in {TEMPLATE_PATH}"
            )
        out.append((f"{name}.{UNI_SUBFIELD}", name, boost))
    return out


def check_exact_fields(fields: Iterable[str]) -> None:
    """Raise ValueError for a filter/facet field that is not an exact-value field of the template."""
    allowed = exact_fields()
    bad = sorted(set(fields) - allowed)
    if bad:
        raise ValueError(f"not filterable/facetable fields: {bad}; allowed: {sorted(allowed)}")


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _parties(parties: Sequence[Party]) -> dict[str, Any]:
    places = [p.place for p in parties]
    return {
        "applicants": _unique(p.name or p.raw_name for p in parties),
        "applicant_ids": _unique(p.applicant_id for p in parties),
        "applicant_addresses": _unique(p.address for p in parties),
        "province": _unique(pl.province for pl in places),
        "city": _unique(pl.city for pl in places),
        "county": _unique(pl.county for pl in places),
        "town": _unique(pl.town for pl in places),
        "is_local": any(p.is_local for p in parties),
    }


def _common(record: Patent | Trademark) -> dict[str, Any]:
    labels = record.industries
    primary = next((lab for lab in labels if lab.primary), None)
    if primary is None and labels:
        primary = max(labels, key=lambda lab: lab.score)
    prov = record.provenance
    return {
        "id": record.id,
        **_parties(record.applicants),
        "industries": _unique(lab.code for lab in labels),
        "industry_primary": primary.code if primary else None,
        "source": prov.source,
        "sources": _unique([prov.source, *(m.source for m in getattr(record, "merged_from", []))]),
        "synthetic": prov.synthetic,
        "fetched_at": prov.fetched_at.isoformat(),
        "pipeline_version": prov.pipeline_version,
        "taxonomy_version": record.classification.taxonomy_version if record.classification else None,
        "record": record.model_dump(mode="json"),
    }


def _patent(p: Patent) -> dict[str, Any]:
    subclasses = _unique(code.replace(" ", "")[:4].upper() for code in p.ipc if len(code.strip()) >= 4)
    return {
        "doc_type": "patent",
        "publication_number": p.publication_number,
        "application_number": p.application_number,
        "country": p.country,
        "kind": p.kind,
        "patent_type": p.patent_type.value,
        "title": p.title() or None,
        "title_en": p.titles.get("en"),
        "abstract": p.abstracts.get("zh") or p.abstracts.get("en"),
        "abstract_en": p.abstracts.get("en"),
        "claims": p.claims.get("zh") or p.claims.get("en"),
        "inventors": _unique(p.inventors),
        "ipc": _unique(p.ipc),
        "ipc_main": p.ipc[0] if p.ipc else None,
        "ipc_subclass": subclasses,
        "cpc": _unique(p.cpc),
        "application_date": p.application_date.isoformat() if p.application_date else None,
        "publication_date": p.publication_date.isoformat() if p.publication_date else None,
        "grant_date": p.grant_date.isoformat() if p.grant_date else None,
        "priority_date": p.priority_date.isoformat() if p.priority_date else None,
        "application_year": p.application_date.year if p.application_date else None,
        "legal_status": p.legal_status.value,
        "lapse_reason": p.lapse_reason,
        "family_id": p.family_id,
    }


def _trademark(t: Trademark) -> dict[str, Any]:
    # A mark has no abstract: its goods/services text is what a searcher types, so it is indexed there.
    return {
        "doc_type": "trademark",
        "application_number": t.application_number,
        "country": t.office,
        "title": t.mark_text,
        "abstract": "；".join(t.goods_services) or None,
        "nice_classes": list(dict.fromkeys(t.nice_classes)),
        "application_date": t.application_date.isoformat() if t.application_date else None,
        "grant_date": t.registration_date.isoformat() if t.registration_date else None,
        "application_year": t.application_date.year if t.application_date else None,
        "legal_status": trademark_status_of(t.announcements, t.status).value,
    }


def to_document(
    record: Patent | Trademark, embedding: Sequence[float] | None = None, embedding_model: str | None = None
) -> dict[str, Any]:
    """The index document of a record: only template fields; None values and empty lists are left out.
    ``embedding_model`` names the vectors' space, so a search never compares vectors of two models."""
    specific = _patent(record) if isinstance(record, Patent) else _trademark(record)
    doc = {**_common(record), **specific}
    if embedding is not None:
        if len(embedding) != vector_dims():
            raise ValueError(f"embedding has {len(embedding)} dims, the template wants {vector_dims()}")
        doc["embedding"] = [float(x) for x in embedding]
        doc["embedding_model"] = embedding_model
    return {k: v for k, v in doc.items() if v is not None and v != []}


def strip_vector(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its ``embedding`` (what search hits carry)."""
    return {k: v for k, v in doc.items() if k != "embedding"}
