"""PostgreSQL connections as settings make them: JIT compilation off unless
``DATABASE_JIT`` asks for it (compiling took longer than a reader page's
queries), the statement timeout set, and random reads costed as the
settings say (``DATABASE_RANDOM_PAGE_COST``)."""

from __future__ import annotations

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


def _shown(wrapper, setting: str) -> str:
    with wrapper.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL test: run with DATABASE_URL=postgres://...")


def test_connections_compile_no_query_and_keep_the_statement_timeout(postgresql):
    assert _shown(connection, "jit") == "off"
    assert _shown(connection, "statement_timeout") != "0"


def test_random_reads_are_costed_as_the_settings_say(postgresql):
    from django.conf import settings

    asked = settings.DATABASES["default"]["OPTIONS"]["random_page_cost"]
    assert asked == "1.1"  # the default: data in memory or on SSD
    assert float(_shown(connection, "random_page_cost")) == 1.1


@pytest.mark.parametrize("value", ["cheap", "-1", "nan", "inf"])
def test_a_random_page_cost_that_is_no_cost_is_refused_by_name(value):
    from django.core.exceptions import ImproperlyConfigured

    from tracker.postgresql.base import random_page_cost

    with pytest.raises(ImproperlyConfigured, match="DATABASE_RANDOM_PAGE_COST"):
        random_page_cost(value)
    assert random_page_cost("") is None  # the server's own
    assert random_page_cost("1.1") == 1.1


def test_database_jit_leaves_the_servers_own_setting(postgresql):
    settings_dict = {
        **connection.settings_dict,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "jit": True},
    }
    asked = type(connections["default"])(settings_dict)  # a connection of its own
    try:
        with asked.cursor() as cursor:
            cursor.execute("SELECT reset_val FROM pg_settings WHERE name = 'jit'")
            server_default = cursor.fetchone()[0]
        assert _shown(asked, "jit") == server_default
        assert _shown(asked, "statement_timeout") == _shown(
            connection, "statement_timeout"
        )
    finally:
        asked.close()
