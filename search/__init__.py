"""Chinese clause search: a jieba-based analyzer with a domain dictionary, a Whoosh index at clause
granularity, and the query side that turns a colloquial question into a weighted query.

Modules: `segment` (the one segmenter both sides use), `analysis` (Whoosh tokenizers), `index`
(incremental, atomic index), `query` (query building and search), `render` (the passage to show),
`service` (an open index, what the commands and the server call).
"""
