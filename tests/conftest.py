"""Shared pytest options and fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ files from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden("<command>/<state>.txt", text): compare text byte for byte with the golden file."""
    update = request.config.getoption("--update-golden")

    def check(relative_path: str, actual: str) -> None:
        path = GOLDEN_DIR / relative_path
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        assert path.is_file(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_bytes().decode("utf-8")
        assert actual.splitlines(keepends=True) == expected.splitlines(keepends=True)

    return check


@pytest.fixture(autouse=True, scope="session")
def private_data_directory(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The shell and serve keep bootflash: in the user's data directory: tests (and the consoles
    they start) get one of their own, never the real user's."""
    import os

    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
