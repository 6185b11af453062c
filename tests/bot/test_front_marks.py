"""The front's marks of what the worker reported done, when the journal cannot be written."""
from __future__ import annotations

from bot.worker_handle import Worker


class FullDisk:
    async def done_many(self, keys: list[str]) -> None:
        raise OSError(28, "No space left on device")


async def test_a_done_mark_the_disk_refuses_is_logged_and_does_not_hold_up_a_stop(caplog):
    worker = Worker(settings=None, journal=FullDisk())  # type: ignore[arg-type]
    worker._kept = {"r1", "r2"}  # handed over, then reported done by the worker
    worker._finished = ["r1", "r2"]
    await worker._mark_done()
    assert worker._kept == set()  # stop() waits for this to empty: it would have waited 30 s
    assert "could not mark 2 handed-over requests done" in caplog.text
