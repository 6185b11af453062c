"""Background work steps aside while Slack requests are being answered."""
from __future__ import annotations

import asyncio
import time

from bot.foreground import Foreground


async def test_background_step_waits_until_the_request_is_answered():
    foreground = Foreground(max_wait=5.0)
    order: list[str] = []

    async def background() -> None:
        await foreground.clear()
        order.append("background")

    with foreground.request():
        task = asyncio.create_task(background())
        await asyncio.sleep(0.02)
        order.append("acknowledged")
    await asyncio.wait_for(task, 1.0)
    assert order == ["acknowledged", "background"]


async def test_background_goes_on_after_max_wait_when_requests_never_stop():
    foreground = Foreground(max_wait=0.02)
    with foreground.request():
        start = time.monotonic()
        await asyncio.wait_for(foreground.clear(), 1.0)
        assert time.monotonic() - start >= 0.015


async def test_nested_requests_keep_background_waiting_until_the_last_one():
    foreground = Foreground(max_wait=5.0)
    with foreground.request():
        with foreground.request():
            assert foreground.active == 2
        waiting = asyncio.create_task(foreground.clear())
        await asyncio.sleep(0.02)
        assert not waiting.done()  # one request is still being answered
    await asyncio.wait_for(waiting, 1.0)
    assert foreground.active == 0


async def test_no_request_means_no_wait():
    foreground = Foreground(max_wait=5.0)
    await asyncio.wait_for(foreground.clear(), 0.01)


async def test_background_waits_for_a_short_quiet_after_the_last_request():
    foreground = Foreground(max_wait=5.0, quiet=0.05)
    with foreground.request():
        pass
    start = time.monotonic()
    await asyncio.wait_for(foreground.clear(), 1.0)
    assert time.monotonic() - start >= 0.04  # the next request of a stream would have come by now


async def test_under_constant_load_waiting_steps_go_on_one_at_a_time():
    foreground = Foreground(max_wait=0.02, spacing=0.03)
    released: list[float] = []

    async def step() -> None:
        await foreground.clear()
        released.append(time.monotonic())

    with foreground.request():  # a request that never ends
        await asyncio.wait_for(asyncio.gather(*(step() for _ in range(4))), 2.0)
    # spaced, not all at once: each turn comes ``spacing`` after the previous one, so the last
    # step goes on at least 3 x 0.03 s after the first's turn (the first may have woken late on a
    # busy machine: the span, unlike a single gap, leaves room for that)
    assert len(released) == 4 and released[-1] - released[0] >= 0.06


async def test_under_constant_load_the_next_steps_of_one_task_share_its_wait():
    foreground = Foreground(max_wait=0.05, spacing=0.005)
    loop = asyncio.get_running_loop()

    async def work(steps: int) -> list[float]:  # one piece of background work, step by step
        released = []
        for _ in range(steps):
            await foreground.clear()
            released.append(loop.time())
        return released

    with foreground.request():  # a request that never ends
        start = loop.time()
        mine, other = await asyncio.wait_for(asyncio.gather(work(5), work(1)), 2.0)
    assert mine[0] - start >= 0.045 and other[0] - start >= 0.045  # each task waited max_wait once
    # its next four steps did not wait max_wait again each (that would take 0.2 s)...
    assert mine[-1] - mine[0] < 0.15
    # ...and went on spaced, not all at once (turns 0.005 s apart, so 0.02 s from the first's turn:
    # the span leaves room for the first step having woken late on a busy machine)
    assert mine[-1] - mine[0] >= 0.012
    with foreground.request():  # once the requests have stopped, a new stream gets a new wait
        pass
    await foreground.clear()
    with foreground.request():
        start = loop.time()
        later = await asyncio.wait_for(work(1), 2.0)
    assert later[0] - start >= 0.045
