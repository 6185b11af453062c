"""Starting `switchboard console`: lines read from a terminal (with editing) or a pipe (echoed),
the data folder (a throw-away one unless ``--data-dir`` is given), and the entry point that
starts the sandbox and hands it to ``bot.console.Console``."""
from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli_common import make_data_dir
from bot.clock import FakeClock
from bot.console import Console
from bot.playground import Session, default_channel, default_user, quiet_logging, start_sandbox
from bot.sandbox import Sandbox
from knowledge.errors import SwitchboardError

log = logging.getLogger(__name__)


def line_reader(stream: Any = None, write: Callable[[str], None] = print) -> Callable[[str], str | None]:
    """Read one line per call: with readline editing and history on a terminal, echoed from a pipe."""
    stream = stream or sys.stdin
    if stream is sys.stdin and stream.isatty():
        try:
            import readline  # noqa: F401 — importing it gives input() line editing and history
        except ImportError:
            log.debug("no readline module: plain input")

        def read_tty(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:
                return None
            except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
                write("")
                return ""

        return read_tty

    def read_pipe(prompt: str) -> str | None:
        line = stream.readline()
        if not line:
            return None
        line = line.rstrip("\n")
        write(f"{prompt}{line}")
        return line

    return read_pipe


# --- entry point ------------------------------------------------------------------------------

def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder``'s path that does not exist yet (what making it creates)."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing = path
    return missing


def run_console(args: argparse.Namespace) -> int:
    """Entry point of `switchboard console`: the real bot on the local emulator, driven from the keyboard."""
    quiet_logging()
    registry_file = Path(args.registry) if getattr(args, "registry", None) else None
    if registry_file is not None and not registry_file.is_file():
        raise SwitchboardError(f"no registry file at {registry_file}")
    given_dir = getattr(args, "data_dir", None)
    scratch = None if given_dir else tempfile.TemporaryDirectory(prefix="switchboard-console-")
    data_dir = Path(given_dir) if given_dir else Path(scratch.name)  # type: ignore[union-attr]
    created = None
    if given_dir:
        created = _first_missing(data_dir)
        make_data_dir(data_dir, fix="pass --data-dir DIR with a folder, or leave it out for a throw-away one")
    loop = asyncio.new_event_loop()
    sandbox: Sandbox | None = None
    started = False
    try:
        # messages stamped from now on, as Slack does: a folder kept from an earlier session holds
        # escalations of its messages, and a new message must not look like one of those; the
        # clock resumes where the folder's escalations left it, so their timers run on from there
        sandbox = start_sandbox(loop, data_dir, registry_file, start_ts=time.time())
        clock = sandbox.clock
        assert isinstance(clock, FakeClock)
        session = Session(sandbox, clock)
        registry = sandbox.registry
        console = Console(session, default_user(registry), default_channel(registry), read=line_reader())
        if getattr(args, "as_user", None):
            console.switch_user(args.as_user)
        if getattr(args, "in_channel", None):
            console.switch_channel(args.in_channel, how="--in")
        sandbox.emulator.add_channel(console.channel_id)
        started = True
        where = "a throw-away folder" if scratch is not None else str(data_dir)
        print(f"Switchboard console — the real bot on a local Slack emulator (data in {where}; "
              "time stands still until :wait).")
        notice = loop.run_until_complete(console.unresolved_notice())
        if notice:
            print(notice)
        print(":help lists what you can type; :quit leaves.\n")
        console.run(loop)
        return 0
    finally:
        if sandbox is not None:
            loop.run_until_complete(sandbox.stop())
        loop.close()
        if scratch is not None:
            scratch.cleanup()
        if not started and created is not None:  # a failed first start leaves no folder behind
            shutil.rmtree(created, ignore_errors=True)
