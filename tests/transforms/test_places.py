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
