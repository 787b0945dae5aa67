"""The end-to-end parts (a real Celery worker on Redis, Chromium, the data
migrations' rows after a transactional test) for the follow tests."""

from tests.e2e.conftest import (  # noqa: F401  (fixtures and the teardown hook)
    browser,
    celery_redis,
    migration_data,
    pytest_runtest_teardown,
    start_worker,
)
from tests.standards.conftest import vnu  # noqa: E402,F401
