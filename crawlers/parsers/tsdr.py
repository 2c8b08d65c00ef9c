"""USPTO TSDR trademark status XML (WIPO ST.66, and ST.96 v1 D3 / v2.2) → Trademark records."""

from __future__ import annotations

from typing import Any, TypeAlias

from lxml import etree

from crawlers.parsers.common import ParseContext, ParseResult, build_trademark, clean_text, parse_date
from crawlers.parsers.errors import ParseError

SOURCE = "tsdr"
_Node: TypeAlias = etree._Element


def _children(node: _Node, *path: str) -> list[_Node]:
    """Descendants along local names (namespaces differ between ST.66, ST.96 v1 and v2)."""
    nodes = [node]
    for name in path:
        nodes = [child for parent in nodes for child in parent if etree.QName(child).localname == name]
    return nodes


def _texts(node: _Node, *path: str) -> list[str]:
    return [text for el in _children(node, *path) if (text := clean_text("".join(el.itertext())))]


def _text(node: _Node, *path: str) -> str | None:
    texts = _texts(node, *path)
    return texts[0] if texts else None


def _descendant(node: _Node, name: str) -> str | None:
    for el in node.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == name:
            text = clean_text("".join(el.itertext()))
            if text:
                return text
    return None


def _date(value: str | None) -> str | None:
    """TSDR dates carry a zone offset (``2000-05-09-04:00``): the calendar date is what was stated."""
    return parse_date(value[:10]).isoformat() if value else None  # type: ignore[union-attr]


def _address(
    lines: list[str], city: str | None, region: str | None, postcode: str | None, country: str | None
) -> str:
    return ", ".join(part for part in [*lines, city, region, postcode, country] if part)


def _st66_applicants(mark: _Node, root: _Node) -> list[dict[str, Any]]:
    found: list[tuple[int, dict[str, Any]]] = []
    for app in _children(root, *_ST66_APPLICANTS):
        book = _children(app, "ApplicantAddressBook", "FormattedNameAddress")
        if not book:
            continue
        name = " ".join(
            _texts(book[0], "Name", "FreeFormatName", "FreeFormatNameDetails", "FreeFormatNameLine")
        )
        addr = _children(book[0], "Address", "FormattedAddress")
        party: dict[str, Any] = {"raw_name": name}
        if addr:
            a = addr[0]
            lines = [t for tag in ("AddressRoom", "AddressBuilding", "AddressStreet") for t in _texts(a, tag)]
            country = _text(a, "FormattedAddressCountryCode")
            party["address"] = _address(
                lines, _text(a, "AddressCity"), _text(a, "AddressState"), _text(a, "AddressPostcode"), country
            )
            if country:
                party["place"] = {"country": country}
        role = _text(app, "ApplicantExt", "PartyTypeCode") or "0"
        found.append((-int(role) if role.isdigit() else 0, party))
    return [party for _, party in sorted(found, key=lambda pair: pair[0])]


def _st96_applicants(mark: _Node) -> list[dict[str, Any]]:
    parties: list[dict[str, Any]] = []
    for app in _children(mark, "ApplicantBag", "Applicant"):
        contact = _children(app, "Contact")
        if not contact:
            continue
        name = (
            _text(contact[0], "Name", "EntityName")
            or _text(contact[0], "Name", "OrganizationName", "OrganizationStandardName")
            or _text(contact[0], "Name", "PersonName", "PersonFullName")
        )
        party: dict[str, Any] = {"raw_name": name or ""}
        addr = _children(contact[0], "PostalAddressBag", "PostalAddress", "PostalStructuredAddress")
        if addr:
            a = addr[0]
            country = _text(a, "CountryCode")
            party["address"] = _address(
                _texts(a, "AddressLineText"),
                _text(a, "CityName"),
                _text(a, "GeographicRegionName"),
                _text(a, "PostalCode"),
                country,
            )
            if country:
                party["place"] = {"country": country}
        parties.append(party)
    return parties


def _unique_parties(parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same party in several roles (registrant, owner at publication, applicant): latest role first."""
    by_name: dict[str, dict[str, Any]] = {}
    for party in parties:
        if party["raw_name"]:
            by_name.setdefault(party["raw_name"], party)
    return list(by_name.values())


_ST66_MARK = (
    "TradeMarkTransactionBody",
    "TransactionContentDetails",
    "TransactionData",
    "TradeMarkDetails",
    "TradeMark",
)
_ST66_APPLICANTS = (*_ST66_MARK[:-2], "ApplicantDetails", "Applicant")
_ST96_MARK = (
    "TrademarkTransactionBody",
    "TransactionContentBag",
    "TransactionData",
    "TrademarkBag",
    "Trademark",
)


def _goods(mark: _Node, st96: bool) -> tuple[list[int], list[str]]:
    path = (
        ("GoodsServicesBag", "GoodsServices", "ClassDescriptionBag", "ClassDescription")
        if st96
        else ("GoodsServicesDetails", "GoodsServices", "ClassDescriptionDetails", "ClassDescription")
    )
    classes: list[int] = []
    goods: list[str] = []
    for desc in _children(mark, *path):
        number = _text(desc, "ClassNumber")
        if number and number.isdigit() and 1 <= int(number) <= 45 and int(number) not in classes:
            classes.append(int(number))
        text = _text(desc, "GoodsServicesDescriptionText" if st96 else "GoodsServicesDescription")
        if text:
            goods.append(text)
    return classes, goods


def _events(mark: _Node, st96: bool) -> list[dict[str, Any]]:
    """Prosecution history entries as announcements, oldest first (by entry number)."""
    events: list[tuple[int, dict[str, Any]]] = []
    path = ("MarkEventBag", "MarkEvent") if st96 else ("MarkEventDetails", "MarkEvent")
    for event in _children(mark, *path):
        detail = _children(event, "NationalMarkEvent" if st96 else "MarkEventExt")
        scope = detail[0] if detail else event
        code = _text(scope, "MarkEventCode") if st96 else _text(event, "MarkEventCode")
        desc = _text(scope, "MarkEventDescriptionText" if st96 else "MarkEventInternalDescriptionText")
        entry = _text(scope, "MarkEventEntryNumber")
        events.append(
            (
                int(entry) if entry and entry.isdigit() else 0,
                {
                    "ann_type_code": code,
                    "ann_type": desc,
                    "ann_num": entry,
                    "ann_date": _date(_text(event, "MarkEventDate")),
                },
            )
        )
    return [e for _, e in sorted(events, key=lambda pair: pair[0])]


def _record(mark: _Node, root: _Node, st96: bool) -> dict[str, Any]:
    app_number = (
        _text(mark, "ApplicationNumber", "ApplicationNumberText")
        if st96
        else _text(mark, "ApplicationNumber")
    )
    reg_number = _text(mark, "RegistrationNumber")
    classes, goods = _goods(mark, st96)
    status_text = _descendant(mark, "MarkCurrentStatusExternalDescriptionText")
    status_code = _text(mark, "MarkCurrentStatusCode")
    parties = _st96_applicants(mark) if st96 else _st66_applicants(mark, root)
    return {
        "registration_number": reg_number or app_number or "",
        "office": _text(mark, "RegistrationOfficeCode") or "US",
        "application_number": app_number,
        "mark_text": _text(
            mark, "MarkRepresentation", "MarkReproduction", "WordMarkSpecification", "MarkVerbalElementText"
        )
        if st96
        else _text(mark, "WordMarkSpecification", "MarkVerbalElementText"),
        "nice_classes": classes,
        "goods_services": goods,
        "applicants": _unique_parties(parties),
        "application_date": _date(_text(mark, "ApplicationDate")),
        "registration_date": _date(_text(mark, "RegistrationDate")),
        "status": " ".join(p for p in [status_text, f"(status {status_code})" if status_code else None] if p)
        or None,
        "announcements": _events(mark, st96),
    }


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    """One TSDR status document (ST.66 ``Transaction`` or ST.96 ``TrademarkTransaction``) → Trademarks."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(SOURCE, f"malformed or truncated XML: {exc}", source_url=ctx.source_url) from exc
    name = etree.QName(root).localname
    if name == "Transaction" and _children(root, *_ST66_MARK):
        marks, st96 = _children(root, *_ST66_MARK), False
    elif name in ("TrademarkTransaction", "Transaction") and _children(root, *_ST96_MARK):
        marks, st96 = _children(root, *_ST96_MARK), True
    else:
        raise ParseError(SOURCE, f"not a TSDR status document (root {name!r})", source_url=ctx.source_url)
    result = ParseResult()
    for mark in marks:
        try:
            record = _record(mark, root, st96)
        except ValueError as exc:
            result.quarantined.append(
                ctx.quarantine(f"TSDR trademark: {exc}", {"xml": etree.tostring(mark)[:2000].decode()})
            )
            continue
        build_trademark(record, ctx, result, f"TM-US-{record['registration_number']}")
    return result
