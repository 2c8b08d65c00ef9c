"""Places from addresses, postcodes and 国省代码: province / city / county / town or park.

``is_local`` (in Jingjiang) is derived from the postcode or the address, never from a company name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.records import Place
from transforms.text import clean_text

JINGJIANG = "靖江市"

# Jingjiang's towns, streets and parks (行政区划 as used in addresses), longest names first when matching.
JINGJIANG_TOWNS: tuple[str, ...] = (
    "靖江经济技术开发区",
    "靖江经济开发区",
    "城南园区",
    "新港园区",
    "城北园区",
    "滨江新区",
    "靖城街道",
    "新桥镇",
    "东兴镇",
    "斜桥镇",
    "西来镇",
    "季市镇",
    "孤山镇",
    "生祠镇",
    "马桥镇",
)
_TOWN_ALIASES = {"靖江经济开发区": "靖江经济技术开发区"}

# County-level places used for comparison, with their prefecture city and postcode prefix.
COUNTIES: dict[str, tuple[str, str, str]] = {
    "靖江市": ("江苏省", "泰州市", "2145"),
    "泰兴市": ("江苏省", "泰州市", "2254"),
    "兴化市": ("江苏省", "泰州市", "2257"),
    "海陵区": ("江苏省", "泰州市", "2253"),
    "高港区": ("江苏省", "泰州市", "2253"),
    "姜堰区": ("江苏省", "泰州市", "2255"),
    "江阴市": ("江苏省", "无锡市", "2144"),
    "张家港市": ("江苏省", "苏州市", "2156"),
    "如皋市": ("江苏省", "南通市", "2265"),
    "海门区": ("江苏省", "南通市", "2261"),
    "启东市": ("江苏省", "南通市", "2262"),
    "常熟市": ("江苏省", "苏州市", "2155"),
    "扬中市": ("江苏省", "镇江市", "2122"),
}
_POSTCODE_COUNTY = {"214500": "靖江市", "214400": "江阴市", "215600": "张家港市", "225400": "泰兴市"}

_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_PROVINCE = re.compile(r"([\u4e00-\u9fff]{2,3}?(?:省|自治区))|^(北京|上海|天津|重庆)市?")
_CITY = re.compile(r"(?:省|自治区)([\u4e00-\u9fff]{2,4}?市)")
_COUNTY = re.compile(r"市([\u4e00-\u9fff]{1,5}?(?:区|县|市))")
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|园区|开发区))")
_GSDM = re.compile(r"^\s*([\u4e00-\u9fff]{2,3})\s*[;；(（]\s*(\d{2})")


@dataclass(frozen=True)
class Located:
    place: Place
    is_local: bool


def province_from_code(gsdm: str | None) -> str | None:
    """国省代码 ``江苏;32`` / ``河南(41)`` → ``江苏省``-style short name ``江苏``."""
    if not gsdm:
        return None
    m = _GSDM.match(gsdm)
    return m.group(1) if m else None


def locate(address: str | None, gsdm: str | None = None) -> Located:
    """Derive a Place from an address (and optional 国省代码)."""
    text = clean_text(address) or ""
    postcode_m = _POSTCODE.search(text)
    postcode = postcode_m.group(1) if postcode_m else None
    county = _county_of(text, postcode)
    province = city = None
    if county:
        province, city, _ = COUNTIES[county]
    else:
        if m := _PROVINCE.search(text):
            province = m.group(1) or f"{m.group(2)}市"
        if m := _CITY.search(text):
            city = m.group(1)
        if m := _COUNTY.search(text):
            county = m.group(1)
    if province is None and (short := province_from_code(gsdm)):
        province = short if short.endswith(("省", "市")) else f"{short}省"
    town = _town_of(text, county)
    place = Place(
        country="CN" if (province or county or postcode) else None,
        province=province,
        city=city,
        county=county,
        town=town,
        postcode=postcode,
    )
    return Located(place, county == JINGJIANG)


def _county_of(text: str, postcode: str | None) -> str | None:
    for name in COUNTIES:
        if name in text or name[:-1] + "县" in text:
            return name
    if "靖江经济" in text or ("靖江" in text and "江苏" in text):
        return JINGJIANG
    if postcode:
        if postcode in _POSTCODE_COUNTY:
            return _POSTCODE_COUNTY[postcode]
        if postcode.startswith("2145"):
            return JINGJIANG
    return None


def _town_of(text: str, county: str | None) -> str | None:
    if county == JINGJIANG:
        for name in JINGJIANG_TOWNS:
            if name in text:
                return _TOWN_ALIASES.get(name, name)
        if "经济开发区" in text or "经济技术开发区" in text:
            return "靖江经济技术开发区"
    tail = text.split(county, 1)[1] if county and county in text else text
    m = _TOWN.search(tail)
    return m.group(1) if m else None
