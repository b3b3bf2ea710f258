"""kb.docno: one module reads, normalises and compares document numbers for every other part."""

import pytest

from generator.site.links import CitationIndex
from kb.docno import doc_no_key, doc_no_keys_in, doc_no_mentions, doc_no_shape_ok, find_doc_numbers
from kb.loader import load_corpus
from tests.conftest import CONTENT


@pytest.mark.parametrize("variant", ["京政办发〔2013〕10号", "京政办发[2013]10号", "京政办发［2013］10号",
                                     "京政办发（2013）10号", "京政办发(2013)10号", "京政办发【2013】10号",
                                     "京政办发 〔2013〕 10 号"])
def test_doc_no_bracket_variants_are_canonical(variant: str) -> None:
    assert find_doc_numbers(variant) == ["京政办发〔2013〕10号"]


def test_doc_numbers_in_running_text() -> None:
    text = ("为深入贯彻落实《国务院关于加强企业安全生产工作的通知》（国发〔2010〕23号）和安委办〔2011〕18号等文件，"
            "依据AQ/T9006-2010和《工贸企业重大事故隐患判定标准》（应急管理部令第10号），按照安监总厅管四〔2012〕99号")
    assert find_doc_numbers(text) == ["国发〔2010〕23号", "安委办〔2011〕18号", "安监总厅管四〔2012〕99号",
                                      "应急管理部令第10号", "AQ/T 9006-2010"]


def test_doc_no_shapes() -> None:
    for good in ("京政办发〔2013〕10号", "应急管理部令第10号", "国务院令第708号", "GB/T 33000-2016", "AQ/T 9006-2010"):
        assert doc_no_shape_ok(good), good
    for bad in ("京政办发[2013]10号", "10号", "京政办发〔13〕10号"):
        assert not doc_no_shape_ok(bad), bad


def test_doc_no_key_matches_spacing_and_brackets() -> None:
    assert doc_no_key("京政办发〔2013〕10号") == doc_no_key("京政办发2013 10号")


def test_loose_key_treats_dash_variants_alike() -> None:
    assert doc_no_key("GB/T 33000—2025") == doc_no_key("GB/T 33000-2025")


@pytest.mark.parametrize("variant", ["GB/T 33000-2016", "GB/T33000—2016", "gb/t 33000－2016", "ＧＢ／Ｔ 33000-2016",
                                     "GBT33000-2016"])
def test_one_key_for_every_writing_of_a_standard(variant: str) -> None:
    assert doc_no_key(variant) == "gbt330002016"


def test_key_ignores_leading_zeros_and_missing_brackets() -> None:
    assert doc_no_key("京政办发[2013]010号") == doc_no_key("京政办发2013 10号") == doc_no_key("京政办发〔2013〕10号")
    assert doc_no_key("国务院令第708号") == doc_no_key("国务院令708号")
    assert doc_no_key("京政办发〔2013〕1号") != doc_no_key("京政办发〔2013〕10号")


def test_mentions_give_spans_of_the_number_only() -> None:
    text = "根据国发〔2010〕23号和GB/T 33000-2016"
    found = doc_no_mentions(text)
    assert [text[m.start:m.end] for m in found] == ["国发〔2010〕23号", "GB/T 33000-2016"]
    assert [m.canonical for m in found] == ["国发〔2010〕23号", "GB/T 33000-2016"]


def test_an_order_number_after_a_date_does_not_take_the_date_in() -> None:
    # A local 规章's header line: “2019年12月20日北京市人民政府令第290号公布”.
    assert find_doc_numbers("2019年12月20日北京市人民政府令第290号公布") == ["北京市人民政府令第290号"]
    assert find_doc_numbers("日照市人民政府令第1号") == ["日照市人民政府令第1号"]  # 日照 is a city


def test_loose_mentions_try_every_issuer_code() -> None:
    key = doc_no_key("京政办发〔2013〕10号")
    assert doc_no_keys_in("查京政办发2013 10号", [key]) == ([key], [(1, 12)])  # 京 … 10


def test_site_links_search_and_generator_agree_on_the_real_content() -> None:
    """Every document's own number, written loosely, finds that document through the site's links."""
    corpus, _ = load_corpus(CONTENT)
    index = CitationIndex.build(corpus)
    for doc in corpus:
        if doc.meta.doc_no:
            loose = doc.meta.doc_no.replace("〔", "[").replace("〕", "]").replace("-", "—")
            assert index.lookup_number(loose) is doc, doc.meta.doc_no


def test_the_year_of_a_document_number() -> None:
    from kb.docno import doc_no_year

    assert doc_no_year("绵应急函〔2020〕42号") == 2020
    assert doc_no_year("劳动部令第4号") is None
    assert doc_no_year(None) is None
