"""Weak labels (industries from IPC codes by the taxonomy's core rules) and taxonomy keyword terms."""

from __future__ import annotations

from collections.abc import Sequence

from transforms.errors import NormalizationError
from transforms.ipc import parse_ipc
from transforms.taxonomy import Taxonomy


def core_labels(codes: Sequence[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Industries that the core IPC rules alone assign to ``codes`` (taxonomy order; bad codes skipped)."""
    found: set[str] = set()
    for raw in codes:
        try:
            code = parse_ipc(raw)
        except NormalizationError:
            continue
        found.update(r.industry for r in taxonomy.ipc_rules if r.role == "core" and r.pattern.matches(code))
    return tuple(c for c in taxonomy.codes if c in found)


def keyword_terms(taxonomy: Taxonomy) -> tuple[str, ...]:
    """Every keyword alternative of the keyword rules and model keywords (features of the text model)."""
    terms: list[str] = []
    for rule in (*taxonomy.keyword_rules, *taxonomy.model_keywords):
        terms += [t for t in rule.keywords.pattern.split("|") if t]
    return tuple(dict.fromkeys(terms))


def keyword_hits(text: str, taxonomy: Taxonomy) -> dict[str, str]:
    """The first keyword-rule hit per industry (the taxonomy's decisive keyword lists)."""
    hits: dict[str, str] = {}
    for rule in taxonomy.keyword_rules:
        if rule.industry not in hits and (hit := rule.keywords.search(text)):
            hits[rule.industry] = hit.group(0)
    return hits
