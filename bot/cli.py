"""The `switchboard` command line: registry administration, routing, escalations, the bot itself."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from bot.cli_common import DEFAULT_DATA_DIR, SAMPLE_REGISTRY, UsageError
from bot.config import PORT_RANGE, port_number
from bot.registry_cli import (
    print_problems,
    cmd_registry_audit,
    cmd_registry_export,
    cmd_registry_history,
    cmd_registry_import,
    cmd_registry_show,
    cmd_registry_suggestions,
    cmd_registry_undo,
    cmd_registry_validate,
)
from bot.route_cli import cmd_route, cmd_who
from knowledge.errors import RegistryInvalid, SwitchboardError

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


# --- bot -----------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    from bot.server import run

    return run(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    if getattr(args, "data_dir", None):  # before or after the command
        raise UsageError("the demo always runs in a throw-away data folder and takes no --data-dir; "
                         "to work in a folder of your own, use `switchboard console --data-dir DIR`")
    return run_demo(args)


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console_start import run_console

    return run_console(args)


def cmd_escalations(args: argparse.Namespace) -> int:
    from bot.escalations_cli import run_escalations_cli

    return run_escalations_cli(args)


# --- parser --------------------------------------------------------------------------------

def _port(text: str) -> int:
    """argparse type of --port: a TCP port number, 1 to 65535 (checked as PORT is)."""
    value = port_number(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"expected {PORT_RANGE}, got {text!r}")
    return value


def _positive(text: str) -> int:
    """argparse type of a count such as --limit: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _moment(text: str) -> datetime:
    """argparse type of --at: an ISO date and time, UTC unless it carries an offset."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date and time such as 2026-11-02T14:00 (UTC unless an offset is given), got {text!r}"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def version() -> str:
    """The installed package's version, else the one written in pyproject.toml."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("switchboard")
    except PackageNotFoundError:
        pass
    try:
        import tomllib

        return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


class CommandParser(argparse.ArgumentParser):
    """The parser of a command (`registry import`, `who`…): arguments it does not know are reported
    with its own usage, as its other errors are; argparse leaves them to the top-level parser,
    whose usage does not say what the command takes."""

    def parse_known_args(self, args=None, namespace=None):  # noqa: ANN001, ANN201 — argparse's signature
        namespace, extras = super().parse_known_args(args, namespace)
        words = self._words(namespace)
        if words is not None and extras and not any(extra.startswith("-") for extra in extras):
            words.extend(extras)  # `who journaliste --json presse`: words after an option are TEXT too
            extras = []
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def _words(self, namespace: argparse.Namespace) -> list[str] | None:
        """The list of words of a TEXT that takes several (who, route), else None."""
        for action in self._actions:
            words = getattr(namespace, action.dest, None)
            if not action.option_strings and action.nargs in ("+", "*") and isinstance(words, list):
                return words
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="switchboard",
        description="Switchboard: route crisis material to the people responsible, and chase until someone acknowledges.",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help=f"data folder (registry, audit log, escalations); env SWITCHBOARD_DATA_DIR, default {DEFAULT_DATA_DIR}. "
             "`demo` refuses it (always a throw-away folder); `console` uses it only when given, never the env variable or the default",
    )
    parser.add_argument("--version", action="version", version=f"switchboard {version()}",
                        help="print the version and exit")
    # every command's parser, and the actions' under `registry` and `escalations`, is a CommandParser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=CommandParser)

    reg = sub.add_parser("registry", help="validate, import, export, show, audit, undo and see the history of the responsibility registry; review suggested keywords")
    rsub = reg.add_subparsers(dest="registry_command", metavar="ACTION", required=True)

    p = rsub.add_parser("validate", help="check a registry file; exit 0 when valid (warnings printed), 1 with all errors")
    p.add_argument("file", metavar="FILE", help="registry file, YAML or JSON")
    p.set_defaults(func=cmd_registry_validate)

    p = rsub.add_parser("import", help="validate FILE, then replace the stored registry atomically (audited)")
    p.add_argument("file", metavar="FILE", help="registry file, YAML or JSON")
    p.add_argument("--as", dest="as_user", metavar="USER", help="who makes the change, recorded in the audit log (default: cli)")
    p.set_defaults(func=cmd_registry_import)

    p = rsub.add_parser("export", help="print the stored registry as a file that imports back to the same registry")
    p.add_argument("--format", choices=("yaml", "json"), default=None,
                   help="output format (default: from the extension of -o FILE, .json for JSON, .yaml/.yml or "
                        "anything else for YAML; YAML on standard output)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output (FILE.json is "
                                                          "written as JSON unless --format says otherwise)")
    p.set_defaults(func=cmd_registry_export, registry=None, takes_registry_file=False)

    p = rsub.add_parser("show", help="the settings, synonyms and precedence rules, then departments with owner, "
                                     "deputies, head, channel, keywords and topics")
    p.add_argument("department", nargs="?", metavar="DEPARTMENT[/TOPIC]",
                   help="show only this department (with the precedence rules that prefer it), or only this "
                        "topic, as legal/privacy")
    p.add_argument("--registry", metavar="FILE", help="read this file instead of the stored registry")
    p.set_defaults(func=cmd_registry_show)

    p = rsub.add_parser("history", help="the audited changes, newest first, or the registry as it was at a date")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--limit", type=_positive, default=20, metavar="N", help="how many changes to list, at least 1 (default 20)")
    when.add_argument("--at", type=_moment, metavar="DATETIME", help="show the registry as it was then, e.g. 2026-11-02T14:00 (UTC unless an offset is given)")
    p.set_defaults(func=cmd_registry_history)

    p = rsub.add_parser("undo", help="undo the last registry change (the undo is itself audited)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="who undoes, recorded in the audit log (default: cli)")
    p.set_defaults(func=cmd_registry_undo)

    p = rsub.add_parser(
        "suggestions",
        help="keywords learned from corrections (reassigns, \"is it rather…?\" clicks): list, accept or dismiss them",
        description="List the keywords suggested by corrections, strongest first, each with an ID. "
                    "--accept adds one to the registry (an audited change, source cli); --dismiss drops one "
                    "for good. Without flags, only lists.",
    )
    p.add_argument("--accept", action="append", metavar="ID",
                   help="add this suggested keyword to its department (or topic); repeatable")
    p.add_argument("--dismiss", action="append", metavar="ID",
                   help="never suggest this keyword again; repeatable")
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="who decides, recorded in the audit log and the decisions log (default: cli)")
    p.set_defaults(func=cmd_registry_suggestions)

    p = rsub.add_parser("audit", help="responsibility report: departments and topics without deputy, overloaded people")
    p.add_argument("--registry", metavar="FILE", help="report on this file instead of the stored registry")
    p.set_defaults(func=cmd_registry_audit)

    p = sub.add_parser("who", help='answer "who handles this?" for TEXT: department, topic, owner, deputies, confidence, why')
    p.add_argument("text", nargs="+", metavar="TEXT",
                   help="the question or message; several words without quotes are joined by spaces")
    p.add_argument("--json", action="store_true", help="print the JSON answer (fields: department, topic, confident, confidence, severity, owner, deputies, head, channel, matched, alternatives)")
    p.add_argument("--registry", metavar="FILE", help="answer from this registry file without importing it")
    p.set_defaults(func=cmd_who)

    p = sub.add_parser("route", help="route TEXT like `who` and rate its severity; --batch routes one item per input line")
    p.add_argument("text", nargs="*", metavar="TEXT",
                   help="the message; several words without quotes are joined by spaces (read from standard input "
                        "when omitted)")
    p.add_argument("--json", action="store_true", help="print the JSON answer")
    p.add_argument("--batch", action="store_true", help="read standard input (no TEXT): each line a JSON object with a `text` field (its `id` is echoed) or plain text; print one JSON object per input line, in order, a line that cannot be routed giving {\"line\": N, \"error\": ...}")
    p.add_argument("--registry", metavar="FILE", help="route with this registry file without importing it")
    p.set_defaults(func=cmd_route)

    p = sub.add_parser("run", help="run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT)",
                       description="Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT "
                                   "(a front process answers Slack, a worker process does the work). Settings come "
                                   "from the environment (see the README); a missing or malformed one stops the "
                                   "start with one line naming it.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="force Socket Mode (needs SLACK_APP_TOKEN)")
    mode.add_argument("--http", action="store_true", help="force HTTP mode: POST /slack/events, GET /health (a front process acknowledges Slack, a worker process does the work)")
    p.add_argument("--port", type=_port, metavar="PORT", help="HTTP port, 1 to 65535 (default: env PORT, else 3000)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "demo",
        help="a scripted tour of the whole product on the local Slack emulator; no Slack account needed",
        description="A scripted tour of the whole product on the local Slack emulator. It always runs in a "
                    "throw-away data folder, so it never touches a real data folder: --data-dir, before or after "
                    "the command, is refused, and SWITCHBOARD_DATA_DIR is not read.",
    )
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)  # refused
    p.add_argument("--registry", metavar="FILE", help=f"registry file to use (default: the sample, {SAMPLE_REGISTRY.name})")
    p.add_argument("--no-console", action="store_true", help="do not offer to continue in the console at the end")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "console",
        help="talk to the real bot on the local Slack emulator, as any user in any channel",
        description="Talk to the real bot on the local Slack emulator. Works in a throw-away data folder unless "
                    "--data-dir is given (SWITCHBOARD_DATA_DIR is not read); time stands still until `:wait`. "
                    "Type :help inside.",
    )
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                   help="work in this data folder (created if missing) instead of a throw-away one, also when given "
                        "before the command; a registry already stored there is used unless --registry is given, "
                        "which then replaces it (an audited import); SWITCHBOARD_DATA_DIR is not read")
    p.add_argument("--registry", metavar="FILE", help="registry file to use (default: the one stored in --data-dir, else the sample)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="the Slack user id you type as (default: the first admin)")
    p.add_argument("--in", dest="in_channel", metavar="CHANNEL", help="the channel you type in: a channel the registry names, by its C0… id or its department id, "
                        "or dm (default: the first watched channel)")
    p.set_defaults(func=cmd_console)

    esc = sub.add_parser("escalations", help="list escalations and show their timelines")
    esub = esc.add_subparsers(dest="escalations_command", metavar="ACTION", required=True)
    p = esub.add_parser("list", help="escalations, newest first")
    p.add_argument("--open", action="store_true", help="only those not resolved yet")
    p.set_defaults(func=cmd_escalations)
    p = esub.add_parser("show", help="one escalation with its timeline")
    p.add_argument("escalation_id", metavar="ID", help="e.g. ESC-42 (or 42)")
    p.set_defaults(func=cmd_escalations)
    _data_dir_after_the_command(parser)
    return parser


def _data_dir_after_the_command(parser: argparse.ArgumentParser, top: bool = True) -> None:
    """Let every command take --data-dir after its name too (`switchboard registry show --data-dir DIR`),
    except those that define their own (console, and demo that refuses it)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _data_dir_after_the_command(command, top=False)
            return
    if not top and not any("--data-dir" in action.option_strings for action in parser._actions):
        parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                            help="data folder (as before the command; env SWITCHBOARD_DATA_DIR, default ./data)")


def _command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The sub-parser of the command that ``args`` came from (``parser`` itself if none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for dest in ("command", "registry_command", "escalations_command"):
                name = getattr(args, dest, None)
                if name in action.choices:
                    return _command_parser(action.choices[name], args)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `switchboard` console script and of `python -m bot`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except UsageError as exc:
        _command_parser(parser, args).error(str(exc))  # exits 2 with the command's usage, as argparse does
    except RegistryInvalid as exc:
        print_problems("errors", exc.problems, sys.stderr)
        print_problems("warnings", exc.warnings, sys.stderr)
        return 1
    except SwitchboardError as exc:
        print(f"switchboard: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
