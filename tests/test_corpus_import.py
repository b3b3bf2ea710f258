"""Every raw text in tests/sources/ against content/: the published documents are the importer's output.

Re-imports each seed, corpus and lawref text and compares with its file in content/policies/: the body
must be identical, and the metadata too except the fields an editor legitimately changes after import —
REVIEWED (topics, read from the whole text) and VALIDITY (statuses and versions, set from evidence by
the validity work, never by the importer).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check import check_corpus
from kb.frontmatter import split_front_matter
from kb.importer import import_text, write_content_file
from kb.validity import VALIDITY_FIELDS

from .conftest import CONTENT, CORPUS, LAWREF, SEEDS

REVIEWED = {"topics"}
# Set by an editor where the text contradicts its record block, one file at a time, with the reason.
EDITED = {
    # The record says “complete: yes”, but the text stops at 第十八条, at the start of 第三章; the
    # importer cannot tell an article cut short from a law that ends there.
    "71_zjsxftl-2021.txt": {"complete", "note"},
}
# Source text → its document in content/policies/.
PUBLISHED = {
    "000_23f849602b51a31c.txt": "cq-2008-kzqyaqbzhhd",
    "001_520afed5494dc1d6.txt": "cq-2013-qsaqscgzyd",
    "002_53ab427e3e59e253.txt": "bj-2013-jzbf-10",
    "003_bf7b5b34d85a37b2.txt": "gj-2012-ajztgs-99",
    "004_47ae227851428ce8.txt": "my-2020-myjh-42",
    "01_anquanshengchanfa-2021.txt": "gj-2021-aqscf",
    "02_meikuang-anquanshengchan-tiaoli-2024.txt": "gj-2024-mkaqsctl",
    "03_shengchananquanshigu-yingji-tiaoli-2019.txt": "gj-2019-gwyl-708",
    "04_shandong-anquanshengchan-tiaoli-2021.txt": "sd-2021-aqsctl",
    "05_beijing-anquanshengchan-tiaoli-2022.txt": "bj-2022-aqsctl",
    "07_zhejiang-anquanshengchan-tiaoli-2016.txt": "zj-2016-aqsctl",
    "08_ningbo-zhutizeren-guiding-2021.txt": "nb-2021-scjydwaqsczt",
    "10_chongqing-anquanshengchan-tiaoli-2015.txt": "cq-2015-aqsctl",
    "11_anjianzongguansi-2014-17-xiaowei-tongzhi.txt": "gj-2014-ajzgs-17",
    "12_gongmao-xiaowei-pingdingbiaozhun-2014-kaopingshuoming.txt": "gj-2014-yjdgmhyxwqya",
    "14_anweiban-2012-1-yinhuanpaichazhili-tixi.txt": "gj-2012-awb-1",
    "16_zhongshan-2019-gongmao-biaozhunhua-pingshendanwei-gonggao.txt": "zs-2019-gmqyaqscbzhp",
    "18_shanghai-2025-biaozhunhua-dengjiqiye-tonggao.txt": "sh-2025-dpaqscbzhdjq",
    "29_shengchananquanshigu-baogao-diaochachuli-tiaoli-2007.txt": "gj-2007-gwyl-493",
    "30_tzsbaqf-2013.txt": "gj-2013-tzsbaqf",
    "31_ksaqf-2009.txt": "gj-2009-ksaqf",
    "32_zybfzf-2018.txt": "gj-2018-zybfzf",
    "33_ldf-2018.txt": "gj-2018-ldf",
    "34_xff-2021.txt": "gj-2021-xff",
    "35_wxhxpaqgltl-2013.txt": "gj-2011-wxhxpaqgltl",
    "36_aqscxkztl-2014.txt": "gj-2013-aqscxkztl",
    "37_gsbxtl-2010.txt": "gj-2003-gwyl-375",
    "38_jsgcaqscgltl-2003.txt": "gj-2003-gwyl-393",
    "39_syydwpzycsldbhtl-2002.txt": "gj-2002-gwyl-352",
    "40_mybzwpaqgltl-2014.txt": "gj-2006-gwyl-466",
    "41_yhbzaqgltl-2016.txt": "gj-2006-gwyl-455",
    "42_tzsbaqjctl-2009.txt": "gj-2003-gwyl-373",
    "43_ksaqfsstl-1996.txt": "gj-1996-ldbl-4",
    "44_mkaqjctl-2013.txt": "gj-2000-gwyl-296",
    "45_gwygyyfmkscaqsgdtbgd-2013.txt": "gj-2005-gwyl-446",
    "46_xzmkgltl-2013.txt": "gj-1994-gwyl-169",
    "47_nzgldbhtbgd-2012.txt": "gj-2012-gwyl-619",
    "48_dlaqsgyjczhdccltl-2011.txt": "gj-2011-gwyl-599",
    "49_tzsbaqjdjcbf-2022.txt": "gj-2022-gjscjdglzjl-57",
    "50_zgrmfyzgrmjcygyblwhs-2015.txt": "gj-nd-blwhscaqxsaj",
    "51_zgrmfyzgrmjcygyblwhs-2022.txt": "gj-2022-fs-19",
    "52_bjsaqsctl-nd.txt": "bj-2016-aqsctl",
    "53_bjsssksaqfbf-2021.txt": "bj-2021-sszhrmghgksa",
    "54_bjsxftl-nd.txt": "bj-2011-xftl",
    "55_bjsyhbzaqglgd-2017.txt": "bj-2010-yhbzaqglgd",
    "56_shsxftl-2020.txt": "sh-2020-xftl",
    "57_shszybfztl-nd.txt": "sh-nd-zybfztl",
    "58_shsyhbzaqgltl-nd.txt": "sh-nd-yhbzaqgltl",
    "59_sdsxftl-2015.txt": "sd-2015-xftl",
    "60_sdstzsbaqtl-2015.txt": "sd-2015-tzsbaqtl",
    "61_ytsaqscjdgltl-2018.txt": "yt-2018-aqscjdgltl",
    "62_szjjtqaqscjdgltl-2022.txt": "sz-2022-szjjtqaqscjd",
    "63_gdsssxffbf-2022.txt": "gd-2022-sszhrmghgxff",
    "64_hnsssksaqfbf-2010.txt": "hn-2010-sszhrmghgksa",
    "65_hnsgsbxtl-2007.txt": "hn-2007-gsbxtl",
    "66_hnsxftl-2014.txt": "hn-2014-xftl",
    "67_hnszybfztl-2010.txt": "hn-2010-zybfztl",
    "68_hzsaqscjdgltl-2010.txt": "hz-2010-aqscjdgltl",
    "69_zjsjtjsgczlhaqscgltl-2020.txt": "zj-2020-jtjsgczlhaqs",
    "70_zjsgsbxtl-2020.txt": "zj-2020-gsbxtl",
    "71_zjsxftl-2021.txt": "zj-2021-xftl",
    "72_zjstzsbaqgltl-nd.txt": "zj-2016-tzsbaqgltl",
    "73_cqsxftl-2013.txt": "cq-2013-xftl",
    "74_cqstzsbaqtl-2020.txt": "cq-2020-tzsbaqtl",
}
# Imported cleanly but not published, and why.
UNPUBLISHED = {
    "13_anjianzongban-2014-49-pingshen-guanlibanfa.txt": "the opening of a page that runs title, notice and 办法 "
                                                         "together on a few lines: no usable structure",
    "19_gongmao-biaozhunhua-jianshe-shishizhinan-2012-mulu.txt": "a table of contents with page numbers, not text",
}


def source_files() -> list[Path]:
    return sorted([*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt"), *LAWREF.glob("*.txt")])


def test_every_source_is_published_or_explained() -> None:
    names = {p.name for p in source_files()}
    assert names == set(PUBLISHED) | set(UNPUBLISHED)
    assert len(names) == 5 + 16 + 45
    # Every policy in content/ comes from one of them: nothing was written by hand.
    assert {p.stem for p in (CONTENT / "policies").glob("*.md")} == set(PUBLISHED.values())


def test_every_source_imports_and_passes_check(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    for path in source_files():
        result = import_text(path.read_bytes(), path.name)
        write_content_file(folder / f"{result.meta['id']}.md", result.text)
    corpus, problems = check_corpus(tmp_path)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(corpus) == len(source_files())  # ids are distinct


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_document_is_the_importers_output(name: str) -> None:
    path = next(p for p in source_files() if p.name == name)
    fresh = split_front_matter(import_text(path.read_bytes(), path.name).text)
    stored = split_front_matter((CONTENT / "policies" / f"{PUBLISHED[name]}.md").read_text(encoding="utf-8"))
    assert fresh.body == stored.body
    changed = {k for k in set(fresh.meta) | set(stored.meta) if fresh.meta.get(k) != stored.meta.get(k)}
    assert changed <= REVIEWED | VALIDITY_FIELDS | EDITED.get(name, set()), changed


def test_a_text_cut_short_is_not_published_as_complete() -> None:
    stored = split_front_matter((CONTENT / "policies" / "zj-2021-xftl.md").read_text(encoding="utf-8"))
    assert stored.meta["complete"] is False and "第十八条" in stored.meta["note"]
    assert stored.body.rstrip().rsplit("\n#### ", 1)[1].startswith("第十八条")


# What each text states about itself, read by hand from the texts: (title, doc_no, issuer, region, level,
# issued, effective). The adoption history decides issued/effective: see kb/importer/history.py.
EXPECTED = {
    # An original law: its 施行 article dates it.
    "30_tzsbaqf-2013.txt": ("中华人民共和国特种设备安全法", None, ["全国人民代表大会常务委员会"], "全国", "法律",
                            "2013-06-29", "2014-01-01"),
    # Amended twice after a revision (修正): the 施行 article (2009-05-01) is the original's, not this text's.
    "34_xff-2021.txt": ("中华人民共和国消防法", None, ["全国人民代表大会常务委员会"], "全国", "法律",
                        "2021-04-29", None),
    # Revised (修订) in 2011: the whole text re-enacted; 国务院令第344号 is the 2002 text's number.
    "35_wxhxpaqgltl-2013.txt": ("危险化学品安全管理条例", None, ["国务院"], "全国", "行政法规", "2011-02-16",
                                "2011-12-01"),
    # Changed by a 《…决定》 (called 修订 in the line): an amendment; no date of its own.
    "36_aqscxkztl-2014.txt": ("安全生产许可证条例", None, ["国务院"], "全国", "行政法规", "2013-07-18", None),
    # 自公布之日起施行: the 公布 date of its history.
    "41_yhbzaqgltl-2016.txt": ("烟花爆竹安全管理条例", "国务院令第455号", ["国务院"], "全国", "行政法规",
                               "2006-01-21", "2006-01-21"),
    # 国务院批准, 劳动部令 发布 “自发布之日施行”.
    "43_ksaqfsstl-1996.txt": ("中华人民共和国矿山安全法实施条例", "劳动部令第4号", ["劳动部"], "全国", "行政法规",
                              "1996-10-30", "1996-10-30"),
    "49_tzsbaqjdjcbf-2022.txt": ("特种设备安全监督检查办法", "国家市场监督管理总局令第57号", ["国家市场监督管理总局"],
                                 "全国", "部门规章", "2022-05-26", "2022-07-01"),
    # No history: not dated; its 施行 article is all it states.
    "50_zgrmfyzgrmjcygyblwhs-2015.txt": (
        "最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释", None,
        ["最高人民法院", "最高人民检察院"], "全国", "司法解释", None, "2015-12-16"),
    # Adopted by two bodies on one line; its 文号 under the repeated title.
    "51_zgrmfyzgrmjcygyblwhs-2022.txt": (
        "最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释（二）", "法释〔2022〕19号",
        ["最高人民法院", "最高人民检察院"], "全国", "司法解释", "2022-10-25", "2022-12-19"),
    "52_bjsaqsctl-nd.txt": ("北京市安全生产条例", None, ["北京市人民代表大会常务委员会"], "北京市", "地方性法规",
                            "2016-11-25", None),
    "57_shszybfztl-nd.txt": ("上海市职业病防治条例", None, [], "上海市", "地方性法规", None, "1996-05-01"),
    "61_ytsaqscjdgltl-2018.txt": ("烟台市安全生产监督管理条例", None, ["烟台市人民代表大会常务委员会"], "山东省烟台市",
                                  "地方性法规", "2018-01-23", "2018-05-01"),
    # Two revisions on one line, the second in 2022.
    "63_gdsssxffbf-2022.txt": ("广东省实施《中华人民共和国消防法》办法", None, ["广东省人民代表大会常务委员会"], "广东省",
                               "地方性法规", "2022-03-29", "2022-07-01"),
    "68_hzsaqscjdgltl-2010.txt": ("杭州市安全生产监督管理条例", None, ["杭州市人民代表大会常务委员会"], "浙江省杭州市",
                                  "地方性法规", "2010-10-11", "2010-11-01"),
    # 通过根据…修正 on one line: amended in 2020.
    "70_zjsgsbxtl-2020.txt": ("浙江省工伤保险条例", None, ["浙江省人民代表大会常务委员会"], "浙江省", "地方性法规",
                              "2020-09-24", None),
    # Revisions (修订) date their texts: 北京 2022, 山东 2021, 浙江 2016.
    "04_shandong-anquanshengchan-tiaoli-2021.txt": ("山东省安全生产条例", None, ["山东省人民代表大会常务委员会"],
                                                    "山东省", "地方性法规", "2021-12-03", "2022-03-01"),
    "05_beijing-anquanshengchan-tiaoli-2022.txt": ("北京市安全生产条例", None, ["北京市人民代表大会常务委员会"],
                                                   "北京市", "地方性法规", "2022-05-25", "2022-08-01"),
    "07_zhejiang-anquanshengchan-tiaoli-2016.txt": ("浙江省安全生产条例", None, ["浙江省人民代表大会常务委员会"],
                                                    "浙江省", "地方性法规", "2016-07-29", "2016-08-01"),
    # 国务院令第…号公布 in the text itself.
    "29_shengchananquanshigu-baogao-diaochachuli-tiaoli-2007.txt": (
        "生产安全事故报告和调查处理条例", "国务院令第493号", ["国务院"], "全国", "行政法规", "2007-04-09", "2007-06-01"),
    "03_shengchananquanshigu-yingji-tiaoli-2019.txt": (
        "生产安全事故应急条例", "国务院令第708号", ["国务院"], "全国", "行政法规", "2019-02-17", "2019-04-01"),
    # The issuer named in the opening (“国务院安委会办公室决定…”) completes a title printed as 关于….
    "14_anweiban-2012-1-yinhuanpaichazhili-tixi.txt": (
        "国务院安委会办公室关于建立安全隐患排查治理体系的通知", "安委办〔2012〕1号", ["国务院安委会办公室"], "全国",
        "部门规范性文件", None, None),
    # A hosting page's headline (有色金属等…) is not the title: the record's is, with the attachment's number.
    "12_gongmao-xiaowei-pingdingbiaozhun-2014-kaopingshuoming.txt": (
        "冶金等工贸行业小微企业安全生产标准化评定标准", "安监总管四〔2014〕17号 附件", ["国家安全生产监督管理总局"],
        "全国", "部门规范性文件", "2014-02-24", None),
    # A 函 to county bureaus is a working document.
    "004_47ae227851428ce8.txt": ("绵阳市应急管理局关于进一步加强非煤矿山和工贸企业安全生产标准化工作的通知",
                                 "绵应急函〔2020〕42号", ["绵阳市应急管理局"], "四川省绵阳市", "地方工作文件", None, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_where_the_text_states_it(name: str) -> None:
    path = next(p for p in source_files() if p.name == name)
    meta = import_text(path.read_bytes(), name).meta
    got = (meta["title"], meta["doc_no"], meta["issuer"], meta["region"], meta["level"],
           str(meta["issued"]) if meta["issued"] else None, str(meta.get("effective") or "") or None)
    assert got == EXPECTED[name]


def test_notes_say_only_what_the_text_shows() -> None:
    def meta(name: str) -> dict:
        path = next(p for p in source_files() if p.name == name)
        return import_text(path.read_bytes(), name).meta

    # The text states 国务院令第493号 and who made it: nothing was taken from the catalogue.
    assert "note" not in meta("29_shengchananquanshigu-baogao-diaochachuli-tiaoli-2007.txt")
    assert "note" not in meta("14_anweiban-2012-1-yinhuanpaichazhili-tixi.txt")
    # No 落款 and no date at its end: whether it is complete cannot be told.
    assert meta("004_47ae227851428ce8.txt")["note"] == "原文末尾没有落款和成文日期，无法确认是否为全文。"
    assert "note" not in meta("002_53ab427e3e59e253.txt")  # signed and dated


def test_two_versions_of_one_title_have_distinct_stable_ids() -> None:
    assert PUBLISHED["52_bjsaqsctl-nd.txt"] == "bj-2016-aqsctl"
    assert PUBLISHED["05_beijing-anquanshengchan-tiaoli-2022.txt"] == "bj-2022-aqsctl"


def test_industries_and_topics_of_laws_by_rule() -> None:
    def meta(name: str) -> dict:
        return import_text((LAWREF / name).read_bytes(), name).meta

    # From the scope article (第二条), the title naming none.
    assert meta("36_aqscxkztl-2014.txt")["industries"] == ["矿山", "建筑施工", "危险化学品", "烟花爆竹", "民用爆炸物品"]
    assert meta("38_jsgcaqscgltl-2003.txt")["industries"] == ["建筑施工"]  # 建设工程
    # 特种设备 and 消防 bind every enterprise that has them: topics, not industries.
    tzsb = meta("30_tzsbaqf-2013.txt")
    assert (tzsb["industries"], tzsb["topics"][0]) == ([], "特种设备")
    assert meta("34_xff-2021.txt")["industries"] == []
    assert "消防" in meta("34_xff-2021.txt")["topics"]
    assert meta("50_zgrmfyzgrmjcygyblwhs-2015.txt")["topics"] == ["刑事责任"]
    assert meta("37_gsbxtl-2010.txt")["topics"][0] == "工伤保险"


def test_partial_texts_are_marked() -> None:
    for name in ("12_gongmao-xiaowei-pingdingbiaozhun-2014-kaopingshuoming.txt",
                 "14_anweiban-2012-1-yinhuanpaichazhili-tixi.txt"):
        assert import_text((CORPUS / name).read_bytes(), name).meta["complete"] is False
