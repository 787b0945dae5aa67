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
