"""Durations as written in the registry: a whole number and one of s, m, h, d."""
from __future__ import annotations

import re

DURATION_RE = re.compile(r"^([1-9][0-9]*)([smhd])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """Return the number of seconds in ``text`` (``30s``, ``15m``, ``1h``, ``2d``)."""
    match = DURATION_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"bad duration {text!r}: expected a positive whole number followed by s, m, h or d (e.g. 15m)")
    return int(match.group(1)) * _UNIT[match.group(2)]


def format_duration(seconds: int, lang: str = "en") -> str:
    """Render seconds the way people say it: ``15 min``, ``1 h``, ``2 d``/``2 j``."""
    if seconds % 86400 == 0:
        return f"{seconds // 86400} {'j' if lang == 'fr' else 'd'}"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
