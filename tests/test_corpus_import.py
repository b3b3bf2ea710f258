"""The importer on real texts it was not tuned on: every file of ../shared/corpus/ imports cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check import check_corpus
from kb.frontmatter import split_front_matter
from kb.importer import import_text, write_atomic
from kb.validity import VALIDITY_FIELDS

from .conftest import CONTENT, CORPUS

# What each text states about itself (read by hand from the texts), as the importer must find it.
EXPECTED = {
    "01_anquanshengchanfa-2021.txt": ("中华人民共和国安全生产法", None, "2021-06-10", "法律", 119),
    "02_meikuang-anquanshengchan-tiaoli-2024.txt": ("煤矿安全生产条例", None, "2024-01-24", "行政法规", 76),
    "04_shandong-anquanshengchan-tiaoli-2021.txt": ("山东省安全生产条例", None, "2021-12-03", "地方性法规", None),
    "05_beijing-anquanshengchan-tiaoli-2022.txt": ("北京市安全生产条例", None, "2022-05-25", "地方性法规", None),
    "11_anjianzongguansi-2014-17-xiaowei-tongzhi.txt": (
        "国家安全监管总局关于印发冶金等工贸行业小微企业安全生产标准化评定标准的通知", "安监总管四〔2014〕17号",
        "2014-02-24", "部门规范性文件", None),
    "18_shanghai-2025-biaozhunhua-dengjiqiye-tonggao.txt": (
        "上海市应急管理局关于2025年第2批安全生产标准化等级企业的通告", None, "2025-03-19", "地方工作文件", None),
}

# Imported into content/policies/ (complete texts, and two excerpts marked complete: false).
PUBLISHED = {
    "01": "gj-2021-aqscf", "02": "gj-2024-mkaqsctl", "03": "gj-2019-gwyl-708", "04": "sd-2021-aqsctl",
    "05": "bj-2022-aqsctl", "07": "zj-2016-aqsctl", "08": "nb-2021-scjydwaqsczt", "10": "cq-2015-aqsctl",
    "11": "gj-2014-ajzgs-17", "12": "gj-2014-ysjsdgmhyxwq", "14": "gj-2012-awb-1", "16": "zs-2019-gmqyaqscbzhp",
    "18": "sh-2025-dpaqscbzhdjq", "29": "gj-2007-gwyl-493",
}
# Reviewed by hand after import: topics of the laws (from their own text) and one notice's level.
REVIEWED = {"topics", "level"}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.txt"))


def test_every_corpus_file_imports_and_passes_check(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    for path in corpus_files():
        result = import_text(path.read_bytes(), path.name)
        write_atomic(folder / f"{result.meta['id']}.md", result.text)
    corpus, problems = check_corpus(tmp_path)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(corpus) == len(corpus_files())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_where_the_text_states_it(name: str) -> None:
    title, doc_no, issued, level, articles = EXPECTED[name]
    result = import_text((CORPUS / name).read_bytes(), name)
    assert result.meta["title"] == title
    assert result.meta["doc_no"] == doc_no
    assert str(result.meta["issued"]) == issued
    assert result.meta["level"] == level
    if articles:
        assert sum(1 for b in result.blocks if b.label.endswith("条")) == articles


def test_partial_texts_are_marked() -> None:
    for name in ("12_gongmao-xiaowei-pingdingbiaozhun-2014-kaopingshuoming.txt",
                 "14_anweiban-2012-1-yinhuanpaichazhili-tixi.txt"):
        assert import_text((CORPUS / name).read_bytes(), name).meta["complete"] is False


@pytest.mark.parametrize("prefix", sorted(PUBLISHED))
def test_published_corpus_documents_are_the_importers_output(prefix: str) -> None:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    fresh = split_front_matter(import_text(path.read_bytes(), path.name).text)
    stored = split_front_matter((CONTENT / "policies" / f"{PUBLISHED[prefix]}.md").read_text(encoding="utf-8"))
    assert fresh.body == stored.body
    changed = {k for k in set(fresh.meta) | set(stored.meta) if fresh.meta.get(k) != stored.meta.get(k)}
    assert changed <= REVIEWED | VALIDITY_FIELDS, changed
