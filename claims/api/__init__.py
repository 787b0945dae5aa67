"""The public and editor REST API (``/api/v1/``), its schema and docs."""
