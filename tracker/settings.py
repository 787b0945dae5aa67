"""Settings, read from environment variables (see ``.env.example``).

With no environment at all the tracker runs on SQLite with an embedded
filesystem broker, so ``make run`` needs neither PostgreSQL nor Redis.

Every environment variable the project reads is read here, in sections, or
in ``tracker/settings_outbound.py`` (mail, follow mails, webhooks), so the
README's configuration table can be checked against these two files.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# An optional .env file beside manage.py; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
# Outside debug an unset key stays empty: commands that sign nothing
# (makemigrations, check) still run, Django refuses every use of the empty key,
# and the web process refuses to start (tracker.startup).

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the embedded broker, cache and SQLite file live in development.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files, pinned, served as the site's own static files.
    "drf_spectacular_sidecar",
    "simple_history",
    "concurrency",
    "django_celery_beat",
    "axes",
    "claims",
    # The public site (no models); its templates keep their claims/ names.
    "reader",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response, cached pages included; gzip for
    # responses that carry no secret (tracker/middleware.py, README
    # "Security").
    "tracker.middleware.PermissionsPolicyMiddleware",
    "tracker.middleware.PublicGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached reader pages for anonymous readers, before sessions and the rest
    # (after the HTTPS redirect); reader/middleware.py.
    "reader.middleware.ReaderPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # NUL in an admin query string: 400 in the user's language.
    "tracker.middleware.AdminNulQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The admin's base_site.html and index.html, extended (they show the
        # work waiting for the signed-in user): before the apps' templates.
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file in development: wait for
    # locks instead of failing, and let readers work while one process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Time limits on every round trip (tracker/postgresql), then a 503.
    DATABASES["default"]["ENGINE"] = "tracker.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=5),
        statement_timeout=env.float("DATABASE_STATEMENT_TIMEOUT", default=30.0),
        jit=env.bool("DATABASE_JIT", default=False),
        random_page_cost=env.str("DATABASE_RANDOM_PAGE_COST", default="1.1"),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# Seconds per cache command; a failing cache is skipped for CACHE_RETRY_SECONDS
# (tracker/redis_cache.py: pages uncached, throttles and locks open).
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=0.25)
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=10.0)
# https://github.com/jazzband/django-redis#configure-as-cache-backend
if REDIS_URL:
    from tracker.redis_cache import redis_cache

    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            connect_timeout=CACHE_CONNECT_TIMEOUT,
            socket_timeout=CACHE_SOCKET_TIMEOUT,
        )
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Shared between the web, worker and beat processes of `make run`.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "claims" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The public name of the tracker, used as ClaimReview's author organisation.
SITE_NAME = env.str("SITE_NAME", default="Claim Tracker")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# How often a claim of each kind is reviewed again, in days.
REVIEW_INTERVAL_DAYS = {
    "statistic": 90,
    "prediction": 60,
    "promise": 60,
    "attribution": 365,
    "ranking": 120,
    "fact": 365,
    "opinion": 365,
}

# --- Reader pages -------------------------------------------------------------
INSTALLED_APPS += ["django.contrib.sitemaps"]
# Seconds an anonymous reader's page stays in the cache; a change to what a
# page shows invalidates it earlier (claims/caching/versions.py,
# reader/middleware.py). 0 turns it off.
READER_PAGE_CACHE_SECONDS = env.int("READER_PAGE_CACHE_SECONDS", default=600)
# Pages with a query string stored per READER_PAGE_CACHE_SECONDS; beyond it new
# variants are served uncached (a flood of addresses cannot fill Redis).
READER_PAGE_CACHE_MAX_VARIANTS = env.int("READER_PAGE_CACHE_MAX_VARIANTS", default=500)
# The reader's claim list counts its claims up to this many, then says
# "1,000+ claims" (counting a large archive costs more than the page).
CLAIM_LIST_COUNT_MAX = env.int("CLAIM_LIST_COUNT_MAX", default=1000)
# A reader's search (list page and API) ranks and lists at most this many
# matches, the first the index finds: a word in a tenth of a large archive
# answers as fast as a narrow search.
SEARCH_RESULTS_MAX = env.int("SEARCH_RESULTS_MAX", default=500)
# Seconds a request waits for the copy of a page another request is
# rendering before it renders the page itself (docs/caching.md).
READER_PAGE_RENDER_WAIT_SECONDS = 5

# --- Celery -----------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=5.0)
if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Above the longest task's hard time limit, so a slow task is not
        # delivered twice while it is still running. A message whose worker
        # died unacknowledged goes back to the queue after this many seconds.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # How often (seconds) workers look for such abandoned messages.
        "unacked_restore_interval": env.int(
            "CELERY_UNACKED_RESTORE_INTERVAL", default=10
        ),
        "unacked_restore_throttle": env.int(
            "CELERY_UNACKED_RESTORE_THROTTLE", default=10
        ),
        # A silent broker fails a publish instead of holding a web request.
        "socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
        "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    }
else:
    # Embedded broker for development: messages are files under var/broker.
    _broker_dir = VAR_DIR / "broker"
    for _folder in (_broker_dir, VAR_DIR / "broker-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
# Celery closes the task's database connection after every task unless this
# is set (it ignores CONN_MAX_AGE): keep it open for this many tasks.
# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# A publish gives up after one quick retry; the caller says so (README "Security").
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_max": 0.2}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Background work ---------------------------------------------------------
# Jobs, schedules and retries: README "Background jobs"; code in claims/tasks.py,
# claims/services/scans.py, claims/services/evidence_checks.py,
# claims/services/flags.py, claims/fetching/, claims/services/health.py.

# How the evidence fetcher identifies itself (robots.txt matches the first word).
FETCH_USER_AGENT = env.str(
    "FETCH_USER_AGENT",
    default=(
        f"ClaimTrackerBot/1.0 (+{SITE_URL}; checks that fact-check evidence "
        "links still work)"
    ),
)
FETCH_CONNECT_TIMEOUT = env.float("FETCH_CONNECT_TIMEOUT", default=5.0)
FETCH_READ_TIMEOUT = env.float("FETCH_READ_TIMEOUT", default=15.0)
# Wall-clock limit of one whole fetch: name lookup, robots.txt, redirects,
# headers and body. A check cut off by it is recorded, not retried, and it
# bounds the evidence-check task on every worker pool.
FETCH_TOTAL_DEADLINE = env.float("FETCH_TOTAL_DEADLINE", default=45.0)
# A name that must resolve: when a link's host gets "no such host" and this
# name fails too, the resolver is at fault and the check is transient (never a
# step towards "dead"). Empty: "no such host" is always believed.
FETCH_DNS_CONTROL_HOST = env.str("FETCH_DNS_CONTROL_HOST", default="example.com")
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
# How long a site's robots.txt is kept in the cache (a failed read is not kept).
FETCH_ROBOTS_CACHE_SECONDS = env.int("FETCH_ROBOTS_CACHE_SECONDS", default=3600)
# Exact "host:port" pairs the fetcher may reach although they are private or
# loopback addresses or on other ports than 80/443. Only the test settings set
# this (for local test servers); it is deliberately not read from the
# environment.
FETCH_UNSAFE_ALLOWED_HOSTS: list[str] = []
# Off: refresh_claims and the evidence tasks record nothing and fetch nothing.
EVIDENCE_FETCH_ENABLED = env.bool("EVIDENCE_FETCH_ENABLED", default=True)
# Days between two checks of the same evidence link.
EVIDENCE_CHECK_INTERVAL_DAYS = env.int("EVIDENCE_CHECK_INTERVAL_DAYS", default=7)
# A link is dead after two definitive failures (404, 410, no such host while
# FETCH_DNS_CONTROL_HOST resolves) at least this many days apart.
EVIDENCE_DEAD_AFTER_DAYS = env.int("EVIDENCE_DEAD_AFTER_DAYS", default=7)
# How many due evidence items one beat tick hands to workers. 0 (the default)
# computes it from the number of links: links / check interval * tick length
# * EVIDENCE_BATCH_HEADROOM, between EVIDENCE_BATCH_MIN and EVIDENCE_BATCH_MAX
# (README "Background jobs"). A number fixes it.
EVIDENCE_BATCH_SIZE = env.int("EVIDENCE_BATCH_SIZE", default=0)
# Seconds between two beat ticks of the evidence batch: keep it equal to the
# "Evidence check batch" schedule in the admin (every minute as created).
EVIDENCE_BATCH_TICK_SECONDS = env.int("EVIDENCE_BATCH_TICK_SECONDS", default=60)
# Room above the steady rate, so links made due early (added, edited, "check
# now", a backlog after downtime) are caught up with.
EVIDENCE_BATCH_HEADROOM = env.float("EVIDENCE_BATCH_HEADROOM", default=1.5)
EVIDENCE_BATCH_MIN = env.int("EVIDENCE_BATCH_MIN", default=50)
EVIDENCE_BATCH_MAX = env.int("EVIDENCE_BATCH_MAX", default=20_000)
# At most one request per this many seconds to one host, across all workers
# (Redis keeps the time per host). A host policy in the admin ("Host
# policies") sets another pace for one site, or stops its checks.
EVIDENCE_HOST_MIN_INTERVAL_SECONDS = env.float(
    "EVIDENCE_HOST_MIN_INTERVAL_SECONDS", default=1.0
)
# A check whose host had a request too recently waits for its turn in the
# worker when the turn is at most this many seconds away; otherwise it goes
# back to the queue with a countdown (or, turn more than a tick away, is due
# again then in the database). Neither counts as a failure.
EVIDENCE_HOST_MAX_SLEEP_SECONDS = env.float(
    "EVIDENCE_HOST_MAX_SLEEP_SECONDS", default=2.0
)
# A claimed item is claimable again after this long if its check never ran.
EVIDENCE_CLAIM_LEASE_HOURS = env.int("EVIDENCE_CLAIM_LEASE_HOURS", default=6)
# Retries of a check that failed transiently (timeout, refused, 5xx, 429, a
# failing resolver); a check cut off by FETCH_TOTAL_DEADLINE is not retried.
EVIDENCE_CHECK_MAX_RETRIES = env.int("EVIDENCE_CHECK_MAX_RETRIES", default=5)
# First retry after about this many seconds, doubling each time (max 1 hour).
EVIDENCE_RETRY_BACKOFF_SECONDS = env.int("EVIDENCE_RETRY_BACKOFF_SECONDS", default=60)
# A per-item lock expires after this many seconds even if its holder died.
EVIDENCE_CHECK_LOCK_SECONDS = env.int(
    "EVIDENCE_CHECK_LOCK_SECONDS", default=int(FETCH_TOTAL_DEADLINE) + 30
)
# The queue workers consume and tasks go to (one per deployment or test run):
# the scans, digests, notices, heartbeats and the evidence batch. Evidence
# fetches go to the queue of the same name with ".fetch" appended
# (claims/routing.py), so a slow site never holds up the deadline scan;
# README "Background jobs" says how many fetch workers a link count needs.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ROUTES = ("claims.routing.route_task",)
# A task delivered more often than this (its worker died each time) is dropped
# with an error in the log instead of killing workers forever.
TASK_MAX_DELIVERIES = env.int("TASK_MAX_DELIVERIES", default=3)
# /healthz answers 503 when beat or every worker has been silent this long.
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=180)
# Mail, public events, follow mails and webhooks: tracker/settings_outbound.py.
from tracker.settings_outbound import *  # noqa: E402, F403

INSTALLED_APPS += ["follows", "webhooks"]
WEBHOOK_USER_AGENT = f"ClaimTrackerWebhooks/1.0 (+{SITE_URL})"

# --- API (claims/api; README "API") ------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
# Requests per client address (anonymous) or per account, e.g. "60/minute".
# Counted in the default cache: Redis when REDIS_URL is set.
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="60/minute")
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="600/minute")
# Proxies in front of the app: 1 behind one reverse proxy, whose
# X-Forwarded-For entry then names the client. 0 trusts REMOTE_ADDR only.
# Used by the API's throttles and the admin's lockout (tracker/security.py).
# https://www.django-rest-framework.org/api-guide/throttling/#how-clients-are-identified
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: an anonymous write then gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.StrictJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonymousRateThrottle",
        "claims.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_ANON, "user": API_THROTTLE_USER},
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim Tracker API",
    "DESCRIPTION": (
        "Fact-checked claims, their ratings, evidence and ClaimReview markup. "
        "Reading needs no account; writing needs an editor's token or session."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1: a nullable object is `oneOf: [$ref, {type: null}]`, which
    # every validator reads alike (3.0's `nullable` beside `allOf` is not).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set that several serializers use.
    "ENUM_NAME_OVERRIDES": {
        "DuePrecisionEnum": "claims.models.DuePrecision",
        # The claim kinds keep their name beside the public event kinds.
        "KindEnum": "claims.models.ClaimKind",
        "PublicEventKindEnum": "claims.models.PublicEventKind",
        "DeliveryStatusEnum": "webhooks.models.DeliveryStatus",
    },
    # Swagger UI from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them as links inside each operation's
    # button, a control within a control for keyboard and screen readers.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security (README "Security") ---------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS: on by default whenever DEBUG is off, each switchable from the
# environment (e.g. SECURE_SSL_REDIRECT=0 when the proxy already redirects).
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-ssl-redirect
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# /healthz answers the container health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it
# from clients): without this Django sees every request as plain HTTP.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The content security policy, Permissions-Policy and logging: fixed, not
# read from the environment (tracker/policies.py).
from tracker.policies import (  # noqa: E402, F401
    CONTENT_SECURITY_POLICY,
    LOGGING,
    PERMISSIONS_POLICY,
)

# Password guessing: django-axes locks out a user name from one address after
# AXES_FAILURE_LIMIT wrong passwords, for AXES_COOLOFF_MINUTES.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the entry
# they appended to X-Forwarded-For (the same rule as the API's throttles).
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_ip"

LOGIN_URL = "admin:login"
# Opt in now to Django 6's default of https:// for scheme-less URLs in forms.
FORMS_URLFIELD_ASSUME_HTTPS = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Reviewers may publish their own submissions only when this is set
# (a newsroom of one).
ALLOW_SELF_PUBLISH = env.bool("ALLOW_SELF_PUBLISH", default=False)

# --- Article intake (intake/; README "Article intake") -----------------------
INSTALLED_APPS += ["intake"]
# How many of an article's most check-worthy sentences an intake keeps.
INTAKE_MAX_CANDIDATES = env.int("INTAKE_MAX_CANDIDATES", default=40)
# Sentences scoring below this (0..1) are not suggested at all.
INTAKE_MIN_SCORE = env.float("INTAKE_MIN_SCORE", default=0.1)
# Longest article text (characters) an intake reads; longer is refused with a
# message (reading costs about 30 ms of CPU per thousand characters).
INTAKE_MAX_CHARS = env.int("INTAKE_MAX_CHARS", default=30_000)
