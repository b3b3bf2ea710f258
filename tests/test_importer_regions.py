"""Regions from GB/T 2260 (kb/data/regions.csv): an issuer's name resolves to the full name of its
division, the chain follows the codes, and a value outside the list gets the nearest valid one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kb.errors import AnbiaoError
from kb.importer import import_text
from kb.importer.classify import make_id, region_of
from kb.importer.validate import validate_output
from kb.schema import parse_front_matter, validation_messages
from kb.vocab import load_vocabulary


@pytest.mark.parametrize(("issuer", "region"), [
    ("上海市青浦区应急管理局", "上海市青浦区"),
    ("四川省绵阳市应急管理局", "四川省绵阳市"),
    ("绵阳市应急管理局", "四川省绵阳市"),
    ("烟台市人民代表大会常务委员会", "山东省烟台市"),
    ("诸城市安全生产监督管理局", "山东省潍坊市诸城市"),  # a county of a city: 省+市+县
    ("山东省诸城市人民政府", "山东省潍坊市诸城市"),
    ("中山市应急管理局", "广东省中山市"),  # a city without counties
    ("广西壮族自治区应急管理厅", "广西壮族自治区"),
    ("新疆生产建设兵团应急管理局", "新疆生产建设兵团"),  # not GB/T 2260, kept in vocab.yaml
    ("国家市场监督管理总局", "全国"),
    ("最高人民法院", "全国"),
    ("住房和城乡建设部", "全国"),
])
def test_issuer_names_its_region(issuer: str, region: str) -> None:
    assert region_of([issuer], None) == (region, None)


def test_a_name_several_divisions_share_is_reported_not_guessed() -> None:
    region, problem = region_of(["朝阳区应急管理局"], None)
    assert region is None
    assert "北京市朝阳区" in problem and "吉林省长春市朝阳区" in problem
    assert region_of(["北京市朝阳区应急管理局"], None) == ("北京市朝阳区", None)


def test_short_county_names_count_only_after_their_city() -> None:
    # 城区 is a district of 阳泉市, and also a word: alone it names nothing.
    assert region_of(["城区应急管理局"], None) == (None, None)
    assert region_of(["山西省阳泉市城区应急管理局"], None) == ("山西省阳泉市城区", None)


def test_region_chain_follows_the_codes() -> None:
    vocab = load_vocabulary()
    assert vocab.region_chain("上海市青浦区") == ["上海市青浦区", "上海市", "全国"]
    assert vocab.region_chain("山东省潍坊市诸城市") == ["山东省潍坊市诸城市", "山东省潍坊市", "山东省", "全国"]
    assert vocab.region_codes["上海市青浦区"] == "310118"
    assert len([r for r in vocab.regions if vocab.region_parent.get(r) == "全国"]) == 35  # 34 + 兵团


def test_id_uses_the_regions_own_name() -> None:
    assert make_id("上海市青浦区", 2024, "青应急〔2024〕3号", None, "x").startswith("qp-2024-")
    assert make_id("四川省绵阳市", 2020, "绵应急函〔2020〕42号", None, "x") == "my-2020-myjh-42"


def test_import_resolves_a_district_issuer() -> None:
    text = ("上海市青浦区应急管理局关于开展安全生产标准化建设的通知\n青应急〔2024〕3号\n各镇、街道：\n"
            "一、总体要求\n各企业要按照要求开展标准化建设。\n上海市青浦区应急管理局\n2024年3月1日\n")
    meta = import_text(text.encode(), "qp.txt").meta
    assert (meta["region"], meta["id"]) == ("上海市青浦区", "qp-2024-qyj-3")


@pytest.mark.parametrize(("field", "value", "nearest"), [
    ("region", "青浦区", "上海市青浦区"),
    ("region", "绵阳", "四川省绵阳市"),
    ("region", "上海青浦", "上海市青浦区"),  # the own name read inside the division already named
    ("region", "山东省诸城市", "山东省潍坊市诸城市"),
    ("industries", ["建设工程"], "建筑施工"),
])
def test_check_names_the_nearest_valid_value(field: str, value: object, nearest: str) -> None:
    meta = {"id": "x-1", "kind": "policy", "title": "标题", "doc_no": None, "issuer": [], "region": "全国",
            "level": "其他", "issued": None, "status": "未知", "industries": [], "topics": [], "source": "s"}
    meta[field] = value
    with pytest.raises(ValidationError) as info:
        parse_front_matter(meta)
    [(name, message)] = validation_messages(info.value)
    assert name == (field,) and f"最接近的有效值：{nearest}" in message


def test_output_check_rejects_before_anything_is_written() -> None:
    meta = {"id": "x-1", "kind": "policy", "title": "标题", "doc_no": None, "issuer": [], "region": None,
            "level": None, "issued": None, "status": "未知", "industries": ["建设工程"], "topics": [], "source": "s"}
    with pytest.raises(AnbiaoError, match=r"^x\.txt: 导入结果不能通过校验，未写入任何文件：.*最接近的有效值：建筑施工") as info:
        validate_output(meta, [], "x.txt")
    assert "region" not in str(info.value)  # left null for the editor, reported elsewhere
