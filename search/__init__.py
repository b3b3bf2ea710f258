"""Chinese clause search: a jieba-based analyzer with a domain dictionary, a Whoosh index at clause
granularity, and the query side that turns a colloquial question into a weighted query.

Modules: `segment` (the one segmenter both sides use), `analysis` (Whoosh tokenizers), `index`
(incremental, atomic index), `integrity` (fingerprints of the index files, checked on open),
`whoosh_fast` (the only user of Whoosh's private API, behind a version check), `query` (query
building, search and its limits), `render` (the passage to show), `service` (the library's entry
points: `ensure_index`, `ClauseSearch`).
"""
