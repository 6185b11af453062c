"""Bytes to and from Slack's file service: shared files downloaded with the bot token, exports uploaded.

A shared file's ``url_private`` is fetched with the bot token in an Authorization header, so the
token must only ever go to Slack's own file hosts (and, for local runs, the emulator's host):
``allowed`` checks the address before anything is sent. Uploads go to the one-time address
``files.getUploadURLExternal`` hands out, which needs no token.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable
from urllib.parse import urlparse

import aiohttp

from knowledge.edit_errors import EditError

MAX_IMPORT_BYTES = 1_000_000
SLACK_FILE_HOSTS = ("slack.com", "slack-edge.com", "slack-files.com")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")  # plain http only to a local emulator


class SlackFiles:
    """Bytes to and from Slack's file service: downloads with the bot token, upload-URL posts."""

    def __init__(self, token: str, *, extra_hosts: Iterable[str] = (), timeout: float = 20.0,
                 max_bytes: int = MAX_IMPORT_BYTES):
        self._token = token
        self._extra_hosts = {h for h in extra_hosts if h}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.max_bytes = max_bytes

    def allowed(self, url: str) -> bool:
        """Only Slack's hosts (and the local emulator) ever see the bot token."""
        parts = urlparse(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" and not (parts.scheme == "http" and host in _LOOPBACK):
            return False
        return host in self._extra_hosts or any(host == h or host.endswith("." + h) for h in SLACK_FILE_HOSTS)

    async def download(self, url: str, name: str) -> bytes:
        """The file's bytes; EditError naming the file when it cannot be had."""
        if not self.allowed(url):
            raise EditError("import_download_failed", name=name, error=f"not a Slack file address ({url[:80]})")
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                async with session.get(url, headers=headers) as response:
                    if response.status != 200:
                        raise EditError("import_download_failed", name=name, error=f"HTTP {response.status}")
                    if response.content_type == "text/html":
                        # Slack answers a sign-in page, not the file, when the token may not read it.
                        raise EditError("import_download_failed", name=name, error="access refused (files:read)")
                    data = await response.content.read(self.max_bytes + 1)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise EditError("import_download_failed", name=name, error=type(exc).__name__) from exc
        if len(data) > self.max_bytes:
            raise EditError("import_too_big", name=name, size=f"> {self.max_bytes}", limit=self.max_bytes)
        return data

    async def upload(self, url: str, data: bytes) -> None:
        """Post the bytes to an upload URL from files.getUploadURLExternal."""
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                async with session.post(url, data=data) as response:
                    if response.status != 200:
                        raise EditError("export_failed", error=f"HTTP {response.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise EditError("export_failed", error=type(exc).__name__) from exc
