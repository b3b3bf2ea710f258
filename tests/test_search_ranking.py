"""Ranking over the real content/: articles named by law and number, document numbers, in-force
text before replaced text, a law before its provincial copy, near-identical clauses folded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.docno import annex_parent_key, doc_no_key, with_attachments
from search.query import Filters
from search.ranking import Hit, resemblance, resemblance_grams
from search.service import ClauseSearch
from tests.search_support import content_search


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClauseSearch]:
    with content_search(tmp_path_factory.mktemp("ranking")) as opened:
        yield opened


def _key(hit: Hit) -> str:
    return f"{hit.doc_id}#{hit.clause_id}"


def _score_ratio(engine: ClauseSearch, question: str, doc: str, other: str, filters: Filters | None = None) -> float:
    """The score of `doc`'s best clause over that of `other`'s: a prior on one of them shows as a
    factor on this ratio, whatever the words score."""
    best: dict[str, float] = {}
    for h in engine.search(question, filters, limit=50):
        best.setdefault(h.doc_id, h.score)
    return best[doc] / best[other]


@pytest.mark.parametrize(("question", "article"), [
    ("安全生产法第二十一条", "gj-2021-aqscf#21"),
    ("《中华人民共和国安全生产法》第21条主要负责人职责", "gj-2021-aqscf#21"),
    # The law itself, not 广东省实施《中华人民共和国消防法》办法 whose title quotes it.
    ("消防法第三十七条", "gj-2021-xff#37"),
])
def test_a_law_and_an_article_go_straight_to_the_article(engine: ClauseSearch, question: str, article: str) -> None:
    assert _key(engine.search(question)[0]) == article


@pytest.mark.parametrize(("question", "doc_id"), [
    ("国务院令第493号", "gj-2007-gwyl-493"),
    ("GB/T 33000-2016", "gbt-33000-2016"),
    ("京政办发2013 10号", "bj-2013-jzbf-10"),
])
def test_a_document_number_finds_its_document(engine: ClauseSearch, question: str, doc_id: str) -> None:
    hits = engine.search(question, limit=3)
    assert {h.doc_id for h in hits} == {doc_id}


def test_a_notice_number_finds_the_attachment_issued_under_it_below_the_notice(engine: ClauseSearch) -> None:
    # 安监总管四〔2014〕17号 is a notice whose attachment (its 评定标准) has the number 安监总管四〔2014〕17号 附件.
    docs = [h.doc_id for h in engine.search("安监总管四〔2014〕17号", limit=5)]
    assert docs[0] == "gj-2014-ajzgs-17" and set(docs[1:]) == {"gj-2014-yjdgmhyxwqya"}
    # The attachment's own number asks for the attachment, not the notice.
    assert {h.doc_id for h in engine.search("安监总管四〔2014〕17号附件", limit=5)} == {"gj-2014-yjdgmhyxwqya"}


def test_attachment_numbers_are_their_notices_number_and_annex() -> None:
    notice, annex, annex2 = (doc_no_key(n) for n in ("安监总管四〔2014〕17号", "安监总管四〔2014〕17号 附件",
                                                     "安监总管四〔2014〕17号 附件2"))
    assert annex_parent_key(annex) == annex_parent_key(annex2) == notice and annex_parent_key(notice) is None
    assert with_attachments([notice], [notice, annex, annex2, "京政办发201310"]) == ([notice], [annex, annex2])
    assert with_attachments([notice, annex], [notice, annex, annex2]) == ([annex], [])


def test_the_version_in_force_is_shown_and_the_replaced_one_folded_into_it(engine: ClauseSearch) -> None:
    first = engine.search("安全生产信息网络平台")[0]
    assert (_key(first), first.status, first.in_force) == ("bj-2022-aqsctl#51", "现行有效", True)
    assert [(s.doc_id, s.clause_id, s.status) for s in first.similar] == [("bj-2016-aqsctl", "72", "已修改")]


def test_a_law_is_shown_in_place_of_its_provincial_copy(engine: ClauseSearch) -> None:
    hits = engine.search("综合性消防救援队 专职消防队 承担重大灾害事故")
    assert _key(hits[0]) == "gj-2021-xff#37" and hits[0].level == "法律"
    assert [(s.doc_id, s.region) for s in hits[0].similar] == [("sh-2020-xftl", "上海市")]
    assert "sh-2020-xftl#53" not in {_key(h) for h in hits}  # shown once, under the law


def test_the_provincial_copy_is_shown_when_the_question_names_its_place(engine: ClauseSearch) -> None:
    """A question naming 上海 asks for Shanghai's rule: the copy represents the group, the law folds."""
    hits = engine.search("上海 综合性消防救援队 专职消防队 承担重大灾害事故")
    first = next(h for h in hits if "gj-2021-xff#37" in {_key(h), *(f"{s.doc_id}#{s.clause_id}" for s in h.similar)})
    assert _key(first) == "sh-2020-xftl#53"
    assert [s.doc_id for s in first.similar] == ["gj-2021-xff"]


def test_a_trade_regulation_ranks_below_general_law_unless_its_trade_is_named(engine: ClauseSearch) -> None:
    """The trade prior: 危险化学品安全管理条例 binds 危险化学品 enterprises only. Against the general
    law its score drops by trade_prior when the question names no trade; naming the trade by a
    synonym (危化品) or filtering by the industry lifts it."""
    from search.query import ranking_params

    def ratio(question: str, filters: Filters | None = None) -> float:
        return _score_ratio(engine, question, "gj-2011-wxhxpaqgltl", "gj-2021-aqscf", filters)

    factor = ranking_params()["trade_prior"]
    assert factor < 1
    wanted = Filters(industry="危险化学品")
    assert ratio("应急预案 备案", wanted) == pytest.approx(ratio("应急预案 备案") / factor)
    assert ratio("危化品 应急预案 备案", wanted) == pytest.approx(ratio("危化品 应急预案 备案"))


def test_a_trade_is_named_by_its_longest_word_and_by_a_group_holding_it() -> None:
    from kb.vocab import load_vocabulary
    from search.ranking import trades_named

    vocab = load_vocabulary()
    coal = vocab.industry_names(vocab.expand_industries(["煤矿"]))
    assert {"煤矿", "矿山"} <= coal  # a question about 矿山 is about 煤矿 too
    words = sorted(coal | {"非煤矿山"}, key=lambda n: (-len(n), n))
    assert trades_named("非煤矿山企业的安全出口", words) == {"非煤矿山"}  # not 煤矿, inside it
    assert trades_named("矿山企业的安全出口", words) == {"矿山"}


def test_naming_a_province_ranks_up_its_own_texts_not_every_city_of_it(engine: ClauseSearch) -> None:
    """浙江 places 杭州's text within a place named (not ranked down) but not at the place named (not
    ranked up); 杭州 does both."""
    from search.query import analyze, ranking_params

    index = engine._index
    hz = next(d for d, doc in enumerate(index.docs) if doc["doc_id"] == "hz-2010-aqscjdgltl")
    zj = next(d for d, doc in enumerate(index.docs) if doc["doc_id"] == "zj-2016-aqsctl")
    p = ranking_params()

    def factors(question: str) -> tuple[float, float]:
        plan = analyze(question, index)
        prior = index._question_prior(plan, index._places_named(plan, None), None)
        first: dict[int, float] = {}
        for c in range(len(prior)):
            first.setdefault(int(index.clause_doc[c]), float(prior[c]))  # a first article: no 法律责任 heading
        return first[hz], first[zj]

    assert factors("生产经营单位安全生产管理") == pytest.approx((p["local_prior"], p["local_prior"]))
    assert factors("浙江 生产经营单位安全生产管理") == pytest.approx((1.0, p["named_place_prior"]))
    assert factors("杭州 生产经营单位安全生产管理") == pytest.approx((p["named_place_prior"], p["local_prior"]))


def test_every_hit_carries_its_status(engine: ClauseSearch) -> None:
    for question in ("重庆安全生产条例 安全生产工作负责人", "工伤保险是不是必须给工人交", "标准化证书过期了怎么办"):
        for hit in engine.search(question):
            assert hit.status and hit.status_label.startswith(hit.status)
            assert hit.in_force is (None if hit.status == "未知" else hit.status == "现行有效")
    replaced = [h for h in engine.search("重庆安全生产条例 安全生产工作负责人") if h.doc_id == "cq-2015-aqsctl"]
    assert replaced and replaced[0].status_label == "已修改（2024年3月28日起）"


def test_near_identical_means_a_resemblance_of_character_bigrams() -> None:
    law = "国家综合性消防救援队、专职消防队按照国家规定承担重大灾害事故和其他以抢救人员生命为主的应急救援工作。"
    copy = "国家综合性消防救援队、专职消防队承担火灾扑救工作，并依照国家规定承担重大灾害事故和其他以抢救人员生命为主的应急救援工作。"
    other = "生产经营单位应当建立安全风险分级管控制度，按照安全风险分级采取相应的管控措施。"
    a, b, c = map(resemblance_grams, (law, copy, other))
    assert resemblance(a, a) == 1.0 and resemblance(a, b) >= 0.6 > resemblance(a, c)
    assert "，" not in "".join(a)  # punctuation is not part of the shingles
    assert resemblance(a, frozenset(list(a)[:5]), at_least=0.6) == 0.0  # too different in size to count


def test_a_region_filter_names_its_place_for_the_local_prior(engine: ClauseSearch) -> None:
    """Local legislation of a place the question does not name ranks lower; `--region 北京市` names
    Beijing as surely as the word 北京 in the question would."""

    question = "生产经营单位主要负责人职责"
    unfiltered = [h.doc_id for h in engine.search(question, limit=10)]
    filtered = [h.doc_id for h in engine.search(question, Filters(region="北京市"), limit=5)]
    assert "bj-2022-aqsctl" in filtered
    assert "bj-2022-aqsctl" not in unfiltered[:5]


def test_naming_a_place_ranks_its_local_text_up_as_much_as_not_naming_it_ranks_it_down(engine: ClauseSearch) -> None:
    from search.query import ranking_params

    def ratio(filters: Filters | None = None) -> float:
        return _score_ratio(engine, "生产经营单位主要负责人职责", "bj-2022-aqsctl", "gj-2021-aqscf", filters)

    p = ranking_params()
    assert p["named_place_prior"] == pytest.approx(1 / p["local_prior"])
    # The region filter names Beijing without adding a word: only the priors differ.
    assert ratio(Filters(region="北京市")) == pytest.approx(ratio() * p["named_place_prior"] / p["local_prior"])


@pytest.mark.parametrize(("text", "kinds"), [
    ("有效期为三年", ["年"]),
    ("应当于1小时内向事故发生地县级以上人民政府报告", ["小时"]),
    ("从业人员超过一百人的，应当设置安全生产管理机构", ["人"]),
    ("2013年12月20日", []),                     # a date, not a number of years or days
    ("二〇〇二年六月二十九日通过", []),           # a year in Chinese numerals
    ("自二○二一年九月一日起施行", []),            # ... with the look-alike ○ as zero
    ("第三年", []),                               # an ordinal
    ("占三分之一", []),                           # a fraction
])
def test_a_clause_states_the_quantities_it_has(text: str, kinds: list[str]) -> None:
    """search.quantity: what a 多少 / 几 question looks for in a clause (dates and ordinals are not)."""
    from search.quantity import quantity_words, stated_quantities

    assert stated_quantities(text, quantity_words().units) == kinds


def test_two_versions_of_a_named_article_come_in_force_first(engine: ClauseSearch) -> None:
    hits = engine.search("北京市安全生产条例第三条", limit=2)
    assert [(h.doc_id, h.clause_id) for h in hits][:1] == [("bj-2022-aqsctl", "3")]


def test_a_question_asking_which_sanction_is_answered_by_a_clause_stating_one(engine: ClauseSearch) -> None:
    """民用爆炸物品安全管理条例: 第三十条 forbids carrying them on public transport, 第五十一条 fines it.
    Asked plainly, the duty comes first; asked 罚多少, the clause stating the fine (query.yaml
    `sanctions`, ranking.yaml sanction_prior)."""
    def first(question: str) -> str:
        return _key(next(h for h in engine.search(question, limit=10) if h.doc_id == "gj-2006-gwyl-466"))

    assert first("携带民用爆炸物品搭乘公共交通工具") == "gj-2006-gwyl-466#30"
    assert first("携带民用爆炸物品搭乘公共交通工具罚多少") == "gj-2006-gwyl-466#51"
    # The knowledge base's words cut the question: 犯罪 of a record is no 罪 asked for.
    from search.query import analyze
    assert not analyze("有犯罪记录的人能当安全员吗", engine._index).asks_sanction
    assert analyze("出了事故瞒着不报算什么罪", engine._index).asks_sanction


def test_a_colloquial_word_counts_by_the_character_it_shares_with_the_statutes_word(engine: ClauseSearch) -> None:
    """转给 is in no text: 安全生产许可证条例 第二十一条 fines 转让. Neither the words nor the bigrams of the
    question meet it there; its character 转 does, and weighs far more than one in most clauses
    (ranking.yaml char_coverage)."""
    from search.query import analyze

    question = "把安全生产许可证转给别的公司用要罚多少"
    weights = dict(analyze(question, engine._index).chars)
    assert weights["转"] > 3 * weights["安"] > 0
    assert "gj-2013-aqscxkztl#21" in [_key(h) for h in engine.search(question, limit=5)]
