"""`switchboard run`: the bot in HTTP mode (POST /slack/events, GET /health) or Socket Mode."""
from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys

import aiohttp
from aiohttp import web
from slack_sdk.errors import SlackApiError

from bot.app import Runtime, build_runtime, import_if_empty
from bot.config import BotSettings, ConfigError, load_settings
from knowledge.store import Store

log = logging.getLogger(__name__)


def _retry_notice_for_debugging(record: logging.LogRecord) -> bool:
    """slack_sdk means its "A retry handler found" lines for debugging (it checks the logger's own
    level against DEBUG, which an unset level passes): at start they came above the one line that
    says Slack's Web API is out of reach. Kept when the log is at DEBUG."""
    if not record.getMessage().startswith("A retry handler found"):
        return True
    return logging.getLogger().isEnabledFor(logging.DEBUG)


for _name in ("slack_sdk.web.async_base_client", "slack_sdk.webhook.async_client"):
    logging.getLogger(_name).addFilter(_retry_notice_for_debugging)


def web_application(runtime: Runtime) -> web.Application:
    """The aiohttp application Slack talks to in HTTP mode."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

    async def slack_events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("malformed request body refused: %s", exc)
            return web.json_response({"ok": False, "error": "malformed_payload"}, status=400)
        bolt_response = await runtime.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def health_check(_request: web.Request) -> web.Response:
        return web.json_response(health(runtime))

    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/health", health_check)
    return app


def settle_memory() -> None:
    """Set the long-lived objects (a router's indexes, the thesaurus, the libraries) aside from
    the garbage collector: Python's full collections walk every object of the process (about
    20 ms with a router), and the request that meets one waits that long. Done at start and after
    a new router is built, once no request is being answered: the previous router's cycles are
    collected first, a pause of about 0.1 s once per registry change."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


async def open_bot(settings: BotSettings, *, request_verification: bool = True) -> Runtime:
    """Open the data folder, build the bot, check the token with Slack and start the background
    work; a token Slack refuses, or a Web API out of reach, is one ConfigError line."""
    store = Store.open(settings.data_dir)
    runtime = build_runtime(store=store, bot_token=settings.bot_token, signing_secret=settings.signing_secret,
                            api_url=settings.api_url, semantic=settings.semantic,
                            request_verification=request_verification)
    import_if_empty(runtime.switchboard.repo, settings.registry_file)
    try:
        await runtime.authenticate()
    except SlackApiError as exc:
        await _close(runtime, store)
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if error in TOKEN_ERRORS:
            raise ConfigError(f"Slack refused the bot token ({error}): check SLACK_BOT_TOKEN") from None
        raise ConfigError(f"Slack's Web API at {settings.api_url} answered auth.test with HTTP "
                          f"{exc.response.status_code} ({error or 'not a Slack answer'}): check SLACK_API_URL, "
                          "or try again if Slack is having trouble") from None
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
        await _close(runtime, store)
        raise ConfigError(f"cannot reach Slack's Web API at {settings.api_url} ({exc.__class__.__name__}: "
                          f"{str(exc) or 'no answer'}): check SLACK_API_URL and the network") from None
    if runtime.switchboard.repo.current()[0] is None:
        log.warning("no registry yet: nothing can be routed until one is imported (`switchboard registry "
                    "import FILE`, SWITCHBOARD_REGISTRY at start, or the YAML file sent to the bot in a "
                    "direct message by an admin)")
    try:
        await runtime.start()
    except BaseException:
        await close_bot(runtime)
        raise
    switchboard = runtime.switchboard

    async def settle_when_quiet() -> None:
        settle_memory()

    # run_later waits until no request is being answered
    switchboard.learning.on_new_router = lambda: switchboard.run_later(settle_when_quiet())
    settle_memory()
    return runtime


async def close_bot(runtime: Runtime) -> None:
    """Stop the background work and let go of the data folder."""
    await runtime.stop()
    runtime.store.close()


def health(runtime: Runtime) -> dict:
    """What GET /health answers."""
    registry, revision = runtime.switchboard.repo.current()
    return {"ok": True, "registry_revision": revision, "registry_loaded": registry is not None}


async def serve_socket_mode(settings: BotSettings) -> None:
    """Run the whole bot in this process, connected to Slack in Socket Mode, until SIGINT/SIGTERM.
    (In HTTP mode `switchboard run` is two processes: ``bot/front.py``.)"""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    runtime = await open_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    handler = None
    try:
        handler = AsyncSocketModeHandler(runtime.app, settings.app_token)
        await handler.connect_async()
        log.info("connected to Slack in Socket Mode")
        await stop.wait()
    finally:
        if handler is not None:
            await handler.close_async()
        await close_bot(runtime)


TOKEN_ERRORS = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}


async def _close(runtime: Runtime, store: Store) -> None:
    """Let go of what a start that failed had opened."""
    if runtime.client.session is not None:
        await runtime.client.session.close()
    await runtime.switchboard.semantic.close()
    runtime.switchboard.inbox.close()
    store.close()


def run(args: argparse.Namespace) -> int:
    """Entry point of `switchboard run`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The writer threads (store, inbox) hand results back after each fsync; with Python's default
    # 5 ms switch interval they wait that long for the event loop to let go of the interpreter,
    # and Slack's acknowledgement waits with them.
    sys.setswitchinterval(0.001)
    mode = "socket" if args.socket else "http" if args.http else None
    settings = load_settings(mode=mode, port=args.port, data_dir=args.data_dir)
    # not at INFO: a start that fails says why in one line, without the settings above it
    log.debug("starting with %r", settings)
    if not settings.socket_mode:
        from bot.front import run_front

        return run_front(settings)
    try:
        asyncio.run(serve_socket_mode(settings))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(argparse.Namespace(socket=False, http=False, port=None, data_dir=None)))
