"""Fixtures several test files share."""

from pathlib import Path

import pytest
from dashboard_fixtures import make_fixture_db


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small realistic dashboard database (tests/dashboard_fixtures.py), one per test module."""
    return make_fixture_db(tmp_path_factory.mktemp("dash") / "indicators.duckdb")
