"""`switchboard who` and `switchboard route`: answers for one text, or for one item per line.

Entry points ``cmd_who`` and ``cmd_route`` (the parser lives in ``bot.cli``).
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.cli_common import UsageError, _current_registry
from knowledge.errors import SwitchboardError

NO_TEXT = "no text field"
NOT_AN_OBJECT = "expected a JSON object with a text field"


def _print_route(route, registry, *, with_severity: bool) -> None:
    from bot.render_text import render_route

    print(render_route(route, registry, with_severity=with_severity))


def _words(args: argparse.Namespace) -> str | None:
    """TEXT as typed: several words without quotes are one text, joined by spaces; None when absent."""
    return " ".join(args.text) if args.text else None


def cmd_who(args: argparse.Namespace) -> int:
    from knowledge.routing import Router

    text = _words(args) or ""
    if not text.strip():
        raise SwitchboardError("nothing to route: TEXT is empty; give the question or message")
    registry = _current_registry(args)
    router = Router.for_registry(registry)
    route = router.who(text)
    if args.json:
        print(json.dumps(route.to_json(), ensure_ascii=False))
    else:
        _print_route(route, registry, with_severity=False)
    return 0


def _batch_item(line: str) -> tuple[object, str | None, str | None]:
    """One --batch input line as (id or None, text, error): exactly one of text and error is set."""
    if not line.strip():
        return None, None, "empty line"
    if not line.lstrip().startswith("{"):
        return None, line, None  # plain text, whatever it looks like ("42", "[URGENT] …", a quoted tweet)
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, f"malformed JSON: {exc.msg} (column {exc.colno})"
    if not isinstance(item, dict):
        return None, None, NOT_AN_OBJECT
    item_id, text = item.get("id"), item.get("text")
    if text is None:
        return item_id, None, NO_TEXT
    if not isinstance(text, str):
        return item_id, None, "text must be a string"
    if not text.strip():
        return item_id, None, "empty text"
    return item_id, text, None


def _route_batch(router) -> int:
    out = sys.stdout
    for number, line in enumerate(sys.stdin, start=1):
        item_id, text, error = _batch_item(line.rstrip("\r\n"))
        if error is not None:
            result = {"line": number, "error": error}
        else:
            result = router.route(text).to_json()
        if item_id is not None:
            result = {"id": item_id, **result}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from knowledge.routing import Router

    text = _words(args)
    if args.batch:
        if text is not None:
            raise UsageError("TEXT cannot be given with --batch: --batch reads standard input, one item per line")
        return _route_batch(Router.for_registry(_current_registry(args)))
    if text is not None:
        if not text.strip():
            raise SwitchboardError("nothing to route: TEXT is empty; give the message to route")
    else:
        text = sys.stdin.read()
        if not text.strip():
            raise SwitchboardError("nothing to route: give the message as a TEXT argument or on standard input, "
                                   "or use --batch with one item per line on standard input")
    registry = _current_registry(args)
    router = Router.for_registry(registry)
    route = router.route(text)
    if args.json:
        print(json.dumps(route.to_json(), ensure_ascii=False))
    else:
        _print_route(route, registry, with_severity=True)
    return 0
