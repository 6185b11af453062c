"""The real app over HTTP on loopback, the project's Slack emulator, signed requests."""
from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.sandbox import Sandbox
from tests.conftest import SAMPLE_REGISTRY
from tests.e2e.process_kit import ProcessRig


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


@pytest.fixture
async def rig(tmp_path):
    """`switchboard run --http` in processes of its own, on a data folder of the test's."""
    rig = ProcessRig(tmp_path)
    await rig.open()
    yield rig
    await rig.close()
