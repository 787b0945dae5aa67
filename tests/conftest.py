"""Fixtures every test folder shares: an empty cache, the newsroom's people,
a claim in review, hostile text, local page servers and Redis."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from claims import services
from claims.models import EditorialState
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.hostile import make_hostile_claim
from tests.helpers.servers import PageServer
from tests.helpers.smtp import mail_server  # noqa: F401  (a fixture for every test)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: it outlives database rollbacks
    (page cache, fragments, throttle counts, lockouts, robots.txt rules)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings) -> None:
    """Reader pages rendered on every request (fragments are still cached)."""
    settings.READER_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def api_client():
    """DRF's test client, failing the test on a JSON answer the OpenAPI
    schema does not describe (tests/helpers/openapi.py)."""
    from tests.helpers.openapi import SchemaCheckedAPIClient

    return SchemaCheckedAPIClient()


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


# --- People and claims ----------------------------------------------------------

# --- The `slow` marker (`make test-fast` leaves these out) ---------------------
# Browser, worker and validator (standards) tests are slow by nature; the
# tests named below are the slowest of the rest (`pytest --durations=30`: 1.5
# to 5 s each on an idle 2-core machine, several times that under load). By
# test function name, every parametrized case included, so test files need no
# marker.
SLOW_MARKERS = {"browser", "worker", "standards"}
SLOW_TESTS = {
    # the OpenAPI schema generated and validated; schemathesis' requests
    "test_anonymous_requests_keep_to_the_schema",
    "test_editor_requests_keep_to_the_schema",
    "test_signed_in_editor_session_requests_keep_to_the_schema",
    # hypothesis over reader addresses and admin change-list filters
    "test_fuzzed_reader_addresses_never_answer_a_server_error",
    "test_fuzzed_changelist_filters_never_answer_a_server_error",
    "test_the_schema_is_valid_openapi_3_without_warnings",
    # 20,000 bench claims generated for query plans on PostgreSQL
    "test_one_common_word_ranks_only_a_bounded_number_of_matches",
    "test_a_narrower_search_finds_its_claims_through_the_gin_index",
    # the whole seed (43 claims) loaded, exported or rendered
    "test_load_seed_brings_in_two_articles_and_43_published_claims",
    "test_load_seed_twice_leaves_the_same_rows",
    "test_load_seed_repairs_an_edited_row_without_duplicating_it",
    "test_round_trip_of_the_seed_through_claimreview",
    "test_every_seed_claim_has_complete_claim_review_markup",
    "test_claim_review_url_is_the_page_it_is_on",
    "test_seed_claims_are_offered_when_their_article_is_imported",
    "test_refresh_claims_on_the_seed_data_raises_nothing_new_the_second_time",
    "test_refresh_claims_checks_due_evidence_once",
    "test_every_feed_keeps_rfc_4287_and_says_its_language",
    # `manage.py check --deploy` in a subprocess
    "test_production_settings_pass_the_deployment_checks",
    "test_a_weakened_setting_fails_the_check",
    # the Dockerfile's steps replayed in a temporary directory
    "test_the_deploy_check_passes_in_the_image",
    "test_collectstatic_succeeds_in_the_image_with_production_settings",
    # a hung PostgreSQL: each waits out a connect or statement timeout
    "test_a_hung_database_gives_the_reader_a_503_page_within_the_timeout",
    "test_a_hung_database_gives_api_clients_the_json_error_within_the_timeout",
    "test_a_new_connection_to_a_hung_database_gives_up_at_the_connect_timeout",
    "test_a_refusing_database_gives_api_clients_the_json_error",
    "test_the_database_is_used_again_once_it_answers",
    # waits out the cache's pause after a failure
    "test_the_cache_is_used_again_once_redis_answers",
}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config, items):
    seen = set()
    for item in items:
        name = getattr(item, "originalname", item.name)
        if name in SLOW_TESTS or any(
            item.get_closest_marker(marker) for marker in SLOW_MARKERS
        ):
            item.add_marker(pytest.mark.slow)
            seen.add(name)
    tests_dir = Path(__file__).parent
    whole_suite = all(Path(arg).resolve() == tests_dir for arg in config.args)
    if whole_suite and (stale := SLOW_TESTS - seen):
        warnings.warn(
            pytest.PytestWarning(
                "tests/conftest.py SLOW_TESTS names no collected test: "
                + ", ".join(sorted(stale))
            ),
            stacklevel=1,
        )


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-alice", group="Editors")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="editor-bob", group="Editors")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-carol", group="Reviewers")


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="reviewer-dan", group="Reviewers")


@pytest.fixture
def submitted_claim(editor):
    """A statistic rated True that editor-alice has submitted for review."""
    claim = ClaimFactory(
        slug="xiaomi-ai-team-1200",
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
        state=EditorialState.DRAFT,
    )
    return services.claim_submit_for_review(claim=claim, user=editor)


@pytest.fixture
def published_claim(submitted_claim, reviewer):
    return services.claim_publish(claim=submitted_claim, user=reviewer)


@pytest.fixture
def hostile_claim(db):
    return make_hostile_claim()


# --- Local page servers ---------------------------------------------------------


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def second_server() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def fetch_allowed(settings, page_server) -> PageServer:
    """Let the fetcher reach ``page_server`` (and nothing else local)."""
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [page_server.host]
    return page_server


# --- Redis ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL, once Redis answers there; under CI=true a missing Redis
    fails the test instead of skipping it."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI requires it.", pytrace=False)
        pytest.skip(f"{message}; start redis-server to run this test.")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def redis_cache(settings, redis_url) -> Iterator[str]:
    """The production cache configuration on Redis, under a key prefix of its
    own (returned) that is emptied afterwards."""
    prefix = f"tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.READER_PAGE_CACHE_SECONDS = 600
    yield prefix
    cache.delete_pattern("*")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database, created as pytest-django does; before it is
    dropped, connections a live-server or worker thread left open on it
    (PostgreSQL refuses to drop a database in use) are closed."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
