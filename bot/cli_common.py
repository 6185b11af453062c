"""What the `switchboard` commands share: the data folder and its store, who acts, the registry
read from a file or the store, and the usage error argparse reports."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from knowledge.errors import StoreLocked, SwitchboardError

DEFAULT_DATA_DIR = "./data"
SAMPLE_REGISTRY = Path(__file__).resolve().parent.parent / "samples" / "registry.yaml"


class UsageError(SwitchboardError):
    """Arguments that do not go together: reported like argparse's own errors (exit 2)."""


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "data_dir", None) or os.environ.get("SWITCHBOARD_DATA_DIR") or DEFAULT_DATA_DIR)


def _data_dir_origin(args: argparse.Namespace) -> str:
    """Where the data folder of ``_data_dir`` comes from, as errors name it."""
    if getattr(args, "data_dir", None):
        return "given by --data-dir"
    if os.environ.get("SWITCHBOARD_DATA_DIR"):
        return "set by SWITCHBOARD_DATA_DIR"
    return "the default: neither --data-dir nor SWITCHBOARD_DATA_DIR is set"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def make_data_dir(folder: Path, *, fix: str = "pass --data-dir DIR or set SWITCHBOARD_DATA_DIR to a folder") -> None:
    """Create the data folder if it is missing; a file in its place, or a folder that cannot be
    made, is one clear line (``fix`` says what to do about the file)."""
    if folder.exists() and not folder.is_dir():
        raise SwitchboardError(f"data folder {folder} is a file, not a folder: {fix}")
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SwitchboardError(f"cannot create data folder {folder}: {_reason(exc)}") from None


def open_store(folder: Path, *, create: bool = True, origin: str | None = None):
    """``Store.open(folder)``, with a data folder that cannot be used reported as one clear line;
    without ``create`` (commands that only read), a folder that does not exist is not made: a
    mistyped --data-dir must not leave an empty store behind; ``origin`` says where the folder came from."""
    from knowledge.store import Store

    if not create and not folder.exists():
        where = f" ({origin})" if origin else ""
        raise SwitchboardError(f"no data folder at {folder}{where}: nothing is stored there yet; import a registry with "
                               "`switchboard registry import FILE`, pass --data-dir DIR, or --registry FILE where "
                               "the command takes it")
    make_data_dir(folder)
    try:
        return Store.open(folder)
    except OSError as exc:
        raise SwitchboardError(f"cannot open data folder {folder}: {_reason(exc)}") from None


def _open_store(args: argparse.Namespace, *, create: bool = False):
    return open_store(_data_dir(args), create=create, origin=_data_dir_origin(args))


def open_store_to_change(args: argparse.Namespace, *, from_slack: str, create: bool = False):
    """The store, for a command that changes the registry: while a bot (or the console) holds the
    folder, the refusal says how to make the change from Slack instead (``from_slack``)."""
    try:
        return _open_store(args, create=create)
    except StoreLocked as exc:
        raise StoreLocked(f"{exc}: while the bot runs on it, change the registry from Slack instead, as an "
                          f"admin: {from_slack}") from None


def _actor(args: argparse.Namespace) -> str:
    """The --as USER given, or "cli" when it is missing or blank."""
    return (getattr(args, "as_user", None) or "").strip() or "cli"


def _repo(store):
    from knowledge.registry_repo import RegistryRepo

    return RegistryRepo(store)


def _current_registry(args: argparse.Namespace):
    """The registry from --registry FILE (not imported) or else the store's current one."""
    from knowledge.validation import load_registry_file

    if getattr(args, "registry", None):
        return load_registry_file(args.registry).registry
    try:
        with _open_store(args) as store:
            registry, _revision = _repo(store).current()
    except StoreLocked:
        from knowledge.registry_repo import read_registry_snapshot

        print("(the bot is running on this data folder: reading its registry without the lock)", file=sys.stderr)
        registry, _revision = read_registry_snapshot(_data_dir(args))
    if registry is None:
        raise SwitchboardError(
            f"no registry in {_data_dir(args)}: import one with `switchboard registry import FILE`"
            + (" or pass --registry FILE" if getattr(args, "takes_registry_file", True) else "")
        )
    return registry
