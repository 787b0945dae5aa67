"""Settings for ``make bench`` only: the production settings plus a reference view.

The benchmark runs the web app under gunicorn with the project's own settings
(from the environment, as in production) and compares each page with a
Django hello-world view served by the same processes through the same
middleware. That view lives in ``bench.urls``, never in the project's URLs.
"""

import os

from tracker.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The evidence-check figure fetches from a local server on 127.0.0.1; only the
# benchmark's worker is allowed to reach it (the production list stays empty).
FETCH_UNSAFE_ALLOWED_HOSTS = [
    host for host in os.environ.get("BENCH_FETCH_ALLOWED_HOSTS", "").split(",") if host
]

# Keys of the benchmark's cache apart from anything else on the same Redis.
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = "bench"
