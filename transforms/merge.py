"""Dedupe and merge records of one patent from several sources, keeping per-field provenance.

Source priority for single-valued (bibliographic) fields, best first: the official CNIPA publication
(``cnipa-epub``), CNIPA bulk exports (``cnipa-export``, ``cnipa-trs``), EPO OPS, Google Patents, then
synthetic records; unknown sources come after, by name. A field takes the first non-empty value in that
order and ``field_sources`` names the source it came from. IPC / CPC / Locarno codes, citations and
legal events are unions (the best source's main IPC stays first); applicants come from the best source
that gives Chinese names, enriched with the other sources' spellings (OPS epodoc, Google transliterations)
and with addresses from the sources that have them. The result does not depend on the input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from transforms.errors import NormalizationError
from transforms.legal import deciding_event, status_result_from_events
from transforms.names import is_chinese, name_key
from transforms.parties import normalize_party
from transforms.records import LegalEvent, LegalStatus, Party, Patent, PatentType, Provenance, Trademark
from transforms.transliterate import pair_transliterations

SOURCE_PRIORITY: tuple[str, ...] = (
    "cnipa-epub",
    "cnipa-export",
    "cnipa-trs",
    "epo-ops",
    "google-patents",
    "synthetic",
)
#: Single-valued fields merged first-non-empty by source priority.
SCALAR_FIELDS: tuple[str, ...] = (
    "country",
    "kind",
    "patent_type",
    "application_number",
    "application_date",
    "publication_date",
    "grant_date",
    "priority_date",
    "family_id",
    "agency",
    "inventors",
)
_UNION_FIELDS: tuple[str, ...] = ("ipc", "cpc", "locarno", "citations")


def source_rank(source: str) -> tuple[int, str]:
    """Sort key of a source: its place in SOURCE_PRIORITY, unknown sources last by name."""
    return (SOURCE_PRIORITY.index(source) if source in SOURCE_PRIORITY else len(SOURCE_PRIORITY), source)


def _order_key(record: Patent | Trademark) -> tuple[object, ...]:
    prov = record.provenance
    body = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return (source_rank(prov.source), -prov.fetched_at.timestamp(), prov.source_url or "", body)


def ordered(records: Iterable[Patent | Trademark]) -> list[Patent | Trademark]:
    """Records best source first (then freshest fetch): the order every merge decision follows."""
    return sorted(records, key=_order_key)


def _empty(value: object) -> bool:
    return value is None or value == [] or value == {} or value is PatentType.UNKNOWN


def _merged_provenance(records: Sequence[Patent | Trademark]) -> Provenance:
    best = records[0].provenance
    return best.model_copy(
        update={
            "fetched_at": max(r.provenance.fetched_at for r in records),
            "synthetic": any(r.provenance.synthetic for r in records),
        }
    )


def _event_key(event: LegalEvent) -> tuple[str, str]:
    code = (event.code or "").strip().upper()
    return (event.date.isoformat() if event.date else "", code or event.description.strip())


def merge_events(records: Sequence[Patent]) -> list[LegalEvent]:
    """Union of the legal events (same date and code = one event; the best source's wording kept), by date."""
    seen: dict[tuple[str, str], LegalEvent] = {}
    for record in records:
        for event in record.legal_events:
            seen.setdefault(_event_key(event), event)
    return [seen[k] for k in sorted(seen)]


def _keys(party: Party) -> set[str]:
    keys = set()
    for name in (party.name or party.raw_name, party.raw_name, *party.alt_names):
        try:
            keys.add(name_key(name))
        except NormalizationError:
            continue
    return keys


def merge_parties(base: list[Party], others: Sequence[list[Party]], events: list[LegalEvent]) -> list[Party]:
    """The base parties, each with the other sources' spellings and (where it lacks one) their address."""
    merged = [p.model_copy() for p in base]
    for parties in others:
        unmatched: list[int] = []
        for index, party in enumerate(parties):
            target = next((m for m in merged if _keys(m) & _keys(party)), None)
            if target is None:
                unmatched.append(index)
                continue
            _absorb(target, party)
        zh = [m.name or m.raw_name for m in merged]
        en = [parties[i].name or parties[i].raw_name for i in unmatched]
        for e, z in pair_transliterations(zh, en).items():
            _absorb(merged[z], parties[unmatched[e]])
    return [normalize_party(p, events) for p in merged]


def _absorb(target: Party, other: Party) -> None:
    names = [n for n in (other.raw_name, other.name, *other.alt_names) if n]
    current = {target.raw_name, target.name, *target.alt_names}
    target.alt_names = [*target.alt_names, *(n for n in dict.fromkeys(names) if n not in current)]
    if not target.address and other.address:
        target.address = other.address
        target.place = other.place
    target.former_names = list(dict.fromkeys([*target.former_names, *other.former_names]))


def _applicant_base(records: Sequence[Patent]) -> Patent | None:
    with_parties = [r for r in records if r.applicants]
    chinese = [r for r in with_parties if any(is_chinese(p.name or p.raw_name) for p in r.applicants)]
    found = chinese or with_parties
    return found[0] if found else None


def _number(records: Sequence[Patent]) -> str:
    """The number with a kind code from the best source that states one (a kindless number joins it)."""
    with_kind = [r for r in records if r.kind]
    return (with_kind or list(records))[0].publication_number


def _status_record(recs: Sequence[Patent]) -> Patent | None:
    """The record whose legal status the merge keeps: a status is an observation, so the record that
    knows one fetched on the latest day (same day: the better source, as ``recs`` is ordered)."""
    known = [r for r in recs if r.legal_status is not LegalStatus.UNKNOWN]
    return max(known, key=lambda r: r.provenance.fetched_at.date()) if known else None  # ties: the first


def merge_records(records: list[Patent]) -> Patent:
    """One patent from the records of several sources for the same publication number."""
    if not records:
        raise ValueError("merge_records needs at least one record")
    recs: list[Patent] = [r for r in ordered(records) if isinstance(r, Patent)]
    best = recs[0]
    sources: dict[str, str] = {"publication_number": best.provenance.source}
    update: dict[str, object] = {"publication_number": _number(recs)}
    for name in SCALAR_FIELDS:
        for rec in recs:
            if not _empty(value := getattr(rec, name)):
                update[name], sources[name] = value, rec.provenance.source
                break
    for name in ("titles", "abstracts", "claims"):
        texts: dict[str, str] = {}
        for rec in recs:
            for lang, text in getattr(rec, name).items():
                if lang not in texts and text:
                    texts[lang], sources[f"{name}.{lang}"] = text, rec.provenance.source
        update[name] = texts
    for name in _UNION_FIELDS:
        values = [v for rec in recs for v in getattr(rec, name)]
        update[name] = list(dict.fromkeys(values))
        contributing = [rec.provenance.source for rec in recs if getattr(rec, name)]
        if contributing:
            sources[name] = ",".join(dict.fromkeys(contributing))
    events = merge_events(recs)
    update["legal_events"] = events
    if events:
        sources["legal_events"] = ",".join(dict.fromkeys(r.provenance.source for r in recs if r.legal_events))
    status_rec = _status_record(recs) or best
    update["legal_status"] = status_rec.legal_status
    update["legal_status_raw"] = status_rec.legal_status_raw
    update["lapse_reason"] = status_rec.lapse_reason
    sources["legal_status"] = status_rec.provenance.source
    from_events = status_result_from_events(events)
    deciding = deciding_event(events)
    if (
        from_events.status is not LegalStatus.UNKNOWN
        and deciding is not None
        and deciding.date is not None
        and deciding.date > status_rec.provenance.fetched_at.date()
    ):  # an event after the chosen status was observed decides (a 2016 CF01 over a 2014 export's 有权)
        update["legal_status"], update["lapse_reason"] = from_events.status, from_events.lapse_reason
        sources["legal_status"] = "legal_events"
    base = _applicant_base(recs)
    if base is not None:
        others = [r.applicants for r in recs if r is not base and r.applicants]
        update["applicants"] = merge_parties(base.applicants, others, events)
        sources["applicants"] = base.provenance.source
        addressed = next((p for p in update["applicants"] if p.address), None)  # type: ignore[attr-defined]
        if addressed is not None:
            sources["applicants.address"] = next(
                r.provenance.source for r in recs if any(p.address == addressed.address for p in r.applicants)
            )
    update["provenance"] = _merged_provenance(recs)
    update["merged_from"] = [r.provenance for r in recs]
    update["field_sources"] = dict(sorted(sources.items()))
    return Patent.model_validate({**best.model_dump(), **update})


def merge_trademarks(records: list[Trademark]) -> Trademark:
    """Trademarks from several sources: the best source's record (ties by the freshest fetch)."""
    if not records:
        raise ValueError("merge_trademarks needs at least one record")
    recs = ordered(records)
    best = recs[0]
    assert isinstance(best, Trademark)
    return best.model_copy(update={"provenance": _merged_provenance(recs)})


def group_by_id(records: Iterable[Patent | Trademark]) -> list[list[Patent | Trademark]]:
    """Records of the same natural id together, sorted by id.

    A number without a kind code joins the group of the same number with a kind (``CN218751475`` →
    ``CN218751475U``) when there is exactly one such group.
    """
    groups: dict[str, list[Patent | Trademark]] = {}
    for record in records:
        groups.setdefault(record.id, []).append(record)
    stems: dict[str, list[str]] = {}
    for key, group in groups.items():
        first = group[0]
        if isinstance(first, Patent) and first.kind and key.endswith(first.kind):
            stems.setdefault(key[: -len(first.kind)], []).append(key)
    for key in [k for k, g in groups.items() if isinstance(g[0], Patent) and not g[0].kind]:
        targets = stems.get(key, [])
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))
    return [groups[k] for k in sorted(groups)]


def merge_group(group: Sequence[Patent | Trademark]) -> Patent | Trademark:
    """Merge one group of :func:`group_by_id` (patents and trademarks are never mixed by id)."""
    patents = [r for r in group if isinstance(r, Patent)]
    if patents:
        return merge_records(patents)
    return merge_trademarks([r for r in group if isinstance(r, Trademark)])
