"""Settings from the environment, and `switchboard run` serving Slack in HTTP mode."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.config import ConfigError, load_settings
from bot.emulator import SlackEmulator, reaction_added, event_callback

ROOT = Path(__file__).resolve().parents[2]
SECRET = "0123456789abcdef0123456789abcdef"
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_SIGNING_SECRET": SECRET}


def test_http_mode_when_no_app_token():
    settings = load_settings(GOOD)
    assert not settings.socket_mode and settings.port == 3000
    assert settings.api_url == "https://slack.com/api/"


def test_socket_mode_when_app_token_is_set():
    assert load_settings({**GOOD, "SLACK_APP_TOKEN": "xapp-1-abc"}).socket_mode


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_SIGNING_SECRET": "not hex!"}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong-kind"}, "SLACK_APP_TOKEN"),
        ({**GOOD, "PORT": "eighty"}, "PORT"),
        ({**GOOD, "SLACK_API_URL": "localhost:9"}, "SLACK_API_URL"),
        ({**GOOD, "SWITCHBOARD_REGISTRY": "/nonexistent/registry.yaml"}, "SWITCHBOARD_REGISTRY"),
        ({**GOOD, "SWITCHBOARD_WORKER_TIMEOUT": "soon"}, "SWITCHBOARD_WORKER_TIMEOUT"),
        ({**GOOD, "SWITCHBOARD_WORKER_TIMEOUT": "0"}, "SWITCHBOARD_WORKER_TIMEOUT"),
    ],
)
def test_a_missing_or_malformed_setting_names_the_variable(env, variable):
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    assert variable in str(info.value)


def test_tokens_never_appear_in_the_settings_repr():
    settings = load_settings({**GOOD, "SLACK_APP_TOKEN": "xapp-secret-value"})
    shown = repr(settings) + str(settings)
    assert "xoxb-1-2-3" not in shown and SECRET not in shown and "xapp-secret-value" not in shown


def test_run_refuses_to_start_with_one_clear_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "SLACK_BOT_TOKEN" in result.stderr


async def _run_until_exit(env: dict[str, str], cwd) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", "--http", cwd=cwd, env=env,
                                                   stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, stderr.decode()


async def test_a_token_slack_refuses_stops_the_start_with_one_clear_line(tmp_path):
    async with SlackEmulator() as emu:
        emu.accepted_token = "xoxb-the-real-one"
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))},
               **GOOD, "SLACK_API_URL": emu.api_url, "PORT": str(_free_port()),
               "SWITCHBOARD_DATA_DIR": str(tmp_path / "data")}
        code, stderr = await _run_until_exit(env, ROOT)
    last = stderr.strip().splitlines()[-1]
    assert code == 1
    assert last.startswith("switchboard: Slack refused the bot token (invalid_auth)") and "SLACK_BOT_TOKEN" in last
    assert "Traceback" not in stderr and "Unclosed" not in stderr and "xoxb-1-2-3" not in stderr


async def test_a_slack_api_out_of_reach_stops_the_start_with_one_clear_line(tmp_path):
    closed = f"http://127.0.0.1:{_free_port()}/api/"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))},
           **GOOD, "SLACK_API_URL": closed, "PORT": str(_free_port()), "SWITCHBOARD_DATA_DIR": str(tmp_path / "data")}
    code, stderr = await _run_until_exit(env, ROOT)
    assert code == 1
    assert stderr.strip().splitlines()[-1].startswith(f"switchboard: cannot reach Slack's Web API at {closed}")
    assert "Traceback" not in stderr and "Unclosed" not in stderr


async def test_a_port_already_taken_stops_the_start_with_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with SlackEmulator() as emu:
            env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))},
                   **GOOD, "SLACK_API_URL": emu.api_url, "PORT": str(port), "SWITCHBOARD_DATA_DIR": str(tmp_path / "data")}
            code, stderr = await _run_until_exit(env, ROOT)
    assert code == 1
    assert stderr.strip().splitlines()[-1] == f"switchboard: cannot listen on port {port} (address already in use): check PORT or --port"
    assert "Traceback" not in stderr and "Unclosed" not in stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("by_flag", [False, True], ids=["PORT", "--port over a malformed PORT"])
async def test_run_serves_health_and_signed_events_over_http(tmp_path, by_flag):
    async with SlackEmulator() as emu:
        emu.add_channel("C0SOCIAL1")
        port = _free_port()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SWITCHBOARD_"))},
               **GOOD, "SLACK_API_URL": emu.api_url, "PORT": "abc" if by_flag else str(port),
               "SWITCHBOARD_DATA_DIR": str(tmp_path / "data"),
               "SWITCHBOARD_REGISTRY": str(ROOT / "samples" / "registry.yaml")}
        flags = ["--port", str(port)] if by_flag else []
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", "--http", *flags, cwd=ROOT,
                                                       env=env, stderr=asyncio.subprocess.PIPE)
        try:
            async with aiohttp.ClientSession() as session:
                for _ in range(200):
                    try:
                        async with session.get(f"http://127.0.0.1:{port}/health") as response:
                            health = await response.json()
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                else:
                    pytest.fail("the bot did not start listening")
                assert health["ok"] and health["registry_revision"] == 1
                ts = emu.add_message("C0SOCIAL1", "Piratage : fuite de données et mots de passe volés", "U0CM00003")
                request = event_callback(reaction_added(user="U0CM00002", reaction="rotating_light",
                                                        channel="C0SOCIAL1", ts=ts)).signed(SECRET)
                async with session.post(f"http://127.0.0.1:{port}/slack/events", data=request.body,
                                        headers=request.headers) as response:
                    assert response.status == 200
                forged = request.signed("f" * 32)
                async with session.post(f"http://127.0.0.1:{port}/slack/events", data=forged.body,
                                        headers=forged.headers) as response:
                    assert response.status == 401
            dms = await emu.wait_for("chat.postMessage", lambda c: c.body.get("channel", "").startswith(("D", "U")),
                                     timeout=10)
            assert "ESC-1" in dms[0].body["text"]
        finally:
            process.terminate()
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        assert process.returncode == 0
        assert b"xoxb-1-2-3" not in stderr and SECRET.encode() not in stderr


def test_settling_memory_sets_the_objects_alive_aside_from_the_collector():
    import gc

    from bot.server import settle_memory

    try:
        settle_memory()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
