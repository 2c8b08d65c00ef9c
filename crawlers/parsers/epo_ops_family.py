"""EPO OPS family and INPADOC legal responses (``ops:patent-family``) → member records, legal events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    cn_patent_type,
    parse_date,
)

NS = {"ex": "http://www.epo.org/exchange", "ops": "http://ops.epo.org"}


@dataclass(frozen=True)
class Family:
    """What a family response says: the family id and its members' publication numbers (docdb form)."""

    family_id: str | None
    members: list[str] = field(default_factory=list)


def _docdb(node: etree._Element | None, with_kind: bool = True) -> tuple[str, str, str] | None:
    docid = None if node is None else node.find("ex:document-id[@document-id-type='docdb']", NS)
    if docid is None:
        return None
    country = clean_text(docid.findtext("ex:country", "", NS))
    number = clean_text(docid.findtext("ex:doc-number", "", NS))
    kind = clean_text(docid.findtext("ex:kind", "", NS)) if with_kind else ""
    if not (country and number):
        return None
    return country, number, kind


def _date(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    for kind in ("docdb", "epodoc", "original"):
        value = node.findtext(f"ex:document-id[@document-id-type='{kind}']/ex:date", None, NS)
        if value and value.strip():
            return value.strip()
    return None


def member_number(member: etree._Element) -> str | None:
    parts = _docdb(member.find("ex:publication-reference", NS))
    return "".join(parts) if parts else None


def legal_event(node: etree._Element) -> dict[str, Any]:
    """One ``ops:legal`` → LegalEvent fields: gazette date, code, description with the event's details."""
    code = clean_text(node.get("code")) or None
    gazette = next((el.text for el in node.iter() if str(el.tag).endswith("}L007EP")), None)
    details = []
    for el in node.iterfind("ops:L500EP/*", NS):
        text = clean_text(el.get("descData") or el.text)
        if text:
            details.append(f"{clean_text(el.get('desc'))}: {text}" if el.get("desc") else text)
    description = clean_text(node.get("desc")) or code or ""
    if details:
        description = f"{description} ({'; '.join(details)})"
    return {"date": parse_date(gazette), "code": code, "description": description}


def _events(member: etree._Element) -> list[dict[str, Any]]:
    events = [legal_event(node) for node in member.iterfind("ops:legal", NS)]
    unique = {(str(e["date"] or ""), e["code"] or "", e["description"]): e for e in events}
    return [unique[key] for key in sorted(unique)]


def parse_members(root: etree._Element, ctx: ParseContext, result: ParseResult) -> None:
    """Each family member → one record (number, family id, dates, legal events); a member that carries
    an ``exchange-document`` is parsed from it by the caller, its legal events are added here."""
    for member in root.iterfind(".//ops:family-member", NS):
        pub = _docdb(member.find("ex:publication-reference", NS))
        raw = etree.tostring(member, encoding="unicode")[:4000]
        if pub is None:
            result.quarantined.append(ctx.quarantine("family member without a docdb publication number", raw))
            continue
        country, number, kind = pub
        app = _docdb(member.find("ex:application-reference", NS), with_kind=False)
        try:
            priorities = [parse_date(_date(el)) for el in member.iterfind("ex:priority-claim", NS)]
            data: dict[str, Any] = {
                "publication_number": f"{country}{number}{kind}",
                "country": country,
                "kind": kind or None,
                "patent_type": cn_patent_type(country, kind),
                "application_number": "".join(app) if app else None,
                "publication_date": parse_date(_date(member.find("ex:publication-reference", NS))),
                "application_date": parse_date(_date(member.find("ex:application-reference", NS))),
                "priority_date": min((d for d in priorities if d), default=None),
                "family_id": member.get("family-id"),
                "legal_events": _events(member),
            }
        except ValueError as exc:
            result.quarantined.append(ctx.quarantine(f"{country}{number}{kind}: {exc}", raw))
            continue
        build_patent(data, ctx, result, f"{country}{number}{kind}")


def parse_family(root: etree._Element) -> Family | None:
    """The family id and member numbers of a family response (None when the body has no family)."""
    family = root.find(".//ops:patent-family", NS)
    if family is None:
        return None
    members = root.findall(".//ops:family-member", NS)
    ids = [m.get("family-id") for m in members if m.get("family-id")]
    numbers = [n for n in (member_number(m) for m in members) if n]
    return Family(family_id=ids[0] if ids else None, members=list(dict.fromkeys(numbers)))
