"""Explainable industry classification by taxonomy rules (IPC, Locarno, Nice, keywords).

Each label carries its evidence (which rule matched what) and a score in 0..1. IPC core and
conditional rules decide; supporting rules only raise the score of a decided industry. Keyword
rules decide only for records that carry no classification codes (flagged for review). With a text
model (transforms.textclass), records without codes are labelled by the model instead, and records with
codes are checked against it: disagreements go to the review queue. The main IPC code (first listed)
weighs 1.0, the others 0.5.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from transforms.errors import NormalizationError
from transforms.ipc import Ipc, parse_ipc
from transforms.records import Classification, Evidence, IndustryLabel, Patent, Trademark
from transforms.taxonomy import Taxonomy
from transforms.text import to_simplified

if TYPE_CHECKING:
    from transforms.textclass.model import TextModel

MAIN_WEIGHT = 1.0
OTHER_WEIGHT = 0.5
SUPPORTING_FACTOR = 0.25
KEYWORD_WEIGHT = 0.5
NICE_WEIGHT = 0.8
LOCARNO_WEIGHT = 1.0
DECISIVE = frozenset({"ipc_core", "ipc_conditional", "locarno", "nice", "keyword"})


def _text_of(patent: Patent) -> str:
    parts = [*patent.titles.values(), *patent.abstracts.values(), *patent.claims.values()]
    return to_simplified("\n".join(parts))  # the taxonomy's keywords are simplified


def _ipc_evidence(codes: list[str], text: str, taxonomy: Taxonomy) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for position, raw in enumerate(codes):
        try:
            code: Ipc = parse_ipc(raw)
        except NormalizationError:
            continue
        weight = MAIN_WEIGHT if position == 0 else OTHER_WEIGHT
        for rule in taxonomy.ipc_rules:
            if not rule.pattern.matches(code):
                continue
            if rule.role == "core":
                found[rule.industry].append(
                    Evidence(kind="ipc_core", rule=rule.text, matched=raw, weight=weight)
                )
            elif rule.role == "conditional":
                hit = rule.keywords.search(text) if rule.keywords else None
                if hit:
                    found[rule.industry].append(
                        Evidence(
                            kind="ipc_conditional",
                            rule=rule.text,
                            matched=f"{raw} + {hit.group(0)}",
                            weight=weight,
                        )
                    )
            else:
                found[rule.industry].append(
                    Evidence(
                        kind="ipc_supporting", rule=rule.text, matched=raw, weight=weight * SUPPORTING_FACTOR
                    )
                )
    return found


def _locarno_evidence(classes: list[str], text: str, taxonomy: Taxonomy) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for rule in taxonomy.locarno_rules:
        for loc in classes:
            if not loc.startswith(rule.locarno):
                continue
            hit = rule.keywords.search(text) if rule.keywords else None
            if rule.keywords is None or hit:
                matched = f"{loc} + {hit.group(0)}" if hit else loc
                found[rule.industry].append(
                    Evidence(
                        kind="locarno",
                        rule=f"Locarno {rule.locarno}",
                        matched=matched,
                        weight=LOCARNO_WEIGHT,
                    )
                )
    return found


def _keyword_evidence(text: str, taxonomy: Taxonomy) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for rule in taxonomy.keyword_rules:
        if hit := rule.keywords.search(text):
            found[rule.industry].append(
                Evidence(
                    kind="keyword",
                    rule=rule.keywords.pattern[:40],
                    matched=hit.group(0),
                    weight=KEYWORD_WEIGHT,
                )
            )
    return found


def _labels(found: dict[str, list[Evidence]], taxonomy: Taxonomy, main: str | None) -> list[IndustryLabel]:
    labels = []
    for code in taxonomy.codes:
        evidence = found.get(code, [])
        if not any(e.kind in DECISIVE for e in evidence):
            continue
        score = round(min(1.0, sum(e.weight for e in evidence)), 3)
        labels.append(IndustryLabel(code=code, score=score, evidence=evidence))
    order = {code: i for i, code in enumerate(taxonomy.codes)}

    def rank(label: IndustryLabel) -> tuple[int, float, int]:
        from_main = any(
            e.matched.split(" + ")[0] == main and e.kind != "ipc_supporting" for e in label.evidence
        )
        return (0 if from_main else 1, -label.score, order[label.code])

    labels.sort(key=rank)
    if labels:
        labels[0] = labels[0].model_copy(update={"primary": True})
    return labels


def _with_model(
    labels: list[IndustryLabel],
    has_codes: bool,
    title: str,
    abstract: str,
    taxonomy: Taxonomy,
    model: TextModel,
) -> tuple[list[IndustryLabel], Classification]:
    from transforms.textclass.combine import disagreements, probabilities, text_only

    if not (title.strip() or abstract.strip()):  # nothing for the model to read
        reasons = [] if labels or has_codes else ["no title, abstract or classification code to classify"]
    elif labels or has_codes:  # the codes decide; the model only checks them
        reasons = disagreements(labels, probabilities(model, title, abstract))
    else:
        verdict = text_only(title, abstract, taxonomy, model)
        labels, reasons = verdict.labels, verdict.reasons
    return labels, Classification(
        taxonomy_version=taxonomy.version,
        model_id=model.model_id,
        needs_review=bool(reasons),
        review_reason="; ".join(reasons) or None,
    )


def classify_patent(patent: Patent, taxonomy: Taxonomy, model: TextModel | None = None) -> Patent:
    """A copy of the patent with industries, evidence, the taxonomy version (and the model id)."""
    text = _text_of(patent)
    if patent.ipc:
        found = _ipc_evidence(patent.ipc, text, taxonomy)
    elif patent.locarno:
        found = _locarno_evidence(patent.locarno, text, taxonomy)
        if not found and model is None:
            found = _keyword_evidence(text, taxonomy)
    else:
        found = _keyword_evidence(text, taxonomy) if model is None else {}
    labels = _labels(found, taxonomy, patent.ipc[0] if patent.ipc else None)
    if model is not None:
        title = to_simplified(patent.titles.get("zh") or patent.title())
        abstract = to_simplified(patent.abstracts.get("zh") or patent.abstracts.get("en") or "")
        labels, classification = _with_model(labels, bool(patent.ipc), title, abstract, taxonomy, model)
        return patent.model_copy(update={"industries": labels, "classification": classification})
    text_only = bool(labels) and all(e.kind == "keyword" for lab in labels for e in lab.evidence)
    classification = Classification(
        taxonomy_version=taxonomy.version,
        model_id=None,
        needs_review=text_only,
        review_reason="assigned from keywords only (no classification codes)" if text_only else None,
    )
    return patent.model_copy(update={"industries": labels, "classification": classification})


def classify_trademark(mark: Trademark, taxonomy: Taxonomy, model: TextModel | None = None) -> Trademark:
    """A copy of the trademark with industries from its Nice classes and goods text (with a model: from
    the text when no Nice rule applies)."""
    parts = [to_simplified(p) for p in (mark.mark_text or "", *mark.goods_services)]
    text = "\n".join(parts)
    found: dict[str, list[Evidence]] = defaultdict(list)
    for rule in taxonomy.nice_rules:
        if rule.nice_class not in mark.nice_classes:
            continue
        if rule.keywords is None:
            found[rule.industry].append(
                Evidence(
                    kind="nice",
                    rule=f"Nice {rule.nice_class}",
                    matched=str(rule.nice_class),
                    weight=NICE_WEIGHT,
                )
            )
        elif hit := rule.keywords.search(text):
            found[rule.industry].append(
                Evidence(
                    kind="nice",
                    rule=f"Nice {rule.nice_class} + {rule.keywords.pattern}",
                    matched=f"{rule.nice_class} + {hit.group(0)}",
                    weight=NICE_WEIGHT,
                )
            )
    labels = _labels(found, taxonomy, None)
    if model is not None:
        title = " ".join(parts).strip()
        labels, classification = _with_model(labels, False, title, "", taxonomy, model)
        return mark.model_copy(update={"industries": labels, "classification": classification})
    classification = Classification(taxonomy_version=taxonomy.version, model_id=None)
    return mark.model_copy(update={"industries": labels, "classification": classification})
