"""The plumbing of the emulated Web API (arguments, errors, method tables) and auth/users methods.

A method is a plain function of the workspace and the call's `Args`: it returns the fields of
a successful answer (the server adds ``"ok": true``) or raises `ApiError` with Slack's error
code. Each module files its methods in its own ``METHODS`` table; the server merges them, and
records response_url posts and file upload steps under `RESPONSE_URL` and `FILE_UPLOAD`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.emulator.store import APP_ID, BOT_ID, BOT_NAME, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, TEAM_NAME, Workspace


class ApiError(Exception):
    """A Slack error answer: HTTP 200, ``ok: false`` and this error code (plus any extra fields)."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass(frozen=True)
class Args:
    """The parsed arguments of one call, and the emulator's own root URL."""

    body: dict[str, Any]
    root_url: str = ""

    def get(self, name: str) -> Any:
        """The argument, with empty strings treated as absent as Slack does."""
        value = self.body.get(name)
        return None if value == "" else value

    def text(self, name: str) -> str | None:
        """The argument as a string, or None."""
        value = self.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        """A boolean argument, sent as true/false, 1/0 or a JSON boolean."""
        value = self.get(name)
        return value is True or str(value).lower() in ("true", "1")

    def number(self, name: str, default: int) -> int:
        """An integer argument, or `default` when absent or not a number."""
        try:
            return int(self.get(name))
        except (TypeError, ValueError):
            return default


Method = Callable[[Workspace, Args], dict[str, Any]]


def registrar(table: dict[str, Method]) -> Callable[[str], Callable[[Method], Method]]:
    """A decorator factory filing functions in `table` under Slack method names."""

    def method(name: str) -> Callable[[Method], Method]:
        def register(fn: Method) -> Method:
            table[name] = fn
            return fn

        return register

    return method


METHODS: dict[str, Method] = {}
method = registrar(METHODS)

RESPONSE_URL = "response_url"  # the method name response_url posts are recorded under
FILE_UPLOAD = "file_upload"  # the method name of the upload step of files_upload_v2



# -- auth and users


@method("auth.test")
def auth_test(ws: Workspace, args: Args) -> dict[str, Any]:
    """Who the token belongs to: the bot user of the emulated team."""
    return {
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": TEAM_NAME,
        "user": BOT_NAME,
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "is_enterprise_install": False,
    }


@method("users.info")
def users_info(ws: Workspace, args: Args) -> dict[str, Any]:
    """A member's profile; `locale` only when include_locale is set, as in Slack."""
    user = ws.users.get(args.text("user") or "")
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user.to_slack(include_locale=args.flag("include_locale"))}
