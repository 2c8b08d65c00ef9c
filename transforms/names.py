"""Applicant names: cleaned display names and the kind of applicant (enterprise, university, person …)."""

from __future__ import annotations

import re

from transforms.records import PartyKind
from transforms.text import clean_text

_EPODOC_SUFFIX = re.compile(r"\s*\[[A-Z]{2}\]\s*$")
_CJK = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_UNIVERSITY = ("大学", "学院", "学校", "UNIV", "COLLEGE")
_INSTITUTE = ("研究院", "研究所", "研究中心", "科学院", "INST")
_ENTERPRISE = (
    "公司",
    "厂",
    "集团",
    "企业",
    "商行",
    "合作社",
    "事务所",
    "CO LTD",
    "CO., LTD",
    "CORP",
    "GMBH",
    "INC",
    "LTD",
    "AG",
)


def clean_name(raw: str) -> str:
    """Display name: NFC, half-width brackets → Chinese brackets, epodoc ``[CN]`` suffix removed."""
    text = clean_text(raw) or ""
    text = _EPODOC_SUFFIX.sub("", text)
    if re.search(r"[\u4e00-\u9fff]", text):
        # Chinese names use full-width brackets: 靖江市某某（集团）有限公司
        text = text.replace("(", "（").replace(")", "）").replace(" ", "")
    return text


def party_kind(name: str) -> PartyKind:
    """Enterprise / university / institute / person from the name's form."""
    upper = name.upper()
    if any(word in upper for word in _UNIVERSITY):
        return PartyKind.UNIVERSITY
    if any(word in upper for word in _INSTITUTE):
        return PartyKind.INSTITUTE
    if any(word in upper for word in _ENTERPRISE):
        return PartyKind.ENTERPRISE
    if _CJK.match(name):
        return PartyKind.PERSON
    return PartyKind.OTHER
