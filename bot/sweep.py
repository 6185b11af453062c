"""The one loop that runs due escalation steps (chain climbs and reminders).

Timers are data: each active escalation stores ``due_at``. Every ``interval`` seconds the
sweeper asks for the due ones and runs each step; a step records the next ``due_at`` in the
same transaction as its messages, so after a restart overdue steps run at once and a step that
already ran is not due any more (none skipped, none twice).
"""
from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.escalations import EscalationService
from knowledge.errors import SwitchboardError

log = logging.getLogger(__name__)


class Sweeper:
    """Runs due escalation steps every ``interval`` seconds."""

    def __init__(self, service: EscalationService, clock: Clock, interval: float = 1.0):
        self._service = service
        self._clock = clock
        self.interval = interval
        self._task: asyncio.Task | None = None
        self._stopping = False
        self.steps_run = 0

    async def run_once(self) -> int:
        """Run every step due now; return how many ran."""
        now = self._clock.now()
        ran = 0
        due = await self._service.due(now)
        learnt = False
        if len(due) > 1:  # every language the steps need, learnt together: a slow Slack is waited for once
            try:
                await self._service.learn_for_steps(due)
                learnt = True
            except (SwitchboardError, OSError) as exc:
                log.warning("could not learn the languages of the due steps at once (%s): each step will", exc)
        for esc_id in due:
            try:
                if await self._service.run_step(esc_id, now, languages_learnt=learnt):
                    ran += 1
            except (SwitchboardError, OSError) as exc:
                log.error("%s: its due step failed (%s); retrying at the next sweep", esc_id, exc)
        self.steps_run += ran
        return ran

    async def _loop(self) -> None:
        while not self._stopping:
            await self.run_once()
            await self._clock.sleep(self.interval)

    def start(self) -> None:
        """Start the loop on the running event loop (no-op when running)."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="escalation-sweeper")

    async def stop(self) -> None:
        """Stop the loop (a step in progress finishes first: it is one store call)."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
