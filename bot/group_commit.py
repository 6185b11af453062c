"""Group commit: jobs that queue up while a writer thread is busy run together in one call.

Every write to the data folder ends with an fsync, so twenty escalations (or twenty triggers)
arriving at once cost twenty fsyncs when each runs alone. ``GroupCommit`` hands every job waiting
at that moment to ONE function on the writer thread, which can then write each file once for
all of them. A lone job runs at once (no waiting for company); jobs that arrive while a batch
is being written form the next batch.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


class GroupCommit(Generic[Job, Result]):
    """Run ``run_many(jobs) -> results`` (same order) on a writer thread for queued jobs.

    ``on_thread`` awaits a callable run with one argument on that thread: ``store.acall`` for the
    store's writer thread, or the inbox's own runner. Without it (None), ``run_many`` runs on the
    event loop itself, once per turn of the loop, for the jobs submitted during that turn: no
    thread to wake, for a process whose loop has nothing else to do meanwhile.
    """

    def __init__(self, on_thread: Callable[[Callable[..., Any], Any], Awaitable[Any]] | None,
                 run_many: Callable[[list[Job]], list[Result]], name: str = "group-commit"):
        self._on_thread = on_thread
        self._run_many = run_many
        self._name = name
        self._queue: list[tuple[Job, asyncio.Future[Result]]] = []
        self._runner: asyncio.Task | None = None
        self.batches = 0

    async def submit(self, job: Job) -> Result:
        """Queue ``job`` and wait for its result (or the batch's exception)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._queue.append((job, future))
        if self._on_thread is None:
            if len(self._queue) == 1:
                loop.call_soon(self._run_here)
        elif self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run(), name=self._name)
        return await future

    @property
    def busy(self) -> bool:
        """Whether jobs are queued or being written."""
        return bool(self._queue) or (self._runner is not None and not self._runner.done())

    def _run_here(self) -> None:
        batch, self._queue = self._queue, []
        try:
            results = self._run_many([job for job, _future in batch])
        except Exception as exc:  # noqa: BLE001 — every job of the batch fails with it
            self._settle(batch, error=exc)
        else:
            self._settle(batch, results=results)

    async def _run(self) -> None:
        assert self._on_thread is not None
        while self._queue:
            batch, self._queue = self._queue, []
            task = asyncio.ensure_future(self._on_thread(self._run_many, [job for job, _future in batch]))
            await asyncio.wait([task])
            if task.cancelled():
                self.batches += 1
                for _job, future in batch:
                    future.cancel()
            elif task.exception() is not None:
                self._settle(batch, error=task.exception())
            else:
                self._settle(batch, results=task.result())

    def _settle(self, batch: list[tuple[Job, asyncio.Future[Result]]], *, results: list[Result] | None = None,
                error: BaseException | None = None) -> None:
        self.batches += 1
        for index, (_job, future) in enumerate(batch):
            if future.done():
                continue
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(results[index])
