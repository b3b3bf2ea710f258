"""Chinese clause search: rjieba with a domain dictionary, a clause index of numpy segments scored
with BM25F, and the query side that turns a colloquial question into weighted terms.

Modules: `segment` (the segmenter of the index), `store` (segments: postings, lengths, records),
`index` (generations of segments, incremental and atomic, with each document's status),
`integrity` (fingerprints of the index files, checked on open), `query` (a question → a plan:
words by the index's own vocabulary, synonyms, document numbers, articles; limits), `ranking`
(a plan → ranked clauses), `render` (the passage to show), `service` (the library's entry points:
`ensure_index`, `ClauseSearch`), `static` (the index of the static site, scored in the browser by
the same formula).
"""
