"""Full-text search of claims in Chinese and English.

``text`` turns text into index tokens and a query into terms (the same
folding on both sides); ``backends`` holds the SQL of each database, chosen
by ``connection.vendor`` in one place. What is indexed, at which weight, is
``claims.models.search.SEARCH_FIELDS``; the index is written by
``claims.services.search_index`` and read by ``claims.selectors.search``.
"""
