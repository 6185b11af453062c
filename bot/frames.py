"""The front and the worker of `switchboard run --http` talk in frames over a socket pair.

A frame is one JSON object, preceded by its length (4 bytes, big-endian). The front sends the
requests Slack made; the worker answers each with a report carrying the same ``id``.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

MAX_FRAME = 16 * 1024 * 1024  # far above Slack's largest request (the front takes 2 MB)


def encode(frame: dict[str, Any]) -> bytes:
    data = json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(data).to_bytes(4, "big") + data


def send(writer: asyncio.StreamWriter, frame: dict[str, Any]) -> None:
    """Queue ``frame`` on ``writer`` (asyncio writes it as soon as the socket takes it)."""
    writer.write(encode(frame))


async def receive(reader: asyncio.StreamReader) -> dict[str, Any]:
    """The next frame; asyncio.IncompleteReadError when the other side has gone."""
    size = int.from_bytes(await reader.readexactly(4), "big")
    if size > MAX_FRAME:
        raise ValueError(f"a frame of {size} bytes is larger than {MAX_FRAME}")
    return json.loads(await reader.readexactly(size))
