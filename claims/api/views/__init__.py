"""The API's views: thin, one method per operation.

Reads go through selectors, writes through services; input and output have
their own serializers. Errors are shaped by ``claims.api.errors`` and
documented by ``claims.api.schema``.
"""
