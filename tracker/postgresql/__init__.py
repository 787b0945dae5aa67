"""PostgreSQL with time limits on every round trip (``ENGINE`` in settings)."""
