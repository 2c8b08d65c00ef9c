"""Rules + text model: model labels for records without codes, and the review flags (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transforms.records import Evidence, IndustryLabel
from transforms.taxonomy import Taxonomy
from transforms.textclass.calibrate import decides
from transforms.textclass.model import Neighbour, TextModel
from transforms.textclass.weak import keyword_hits

NEIGHBOURS = 5
CONFIDENT = 0.7  # a text-only label below this probability goes to review
SUGGEST = 0.9  # with codes: the model this sure of an industry the rules did not give → review
DISSENT = 0.02  # with codes: the model this sure the rules' primary industry is wrong → review
KEYWORD_SCORE = 0.5  # the score of a label that a keyword rule decided (below CONFIDENT: reviewed)


@dataclass(frozen=True)
class ModelVerdict:
    labels: list[IndustryLabel]
    reasons: list[str]


def probabilities(model: TextModel, title: str, abstract: str) -> dict[str, float]:
    """Per-industry probability; with an abstract, the mean of title-only and title + abstract (the model
    was trained on titles)."""
    texts = [title, f"{title}\n{abstract}"] if abstract else [title]
    probs = model.predict_proba(texts).mean(axis=0)
    return {code: float(p) for code, p in zip(model.codes, np.asarray(probs), strict=True)}


def _neighbour_evidence(model: TextModel, near: list[Neighbour], code: str, p: float) -> Evidence:
    listed = "; ".join(
        f"{n.id} [{','.join(n.labels) or '-'}] {n.title[:24]} ({n.similarity:.2f})" for n in near
    )
    agree = sum(code in n.labels for n in near)
    return Evidence(
        kind="model",
        rule=f"{model.model_id} p≥{model.threshold(code):.2f}",
        matched=f"p={p:.2f}; {agree}/{len(near)} nearest labelled titles are {code}: {listed}",
        weight=round(p, 3),
    )


def _keyword_evidence(model: TextModel, code: str, hit: str, p: float) -> Evidence:
    return Evidence(
        kind="keyword",
        rule=f"keyword_rules ({model.source(code)} decides {code})",
        matched=f"{hit}; model p={p:.2f}",
        weight=KEYWORD_SCORE,
    )


def text_only(title: str, abstract: str, taxonomy: Taxonomy, model: TextModel) -> ModelVerdict:
    """Labels from text alone. Per industry the model's deciding source says who labels: the model
    (calibrated threshold), the taxonomy's keyword rules, or either. Keyword rules decide on the title
    alone, the text the sources were chosen on; a keyword the model overrules, a model the keyword rules
    overrule, and every keyword-decided or low-confidence label are reasons for review."""
    text = f"{title}\n{abstract}".strip()
    probs = probabilities(model, title, abstract)
    deciding = keyword_hits(title or text, taxonomy)
    anywhere = keyword_hits(text, taxonomy)
    labels: list[IndustryLabel] = []
    reasons: list[str] = []
    near: list[Neighbour] | None = None
    for code in model.codes:
        p, source = probs[code], model.source(code)
        model_fires = bool(p >= model.threshold(code))
        hit = deciding.get(code)
        if not decides(source, model_fires, hit is not None):
            if code in anywhere:
                reasons.append(f"keyword {anywhere[code]} suggests {code}, model p={p:.2f}")
            elif model_fires:
                reasons.append(f"model suggests {code} p={p:.2f}, keyword rules decide {code}")
            continue
        evidence: list[Evidence] = []
        if model_fires and source != "keywords":
            near = near if near is not None else model.neighbours(title or text, NEIGHBOURS)
            evidence.append(_neighbour_evidence(model, near, code, p))
            if code in anywhere:
                evidence.append(
                    Evidence(kind="keyword", rule="keyword_rules", matched=anywhere[code], weight=0.0)
                )
            score = p
            if p < CONFIDENT:
                reasons.append(f"low confidence {code} p={p:.2f}")
        else:
            evidence.append(_keyword_evidence(model, code, hit or "", p))
            score = KEYWORD_SCORE
            reasons.append(f"keyword {hit} decides {code} ({source}), model p={p:.2f}")
        labels.append(IndustryLabel(code=code, score=round(score, 3), evidence=evidence))
    labels.sort(key=lambda lab: -lab.score)
    if labels:
        labels[0] = labels[0].model_copy(update={"primary": True})
    return ModelVerdict(labels, reasons)


def disagreements(labels: list[IndustryLabel], probs: dict[str, float]) -> list[str]:
    """Rule-vs-model disagreements for a record whose codes decided its industries."""
    given = {lab.code for lab in labels}
    reasons = [
        f"model suggests {code} p={p:.2f}, rules do not"
        for code, p in probs.items()
        if code not in given and p >= SUGGEST
    ]
    primary = next((lab.code for lab in labels if lab.primary), None)
    if primary is not None and probs.get(primary, 1.0) < DISSENT:
        reasons.append(f"rules give {primary}, model p={probs[primary]:.2f}")
    return reasons
