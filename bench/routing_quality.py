"""Routing and severity quality on a labelled set, next to a naive keyword baseline.

Reads a registry and a JSON-lines file of cases (``id``, ``kind``, ``lang``, ``text``,
``department`` or null for out of scope, ``topic``, ``severity`` for mentions) and prints, for
three engines run in the same process:

    baseline   a case-insensitive substring search of each department's keywords; the department
               with most hits wins, no hit means triage; severity from a short word list
    no thes.   Switchboard's engine on the registry's own words only (stems, phrases, typos,
               resemblance to the registry's examples, severity hints), without the thesaurus
    engine     the full engine: the same plus the built-in thesaurus of concepts

the in-scope department accuracy (the answer given, triage counting when it is not confident),
overall, by language and by kind; the best guess's accuracy and one-click recall (right
department answered or offered among the alternatives); topic accuracy; abstention on
out-of-scope cases; the confident-wrong rate; severity accuracy with a confusion table.

Usage: python bench/routing_quality.py [--registry FILE --cases FILE] [--show-errors]
Default set: ../shared/data/dev-registry.yaml and dev-cases.jsonl beside the repository.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from knowledge.models import Registry  # noqa: E402
from knowledge.routing import Router  # noqa: E402
from knowledge.validation import load_registry_file  # noqa: E402

DATA = REPO.parent / "shared" / "data"
GOALS = {"accuracy": 0.90, "abstention": 0.80, "confident_wrong": 0.05, "severity": 0.85}
LEVELS = ("critical", "high", "normal")

# The baseline's severity words: what a first attempt would list, with no rules around them.
NAIVE_SEVERITY = {
    "critical": ["avocat", "tribunal", "lawyer", "court", "piraté", "hacked", "fuite", "breach",
                 "blessé", "injured", "menace", "threat", "bombe", "bomb", "viral"],
    "high": ["journaliste", "journalist", "influenceur", "influencer", "cnil", "discrimination",
             "harcèlement", "harassment", "abonnés", "followers"],
}


@dataclass
class Answer:
    """What an engine said about one case."""

    department: str
    topic: str | None
    confident: bool
    offered: list[str]
    severity: str
    guess: str


def baseline(registry: Registry) -> Callable[[str], Answer]:
    """The naive engine: keyword substrings, most hits wins."""
    triage = registry.settings.triage_department
    extra = registry.settings.severity_keywords

    def answer(text: str) -> Answer:
        low = text.lower()
        best, best_hits, topic = triage, 0, None
        for dept in registry.departments:
            hits = sum(1 for k in dept.keywords if k.lower() in low)
            topic_hits = {t.id: sum(1 for k in t.keywords if k.lower() in low) for t in dept.topics}
            total = hits + sum(topic_hits.values())
            if total > best_hits:
                best, best_hits = dept.id, total
                top = max(topic_hits.items(), key=lambda kv: kv[1], default=(None, 0))
                topic = top[0] if top[1] else None
        severity = "normal"
        for level in ("high", "critical"):
            words = NAIVE_SEVERITY[level] + list(getattr(extra, level))
            if any(w.lower() in low for w in words):
                severity = level
        return Answer(best, topic, best_hits > 0, [best] if best_hits else [], severity, best)

    return answer


def engine(registry: Registry, *, thesaurus: bool) -> Callable[[str], Answer]:
    """Switchboard's router, with or without the built-in thesaurus."""
    router = Router(registry, use_thesaurus=thesaurus)

    def answer(text: str) -> Answer:
        route = router.route(text)
        offered = [route.department] if route.confident else []
        offered += [a.department for a in route.alternatives]
        best = router.rank(text).best
        guess = best.department if best else route.department
        return Answer(route.department, route.topic, route.confident, offered[:3], route.severity, guess)

    return answer


def evaluate(cases: list[dict], run: Callable[[str], Answer]) -> dict:
    """Every metric of the table for one engine, plus the wrong cases."""
    m: dict = defaultdict(lambda: [0, 0])
    confusion: Counter = Counter()
    errors: list[str] = []
    confident_wrong = 0
    for case in cases:
        got = run(case["text"])
        expected = case["department"]
        if expected is None:
            m["abstention"][1] += 1
            m["abstention"][0] += not got.confident
            wrong = got.confident
        else:
            right = got.department == expected
            for key in ("accuracy", f"lang:{case['lang']}", f"kind:{case['kind']}"):
                m[key][1] += 1
                m[key][0] += right
            m["guess"][1] += 1
            m["guess"][0] += got.guess == expected
            m["one_click"][1] += 1
            m["one_click"][0] += right or expected in got.offered
            m["topic"][1] += 1
            m["topic"][0] += right and got.topic == case.get("topic")
            m["confident_correct"][1] += 1
            m["confident_correct"][0] += got.confident and right
            wrong = got.confident and not right
        confident_wrong += wrong
        if case["kind"] == "mention" and case.get("severity"):
            m["severity"][1] += 1
            m["severity"][0] += got.severity == case["severity"]
            confusion[(case["severity"], got.severity)] += 1
        if wrong or (expected and got.department != expected):
            errors.append(f"{case['id']} expected {expected}/{case.get('topic')} got "
                          f"{got.department}/{got.topic} confident={got.confident} | {case['text'][:100]}")
    m["confident_wrong"] = [confident_wrong, len(cases)]
    return {"metrics": dict(m), "confusion": confusion, "errors": errors}


def _pct(pair: list[int]) -> str:
    done, total = pair
    return f"{100 * done / total:5.1f}% ({done}/{total})" if total else "      —"


def main(argv: list[str] | None = None) -> int:
    """Print the quality table for one labelled set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=DATA / "dev-registry.yaml")
    parser.add_argument("--cases", type=Path, default=DATA / "dev-cases.jsonl")
    parser.add_argument("--show-errors", action="store_true", help="list the cases the full engine gets wrong")
    args = parser.parse_args(argv)
    if not args.registry.exists() or not args.cases.exists():
        print(f"no evaluation set at {args.registry} / {args.cases}", file=sys.stderr)
        return 2
    registry = load_registry_file(args.registry).registry
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    engines = {
        "baseline": baseline(registry),
        "no thes.": engine(registry, thesaurus=False),
        "engine": engine(registry, thesaurus=True),
    }
    results = {name: evaluate(cases, run) for name, run in engines.items()}

    print(f"Routing quality — {args.registry.name} ({len(registry.departments)} departments), "
          f"{args.cases.name} ({len(cases)} cases)\n")
    rows = [
        ("in-scope department accuracy", "accuracy", f">= {GOALS['accuracy']:.0%}"),
    ]
    keys = sorted({k for r in results.values() for k in r["metrics"] if re.match(r"(lang|kind):", k)})
    rows += [(f"  {k.replace(':', ' ')}", k, "") for k in keys]
    rows += [
        ("best guess accuracy", "guess", ""),
        ("one-click recall (answer or top 3)", "one_click", ""),
        ("confident and correct", "confident_correct", ""),
        ("department + topic exact", "topic", ""),
        ("out-of-scope abstention", "abstention", f">= {GOALS['abstention']:.0%}"),
        ("confident-wrong rate (all cases)", "confident_wrong", f"<= {GOALS['confident_wrong']:.0%}"),
        ("severity accuracy (mentions)", "severity", f">= {GOALS['severity']:.0%}"),
    ]
    header = f"{'metric':38} {'goal':>7}  " + "  ".join(f"{name:>17}" for name in engines)
    print(header)
    print("-" * len(header))
    for label, key, goal in rows:
        cells = "  ".join(f"{_pct(results[name]['metrics'].get(key, [0, 0])):>17}" for name in engines)
        print(f"{label:38} {goal:>7}  {cells}")
    for name in ("baseline", "engine"):
        confusion = results[name]["confusion"]
        print(f"\nseverity confusion — {name} (rows: expected, columns: answered)")
        print(f"{'':10}" + "".join(f"{lvl:>10}" for lvl in LEVELS))
        for exp in LEVELS:
            print(f"{exp:10}" + "".join(f"{confusion[(exp, got)]:>10}" for got in LEVELS))
    if args.show_errors:
        print("\ncases the engine gets wrong:")
        for line in results["engine"]["errors"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
