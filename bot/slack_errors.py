"""What a failed Slack Web API call means for a retrying sender: try again (when), or give up.

    RETRY   429 (after its Retry-After), HTTP 5xx, Slack's transient ``ok: false`` errors
            (internal_error, fatal_error, service_unavailable, request_timeout…), network errors
    FAILED  every other ``ok: false`` answer (channel_not_found, not_in_channel, invalid_auth…)
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

# Slack errors (ok:false) that say "try again later" rather than "this will never work".
TRANSIENT_ERRORS = frozenset({
    "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable",
    "request_timeout", "timeout",
})
RETRY, FAILED = "retry", "failed"


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    getter = getattr(headers, "get", None)
    value = getter(name) if getter else None
    if value is not None:
        return str(value)
    items = headers.items() if hasattr(headers, "items") else []
    return next((str(v) for k, v in items if str(k).lower() == name.lower()), None)


def _retry_after(headers: Any, default: float = 1.0) -> float:
    value = _header(headers, "Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def classify_error(exc: BaseException) -> tuple[str, str, float | None]:
    """(RETRY or FAILED, error name, Retry-After seconds or None) for a failed Web API call."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        data = getattr(response, "data", None)
        error = data.get("error") if isinstance(data, Mapping) else None
        if status == 429 or error in ("ratelimited", "rate_limited"):
            return RETRY, "ratelimited", _retry_after(getattr(response, "headers", None))
        if isinstance(status, int) and status >= 500:
            return RETRY, error or f"http_{status}", None
        if error in TRANSIENT_ERRORS:
            return RETRY, error, None
        return FAILED, error or f"http_{status}", None
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return RETRY, "timeout", None
    if isinstance(exc, aiohttp.ClientError):
        return RETRY, type(exc).__name__, None
    return RETRY, type(exc).__name__, None  # OSError and friends: the network


def classify_response(data: Mapping[str, Any]) -> tuple[str, str, float | None] | None:
    """None for a success; else like ``classify_error`` for an ``ok: false`` answer."""
    if data.get("ok", True):
        return None
    error = str(data.get("error") or "unknown_error")
    if error in ("ratelimited", "rate_limited"):
        return RETRY, error, float(data.get("retry_after") or 1.0)
    return (RETRY if error in TRANSIENT_ERRORS else FAILED), error, None
