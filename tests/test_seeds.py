"""The five seeds in content/policies/: fidelity to the source text (importer ↔ content agreement for
every source text is tests/test_corpus_import.py)."""

from __future__ import annotations

import re

import pytest

from bench.support import markdown_to_plain, without_whitespace
from kb.loader import load_document

from .conftest import CONTENT, SEEDS

SEED_FILES = {
    "000_23f849602b51a31c.txt": "cq-2008-kzqyaqbzhhd",
    "001_520afed5494dc1d6.txt": "cq-2013-qsaqscgzyd",
    "002_53ab427e3e59e253.txt": "bj-2013-jzbf-10",
    "003_bf7b5b34d85a37b2.txt": "gj-2012-ajztgs-99",
    "004_47ae227851428ce8.txt": "my-2020-myjh-42",
}

# Lines of each seed that are not in the body because they moved into front-matter
# (title, 文号, 主送 → title/doc_no/addressees; 落款 and 版记 → closing), written out in full.
MOVED_TO_FRONT_MATTER = {
    "000_23f849602b51a31c.txt": ["重庆市人民政府办公厅关于", "开展企业安全标准化活动的指导意见",
                                 "各区县（自治县）人民政府，市政府有关部门，有关单位："],
    "001_520afed5494dc1d6.txt": ["重庆市人民政府关于", "印发2013年全市安全生产", "工作要点的通知",
                                 "各区县（自治县）人民政府，市政府各部门，有关单位："],
    "002_53ab427e3e59e253.txt": ["北京市人民政府办公厅关于进一步推进企业安全生产标准化建设 工作的意见",
                                 "京政办发〔2013〕10号", "各区、县人民政府，市政府各委、办、局，各市属机构："],
    "003_bf7b5b34d85a37b2.txt": ["国家安全监管总局办公厅关于工贸企业",
                                 "安全生产标准化和安全隐患排查治理体系建设情况的通报", "安监总厅管四〔2012〕99号",
                                 "各省、自治区、直辖市及新疆生产建设兵团安全生产监督管理局，有关中央企业："],
    # 004 also opens with its issuer's banner line, and carries a converter's `#`/`**` markup.
    "004_47ae227851428ce8.txt": ["# 绵阳市应急管理局", "绵应急函〔2020〕42号",
                                 "## 绵阳市应急管理局 关于进一步加强非煤矿山和工贸企业 安全生产标准化工作的通知",
                                 "各县市区应急管理局、园区安办："],
}
SOURCE_MARKUP = {"004_47ae227851428ce8.txt": re.compile(r"^#+\s*|\*\*", re.MULTILINE)}

@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_body_is_the_seed_text(seed: str) -> None:
    """Body without markup and whitespace == seed without whitespace, less the lines moved out."""
    source = (SEEDS / seed).read_text(encoding="utf-8")
    if seed in SOURCE_MARKUP:
        source = SOURCE_MARKUP[seed].sub("", source)
    doc, problems = load_document(CONTENT / "policies" / f"{SEED_FILES[seed]}.md")
    assert doc is not None, problems
    expected = without_whitespace(source)
    moved = [without_whitespace(SOURCE_MARKUP[seed].sub("", ln) if seed in SOURCE_MARKUP else ln)
             for ln in MOVED_TO_FRONT_MATTER[seed]]
    head = "".join(moved)
    assert expected.startswith(head), "the moved head lines are the seed's first lines"
    closing = without_whitespace("".join(doc.meta.closing))
    assert expected.endswith(closing)
    body = without_whitespace(markdown_to_plain(doc.body))
    assert head + body + closing == expected
    assert doc.meta.source == seed


def test_seed_metadata_as_the_texts_state_it() -> None:
    docs = {sid: load_document(CONTENT / "policies" / f"{sid}.md")[0] for sid in SEED_FILES.values()}
    bj = docs["bj-2013-jzbf-10"].meta
    assert (bj.doc_no, str(bj.issued), bj.region, bj.issuer) == (
        "京政办发〔2013〕10号", "2013-03-08", "北京市", ["北京市人民政府办公厅"])
    assert bj.cites[:4] == ["国发〔2010〕23号", "安委〔2011〕4号", "安委办〔2011〕18号", "AQ/T 9006-2010"]
    cq = docs["cq-2008-kzqyaqbzhhd"].meta
    assert (cq.doc_no, str(cq.issued), cq.region) == (None, "2008-06-06", "重庆市")
    assert str(docs["cq-2013-qsaqscgzyd"].meta.issued) == "2013-01-07"
    gj = docs["gj-2012-ajztgs-99"].meta
    assert (gj.doc_no, gj.issued, gj.region, gj.industries) == ("安监总厅管四〔2012〕99号", None, "全国", ["工贸"])
    my = docs["my-2020-myjh-42"].meta
    assert (my.doc_no, my.issued, my.region, my.level) == ("绵应急函〔2020〕42号", None, "四川省绵阳市", "地方工作文件")
    assert my.industries == ["非煤矿山", "工贸"]
    for doc in docs.values():
        assert doc.meta.status == "未知"  # no seed states its own validity


def test_seed_structure() -> None:
    bj, _ = load_document(CONTENT / "policies" / "bj-2013-jzbf-10.md")
    ids = [c.id for c in bj.clauses]
    assert ids[:6] == ["0", "1", "1.1", "1.2", "1.3", "1.3.1"]
    assert bj.clause("1.2").heading == "（二）工作目标"
    assert "2013年底前" in bj.clause("1.2").text
    assert bj.clause("2.2.4").heading == "4. 企业："
    my, _ = load_document(CONTENT / "policies" / "my-2020-myjh-42.md")
    assert my.clause("2.3").heading == "(三) 进一步抓好复评工作。"
    assert "标准化证书已经过期" in my.clause("2.3").text
