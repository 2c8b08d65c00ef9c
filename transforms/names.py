"""Applicant names: display names, canonical keys, one applicant id across sources, and the kind of party."""

from __future__ import annotations

import hashlib
import re

from transforms.errors import NormalizationError
from transforms.records import PartyKind
from transforms.text import clean_text, to_simplified

_EPODOC_SUFFIX = re.compile(r"\s*\[[A-Z]{2}\]\s*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PERSON_ZH = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
_BRACKETS = re.compile(r"[()（）\[\]【】〔〕<>《》]")
_NOT_NAME = re.compile(r"^[\W\d_]*$")
#: Chinese legal-form suffixes, longest first; the key drops them so 有限公司 / 有限责任公司 /
#: 股份有限公司 / 集团有限公司 variants of one party meet (a deliberate, documented over-merge risk).
ZH_SUFFIXES = (
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "公司",
)
#: English legal-form / filler tokens dropped from the English key.
EN_SUFFIX_TOKENS = frozenset(
    {
        "CO",
        "COMPANY",
        "LTD",
        "LIMITED",
        "CORP",
        "CORPORATION",
        "INC",
        "LLC",
        "GROUP",
        "THE",
        "OF",
        "AND",
        "PLC",
    }
)
_ENTERPRISE = ("公司", "厂", "集团", "企业", "商行", "合作社", "事务所", "经营部", "门市部", "工作室", "店")
_UNIVERSITY = ("大学", "学院", "学校", "职业技术学院")
_INSTITUTE = ("研究院", "研究所", "研究中心", "科学院", "设计院", "实验室", "医院", "检验所", "检测中心")
_EN_ENTERPRISE = frozenset(
    {"CO", "LTD", "LIMITED", "CORP", "CORPORATION", "INC", "LLC", "GMBH", "AG", "SA", "PLC"}
)
_EN_UNIVERSITY = ("UNIV", "COLLEGE", "SCHOOL")
_EN_INSTITUTE = ("INST", "ACADEMY", "ACAD", "LAB", "HOSPITAL", "RES CT", "RESEARCH CENT")


def is_chinese(name: str) -> bool:
    """True when the name is written in Chinese characters."""
    return bool(_HAN.search(name))


def clean_name(raw: str) -> str:
    """Display name: NFC, half-width, no epodoc ``[CN]``; Chinese: full-width brackets, no spaces."""
    text = clean_text(raw) or ""
    text = _EPODOC_SUFFIX.sub("", text)
    if is_chinese(text):
        # Chinese names use full-width brackets and no spaces: 靖江市某某（集团）有限公司
        text = text.replace("(", "（").replace(")", "）").replace(" ", "")
    return text


def _en_tokens(name: str) -> list[str]:
    return re.findall(r"[A-Z0-9]+", _EPODOC_SUFFIX.sub("", name.upper()))


def en_core_tokens(name: str) -> list[str]:
    """Tokens of an English name without legal-form words: ``Jiangsu Haosai Technology Co ltd`` → 3 tokens."""
    return [t for t in _en_tokens(name) if t not in EN_SUFFIX_TOKENS]


def name_key(raw: str) -> str:
    """Canonical key of a name: Chinese without brackets, spaces and legal-form suffix; English core tokens.

    Raises NormalizationError for a value with no letters or characters at all.
    """
    name = to_simplified(clean_name(raw))  # 靖江市華達機械 and 靖江市华达机械 are one applicant
    if not name or _NOT_NAME.match(name):
        raise NormalizationError("applicant", raw, "not a name")
    if is_chinese(name):
        key = _BRACKETS.sub("", name)
        for suffix in ZH_SUFFIXES:
            if key.endswith(suffix):
                key = key[: -len(suffix)] if len(key) > len(suffix) + 1 else key
                break
        return f"zh:{key}"
    return "en:" + " ".join(en_core_tokens(name) or _en_tokens(name))


def applicant_id(key: str) -> str:
    """Deterministic id of a canonical key: the same key gives the same id in every source and run."""
    return "A" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def party_kind(name: str) -> PartyKind:
    """Enterprise / university / institute / person from the name's form (company words win)."""
    if is_chinese(name):
        compact = _BRACKETS.sub("", to_simplified(name))  # 江蘇大學 is a university too
        if compact.endswith(ZH_SUFFIXES) or any(w in compact for w in ("公司", "集团", "厂", "合作社")):
            return PartyKind.ENTERPRISE
        if any(w in compact.replace("科学院", "") for w in _UNIVERSITY):  # 科学院 is an academy, not a 学院
            return PartyKind.UNIVERSITY
        if any(w in compact for w in _INSTITUTE):
            return PartyKind.INSTITUTE
        if any(w in compact for w in _ENTERPRISE):
            return PartyKind.ENTERPRISE
        if _PERSON_ZH.match(compact):
            return PartyKind.PERSON
        return PartyKind.OTHER
    tokens = _en_tokens(name)
    upper = " ".join(tokens)
    if any(t in _EN_ENTERPRISE for t in tokens):
        return PartyKind.ENTERPRISE
    if any(w in upper for w in _EN_UNIVERSITY):
        return PartyKind.UNIVERSITY
    if any(w in upper for w in _EN_INSTITUTE):
        return PartyKind.INSTITUTE
    if 2 <= len(tokens) <= 3 and all(t.isalpha() for t in tokens):
        return PartyKind.PERSON  # epodoc persons: ``LIU DI [CN]``
    return PartyKind.OTHER if tokens else PartyKind.UNKNOWN
