"""Shared test fixtures: paths to the published datasets (copied into data/ with their
attribution) and to the test fixtures. Tests read only files inside the repository."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def datasets() -> Path:
    """The published networks shipped in data/ (caviar, siren, natarajan_*), each folder with
    its SOURCE.txt."""
    return DATASETS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
