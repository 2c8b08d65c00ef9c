"""Places from addresses, postcodes and 国省代码: province / city / county / town or park.

``is_local`` (in Jingjiang) is derived from the resolved place (county 靖江市), never from a company name.
The counties compared with Jingjiang and Jingjiang's towns, streets and parks are versioned data in
``transforms/data/counties.csv`` and ``transforms/data/jingjiang_towns.csv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.records import Place
from transforms.text import clean_text, to_simplified

JINGJIANG = "靖江市"
DATA = Path(__file__).resolve().parent / "data"

# GB/T 2260 province codes as 国省代码 gives them (``江苏;32``, ``32``, ``江苏(32)``).
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip

_POSTCODE = re.compile(r"(?:邮编|邮政编码)?[:：]?(?<!\d)(\d{6})(?!\d)")
# Full province names, longest first (广西壮族自治区, not 西壮族自治区), and the four municipalities.
_PROVINCE = re.compile(
    "("
    + "|".join(sorted((p for p in PROVINCE_CODES.values() if not p.endswith("市")), key=len, reverse=True))
    + ")|(?:^|中国|中华人民共和国)(北京|上海|天津|重庆)市?"
)
# 靖江 as a place, not as a street or building named after it (扬州市靖江路).
_JINGJIANG_PLACE = re.compile(r"靖江(?!路|街|大道|道|巷|弄|村|小区|花园|广场|大厦|宾馆|饭店)")
_CITY_NAME = re.compile(r"([\u4e00-\u9fff]{2})(?<![超城夜集门菜股])市(?!场)")  # not 超市, 城市, 夜市, …
_CITY = re.compile(r"(?:省|自治区)([\u4e00-\u9fff]{2,4}?市)")
_COUNTY = re.compile(r"市([\u4e00-\u9fff]{1,5}?(?:区|县|市))")
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|园区|开发区))")
_GSDM = re.compile(r"^\s*(?:([\u4e00-\u9fff]{2,8})\s*[;；(（:：]?\s*)?(\d{2})(?:\d{4})?\s*[)）]?\s*$")
_GSDM_NAME = re.compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*$")
_DASHES = re.compile(r"[—–－-]")


@dataclass(frozen=True)
class County:
    name: str
    province: str
    city: str
    postcode: str
    division_code: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Located:
    place: Place
    is_local: bool


@lru_cache(maxsize=1)
def counties() -> dict[str, County]:
    """County-level places compared with Jingjiang (Taizhou, Wuxi, Suzhou, Nantong, Zhenjiang, Yangzhou)."""
    with (DATA / "counties.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["county"]: County(
            r["county"], r["province"], r["city"], r["postcode"], r["division_code"],
            tuple(a for a in r["aliases"].split("|") if a),
        )
        for r in rows
    }  # fmt: skip


@lru_cache(maxsize=1)
def jingjiang_towns() -> tuple[tuple[str, str], ...]:
    """(name as written in addresses, town / street / park), longest names first."""
    with (DATA / "jingjiang_towns.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["name"], r["town"]) for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _postcode_prefixes() -> dict[str, str]:
    """4-digit postcode prefix → county, only where exactly one county of the table has it."""
    seen: dict[str, set[str]] = {}
    for county in counties().values():
        seen.setdefault(county.postcode[:4], set()).add(county.name)
    return {prefix: next(iter(names)) for prefix, names in seen.items() if len(names) == 1}


def province_from_code(gsdm: str | None) -> str | None:
    """国省代码 ``江苏;32`` / ``河南(41)`` / ``32`` → short province name (``江苏``); None when unreadable."""
    if not gsdm:
        return None
    if m := _GSDM.match(gsdm):
        name, code = m.groups()
        if name:
            return name
        full = PROVINCE_CODES.get(code)
        return (
            re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", full)
            if full
            else None
        )
    m2 = _GSDM_NAME.match(gsdm)
    return m2.group(1) if m2 and any(p.startswith(m2.group(1)) for p in PROVINCE_CODES.values()) else None


def _full_province(short: str) -> str:
    return next((p for p in PROVINCE_CODES.values() if p.startswith(short)), f"{short}省")


def locate(address: str | None, gsdm: str | None = None) -> Located:
    """Derive a Place from an address (and optional 国省代码); unreadable parts stay None."""
    text = _DASHES.sub("-", to_simplified(clean_text(address) or ""))  # 江蘇省靖江市 too
    postcode_m = _POSTCODE.search(text)
    postcode = postcode_m.group(1) if postcode_m else None
    county = _county_of(text, postcode)
    province = city = None
    if county:
        found = counties()[county]
        province, city = found.province, found.city
    else:
        if m := _PROVINCE.search(text):
            province = m.group(1) or f"{m.group(2)}市"
        if m := _CITY.search(text):
            city = m.group(1)
        if m := _COUNTY.search(text):
            county = m.group(1)
    if province is None and (short := province_from_code(gsdm)):
        province = _full_province(short)
    town = _town_of(text, county, (city, province))
    place = Place(
        country="CN" if (province or county or postcode) else None,
        province=province,
        city=city,
        county=county,
        town=town,
        postcode=postcode,
    )
    return Located(place, is_local_place(place))


def is_local_place(place: Place) -> bool:
    """Local means the county is Jingjiang: the one rule every stage uses."""
    return place.county == JINGJIANG


def _county_of(text: str, postcode: str | None) -> str | None:
    for county in counties().values():
        names = (county.name, *county.aliases)
        if county.name.endswith("区") and county.city not in text and "江苏" not in text:
            continue  # district names repeat across China (通州区 is also in Beijing)
        if any(name in text for name in names):
            return county.name
    if "靖江经济" in text or "靖江工业园区" in text or _names_jingjiang(text):
        return JINGJIANG
    candidate = _postcode_prefixes().get(postcode[:4]) if postcode else None
    if candidate:
        # a postcode decides where the text names no other place, or names the candidate's city / province
        found = counties()[candidate]
        bare = not re.search(r"[省市县区]", text.replace("市场", ""))
        if bare or found.city in text or found.province in text:
            return candidate
    return None


def _names_jingjiang(text: str) -> bool:
    """An address in Jiangsu that names 靖江 as a place and no other city than 泰州 / 靖江."""
    if "江苏" not in text or not _JINGJIANG_PLACE.search(text):
        return False
    return not set(_CITY_NAME.findall(text)) - {"泰州", "靖江"}


def _town_of(text: str, county: str | None, above: tuple[str | None, ...] = ()) -> str | None:
    """The town, street or park named after the county (else after the city or province in ``above``)."""
    if county == JINGJIANG:
        for name, town in jingjiang_towns():
            if name in text:
                return town
        if "经济开发区" in text or "经济技术开发区" in text:
            return "靖江经济技术开发区"
    known = counties().get(county or "")
    names = (known.name, *known.aliases) if known else (county,) if county else tuple(a for a in above if a)
    tail = next((text.split(n, 1)[1] for n in names if n in text), text)
    m = _TOWN.search(tail)
    return m.group(1) if m else None
