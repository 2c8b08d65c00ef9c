"""Applicant parties: one display name, the canonical key and applicant id, kind, place and former names.

A party's names (the source's own spelling plus ``alt_names``, e.g. OPS epodoc ``… CO LTD [CN]``) are
one party: the Chinese spelling, when there is one, is the display name and the key of the applicant id.
Former names come from name-change events (``变更前 … 变更后 …``, ``Patentee before: … after: …``); a
transfer's earlier owner is a different party and stays in the event history, unless the two names have
the same canonical key (a change of legal form recorded as a transfer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.errors import NormalizationError
from transforms.legal_tables import categories
from transforms.names import applicant_id, clean_name, is_chinese, name_key, party_kind
from transforms.places import is_local_place, locate
from transforms.records import LegalEvent, Party, PartyKind, Place
from transforms.text import clean_text

_NAME_CHANGES = frozenset({"change_name", "change_name_address", "change_applicant", "change_bibliographic"})
_STOP = r"(?=\s*(?:变更后|变更前|变更事项|专利权人|申请人|权利人|地址|Patentee|Applicant|Address|$))"
_BEFORE = re.compile(
    r"(?:变更前(?:权利人|专利权人|申请人)?|(?:Patentee|Applicant)\s+before)\s*[:：]\s*(.+?)" + _STOP, re.I
)
_AFTER = re.compile(
    r"(?:变更后(?:权利人|专利权人|申请人)?|(?:Patentee|Applicant)\s+after)\s*[:：]\s*(.+?)" + _STOP, re.I
)


def name_changes(events: Sequence[LegalEvent]) -> list[tuple[str, str, str | None]]:
    """(name before, name after, event category) of every party event that states both names."""
    groups = categories()
    out: list[tuple[str, str, str | None]] = []
    for event in events:
        category = event.category
        if category and category in groups and groups[category].group != "party":
            continue
        text = clean_text(event.description) or ""
        before, after = _BEFORE.search(text), _AFTER.search(text)
        if before and after:
            out.append((clean_name(before.group(1)), clean_name(after.group(1)), category))
    return out


def former_names_of(key: str, events: Sequence[LegalEvent]) -> list[str]:
    """Earlier names of the party with canonical ``key``, oldest change first."""
    found: list[str] = []
    for before, after, category in name_changes(events):
        try:
            after_key, before_key = name_key(after), name_key(before)
        except NormalizationError:
            continue
        renamed = category in _NAME_CHANGES or category is None or before_key == after_key
        if after_key == key and renamed and before != after and before not in found:
            found.append(before)
    return found


def _names(party: Party) -> list[str]:
    names = [clean_name(n) for n in (party.raw_name, *party.alt_names)]
    return list(dict.fromkeys(n for n in names if n))


def normalize_party(party: Party, events: Sequence[LegalEvent] = (), gsdm: str | None = None) -> Party:
    """Clean name, key and applicant id, kind, place (from the address) and former names of one party."""
    names = _names(party)
    if not names:
        raise NormalizationError("applicant", party.raw_name, "empty name")
    display = next((n for n in names if is_chinese(n)), names[0])
    key = name_key(display)
    kind = party.kind if party.kind is not PartyKind.UNKNOWN else party_kind(display)
    if kind in (PartyKind.OTHER, PartyKind.UNKNOWN):
        vague = (PartyKind.OTHER, PartyKind.UNKNOWN)
        kind = next((k for n in names if (k := party_kind(n)) not in vague), kind)
    located = locate(party.address, gsdm)
    place = _better_place(located.place, party.place)
    former = [*party.former_names, *former_names_of(key, events)]
    return party.model_copy(
        update={
            "name": display,
            "alt_names": [n for n in names if n != display],
            "kind": kind,
            "address": clean_text(party.address),
            "place": place,
            "is_local": is_local_place(place),
            "applicant_id": applicant_id(key),
            "former_names": list(dict.fromkeys(f for f in former if f != display)),
        }
    )


def _better_place(derived: Place, stated: Place) -> Place:
    """The address-derived place, completed from what the source stated (e.g. 国省代码 → province)."""
    if not derived.country:
        return stated
    filled = {k: v for k, v in stated.model_dump().items() if v and getattr(derived, k) is None}
    if filled.get("county") and derived.county is None and derived.province not in (None, stated.province):
        filled.pop("county")  # a stated county from another province would contradict the address
    return derived.model_copy(update=filled) if filled else derived
