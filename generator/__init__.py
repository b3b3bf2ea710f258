"""Documents built from the knowledge base: implementation plans, training outlines, and the site."""
