"""Shared test fixtures: paths to the real datasets and a temporary data folder."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.fail(f"the published datasets are expected at {DATASETS}")
    return DATASETS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
