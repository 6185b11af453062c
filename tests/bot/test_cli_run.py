"""`switchboard run` as a new user meets it: a start that fails is one line, and PORT and --port
are refused with the same words."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.emulator import SlackEmulator

ROOT = Path(__file__).resolve().parents[2]
SECRET = "0123456789abcdef0123456789abcdef"
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_SIGNING_SECRET": SECRET}


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_")) and k != "PORT"}
    return {**clean, **GOOD, "SWITCHBOARD_DATA_DIR": str(tmp_path / "data"), **settings}


def _run(env: dict[str, str], *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "run", *flags], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("mode", ["--http", "--socket"])
def test_a_slack_api_out_of_reach_is_the_only_line_printed(tmp_path, mode):
    closed = f"http://127.0.0.1:{_free_port()}/api/"
    env = _env(tmp_path, SLACK_API_URL=closed, PORT=str(_free_port()), SLACK_APP_TOKEN="xapp-1-abc")
    result = _run(env, mode)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1  # no log lines (settings, slack_sdk's retry) above the error
    assert result.stderr.startswith(f"switchboard: cannot reach Slack's Web API at {closed}")


async def test_a_token_slack_refuses_is_the_only_line_printed(tmp_path):
    async with SlackEmulator() as emu:
        emu.accepted_token = "xoxb-the-real-one"
        env = _env(tmp_path, SLACK_API_URL=emu.api_url, PORT=str(_free_port()))
        result = await asyncio.to_thread(_run, env, "--http")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("switchboard: Slack refused the bot token")


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_port_and_the_port_flag_are_refused_with_the_same_words(tmp_path, port):
    expected = f"expected a port number from 1 to 65535, got '{port}'"
    by_env = _run(_env(tmp_path, PORT=port), "--http")
    assert by_env.returncode == 1
    assert by_env.stderr == f"switchboard: PORT is malformed: {expected}\n"
    by_flag = _run(_env(tmp_path), "--http", "--port", port)
    assert by_flag.returncode == 2
    assert by_flag.stderr.splitlines()[-1] == f"switchboard run: error: argument --port: {expected}"
