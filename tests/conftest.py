import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-alice", group="Editors")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="editor-bob", group="Editors")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-carol", group="Reviewers")
