"""Real parts for the end-to-end tests: Celery workers on Redis, and the rows
data migrations create, put back after each transactional test.

The fixtures live in tests/background/conftest.py for now; this module makes
them available here.
"""

from tests.background.conftest import (  # noqa: F401
    celery_redis,
    migration_data,
    pytest_runtest_teardown,
    redis_url,
    start_worker,
)
