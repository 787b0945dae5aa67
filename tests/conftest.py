import warnings
from pathlib import Path

import pytest

from tests.factories import UserFactory

# --- The `slow` marker (`make test-fast` leaves these out) ---------------------
# Browser and worker tests are slow by nature; the tests named below are the
# slowest of the rest (`pytest --durations=30`: 1.5 to 5 s each on an idle 2-core
# machine, several times that under load). By test function name, every
# parametrized case included, so test files need no marker.
SLOW_MARKERS = {"browser", "worker"}
SLOW_TESTS = {
    # the OpenAPI schema generated and validated; schemathesis' requests
    "test_anonymous_requests_keep_to_the_schema",
    "test_editor_requests_keep_to_the_schema",
    "test_the_schema_is_valid_openapi_3_without_warnings",
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
    # `manage.py check --deploy` in a subprocess
    "test_production_settings_pass_the_deployment_checks",
    "test_a_weakened_setting_fails_the_check",
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
