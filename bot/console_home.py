"""The console's Home tab: what a person sees when they open the bot's Home tab, and its buttons.

``:home`` sends Slack's ``app_home_opened`` for the current person and prints the view the bot
publishes (their waiting escalations, the registry, and for admins the health panel and keyword
suggestions), its buttons numbered like a message's; ``:click N home`` presses one, fills the form
it opens, and prints the Home tab again when the bot republishes it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot import emulator as slack
from bot.emulator import Message
from bot.playground import Usage

if TYPE_CHECKING:
    from bot.playground import Filler, Session

HOME_CHANNEL = "D0HOME000"  # the channel Slack names in an app_home_opened event


class HomeTab:
    """The Home tab of each person, as last published by the bot."""

    def __init__(self, session: Session):
        self.session = session
        self.views: dict[str, dict[str, Any]] = {}

    async def open(self, user: str) -> None:
        """``user`` opens the Home tab: the bot publishes it, and it is printed."""
        before = len(self.session.sandbox.emulator.calls_to("views.publish"))
        reply = await self.session.sandbox.send(slack.event_callback(
            {"type": "app_home_opened", "user": user, "channel": HOME_CHANNEL, "tab": "home", "event_ts": "1.0"}))
        self.session._refused("opening the Home tab", reply.status)
        await self.session.settle()
        if not self._show(user, before):
            self.session.write("(the bot published no Home tab)")

    async def click(self, user: str, spec: str, fill: Filler | None) -> None:
        """``user`` presses a button of their Home tab (opened with :home first)."""
        view = self.views.get(user)
        if view is None:
            raise Usage("open the Home tab first: :home")
        try:
            button = self.session.transcript.button(_as_message(view), spec)
        except LookupError as exc:
            raise Usage(str(exc).replace("[None]", "the Home tab")) from None
        emulator = self.session.sandbox.emulator
        published, opened = len(emulator.calls_to("views.publish")), len(emulator.calls_to("views.open"))
        reply = await self.session.sandbox.send(slack.block_actions(
            button["action_id"], user_id=user, channel_id=HOME_CHANNEL, message={"ts": "0", "blocks": view["blocks"]},
            response_url=emulator.response_url(f"home-{user}"), value=button.get("value")))
        self.session._refused("the click", reply.status)
        await self.session.settle()
        forms = [c for c in emulator.calls_to("views.open")[opened:] if c.ok]
        if forms:
            await self.session.fill_modal(user, forms[-1].response["view"], fill)
        self._show(user, published)

    def _show(self, user: str, before: int) -> bool:
        """Print ``user``'s Home tab if the bot published it since call ``before``; whether it did."""
        calls = [c for c in self.session.sandbox.emulator.calls_to("views.publish")[before:]
                 if c.ok and c.body.get("user_id") == user]
        if not calls:
            return False
        view = self.views[user] = calls[-1].body["view"]
        self.session.write(f"Home tab of {self.session.names.person(user)} (:click N home presses a button):")
        for line in self.session.transcript.body(_as_message(view)):
            self.session.write(line)
        return True


def _as_message(view: dict[str, Any]) -> Message:
    """The Home tab read like a message, so its blocks and buttons print and number as one does."""
    return Message(channel=HOME_CHANNEL, ts="0", blocks=list(view.get("blocks") or []))
