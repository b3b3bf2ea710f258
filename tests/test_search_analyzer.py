"""The analyzer: domain words, the question cut by the index's own vocabulary, synonyms, numbers."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kb.docno import fold_with_positions
from search.index import update_index
from search.query import analyze, cut, rejoin_separable
from search.segment import normalize, segment, segment_words, words
from search.service import ClauseSearch

ROOT = Path(__file__).resolve().parent.parent


def test_domain_words_are_kept_whole_and_their_parts_are_searchable() -> None:
    assert words("非煤矿山企业要建立双重预防机制") == ["非煤矿山", "企业", "要", "建立", "双重预防机制"]
    inner = {t.text for t in segment("非煤矿山") if not t.main}
    assert {"煤矿", "矿山"} <= inner
    # Words of four characters or more inside a longer word are found too (search mode stops at three).
    assert "安全生产" in {t.text for t in segment("安全生产标准化")}
    assert segment_words("安全生产标准化") == [t.text for t in segment("安全生产标准化")]


def test_positions_count_words_and_spans_point_into_the_text() -> None:
    text = "小微企业安全生产标准化证书过期了"
    tokens = segment(text)
    mains = [t for t in tokens if t.main]
    assert [t.pos for t in mains] == list(range(len(mains)))
    for tok in tokens:
        assert normalize(text)[tok.start:tok.end] == tok.text
        parent = next(m for m in mains if m.pos == tok.pos)
        assert parent.start <= tok.start and tok.end <= parent.end


def test_full_width_and_case_are_folded_without_moving_offsets() -> None:
    text = "ＧＢ／Ｔ 33000 要求"
    assert len(normalize(text)) == len(text)
    assert "gb" in [t.text for t in segment(text)]


@pytest.fixture
def index(content: Path, index_dir: Path):  # type: ignore[no-untyped-def]
    update_index(content, index_dir)
    with ClauseSearch(index_dir) as engine:
        yield engine._index


def test_the_question_is_cut_by_the_words_the_index_holds(index) -> None:  # type: ignore[no-untyped-def]
    # The index holds 主要负责人 (as jieba cut the law): the route takes it whole, and the shorter
    # index words inside it count as inner words.
    route = [w.text for w in cut(normalize("主要负责人有哪些安全生产职责"), index)]
    assert route[0] == "主要负责人" and "职责" in route
    plan = analyze("主要负责人有哪些安全生产职责", index)
    weights = dict(plan.terms)
    assert weights["主要负责人"] == 1.0 and weights["负责人"] < 1.0
    assert "哪些" not in weights and "有" not in weights  # a question word and a single character
    assert all(index.df(t) for t, _w in plan.terms)  # every term is one the index can find


def test_every_word_of_a_clause_asked_back_is_found_in_the_index(index) -> None:  # type: ignore[no-untyped-def]
    """Index and question agree: a sentence of the text, asked as a question, is cut into words
    the index holds (no word of it is lost between the two segmentations)."""
    sentence = "生产经营单位的主要负责人对本单位安全生产工作负有下列职责"
    plan = analyze(sentence, index)
    assert {t for t, _w in plan.terms} <= {t for t, _w in plan.terms if index.df(t)}
    assert {"生产经营单位", "主要负责人", "职责"} <= {t for t, _w in plan.terms}


def test_synonyms_follow_the_words_typed_and_single_characters_only_where_they_stand_alone(index) -> None:  # type: ignore[no-untyped-def]
    plan = analyze("老板要负什么责任", index)
    assert any(["主要负责人"] in group for group in plan.synonyms)
    # 罚 alone asks for the fine: the group of 罚款 looks in the 法律责任 chapter of the fixture law.
    assert any(["法律责任"] in group for group in analyze("不培训罚多少", index).synonyms)
    assert not any(["撤离"] in group for group in analyze("撤销证书", index).synonyms)


def test_a_thing_named_asks_for_its_category_but_not_the_other_way_round(index) -> None:  # type: ignore[no-untyped-def]
    # 《特种设备安全法》 第二条 puts 电梯 under 特种设备 (synonyms.yaml `narrower`).
    called = {tuple(w) for group in analyze("电梯没办登记", index).synonyms for w in group}
    assert ("特种设备",) in called
    # Whether the index holds 电梯 or not, a clause naming 特种设备 covers the question's 电梯 …
    assert any("电梯" in forms and "特种设备" in forms for forms, _w in analyze("电梯没办登记", index).concepts)
    # … and a clause naming only 电梯 does not cover a question about every 特种设备.
    assert not any("电梯" in forms for forms, _w in analyze("特种设备没办登记", index).concepts)
    # A name of the category holding a member's characters (灭火器材 holds 灭火器) names no member.
    assert not any("消防设施" in forms for forms, _w in analyze("灭火器材配备", index).concepts)


def test_a_sanction_is_asked_by_a_word_of_its_own(index) -> None:  # type: ignore[no-untyped-def]
    assert analyze("不培训罚多少", index).asks_sanction
    assert analyze("会被拘留吗", index).asks_sanction
    assert not analyze("主要负责人职责 罚则", index).asks_sanction  # 罚则 names a chapter
    assert not analyze("我没收到合格证怎么办", index).asks_sanction  # 没 is the negation here


def test_every_synonym_group_and_category_says_why_it_exists() -> None:
    data = yaml.safe_load((ROOT / "search" / "data" / "synonyms.yaml").read_text(encoding="utf-8"))
    entries = data["groups"] + data["narrower"]
    assert all(len(str(e.get("why", "")).strip()) > 20 for e in entries)
    assert all(e["members"] and e["names"] for e in data["narrower"])


def test_an_aspect_particle_inside_a_separable_verb_is_taken_out(index) -> None:  # type: ignore[no-untyped-def]
    # 坐过牢 is 坐牢 (a synonym word) with 过 inside: the question asks about 坐牢.
    assert "坐牢" in dict(analyze("坐过牢的人能不能干爆破", index).terms)
    # 了 before a word of its own (事故) is no part of a verb: 出了事故 keeps 事故.
    assert rejoin_separable("出了事故要报告吗", index, frozenset({"出事"})) == "出了事故要报告吗"
    assert rejoin_separable("受了伤", index, frozenset({"受伤"})) == "受伤"


def test_document_numbers_are_found_however_they_are_written(index) -> None:  # type: ignore[no-untyped-def]
    for text in ("京政办发〔2013〕10号", "京政办发2013 10号", "京政办发[2013]010号", "查京政办发（2013）10号文件"):
        assert analyze(text, index).doc_keys == ["京政办发201310"], text
    assert fold_with_positions("ＧＢ／Ｔ 9006-2010") == ("gbt90062010", [0, 1, 3, 5, 6, 7, 8, 10, 11, 12, 13])
    assert analyze("安全生产标准化", index).doc_keys == []


def test_a_law_and_an_article_name_that_article(index) -> None:  # type: ignore[no-untyped-def]
    law = next(i for i, d in enumerate(index.docs) if d["doc_id"] == "fx-aqscf-2021")
    for text in ("安全生产法第二十一条", "《中华人民共和国安全生产法》第21条", "安全生产法 第二十一条规定了什么"):
        assert analyze(text, index).articles == [([law], 21)], text
    assert analyze("第二十一条", index).articles == []  # no law named: nothing to go to


def test_imports_without_warnings() -> None:
    code = ("import anbiao.cli, search.service, search.query, search.index, search.static; "
            "from bench.support import import_jieba; j = import_jieba(); j.lcut('安全生产')")
    result = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_search_leaves_other_users_of_rjieba_alone() -> None:
    """The importer's classifier cuts with rjieba's default instance; loading search and segmenting
    with it must not add our domain words there (it has its own instance)."""
    code = ("from kb.importer.classify import industries_of\n"
            "title = '关于加强安全文化工作的通知'\n"
            "before = industries_of(title)\n"
            "from search.segment import segment\n"
            "segment(title)\n"
            "print(repr((before, industries_of(title))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before, after = ast.literal_eval(result.stdout)
    assert before == after and before  # ['文化'] when this test was written


def test_rjieba_cuts_like_pure_python_jieba_with_the_same_dictionary() -> None:
    """We segment with rjieba for speed; it must agree with jieba, the reference, on our texts."""
    from bench.support import import_jieba
    from kb.loader import load_valid_corpus
    from search.segment import dictionary_terms
    from tests.search_support import FIXTURE_CONTENT

    jieba = import_jieba()
    reference = jieba.Tokenizer()
    reference.initialize()
    for term in dictionary_terms():
        reference.add_word(term)
    texts = [c.text for d in load_valid_corpus(FIXTURE_CONTENT) for c in d.clauses if c.text]
    ours: Counter[str] = Counter(w for t in texts for w in words(t))
    theirs: Counter[str] = Counter(w.lower() for t in texts for w in reference.lcut(normalize(t))
                                   if any(ch.isalnum() for ch in w))
    agreement = sum((ours & theirs).values()) / max(sum(theirs.values()), 1)
    assert agreement >= 0.995, agreement


def test_the_coverage_mixes_words_bigrams_and_weighted_characters() -> None:
    """coverage = (1 − b − c) × words + b × bigrams + c × characters (by weight); characters that all
    weigh nothing leave words and bigrams alone, and a question without bigrams is covered by its words."""
    from search.query import QueryPlan

    plan = QueryPlan(concepts=[(frozenset({"转给"}), 1.0), (frozenset({"许可证"}), 1.0)],
                     bigrams=frozenset({"转给", "许可", "可证"}), chars=(("可", 1.0), ("给", 1.0), ("许", 2.0), ("证", 2.0), ("转", 3.0)))
    text = "转让许可证的"
    # words 1/2 (许可证), bigrams 2/3 (许可, 可证), characters 8/9 by weight (给 is not in the text)
    assert plan.coverage(text, 0.25, 0.5) == pytest.approx(0.25 * 0.5 + 0.25 * (2 / 3) + 0.5 * (8 / 9))
    silent = QueryPlan(concepts=plan.concepts, bigrams=plan.bigrams, chars=(("许", 0.0), ("证", 0.0)))
    assert silent.coverage(text, 0.25, 0.5) == pytest.approx(0.75 * 0.5 + 0.25 * (2 / 3))
    assert QueryPlan(concepts=plan.concepts).coverage(text, 0.25, 0.5) == 0.5
