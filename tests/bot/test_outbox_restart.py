"""The outbox after a restart: messages left by the previous run go out, and so do new ones."""
from __future__ import annotations

from tests.bot.escalation_kit import slack_error
from tests.bot.test_outbox import Box


async def test_a_message_added_after_the_leftovers_went_out_is_delivered_too(tmp_path):
    box = Box(tmp_path / "data")
    box.slack.fail("chat.postMessage", *[slack_error(500, "internal_error")] * 100)
    box.outbox.start()
    await box.post("C1", "left over 1")
    await box.post("C2", "left over 2")
    await box.until(lambda: len(box.slack.attempts) >= 2)
    await box.close()  # Slack was down: both stay in the file

    box.slack.failures.clear()
    box.open()
    box.outbox.start()
    box.clock.advance(1)
    assert await box.outbox.drain(2)  # the leftovers are delivered and struck off the file
    await box.post("C3", "new")  # the file is empty again: the new entry may get a number used before
    delivered = await box.outbox.drain(2)
    await box.close()
    assert sorted(box.texts()) == ["left over 1", "left over 2", "new"]
    assert delivered
