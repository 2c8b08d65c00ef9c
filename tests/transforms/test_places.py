from __future__ import annotations

import pytest

from transforms.places import locate, province_from_code


@pytest.mark.parametrize(
    ("address", "county", "town", "local"),
    [
        ("214500 江苏省泰州市靖江市新桥镇东环路8号", "靖江市", "新桥镇", True),
        ("江苏省靖江市城南园区沿江路1号", "靖江市", "城南园区", True),
        ("江苏省靖江市经济开发区新港大道9号", "靖江市", "靖江经济技术开发区", True),
        ("靖江经济技术开发区江平路", "靖江市", "靖江经济技术开发区", True),
        ("上海市虹口区靖江路5号", "虹口区", None, False),  # a road named after the city is not the city
        ("214500 江苏省靖江市靖城街道人民路", "靖江市", "靖城街道", True),
        ("214400 江苏省无锡市江阴市周庄镇长寿路", "江阴市", "周庄镇", False),
        ("江苏省张家港市锦丰镇", "张家港市", "锦丰镇", False),
        ("214500 江蘇省靖江市新橋鎮東環路8號", "靖江市", "新桥镇", True),  # traditional characters
        ("450000 河南省郑州市金水区经三路", "金水区", None, False),
        (None, None, None, False),
    ],
)
def test_locate(address: str | None, county: str | None, town: str | None, local: bool) -> None:
    located = locate(address)
    assert located.place.county == county
    assert located.place.town == town
    assert located.is_local is local


def test_postcode_alone_makes_local() -> None:
    assert locate("214500 某某路1号").is_local


def test_province_codes() -> None:
    assert province_from_code("江苏;32") == "江苏"
    assert province_from_code("河南(41)") == "河南"
    assert province_from_code("garbage") is None
    assert locate("", "江苏;32").place.province == "江苏省"


@pytest.mark.parametrize(
    ("address", "gsdm", "province", "city", "county", "town", "postcode", "local"),
    [
        # Jingjiang towns, streets and parks
        ("江苏省靖江市马桥镇工业园区", None, "江苏省", "泰州市", "靖江市", "马桥镇", None, True),
        (
            "江苏省靖江市江阴—靖江工业园区联宜路",
            None,
            "江苏省",
            "泰州市",
            "靖江市",
            "江阴-靖江工业园区",
            None,
            True,
        ),
        ("江苏省靖江市靖城镇人民路", None, "江苏省", "泰州市", "靖江市", "靖城街道", None, True),
        ("江苏省靖江市新桥镇德胜村", None, "江苏省", "泰州市", "靖江市", "新桥镇", None, True),
        ("２１４５００　江苏省泰州市某某路１号", None, "江苏省", "泰州市", "靖江市", None, "214500", True),
        ("214500 江苏省泰州市某某路", None, "江苏省", "泰州市", "靖江市", None, "214500", True),
        # comparison counties of Taizhou, Wuxi, Suzhou, Nantong, Zhenjiang, Yangzhou
        ("江苏省泰兴市黄桥镇", None, "江苏省", "泰州市", "泰兴市", "黄桥镇", None, False),
        ("江苏省宜兴市丁蜀镇", None, "江苏省", "无锡市", "宜兴市", "丁蜀镇", None, False),
        ("江苏省昆山市周市镇", None, "江苏省", "苏州市", "昆山市", "周市镇", None, False),
        ("江苏省南通市海门市三厂镇", None, "江苏省", "南通市", "海门区", "三厂镇", None, False),  # old name
        ("江苏省南通市通州区兴东街道", None, "江苏省", "南通市", "通州区", "兴东街道", None, False),
        ("北京市通州区潞城镇", None, "北京市", None, "通州区", "潞城镇", None, False),  # not Nantong's 通州区
        ("江苏省扬中市八桥镇", None, "江苏省", "镇江市", "扬中市", "八桥镇", None, False),
        ("江苏省仪征市真州镇", None, "江苏省", "扬州市", "仪征市", "真州镇", None, False),
        ("226500", None, "江苏省", "南通市", "如皋市", None, "226500", False),  # bare postcode
        ("225300 某某路", None, None, None, None, None, "225300", False),  # prefix shared by two districts
        # other provinces and parks: full names, not pieces of them
        ("广西壮族自治区南宁市", None, "广西壮族自治区", "南宁市", None, None, None, False),
        ("新疆维吾尔自治区乌鲁木齐市", None, "新疆维吾尔自治区", "乌鲁木齐市", None, None, None, False),
        ("中国江苏省南京市江宁区", None, "江苏省", "南京市", "江宁区", None, None, False),
        ("江苏省苏州工业园区星湖街328号", None, "江苏省", None, None, "苏州工业园区", None, False),
        # a street named after Jingjiang elsewhere is not Jingjiang
        ("江苏省扬州市靖江路", None, "江苏省", "扬州市", None, None, None, False),
        ("江苏省宿迁市沭阳县靖江路", None, "江苏省", "宿迁市", "沭阳县", None, None, False),
        # 超市 (a supermarket) is not a city
        ("江苏省靖江城北园区人民路超市对面", None, "江苏省", "泰州市", "靖江市", "城北园区", None, True),
        # 国省代码
        ("", "江苏;32", "江苏省", None, None, None, None, False),
        ("", "32", "江苏省", None, None, None, None, False),
        ("", "广西(45)", "广西壮族自治区", None, None, None, None, False),
        ("", "上海;31", "上海市", None, None, None, None, False),
        # malformed: nothing is invented
        ("???", None, None, None, None, None, None, False),
        ("2145000 某某路", None, None, None, None, None, None, False),  # seven digits: not a postcode
        ("靖江", None, None, None, None, None, None, False),  # a bare name is not an address
        ("", "garbage", None, None, None, None, None, False),
    ],
)
def test_locate_table(
    address: str,
    gsdm: str | None,
    province: str | None,
    city: str | None,
    county: str | None,
    town: str | None,
    postcode: str | None,
    local: bool,
) -> None:
    located = locate(address, gsdm)
    place = located.place
    assert (place.province, place.city, place.county, place.town, place.postcode) == (
        province,
        city,
        county,
        town,
        postcode,
    )
    assert located.is_local is local


def test_counties_table_has_postcodes_and_division_codes() -> None:
    from transforms.places import counties

    table = counties()
    assert {c.city for c in table.values()} == {"泰州市", "无锡市", "苏州市", "南通市", "镇江市", "扬州市"}
    assert all(len(c.postcode) == 6 and len(c.division_code) == 6 for c in table.values())
    assert table["靖江市"].postcode == "214500" and table["靖江市"].division_code == "321282"
