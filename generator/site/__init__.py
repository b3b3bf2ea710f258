"""The static site: MkDocs + Material, driven by the kb model.

Everything that knows about MkDocs lives in `plugin.py`; the page content itself is produced by
plain functions over the kb model (`pages.py`, `indexes.py`, `links.py`) so that a move to another
generator (Zensical) only replaces the thin plugin layer.
"""
