"""EPO OPS v3.2 XML (biblio, abstract, full-cycle, search, family, legal) → Patent records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawlers.parsers.common import (
    ParseContext,
    ParseResult,
    build_patent,
    clean_text,
    cn_patent_type,
    normalize_ipc,
    parse_date,
    unique,
)
from crawlers.parsers.epo_ops_family import parse_members
from crawlers.parsers.errors import ParseError
from crawlers.parsers.merge import merge_records
from transforms.records import Patent, Trademark

SOURCE = "epo-ops"
NS = {"ex": "http://www.epo.org/exchange", "ops": "http://ops.epo.org"}
_LANGS = ("zh", "en")


class OpsFault(ParseError):
    """OPS answered with a ``<fault>`` / ``<error>`` body (404, 429, invalid token, …)."""

    def __init__(self, code: str, message: str, description: str, *, source_url: str | None = None) -> None:
        super().__init__(SOURCE, f"OPS fault {code}: {message} ({description})", source_url=source_url)
        self.code = code
        self.fault_message = message
        self.description = description


@dataclass(frozen=True)
class SearchPage:
    """Where a search-with-biblio page sits in the whole result list."""

    total: int
    begin: int
    end: int


def _root(body: bytes | str, source_url: str | None) -> etree._Element:
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not data.strip():
        raise ParseError(SOURCE, "empty body", source_url=source_url)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(SOURCE, f"malformed or truncated XML: {exc}", source_url=source_url) from exc
    if etree.QName(root).localname in ("fault", "error"):

        def text(tag: str) -> str:
            return clean_text("".join(root.xpath(f"./*[local-name()='{tag}']//text()")))

        raise OpsFault(text("code"), text("message"), text("description"), source_url=source_url)
    if etree.QName(root).localname != "world-patent-data":
        raise ParseError(SOURCE, f"unexpected root element {root.tag!r}", source_url=source_url)
    return root


def parse(body: bytes | str, ctx: ParseContext) -> ParseResult:
    """Every ``exchange-document`` and family member of a response → one Patent per publication
    (a member's legal events are merged into its document's record; bad documents → quarantine)."""
    root = _root(body, ctx.source_url)
    result = ParseResult()
    for doc in root.iterfind(".//ex:exchange-document", NS):
        _parse_document(doc, ctx, result)
    parse_members(root, ctx, result)
    merged: dict[str, Patent | Trademark] = {}
    for record in result.records:
        kept = merged.get(record.id)
        merged[record.id] = record if kept is None else merge_records(kept, record)
    result.records = list(merged.values())
    return result


def parse_search_page(body: bytes | str, source_url: str | None = None) -> SearchPage | None:
    """The paging facts of a search response (None when the body is not a search result)."""
    root = _root(body, source_url)
    search = root.find("ops:biblio-search", NS)
    if search is None:
        return None
    rng = search.find("ops:range", NS)
    try:
        total = int(search.get("total-result-count", "0"))
        begin = int(rng.get("begin", "0")) if rng is not None else 0
        end = int(rng.get("end", "0")) if rng is not None else 0
    except ValueError as exc:
        raise ParseError(SOURCE, f"bad search range: {exc}", source_url=source_url) from exc
    return SearchPage(total=total, begin=begin, end=end)


def _texts(node: etree._Element, path: str) -> list[str]:
    return [clean_text("".join(el.itertext())) for el in node.iterfind(path, NS)]


def _first(node: etree._Element, path: str) -> str | None:
    values = [v for v in _texts(node, path) if v]
    return values[0] if values else None


def _docdb_number(node: etree._Element | None, with_kind: bool = True) -> str | None:
    if node is None:
        return None
    docid = node.find("ex:document-id[@document-id-type='docdb']", NS)
    if docid is None:
        return None
    country = _first(docid, "ex:country") or ""
    number = _first(docid, "ex:doc-number") or ""
    kind = (_first(docid, "ex:kind") or "") if with_kind else ""
    return f"{country}{number}{kind}" if country and number else None


def _ref_date(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    for kind in ("docdb", "epodoc", "original"):
        value = _first(node, f"ex:document-id[@document-id-type='{kind}']/ex:date")
        if value:
            return value
    return None


def _name(text: str) -> str:
    return clean_text(text).rstrip(",").strip()


def _parties(
    biblio: etree._Element, group: str, role: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    original: list[tuple[str, str]] = []
    epodoc: list[tuple[str, str]] = []
    for party in biblio.iterfind(f"ex:parties/ex:{group}/ex:{role}", NS):
        name = _name("".join(party.xpath(".//*[local-name()='name']//text()")))
        if not name:
            continue
        target = epodoc if party.get("data-format") == "epodoc" else original
        target.append((party.get("sequence", ""), name))
    return original, epodoc


def _applicants(biblio: etree._Element) -> list[dict[str, Any]]:
    original, epodoc = _parties(biblio, "applicants", "applicant")
    parties: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    by_seq: dict[str, dict[str, Any]] = {}
    for seq, name in original or epodoc:
        key = name.casefold()
        party = by_key.get(key)
        if party is None:
            party = {"raw_name": name, "alt_names": []}
            by_key[key] = party
            parties.append(party)
        elif name != party["raw_name"] and name not in party["alt_names"]:
            party["alt_names"].append(name)
        by_seq.setdefault(seq, party)
    if original:
        for index, (seq, name) in enumerate(epodoc):
            # sequences of the two formats usually pair up; fall back to position, then the first party
            party = by_seq.get(seq) or (parties[index] if index < len(parties) else parties[0])
            if name not in party["alt_names"]:
                party["alt_names"].append(name)
    return parties


def _inventors(biblio: etree._Element) -> list[str]:
    original, epodoc = _parties(biblio, "inventors", "inventor")
    names: list[str] = []
    seen: set[str] = set()
    for _, name in original or epodoc:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _ipc(biblio: etree._Element) -> list[str]:
    entries = sorted(
        biblio.iterfind("ex:classifications-ipcr/ex:classification-ipcr", NS),
        key=lambda el: int(el.get("sequence", "0") or 0),
    )
    codes = [normalize_ipc(_first(el, "ex:text")) for el in entries]
    if not entries:
        codes = [normalize_ipc(t) for t in _texts(biblio, "ex:classification-ipc/ex:text")]
    return unique([c for c in codes if c])


def _cpc(biblio: etree._Element) -> list[str]:
    codes: list[str] = []
    for el in biblio.iterfind("ex:patent-classifications/ex:patent-classification", NS):
        scheme = el.find("ex:classification-scheme", NS)
        if scheme is None or not (scheme.get("scheme") or "").startswith("CPC"):
            continue
        parts = [
            _first(el, f"ex:{tag}") or ""
            for tag in ("section", "class", "subclass", "main-group", "subgroup")
        ]
        if all(parts):
            codes.append(f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}/{parts[4]}")
    return unique(codes)


def _by_lang(nodes: list[etree._Element]) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in nodes:
        lang = (node.get("lang") or "").lower()
        paragraphs = [clean_text("".join(p.itertext())) for p in node.iterfind("ex:p", NS)]
        text = "\n".join(p for p in paragraphs if p) or clean_text("".join(node.itertext()))
        if lang in _LANGS and text and lang not in out:
            out[lang] = text
    return out


def _parse_document(doc: etree._Element, ctx: ParseContext, result: ParseResult) -> None:
    country = doc.get("country") or ""
    number = doc.get("doc-number") or ""
    kind = doc.get("kind") or ""
    label = f"{country}{number}{kind}" or "exchange-document"
    raw = etree.tostring(doc, encoding="unicode")[:4000]
    if doc.get("status"):
        result.quarantined.append(ctx.quarantine(f"{label}: OPS status {doc.get('status')!r}", raw))
        return
    biblio = doc.find("ex:bibliographic-data", NS)
    if biblio is None:
        result.quarantined.append(ctx.quarantine(f"{label}: no bibliographic-data", raw))
        return
    pub_ref = biblio.find("ex:publication-reference", NS)
    publication_number = f"{country}{number}{kind}" if country and number else _docdb_number(pub_ref)
    if not publication_number:
        result.quarantined.append(ctx.quarantine(f"{label}: no publication number", raw))
        return
    app_ref = biblio.find("ex:application-reference", NS)
    priorities = [_ref_date(el) for el in biblio.iterfind("ex:priority-claims/ex:priority-claim", NS)]
    citations = [_docdb_number(el) for el in biblio.iterfind("ex:references-cited/ex:citation/ex:patcit", NS)]
    try:
        data: dict[str, Any] = {
            "publication_number": publication_number,
            "country": country or publication_number[:2],
            "kind": kind or None,
            "patent_type": cn_patent_type(country, kind),
            "application_number": _docdb_number(app_ref, with_kind=False),
            "titles": _by_lang(list(biblio.iterfind("ex:invention-title", NS))),
            "abstracts": _by_lang(list(doc.iterfind("ex:abstract", NS))),
            "applicants": _applicants(biblio),
            "inventors": _inventors(biblio),
            "ipc": _ipc(biblio),
            "cpc": _cpc(biblio),
            "publication_date": parse_date(_ref_date(pub_ref)),
            "application_date": parse_date(_ref_date(app_ref)),
            "priority_date": min((d for d in map(parse_date, priorities) if d), default=None),
            "family_id": doc.get("family-id"),
            "citations": unique([c for c in citations if c]),
        }
    except ValueError as exc:
        result.quarantined.append(ctx.quarantine(f"{label}: {exc}", raw))
        return
    build_patent(data, ctx, result, label)
