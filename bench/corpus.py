"""A deterministic scaled corpus for benchmarks, sampled from the real clauses in content/.

`write_scaled_corpus(Path("content"), Path("/tmp/scaled"), 1000)` writes /tmp/scaled/policies/*.md:
N documents, each with valid front-matter and 8–30 real clauses drawn (with a fixed seed) from the
real documents, renumbered so that `anbiao check` accepts them. Used by bench_search.py and
bench_site.py so that both measure the same text.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from kb.frontmatter import dump_front_matter
from kb.loader import load_valid_corpus
from kb.mdtext import escape
from kb.numbering import int_to_cn
from kb.vocab import load_vocabulary


def _clause_pool(source: Path) -> list[tuple[str, str]]:
    """(heading text without its label, clause text) of every real clause with text."""
    pool: list[tuple[str, str]] = []
    for doc in load_valid_corpus(source):
        for clause in doc.clauses:
            if clause.kind == "clause" and clause.text:
                pool.append((clause.heading[len(clause.label):].strip() or "条款", clause.text))
    return pool


def write_scaled_corpus(source: Path, out: Path, n_docs: int, seed: int = 0) -> int:
    """Write n_docs documents under out/policies/; returns the number of clauses written."""
    rng = random.Random(seed)
    pool = _clause_pool(source)
    vocab = load_vocabulary()
    regions = [r for r in vocab.regions if r != "全国"][:20] + ["全国"] * 5
    if out.exists():
        shutil.rmtree(out)
    folder = out / "policies"
    folder.mkdir(parents=True)
    total = 0
    for i in range(n_docs):
        n_top = rng.randint(2, 6)
        parts: list[str] = []
        for top in range(1, n_top + 1):
            heading, text = rng.choice(pool)
            parts.append(f"## {int_to_cn(top)}、{escape(heading, block_start=False)}\n\n{escape(text)}")
            for sub in range(1, rng.randint(2, 5) + 1):
                heading, text = rng.choice(pool)
                parts.append(f"### （{int_to_cn(sub)}）{escape(heading, block_start=False)}\n\n{escape(text)}")
                total += 1
            total += 1
        year = 2008 + i % 18
        meta = {
            "id": f"bench-{i:05d}", "kind": "policy", "title": f"基准测试文件第{i + 1}号：{rng.choice(pool)[0][:20]}",
            "doc_no": f"测试发〔{year}〕{i % 9999 + 1}号", "issuer": ["基准测试机关"], "region": rng.choice(regions),
            "level": "地方规范性文件", "issued": f"{year}-0{1 + i % 9}-1{i % 10}", "status": "未知",
            "superseded_by": None, "industries": rng.sample(vocab.industries, rng.randint(0, 2)),
            "topics": rng.sample(vocab.topics, 2), "addressees": None, "cites": [], "source": "bench/corpus.py",
        }
        text = dump_front_matter(meta).replace(f"issued: '{meta['issued']}'", f"issued: {meta['issued']}")
        (folder / f"{meta['id']}.md").write_text(text + "\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description="生成基准测试用的放大语料")
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=Path("content"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    clauses = write_scaled_corpus(args.source, args.out, args.n, args.seed)
    print(f"已生成 {args.n} 个文件、{clauses} 个条款：{args.out}/policies/")


if __name__ == "__main__":
    main()
