"""`switchboard registry suggestions`: keywords learned from corrections, to accept or dismiss.

    switchboard registry suggestions                   list them, strongest first, with their ids
    switchboard registry suggestions --accept ID       add the keyword (an audited change, source cli)
    switchboard registry suggestions --dismiss ID      never suggest it again

Both flags may be repeated; dismissals run first. Like the other registry changes it opens the
data folder, so the bot must not be running on the same folder at the time.
"""
from __future__ import annotations

import argparse

from bot.cli_common import UsageError, _data_dir, open_store_to_change
from bot.learning import Learning, accept_from_cli, dismiss_from_cli
from knowledge.errors import SwitchboardError
from knowledge.suggestions import KeywordSuggestion

EXAMPLE_WIDTH = 90


def _short(text: str, width: int = EXAMPLE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_suggestions(suggestions: list[KeywordSuggestion], corrections: int, revision: int) -> str:
    """The listing printed by the command."""
    if not suggestions:
        return (f"no keyword suggestion yet ({corrections} correction(s) recorded, registry revision {revision}): "
                "suggestions come from reassigned escalations and \"is it rather…?\" choices")
    lines = [f"{len(suggestions)} keyword suggestion(s) from {corrections} correction(s), registry revision {revision}:"]
    width = max(len(s.target.label) for s in suggestions)
    for suggestion in suggestions:
        lines.append(f"  {suggestion.id}  {suggestion.target.label:<{width}}  \"{suggestion.words}\"  "
                     f"({suggestion.support} corrections, {round(suggestion.precision * 100)}% to this department)")
        for example in suggestion.examples[:2]:
            lines.append(f"          e.g. {_short(example)}")
    lines.append("accept one with `switchboard registry suggestions --accept ID`, "
                 "dismiss one with `switchboard registry suggestions --dismiss ID`")
    return "\n".join(lines)


def run_suggestions_cli(args: argparse.Namespace) -> int:
    """Entry point of `switchboard registry suggestions`."""
    from knowledge.registry_repo import RegistryRepo

    actor = (args.as_user or "").strip() or "cli"
    both = set(args.accept or []) & set(args.dismiss or [])
    if both:
        raise UsageError(f"--accept and --dismiss both name {', '.join(sorted(both))}: "
                         "a suggestion is either accepted or dismissed")
    with open_store_to_change(args, from_slack="accept or dismiss the suggestions in the bot's App Home") as store:
        repo = RegistryRepo(store)
        learning = Learning(store)
        registry, revision = repo.current()
        if registry is None:
            raise SwitchboardError(f"no registry in {_data_dir(args)}: import one with `switchboard registry import FILE`")
        for suggestion_id in args.dismiss or []:
            suggestion = dismiss_from_cli(learning, repo, suggestion_id, actor)
            print(f"dismissed {suggestion.id}: \"{suggestion.words}\" will not be suggested again for "
                  f"{suggestion.target.label}")
        for suggestion_id in args.accept or []:
            suggestion, entry = accept_from_cli(learning, repo, suggestion_id, actor)
            print(f"accepted {suggestion.id}: \"{suggestion.words}\" added to the keywords of {suggestion.target.label} "
                  f"(revision {entry.revision}, audited as {actor} from cli)")
        if not args.accept and not args.dismiss:
            registry, revision = repo.current()
            print(render_suggestions(learning.suggestions(registry), len(learning.corrections), revision))
    return 0
