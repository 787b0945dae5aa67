"""Settings for the test suite: the project's settings with test-only values."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="tracker-test-"))

from tracker.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# --- Cache ------------------------------------------------------------------
# In memory: the suite needs no cache server. A test about Redis switches to
# it (the ``redis_cache`` fixture in tests/conftest.py). A Celery worker a
# test starts (tests/e2e) is given TEST_CACHE=redis and keeps the Redis cache
# tracker.settings builds from REDIS_URL: its locks and delivery counts must
# be shared with the other workers, as in production.
if os.environ.get("TEST_CACHE") != "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }

# --- Background work tests (tests/background) ---------------------------------
# A Celery worker started by a test is another process: on SQLite it can only
# share the test database when that database is a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(  # noqa: F405
        VAR_DIR / "test-db.sqlite3"  # noqa: F405
    )
# Local test servers (127.0.0.1 on random ports) the evidence fetcher may reach.
# Only tests set this; a worker started by a test gets it from its environment.
FETCH_UNSAFE_ALLOWED_HOSTS = [
    host for host in os.environ.get("TEST_FETCH_ALLOWED_HOSTS", "").split(",") if host
]

# --- Security settings for the test client and the live server ----------------
# The suite runs with DEBUG off (production defaults) over plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
