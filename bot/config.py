"""Settings of the running bot, read once from the environment at start."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from knowledge.errors import SwitchboardError

if TYPE_CHECKING:
    from bot.semantic import SemanticSettings

DEFAULT_API_URL = "https://slack.com/api/"
PORT_RANGE = "a port number from 1 to 65535"  # what PORT and `run --port` expect, in their errors


class ConfigError(SwitchboardError):
    """A missing or malformed setting; the message names the variable."""


@dataclass(frozen=True)
class BotSettings:
    bot_token: str = field(repr=False)
    signing_secret: str | None = field(repr=False)
    app_token: str | None = field(repr=False)
    api_url: str
    data_dir: Path
    registry_file: Path | None
    port: int
    semantic: SemanticSettings | None = None  # SWITCHBOARD_LLM_*: the optional re-ranking backend
    worker_timeout: float = 30.0  # SWITCHBOARD_WORKER_TIMEOUT: seconds before a silent worker is replaced

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    def __repr__(self) -> str:  # tokens never reach logs
        return (f"BotSettings(api_url={self.api_url!r}, data_dir={str(self.data_dir)!r}, "
                f"registry_file={self.registry_file!r}, port={self.port}, socket_mode={self.socket_mode}, "
                f"semantic={self.semantic!r})")


def _token(env: Mapping[str, str], name: str, prefixes: tuple[str, ...], required: bool) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        if required:
            raise ConfigError(f"{name} is not set: copy it from your Slack app's settings (see README, 'Install in a Slack workspace')")
        return None
    if not value.startswith(prefixes):
        raise ConfigError(f"{name} is malformed: expected a token starting with {' or '.join(prefixes)}")
    return value


def port_number(text: str) -> int | None:
    """``text`` as a TCP port number (1 to 65535), or None when it is not one."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 65536:
        return None
    return int(text)


def load_settings(env: Mapping[str, str] | None = None, *, mode: str | None = None, port: int | None = None,
                  data_dir: str | None = None) -> BotSettings:
    """Read and check every setting; ``mode`` is "socket", "http" or None (decided by SLACK_APP_TOKEN)."""
    env = os.environ if env is None else env
    bot_token = _token(env, "SLACK_BOT_TOKEN", ("xoxb-",), required=True)
    app_token = _token(env, "SLACK_APP_TOKEN", ("xapp-",), required=mode == "socket")
    if mode == "http":
        app_token = None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if app_token is None and secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify Slack's requests "
                          "(or set SLACK_APP_TOKEN for Socket Mode)")
    if secret is not None and not re.fullmatch(r"[0-9a-f]{16,64}", secret):
        raise ConfigError("SLACK_SIGNING_SECRET is malformed: expected the hexadecimal signing secret of your Slack app")
    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    if not re.match(r"^https?://[^\s/]+", api_url):
        raise ConfigError(f"SLACK_API_URL is malformed: expected an http(s) URL such as {DEFAULT_API_URL}")
    if not api_url.endswith("/"):
        api_url += "/"
    if port is None:
        raw_port = env.get("PORT", "").strip() or "3000"
        port = port_number(raw_port)
        if port is None:
            raise ConfigError(f"PORT is malformed: expected {PORT_RANGE}, got {raw_port!r}")
    registry_raw = env.get("SWITCHBOARD_REGISTRY", "").strip()
    registry_file = Path(registry_raw) if registry_raw else None
    if registry_file is not None and not registry_file.is_file():
        raise ConfigError(f"SWITCHBOARD_REGISTRY names {registry_raw!r}, which is not a readable file")
    raw_timeout = env.get("SWITCHBOARD_WORKER_TIMEOUT", "").strip() or "30"
    try:
        worker_timeout = float(raw_timeout)
    except ValueError:
        worker_timeout = 0.0
    if not 1 <= worker_timeout <= 3600:
        raise ConfigError(f"SWITCHBOARD_WORKER_TIMEOUT is malformed: expected seconds from 1 to 3600, got {raw_timeout!r}")
    from bot.semantic import SemanticSettings

    semantic = SemanticSettings.from_env(env)
    return BotSettings(
        bot_token=bot_token or "",
        signing_secret=secret,
        app_token=app_token,
        api_url=api_url,
        data_dir=Path(data_dir or env.get("SWITCHBOARD_DATA_DIR", "").strip() or "./data"),
        registry_file=registry_file,
        port=port,
        semantic=semantic,
        worker_timeout=worker_timeout,
    )
