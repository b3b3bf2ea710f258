from kb.clauses import parse_clauses

GONGWEN = """前言第一段。

前言第二段。

## 一、总体要求

总体要求的正文。

## 二、工作任务

### （一）总体任务

### （二）具体任务

#### 1\\. 市安委会：

统筹全市。

#### 4\\. 企业：

作为主体。

##### （1）建立组织机构

## 三、工作要求
"""


def test_gongwen_ids_anchors_and_refs() -> None:
    clauses = parse_clauses("bj-2013-jzbf-10", GONGWEN, 10)
    by_id = {c.id: c for c in clauses}
    assert list(by_id) == ["0", "1", "2", "2.1", "2.2", "2.2.1", "2.2.4", "2.2.4.1", "3"]
    assert by_id["0"].kind == "preamble" and by_id["0"].text == "前言第一段。\n前言第二段。"
    assert by_id["0"].line == 10
    c = by_id["2.2.4"]
    assert c.anchor == "c2-2-4"
    assert c.heading == "4. 企业："
    assert c.text == "作为主体。"
    assert c.ref == "二（二）4"
    assert c.heading_path == ["二、工作任务", "（二）具体任务", "4. 企业："]
    assert by_id["2.2.4.1"].ref == "二（二）4（1）"
    assert by_id["2.2"].full_text().startswith("1. 市安委会：\n统筹全市。")
    assert by_id["1"].line == 14


LAW = """2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议修正

## 第一章 总则

#### 第一条

为了加强安全生产工作。

## 第二章 生产经营单位的安全生产保障

### 第一节 一般规定

#### 第二十一条

生产经营单位的主要负责人对本单位安全生产工作负有下列职责：

（一）建立健全并落实本单位全员安全生产责任制；

（二）组织制定并实施本单位安全生产规章制度。
"""


def test_law_articles_are_clauses_chapters_are_divisions() -> None:
    clauses = parse_clauses("gj-2021-aqscf", LAW, 1)
    art = next(c for c in clauses if c.id == "21")
    assert art.anchor == "a21" and art.kind == "clause" and art.ref == "第二十一条"
    assert "（二）组织制定" in art.text
    assert art.heading_path == ["第二章 生产经营单位的安全生产保障", "第一节 一般规定", "第二十一条"]
    chapter = next(c for c in clauses if c.id == "ch2")
    assert chapter.kind == "division"
    assert any(c.id == "ch2-1" and c.kind == "division" for c in clauses)


def test_standard_numbering() -> None:
    body = "## 5.1 目标职责\n\n### 5.1.1 目标\n\n摘要。\n\n## 附录A 说明\n"
    clauses = parse_clauses("gbt-33000-2016", body, 1, kind="standard")
    ids = [(c.id, c.anchor) for c in clauses]
    assert ids == [("5.1", "s5-1"), ("5.1.1", "s5-1-1"), ("A", "sA")]
    assert clauses[1].ref == "5.1.1"
