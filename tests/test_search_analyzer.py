"""The analyzer: domain words, word positions, identical segmentation at index and query time."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema
from whoosh.query import Phrase

from search.analysis import WordTokenizer, char_bigrams
from search.index import update_index
from search.segment import dictionary_version, normalize, segment, words

ROOT = Path(__file__).resolve().parent.parent


def test_domain_words_are_kept_whole_and_their_parts_are_searchable() -> None:
    assert words("非煤矿山企业要建立双重预防机制") == ["非煤矿山", "企业", "要", "建立", "双重预防机制"]
    inner = {t.text for t in segment("非煤矿山") if not t.main}
    assert {"煤矿", "矿山"} <= inner
    # Words of four characters or more inside a longer word are found too (search mode stops at three).
    assert "安全生产" in {t.text for t in segment("安全生产标准化")}


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


def _phrase_hits(analyzer: object, tmp_path: Path, name: str) -> int:
    folder = tmp_path / name
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), Schema(body=TEXT(analyzer=analyzer, phrase=True)))
    with ix.writer() as w:
        w.add_document(body="企业应当建立安全风险分级管控制度")
    phrase = [t.text for t in segment("安全风险分级管控") if t.main]
    with ix.searcher() as s:
        return len(s.search(Phrase("body", phrase)))


def test_phrase_queries_work_with_our_tokenizer_not_with_jiebas(tmp_path: Path) -> None:
    from search.jieba_compat import import_jieba

    import_jieba()
    from jieba.analyse import ChineseAnalyzer

    assert _phrase_hits(WordTokenizer(), tmp_path, "ours") == 1
    # jieba's bundled analyzer stores character offsets as positions: the phrase cannot match.
    assert _phrase_hits(ChineseAnalyzer(), tmp_path, "jieba") == 0


def test_index_and_query_segment_identically(content: Path, index_dir: Path) -> None:
    update_index(content, index_dir)
    from search.index import IndexLocation, open_index

    manifest = IndexLocation(index_dir).manifest()
    assert manifest is not None and manifest["dictionary"] == dictionary_version()
    ix = open_index(index_dir)
    assert ix is not None
    stored_analyzer = ix.schema["body"].analyzer
    text = "非煤矿山和工贸企业安全生产标准化等级证书即将到期"
    indexed = [(t.text, t.pos) for t in stored_analyzer(text, positions=True)]
    queried = [(t.text, t.pos) for t in segment(text)]
    assert indexed == queried


def test_char_bigrams() -> None:
    assert [g for _s, _e, g in char_bigrams("隐患排查 GB")] == ["隐患", "患排", "排查", "gb"]


def test_imports_without_warnings() -> None:
    code = ("import anbiao.cli, search.service, search.query, search.index; "
            "from search.jieba_compat import import_jieba; j = import_jieba(); j.lcut('安全生产')")
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
            "from search.query import build_query\n"
            "build_query(title)\n"
            "print(repr((before, industries_of(title))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before, after = ast.literal_eval(result.stdout)
    assert before == after and before  # ['文化'] when this test was written


def test_rjieba_cuts_like_pure_python_jieba_with_the_same_dictionary() -> None:
    """We segment with rjieba for speed; it must agree with jieba, the reference, on our texts."""
    from kb.loader import load_valid_corpus
    from search.jieba_compat import import_jieba
    from search.segment import dictionary_terms

    jieba = import_jieba()
    reference = jieba.Tokenizer()
    reference.initialize()
    for term in dictionary_terms():
        reference.add_word(term)
    texts = [c.text for d in load_valid_corpus(copy_fixture_content_path()) for c in d.clauses if c.text]
    ours: Counter[str] = Counter(w for t in texts for w in words(t))
    theirs: Counter[str] = Counter(w.lower() for t in texts for w in reference.lcut(normalize(t))
                                   if any(ch.isalnum() for ch in w))
    agreement = sum((ours & theirs).values()) / max(sum(theirs.values()), 1)
    assert agreement >= 0.995, agreement


def copy_fixture_content_path() -> Path:
    from tests.search_support import FIXTURE_CONTENT

    return FIXTURE_CONTENT
