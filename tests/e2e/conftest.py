"""The real app over HTTP on loopback, the project's Slack emulator, signed requests."""
from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from tests.conftest import SAMPLE_REGISTRY


@pytest.fixture
async def sandbox(tmp_path):
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY) as box:
        yield box


@pytest.fixture
async def clocked(tmp_path):
    """A sandbox whose clock only moves when the test says so."""
    clock = FakeClock()
    async with Sandbox(tmp_path / "data", registry_file=SAMPLE_REGISTRY, clock=clock) as box:
        yield box, clock
