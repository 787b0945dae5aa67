"""Settings for what the tracker sends out: mail, public events, follow mails
and webhooks, read from environment variables (see ``.env.example``).
``tracker.settings`` imports them; every other setting is read there.
"""

import environ

env = environ.Env()

# --- Mail ----------------------------------------------------------------------
# Mail: the notices (a claim waiting for review, sent back, flagged) and the
# daily digest of open flags, to editors and reviewers with an address
# (claims/services/notifications.py; README "Notifications").
# https://docs.djangoproject.com/en/5.2/topics/email/#email-backends
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tracker@localhost")
# The SMTP server, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-host
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# The mail tasks give up on a mail server silent this long (the threads
# pool applies no task time limit; README "Background jobs").
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- Public events (claims/services/events.py) ------------------------------
# What is told about a change readers can see: each consumer (dotted path to
# a callable taking a claims.models.PublicEvent) records its deliveries.
PUBLIC_EVENT_CONSUMERS: list[str] = [
    "follows.consumers.on_public_event",
    "webhooks.consumers.on_public_event",
]

# --- Following by e-mail (follows/; README "Following claims") ---------------
# How long a confirmation link works; unconfirmed requests are deleted after.
FOLLOW_CONFIRM_HOURS = env.int("FOLLOW_CONFIRM_HOURS", default=48)
# Unconfirmed follow requests one e-mail address may have at once.
FOLLOW_MAX_PENDING_PER_ADDRESS = env.int("FOLLOW_MAX_PENDING_PER_ADDRESS", default=5)
# Follow requests per client address and per e-mail address ("N/minute",
# "N/hour", "N/day"), counted in the default cache.
FOLLOW_THROTTLE_PER_CLIENT = env.str("FOLLOW_THROTTLE_PER_CLIENT", default="20/hour")
FOLLOW_THROTTLE_PER_ADDRESS = env.str("FOLLOW_THROTTLE_PER_ADDRESS", default="5/hour")
# A sender holds a follow mail this long; past it another worker may send it
# (more than EMAIL_TIMEOUT: one mail's time with a slow server).
FOLLOW_SEND_LEASE_SECONDS = env.int("FOLLOW_SEND_LEASE_SECONDS", default=300)
# Immediate follow mails one task sends.
FOLLOW_SEND_BATCH = env.int("FOLLOW_SEND_BATCH", default=50)
# A mail the server keeps refusing is given up after this many attempts.
FOLLOW_SEND_MAX_ATTEMPTS = env.int("FOLLOW_SEND_MAX_ATTEMPTS", default=5)

# --- Webhooks (webhooks/; README "Webhooks": what each setting does) --------
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=60.0)
WEBHOOK_RETRY_FOR_SECONDS = env.int("WEBHOOK_RETRY_FOR_SECONDS", default=24 * 3600)
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=15)
WEBHOOK_SECRET_GRACE_HOURS = env.float("WEBHOOK_SECRET_GRACE_HOURS", default=24.0)
WEBHOOK_RESPONSE_MAX_BYTES = env.int("WEBHOOK_RESPONSE_MAX_BYTES", default=16 * 1024)
# Below the broker's visibility timeout: later retries are queued by the sweep.
WEBHOOK_COUNTDOWN_MAX_SECONDS = env.int("WEBHOOK_COUNTDOWN_MAX_SECONDS", default=600)
