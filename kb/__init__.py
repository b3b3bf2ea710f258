"""anbiao's core: the document and clause model, loading, validation and import.

`kb` knows nothing of search, the site or generated documents; they read from it. This package
imports nothing at start-up, so that light modules (kb.files, kb.numbering) stay cheap to import.
"""
