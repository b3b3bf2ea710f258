"""anbiao's core: the document and clause model, loading, validation and import.

`kb` knows nothing of search, the site or generated documents; they read from it.
"""

from kb.errors import AnbiaoError
from kb.model import Clause, Corpus, Document

__all__ = ["AnbiaoError", "Clause", "Corpus", "Document"]
