"""Shared fixtures: the project's sample registry and a local Slack running the real bot."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REGISTRY = ROOT / "samples" / "registry.yaml"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def sample_registry_file() -> Path:
    return SAMPLE_REGISTRY


@pytest.fixture
def shared_data() -> Path:
    """The development data set beside the checkout; skipped when a clone has none."""
    if not (SHARED_DATA / "dev-cases.jsonl").is_file():
        pytest.skip(f"development data set not found at {SHARED_DATA} (it sits beside the checkout, not in it)")
    return SHARED_DATA
