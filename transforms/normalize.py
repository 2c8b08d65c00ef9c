"""Record-level normalization: numbers, IPC, text, applicants and places, legal status.

Pure functions: a record in, a new record out; a value that cannot be normalized raises
NormalizationError, and the caller quarantines the record with that message.
"""

from __future__ import annotations

import re

from transforms.errors import NormalizationError
from transforms.ipc_scheme import IpcScheme, load_scheme
from transforms.legal import categorize, lapse_reason_of, status_from_events, status_from_text
from transforms.names import clean_name
from transforms.numbers import (
    normalize_cn_application_number,
    normalize_publication_number,
    patent_type_of,
    split_publication_number,
)
from transforms.parties import normalize_party
from transforms.records import Lang, LegalStatus, Patent, PatentType, Trademark
from transforms.text import clean_text, to_halfwidth


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _texts(values: dict[Lang, str]) -> dict[Lang, str]:
    return {lang: text for lang, value in values.items() if (text := clean_text(value))}


#: A Locarno class as CN design records state it where IPC goes (``11-02``, ``11-``, ``LOC (13) Cl. 12-06``).
_LOCARNO = re.compile(r"^(?:LOC\s*\(\d+\)\s*CL\.?\s*)?(\d{1,2})\s*-\s*(\d{2})?$", re.IGNORECASE)


def locarno_of(code: str) -> str | None:
    """``11-02`` → ``11-02``, ``11-`` → ``11``, ``LOC (13) Cl. 12-06`` → ``12-06``; None for anything else
    (an IPC symbol never looks like this: it starts with a section letter)."""
    match = _LOCARNO.match(to_halfwidth(code).strip())
    if not match or not (1 <= int(match.group(1)) <= 32 or int(match.group(1)) == 99):  # 99: miscellaneous
        return None
    cls = f"{int(match.group(1)):02d}"
    return f"{cls}-{match.group(2)}" if match.group(2) else cls


def normalize_patent(patent: Patent, scheme: IpcScheme | None = None) -> Patent:
    """The normalized copy of a patent record; IPC codes are checked against ``scheme`` (default: the
    shipped IPC subclasses)."""
    scheme = scheme or load_scheme()
    number = normalize_publication_number(patent.publication_number)
    country, _, kind = split_publication_number(number)
    ptype = patent.patent_type
    if ptype is PatentType.UNKNOWN:
        ptype = patent_type_of(country, kind)
    app = patent.application_number
    if app:
        app = normalize_cn_application_number(app) if country == "CN" else clean_text(app)
    events = [categorize(e) for e in patent.legal_events]
    read = [(code, locarno_of(code)) for code in patent.ipc]  # design classes stated in the IPC field
    locarno = [loc for _, loc in read if loc]
    ipc = [code for code, loc in read if not loc]
    status = patent.legal_status
    if status is LegalStatus.UNKNOWN:
        status = status_from_text(patent.legal_status_raw)
    if status is LegalStatus.UNKNOWN:
        status = status_from_events(events)
    return patent.model_copy(
        update={
            "publication_number": number,
            "country": country,
            "kind": kind,
            "patent_type": ptype,
            "application_number": app,
            "titles": _texts(patent.titles),
            "abstracts": _texts(patent.abstracts),
            "claims": _texts(patent.claims),
            "applicants": [normalize_party(p, events) for p in patent.applicants],
            "inventors": _unique([clean_name(i) for i in patent.inventors]),
            "ipc": _unique([scheme.normalize(c) for c in ipc]),
            "locarno": _unique([*patent.locarno, *locarno]),
            "legal_events": events,
            "legal_status": status,
            "lapse_reason": patent.lapse_reason or lapse_reason_of(status, patent.legal_status_raw, events),
        }
    )


def normalize_trademark(mark: Trademark) -> Trademark:
    """The normalized copy of a trademark record."""
    number = clean_text(mark.registration_number)
    if not number:
        raise NormalizationError("registration_number", mark.registration_number, "empty")
    bad = [c for c in mark.nice_classes if not 1 <= c <= 45]
    if bad:
        raise NormalizationError("nice_classes", bad, "Nice classes are 1..45")
    return mark.model_copy(
        update={
            "registration_number": number,
            "mark_text": clean_text(mark.mark_text),
            "nice_classes": sorted(set(mark.nice_classes)),
            "applicants": [normalize_party(p) for p in mark.applicants],
        }
    )
